/**
 * X25519 (RFC 7748) on Node: node:crypto `diffieHellman` (OpenSSL), about 40x faster than
 * @noble/curves. Raw keys enter as JWK (`{ kty: 'OKP', crv: 'X25519' }`): OpenSSL 3's DER decoders
 * cost 10-20x more per import on this machine (PKCS#8 about 0.8 ms against 40 µs). Nothing is
 * exported through JWK (that can deadlock under GC, docs/architecture.md section 7); the public key of a
 * private key is computed as X25519(k, 9) with the same `diffieHellman` call, so nothing is exported.
 *
 * Trade-off: the JWK import passes the private key through a base64url string, which JavaScript
 * cannot wipe (like any GC copy; see `wipe` in src/bytes). The cache below makes that once per key
 * array; ephemeral keys are single-use.
 * @module
 */
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { copyBytes, equalBytes, wipe } from '../../bytes/index.js';
import { invalidInput } from '../../errors.js';
import { X25519_FAILED_MESSAGE, type X25519Backend } from '../types.js';

interface CachedKey {
  /** Copy of the raw key, checked on every hit so a caller mutating its array never gets a stale key. */
  readonly raw: Uint8Array;
  readonly key: KeyObject;
}

interface CachedPrivate extends CachedKey {
  pub?: Uint8Array;
}

// Keyed by array identity; an entry lives exactly as long as the caller's array (and holds no more
// than the KeyObject already does). Hot path: opening many links with one PRV_Account saves the
// JWK import and the X25519(k, 9) of every call.
const privateCache = new WeakMap<Uint8Array, CachedPrivate>();

let basePoint: KeyObject | undefined;

// Public keys by array identity, as the private ones: a sender seals to the same recipient array
// again and again (and auth mode uses it twice per seal), so its JWK import is made once. Public
// values only; an entry lives as long as the caller's array.
const publicCache = new WeakMap<Uint8Array, CachedKey>();

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

function failed(): Error {
  return invalidInput(X25519_FAILED_MESSAGE);
}

function importPublic(pub: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(pub) }, format: 'jwk' });
}

function importPrivate(sk: Uint8Array): KeyObject {
  // Node reads `d` for a private OKP key and only type-checks `x`, so it need not be computed first.
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64url(sk), x: '' }, format: 'jwk' });
}

function publicKeyObject(pub: Uint8Array): KeyObject {
  const hit = publicCache.get(pub);
  if (hit !== undefined && equalBytes(hit.raw, pub)) return hit.key;
  let key: KeyObject;
  try {
    key = importPublic(pub);
  } catch {
    throw failed();
  }
  publicCache.set(pub, { raw: copyBytes(pub), key });
  return key;
}

function privateEntry(sk: Uint8Array): CachedPrivate {
  const hit = privateCache.get(sk);
  if (hit !== undefined && equalBytes(hit.raw, sk)) return hit;
  if (hit !== undefined) forget(sk); // the caller changed its array: wipe the stale copy
  const key = importPrivate(sk);
  const entry: CachedPrivate = { raw: copyBytes(sk), key };
  privateCache.set(sk, entry);
  return entry;
}

// RFC 7748 section 6.1: the all-zero output must be refused. OpenSSL already refuses it; this
// check keeps the guarantee independent of the platform.
function isZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

function dh(privateKey: KeyObject, publicKey: KeyObject): Uint8Array {
  let out: Buffer;
  try {
    out = diffieHellman({ privateKey, publicKey });
  } catch {
    throw failed();
  }
  const u8 = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (u8.length !== 32 || isZero(u8)) throw failed();
  return u8;
}

/**
 * Evicts an array's entry and wipes the raw copy (and the cached public key). The KeyObject's
 * OpenSSL copy cannot be wiped from JavaScript; dropping the last reference lets it be freed.
 */
function forget(sk: Uint8Array): void {
  const hit = privateCache.get(sk);
  if (hit === undefined) return;
  privateCache.delete(sk);
  wipe(hit.raw);
  if (hit.pub !== undefined) wipe(hit.pub);
}

/**
 * @internal TEST-ONLY: the cache entry of a private-key array (the live objects, not copies), so
 * a test can show that `forget` evicts and wipes it.
 * @param sk - the private-key array.
 * @returns the cached raw copy, or undefined.
 * @throws never.
 * @example
 * ```ts
 * const raw = x25519CacheEntryForTesting(prv.bytes());
 * ```
 */
export function x25519CacheEntryForTesting(sk: Uint8Array): Uint8Array | undefined {
  return privateCache.get(sk)?.raw;
}

/** X25519 through node:crypto (see the module comment). */
export const x25519: X25519Backend = {
  name: 'node',
  publicKey(privateKey: Uint8Array): Uint8Array {
    const entry = privateEntry(privateKey);
    if (entry.pub === undefined) {
      const nine = new Uint8Array(32);
      nine[0] = 9;
      basePoint ??= importPublic(nine);
      entry.pub = dh(entry.key, basePoint);
    }
    return entry.pub.slice();
  },
  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
    return dh(privateEntry(privateKey).key, publicKeyObject(publicKey));
  },
  forget,
};
