/**
 * Byte utilities: concatenation, constant-time comparison and wiping.
 * @module
 */
import { assertBytes } from './assert.js';

/**
 * Concatenates byte arrays into a new one.
 * @internal Not exported from a public entry point.
 * @param parts - the arrays, in order.
 * @returns a fresh Uint8Array holding all of them.
 * @throws ZkvaultError `INVALID_INPUT` if a part is not a Uint8Array.
 * @example
 * ```ts
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])); // [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (let i = 0; i < parts.length; i++) len += assertBytes(parts[i], `parts[${i}]`).length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * A private copy of `bytes` as a plain Uint8Array. Not `.slice()`: on a Node Buffer that returns a
 * view, so wiping the "copy" would zero the caller's buffer, and a cached "copy" would change with it.
 * @internal
 * @param bytes - the bytes.
 * @returns a new Uint8Array with the same contents.
 * @throws ZkvaultError `INVALID_INPUT` if `bytes` is not a Uint8Array.
 * @example
 * ```ts
 * const mine = copyBytes(callerKey);
 * ```
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(assertBytes(bytes, 'bytes'));
}

/**
 * Compares two byte arrays in time that depends only on their lengths, never on their contents.
 * Lengths are not secret (they are public in every use here).
 * @internal Not exported from a public entry point.
 * @param a - first array.
 * @param b - second array.
 * @returns true if both have the same length and bytes.
 * @throws ZkvaultError `INVALID_INPUT` if either is not a Uint8Array.
 * @example
 * ```ts
 * if (!equalBytes(expectedTag, tag)) throw decryptFailed();
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Overwrites bytes with zeros. Best effort: JavaScript engines may have copied the data
 * elsewhere (garbage collector moves, string conversions), so this narrows, not closes, the window.
 * @internal Not exported from a public entry point.
 * @param arrays - arrays to zero.
 * @returns nothing.
 * @throws ZkvaultError `INVALID_INPUT` if an argument is not a Uint8Array.
 * @example
 * ```ts
 * wipe(secret);
 * ```
 */
export function wipe(...arrays: Uint8Array[]): void {
  for (let i = 0; i < arrays.length; i++) assertBytes(arrays[i], `arrays[${i}]`).fill(0);
}
