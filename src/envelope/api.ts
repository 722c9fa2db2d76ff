/**
 * One-shot envelope functions bound to the platform backend.
 * @module
 */
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { bindBackends } from '../backend/backend-deps.js';
import { createEnvelopeKey, type EnvelopeDeps, type EnvelopeKey } from './envelope-key.js';

const deps: () => EnvelopeDeps = bindBackends<EnvelopeDeps>({ aead, hash, random });

/**
 * Prepares a 32-byte key for repeated sealing and opening (caches the AES key schedule /
 * CryptoKey and the HMAC state).
 * @param key - 32-byte AES-256 key.
 * @returns an {@link EnvelopeKey}.
 * @throws ZkvaultError `INVALID_INPUT` if the key is not 32 bytes.
 * @example
 * ```ts
 * import { envelopeKey } from 'zkvault/envelope';
 * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
 * const env = await k.seal(new TextEncoder().encode('hello'));
 * console.log(new TextDecoder().decode(await k.open(env))); // 'hello'
 * k.dispose();
 * ```
 */
export function envelopeKey(key: Uint8Array): Promise<EnvelopeKey> {
  return createEnvelopeKey(deps(), key);
}

/**
 * Encrypts `plaintext` into a v1 envelope under `key`, bound to `aad`.
 * Limits: at most 2^32 envelopes per key (random nonces); the aad is authenticated, not stored;
 * lengths are visible.
 * @param key - 32-byte AES-256 key.
 * @param plaintext - data to encrypt.
 * @param aad - context to bind (must be given again to open); default empty.
 * @returns the envelope (plaintext length + 62 bytes).
 * @throws ZkvaultError `INVALID_INPUT` on a wrong-length key or non-bytes argument.
 * @example
 * ```ts
 * import { seal, open } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('notes/42'); // context, e.g. the record's id
 * const env = await seal(key, new TextEncoder().encode('secret'), aad);
 * const pt = await open(key, env, aad);
 * console.log(new TextDecoder().decode(pt)); // 'secret'
 * ```
 */
export async function seal(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> {
  return (await envelopeKey(key)).seal(plaintext, aad);
}

/**
 * Authenticates and decrypts a v1 envelope.
 * @param key - 32-byte AES-256 key.
 * @param envelope - the envelope bytes.
 * @param aad - the context used at seal time; default empty.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` for every bad envelope, wrong key or wrong aad (one message);
 *   `INVALID_INPUT` for a wrong-length key or non-bytes argument.
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { open, seal } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('notes/42');
 * const env = await seal(key, new TextEncoder().encode('secret'), aad);
 * console.log(new TextDecoder().decode(await open(key, env, aad))); // 'secret'
 * try {
 *   await open(key, env, new TextEncoder().encode('notes/43')); // wrong context
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
 * }
 * ```
 */
export async function open(key: Uint8Array, envelope: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> {
  return (await envelopeKey(key)).open(envelope, aad);
}

/**
 * {@link seal} returning base64url text without padding.
 * @param key - 32-byte AES-256 key.
 * @param plaintext - data to encrypt.
 * @param aad - context; default empty.
 * @returns the envelope as base64url.
 * @throws ZkvaultError as {@link seal}.
 * @example
 * ```ts
 * import { sealToString } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const text = await sealToString(key, new TextEncoder().encode('hello'));
 * console.log(text); // base64url, safe in JSON and URLs
 * ```
 */
export async function sealToString(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Promise<string> {
  return (await envelopeKey(key)).sealToString(plaintext, aad);
}

/**
 * {@link open} for base64url text.
 * @param key - 32-byte AES-256 key.
 * @param text - the envelope as base64url.
 * @param aad - context; default empty.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` on any bad envelope (including bad base64url).
 * @example
 * ```ts
 * import { openString, sealToString } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const text = await sealToString(key, new TextEncoder().encode('hello'));
 * const pt = await openString(key, text);
 * console.log(new TextDecoder().decode(pt)); // 'hello'
 * ```
 */
export async function openString(key: Uint8Array, text: string, aad?: Uint8Array): Promise<Uint8Array> {
  return (await envelopeKey(key)).openString(text, aad);
}
