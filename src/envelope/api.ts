/**
 * One-shot envelope functions bound to the platform backend, in the `(input, key, options?)` order
 * of docs/api-conventions.md.
 * @module
 */
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { bindBackends } from '../backend/backend-deps.js';
import { createEnvelopeKey, type EnvelopeDeps, type EnvelopeKey, type EnvelopeOptions } from './envelope-key.js';

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
 * Encrypts `plaintext` into a v1 envelope under `key`, bound to `options.aad`.
 * Limits: at most 2^32 envelopes per key (random nonces); the aad is authenticated, not stored;
 * lengths are visible.
 * @param plaintext - data to encrypt.
 * @param key - 32-byte AES-256 key.
 * @param options - `aad`: context to bind (must be given again to open); default empty.
 * @returns the envelope (plaintext length + 62 bytes).
 * @throws ZkvaultError `INVALID_INPUT` on a wrong-length key, a non-bytes argument or bad options.
 * @example
 * ```ts
 * import { seal, open } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('notes/42'); // context, e.g. the record's id
 * const env = await seal(new TextEncoder().encode('secret'), key, { aad });
 * const pt = await open(env, key, { aad });
 * console.log(new TextDecoder().decode(pt)); // 'secret'
 * ```
 */
export async function seal(plaintext: Uint8Array, key: Uint8Array, options?: EnvelopeOptions): Promise<Uint8Array> {
  return (await envelopeKey(key)).seal(plaintext, options);
}

/**
 * Authenticates and decrypts a v1 envelope.
 * @param envelope - the envelope bytes.
 * @param key - 32-byte AES-256 key.
 * @param options - `aad`: the context given at seal time; default empty.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` for every bad envelope, wrong key or wrong aad (one message);
 *   `INVALID_INPUT` for a wrong-length key, a non-bytes argument or bad options.
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { open, seal } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('notes/42');
 * const env = await seal(new TextEncoder().encode('secret'), key, { aad });
 * console.log(new TextDecoder().decode(await open(env, key, { aad }))); // 'secret'
 * try {
 *   await open(env, key, { aad: new TextEncoder().encode('notes/43') }); // wrong context
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
 * }
 * ```
 */
export async function open(envelope: Uint8Array, key: Uint8Array, options?: EnvelopeOptions): Promise<Uint8Array> {
  return (await envelopeKey(key)).open(envelope, options);
}

/**
 * {@link seal} returning base64url text without padding.
 * @param plaintext - data to encrypt.
 * @param key - 32-byte AES-256 key.
 * @param options - `aad`: context; default empty.
 * @returns the envelope as base64url.
 * @throws ZkvaultError as {@link seal}.
 * @example
 * ```ts
 * import { sealString } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const text = await sealString(new TextEncoder().encode('hello'), key);
 * console.log(text); // base64url, safe in JSON and URLs
 * ```
 */
export async function sealString(plaintext: Uint8Array, key: Uint8Array, options?: EnvelopeOptions): Promise<string> {
  return (await envelopeKey(key)).sealString(plaintext, options);
}

/**
 * {@link open} for base64url text.
 * @param text - the envelope as base64url.
 * @param key - 32-byte AES-256 key.
 * @param options - `aad`: context; default empty.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` on any bad envelope (including bad base64url).
 * @example
 * ```ts
 * import { openString, sealString } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const text = await sealString(new TextEncoder().encode('hello'), key);
 * const pt = await openString(text, key);
 * console.log(new TextDecoder().decode(pt)); // 'hello'
 * ```
 */
export async function openString(text: string, key: Uint8Array, options?: EnvelopeOptions): Promise<Uint8Array> {
  return (await envelopeKey(key)).openString(text, options);
}
