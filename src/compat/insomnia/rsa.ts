/**
 * The Insomnia app's RSA key sharing (its `encryptRSAWithJWK` / `decryptRSAWithJWK`): RSAES-OAEP
 * (RFC 8017 section 7.1) with SHA-256 and MGF1-SHA-256 under the account's 2048-bit key pair, held
 * as JWKs (`alg: 'RSA-OAEP-256'`, e = 65537). The plaintext is `encodeURIComponent(text)`, the blob
 * is lowercase hex of the ciphertext (512 characters for 2048 bits). A resource group's key is shared
 * as such a blob (`encSymmetricKey`) holding `JSON.stringify` of the group's AES JWK.
 *
 * Weakness kept for compatibility (see docs/insomnia.md): public keys come from the server without any
 * authentication, so a server can substitute its own key when a member is added.
 * @module
 */
import { rsa as defaultRsa } from '#backend/rsa';
import { aobject, bytesToUtf8, fromBase64url, fromHex, isBytes, toHex, utf8ToBytes } from '../../bytes/index.js';
import type { RsaBackend, RsaPrivateJwk, RsaPublicJwk } from '../../backend/types.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../../errors.js';
import { insomniaAesJwk, insomniaAesKey, type InsomniaAesJwk } from './aes.js';

/** Smallest RSA modulus accepted (bits). The app makes 2048-bit keys; smaller ones are refused. */
export const INSOMNIA_RSA_MIN_BITS = 2048;
/** Largest RSA modulus accepted (bits); bounds the work an untrusted key can cause. */
export const INSOMNIA_RSA_MAX_BITS = 4096;
/** OAEP-SHA-256 overhead: 2 × hash length + 2 bytes (RFC 8017 section 7.1.1). */
const OAEP_OVERHEAD = 2 * 32 + 2;
const EMPTY = new Uint8Array(0);

/**
 * An RSA JWK as parsed JSON (RFC 7517; RFC 7518 section 6.3), for example what WebCrypto's
 * `exportKey('jwk', …)` gives or `JSON.parse` of the app's `publicKey`. Every member is checked on
 * use (`kty` RSA, a 2048..4096-bit odd modulus, e = 65537, `alg` and `key_ops` if present), so the
 * type only says "a JWK object", not "a valid key".
 */
export interface InsomniaRsaJwk {
  /** Key type; must be `'RSA'`. */
  readonly kty?: string | undefined;
  /** Algorithm; `'RSA-OAEP-256'` if present. */
  readonly alg?: string | undefined;
  /** Allowed operations; must include the operation if present. */
  readonly key_ops?: readonly string[] | undefined;
  /** Extractable flag (WebCrypto's export sets it; ignored). */
  readonly ext?: boolean | undefined;
  /** Modulus, base64url. */
  readonly n?: string | undefined;
  /** Public exponent, base64url. */
  readonly e?: string | undefined;
  /** Private exponent, base64url (private keys). */
  readonly d?: string | undefined;
  /** First prime factor (private keys). */
  readonly p?: string | undefined;
  /** Second prime factor (private keys). */
  readonly q?: string | undefined;
  /** First CRT exponent (private keys). */
  readonly dp?: string | undefined;
  /** Second CRT exponent (private keys). */
  readonly dq?: string | undefined;
  /** CRT coefficient (private keys). */
  readonly qi?: string | undefined;
}

/** A validated RSA public key with its modulus length, ready for the backend. */
export interface InsomniaRsaPublicKey {
  /** The public JWK, reduced to `kty`, `n` and `e`. */
  readonly jwk: RsaPublicJwk;
  /** Modulus length in bytes (256 for the app's keys). */
  readonly modulusBytes: number;
}

/** A validated RSA private key with its modulus length, ready for the backend. */
export interface InsomniaRsaPrivateKey {
  /** The private JWK, reduced to `kty`, `n`, `e` and the CRT members. */
  readonly jwk: RsaPrivateJwk;
  /** Modulus length in bytes (256 for the app's keys). */
  readonly modulusBytes: number;
}

function parseJson(value: unknown, name: string): Record<string, unknown> {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw invalidInput(`"${name}" expected a JWK object or its JSON text`);
    }
  }
  return aobject(v, name);
}

function b64(jwk: Record<string, unknown>, member: string, name: string): Uint8Array {
  const v = jwk[member];
  if (typeof v !== 'string' || v.length === 0) throw invalidInput(`"${name}.${member}" expected base64url`);
  return fromBase64url(v, `${name}.${member}`);
}

function checkCommon(jwk: Record<string, unknown>, name: string, op: 'encrypt' | 'decrypt'): number {
  if (jwk['kty'] !== 'RSA') throw invalidInput(`"${name}" expected kty "RSA"`);
  // The app refuses keys whose alg or key_ops do not say RSA-OAEP-256 / encrypt; so do we, both ways.
  if (jwk['alg'] !== undefined && jwk['alg'] !== 'RSA-OAEP-256') throw invalidInput(`"${name}" expected alg "RSA-OAEP-256"`);
  const ops = jwk['key_ops'];
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes(op))) throw invalidInput(`"${name}" key_ops does not allow ${op}`);
  const n = b64(jwk, 'n', name);
  if (n[0] === 0) throw invalidInput(`"${name}.n" has a leading zero byte`);
  const bits = n.length * 8 - Math.clz32(n[0]!) + 24;
  if (bits < INSOMNIA_RSA_MIN_BITS || bits > INSOMNIA_RSA_MAX_BITS) {
    throw invalidInput(`"${name}" expected a ${INSOMNIA_RSA_MIN_BITS}..${INSOMNIA_RSA_MAX_BITS}-bit modulus, got ${bits}`);
  }
  if ((n[n.length - 1]! & 1) === 0) throw invalidInput(`"${name}.n" expected an odd modulus`);
  const e = b64(jwk, 'e', name);
  if (toHex(e) !== '010001') throw invalidInput(`"${name}.e" expected 65537`);
  return n.length;
}

/**
 * Validates an app public key (`account.publicKey` is its JSON text).
 * @param jwk - the JWK object or its JSON text.
 * @returns the key, validated.
 * @throws ZkvaultError `INVALID_INPUT` unless kty is RSA, alg (if present) RSA-OAEP-256, key_ops (if present)
 *   include "encrypt", the modulus is 2048..4096 bits and odd, and e = 65537.
 * @example
 * ```ts
 * import { importInsomniaPublicKey } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']); // a key pair as the app makes it
 * const member = { publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)) }; // as the server returns it
 * const pub = importInsomniaPublicKey(member.publicKey);
 * console.log(pub.modulusBytes); // 256
 * ```
 */
export function importInsomniaPublicKey(jwk: unknown): InsomniaRsaPublicKey {
  const o = parseJson(jwk, 'publicKey');
  const modulusBytes = checkCommon(o, 'publicKey', 'encrypt');
  return { jwk: { kty: 'RSA', n: o['n'] as string, e: o['e'] as string }, modulusBytes };
}

/**
 * Validates an app private key (the decrypted `encPrivateKey` is its JSON text).
 * @param jwk - the JWK object or its JSON text.
 * @returns the key, validated (the platform checks the CRT members when it first uses it).
 * @throws ZkvaultError `INVALID_INPUT` as {@link importInsomniaPublicKey} (with "decrypt" for key_ops), or if a
 *   CRT member (d, p, q, dp, dq, qi) is missing or not base64url.
 * @example
 * ```ts
 * import { decryptInsomnia, encryptInsomnia, importInsomniaPrivateKey } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']); // a key pair as the app makes it
 * const symAccount = crypto.getRandomValues(new Uint8Array(32));
 * const account = { encPrivateKey: JSON.stringify(await encryptInsomnia(JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.privateKey)), symAccount)) };
 * const prv = importInsomniaPrivateKey(await decryptInsomnia(account.encPrivateKey, symAccount));
 * ```
 */
export function importInsomniaPrivateKey(jwk: unknown): InsomniaRsaPrivateKey {
  const o = parseJson(jwk, 'privateKey');
  const modulusBytes = checkCommon(o, 'privateKey', 'decrypt');
  for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) b64(o, m, 'privateKey');
  const s = (m: string): string => o[m] as string;
  const key: RsaPrivateJwk = { kty: 'RSA', n: s('n'), e: s('e'), d: s('d'), p: s('p'), q: s('q'), dp: s('dp'), dq: s('dq'), qi: s('qi') };
  return { jwk: key, modulusBytes };
}

function asPublic(key: InsomniaRsaPublicKey | unknown): InsomniaRsaPublicKey {
  if (isImported(key)) return key as InsomniaRsaPublicKey;
  return importInsomniaPublicKey(key);
}

function asPrivate(key: InsomniaRsaPrivateKey | unknown): InsomniaRsaPrivateKey {
  if (isImported(key) && typeof (key as InsomniaRsaPrivateKey).jwk.d === 'string') return key as InsomniaRsaPrivateKey;
  return importInsomniaPrivateKey(key);
}

function isImported(key: unknown): boolean {
  return typeof key === 'object' && key !== null && 'jwk' in key && 'modulusBytes' in key;
}

/** @internal Backend-parameterised {@link encryptInsomniaRsa}. */
export async function encryptInsomniaRsaWith(rsa: RsaBackend, publicKey: unknown, plaintext: string): Promise<string> {
  const pub = asPublic(publicKey);
  if (typeof plaintext !== 'string') throw invalidInput('"plaintext" expected string');
  let pt: Uint8Array;
  try {
    pt = utf8ToBytes(encodeURIComponent(plaintext));
  } catch {
    throw invalidInput('"plaintext" expected a well-formed string (no lone surrogates)');
  }
  const max = pub.modulusBytes - OAEP_OVERHEAD;
  if (pt.length > max) throw invalidInput(`"plaintext" too long: ${pt.length} bytes after URI encoding, at most ${max}`);
  return toHex(await rsa.oaepEncrypt(pub.jwk, pt, EMPTY));
}

/** @internal Backend-parameterised {@link decryptInsomniaRsa}. */
export async function decryptInsomniaRsaWith(rsa: RsaBackend, privateKey: unknown, blobHex: string): Promise<string> {
  const prv = asPrivate(privateKey);
  if (typeof blobHex !== 'string') throw invalidInput('"blobHex" expected string');
  // Wrong length or bad hex: refuse before RSA, with the same error as a padding failure.
  if (blobHex.length !== 2 * prv.modulusBytes) throw decryptFailed();
  let ct: Uint8Array;
  try {
    ct = fromHex(blobHex);
  } catch {
    throw decryptFailed();
  }
  const pt = await rsa.oaepDecrypt(prv.jwk, ct, EMPTY);
  try {
    return decodeURIComponent(bytesToUtf8(pt));
  } catch {
    throw decryptFailed();
  }
}

/**
 * Encrypts text to a member's public key as the app's `encryptRSAWithJWK` does.
 * @param plaintext - the text (URI-encoded before encryption; at most 190 bytes after that for 2048 bits).
 * @param publicKey - the member's public JWK (object or JSON text) or an imported key.
 * @returns the blob, lowercase hex (512 characters for a 2048-bit key).
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) for a bad key or a plaintext too long for it.
 * @example
 * ```ts
 * import { encryptInsomniaRsa } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']); // the member's key pair
 * const member = { publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)) };
 * const blob = await encryptInsomniaRsa('hello', member.publicKey);
 * console.log(blob.length); // 512
 * ```
 */
export function encryptInsomniaRsa(plaintext: string, publicKey: InsomniaRsaPublicKey | InsomniaRsaJwk | string): Promise<string> {
  return encryptInsomniaRsaWith(defaultRsa, publicKey, plaintext);
}

/**
 * Decrypts an app RSA blob as its `decryptRSAWithJWK` does.
 * @param blobHex - the blob (hex, exactly twice the modulus length in characters).
 * @param privateKey - the private JWK (object or JSON text) or an imported key.
 * @returns the text.
 * @throws ZkvaultError `DECRYPT_FAILED` for any bad blob (length, hex, OAEP padding, encoding; one error);
 *   `INVALID_INPUT` for a bad key.
 * @example
 * ```ts
 * import { decryptInsomniaRsa, encryptInsomniaRsa } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
 * const privateKey = await crypto.subtle.exportKey('jwk', rsa.privateKey);
 * const blob = await encryptInsomniaRsa('hello', await crypto.subtle.exportKey('jwk', rsa.publicKey));
 * const text = await decryptInsomniaRsa(blob, privateKey);
 * console.log(text); // 'hello'
 * ```
 */
export function decryptInsomniaRsa(blobHex: string, privateKey: InsomniaRsaPrivateKey | InsomniaRsaJwk | string): Promise<string> {
  return decryptInsomniaRsaWith(defaultRsa, privateKey, blobHex);
}

/** @internal Backend-parameterised {@link wrapInsomniaGroupKey}. */
export function wrapInsomniaGroupKeyWith(rsa: RsaBackend, publicKey: unknown, groupKey: Uint8Array | InsomniaAesJwk): Promise<string> {
  try {
    const jwk = isBytes(groupKey) ? insomniaAesJwk(groupKey) : insomniaAesJwk(insomniaAesKey(groupKey));
    return encryptInsomniaRsaWith(rsa, publicKey, JSON.stringify(jwk));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** @internal Backend-parameterised {@link unwrapInsomniaGroupKey}. */
export async function unwrapInsomniaGroupKeyWith(rsa: RsaBackend, privateKey: unknown, encSymmetricKey: string): Promise<Uint8Array> {
  const text = await decryptInsomniaRsaWith(rsa, privateKey, encSymmetricKey);
  try {
    return insomniaAesKey(JSON.parse(text) as InsomniaAesJwk);
  } catch (e) {
    // Authentic RSA plaintext that is not an AES-256 JWK: the record is bad, not the ciphertext.
    if (e instanceof SyntaxError || e instanceof ZkvaultError) {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia link does not hold an AES-256 JWK');
    }
    throw e;
  }
}

/**
 * Creates a resource-group link (`encSymmetricKey`) for a member, as the app does when it shares a group:
 * the group key as the app's AES JWK, JSON, URI-encoded, RSA-OAEP-256 to the member's public key.
 * @param groupKey - the group's 32-byte key or its AES JWK.
 * @param publicKey - the member's public JWK (object or JSON text) or an imported key. Check it out of band:
 *   the app's server could have substituted it.
 * @returns the blob (hex).
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) for a bad key.
 * @example
 * ```ts
 * import { wrapInsomniaGroupKey } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']); // the member's key pair
 * const member = { publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)) };
 * const groupKey = crypto.getRandomValues(new Uint8Array(32));
 * const encSymmetricKey = await wrapInsomniaGroupKey(groupKey, member.publicKey);
 * ```
 */
export function wrapInsomniaGroupKey(
  groupKey: Uint8Array | InsomniaAesJwk,
  publicKey: InsomniaRsaPublicKey | InsomniaRsaJwk | string,
): Promise<string> {
  return wrapInsomniaGroupKeyWith(defaultRsa, publicKey, groupKey);
}

/**
 * Opens a resource-group link (`encSymmetricKey`) with the account's private key.
 * @param encSymmetricKey - the link blob (hex).
 * @param privateKey - the private JWK (object or JSON text) or an imported key.
 * @returns the group's 32-byte AES key.
 * @throws ZkvaultError `DECRYPT_FAILED` for a blob that does not open; `INVALID_RECORD` if it opens but holds no
 *   AES-256 JWK; `INVALID_INPUT` for a bad key.
 * @example
 * ```ts
 * import { importInsomniaPrivateKey, unwrapInsomniaGroupKey, wrapInsomniaGroupKey } from 'zkvault/compat/insomnia';
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']); // the account's key pair
 * const unlocked = { privateKey: importInsomniaPrivateKey(await crypto.subtle.exportKey('jwk', rsa.privateKey)) };
 * const shared = crypto.getRandomValues(new Uint8Array(32));
 * const group = { encSymmetricKey: await wrapInsomniaGroupKey(shared, await crypto.subtle.exportKey('jwk', rsa.publicKey)) };
 * const groupKey = await unwrapInsomniaGroupKey(group.encSymmetricKey, unlocked.privateKey); // equals shared
 * ```
 */
export function unwrapInsomniaGroupKey(encSymmetricKey: string, privateKey: InsomniaRsaPrivateKey | InsomniaRsaJwk | string): Promise<Uint8Array> {
  return unwrapInsomniaGroupKeyWith(defaultRsa, privateKey, encSymmetricKey);
}
