/**
 * The HPKE key schedule and encryption contexts (RFC 9180 sections 5.1, 5.2 and 5.3) for
 * KDF HKDF-SHA256 (0x0001) and AEAD AES-128-GCM (0x0001) or AES-256-GCM (0x0002).
 *
 * A sender context seals messages in order (sequence numbers 0, 1, 2, …); a recipient context
 * opens them in the same order. Each message's nonce is base_nonce XOR I2OSP(seq, Nn).
 * @module
 */
import type { AeadBackend, AesGcmKey, HashBackend } from '../backend/types.js';
import { assertBytes, ainteger, concatBytes, wipe } from '../bytes/index.js';
import { aadOption } from '../bytes/options.js';
import { decryptFailed, ZkvaultError } from '../errors.js';
import { KEM_ID } from './dhkem.js';
import { i2osp2, label, labeledExpand, labeledExtract, NH } from './labeled.js';

/** Options of a context's `seal` and `open` (one message). */
export interface HpkeMessageOptions {
  /** Additional authenticated data (authenticated, not sent); the recipient gives the same. Default empty. */
  aad?: Uint8Array | undefined;
}

/** AEAD algorithms of zkvault's HPKE suites. */
export type HpkeAead = 'AES-256-GCM' | 'AES-128-GCM';

/** HPKE modes (RFC 9180 section 5): base 0x00, psk 0x01, auth 0x02, auth_psk 0x03. */
export type HpkeMode = 'base' | 'psk' | 'auth' | 'auth_psk';

/** The AEADs accepted, for validation. */
export const HPKE_AEADS: readonly HpkeAead[] = ['AES-256-GCM', 'AES-128-GCM'];

/** KDF id of HKDF-SHA256. */
export const KDF_ID = 0x0001;
/** AEAD ids (RFC 9180 section 7.3). */
export const AEAD_ID: Readonly<Record<HpkeAead, number>> = { 'AES-128-GCM': 0x0001, 'AES-256-GCM': 0x0002 };
/** Mode bytes (RFC 9180 section 5, Table 1). */
export const MODE_ID: Readonly<Record<HpkeMode, number>> = { base: 0x00, psk: 0x01, auth: 0x02, auth_psk: 0x03 };

const NK: Readonly<Record<HpkeAead, number>> = { 'AES-128-GCM': 16, 'AES-256-GCM': 32 };
/** Nn: nonce length of both AEADs. */
const NN = 12;
/** Nt: tag length of both AEADs. */
export const HPKE_TAG_LENGTH = 16;
/** Largest exporter output, 255·Nh (RFC 5869 Expand limit). */
export const EXPORT_MAX_LENGTH: number = 255 * NH;
/**
 * Messages per context. RFC 9180 allows 2^96 - 1; sequence numbers here are JavaScript safe
 * integers, far beyond any real use and beyond GCM's own per-key budget.
 */
export const SEQ_LIMIT: number = Number.MAX_SAFE_INTEGER;

const EMPTY = new Uint8Array(0);
const L_PSK_ID_HASH = label('psk_id_hash');
const L_INFO_HASH = label('info_hash');
const L_SECRET = label('secret');
const L_KEY = label('key');
const L_BASE_NONCE = label('base_nonce');
const L_EXP = label('exp');
const L_SEC = label('sec');

/**
 * suite_id = "HPKE" ‖ I2OSP(kem_id, 2) ‖ I2OSP(kdf_id, 2) ‖ I2OSP(aead_id, 2) (RFC 9180 section 5.1).
 * @internal
 * @param aead - the AEAD of the suite.
 * @param kemId - the KEM id; default DHKEM(X25519, HKDF-SHA256), 0x0020 (X-Wing is 0x647a).
 * @returns the 10-byte suite_id.
 * @throws nothing.
 * @example
 * ```ts
 * hpkeSuiteId('AES-256-GCM'); // "HPKE" 00 20 00 01 00 02
 * ```
 */
export function hpkeSuiteId(aead: HpkeAead, kemId: number = KEM_ID): Uint8Array {
  return concatBytes(label('HPKE'), i2osp2(kemId), i2osp2(KDF_ID), i2osp2(AEAD_ID[aead]));
}

/** Everything KeySchedule derives; exposed internally so the vector tests can check each value. */
export interface KeyScheduleOutput {
  readonly keyScheduleContext: Uint8Array;
  readonly secret: Uint8Array;
  readonly key: Uint8Array;
  readonly baseNonce: Uint8Array;
  readonly exporterSecret: Uint8Array;
  /** The suite_id the schedule used (its KEM id), so contexts export under the same suite. */
  readonly suiteId?: Uint8Array;
}

/**
 * KeySchedule (RFC 9180 section 5.1). The PSK inputs are already checked (VerifyPSKInputs) by the
 * caller; in modes without a PSK, psk and pskId are the empty defaults.
 * @internal
 * @param hash - backend.
 * @param aead - the suite's AEAD (sets Nk and suite_id).
 * @param mode - the HPKE mode.
 * @param sharedSecret - the KEM shared secret.
 * @param info - application info.
 * @param psk - the PSK, or empty.
 * @param pskId - the PSK id, or empty.
 * @param kemId - the KEM id in suite_id; default 0x0020 (DHKEM(X25519, HKDF-SHA256)).
 * @returns key_schedule_context, secret, key, base_nonce, exporter_secret and suite_id.
 * @throws nothing for valid arguments.
 * @example
 * ```ts
 * const ks = keySchedule(hash, 'AES-256-GCM', 'auth', sharedSecret, info, new Uint8Array(0), new Uint8Array(0));
 * ```
 */
export function keySchedule(
  hash: HashBackend,
  aead: HpkeAead,
  mode: HpkeMode,
  sharedSecret: Uint8Array,
  info: Uint8Array,
  psk: Uint8Array,
  pskId: Uint8Array,
  kemId: number = KEM_ID,
): KeyScheduleOutput {
  const suiteId = hpkeSuiteId(aead, kemId);
  const pskIdHash = labeledExtract(hash, suiteId, EMPTY, L_PSK_ID_HASH, pskId);
  const infoHash = labeledExtract(hash, suiteId, EMPTY, L_INFO_HASH, info);
  const keyScheduleContext = concatBytes(Uint8Array.of(MODE_ID[mode]), pskIdHash, infoHash);
  const secret = labeledExtract(hash, suiteId, sharedSecret, L_SECRET, psk);
  return {
    keyScheduleContext,
    secret,
    key: labeledExpand(hash, suiteId, secret, L_KEY, keyScheduleContext, NK[aead]),
    baseNonce: labeledExpand(hash, suiteId, secret, L_BASE_NONCE, keyScheduleContext, NN),
    exporterSecret: labeledExpand(hash, suiteId, secret, L_EXP, keyScheduleContext, NH),
    suiteId,
  };
}

/**
 * ComputeNonce (RFC 9180 section 5.2): base_nonce XOR I2OSP(seq, Nn).
 * @internal
 * @param baseNonce - the context's 12-byte base_nonce.
 * @param seq - the sequence number, 0 to 2^53 - 1.
 * @returns the 12-byte nonce (a new array).
 * @throws nothing for valid arguments.
 * @example
 * ```ts
 * const nonce = computeNonce(baseNonce, 0); // equals baseNonce
 * ```
 */
export function computeNonce(baseNonce: Uint8Array, seq: number): Uint8Array {
  const nonce = baseNonce.slice();
  // seq fits in 53 bits: the low 32 bits and the high 21 bits go into the last 7 bytes.
  const lo = seq >>> 0;
  const hi = Math.floor(seq / 2 ** 32);
  for (let i = 0; i < 4; i++) nonce[NN - 1 - i]! ^= (lo >>> (8 * i)) & 0xff;
  for (let i = 0; i < 3; i++) nonce[NN - 5 - i]! ^= (hi >>> (8 * i)) & 0xff;
  return nonce;
}

/**
 * The nonce of message number `seq` of a context, refusing `seq` at or past {@link SEQ_LIMIT}:
 * RFC 9180 section 5.2 requires the context to fail rather than let the counter wrap and reuse a
 * nonce. A pure function, so the limit is tested directly (no test can send 2^53 messages).
 * @internal
 * @param baseNonce - the context's 12-byte base_nonce.
 * @param seq - the context's sequence number.
 * @returns the 12-byte nonce (a new array).
 * @throws ZkvaultError `UNSUPPORTED` when `seq` has reached the limit.
 * @example
 * ```ts
 * const nonce = messageNonce(baseNonce, 0); // equals baseNonce
 * ```
 */
export function messageNonce(baseNonce: Uint8Array, seq: number): Uint8Array {
  if (seq >= SEQ_LIMIT) throw new ZkvaultError('UNSUPPORTED', 'zkvault: HPKE context message limit reached');
  return computeNonce(baseNonce, seq);
}

let newSender: (s: Schedule, mode: HpkeMode) => HpkeSenderContext;
let newRecipient: (s: Schedule, mode: HpkeMode) => HpkeRecipientContext;

/** Per-context state shared by sender and recipient contexts. */
class Schedule {
  readonly hash: HashBackend;
  readonly suiteId: Uint8Array;
  readonly gcm: AesGcmKey;
  readonly baseNonce: Uint8Array;
  readonly exporterSecret: Uint8Array;
  seq = 0;
  disposed = false;

  constructor(hash: HashBackend, aead: HpkeAead, gcm: AesGcmKey, ks: KeyScheduleOutput) {
    this.hash = hash;
    this.suiteId = ks.suiteId ?? hpkeSuiteId(aead);
    this.gcm = gcm;
    this.baseNonce = ks.baseNonce;
    this.exporterSecret = ks.exporterSecret;
  }

  static async create(
    hash: HashBackend,
    aeadBackend: AeadBackend,
    aead: HpkeAead,
    ks: KeyScheduleOutput,
  ): Promise<Schedule> {
    const gcm = await aeadBackend.aesGcmKey(ks.key);
    // The backend keeps its own key object; our copies of the intermediate secrets go now.
    wipe(ks.key, ks.secret);
    return new Schedule(hash, aead, gcm, ks);
  }

  check(): void {
    if (this.disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: HPKE context was disposed');
  }

  nextNonce(): Uint8Array {
    return messageNonce(this.baseNonce, this.seq);
  }

  export(exporterContext: Uint8Array, length: number): Uint8Array {
    this.check();
    assertBytes(exporterContext, 'exporterContext');
    ainteger(length, 'length', 1, EXPORT_MAX_LENGTH);
    return labeledExpand(this.hash, this.suiteId, this.exporterSecret, L_SEC, exporterContext, length);
  }

  dispose(): void {
    this.disposed = true;
    wipe(this.baseNonce, this.exporterSecret);
  }
}

/**
 * The sender's side of an HPKE context (RFC 9180 section 5.2): seals messages in order and
 * exports secrets. Create it with `setupSender` from `zkvault/hpke`.
 *
 * Security limits: messages must be opened in the order they were sealed; at most 2^53 - 1
 * messages per context; the AAD is authenticated but not sent.
 *
 * @example
 * ```ts
 * import { generateKeyPair, setupSender } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const { enc, context } = await setupSender(recipient.publicKey);
 * const c0 = await context.seal(new TextEncoder().encode('first'));
 * const c1 = await context.seal(new TextEncoder().encode('second'));
 * // send enc, then c0 and c1 in this order
 * ```
 */
export class HpkeSenderContext {
  readonly #s: Schedule;
  /** The mode this context was set up in. */
  readonly mode: HpkeMode;

  private constructor(s: Schedule, mode: HpkeMode) {
    this.#s = s;
    this.mode = mode;
  }

  // Hands the private constructor to createSenderContext below: building a context takes backends, which
  // must not appear in the published type of this class.
  static {
    newSender = (s, mode) => new HpkeSenderContext(s, mode);
  }

  /**
   * Seal (RFC 9180 section 5.2): encrypts the next message of this context.
   * @param plaintext - the message.
   * @param options - `aad`: additional authenticated data (not sent); default empty.
   * @returns ciphertext ‖ 16-byte tag.
   * @throws ZkvaultError `INVALID_INPUT` on a non-bytes argument or bad options, `KEY_LOCKED` after dispose.
   * @example
   * ```ts
   * import { generateKeyPair, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const { enc, context } = await setupSender(recipient.publicKey);
   * const aad = new TextEncoder().encode('message 0'); // authenticated, not sent
   * const ct = await context.seal(new TextEncoder().encode('hello'), { aad });
   * ```
   */
  async seal(plaintext: Uint8Array, options?: HpkeMessageOptions): Promise<Uint8Array> {
    this.#s.check();
    assertBytes(plaintext, 'plaintext');
    const aad = aadOption(options);
    const nonce = this.#s.nextNonce();
    // Taken before the await, so concurrent seals never share a nonce.
    this.#s.seq++;
    return this.#s.gcm.encrypt(nonce, plaintext, aad);
  }

  /**
   * Export (RFC 9180 section 5.3): a secret derived from this context, for the caller's own keys.
   * @param exporterContext - distinguishes the exported secrets (a label of the caller's choosing).
   * @param length - output length, 1 to 8160 bytes.
   * @returns the exported secret.
   * @throws ZkvaultError `INVALID_INPUT` on a bad argument, `KEY_LOCKED` after dispose.
   * @example
   * ```ts
   * import { generateKeyPair, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const { enc, context } = await setupSender(recipient.publicKey);
   * const k = await context.exportSecret(new TextEncoder().encode('stream key'), 32);
   * ```
   */
  async exportSecret(exporterContext: Uint8Array, length: number): Promise<Uint8Array> {
    return this.#s.export(exporterContext, length);
  }

  /**
   * Zeroes this context's nonce and exporter secret and makes it unusable (the AES key object of the
   * platform cannot be wiped from JavaScript; it is dropped for the GC).
   * @returns nothing.
   * @example
   * ```ts
   * import { generateKeyPair, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const { enc, context } = await setupSender(recipient.publicKey);
   * const c0 = await context.seal(new TextEncoder().encode('last message'));
   * context.dispose(); // further seal or exportSecret calls throw KEY_LOCKED
   * ```
   */
  dispose(): void {
    this.#s.dispose();
  }
}

/**
 * The recipient's side of an HPKE context (RFC 9180 section 5.2): opens messages in the order
 * they were sealed and exports secrets. Create it with `setupRecipient` from `zkvault/hpke`.
 *
 * @example
 * ```ts
 * import { generateKeyPair, setupRecipient, setupSender } from 'zkvault/hpke';
 * const recipient = generateKeyPair();
 * const sender = await setupSender(recipient.publicKey);
 * const c0 = await sender.context.seal(new TextEncoder().encode('first'));
 * const context = await setupRecipient(sender.enc, recipient.privateKey);
 * const first = await context.open(c0);
 * console.log(new TextDecoder().decode(first)); // 'first'
 * ```
 */
export class HpkeRecipientContext {
  readonly #s: Schedule;
  #queue: Promise<unknown> = Promise.resolve();
  /** The mode this context was set up in. */
  readonly mode: HpkeMode;

  private constructor(s: Schedule, mode: HpkeMode) {
    this.#s = s;
    this.mode = mode;
  }

  // Hands the private constructor to createRecipientContext below: building a context takes backends, which
  // must not appear in the published type of this class.
  static {
    newRecipient = (s, mode) => new HpkeRecipientContext(s, mode);
  }

  async #open(ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    this.#s.check();
    if (ciphertext.length < HPKE_TAG_LENGTH) throw decryptFailed();
    const pt = await this.#s.gcm.decrypt(this.#s.nextNonce(), ciphertext, aad);
    // RFC 9180 section 5.2: the sequence number moves only after a successful open.
    this.#s.seq++;
    return pt;
  }

  /**
   * Open (RFC 9180 section 5.2): authenticates and decrypts the next message of this context.
   * Calls are queued, so concurrent opens still use sequence numbers in call order.
   * @param ciphertext - ciphertext ‖ tag from the sender's `seal`.
   * @param options - `aad`: the additional data given to seal; default empty.
   * @returns the plaintext.
   * @throws ZkvaultError `DECRYPT_FAILED` on any failure (one message; the sequence number does not
   *   move), `INVALID_INPUT` on a non-bytes argument or bad options, `KEY_LOCKED` after dispose.
   * @example
   * ```ts
   * import { generateKeyPair, setupRecipient, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const sender = await setupSender(recipient.publicKey);
   * const aad = new TextEncoder().encode('message 0');
   * const ct = await sender.context.seal(new TextEncoder().encode('hello'), { aad });
   * const context = await setupRecipient(sender.enc, recipient.privateKey);
   * const pt = await context.open(ct, { aad });
   * console.log(new TextDecoder().decode(pt)); // 'hello'
   * ```
   */
  open(ciphertext: Uint8Array, options?: HpkeMessageOptions): Promise<Uint8Array> {
    let aad: Uint8Array;
    try {
      assertBytes(ciphertext, 'ciphertext');
      aad = aadOption(options);
    } catch (e) {
      return Promise.reject(e);
    }
    const run = this.#queue.then(() => this.#open(ciphertext, aad));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Export (RFC 9180 section 5.3): the same secret the sender's context exports for this context.
   * @param exporterContext - distinguishes the exported secrets.
   * @param length - output length, 1 to 8160 bytes.
   * @returns the exported secret.
   * @throws ZkvaultError `INVALID_INPUT` on a bad argument, `KEY_LOCKED` after dispose.
   * @example
   * ```ts
   * import { generateKeyPair, setupRecipient, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const sender = await setupSender(recipient.publicKey);
   * const context = await setupRecipient(sender.enc, recipient.privateKey);
   * const label = new TextEncoder().encode('stream key');
   * const k = await context.exportSecret(label, 32); // the same 32 bytes as sender.context.exportSecret(label, 32)
   * ```
   */
  async exportSecret(exporterContext: Uint8Array, length: number): Promise<Uint8Array> {
    return this.#s.export(exporterContext, length);
  }

  /**
   * Zeroes this context's nonce and exporter secret and makes it unusable.
   * @returns nothing.
   * @example
   * ```ts
   * import { generateKeyPair, setupRecipient, setupSender } from 'zkvault/hpke';
   * const recipient = generateKeyPair();
   * const sender = await setupSender(recipient.publicKey);
   * const context = await setupRecipient(sender.enc, recipient.privateKey);
   * context.dispose(); // further open or exportSecret calls reject with KEY_LOCKED
   * ```
   */
  dispose(): void {
    this.#s.dispose();
  }
}

/**
 * @internal The sender context for a finished key schedule; `setupSender` calls it. Not exported
 * from any entry point.
 * @returns the context (the schedule's key and secret are wiped once the AEAD key is imported).
 */
export async function createSenderContext(
  hash: HashBackend,
  aeadBackend: AeadBackend,
  aead: HpkeAead,
  mode: HpkeMode,
  ks: KeyScheduleOutput,
): Promise<HpkeSenderContext> {
  return newSender(await Schedule.create(hash, aeadBackend, aead, ks), mode);
}

/**
 * @internal The recipient context for a finished key schedule; `setupRecipient` calls it. Not
 * exported from any entry point.
 * @returns the context (the schedule's key and secret are wiped once the AEAD key is imported).
 */
export async function createRecipientContext(
  hash: HashBackend,
  aeadBackend: AeadBackend,
  aead: HpkeAead,
  mode: HpkeMode,
  ks: KeyScheduleOutput,
): Promise<HpkeRecipientContext> {
  return newRecipient(await Schedule.create(hash, aeadBackend, aead, ks), mode);
}
