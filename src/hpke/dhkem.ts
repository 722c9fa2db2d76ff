/**
 * DHKEM(X25519, HKDF-SHA256), KEM id 0x0020 (RFC 9180 sections 4.1 and 7.1): Encap, Decap,
 * AuthEncap, AuthDecap, DeriveKeyPair (section 7.1.3) and GenerateKeyPair, over the X25519 backend.
 * Not a public entry point; `zkvault/hpke` re-exports the key-pair functions.
 * @module
 */
import type { HashBackend, RandomBackend, X25519Backend } from '../backend/types.js';
import { assertBytes, assertBytesRange, concatBytes, wipe } from '../bytes/index.js';
import { invalidInput } from '../errors.js';
import { i2osp2, label, labeledExpand, labeledExtract, NH } from './labeled.js';

/** KEM id of DHKEM(X25519, HKDF-SHA256). */
export const KEM_ID = 0x0020;
/** Nsecret, Nenc, Npk, Nsk of DHKEM(X25519, HKDF-SHA256): all 32 bytes. */
export const X25519_KEY_LENGTH = 32;
/** Smallest `ikm` accepted by deriveKeyPair: Nsk bytes (RFC 9180 section 7.1.3 asks for at least Nsk bytes of entropy). */
export const DERIVE_IKM_MIN = 32;

/** suite_id = "KEM" ‖ I2OSP(kem_id, 2) (RFC 9180 section 4.1). */
const KEM_SUITE_ID = concatBytes(label('KEM'), i2osp2(KEM_ID));
const EMPTY = new Uint8Array(0);
const L_EAE_PRK = label('eae_prk');
const L_SHARED_SECRET = label('shared_secret');
const L_DKP_PRK = label('dkp_prk');
const L_SK = label('sk');

/** An X25519 key pair, 32-byte private and public keys in RFC 7748 encoding. */
export interface HpkeKeyPair {
  /** The private key (32 bytes). Keep it secret; wipe it when done. */
  privateKey: Uint8Array;
  /** The public key (32 bytes). */
  publicKey: Uint8Array;
}

/** The backend families the KEM needs. */
export interface KemDeps {
  readonly x25519: X25519Backend;
  readonly hash: HashBackend;
  readonly random: RandomBackend;
}

/**
 * X25519 with validated lengths: the checked entry to the backend's X25519 (the Wycheproof and
 * RFC 7748 tests go through it).
 * @internal
 * @param x25519 - backend.
 * @param privateKey - 32-byte private key.
 * @param publicKey - 32-byte peer public key.
 * @returns the 32-byte shared secret.
 * @throws ZkvaultError `INVALID_INPUT` on a bad length, or with the one X25519 failure message
 *   on an all-zero shared secret (low-order public key).
 * @example
 * ```ts
 * const shared = x25519With(x25519, myPrivateKey, theirPublicKey);
 * ```
 */
export function x25519With(x25519: X25519Backend, privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  assertBytes(privateKey, 'privateKey', X25519_KEY_LENGTH);
  assertBytes(publicKey, 'publicKey', X25519_KEY_LENGTH);
  return x25519.sharedSecret(privateKey, publicKey);
}

/**
 * X25519(privateKey, 9) with a validated length.
 * @internal
 * @param x25519 - backend.
 * @param privateKey - 32-byte private key.
 * @returns the 32-byte public key.
 * @throws ZkvaultError `INVALID_INPUT` if `privateKey` is not 32 bytes.
 * @example
 * ```ts
 * const pub = publicKeyWith(x25519, privateKey);
 * ```
 */
export function publicKeyWith(x25519: X25519Backend, privateKey: Uint8Array): Uint8Array {
  assertBytes(privateKey, 'privateKey', X25519_KEY_LENGTH);
  return x25519.publicKey(privateKey);
}

/**
 * GenerateKeyPair: 32 CSPRNG bytes are a valid X25519 private key (RFC 7748 section 6.1; the
 * function clamps).
 * @internal
 * @param deps - x25519 and random backends.
 * @returns a fresh key pair.
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateKeyPairWith({ x25519, random });
 * ```
 */
export function generateKeyPairWith(deps: Pick<KemDeps, 'x25519' | 'random'>): HpkeKeyPair {
  const privateKey = deps.random.randomBytes(X25519_KEY_LENGTH);
  return { privateKey, publicKey: deps.x25519.publicKey(privateKey) };
}

/**
 * DeriveKeyPair (RFC 9180 section 7.1.3) for X25519: dkp_prk = LabeledExtract("", "dkp_prk", ikm),
 * sk = LabeledExpand(dkp_prk, "sk", "", Nsk).
 * @internal
 * @param deps - x25519 and hash backends.
 * @param ikm - input keying material, 32 to 65535 bytes.
 * @returns the derived key pair.
 * @throws ZkvaultError `INVALID_INPUT` if `ikm` is not a Uint8Array of 32 to 65535 bytes.
 * @example
 * ```ts
 * const pair = deriveKeyPairWith({ x25519, hash }, ikm);
 * ```
 */
export function deriveKeyPairWith(deps: Pick<KemDeps, 'x25519' | 'hash'>, ikm: Uint8Array): HpkeKeyPair {
  assertBytesRange(ikm, 'ikm', DERIVE_IKM_MIN, 0xffff);
  const dkpPrk = labeledExtract(deps.hash, KEM_SUITE_ID, EMPTY, L_DKP_PRK, ikm);
  const privateKey = labeledExpand(deps.hash, KEM_SUITE_ID, dkpPrk, L_SK, EMPTY, X25519_KEY_LENGTH);
  wipe(dkpPrk);
  return { privateKey, publicKey: deps.x25519.publicKey(privateKey) };
}

function extractAndExpand(hash: HashBackend, dh: Uint8Array, kemContext: Uint8Array): Uint8Array {
  const eaePrk = labeledExtract(hash, KEM_SUITE_ID, EMPTY, L_EAE_PRK, dh);
  const sharedSecret = labeledExpand(hash, KEM_SUITE_ID, eaePrk, L_SHARED_SECRET, kemContext, NH);
  wipe(eaePrk);
  return sharedSecret;
}

/** Result of Encap / AuthEncap. */
export interface Encapsulation {
  readonly sharedSecret: Uint8Array;
  readonly enc: Uint8Array;
}

/**
 * Encap (senderPrivateKey absent) or AuthEncap (present), RFC 9180 section 4.1. Arguments are
 * already length-checked by the caller.
 * @internal
 * @param deps - x25519, hash and random backends.
 * @param recipientPublicKey - pkR, 32 bytes.
 * @param senderPrivateKey - skS for AuthEncap, or undefined.
 * @param ephemeral - fixed ephemeral key pair (test vectors only); default a fresh one.
 * @returns the shared secret and enc (= pkE).
 * @throws ZkvaultError `INVALID_INPUT` if `recipientPublicKey` is of low order.
 * @example
 * ```ts
 * const { sharedSecret, enc } = encap(deps, pkR, undefined);
 * ```
 */
export function encap(
  deps: KemDeps,
  recipientPublicKey: Uint8Array,
  senderPrivateKey: Uint8Array | undefined,
  ephemeral?: HpkeKeyPair,
): Encapsulation {
  const { privateKey: skE, publicKey: pkE } = ephemeral ?? generateKeyPairWith(deps);
  const parts = [deps.x25519.sharedSecret(skE, recipientPublicKey)];
  const kemParts = [pkE, recipientPublicKey];
  if (senderPrivateKey !== undefined) {
    parts.push(deps.x25519.sharedSecret(senderPrivateKey, recipientPublicKey));
    kemParts.push(deps.x25519.publicKey(senderPrivateKey));
  }
  if (ephemeral === undefined) wipe(skE);
  const dh = concatBytes(...parts);
  const sharedSecret = extractAndExpand(deps.hash, dh, concatBytes(...kemParts));
  wipe(dh, ...parts);
  return { sharedSecret, enc: pkE.slice() };
}

/**
 * Decap (senderPublicKey absent) or AuthDecap (present), RFC 9180 section 4.1. Key lengths are
 * already checked by the caller; `enc` is untrusted.
 * @internal
 * @param deps - x25519, hash and random backends.
 * @param enc - the encapsulated key from the sender.
 * @param recipientPrivateKey - skR, 32 bytes.
 * @param senderPublicKey - pkS for AuthDecap, or undefined.
 * @returns the shared secret.
 * @throws ZkvaultError `INVALID_INPUT` on a malformed or low-order `enc` or `senderPublicKey`;
 *   callers turn every failure into `DECRYPT_FAILED`.
 * @example
 * ```ts
 * const sharedSecret = decap(deps, enc, skR, undefined);
 * ```
 */
export function decap(
  deps: KemDeps,
  enc: Uint8Array,
  recipientPrivateKey: Uint8Array,
  senderPublicKey: Uint8Array | undefined,
): Uint8Array {
  // enc is untrusted input: a wrong length is a failed decryption, not a usage error.
  if (enc.length !== X25519_KEY_LENGTH) throw invalidInput('"enc" expected 32 bytes');
  const parts = [deps.x25519.sharedSecret(recipientPrivateKey, enc)];
  const kemParts = [enc, deps.x25519.publicKey(recipientPrivateKey)];
  if (senderPublicKey !== undefined) {
    parts.push(deps.x25519.sharedSecret(recipientPrivateKey, senderPublicKey));
    kemParts.push(senderPublicKey);
  }
  const dh = concatBytes(...parts);
  const sharedSecret = extractAndExpand(deps.hash, dh, concatBytes(...kemParts));
  wipe(dh, ...parts);
  return sharedSecret;
}
