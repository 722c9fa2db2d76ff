/**
 * RFC 9180 HPKE setup and single-shot APIs (sections 5.1.1-5.1.4 and 6.1), parameterised by the
 * backend so tests run them on both the node and the web backends. `zkvault/hpke` (index.ts) binds
 * the platform's backends. Suites: DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM or
 * AES-128-GCM; modes base, psk, auth and auth_psk.
 * @module
 */
import type { AeadBackend, HashBackend, RandomBackend, X25519Backend } from '../backend/types.js';
import { assertBytes, assertBytesRange, aobject, aoneOf, wipe } from '../bytes/index.js';
import { decryptFailed, invalidInput } from '../errors.js';
import {
  createRecipientContext,
  createSenderContext,
  HPKE_AEADS,
  keySchedule,
  type HpkeRecipientContext,
  type HpkeSenderContext,
  type HpkeAead,
  type HpkeMode,
  type KeyScheduleOutput,
} from './context.js';
import { decap, encap, X25519_KEY_LENGTH, type HpkeKeyPair } from './dhkem.js';

/** The backend families HPKE needs; the public API binds the platform's. */
export interface HpkeDeps {
  readonly x25519: X25519Backend;
  readonly hash: HashBackend;
  readonly aead: AeadBackend;
  readonly random: RandomBackend;
}

/** Smallest PSK accepted: RFC 9180 section 9.5 requires at least 32 bytes of entropy. */
export const PSK_MIN_LENGTH = 32;

const EMPTY = new Uint8Array(0);

/** Options shared by sender and recipient setup. */
export interface HpkeCommonOptions {
  /** Application info bound into the key schedule (both sides must give the same); default empty. */
  info?: Uint8Array | undefined;
  /** Pre-shared key, at least 32 bytes; selects psk or auth_psk mode. Give with `pskId`. */
  psk?: Uint8Array | undefined;
  /** Identifier of the pre-shared key (non-empty); give with `psk`. */
  pskId?: Uint8Array | undefined;
  /** AEAD; default `'AES-256-GCM'`. */
  aead?: HpkeAead | undefined;
}

/** Options of `setupSender`: the mode follows from what is given (docs/hpke.md). */
export interface HpkeSenderOptions extends HpkeCommonOptions {
  /** The sender's X25519 private key (32 bytes); selects auth or auth_psk mode. */
  senderPrivateKey?: Uint8Array | undefined;
}

/** Options of `setupRecipient`: give the same mode options as the sender. */
export interface HpkeRecipientOptions extends HpkeCommonOptions {
  /** The expected sender's X25519 public key (32 bytes); selects auth or auth_psk mode. */
  senderPublicKey?: Uint8Array | undefined;
}

/** Options of `seal`. */
export interface HpkeSealOptions extends HpkeSenderOptions {
  /** Additional authenticated data (not sent); default empty. */
  aad?: Uint8Array | undefined;
}

/** Options of `open`. */
export interface HpkeOpenOptions extends HpkeRecipientOptions {
  /** The additional data given to seal; default empty. */
  aad?: Uint8Array | undefined;
}

/** Result of `setupSender`. */
export interface HpkeSetupSenderResult {
  /** The encapsulated key to send with the ciphertexts (32 bytes). */
  enc: Uint8Array;
  /** The sender context. */
  context: HpkeSenderContext;
}

/** Result of `seal` (and `sealXWing`), and the first argument of `open` (and `openXWing`). */
export interface HpkeSealResult {
  /** The encapsulated key (32 bytes; 1120 for X-Wing). */
  enc: Uint8Array;
  /** Ciphertext ‖ 16-byte tag. */
  ciphertext: Uint8Array;
}

/** @internal What the setup and single-shot cores take: the public options plus the positional arguments. */
export interface HpkeSenderArgs extends HpkeSenderOptions {
  recipientPublicKey: Uint8Array;
}

/** @internal See {@link HpkeSenderArgs}. */
export interface HpkeRecipientArgs extends HpkeRecipientOptions {
  recipientPrivateKey: Uint8Array;
  enc: Uint8Array;
}

/** @internal See {@link HpkeSenderArgs}. */
export interface HpkeSealArgs extends HpkeSenderArgs {
  plaintext: Uint8Array;
  aad?: Uint8Array | undefined;
}

/** @internal See {@link HpkeSenderArgs}. */
export interface HpkeOpenArgs extends HpkeRecipientArgs {
  ciphertext: Uint8Array;
  aad?: Uint8Array | undefined;
}

/** @internal The checked options object of a public function, or an empty one (docs/api-conventions.md, "Calls"). */
export function publicOptions<T extends object>(options: T | undefined): T {
  return (options === undefined ? {} : aobject(options, 'options')) as T;
}

/** @internal The checked `{ enc, ciphertext }` first argument of `open` / `openXWing`. */
export function asealed(sealed: HpkeSealResult): HpkeSealResult {
  const s = aobject(sealed, 'sealed');
  return { enc: assertBytes(s['enc'], 'sealed.enc'), ciphertext: assertBytes(s['ciphertext'], 'sealed.ciphertext') };
}

interface Resolved {
  readonly aead: HpkeAead;
  readonly mode: HpkeMode;
  readonly info: Uint8Array;
  readonly psk: Uint8Array;
  readonly pskId: Uint8Array;
}


/** Reads the common options and VerifyPSKInputs (RFC 9180 section 5.1), with the mode from what was given. */
function resolve(o: HpkeCommonOptions, auth: boolean): Resolved {
  const aead = aoneOf(o.aead === undefined ? 'AES-256-GCM' : o.aead, 'aead', HPKE_AEADS);
  const info = o.info === undefined ? EMPTY : assertBytes(o.info, 'info');
  const hasPsk = o.psk !== undefined;
  if (hasPsk !== (o.pskId !== undefined)) throw invalidInput('"psk" and "pskId" must be given together');
  const psk = hasPsk ? assertBytesRange(o.psk, 'psk', PSK_MIN_LENGTH, 0xffff) : EMPTY;
  const pskId = hasPsk ? assertBytesRange(o.pskId, 'pskId', 1, 0xffff) : EMPTY;
  const mode: HpkeMode = auth ? (hasPsk ? 'auth_psk' : 'auth') : hasPsk ? 'psk' : 'base';
  return { aead, mode, info, psk, pskId };
}

function schedule(deps: HpkeDeps, r: Resolved, sharedSecret: Uint8Array): KeyScheduleOutput {
  try {
    return keySchedule(deps.hash, r.aead, r.mode, sharedSecret, r.info, r.psk, r.pskId);
  } finally {
    wipe(sharedSecret);
  }
}

/**
 * SetupBaseS / SetupPSKS / SetupAuthS / SetupAuthPSKS (RFC 9180 section 5.1), the mode chosen by
 * the options given.
 * @internal
 * @param deps - backends.
 * @param o - sender options (see `setupSender` in `zkvault/hpke`).
 * @param ephemeral - fixed ephemeral key pair, for test vectors only (this seam is not exported
 *   from `zkvault/hpke`: reusing an ephemeral key across messages voids HPKE's guarantees).
 * @returns enc and the sender context.
 * @throws ZkvaultError `INVALID_INPUT` on a bad argument or a low-order recipient public key.
 * @example
 * ```ts
 * const { enc, context } = await setupSenderWith(deps, { recipientPublicKey }, deriveKeyPairWith(deps, ikmE));
 * ```
 */
export async function setupSenderWith(
  deps: HpkeDeps,
  o: HpkeSenderArgs,
  ephemeral?: HpkeKeyPair,
): Promise<HpkeSetupSenderResult> {
  aobject(o, 'options');
  const pkR = assertBytes(o.recipientPublicKey, 'recipientPublicKey', X25519_KEY_LENGTH);
  const skS = o.senderPrivateKey === undefined ? undefined : assertBytes(o.senderPrivateKey, 'senderPrivateKey', X25519_KEY_LENGTH);
  const r = resolve(o, skS !== undefined);
  if (ephemeral !== undefined) {
    assertBytes(ephemeral.privateKey, 'ephemeral.privateKey', X25519_KEY_LENGTH);
    assertBytes(ephemeral.publicKey, 'ephemeral.publicKey', X25519_KEY_LENGTH);
  }
  const { sharedSecret, enc } = encap(deps, pkR, skS, ephemeral);
  const ks = schedule(deps, r, sharedSecret);
  return { enc, context: await createSenderContext(deps.hash, deps.aead, r.aead, r.mode, ks) };
}

/**
 * SetupBaseR / SetupPSKR / SetupAuthR / SetupAuthPSKR (RFC 9180 section 5.1).
 * @internal
 * @param deps - backends.
 * @param o - recipient options (see `setupRecipient` in `zkvault/hpke`).
 * @returns the recipient context.
 * @throws ZkvaultError `INVALID_INPUT` on a bad argument; `DECRYPT_FAILED` if `enc` is malformed
 *   or of low order, or a sender public key is of low order.
 * @example
 * ```ts
 * const context = await setupRecipientWith(deps, { recipientPrivateKey, enc });
 * ```
 */
export async function setupRecipientWith(deps: HpkeDeps, o: HpkeRecipientArgs): Promise<HpkeRecipientContext> {
  aobject(o, 'options');
  const skR = assertBytes(o.recipientPrivateKey, 'recipientPrivateKey', X25519_KEY_LENGTH);
  const enc = assertBytes(o.enc, 'enc');
  const pkS = o.senderPublicKey === undefined ? undefined : assertBytes(o.senderPublicKey, 'senderPublicKey', X25519_KEY_LENGTH);
  const r = resolve(o, pkS !== undefined);
  let sharedSecret: Uint8Array;
  try {
    sharedSecret = decap(deps, enc, skR, pkS);
  } catch {
    // Whatever went wrong with untrusted enc (length, low order), the answer is the generic failure.
    throw decryptFailed();
  }
  const ks = schedule(deps, r, sharedSecret);
  return createRecipientContext(deps.hash, deps.aead, r.aead, r.mode, ks);
}

/**
 * Single-shot seal (RFC 9180 section 6.1): setup, one Seal, dispose.
 * @internal
 * @param deps - backends.
 * @param o - seal options (see `seal` in `zkvault/hpke`).
 * @param ephemeral - fixed ephemeral key pair, test vectors only (see {@link setupSenderWith}).
 * @returns enc and ciphertext.
 * @throws ZkvaultError as {@link setupSenderWith}, and `INVALID_INPUT` on bad plaintext or aad.
 * @example
 * ```ts
 * const { enc, ciphertext } = await sealWith(deps, { recipientPublicKey, plaintext });
 * ```
 */
export async function sealWith(deps: HpkeDeps, o: HpkeSealArgs, ephemeral?: HpkeKeyPair): Promise<HpkeSealResult> {
  aobject(o, 'options');
  assertBytes(o.plaintext, 'plaintext');
  const aad = o.aad === undefined ? EMPTY : assertBytes(o.aad, 'aad');
  const { enc, context } = await setupSenderWith(deps, o, ephemeral);
  try {
    return { enc, ciphertext: await context.seal(o.plaintext, { aad }) };
  } finally {
    context.dispose();
  }
}

/**
 * Single-shot open (RFC 9180 section 6.1).
 * @internal
 * @param deps - backends.
 * @param o - open options (see `open` in `zkvault/hpke`).
 * @returns the plaintext.
 * @throws ZkvaultError `DECRYPT_FAILED` on every failure of the message (one message),
 *   `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * const plaintext = await openWith(deps, { recipientPrivateKey, enc, ciphertext });
 * ```
 */
export async function openWith(deps: HpkeDeps, o: HpkeOpenArgs): Promise<Uint8Array> {
  aobject(o, 'options');
  const ciphertext = assertBytes(o.ciphertext, 'ciphertext');
  const aad = o.aad === undefined ? EMPTY : assertBytes(o.aad, 'aad');
  const context = await setupRecipientWith(deps, o);
  try {
    return await context.open(ciphertext, { aad });
  } finally {
    context.dispose();
  }
}
