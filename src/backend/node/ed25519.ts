/**
 * Ed25519 (RFC 8032) on Node: node:crypto `sign` / `verify` (OpenSSL). Raw keys enter through DER
 * with fixed prefixes (PKCS#8 for the seed, SPKI for the public key); nothing is exported through
 * JWK, which can deadlock under GC on this platform (see docs/decisions.md). Verification is the
 * strict rule of src/backend/ed25519-strict.ts: OpenSSL's (S < L, cofactorless, R compared byte
 * for byte) plus the public-key check OpenSSL lacks.
 * @module
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { copyBytes, equalBytes, wipe } from '../../bytes/index.js';
import { isStrictPublicKey } from '../ed25519-strict.js';
import type { Ed25519Backend } from '../types.js';

// RFC 8410: id-Ed25519 = 1.3.101.112.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

interface CachedSecret {
  /** Copy of the seed, checked on every hit so a caller mutating its array never gets a stale key. */
  readonly raw: Uint8Array;
  readonly key: KeyObject;
  pub?: Uint8Array;
}

// Keyed by array identity, like the X25519 cache: an account signing many entries imports its
// PRV_Sign once. Entries live as long as the caller's array.
const secretCache = new WeakMap<Uint8Array, CachedSecret>();

function secretEntry(seed: Uint8Array): CachedSecret {
  const hit = secretCache.get(seed);
  if (hit !== undefined && equalBytes(hit.raw, seed)) return hit;
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const entry: CachedSecret = { raw: copyBytes(seed), key };
  secretCache.set(seed, entry);
  return entry;
}

// Public keys are imported once: a group log verifies many entries by few authors, and importing
// the DER costs as much as the verification itself. Keyed by the key's bytes (public values); the
// cache is cleared when full, so memory stays bounded.
const PUBLIC_CACHE_SIZE = 1024;
const publicCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1');
  let key = publicCache.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (publicCache.size >= PUBLIC_CACHE_SIZE) publicCache.clear();
    publicCache.set(id, key);
  }
  return key;
}

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Ed25519 through node:crypto (see the module comment). */
export const ed25519: Ed25519Backend = {
  name: 'node',
  publicKey(secretKey: Uint8Array): Uint8Array {
    const entry = secretEntry(secretKey);
    entry.pub ??= u8(createPublicKey(entry.key).export({ format: 'der', type: 'spki' })).slice(SPKI_PREFIX.length);
    return entry.pub.slice();
  },
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
    return u8(sign(null, message, secretEntry(secretKey).key));
  },
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    // OpenSSL accepts small-order and non-canonical public keys; the shared rule refuses them.
    if (signature.length !== 64 || !isStrictPublicKey(publicKey)) return false;
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      return false;
    }
  },
  forget(secretKey: Uint8Array): void {
    const hit = secretCache.get(secretKey);
    if (hit === undefined) return;
    secretCache.delete(secretKey);
    // The KeyObject's OpenSSL copy cannot be wiped from JavaScript; dropping it leaves it to the GC.
    wipe(hit.raw);
    if (hit.pub !== undefined) wipe(hit.pub);
  },
};
