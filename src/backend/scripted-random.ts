/**
 * @internal A random backend that returns given byte strings in order: how a known-answer test,
 * the vector generators and `zkvault vectors` fix an SRP ephemeral (a, b; RFC 5054 section 2.6) or
 * another draw. They inject it through the backend seam (src/backend/backend-deps.ts), so no public
 * signature carries a test-only "secret" option (docs/api-conventions.md, "Calls"). No entry point
 * re-exports this file.
 * @module
 */
import { invalidInput } from '../errors.js';
import type { RandomBackend } from './types.js';

/**
 * @internal A random backend that returns `values` in order, then draws from `then` (or refuses).
 * Each value must have the length asked for, so a vector never feeds a draw of another size.
 * @param values - the byte strings to return, in the order the code draws them.
 * @param then - the backend for later draws; without it, a draw past the end throws.
 * @returns the backend.
 * @throws ZkvaultError `INVALID_INPUT` (when drawing) for a length mismatch or a draw past the end without `then`.
 * @example
 * ```ts
 * const client = await withBackends({ random: scriptedRandom([a]) }, () => SrpClient.start(params, I, P, salt));
 * ```
 */
export function scriptedRandom(values: readonly Uint8Array[], then?: RandomBackend): RandomBackend {
  const queue = values.map((v) => new Uint8Array(v));
  return {
    name: then?.name ?? 'node',
    randomBytes(length: number): Uint8Array {
      const next = queue.shift();
      if (next === undefined) {
        if (then === undefined) throw invalidInput('scripted random: no value left');
        return then.randomBytes(length);
      }
      if (next.length !== length) throw invalidInput(`scripted random: the next value has ${next.length} bytes, ${length} asked for`);
      return next;
    },
  };
}
