/**
 * HPKE (RFC 9180) base mode with the X-Wing KEM, KEM id 0x647a (ML-KEM-768 + X25519,
 * draft-connolly-cfrg-xwing-kem-10 sections 5.6 and 7), HKDF-SHA256 and AES-256-GCM (or AES-128-GCM),
 * bound to the platform backend. Separate functions rather than a `kem` option of `seal`
 * (docs/decisions.md, "X-Wing HPKE is its own functions"): X-Wing has base mode only, its keys
 * and enc have other sizes, and a bundle that never seals to X-Wing carries no ML-KEM code.
 * @module
 */
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { xwing } from '#backend/xwing';
import { bindBackends } from '../backend/backend-deps.js';
import type { HpkeAead } from './context.js';
import type { HpkeKeyPair } from './dhkem.js';
import { asealed, publicOptions as opts, type HpkeSealResult } from './hpke.js';
import { generateXWingKeyPairWith, openXWingWith, sealXWingWith, type XWingHpkeDeps } from './xwing.js';

// Pure, so a bundler drops it (and the ML-KEM backend) when no X-Wing function is used.
const deps: () => XWingHpkeDeps = /* @__PURE__ */ bindBackends<XWingHpkeDeps>({ xwing, hash, aead, random });

/** Options of {@link sealXWing}. */
export interface XWingSealOptions {
  /** Application info bound into the key schedule (the recipient gives the same); default empty. */
  info?: Uint8Array | undefined;
  /** Additional authenticated data (not sent); default empty. */
  aad?: Uint8Array | undefined;
  /** AEAD; default `'AES-256-GCM'`. */
  aead?: HpkeAead | undefined;
}

/** Options of {@link openXWing}: the same values as given to {@link sealXWing}. */
export interface XWingOpenOptions {
  /** HPKE info, as given to seal; default empty. */
  info?: Uint8Array | undefined;
  /** Additional authenticated data, as given to seal; default empty. */
  aad?: Uint8Array | undefined;
  /** AEAD; default `'AES-256-GCM'`. */
  aead?: HpkeAead | undefined;
}

/**
 * Generates an X-Wing key pair from the platform CSPRNG (draft section 5.2): the private key is a
 * 32-byte seed, the public key 1216 bytes.
 * @returns a fresh `{ privateKey, publicKey }`.
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * import { generateXWingKeyPair } from 'zkvault/hpke';
 * const { privateKey, publicKey } = generateXWingKeyPair();
 * console.log(privateKey.length, publicKey.length); // 32 1216
 * ```
 */
export function generateXWingKeyPair(): HpkeKeyPair {
  return generateXWingKeyPairWith(deps());
}

/**
 * Encrypts one message to a recipient's X-Wing public key (RFC 9180 section 6.1, SetupBaseS + Seal
 * with KEM 0x647a). Post-quantum: confidential while either ML-KEM-768 or X25519 holds. Base mode
 * only: the recipient learns nothing about who sealed, so authenticate the sender another way (a
 * signature, as links v2 do).
 * @param plaintext - the message.
 * @param recipientPublicKey - the recipient's 1216-byte X-Wing public key.
 * @param options - optional info, aad, aead (default AES-256-GCM).
 * @returns `{ enc, ciphertext }`: enc is 1120 bytes; the ciphertext is the plaintext length + 16.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad argument, or a public key that
 *   is not 1216 bytes, fails the FIPS 203 modulus check or has a low-order X25519 part.
 * @example
 * ```ts
 * import { generateXWingKeyPair, sealXWing } from 'zkvault/hpke';
 * const recipient = generateXWingKeyPair();
 * const info = new TextEncoder().encode('my-app v1');
 * const { enc, ciphertext } = await sealXWing(new TextEncoder().encode('hello'), recipient.publicKey, { info });
 * console.log(enc.length, ciphertext.length); // 1120 21
 * ```
 */
export async function sealXWing(plaintext: Uint8Array, recipientPublicKey: Uint8Array, options?: XWingSealOptions): Promise<HpkeSealResult> {
  return sealXWingWith(deps(), { ...opts(options), plaintext, recipientPublicKey });
}

/**
 * Decrypts a message from {@link sealXWing} (RFC 9180 section 6.1, SetupBaseR + Open with KEM 0x647a).
 * @param sealed - `{ enc, ciphertext }` as `sealXWing` returned them (untrusted).
 * @param recipientPrivateKey - the recipient's 32-byte X-Wing private key (seed).
 * @param options - optional info, aad, aead: the same as at seal time.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` (one message) on any failure of the message: enc of a wrong
 *   length or with a low-order X25519 part, tampered ciphertext, wrong key, info, aad or AEAD;
 *   `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * import { generateXWingKeyPair, openXWing, sealXWing } from 'zkvault/hpke';
 * const recipient = generateXWingKeyPair();
 * const info = new TextEncoder().encode('my-app v1');
 * const sealed = await sealXWing(new TextEncoder().encode('hello'), recipient.publicKey, { info });
 * const plaintext = await openXWing(sealed, recipient.privateKey, { info });
 * console.log(new TextDecoder().decode(plaintext)); // 'hello'
 * ```
 */
export async function openXWing(sealed: HpkeSealResult, recipientPrivateKey: Uint8Array, options?: XWingOpenOptions): Promise<Uint8Array> {
  const { enc, ciphertext } = asealed(sealed);
  return openXWingWith(deps(), { ...opts(options), enc, ciphertext, recipientPrivateKey });
}
