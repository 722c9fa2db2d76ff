/**
 * `zkvault/hpke`: Hybrid Public Key Encryption, RFC 9180, with KEM DHKEM(X25519, HKDF-SHA256)
 * (0x0020), KDF HKDF-SHA256 (0x0001) and AEAD AES-256-GCM (0x0002, the default) or AES-128-GCM
 * (0x0001); modes base, psk, auth and auth_psk (section 5), single-shot seal/open (section 6.1),
 * multi-message contexts (section 5.2) and the secret export interface (section 5.3).
 *
 * On Node, X25519, HMAC and AES-GCM run in node:crypto (OpenSSL); elsewhere in @noble/curves,
 * @noble/hashes and @noble/ciphers or WebCrypto. The mode follows from the options: `senderPrivateKey`
 * / `senderPublicKey` select auth, `psk` + `pskId` select psk, both select auth_psk.
 *
 * The X-Wing KEM (0x647a, ML-KEM-768 + X25519, draft-connolly-cfrg-xwing-kem-10) is the separate
 * `sealXWing` / `openXWing` / `generateXWingKeyPair` (base mode only; docs/decisions.md says why).
 * Every function takes `(input, key, options?)` (docs/api-conventions.md).
 * @module
 */
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { x25519 } from '#backend/x25519';
import { bindBackends } from '../backend/backend-deps.js';
import type { HpkeRecipientContext } from './context.js';
import { deriveKeyPairWith, generateKeyPairWith, publicKeyWith, type HpkeKeyPair } from './dhkem.js';
import {
  asealed,
  openWith,
  publicOptions as opts,
  sealWith,
  setupRecipientWith,
  setupSenderWith,
  type HpkeDeps,
  type HpkeOpenOptions,
  type HpkeRecipientOptions,
  type HpkeSealOptions,
  type HpkeSealResult,
  type HpkeSenderOptions,
  type HpkeSetupSenderResult,
} from './hpke.js';

export { HpkeRecipientContext, HpkeSenderContext, type HpkeAead, type HpkeMessageOptions, type HpkeMode } from './context.js';
export { PSK_MIN_LENGTH } from './hpke.js';
export type {
  HpkeCommonOptions,
  HpkeOpenOptions,
  HpkeRecipientOptions,
  HpkeSealOptions,
  HpkeSealResult,
  HpkeSenderOptions,
  HpkeSetupSenderResult,
} from './hpke.js';
export type { HpkeKeyPair } from './dhkem.js';
export { generateXWingKeyPair, openXWing, sealXWing, type XWingOpenOptions, type XWingSealOptions } from './xwing-api.js';

const deps: () => HpkeDeps = bindBackends<HpkeDeps>({ x25519, hash, aead, random });

/**
 * Generates an X25519 key pair from the platform CSPRNG (RFC 9180 GenerateKeyPair).
 * @returns a fresh `{ privateKey, publicKey }`, 32 bytes each.
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * import { generateKeyPair } from 'zkvault/hpke';
 * const { privateKey, publicKey } = generateKeyPair();
 * console.log(privateKey.length, publicKey.length); // 32 32
 * ```
 */
export function generateKeyPair(): HpkeKeyPair {
  return generateKeyPairWith(deps());
}

/**
 * Derives an X25519 key pair deterministically from input keying material (RFC 9180 section
 * 7.1.3, DeriveKeyPair). The same ikm always gives the same pair.
 * @param ikm - at least 32 bytes of high-entropy secret input (not a password).
 * @returns `{ privateKey, publicKey }`, 32 bytes each.
 * @throws ZkvaultError `INVALID_INPUT` if `ikm` is not a Uint8Array of 32 to 65535 bytes.
 * @example
 * ```ts
 * import { deriveKeyPair } from 'zkvault/hpke';
 * const seed = crypto.getRandomValues(new Uint8Array(32)); // keep it secret: it is the private key
 * const pair = deriveKeyPair(seed);
 * console.log(deriveKeyPair(seed).publicKey.every((b, i) => b === pair.publicKey[i])); // true
 * ```
 */
export function deriveKeyPair(ikm: Uint8Array): HpkeKeyPair {
  return deriveKeyPairWith(deps(), ikm);
}

/**
 * Computes the X25519 public key of a private key (X25519(k, 9), RFC 7748 section 6.1).
 * @param privateKey - 32-byte X25519 private key.
 * @returns the 32-byte public key.
 * @throws ZkvaultError `INVALID_INPUT` if `privateKey` is not 32 bytes.
 * @example
 * ```ts
 * import { generateKeyPair, x25519PublicKey } from 'zkvault/hpke';
 * const { privateKey } = generateKeyPair();
 * const publicKey = x25519PublicKey(privateKey); // equals the pair's publicKey
 * ```
 */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return publicKeyWith(deps().x25519, privateKey);
}

/**
 * Encrypts one message to a recipient's public key (RFC 9180 section 6.1, single-shot Seal).
 * Give `senderPrivateKey` for auth mode (the recipient then knows the sender held that key),
 * `psk` + `pskId` for psk mode, both for auth_psk.
 * @param plaintext - the message.
 * @param recipientPublicKey - the recipient's 32-byte X25519 public key.
 * @param options - optional info, aad, senderPrivateKey, psk, pskId, aead (default AES-256-GCM).
 * @returns `{ enc, ciphertext }`: send both; the ciphertext is the plaintext length + 16 bytes.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad argument (wrong key length,
 *   psk under 32 bytes, psk without pskId) or a low-order recipient public key.
 * @example
 * ```ts
 * import { generateKeyPair, seal } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const sender = generateKeyPair(); // optional: auth mode
 * const { enc, ciphertext } = await seal(new TextEncoder().encode('hello'), recipient.publicKey, {
 *   info: new TextEncoder().encode('my-app v1'),
 *   senderPrivateKey: sender.privateKey,
 * });
 * console.log(enc.length, ciphertext.length); // 32 21
 * ```
 */
export async function seal(plaintext: Uint8Array, recipientPublicKey: Uint8Array, options?: HpkeSealOptions): Promise<HpkeSealResult> {
  return sealWith(deps(), { ...opts(options), plaintext, recipientPublicKey });
}

/**
 * Decrypts a message from {@link seal} (RFC 9180 section 6.1, single-shot Open). The mode follows
 * from the options exactly as in `seal`: give `senderPublicKey` to require auth mode from that
 * sender, and `psk` + `pskId` for psk mode.
 * @param sealed - `{ enc, ciphertext }` as `seal` returned them (untrusted).
 * @param recipientPrivateKey - the recipient's 32-byte X25519 private key.
 * @param options - optional info, aad, senderPublicKey, psk, pskId, aead: the same as at seal time.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` (one message) on any failure of the message: tampered enc
 *   or ciphertext, wrong key, info, aad, sender, psk, mode or AEAD; `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * import { generateKeyPair, open, seal } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const sender = generateKeyPair();
 * const info = new TextEncoder().encode('my-app v1');
 * const sealed = await seal(new TextEncoder().encode('hello'), recipient.publicKey, { info, senderPrivateKey: sender.privateKey });
 * const plaintext = await open(sealed, recipient.privateKey, { info, senderPublicKey: sender.publicKey });
 * console.log(new TextDecoder().decode(plaintext)); // 'hello'
 * ```
 */
export async function open(sealed: HpkeSealResult, recipientPrivateKey: Uint8Array, options?: HpkeOpenOptions): Promise<Uint8Array> {
  const { enc, ciphertext } = asealed(sealed);
  return openWith(deps(), { ...opts(options), enc, ciphertext, recipientPrivateKey });
}

/**
 * Sets up a sender context for several messages to one recipient (RFC 9180 section 5.1), or
 * for exporting secrets (section 5.3).
 * @param recipientPublicKey - the recipient's 32-byte X25519 public key.
 * @param options - optional info, senderPrivateKey, psk, pskId, aead.
 * @returns `{ enc, context }`: send `enc` once, then each `context.seal(...)` output in order.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad argument or a low-order recipient public key.
 * @example
 * ```ts
 * import { generateKeyPair, setupSender } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const info = new TextEncoder().encode('my-app v1');
 * const { enc, context } = await setupSender(recipient.publicKey, { info });
 * const c0 = await context.seal(new TextEncoder().encode('first'));
 * const c1 = await context.seal(new TextEncoder().encode('second'));
 * const exported = await context.exportSecret(new TextEncoder().encode('stream key'), 32);
 * // send enc, then c0 and c1 in order
 * ```
 */
export async function setupSender(recipientPublicKey: Uint8Array, options?: HpkeSenderOptions): Promise<HpkeSetupSenderResult> {
  return setupSenderWith(deps(), { ...opts(options), recipientPublicKey });
}

/**
 * Sets up the recipient context matching a sender's {@link setupSender}.
 * @param enc - the encapsulated key the sender sent (untrusted).
 * @param recipientPrivateKey - the recipient's 32-byte X25519 private key.
 * @param options - optional info, senderPublicKey, psk, pskId, aead: the same as the sender's.
 * @returns the recipient context; open messages in the order they were sealed.
 * @throws ZkvaultError `DECRYPT_FAILED` if `enc` is malformed or of low order; `INVALID_INPUT`
 *   on a bad argument.
 * @example
 * ```ts
 * import { generateKeyPair, setupRecipient, setupSender } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const info = new TextEncoder().encode('my-app v1');
 * const sender = await setupSender(recipient.publicKey, { info });
 * const c0 = await sender.context.seal(new TextEncoder().encode('first'));
 * const context = await setupRecipient(sender.enc, recipient.privateKey, { info });
 * const m0 = await context.open(c0);
 * console.log(new TextDecoder().decode(m0)); // 'first'
 * ```
 */
export async function setupRecipient(enc: Uint8Array, recipientPrivateKey: Uint8Array, options?: HpkeRecipientOptions): Promise<HpkeRecipientContext> {
  return setupRecipientWith(deps(), { ...opts(options), enc, recipientPrivateKey });
}
