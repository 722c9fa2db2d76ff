/**
 * The streaming envelope: STREAM (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
 * Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015, section 7) over
 * AES-256-GCM (NIST SP 800-38D), with a per-stream key from HKDF-SHA256 (RFC 5869) that also yields
 * the key commitment. Byte layout (docs/formats.md, "Streaming envelope"):
 *
 * ```
 * header (77 bytes)
 * 0   1   version      0x02
 * 1   1   suite        0x01 = AES-256-GCM STREAM, HKDF-SHA256 stream key and commitment
 * 2   4   chunkSize    u32be, plaintext bytes per chunk, 64 .. 2^24
 * 6   32  salt         CSPRNG
 * 38  7   noncePrefix  CSPRNG
 * 45  32  commitment   okm[32, 64)
 * okm = HKDF-SHA256(ikm = key, salt = salt, info = "zkvault/v1/stream" ‖ header[0, 6), L = 64)
 * streamKey = okm[0, 32)
 * then chunk i = 0, 1, …: AES-256-GCM(streamKey, nonce_i, P_i, A = header ‖ aad) ‖ 16-byte tag
 * nonce_i = noncePrefix ‖ u32be(i) ‖ (0x01 if i is the last chunk else 0x00)
 * |P_i| = chunkSize for every chunk but the last; the last has 1 .. chunkSize bytes (0 only when it
 * is the only chunk: an empty stream).
 * ```
 *
 * Why: the counter in the nonce stops reordering, dropping and duplicating chunks; the last-chunk
 * flag stops truncation and appending; the header (with the chunk size) and the caller's context are
 * the GCM AAD of every chunk; the commitment binds the stream to one key (GCM alone is not
 * key-committing) and is checked before any chunk is decrypted. A fresh stream key per stream means
 * streams do not draw on the per-key nonce budget of v1 envelopes.
 * @module
 */
import type { AeadBackend, AesGcmKey, GcmSegment, KdfBackend, RandomBackend } from '../backend/types.js';
import { assertBytes, ainteger, aobject, concatBytes, copyBytes, equalBytes, isBytes, utf8ToBytes, wipe } from '../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { yieldToEventLoop } from './turn.js';

/** Streaming envelope version byte (v1 envelopes use 0x01, so neither format opens as the other). */
export const STREAM_VERSION = 0x02;
/** Suite byte: AES-256-GCM STREAM with an HKDF-SHA256 stream key and commitment. */
export const STREAM_SUITE = 0x01;
/** Header length in bytes. */
export const STREAM_HEADER_LENGTH = 77;
/** Tag bytes added to every chunk. */
export const STREAM_TAG_LENGTH = 16;
/** Default plaintext bytes per chunk (1 MiB; docs/decisions.md, issue 14 round 3). */
export const STREAM_DEFAULT_CHUNK_SIZE: number = 1 << 20;
/** Smallest chunk size accepted. */
export const STREAM_MIN_CHUNK_SIZE = 64;
/** Largest chunk size accepted (16 MiB). */
export const STREAM_MAX_CHUNK_SIZE: number = 2 ** 24;
/** Most chunks in one stream: the counter is 32 bits. */
export const STREAM_MAX_CHUNKS: number = 2 ** 32;

const SALT = 32;
const PREFIX = 7;
const LABEL = utf8ToBytes('zkvault/v1/stream');
const EMPTY: Uint8Array = new Uint8Array(0);
// Hand the event loop back at least this often (ms): a Node AES-GCM call is synchronous, and a
// pipeline fed from memory would otherwise run as one long chain of microtasks.
const YIELD_MS = 10;
// Largest piece the opener hands to one GCM update (1 MiB, about 0.5-1 ms): bounds the work
// between two pacing checks whatever size the caller writes.
const UPDATE_STEP = 1 << 20;

/** The backend families a stream needs. */
export interface StreamDeps {
  readonly aead: AeadBackend;
  readonly kdf: KdfBackend;
  readonly random: RandomBackend;
}

/** Options of a sealing stream. */
export interface SealStreamOptions {
  /** Context bound to every chunk (the same role as a v1 envelope's aad); default empty. */
  aad?: Uint8Array;
  /** Plaintext bytes per chunk, 64 .. 2^24; default 1048576 (1 MiB). */
  chunkSize?: number;
  /** Called after each chunk with the plaintext bytes processed so far. */
  onProgress?: (bytes: number) => void;
}

/** Options of an opening stream. */
export interface OpenStreamOptions {
  /** The context given at seal time; default empty. */
  aad?: Uint8Array;
  /** Called after each authenticated chunk with the plaintext bytes released so far. */
  onProgress?: (bytes: number) => void;
}

interface Checked {
  readonly key: Uint8Array;
  readonly aad: Uint8Array;
  readonly chunkSize: number;
  readonly onProgress: ((bytes: number) => void) | undefined;
}

/**
 * @internal Validates and copies the arguments of a stream function (synchronously, so a bad call
 * fails before any stream exists).
 */
export function checkStreamArgs(key: unknown, options: unknown, sealing: boolean): Checked {
  assertBytes(key, 'key', 32);
  const o = options === undefined ? {} : aobject(options, 'options');
  const aad = o['aad'] === undefined ? EMPTY : copyBytes(assertBytes(o['aad'], 'options.aad'));
  const chunkSize = sealing && o['chunkSize'] !== undefined
    ? ainteger(o['chunkSize'], 'options.chunkSize', STREAM_MIN_CHUNK_SIZE, STREAM_MAX_CHUNK_SIZE)
    : STREAM_DEFAULT_CHUNK_SIZE;
  const p = o['onProgress'];
  if (p !== undefined && typeof p !== 'function') throw invalidInput('"options.onProgress" expected a function');
  return { key: copyBytes(key as Uint8Array), aad, chunkSize, onProgress: p as Checked['onProgress'] };
}

/**
 * Input held between writes in one buffer of our own, reused for the whole stream: the caller may
 * reuse its buffers once a write returns, so what we keep is copied, but into memory that is already
 * ours and cache-hot (a fresh array per write cost an allocation, a zero fill and page faults). It
 * grows by doubling up to one segment, so a short stream does not allocate a whole chunk.
 */
class Carry {
  #buf: Uint8Array = EMPTY;
  length = 0;

  constructor(readonly capacity: number) {}

  /** Copies as much of `data` as fits; @returns how many bytes it took. */
  fill(data: Uint8Array): number {
    const n = Math.min(this.capacity - this.length, data.length);
    if (n === 0) return 0;
    if (this.length + n > this.#buf.length) {
      const grown = new Uint8Array(Math.min(this.capacity, Math.max(this.length + n, 2 * this.#buf.length, 4096)));
      grown.set(this.bytes());
      wipe(this.#buf);
      this.#buf = grown;
    }
    this.#buf.set(data.subarray(0, n), this.length);
    this.length += n;
    return n;
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** The held bytes (a view, valid until the next fill). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }

  clear(): void {
    wipe(this.#buf);
    this.length = 0;
  }
}

function now(): number {
  return globalThis.performance.now();
}

function deriveStream(kdf: KdfBackend, key: Uint8Array, header: Uint8Array): Uint8Array {
  const info = new Uint8Array(LABEL.length + 6);
  info.set(LABEL);
  info.set(header.subarray(0, 6), LABEL.length);
  return kdf.hkdf('SHA-256', key, header.subarray(6, 6 + SALT), info, 64);
}

function chunkNonce(prefix: Uint8Array, i: number, last: boolean): Uint8Array {
  if (i >= STREAM_MAX_CHUNKS) {
    throw new ZkvaultError('NONCE_BUDGET_EXHAUSTED', 'zkvault: a stream holds at most 2^32 chunks; split the data or use a larger chunk size');
  }
  // Byte by byte: a DataView per chunk showed in the profile.
  const n = new Uint8Array(12);
  n.set(prefix);
  n[7] = i >>> 24;
  n[8] = (i >>> 16) & 0xff;
  n[9] = (i >>> 8) & 0xff;
  n[10] = i & 0xff;
  n[11] = last ? 1 : 0;
  return n;
}

type Emit = (bytes: Uint8Array) => void;

/** Shared state of both directions: chunk counter, pacing, progress, failure latch. */
abstract class StreamCore {
  protected index = 0;
  protected done = 0;
  #lastYield = now();
  #error: unknown = undefined;
  #failed = false;
  readonly #onProgress: ((bytes: number) => void) | undefined;

  constructor(onProgress: ((bytes: number) => void) | undefined) {
    this.#onProgress = onProgress;
  }

  protected progress(bytes: number): void {
    this.done += bytes;
    this.#onProgress?.(this.done);
  }

  protected async pace(): Promise<void> {
    if (now() - this.#lastYield < YIELD_MS) return;
    await yieldToEventLoop();
    this.#lastYield = now();
  }

  /** Drops (and wipes) what the stream holds, after a failure. */
  protected abstract discard(): void;

  /** Runs one step; after any failure the stream stays failed. */
  protected async guard(step: () => Promise<void>, fail: (e: unknown) => unknown): Promise<void> {
    if (this.#failed) throw this.#error;
    try {
      await step();
    } catch (e) {
      this.#failed = true;
      this.#error = fail(e);
      this.discard();
      throw this.#error;
    }
  }

  /** Feeds bytes; emits every chunk known not to be the last. */
  abstract write(data: Uint8Array, emit: Emit): Promise<void>;
  /** Ends the input; emits the last chunk. */
  abstract end(emit: Emit): Promise<void>;
}

function chunkInput(data: unknown): Uint8Array {
  if (!isBytes(data)) throw invalidInput('"chunk" expected Uint8Array');
  return data;
}

/**
 * @internal Sealing state machine behind `sealStream` and `sealIterable`.
 *
 * A chunk's nonce says whether it is the last, which is known only when more input arrives or the
 * input ends. A full chunk at the end of a write is therefore sealed at once as "not last" and its
 * output held (the cipher's own buffers, so the caller's input is never copied); more input releases
 * it, and the end of input turns it into the last chunk (decrypted and sealed again with the flag:
 * two more passes over one chunk, once per stream, and only when the length is a multiple of the
 * chunk size). A partial chunk is copied into a reused buffer until it fills. Each nonce still
 * seals one plaintext only: (i, not last) and (i, last) are different nonces.
 */
export class StreamSealer extends StreamCore {
  readonly #gcm: AesGcmKey;
  readonly #header: Uint8Array;
  readonly #aad: Uint8Array;
  readonly #prefix: Uint8Array;
  readonly #chunkSize: number;
  readonly #carry: Carry;
  /** Chunk `index` sealed as not last, not yet emitted. */
  #held: Uint8Array[] | undefined;

  private constructor(gcm: AesGcmKey, header: Uint8Array, aad: Uint8Array, chunkSize: number, onProgress: Checked['onProgress']) {
    super(onProgress);
    this.#gcm = gcm;
    this.#header = header;
    this.#aad = concatBytes(header, aad);
    this.#prefix = header.subarray(38, 45);
    this.#chunkSize = chunkSize;
    this.#carry = new Carry(chunkSize);
  }

  /**
   * @internal Builds the header and stream key; `salt` and `prefix` come from `deps.random`.
   * @returns the sealer; its `header()` goes first on the wire.
   */
  static async create(deps: StreamDeps, args: Checked): Promise<StreamSealer> {
    const header = new Uint8Array(STREAM_HEADER_LENGTH);
    header[0] = STREAM_VERSION;
    header[1] = STREAM_SUITE;
    new DataView(header.buffer).setUint32(2, args.chunkSize);
    header.set(deps.random.randomBytes(SALT), 6);
    header.set(deps.random.randomBytes(PREFIX), 6 + SALT);
    const okm = deriveStream(deps.kdf, args.key, header);
    wipe(args.key);
    header.set(okm.subarray(32), 45);
    const streamKey = okm.subarray(0, 32);
    try {
      return new StreamSealer(await deps.aead.aesGcmKey(streamKey), header, args.aad, args.chunkSize, args.onProgress);
    } finally {
      wipe(okm);
    }
  }

  /** The 77 header bytes (a copy). */
  header(): Uint8Array {
    return new Uint8Array(this.#header);
  }

  protected discard(): void {
    this.#carry.clear();
    this.#held = undefined;
  }

  #seal(plaintext: Uint8Array, last: boolean): Promise<Uint8Array[]> {
    return this.#gcm.encryptParts(chunkNonce(this.#prefix, this.index, last), plaintext, this.#aad);
  }

  /** Emits a sealed chunk of `length` plaintext bytes (ciphertext and tag as the cipher's own buffers). */
  async #emit(parts: Uint8Array[], length: number, emit: Emit): Promise<void> {
    for (const part of parts) emit(part);
    this.index++;
    this.progress(length);
    await this.pace();
  }

  /** Seals a full chunk: emitted if input follows it, held otherwise. */
  async #full(plaintext: Uint8Array, more: boolean, emit: Emit): Promise<void> {
    const parts = await this.#seal(plaintext, false);
    if (more) await this.#emit(parts, plaintext.length, emit);
    else this.#held = parts;
  }

  write(data: Uint8Array, emit: Emit): Promise<void> {
    return this.guard(async () => {
      const input = chunkInput(data);
      if (input.length === 0) return;
      const cs = this.#chunkSize;
      // More input: the held chunk was not the last.
      const held = this.#held;
      if (held !== undefined) {
        this.#held = undefined;
        await this.#emit(held, cs, emit);
      }
      let off = 0;
      if (this.#carry.length > 0) {
        off = this.#carry.fill(input);
        if (!this.#carry.full) return;
        await this.#full(this.#carry.bytes(), off < input.length, emit);
        this.#carry.length = 0;
      }
      // Whole chunks are sealed from views of the caller's input: no copy.
      for (; input.length - off >= cs; off += cs) await this.#full(input.subarray(off, off + cs), input.length - off > cs, emit);
      if (off < input.length) this.#carry.fill(input.subarray(off));
    }, (e) => e);
  }

  end(emit: Emit): Promise<void> {
    return this.guard(async () => {
      const held = this.#held;
      this.#held = undefined;
      if (held !== undefined && this.#carry.length === 0) {
        // The held chunk is the last one after all: recover its plaintext, seal it with the flag.
        // (Node hands out ciphertext and tag apart; another backend may join them.)
        const sealed = held.length === 2 ? held[0]! : concatBytes(...held);
        const t = held.length === 2 ? sealed.length : sealed.length - STREAM_TAG_LENGTH;
        const tag = held.length === 2 ? held[1]! : sealed.subarray(t);
        const pt = await this.#gcm.decryptParts(chunkNonce(this.#prefix, this.index, false), sealed.subarray(0, t), tag, this.#aad);
        try {
          await this.#emit(await this.#seal(pt, true), pt.length, emit);
        } finally {
          wipe(pt);
        }
        return;
      }
      if (held !== undefined) await this.#emit(held, this.#chunkSize, emit);
      const rest = this.#carry.bytes();
      await this.#emit(await this.#seal(rest, true), rest.length, emit);
      this.#carry.clear();
    }, (e) => e);
  }
}

/**
 * The {@link GcmSegment} of a key without `decryptSegment` (the web backend: WebCrypto and noble
 * have no incremental GCM): ciphertext is gathered in the opener's reused buffer and decrypted at
 * `finish`, as before round 4.
 */
class GatheredSegment implements GcmSegment {
  readonly #gcm: AesGcmKey;
  readonly #nonce: Uint8Array;
  readonly #aad: Uint8Array;
  readonly #buf: Carry;

  constructor(gcm: AesGcmKey, nonce: Uint8Array, aad: Uint8Array, buf: Carry) {
    this.#gcm = gcm;
    this.#nonce = nonce;
    this.#aad = aad;
    this.#buf = buf;
  }

  update(ciphertext: Uint8Array): void {
    // The opener feeds at most one chunk per segment, which is the buffer's capacity.
    if (this.#buf.fill(ciphertext) !== ciphertext.length) throw decryptFailed();
  }

  async finish(tag: Uint8Array): Promise<Uint8Array[] | undefined> {
    try {
      const pt = await this.#gcm.decryptParts(this.#nonce, this.#buf.bytes(), tag, this.#aad);
      this.#buf.length = 0;
      return [pt];
    } catch (e) {
      if (e instanceof ZkvaultError && e.code === 'DECRYPT_FAILED') return undefined;
      throw e;
    }
  }

  recover(): Uint8Array[] {
    const bytes = copyBytes(this.#buf.bytes());
    this.#buf.length = 0;
    return [bytes];
  }

  discard(): void {
    this.#buf.clear();
  }
}

/**
 * @internal Opening state machine behind `openStream` and `openIterable`.
 *
 * Like the sealer, it speculates that a segment is not the last: its ciphertext goes into a
 * {@link GcmSegment} as it arrives (on Node decrypted at once, while cache-hot, and never copied),
 * and once a full segment's tag is in, it is verified under the "not last" nonce. A pass releases the
 * plaintext; a full segment that fails can only be a (full-size) last chunk, so any byte after it
 * fails the stream. At the end of input the open segment is the last one: its bytes are recovered
 * and opened under the "last" nonce (its tag is then the final 16 bytes). Plaintext leaves only after
 * its tag verified.
 */
export class StreamOpener extends StreamCore {
  readonly #deps: StreamDeps;
  readonly #key: Uint8Array;
  readonly #aadIn: Uint8Array;
  readonly #head: Carry = new Carry(STREAM_HEADER_LENGTH);
  readonly #tag: Carry = new Carry(STREAM_TAG_LENGTH);
  #gcm: AesGcmKey | undefined;
  #aad: Uint8Array = EMPTY;
  #prefix: Uint8Array = EMPTY;
  #chunkSize = 0;
  /** Ciphertext buffer of a {@link GatheredSegment}, reused across segments. */
  #gather: Carry = new Carry(0);
  /** Segment `index`, open; undefined until its first byte arrives. */
  #seg: GcmSegment | undefined;
  /** Ciphertext bytes given to `#seg` (the bytes past `chunkSize` are its tag, in `#tag`). */
  #absorbed = 0;
  /** `#seg` is full and failed as "not last": it can only be the last chunk. */
  #unverified = false;

  /** @internal */
  constructor(deps: StreamDeps, args: Checked) {
    super(args.onProgress);
    this.#deps = deps;
    this.#key = args.key;
    this.#aadIn = args.aad;
  }

  protected discard(): void {
    this.#seg?.discard();
    this.#seg = undefined;
    this.#gather.clear();
    this.#tag.clear();
  }

  async #readHeader(): Promise<void> {
    const header = new Uint8Array(this.#head.bytes());
    const chunkSize = new DataView(header.buffer).getUint32(2);
    if (
      header[0] !== STREAM_VERSION ||
      header[1] !== STREAM_SUITE ||
      chunkSize < STREAM_MIN_CHUNK_SIZE ||
      chunkSize > STREAM_MAX_CHUNK_SIZE
    ) {
      throw decryptFailed();
    }
    const okm = deriveStream(this.#deps.kdf, this.#key, header);
    wipe(this.#key);
    try {
      if (!equalBytes(okm.subarray(32), header.subarray(45))) throw decryptFailed();
      this.#gcm = await this.#deps.aead.aesGcmKey(okm.subarray(0, 32));
    } finally {
      wipe(okm);
    }
    this.#aad = concatBytes(header, this.#aadIn);
    this.#prefix = header.subarray(38, 45);
    this.#chunkSize = chunkSize;
    this.#gather = new Carry(chunkSize);
  }

  #startSegment(last: boolean): GcmSegment {
    const gcm = this.#gcm!;
    const nonce = chunkNonce(this.#prefix, this.index, last);
    return gcm.decryptSegment?.(nonce, this.#aad) ?? new GatheredSegment(gcm, nonce, this.#aad, this.#gather);
  }

  #release(pt: Uint8Array[], emit: Emit): Promise<void> {
    let n = 0;
    for (const p of pt) {
      // No empty pieces: an empty stream gives no chunk on either backend.
      if (p.length === 0) continue;
      emit(p);
      n += p.length;
    }
    this.index++;
    this.progress(n);
    return this.pace();
  }

  /** The full segment's tag is in: a pass releases it as "not last". */
  async #verify(seg: GcmSegment, emit: Emit): Promise<void> {
    const pt = await seg.finish(this.#tag.bytes());
    if (pt === undefined) {
      this.#unverified = true;
      return;
    }
    this.#seg = undefined;
    this.#absorbed = 0;
    this.#tag.length = 0;
    await this.#release(pt, emit);
  }

  write(data: Uint8Array, emit: Emit): Promise<void> {
    return this.guard(async () => {
      const input = chunkInput(data);
      let off = 0;
      if (this.#gcm === undefined) {
        off = this.#head.fill(input);
        if (!this.#head.full) return;
        await this.#readHeader();
      }
      const cs = this.#chunkSize;
      while (off < input.length) {
        if (this.#unverified) throw decryptFailed();
        const seg = (this.#seg ??= this.#startSegment(false));
        if (this.#absorbed < cs) {
          // At most UPDATE_STEP per call, so a large written piece still lets the event loop in.
          const n = Math.min(cs - this.#absorbed, input.length - off, UPDATE_STEP);
          seg.update(input.subarray(off, off + n));
          this.#absorbed += n;
          off += n;
          await this.pace();
          continue;
        }
        off += this.#tag.fill(input.subarray(off));
        if (this.#tag.full) await this.#verify(seg, emit);
      }
    }, failure);
  }

  end(emit: Emit): Promise<void> {
    return this.guard(async () => {
      const seg = this.#seg;
      // No byte after the header, or none after a chunk that passed as "not last": truncated.
      if (this.#gcm === undefined || seg === undefined) throw decryptFailed();
      this.#seg = undefined;
      // Its bytes, as absorbed, then those held as its tag: the final 16 are the last chunk's tag.
      // They go piece by piece into a segment under the "last" nonce, never joined (issue 14,
      // round 7: joining cost two 1 MiB allocations and copies per stream).
      const parts = seg.recover();
      if (this.#tag.length > 0) parts.push(copyBytes(this.#tag.bytes()));
      this.#tag.length = 0;
      const split = splitTag(parts);
      if (split === undefined) throw decryptFailed();
      const last = this.#startSegment(true);
      for (const p of split.body) last.update(p);
      const pt = await last.finish(split.tag);
      if (pt === undefined) {
        last.discard();
        throw decryptFailed();
      }
      // An empty last chunk is written only for an empty stream: any other is not canonical.
      if (this.index > 0 && pt.every((p) => p.length === 0)) throw decryptFailed();
      await this.#release(pt, emit);
    }, failure);
  }
}

/**
 * Splits a last chunk's bytes, in pieces, into its ciphertext (views of the pieces) and its 16-byte
 * tag (the final 16 bytes, which may straddle pieces). @returns undefined when there are fewer than 16.
 */
function splitTag(parts: Uint8Array[]): { body: Uint8Array[]; tag: Uint8Array } | undefined {
  let rest = parts.reduce((n, p) => n + p.length, 0) - STREAM_TAG_LENGTH;
  if (rest < 0) return undefined;
  const body: Uint8Array[] = [];
  const tag = new Uint8Array(STREAM_TAG_LENGTH);
  let t = 0;
  for (const p of parts) {
    const b = Math.min(rest, p.length);
    if (b > 0) body.push(p.subarray(0, b));
    rest -= b;
    tag.set(p.subarray(b), t);
    t += p.length - b;
  }
  return { body, tag };
}

// Opening: every failure of the data is the one DECRYPT_FAILED; a bad argument stays INVALID_INPUT
// and an error thrown by the caller's own progress callback is passed through.
function failure(e: unknown): unknown {
  if (e instanceof ZkvaultError && e.code === 'INVALID_INPUT') return e;
  return e instanceof ZkvaultError ? decryptFailed() : e;
}

/** @internal Wraps a state machine into a WHATWG TransformStream. */
export function toTransformStream(
  init: () => Promise<StreamCore>,
  prologue: (core: StreamCore) => Uint8Array | undefined,
): TransformStream<Uint8Array, Uint8Array> {
  let core: StreamCore;
  return new TransformStream<Uint8Array, Uint8Array>({
    async start(controller) {
      core = await init();
      const first = prologue(core);
      if (first !== undefined) controller.enqueue(first);
    },
    transform(chunk, controller) {
      return core.write(chunk, (b) => controller.enqueue(b));
    },
    flush(controller) {
      return core.end((b) => controller.enqueue(b));
    },
  });
}

/** @internal Runs a state machine over an (async) iterable. */
export async function* runIterable(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  init: () => Promise<StreamCore>,
  prologue: (core: StreamCore) => Uint8Array | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  const core = await init();
  const first = prologue(core);
  if (first !== undefined) yield first;
  const out: Uint8Array[] = [];
  const emit = (b: Uint8Array): void => void out.push(b);
  for await (const piece of source) {
    await core.write(piece, emit);
    while (out.length > 0) yield out.shift()!;
  }
  await core.end(emit);
  while (out.length > 0) yield out.shift()!;
}

/** @internal The header a sealer writes first; nothing for an opener. */
export function sealerHeader(core: StreamCore): Uint8Array | undefined {
  return core instanceof StreamSealer ? core.header() : undefined;
}
