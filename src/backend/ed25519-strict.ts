/**
 * The one Ed25519 verification rule of both backends (RFC 8032 section 5.1.7, made strict):
 *
 * 1. `A` is a canonical encoding (y < p; x = 0 never carries the sign bit, section 5.1.3) of a
 *    point that is not of small order;
 * 2. `S < L`;
 * 3. cofactorless: the encoding of [S]B - [k]A, k = SHA-512(R ‖ A ‖ M) mod L, equals the 32 bytes
 *    of `R` (so `R` must be canonical too).
 *
 * OpenSSL checks 2 and 3 but accepts small-order and non-canonical `A` (with them a signature of
 * R = identity, S = 0 verifies for every message); @noble/curves refuses those but checks the
 * cofactored equation, which accepts signatures that the cofactorless one refuses when a malicious
 * key holder adds a torsion component to `A`. Either gap would let one member's crafted signature
 * verify on one platform and not on the other: a split view of a group log. Both backends therefore
 * apply rule 1 here and check rule 3 cofactorless (docs/decisions.md, "One Ed25519 verification rule for both backends").
 * @module
 */

/** Little-endian encodings (sign bit cleared) of the y-coordinates no accepted public key may have. */
const SMALL_ORDER_Y: readonly Uint8Array[] = [
  // y = 0: the two points of order 4.
  new Uint8Array(32),
  // y = 1: the identity.
  Uint8Array.of(1, ...new Uint8Array(31)),
  // y = p - 1: the point of order 2.
  Uint8Array.of(0xec, ...new Uint8Array(30).fill(0xff), 0x7f),
  // y and p - y of the four points of order 8.
  Uint8Array.of(
    0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
    0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
  ),
  Uint8Array.of(
    0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
    0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
  ),
];

/** p = 2^255 - 19, little-endian. */
const P_LE: Uint8Array = Uint8Array.of(0xed, ...new Uint8Array(30).fill(0xff), 0x7f);

function yBytes(a: Uint8Array): Uint8Array {
  const y = a.slice();
  y[31] = y[31]! & 0x7f;
  return y;
}

function lessThanP(y: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (y[i]! !== P_LE[i]!) return y[i]! < P_LE[i]!;
  }
  return false;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= a[i]! ^ b[i]!;
  return acc === 0;
}

/**
 * @internal Rule 1 (see the module comment), on the bytes alone: a 32-byte `A` whose y is below p
 * and is none of the y-coordinates of the eight small-order points. (Every point with x = 0 is of
 * small order, so this also refuses the sign bit on x = 0.) A y with no point on the curve passes
 * here and fails to decode later, on both backends.
 * @param publicKey - the encoded public key.
 * @returns whether it may be used to verify.
 * @throws never.
 * @example
 * ```ts
 * if (!isStrictPublicKey(publicKey)) return false;
 * ```
 */
export function isStrictPublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  const y = yBytes(publicKey);
  if (!lessThanP(y)) return false;
  for (const bad of SMALL_ORDER_Y) if (sameBytes(y, bad)) return false;
  return true;
}
