/**
 * Ed25519 (RFC 8032) for browsers and other runtimes: @noble/curves, synchronous. WebCrypto's
 * Ed25519 is async and missing from older browsers, so it is not used. Verification is strict
 * RFC 8032 (`zip215: false`), matching OpenSSL on the Node backend.
 * @module
 */
import { ed25519 as noble } from '@noble/curves/ed25519.js';
import type { Ed25519Backend } from '../types.js';

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
      return noble.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  forget(): void {
    // Nothing to drop: @noble/curves keeps no per-key state.
  },
};
