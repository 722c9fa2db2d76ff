/**
 * The Insomnia app's AES-256-GCM messages `{ iv, t, d, ad }` (its `encryptAES` / `decryptAES` and the
 * buffer variants `encryptAESBuffer` / `decryptAESToBuffer`; NIST SP 800-38D): all four members are
 * lowercase hex; `iv` is a random 96-bit IV, `t` the 128-bit tag, `d` the ciphertext and `ad` the
 * additional authenticated data. The string variant encrypts `encodeURIComponent(plaintext)` and
 * applies `decodeURIComponent` after decryption; the buffer variant encrypts the bytes as they are.
 *
 * Security fix over the app: its decryptor takes the tag length from `t`, so it accepts an empty tag
 * (no authentication at all: any ciphertext decrypts) and tags of 9 to 15 bytes. Here the IV must be
 * exactly 12 bytes and the tag exactly 16, and every failure is the one `DECRYPT_FAILED` error.
 * @module
 */
import { aead as defaultAead } from '#backend/aead';
import { random as defaultRandom } from '#backend/random';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../aead/aes-gcm.js';
import type { AeadBackend, RandomBackend } from '../../backend/types.js';
import { assertBytes, aobject, bytesToUtf8, copyBytes, fromBase64url, fromHex, isBytes, isPlainObject, toBase64url, toHex, utf8ToBytes } from '../../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../../errors.js';

/** IV length of an Insomnia message (bytes). */
export const INSOMNIA_IV_LENGTH = 12;
/** Tag length of an Insomnia message (bytes); shorter tags are refused. */
export const INSOMNIA_TAG_LENGTH = 16;

/** An Insomnia AES-GCM message; every member is hex (lowercase when written by the app or by us). */
export interface InsomniaAesMessage {
  /** 12-byte IV. */
  iv: string;
  /** 16-byte GCM tag. */
  t: string;
  /** Ciphertext. */
  d: string;
  /** Additional authenticated data (the app's `additionalData` string, hex-encoded; empty if none). */
  ad: string;
}

/** An AES-256 key as the app stores it: a WebCrypto-exported JWK (RFC 7518 section 6.4). */
export interface InsomniaAesJwk {
  /** Key type: `'oct'` (a symmetric key). */
  kty: 'oct';
  /** The 32 key bytes, base64url. */
  k: string;
  /** Algorithm, `'A256GCM'` when present (other values are refused). */
  alg?: string;
  /** Allowed operations; the app writes `['encrypt', 'decrypt']`. */
  key_ops?: string[];
  /** WebCrypto's extractable flag; the app writes `true`. */
  ext?: boolean;
}

/** Every key form the app uses: 32 bytes, 64 hex characters (a derived key) or an AES JWK. */
export type InsomniaAesKey = Uint8Array | string | InsomniaAesJwk;

/** Backends used by the AES functions. */
export interface InsomniaAesDeps {
  readonly aead: AeadBackend;
  readonly random: RandomBackend;
}

const DEFAULT_DEPS: InsomniaAesDeps = { aead: defaultAead, random: defaultRandom };
const EMPTY = new Uint8Array(0);

/**
 * Reads an app key in any of its forms.
 * @param key - 32 bytes, 64 hex characters, or an `{ kty: 'oct', k }` JWK (its `alg`, if present, must be `A256GCM`).
 * @returns the 32 key bytes (a copy for the byte form).
 * @throws ZkvaultError `INVALID_INPUT` if it is none of these or not 256 bits.
 * @example
 * ```ts
 * import { insomniaAesJwk, insomniaAesKey } from 'zkvault/compat/insomnia';
 * const decryptedJwkText = JSON.stringify(insomniaAesJwk(crypto.getRandomValues(new Uint8Array(32)))); // a key as the app stores it
 * const k = insomniaAesKey(JSON.parse(decryptedJwkText));
 * console.log(k.length); // 32
 * ```
 */
export function insomniaAesKey(key: InsomniaAesKey): Uint8Array {
  if (isBytes(key)) return copyBytes(assertBytes(key, 'key', 32));
  if (typeof key === 'string') {
    if (key.length !== 64) throw invalidInput(`"key" expected 64 hex characters, got length=${key.length}`);
    return fromHex(key, 'key');
  }
  aobject(key, 'key');
  if (key.kty !== 'oct' || typeof key.k !== 'string') throw invalidInput('"key" expected a JWK with kty "oct" and k');
  if (key.alg !== undefined && key.alg !== 'A256GCM') throw invalidInput('"key" expected JWK alg A256GCM');
  // WebCrypto writes unpadded base64url; tolerate padding (the app's own reader does).
  const raw = fromBase64url(key.k.replace(/=+$/, ''), 'key.k');
  return assertBytes(raw, 'key.k', 32);
}

/**
 * Writes a 32-byte key as the app's AES JWK (the shape WebCrypto's `exportKey('jwk')` gives it).
 * @param key - 32 bytes.
 * @returns `{ key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k, alg: 'A256GCM' }`.
 * @throws ZkvaultError `INVALID_INPUT` if the key is not 32 bytes.
 * @example
 * ```ts
 * import { insomniaAesJwk } from 'zkvault/compat/insomnia';
 * const groupKey = crypto.getRandomValues(new Uint8Array(32));
 * const jwkText = JSON.stringify(insomniaAesJwk(groupKey)); // '{"key_ops":["encrypt","decrypt"],"ext":true,"kty":"oct",…}'
 * ```
 */
export function insomniaAesJwk(key: Uint8Array): InsomniaAesJwk {
  assertBytes(key, 'key', 32);
  return { key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k: toBase64url(key), alg: 'A256GCM' };
}

/**
 * Reads a stored message: the object, or the JSON text the app stores (`encSymmetricKey`,
 * `encPrivateKey`, `encContent`).
 * @param message - object or JSON text.
 * @returns the message with its four string members (not yet decoded).
 * @throws ZkvaultError `INVALID_RECORD` if it is not an object with string `iv`, `t`, `d` and `ad`.
 * @example
 * ```ts
 * import { encryptInsomnia, parseInsomniaMessage } from 'zkvault/compat/insomnia';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const account = { encSymmetricKey: JSON.stringify(await encryptInsomnia('secret', key)) }; // as the app stores it
 * const msg = parseInsomniaMessage(account.encSymmetricKey);
 * console.log(msg.iv.length, msg.t.length); // 24 32 (hex)
 * ```
 */
export function parseInsomniaMessage(message: unknown): InsomniaAesMessage {
  let m = message;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia message is not valid JSON');
    }
  }
  if (!isPlainObject(m)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia message expected a plain object');
  const { iv, t, d, ad } = m;
  if (typeof iv !== 'string' || typeof t !== 'string' || typeof d !== 'string' || typeof ad !== 'string') {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia message expected string members iv, t, d and ad');
  }
  return { iv, t, d, ad };
}

function adBytes(ad: string | Uint8Array | undefined, name: string): Uint8Array {
  if (ad === undefined) return EMPTY;
  if (typeof ad === 'string') return utf8ToBytes(ad);
  return assertBytes(ad, name);
}

/** Options of {@link encryptInsomnia}. */
export interface EncryptInsomniaOptions {
  /** Additional data: a string (UTF-8 encoded) or bytes; stored hex-encoded in the message's `ad` (the app's name). */
  ad?: string | Uint8Array;
}

/** @internal Backend-parameterised {@link encryptInsomnia}. */
export async function encryptInsomniaWith(
  deps: InsomniaAesDeps,
  key: InsomniaAesKey,
  plaintext: string | Uint8Array,
  ad?: string | Uint8Array,
  adName = 'ad',
): Promise<InsomniaAesMessage> {
  const k = insomniaAesKey(key);
  let pt: Uint8Array;
  if (typeof plaintext === 'string') {
    try {
      pt = utf8ToBytes(encodeURIComponent(plaintext));
    } catch {
      // encodeURIComponent throws URIError on a lone surrogate; the app would crash the same way.
      throw invalidInput('"plaintext" expected a well-formed string (no lone surrogates)');
    }
  } else {
    pt = assertBytes(plaintext, 'plaintext');
  }
  const aad = adBytes(ad, adName);
  const iv = deps.random.randomBytes(INSOMNIA_IV_LENGTH);
  const sealed = await aesGcmEncrypt(deps.aead, k, iv, pt, aad);
  const ctLen = sealed.length - INSOMNIA_TAG_LENGTH;
  return {
    iv: toHex(iv),
    t: toHex(sealed.subarray(ctLen)),
    d: toHex(sealed.subarray(0, ctLen)),
    ad: toHex(aad),
  };
}

/** @internal Backend-parameterised {@link decryptInsomniaBytes}. */
export async function decryptInsomniaBytesWith(
  deps: InsomniaAesDeps,
  key: InsomniaAesKey,
  message: InsomniaAesMessage | string,
): Promise<Uint8Array> {
  const k = insomniaAesKey(key);
  const m = parseInsomniaMessage(message);
  let iv: Uint8Array, tag: Uint8Array, ct: Uint8Array, aad: Uint8Array;
  try {
    iv = fromHex(m.iv);
    tag = fromHex(m.t);
    ct = fromHex(m.d);
    aad = fromHex(m.ad);
  } catch {
    throw decryptFailed();
  }
  // The fix over the app: no short, empty or missing tag, and only the IV length the app writes.
  if (iv.length !== INSOMNIA_IV_LENGTH || tag.length !== INSOMNIA_TAG_LENGTH) throw decryptFailed();
  const sealed = new Uint8Array(ct.length + INSOMNIA_TAG_LENGTH);
  sealed.set(ct);
  sealed.set(tag, ct.length);
  return aesGcmDecrypt(deps.aead, k, iv, sealed, aad);
}

/** @internal Backend-parameterised {@link decryptInsomnia}. */
export async function decryptInsomniaWith(
  deps: InsomniaAesDeps,
  key: InsomniaAesKey,
  message: InsomniaAesMessage | string,
): Promise<string> {
  const pt = await decryptInsomniaBytesWith(deps, key, message);
  try {
    return decodeURIComponent(bytesToUtf8(pt));
  } catch {
    // Authentic but not the string variant's encoding (e.g. a buffer-variant message): same one error.
    throw decryptFailed();
  }
}

/**
 * Encrypts as the app's `encryptAES` (string plaintext: `encodeURIComponent` first) or
 * `encryptAESBuffer` (bytes: as they are), with a fresh random IV.
 * @param plaintext - a string (the app's string variant) or bytes (its buffer variant).
 * @param key - 32 bytes, 64 hex characters or an AES JWK.
 * @param options - `ad`: optional additional data, a string (UTF-8 encoded) or bytes; stored hex-encoded in the message's `ad`.
 * @returns the `{ iv, t, d, ad }` message (lowercase hex); the app's `decryptAES` / `decryptAESToBuffer` open it.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad key or argument, or a string with lone surrogates.
 * @example
 * ```ts
 * import { encryptInsomnia } from 'zkvault/compat/insomnia';
 * const groupKey = crypto.getRandomValues(new Uint8Array(32));
 * const doc = { _id: 'wrk_1', name: 'My workspace' };
 * const encContent = JSON.stringify(await encryptInsomnia(JSON.stringify(doc), groupKey));
 * ```
 */
export function encryptInsomnia(
  plaintext: string | Uint8Array,
  key: InsomniaAesKey,
  options?: EncryptInsomniaOptions,
): Promise<InsomniaAesMessage> {
  try {
    const ad = options === undefined ? undefined : aobject(options, 'options')['ad'];
    return encryptInsomniaWith(DEFAULT_DEPS, key, plaintext, ad as string | Uint8Array | undefined, 'options.ad');
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Decrypts a message of the app's string variant (`encryptAES`): GCM, then UTF-8, then `decodeURIComponent`.
 * @param message - the `{ iv, t, d, ad }` object or its JSON text.
 * @param key - 32 bytes, 64 hex characters or an AES JWK.
 * @returns the plaintext string.
 * @throws ZkvaultError `DECRYPT_FAILED` for any bad IV, tag (not exactly 16 bytes), hex, ciphertext, key or ad, and
 *   for an authentic plaintext that is not URI-encoded UTF-8; `INVALID_RECORD` if the message has the wrong shape;
 *   `INVALID_INPUT` for a bad key.
 * @example
 * ```ts
 * import { decryptInsomnia, encryptInsomnia } from 'zkvault/compat/insomnia';
 * const groupKey = crypto.getRandomValues(new Uint8Array(32));
 * const resource = { encContent: JSON.stringify(await encryptInsomnia(JSON.stringify({ name: 'My workspace' }), groupKey)) };
 * const doc = JSON.parse(await decryptInsomnia(resource.encContent, groupKey));
 * console.log(doc.name); // 'My workspace'
 * ```
 */
export function decryptInsomnia(message: InsomniaAesMessage | string, key: InsomniaAesKey): Promise<string> {
  return decryptInsomniaWith(DEFAULT_DEPS, key, message);
}

/**
 * Decrypts a message of the app's buffer variant (`encryptAESBuffer`) to bytes.
 * @param message - the `{ iv, t, d, ad }` object or its JSON text.
 * @param key - 32 bytes, 64 hex characters or an AES JWK.
 * @returns the plaintext bytes.
 * @throws ZkvaultError `DECRYPT_FAILED` for any bad IV, tag (not exactly 16 bytes), hex, ciphertext, key or ad;
 *   `INVALID_RECORD` if the message has the wrong shape; `INVALID_INPUT` for a bad key.
 * @example
 * ```ts
 * import { decryptInsomniaBytes, encryptInsomnia } from 'zkvault/compat/insomnia';
 * const projectKey = crypto.getRandomValues(new Uint8Array(32));
 * const stored = JSON.stringify(await encryptInsomnia(new Uint8Array([1, 2, 3]), projectKey)); // the buffer variant
 * const blob = await decryptInsomniaBytes(JSON.parse(stored), projectKey);
 * console.log(blob); // Uint8Array(3) [ 1, 2, 3 ]
 * ```
 */
export function decryptInsomniaBytes(message: InsomniaAesMessage | string, key: InsomniaAesKey): Promise<Uint8Array> {
  return decryptInsomniaBytesWith(DEFAULT_DEPS, key, message);
}
