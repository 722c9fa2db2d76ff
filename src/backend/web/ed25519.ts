/**
 * Ed25519 (RFC 8032) for browsers and other runtimes: @noble/curves, synchronous. WebCrypto's
 * Ed25519 is async and missing from older browsers, so it is not used. Verification is the strict
 * rule of src/backend/ed25519-strict.ts, the same as OpenSSL on the Node backend: noble's strict
 * point decoding, no small-order public key, S < L and the cofactorless equation (noble's own
 * `verify` checks the cofactored one, so it is not used for verifying).
 * @module
 */
import { ed25519 as noble } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { isStrictPublicKey } from '../ed25519-strict.js';
import type { Ed25519Backend } from '../types.js';

const Point = noble.Point;
const L = Point.Fn.ORDER;

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

function equal32(a: Uint8Array, b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= a[i]! ^ b[i]!;
  return acc === 0;
}

/** RFC 8032 section 5.1.7 with the zkvault rule: encode([S]B - [k]A) must equal R byte for byte. */
function verifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isStrictPublicKey(publicKey)) return false;
  const r = signature.subarray(0, 32);
  const s = littleEndian(signature.subarray(32, 64));
  if (s >= L) return false;
  const A = Point.fromBytes(publicKey, false);
  const k = littleEndian(sha512.create().update(r).update(publicKey).update(message).digest()) % L;
  const sB = s === 0n ? Point.ZERO : Point.BASE.multiply(s);
  const kA = k === 0n ? Point.ZERO : A.multiplyUnsafe(k);
  return equal32(sB.subtract(kA).toBytes(), r);
}

/** Ed25519 through @noble/curves (see the module comment). */
export const ed25519: Ed25519Backend = {
  name: 'web',
  publicKey(secretKey: Uint8Array): Uint8Array {
    return noble.getPublicKey(secretKey);
  },
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
    return noble.sign(message, secretKey);
  },
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return verifyStrict(publicKey, message, signature);
    } catch {
      return false;
    }
  },
  forget(): void {
    // Nothing to drop: @noble/curves keeps no per-key state.
  },
};
