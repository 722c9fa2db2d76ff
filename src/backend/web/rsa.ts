/**
 * RSAES-OAEP-SHA-256 (RFC 8017 section 7.1, MGF1-SHA-256) through WebCrypto, for browsers, Deno,
 * Bun and workers. There is no pure-JS fallback: RSA exists here only to read and write Insomnia's
 * key sharing, and every runtime with a secure context has `crypto.subtle`.
 * @module
 */
import { decryptFailed, ZkvaultError } from '../../errors.js';
import type { RsaBackend, RsaPrivateJwk, RsaPublicJwk } from '../types.js';

type Buf = Uint8Array<ArrayBuffer>;

const ALG = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

interface Cached {
  /** The JWK members the key was imported from, checked on every hit so a mutated object is re-imported. */
  readonly n: string;
  readonly d: string | undefined;
  readonly key: Promise<CryptoKey>;
}

// importKey is the slow part (RSA private keys: the CRT members are checked); keyed by JWK identity.
const cache = new WeakMap<object, Cached>();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new ZkvaultError('UNSUPPORTED', 'zkvault: RSA-OAEP needs crypto.subtle (a secure context)');
  return s;
}

function importJwk(jwk: RsaPublicJwk | RsaPrivateJwk, isPrivate: boolean): Promise<CryptoKey> {
  const d = isPrivate ? (jwk as RsaPrivateJwk).d : undefined;
  const hit = cache.get(jwk);
  if (hit !== undefined && hit.n === jwk.n && hit.d === d) return hit.key;
  // A fresh JWK with only the key members: the caller's alg/key_ops/ext are checked by the compat
  // layer, and engines differ in how strictly they compare them with the requested usages.
  const clean: JsonWebKey = isPrivate
    ? (({ kty, n, e, d, p, q, dp, dq, qi }) => ({ kty, n, e, d, p, q, dp, dq, qi }))(jwk as RsaPrivateJwk)
    : { kty: jwk.kty, n: jwk.n, e: jwk.e };
  const key = subtle().importKey('jwk', clean, ALG, false, [isPrivate ? 'decrypt' : 'encrypt']);
  cache.set(jwk, { n: jwk.n, d, key });
  return key;
}

export const rsa: RsaBackend = {
  name: 'web',
  async oaepEncrypt(publicKey: RsaPublicJwk, plaintext: Uint8Array, label: Uint8Array): Promise<Uint8Array> {
    try {
      const key = await importJwk(publicKey, false);
      return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP', label: label as Buf }, key, plaintext as Buf));
    } catch (e) {
      cache.delete(publicKey);
      if (e instanceof ZkvaultError) throw e;
      throw new ZkvaultError('INVALID_INPUT', 'zkvault: RSA-OAEP encryption failed (bad key or plaintext too long)');
    }
  },
  async oaepDecrypt(privateKey: RsaPrivateJwk, ciphertext: Uint8Array, label: Uint8Array): Promise<Uint8Array> {
    let key: CryptoKey;
    try {
      key = await importJwk(privateKey, true);
    } catch (e) {
      cache.delete(privateKey);
      if (e instanceof ZkvaultError) throw e;
      throw new ZkvaultError('INVALID_INPUT', 'zkvault: the platform refused the RSA private key');
    }
    try {
      return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP', label: label as Buf }, key, ciphertext as Buf));
    } catch {
      // One error for every padding or length failure: distinguishable errors are Manger's oracle.
      throw decryptFailed();
    }
  },
};
