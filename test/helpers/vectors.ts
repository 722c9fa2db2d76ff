// Loads vector files from vectors/ (copied unchanged from ../shared/vectors, see vectors/PROVENANCE.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../vectors/', import.meta.url));

/** Parses vectors/<path> as JSON. */
export function loadVectors<T = any>(path: string): T {
  return JSON.parse(readFileSync(root + path, 'utf8')) as T;
}

/** Hex to bytes (test-side, independent of src/bytes). */
export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** Bytes to lowercase hex (test-side). */
export function toHexT(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Prints a per-file vector count line into the test output, so the run shows what was checked. */
export function reportCounts(suite: string, counts: Record<string, number>): void {
  const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  console.info(`[vectors] ${suite}: ${parts.join(' ')}`);
}
