/**
 * Streaming envelope functions bound to the platform backend: WHATWG `TransformStream`s (Node ≥ 20
 * and browsers) and async-iterable helpers. Format: `stream.ts` and docs/formats.md, "Streaming
 * envelope" (STREAM, Hoang et al. CRYPTO 2015, over AES-256-GCM).
 * @module
 */
import { aead } from '#backend/aead';
import { kdf } from '#backend/kdf';
import { random } from '#backend/random';
import { bindBackends } from '../backend/backend-deps.js';
import {
  checkStreamArgs,
  runIterable,
  sealerHeader,
  StreamOpener,
  StreamSealer,
  toTransformStream,
  type OpenStreamOptions,
  type SealStreamOptions,
  type StreamDeps,
} from './stream.js';

import { invalidInput } from '../errors.js';

// Bound through the seam like every public function, so a test's backends reach the streams too.
const deps: () => StreamDeps = bindBackends<StreamDeps>({ aead, kdf, random });

/** A source of chunks: an Iterable or AsyncIterable object (a string is iterable, but of characters). */
function asource(source: unknown): void {
  if (typeof source !== 'object' || source === null || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw invalidInput('"source" expected an Iterable or AsyncIterable of Uint8Array');
  }
}

/**
 * A `TransformStream` that encrypts a byte stream into a streaming envelope under `key`, bound to
 * `options.aad`. Memory stays near two chunks (1 MiB each by default) plus what the caller writes at once; the event loop
 * gets a turn at least every 10 ms.
 *
 * Limits: at most 2^32 chunks per stream (the chunk counter; `NONCE_BUDGET_EXHAUSTED` past it);
 * each stream derives a fresh key from a random 256-bit salt, so streams do not count against the
 * v1 envelope nonce budget. The total length (to within a chunk) is visible.
 * @param key - 32-byte key.
 * @param options - `aad` (context), `chunkSize` (64 .. 2^24, default 1 MiB) and `onProgress`.
 * @returns a stream of plaintext `Uint8Array`s in, envelope bytes out.
 * @throws ZkvaultError `INVALID_INPUT` (synchronously) for a bad key or option; the stream errors
 *   with `INVALID_INPUT` if a written chunk is not a `Uint8Array`.
 * @example
 * ```ts
 * import { openStream, sealStream } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('attachments/7');
 * const plain = new Blob(['a large attachment…']).stream();
 * const sealed = plain.pipeThrough(sealStream(key, { aad }));
 * const back = sealed.pipeThrough(openStream(key, { aad }));
 * console.log(await new Response(back).text()); // 'a large attachment…'
 * ```
 */
export function sealStream(key: Uint8Array, options?: SealStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const args = checkStreamArgs(key, options, true);
  const d = deps();
  return toTransformStream(() => StreamSealer.create(d, args), sealerHeader);
}

/**
 * A `TransformStream` that authenticates and decrypts a streaming envelope. Each chunk is released
 * once its tag verifies, so a reader sees plaintext before the end: treat it as provisional until
 * the stream closes without error. Truncation, reordering, dropped, duplicated or appended chunks,
 * a changed header, wrong key or wrong context all error the stream with `DECRYPT_FAILED`.
 * @param key - 32-byte key.
 * @param options - `aad` (the context given at seal time) and `onProgress`.
 * @returns a stream of envelope bytes in, plaintext out.
 * @throws ZkvaultError `INVALID_INPUT` (synchronously) for a bad key or option; the stream errors
 *   with `DECRYPT_FAILED` (one message) for any bad envelope.
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { openStream, sealStream } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const sealed = new Uint8Array(await new Response(new Blob(['hello']).stream().pipeThrough(sealStream(key))).arrayBuffer());
 * const cut = sealed.subarray(0, sealed.length - 1); // truncated
 * try {
 *   await new Response(new Blob([cut]).stream().pipeThrough(openStream(key))).arrayBuffer();
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
 *   console.log('refused'); // refused
 * }
 * ```
 */
export function openStream(key: Uint8Array, options?: OpenStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const args = checkStreamArgs(key, options, false);
  const d = deps();
  return toTransformStream(() => Promise.resolve(new StreamOpener(d, args)), sealerHeader);
}

/**
 * {@link sealStream} over an (async) iterable: yields the envelope as it is produced.
 * @param source - plaintext pieces of any size (for example a Node `Readable`).
 * @param key - 32-byte key.
 * @param options - as {@link sealStream}.
 * @returns an async generator of envelope bytes.
 * @throws ZkvaultError `INVALID_INPUT` (synchronously) for a bad key or option, or from the
 *   generator for a piece that is not a `Uint8Array`.
 * @example
 * ```ts
 * import { openIterable, sealIterable } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const parts = [new TextEncoder().encode('part 1, '), new TextEncoder().encode('part 2')];
 * const sealed: Uint8Array[] = [];
 * for await (const b of sealIterable(parts, key, { onProgress: (n) => console.log(n, 'bytes') })) sealed.push(b);
 * let text = '';
 * for await (const b of openIterable(sealed, key)) text += new TextDecoder().decode(b);
 * console.log(text); // 'part 1, part 2'
 * ```
 */
export function sealIterable(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  key: Uint8Array,
  options?: SealStreamOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  asource(source);
  const args = checkStreamArgs(key, options, true);
  const d = deps();
  return runIterable(source, () => StreamSealer.create(d, args), sealerHeader);
}

/**
 * {@link openStream} over an (async) iterable: yields plaintext as each chunk authenticates (treat
 * it as provisional until the generator finishes without error).
 * @param source - envelope bytes in pieces of any size.
 * @param key - 32-byte key.
 * @param options - as {@link openStream}.
 * @returns an async generator of plaintext.
 * @throws ZkvaultError `INVALID_INPUT` (synchronously) for a bad key or option; the generator
 *   throws `DECRYPT_FAILED` for any bad envelope.
 * @example
 * ```ts
 * import { openIterable, sealIterable } from 'zkvault/envelope';
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const aad = new TextEncoder().encode('backup/2024-01');
 * const sealed = sealIterable([new Uint8Array(100_000)], key, { aad });
 * let n = 0;
 * for await (const b of openIterable(sealed, key, { aad })) n += b.length;
 * console.log(n); // 100000
 * ```
 */
export function openIterable(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  key: Uint8Array,
  options?: OpenStreamOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  asource(source);
  const args = checkStreamArgs(key, options, false);
  const d = deps();
  return runIterable(source, () => Promise.resolve(new StreamOpener(d, args)), sealerHeader);
}
