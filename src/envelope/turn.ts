/**
 * Handing the event loop a turn in the middle of long work, on any runtime: `setImmediate` where it
 * exists (Node, Bun, Deno), else a zero timeout.
 * @module
 */

/** @internal @returns a promise that settles on a later turn of the event loop. */
export function yieldToEventLoop(): Promise<void> {
  const si = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (si === undefined ? setTimeout(resolve, 0) : si(resolve)));
}
