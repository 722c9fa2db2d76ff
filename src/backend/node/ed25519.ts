/**
 * Ed25519 (RFC 8032) on Node: node:crypto `sign` / `verify` (OpenSSL). The seed enters through
 * PKCS#8 DER with a fixed prefix, public keys through JWK import (cheaper than SPKI DER); the public
 * key of a seed is read back as SPKI DER: nothing is exported through JWK, which can deadlock under
 * GC on this platform (see docs/decisions.md). Verification is the
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

// Public keys are public, so a bounded cache keyed by their text is safe: a group log has many
// entries by few authors, and each author's key is imported once. JWK import of a public key costs
// a quarter of the SPKI DER import here (about 40 against 480 µs on this machine).
const PUBLIC_CACHE_MAX = 1024;
const publicCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
  const hit = publicCache.get(x);
  if (hit !== undefined) return hit;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  if (publicCache.size >= PUBLIC_CACHE_MAX) publicCache.delete(publicCache.keys().next().value as string);
  publicCache.set(x, key);
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
