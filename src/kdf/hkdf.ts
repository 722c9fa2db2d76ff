/**
 * HKDF (RFC 5869) with HMAC-SHA-1, HMAC-SHA-256 or HMAC-SHA-512: extract then expand.
 * Native on Node (OpenSSL), @noble/hashes elsewhere (faster than WebCrypto's async call here).
 * @module
 */
import { kdf } from '#backend/kdf';
import { bindBackends } from '../backend/backend-deps.js';
import { assertBytes, ainteger, aobject, aoneOf } from '../bytes/index.js';
import { HASH_LENGTH, type HashName, type KdfBackend } from '../backend/types.js';
import { invalidInput } from '../errors.js';

/** Options of {@link hkdf}. */
export interface HkdfOptions {
  /** Output length in bytes, 1 to 255 × hash length (RFC 5869 section 2.3). */
  length: number;
  /** Extract salt; absent or empty means HashLen zero bytes (RFC 5869 section 2.2). */
  salt?: Uint8Array;
  /** Context and application specific information; default empty. */
  info?: Uint8Array;
  /** Hash; default `'SHA-256'`. */
  hash?: HashName;
}

const HASHES = ['SHA-1', 'SHA-256', 'SHA-512'] as const;
const deps: () => { kdf: KdfBackend } = bindBackends({ kdf });
const EMPTY = new Uint8Array(0);

/** @internal Synchronous, backend-parameterised HKDF, shared by the key schedule code. */
export function hkdfWith(backend: KdfBackend, ikm: Uint8Array, options: HkdfOptions): Uint8Array {
  assertBytes(ikm, 'ikm');
  aobject(options, 'options');
  const hash = aoneOf(options.hash === undefined ? 'SHA-256' : options.hash, 'hash', HASHES);
  const length = ainteger(options.length, 'length', 1, 255 * HASH_LENGTH[hash]);
  const salt = options.salt === undefined ? EMPTY : assertBytes(options.salt, 'salt');
  const info = options.info === undefined ? EMPTY : assertBytes(options.info, 'info');
  return backend.hkdf(hash, ikm, salt, info, length);
}

/**
 * Derives `length` bytes from input keying material with HKDF.
 *
 * Asynchronous although both backends compute it synchronously today: HKDF is on the async list of
 * docs/api-conventions.md, so a backend may move it to WebCrypto's `deriveBits` without breaking
 * callers; it pairs with {@link pbkdf2}, salt included (docs/decisions.md).
 * @param ikm - input keying material (a high-entropy secret; not a password).
 * @param options - length (required), salt, info and hash (default SHA-256).
 * @returns the output keying material.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad argument or a length over 255 × HashLen.
 * @example
 * ```ts
 * import { hkdf } from 'zkvault/kdf';
 * const masterKey = crypto.getRandomValues(new Uint8Array(32));
 * const subkey = await hkdf(masterKey, { info: new TextEncoder().encode('files'), length: 32 });
 * console.log(subkey.length); // 32
 * ```
 */
export async function hkdf(ikm: Uint8Array, options: HkdfOptions): Promise<Uint8Array> {
  return hkdfWith(deps().kdf, ikm, options);
}
