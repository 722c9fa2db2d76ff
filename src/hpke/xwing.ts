/**
 * HPKE (RFC 9180) with the X-Wing KEM, KEM id 0x647a (draft-connolly-cfrg-xwing-kem-10 section 5.6
 * and section 7): Encap is X-Wing's Encapsulate (enc = the 1120-byte ciphertext), Decap is
 * Decapsulate, and the X-Wing shared secret is HPKE's shared_secret as is (no ExtractAndExpand).
 * X-Wing has no AuthEncap, so only base mode exists; sender authentication is the caller's
 * (links v2 sign with Ed25519, src/model/links-v2.ts). KDF HKDF-SHA256, AEAD AES-256-GCM or
 * AES-128-GCM, exactly as the DHKEM(X25519) suites (src/hpke/context.ts).
 * @module
 */
import type { AeadBackend, HashBackend, RandomBackend, XWingBackend } from '../backend/types.js';
import { assertBytes, aobject, aoneOf, wipe } from '../bytes/index.js';
import { decryptFailed, invalidInput } from '../errors.js';
import { HPKE_AEADS, createRecipientContext, createSenderContext, keySchedule, type HpkeAead } from './context.js';
import type { HpkeKeyPair } from './dhkem.js';
import type { HpkeSealResult } from './hpke.js';

/** HPKE KEM id of X-Wing (draft section 7: 25722 = 25519 + 203). */
export const XWING_KEM_ID = 0x647a;
/** Nenc: bytes of the encapsulated key (the X-Wing ciphertext). */
export const XWING_NENC = 1120;
/** Npk: bytes of an X-Wing public (encapsulation) key. */
export const XWING_NPK = 1216;
/** Nsk: bytes of an X-Wing private (decapsulation) key, the seed. */
export const XWING_NSK = 32;
/** Bytes of EncapsulateDerand randomness. */
const ESEED_LENGTH = 64;

const EMPTY = new Uint8Array(0);

/** The backend families HPKE with X-Wing needs. */
export interface XWingHpkeDeps {
  readonly xwing: XWingBackend;
  readonly hash: HashBackend;
  readonly aead: AeadBackend;
  readonly random: RandomBackend;
}

/** @internal Arguments of {@link sealXWingWith}. */
export interface XWingSealArgs {
  /** The recipient's X-Wing public key (1216 bytes). */
  recipientPublicKey: Uint8Array;
  /** The message. */
  plaintext: Uint8Array;
  /** HPKE info; default empty. */
  info?: Uint8Array | undefined;
  /** Additional authenticated data; default empty. */
  aad?: Uint8Array | undefined;
  /** AEAD; default `'AES-256-GCM'`. */
  aead?: HpkeAead | undefined;
}

/** @internal Arguments of {@link openXWingWith}. */
export interface XWingOpenArgs {
  /** The recipient's X-Wing private key (the 32-byte seed). */
  recipientPrivateKey: Uint8Array;
  /** The encapsulated key (1120 bytes; untrusted). */
  enc: Uint8Array;
  /** Ciphertext ‖ tag (untrusted). */
  ciphertext: Uint8Array;
  /** HPKE info, as given to seal; default empty. */
  info?: Uint8Array | undefined;
  /** Additional authenticated data, as given to seal; default empty. */
  aad?: Uint8Array | undefined;
  /** AEAD; default `'AES-256-GCM'`. */
  aead?: HpkeAead | undefined;
}

function aobj(o: unknown): void {
  aobject(o, 'options');
}

/**
 * @internal SetupBaseS + Seal (RFC 9180 sections 5.1.1 and 6.1) with X-Wing: one message.
 * @param deps - backends.
 * @param o - recipient public key, plaintext, info, aad, AEAD.
 * @param eseed - fixed 64-byte encapsulation randomness (vectors only); default 64 CSPRNG bytes.
 * @returns enc (1120 bytes) and ciphertext ‖ tag.
 * @throws ZkvaultError `INVALID_INPUT` on a bad argument, a public key that is not 1216 bytes, fails
 *   the FIPS 203 modulus check, or has a low-order X25519 part (HPKE's EncapError).
 * @example
 * ```ts
 * const { enc, ciphertext } = await sealXWingWith(deps, { recipientPublicKey, plaintext, info });
 * ```
 */
export async function sealXWingWith(
  deps: XWingHpkeDeps,
  o: XWingSealArgs,
  eseed?: Uint8Array,
): Promise<HpkeSealResult> {
  aobj(o);
  const pkR = assertBytes(o.recipientPublicKey, 'recipientPublicKey', XWING_NPK);
  const plaintext = assertBytes(o.plaintext, 'plaintext');
  const info = o.info === undefined ? EMPTY : assertBytes(o.info, 'info');
  const aad = o.aad === undefined ? EMPTY : assertBytes(o.aad, 'aad');
  const aead = aoneOf(o.aead === undefined ? 'AES-256-GCM' : o.aead, 'aead', HPKE_AEADS);
  const coins = eseed === undefined ? deps.random.randomBytes(ESEED_LENGTH) : assertBytes(eseed, 'eseed', ESEED_LENGTH);
  let encapsulated;
  try {
    encapsulated = deps.xwing.encapsulate(pkR, coins);
  } finally {
    if (eseed === undefined) wipe(coins);
  }
  const ks = keySchedule(deps.hash, aead, 'base', encapsulated.sharedSecret, info, EMPTY, EMPTY, XWING_KEM_ID);
  wipe(encapsulated.sharedSecret);
  const context = await createSenderContext(deps.hash, deps.aead, aead, 'base', ks);
  try {
    return { enc: encapsulated.ciphertext, ciphertext: await context.seal(plaintext, { aad }) };
  } finally {
    context.dispose();
  }
}

/**
 * @internal SetupBaseR + Open (RFC 9180 sections 5.1.1 and 6.1) with X-Wing: one message.
 * @param deps - backends.
 * @param o - recipient private key, enc, ciphertext, info, aad, AEAD.
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` (one message) for every failure of the message (enc of a
 *   wrong length or with a low-order X25519 part, bad tag); `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * const plaintext = await openXWingWith(deps, { recipientPrivateKey, enc, ciphertext, info });
 * ```
 */
export async function openXWingWith(deps: XWingHpkeDeps, o: XWingOpenArgs): Promise<Uint8Array> {
  aobj(o);
  const skR = assertBytes(o.recipientPrivateKey, 'recipientPrivateKey', XWING_NSK);
  const enc = assertBytes(o.enc, 'enc');
  const ciphertext = assertBytes(o.ciphertext, 'ciphertext');
  const info = o.info === undefined ? EMPTY : assertBytes(o.info, 'info');
  const aad = o.aad === undefined ? EMPTY : assertBytes(o.aad, 'aad');
  const aead = aoneOf(o.aead === undefined ? 'AES-256-GCM' : o.aead, 'aead', HPKE_AEADS);
  let sharedSecret: Uint8Array;
  try {
    sharedSecret = deps.xwing.decapsulate(skR, enc);
  } catch {
    // enc is untrusted: a wrong length or a low-order X25519 part is the generic failure.
    throw decryptFailed();
  }
  const ks = keySchedule(deps.hash, aead, 'base', sharedSecret, info, EMPTY, EMPTY, XWING_KEM_ID);
  wipe(sharedSecret);
  const context = await createRecipientContext(deps.hash, deps.aead, aead, 'base', ks);
  try {
    return await context.open(ciphertext, { aad });
  } finally {
    context.dispose();
  }
}

/**
 * @internal GenerateKeyPair for X-Wing: 32 CSPRNG bytes are the private key (draft section 5.2).
 * @param deps - the xwing and random backends.
 * @returns the private key (seed, 32 bytes) and public key (1216 bytes).
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateXWingKeyPairWith(deps);
 * ```
 */
export function generateXWingKeyPairWith(deps: Pick<XWingHpkeDeps, 'xwing' | 'random'>): HpkeKeyPair {
  const privateKey = deps.random.randomBytes(XWING_NSK);
  return { privateKey, publicKey: deps.xwing.publicKey(privateKey) };
}
