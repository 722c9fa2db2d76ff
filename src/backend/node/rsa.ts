/**
 * RSAES-OAEP-SHA-256 (RFC 8017 section 7.1, MGF1-SHA-256) on Node: node:crypto `publicEncrypt` /
 * `privateDecrypt` (OpenSSL), synchronous and without WebCrypto's per-call promise cost. JWKs
 * enter through `createPublicKey` / `createPrivateKey` with `format: 'jwk'`; nothing is exported.
 * @module
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { decryptFailed, invalidInput, ZkvaultError } from '../../errors.js';
import type { RsaBackend, RsaPrivateJwk, RsaPublicJwk } from '../types.js';

interface Cached {
  /** The JWK members the key was created from, checked on every hit so a mutated object is re-imported. */
  readonly n: string;
  readonly d: string | undefined;
  readonly key: KeyObject;
}

// Parsing a private JWK checks the CRT members; keyed by JWK identity so it happens once per key.
const cache = new WeakMap<object, Cached>();

function keyObject(jwk: RsaPublicJwk | RsaPrivateJwk, isPrivate: boolean): KeyObject {
  const d = isPrivate ? (jwk as RsaPrivateJwk).d : undefined;
  const hit = cache.get(jwk);
  if (hit !== undefined && hit.n === jwk.n && hit.d === d) return hit.key;
  let key: KeyObject;
  try {
    key = isPrivate
      ? createPrivateKey({ key: { ...(jwk as RsaPrivateJwk) }, format: 'jwk' })
      : createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch {
    throw invalidInput(`zkvault: the platform refused the RSA ${isPrivate ? 'private' : 'public'} key`);
  }
  cache.set(jwk, { n: jwk.n, d, key });
  return key;
}

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const rsa: RsaBackend = {
  name: 'node',
  oaepEncrypt(publicKey: RsaPublicJwk, plaintext: Uint8Array, label: Uint8Array): Promise<Uint8Array> {
    try {
      const key = keyObject(publicKey, false);
      const ct = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, plaintext);
      return Promise.resolve(toU8(ct));
    } catch (e) {
      return Promise.reject(e instanceof ZkvaultError ? e : invalidInput('zkvault: RSA-OAEP encryption failed (plaintext too long for the key)'));
    }
  },
  oaepDecrypt(privateKey: RsaPrivateJwk, ciphertext: Uint8Array, label: Uint8Array): Promise<Uint8Array> {
    let key: KeyObject;
    try {
      key = keyObject(privateKey, true);
    } catch (e) {
      return Promise.reject(e);
    }
    try {
      const pt = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, ciphertext);
      return Promise.resolve(toU8(pt));
    } catch {
      // One error for every padding or length failure: distinguishable errors are Manger's oracle.
      return Promise.reject(decryptFailed());
    }
  },
};
