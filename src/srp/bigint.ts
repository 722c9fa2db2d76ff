/**
 * Conversions between byte strings and integers, as RFC 5054 section 2.1 defines them: big-endian,
 * most significant byte first; the implicit conversion has no leading zero byte, and PAD() left-pads
 * with zeros to the byte length of N.
 * @module
 */
import { invalidInput } from '../errors.js';

/**
 * @internal
 * @param bytes - big-endian bytes (leading zeros allowed).
 * @returns the unsigned integer they encode (0 for no bytes).
 * @throws never.
 * @example
 * ```ts
 * bytesToBigInt(new Uint8Array([1, 2])); // 258n
 * ```
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/**
 * The implicit conversion of RFC 5054 section 2.1: no leading zero bytes (0 gives no bytes).
 * @internal
 * @param n - a non-negative integer.
 * @returns its minimal big-endian bytes.
 * @throws ZkvaultError `INVALID_INPUT` for a negative integer.
 * @example
 * ```ts
 * bigIntToBytes(258n); // Uint8Array [1, 2]
 * ```
 */
export function bigIntToBytes(n: bigint): Uint8Array {
  if (n < 0n) throw invalidInput('"n" expected a non-negative integer');
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * PAD() of RFC 5054 section 2.1: big-endian, left-padded with zeros to `length` bytes.
 * @internal
 * @param n - a non-negative integer that fits in `length` bytes.
 * @param length - the output length (the byte length of N).
 * @returns the padded bytes.
 * @throws ZkvaultError `INVALID_INPUT` if `n` needs more than `length` bytes.
 * @example
 * ```ts
 * padBigInt(258n, 4); // Uint8Array [0, 0, 1, 2]
 * ```
 */
export function padBigInt(n: bigint, length: number): Uint8Array {
  const min = bigIntToBytes(n);
  if (min.length > length) throw invalidInput(`"n" does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  out.set(min, length - min.length);
  return out;
}
