/**
 * X25519 (RFC 7748) for browsers and other runtimes: @noble/curves (pure JS, constant-time ladder,
 * about 1.2-1.4 ms per shared secret on the project machine). The backend interface is synchronous
 * and WebCrypto's X25519 is async and missing from older browsers, so it is not used here; a native
 * WebCrypto path (faster where present) would need an async X25519 family.
 * @module
 */
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { copyBytes, equalBytes, wipe } from '../../bytes/index.js';
import { invalidInput } from '../../errors.js';
import { X25519_FAILED_MESSAGE, type X25519Backend } from '../types.js';

// RFC 7748 section 6.1: the all-zero output must be refused. noble refuses low-order inputs before
// the ladder; this check keeps the guarantee independent of the library version.
function isZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

interface CachedPublic {
  /** Copy of the private key, checked on every hit so a mutated array never gets a stale answer. */
  readonly raw: Uint8Array;
  readonly pub: Uint8Array;
}

// Every HPKE open needs the recipient's own public key (kem_context); a key array used for many
// opens (an account's PRV_Account) pays for the base-point multiplication once. Entries live as
// long as the caller's array.
const publicCache = new WeakMap<Uint8Array, CachedPublic>();

/** X25519 through @noble/curves (see the module comment). */
export const x25519: X25519Backend = {
  name: 'web',
  publicKey(privateKey: Uint8Array): Uint8Array {
    const hit = publicCache.get(privateKey);
    if (hit !== undefined && equalBytes(hit.raw, privateKey)) return hit.pub.slice();
    const pub = nobleX25519.getPublicKey(privateKey);
    publicCache.set(privateKey, { raw: copyBytes(privateKey), pub });
    return pub.slice();
  },
  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
    let out: Uint8Array;
    try {
      out = nobleX25519.getSharedSecret(privateKey, publicKey);
    } catch {
      throw invalidInput(X25519_FAILED_MESSAGE);
    }
    if (isZero(out)) throw invalidInput(X25519_FAILED_MESSAGE);
    return out;
  },
  forget(privateKey: Uint8Array): void {
    const hit = publicCache.get(privateKey);
    if (hit === undefined) return;
    publicCache.delete(privateKey);
    wipe(hit.raw);
  },
};
