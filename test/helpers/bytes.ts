// Byte-array helpers for tests whose inputs reach tens of KiB, where vitest's `toEqual` walks a
// Uint8Array element by element (64 KiB: over 1 s of CPU) and fast-check builds every byte of
// `fc.uint8Array` through its own arbitrary (64 KiB: ~0.1 s). docs/testing.md, "Round 4 (c13)".
import fc from 'fast-check';
import { expect } from 'vitest';

/** Asserts equal bytes with one native compare; only a mismatch pays for `toEqual`'s diff. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))) return;
  expect(actual).toEqual(expected);
}

/** Sizes up to this are drawn byte by byte by fast-check (its edge-biased values); above, seeded. */
export const FC_BYTES_MAX = 1024;

/** `n` bytes from a 32-bit seed (xorshift32): reproducible from fast-check's seed, cheap at any size. */
export function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Byte arrays of the sizes `size` draws: fast-check's own up to {@link FC_BYTES_MAX} bytes, seeded above. */
export function bytesOfSize(size: fc.Arbitrary<number>): fc.Arbitrary<Uint8Array> {
  return size.chain((n) => (n <= FC_BYTES_MAX ? fc.uint8Array({ minLength: n, maxLength: n }) : fc.integer().map((seed) => seededBytes(n, seed))));
}
