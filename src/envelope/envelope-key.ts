/**
 * The v1 envelope: AES-256-GCM with a random 96-bit nonce, an HMAC-SHA256 key commitment and
 * caller-supplied context (AAD). Layout (docs/formats.md, docs/architecture.md section 4):
 *
 * ```
 * offset  size  field
 * 0       1     version     0x01
 * 1       1     suite       0x01 = AES-256-GCM, 96-bit random nonce, HMAC-SHA256 key commitment
 * 2       12    nonce
 * 14      32    commitment  HMAC-SHA256(key, "zkvault/v1/commit" ‖ nonce)
 * 46      n     ciphertext
 * 46+n    16    GCM tag
 * GCM additional data = envelope[0, 46) ‖ aad
 * ```
 *
 * Why a commitment: GCM alone is not key-committing (one ciphertext can be made to open under two
 * chosen keys, Dodis et al. 2018 / Len et al. 2021 "partitioning oracles"). The HMAC binds the
 * envelope to exactly one key. Why the header in the AAD: the version, suite, nonce and commitment
 * are all authenticated by the tag.
 * @module
 */
import type { AeadBackend, AesGcmKey, HashBackend, PreparedMac, RandomBackend } from '../backend/types.js';
import { assertBytes, copyBytes, equalBytes, fromBase64url, toBase64url, utf8ToBytes, wipe } from '../bytes/index.js';
import { Base64urlWriter } from '../bytes/encoding.js';
import { aadOption } from '../bytes/options.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { yieldToEventLoop } from './turn.js';

/** Envelope format version byte. */
export const ENVELOPE_VERSION = 0x01;
/** Suite byte: AES-256-GCM, 96-bit random nonce, HMAC-SHA256 key commitment. */
export const ENVELOPE_SUITE = 0x01;
/** Header length: version, suite, nonce, commitment. */
export const ENVELOPE_HEADER_LENGTH = 46;
/** Fixed overhead of an envelope over its plaintext (header + 16-byte tag). */
export const ENVELOPE_OVERHEAD = 62;
/**
 * Envelopes to seal under one key at most: 2^32 with random 96-bit nonces keeps the nonce
 * collision chance under 2^-32 (NIST SP 800-38D section 8.3). Rotate keys long before.
 */
export const ENVELOPE_NONCE_BUDGET: number = 2 ** 32;

const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
/**
 * Above this plaintext size (4 MiB) `sealString` encodes the envelope as it encrypts and `openString`
 * decrypts over the decoded bytes, where the backend can (issue 13, mem13): a 64 MiB resource then
 * holds its text and one byte copy, not also a framed envelope and the text as bytes.
 */
const TEXT_PIECES_MIN = 1 << 22;
/** Plaintext per cipher call of that path: 768 KiB, a multiple of 3, so no bytes wait for the encoder. */
const TEXT_STEP = 3 << 18;
/** The event loop gets a turn every this many bytes (as the node backend's seal: about 1 ms of work). */
const TEXT_YIELD_EVERY = 4 * TEXT_STEP;
const COMMIT_LABEL = utf8ToBytes('zkvault/v1/commit');

/** Options of every v1 envelope function (`seal`, `open`, `sealString`, `openString` and the {@link EnvelopeKey} methods). */
export interface EnvelopeOptions {
  /**
   * Context bound to the envelope (for example the record's id): authenticated, neither encrypted
   * nor stored, so it must be given again to open. Default empty.
   */
  aad?: Uint8Array | undefined;
}

/** The backend families an envelope needs; the public API binds the platform's. */
export interface EnvelopeDeps {
  readonly aead: AeadBackend;
  readonly hash: HashBackend;
  readonly random: RandomBackend;
}

let sealWithNonceImpl: (k: EnvelopeKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array) => Promise<Uint8Array>;
let setSealCountImpl: (k: EnvelopeKey, count: number) => void;
let newEnvelopeKey: (raw: Uint8Array, gcm: AesGcmKey, mac: PreparedMac, random: RandomBackend, reuseAad: boolean) => EnvelopeKey;

/**
 * An envelope key with its per-key state prepared once (AES key schedule or CryptoKey, HMAC pads).
 * Use it on hot paths instead of the one-shot {@link seal}/{@link open}. Create it with
 * {@link envelopeKey}.
 *
 * Security limits: at most {@link ENVELOPE_NONCE_BUDGET} envelopes per key. Each `EnvelopeKey`
 * counts its seals and refuses the one past the budget with `NONCE_BUDGET_EXHAUSTED`; the count
 * lives in this object only (not across processes or one-shot `seal` calls), so rotate the key
 * (a new group key version) long before. The AAD (context) is authenticated but neither encrypted
 * nor stored; the plaintext length is visible.
 *
 * @example
 * ```ts
 * import { envelopeKey } from 'zkvault/envelope';
 * const rawKey = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('notes/42'); // context, e.g. the record's id
 * const k = await envelopeKey(rawKey);
 * const env = await k.seal(new TextEncoder().encode('hello'), { aad });
 * const back = await k.open(env, { aad });
 * console.log(new TextDecoder().decode(back)); // 'hello'
 * k.dispose();
 * ```
 */
export class EnvelopeKey {
  readonly #gcm: AesGcmKey;
  readonly #mac: PreparedMac;
  readonly #random: RandomBackend;
  readonly #raw: Uint8Array;
  /**
   * Whether the AEAD consumes its AAD before returning (node:crypto's setAAD is synchronous): then
   * header ‖ aad is assembled in one scratch buffer, reused across calls, instead of a
   * fresh array per call. The web backend may read the AAD after an await, so it gets fresh arrays.
   */
  readonly #reuseAad: boolean;
  #scratch: Uint8Array = new Uint8Array(ENVELOPE_HEADER_LENGTH + 64);
  #disposed = false;
  /** Envelopes sealed with a random nonce so far (NIST SP 800-38D section 8.3 counts invocations per key). */
  #sealed = 0;

  // Hands the constructor and two private members to the module-level internals below
  // (createEnvelopeKey, sealWithNonce, setSealCountForTesting): they take backends or break the
  // nonce rule, so they must not be members of the public class and its published type.
  static {
    newEnvelopeKey = (raw, gcm, mac, random, reuseAad) => new EnvelopeKey(raw, gcm, mac, random, reuseAad);
    sealWithNonceImpl = (k, nonce, plaintext, aad) => k.#seal(nonce, plaintext, aad);
    setSealCountImpl = (k, count) => {
      k.#sealed = count;
    };
  }

  private constructor(raw: Uint8Array, gcm: AesGcmKey, mac: PreparedMac, random: RandomBackend, reuseAad: boolean) {
    this.#raw = raw;
    this.#gcm = gcm;
    this.#mac = mac;
    this.#random = random;
    this.#reuseAad = reuseAad;
  }

  /** A buffer of `header + aadLength` bytes for the GCM AAD: the reused scratch where that is safe. */
  #aadBuffer(aadLength: number): Uint8Array {
    const n = ENVELOPE_HEADER_LENGTH + aadLength;
    if (!this.#reuseAad) return new Uint8Array(n);
    if (this.#scratch.length < n) this.#scratch = new Uint8Array(Math.max(n, 2 * this.#scratch.length));
    return this.#scratch.subarray(0, n);
  }

  #check(): void {
    if (this.#disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: envelope key was disposed');
  }

  /** Writes header ‖ aad into `a` (the GCM AAD; its first 46 bytes are the envelope's header). */
  #header(a: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Uint8Array {
    a[0] = ENVELOPE_VERSION;
    a[1] = ENVELOPE_SUITE;
    a.set(nonce, 2);
    a.set(this.#mac(COMMIT_LABEL, nonce), 14);
    a.set(aad, ENVELOPE_HEADER_LENGTH);
    return a;
  }

  #seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    // header ‖ aad in one buffer: the GCM AAD, whose first 46 bytes the backend copies into the
    // output as the header before it returns, so the buffer can be reused by the next call.
    const a = this.#header(this.#aadBuffer(aad.length), nonce, aad);
    return this.#gcm.encrypt(nonce, plaintext, a, a.subarray(0, ENVELOPE_HEADER_LENGTH));
  }

  /** The checks and the nonce count of every seal. @returns the AAD. */
  #begin(plaintext: Uint8Array, options: EnvelopeOptions | undefined): Uint8Array {
    this.#check();
    assertBytes(plaintext, 'plaintext');
    const aad = aadOption(options);
    if (this.#sealed >= ENVELOPE_NONCE_BUDGET) {
      throw new ZkvaultError('NONCE_BUDGET_EXHAUSTED', 'zkvault: this envelope key sealed its nonce budget (2^32 envelopes); rotate to a new key');
    }
    this.#sealed++;
    return aad;
  }

  /**
   * The envelope's base64url, encoded as it is made: header, then each ciphertext piece as the
   * cipher returns it, then the tag (no framed envelope). A backend without incremental GCM (web)
   * gives ciphertext ‖ tag in one array, still not copied into a frame.
   */
  async #sealText(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<string> {
    // A fresh AAD buffer: the reused scratch could change under the awaits below.
    const a = this.#header(new Uint8Array(ENVELOPE_HEADER_LENGTH + aad.length), nonce, aad);
    const text = new Base64urlWriter().push(a.subarray(0, ENVELOPE_HEADER_LENGTH));
    const enc = this.#gcm.encryptSegment?.(nonce, a);
    if (enc === undefined) {
      for (const part of await this.#gcm.encryptParts(nonce, plaintext, a)) text.push(part);
      return text.end();
    }
    for (let i = 0; i < plaintext.length; i += TEXT_STEP) {
      if (i > 0 && i % TEXT_YIELD_EVERY === 0) await yieldToEventLoop();
      text.push(enc.update(plaintext.subarray(i, i + TEXT_STEP)));
    }
    return text.push(enc.final()).end();
  }

  /**
   * Encrypts `plaintext` under this key, bound to `aad`. Above 4 MiB the Node backend hands the
   * event loop back every 4 MiB, so do not change `plaintext` until the promise settles; for large
   * payloads prefer the streaming envelope (`sealStream`).
   * @param plaintext - the data to encrypt.
   * @param options - `aad`: context that must be given again to open (not stored in the envelope); default empty.
   * @returns the envelope bytes (plaintext length + 62).
   * @throws ZkvaultError `INVALID_INPUT` on a bad argument, `KEY_LOCKED` after {@link EnvelopeKey.dispose},
   *   `NONCE_BUDGET_EXHAUSTED` once this key has sealed {@link ENVELOPE_NONCE_BUDGET} envelopes
   *   (rotate to a new key: docs/formats.md, "Rotating at the nonce budget").
   * @example
   * ```ts
   * import { envelopeKey } from 'zkvault/envelope';
   * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
   * const aad = new TextEncoder().encode('notes/42');
   * const env = await k.seal(new TextEncoder().encode('hi'), { aad });
   * console.log(env.length); // 64: 2 bytes of plaintext + 62
   * ```
   */
  async seal(plaintext: Uint8Array, options?: EnvelopeOptions): Promise<Uint8Array> {
    const aad = this.#begin(plaintext, options);
    return this.#seal(this.#random.randomBytes(NONCE_LENGTH), plaintext, aad);
  }

  /**
   * Authenticates and decrypts an envelope sealed under this key with the same `aad`.
   * @param envelope - the envelope bytes.
   * @param options - `aad`: the context given at seal time; default empty.
   * @returns the plaintext.
   * @throws ZkvaultError `DECRYPT_FAILED` for every kind of bad envelope (one fixed message);
   *   `INVALID_INPUT` if an argument is not a Uint8Array; `KEY_LOCKED` after dispose.
   * @example
   * ```ts
   * import { ZkvaultError } from 'zkvault';
   * import { envelopeKey } from 'zkvault/envelope';
   * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
   * const aad = new TextEncoder().encode('notes/42');
   * const env = await k.seal(new TextEncoder().encode('hi'), { aad });
   * const pt = await k.open(env, { aad });
   * console.log(new TextDecoder().decode(pt)); // 'hi'
   * try {
   *   await k.open(env); // context missing
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
   * }
   * ```
   */
  async open(envelope: Uint8Array, options?: EnvelopeOptions): Promise<Uint8Array> {
    this.#check();
    assertBytes(envelope, 'envelope');
    return this.#open(envelope, aadOption(options), false);
  }

  /** `owned`: the envelope is this object's own copy (decoded text), so it may be decrypted in place. */
  #open(envelope: Uint8Array, aad: Uint8Array, owned: boolean): Promise<Uint8Array> {
    if (
      envelope.length < ENVELOPE_OVERHEAD ||
      envelope[0] !== ENVELOPE_VERSION ||
      envelope[1] !== ENVELOPE_SUITE
    ) {
      throw decryptFailed();
    }
    const header = envelope.subarray(0, ENVELOPE_HEADER_LENGTH);
    const nonce = envelope.subarray(2, 2 + NONCE_LENGTH);
    const commitment = envelope.subarray(14, ENVELOPE_HEADER_LENGTH);
    if (!equalBytes(this.#mac(COMMIT_LABEL, nonce), commitment)) throw decryptFailed();
    let a = header;
    if (aad.length > 0) {
      a = this.#aadBuffer(aad.length);
      a.set(header);
      a.set(aad, ENVELOPE_HEADER_LENGTH);
    }
    const body = envelope.subarray(ENVELOPE_HEADER_LENGTH);
    if (owned && body.length > TEXT_PIECES_MIN && this.#gcm.decryptInPlace !== undefined) {
      // Only the body is overwritten: the nonce and header (views of bytes 0..46) stay intact.
      return this.#gcm.decryptInPlace(nonce, body, a);
    }
    return this.#gcm.decrypt(nonce, body, a);
  }

  /**
   * {@link EnvelopeKey.seal}, returning base64url text (no padding).
   * @param plaintext - the data to encrypt.
   * @param options - `aad`: context; default empty.
   * @returns the envelope as base64url.
   * @throws ZkvaultError as {@link EnvelopeKey.seal}.
   * @example
   * ```ts
   * import { envelopeKey } from 'zkvault/envelope';
   * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
   * const aad = new TextEncoder().encode('notes/42');
   * const text = await k.sealString(new TextEncoder().encode('hi'), { aad });
   * console.log(text); // base64url, safe in JSON and URLs
   * ```
   */
  async sealString(plaintext: Uint8Array, options?: EnvelopeOptions): Promise<string> {
    const aad = this.#begin(plaintext, options);
    const nonce = this.#random.randomBytes(NONCE_LENGTH);
    if (plaintext.length > TEXT_PIECES_MIN) return this.#sealText(nonce, plaintext, aad);
    return toBase64url(await this.#seal(nonce, plaintext, aad));
  }

  /**
   * {@link EnvelopeKey.open} for base64url text. Text that is not canonical base64url fails as
   * `DECRYPT_FAILED` too.
   * @param text - the envelope as base64url.
   * @param options - `aad`: context; default empty.
   * @returns the plaintext (above 4 MiB on Node, a view of the decoded envelope's buffer: the
   *   plaintext is decrypted over it instead of into a second array).
   * @throws ZkvaultError `DECRYPT_FAILED` on any bad envelope, `INVALID_INPUT` if `text` is not a string.
   * @example
   * ```ts
   * import { envelopeKey } from 'zkvault/envelope';
   * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
   * const aad = new TextEncoder().encode('notes/42');
   * const text = await k.sealString(new TextEncoder().encode('hi'), { aad });
   * const pt = await k.openString(text, { aad });
   * console.log(new TextDecoder().decode(pt)); // 'hi'
   * ```
   */
  async openString(text: string, options?: EnvelopeOptions): Promise<Uint8Array> {
    if (typeof text !== 'string') throw invalidInput('"text" expected string');
    let bytes: Uint8Array;
    try {
      bytes = fromBase64url(text);
    } catch {
      throw decryptFailed();
    }
    this.#check();
    return this.#open(bytes, aadOption(options), true);
  }

  /**
   * Zeroes this object's copy of the key and makes it unusable. Platform key objects (node
   * KeyObject, CryptoKey) cannot be wiped from JavaScript; they are dropped for the GC.
   * @returns nothing.
   * @example
   * ```ts
   * import { ZkvaultError } from 'zkvault';
   * import { envelopeKey } from 'zkvault/envelope';
   * const k = await envelopeKey(crypto.getRandomValues(new Uint8Array(32)));
   * k.dispose();
   * try {
   *   await k.seal(new TextEncoder().encode('hi')); // unusable now
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'KEY_LOCKED') throw e;
   * }
   * ```
   */
  dispose(): void {
    this.#disposed = true;
    wipe(this.#raw, this.#scratch);
  }

  /** Same as {@link EnvelopeKey.dispose}, for `using k = await envelopeKey(raw)`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * @internal The envelope key for `key` on the given backends; the public {@link envelopeKey} binds
 * the platform's (or a test's, src/backend/backend-deps.ts). Not exported from any entry point.
 * @param deps - the backends.
 * @param key - the 32-byte key (copied).
 * @returns the prepared key.
 * @throws ZkvaultError `INVALID_INPUT` unless `key` is 32 bytes.
 */
export async function createEnvelopeKey(deps: EnvelopeDeps, key: Uint8Array): Promise<EnvelopeKey> {
  assertBytes(key, 'key', 32);
  const raw = copyBytes(key);
  return newEnvelopeKey(raw, await deps.aead.aesGcmKey(raw), deps.hash.hmacKey('SHA-256', raw), deps.random, deps.aead.name === 'node');
}

/**
 * @internal Test-vector seam: seals with a caller-chosen nonce. Reusing a nonce under one key
 * breaks GCM completely; this is for deterministic golden vectors only and is not exported.
 */
export function sealWithNonce(k: EnvelopeKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  assertBytes(nonce, 'nonce', NONCE_LENGTH);
  return sealWithNonceImpl(k, nonce, plaintext, aad);
}

/**
 * @internal TEST-ONLY seam: sets how many envelopes `k` has sealed, so a test can reach the nonce
 * budget without 2^32 seals. Not exported from any entry point.
 */
export function setSealCountForTesting(k: EnvelopeKey, count: number): void {
  setSealCountImpl(k, count);
}

export { TAG_LENGTH as ENVELOPE_TAG_LENGTH };
