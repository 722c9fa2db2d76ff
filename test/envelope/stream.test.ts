// The streaming envelope (src/envelope/stream.ts): round trips on both backends and through the
// public TransformStream and iterable APIs, every tamper rule as a property, a chunk-by-chunk
// cross-check against node:crypto, progress and argument errors. Pacing of the event loop during
// large streams is in event-loop.test.ts (the timing project: alone on the machine's cores).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkStreamArgs,
  runIterable,
  sealerHeader,
  StreamOpener,
  StreamSealer,
  type StreamDeps,
} from '../../src/envelope/stream.js';
import { openIterable, openStream, sealIterable, sealStream, STREAM_HEADER_LENGTH, STREAM_TAG_LENGTH } from '../../src/envelope/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode } from '../helpers/errors.js';
import { canonicalChunks, HEADER, refHeader, refOpen, refSealChunks, TAG } from './stream-ref.js';

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

/** Splits `b` into pieces at the given cut points (any sizes, to exercise the buffering). */
function split(b: Uint8Array, cuts: number[]): Uint8Array[] {
  const pts = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of pts) {
    out.push(b.slice(prev, c));
    prev = c;
  }
  out.push(b.slice(prev));
  return out;
}

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const aadArb = fc.uint8Array({ maxLength: 64 });
const chunkArb = fc.integer({ min: 64, max: 300 });
const ptArb = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 2000 }));
const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

describe.each(BACKENDS)('streaming envelope, $name backend', (b) => {
  const deps: StreamDeps = { aead: b.aead, kdf: b.kdf, random: b.random };
  const seal = (pieces: Iterable<Uint8Array>, key: Uint8Array, aad: Uint8Array, chunkSize: number): Promise<Uint8Array> => {
    const args = checkStreamArgs(key, { aad, chunkSize }, true);
    return collect(runIterable(pieces, () => StreamSealer.create(deps, args), sealerHeader));
  };
  const open = (pieces: Iterable<Uint8Array>, key: Uint8Array, aad: Uint8Array): Promise<Uint8Array> => {
    const args = checkStreamArgs(key, { aad }, false);
    return collect(runIterable(pieces, () => Promise.resolve(new StreamOpener(deps, args)), sealerHeader));
  };

  it('round trips any plaintext, chunk size, aad and input split; the length is as specified', async () => {
    await fc.assert(
      fc.asyncProperty(key32, ptArb, aadArb, chunkArb, cutsArb, cutsArb, async (key, pt, aad, cs, cutsIn, cutsOut) => {
        const s = await seal(split(pt, cutsIn), key, aad, cs);
        const chunks = Math.max(1, Math.ceil(pt.length / cs));
        expect(s.length).toBe(STREAM_HEADER_LENGTH + pt.length + chunks * STREAM_TAG_LENGTH);
        expect(await open(split(s, cutsOut), key, aad)).toEqual(pt);
      }),
      { numRuns: 60 },
    );
  });

  it('every chunk is plain AES-256-GCM as specified (node:crypto opens the stream; our opener opens node:crypto streams)', async () => {
    await fc.assert(
      fc.asyncProperty(key32, ptArb, aadArb, chunkArb, async (key, pt, aad, cs) => {
        const s = await seal([pt], key, aad, cs);
        expect(new Uint8Array(refOpen(key, s, aad))).toEqual(pt);
        const ref = refSealChunks(refHeader(key, randomBytes(32), randomBytes(7), cs), aad, canonicalChunks(pt, cs));
        expect(await open([ref], key, aad)).toEqual(pt);
      }),
      { numRuns: 40 },
    );
  });

  it('a length that is a multiple of the chunk size, in any split, gives the canonical stream (the held chunk becomes the last)', async () => {
    // The sealer seals a full chunk at the end of a write as "not last" and holds it; the end of
    // input reseals it with the flag. node:crypto's reference opener checks every chunk's flag.
    await fc.assert(
      fc.asyncProperty(key32, aadArb, fc.integer({ min: 64, max: 200 }), fc.integer({ min: 0, max: 4 }), cutsArb, fc.boolean(), async (key, aad, cs, k, cuts, aligned) => {
        const pt = new Uint8Array(k * cs).map((_, i) => i * 13 + k);
        const pieces = aligned ? canonicalChunks(pt, cs) : split(pt, cuts);
        const s = await seal(pieces, key, aad, cs);
        expect(s.length).toBe(STREAM_HEADER_LENGTH + pt.length + Math.max(1, k) * STREAM_TAG_LENGTH);
        expect(new Uint8Array(refOpen(key, s, aad))).toEqual(pt);
        expect(await open(split(s, cuts), key, aad)).toEqual(pt);
      }),
      { numRuns: 60 },
    );
  });

  it('the last chunk opens (and a flipped bit in it fails) with piece boundaries at every offset around the header, ciphertext and tag edges', async () => {
    // The opener rebuilds the last chunk from the pieces its segment absorbed plus the tag bytes
    // held apart, and splits off the final 16 bytes as the tag wherever they fall (round 7).
    const edge = fc.integer({ min: -18, max: 18 });
    await fc.assert(
      fc.asyncProperty(
        key32, aadArb, fc.integer({ min: 64, max: 100 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: -17, max: 17 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('ct', 'tag'), edge), { maxLength: 4 }), fc.nat(),
        async (key, aad, cs, k, d, marks, flip) => {
          const n = Math.max(0, k * cs + d);
          const pt = new Uint8Array(n).map((_, i) => i * 7 + 1);
          const s = await seal([pt], key, aad, cs);
          // Cuts near the end of the header, of a chunk's ciphertext or of its tag (chunk j).
          const at = (j: number, where: string): number => HEADER + j * (cs + TAG) + (where === 'ct' ? cs : cs + TAG);
          const cuts = [HEADER + (flip % 37) - 18, ...marks.map(([j, w, e]) => at(j, w) + e)].filter((c) => c > 0 && c < s.length);
          expect(await open(split(s, cuts), key, aad)).toEqual(pt);
          const lastStart = HEADER + Math.floor(Math.max(0, n - 1) / cs) * (cs + TAG);
          const bad = s.slice();
          const bit = flip % (8 * (s.length - lastStart));
          bad[lastStart + (bit >> 3)]! ^= 1 << (bit & 7);
          expect(await errorCode(open(split(bad, cuts), key, aad))).toBe('DECRYPT_FAILED');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an empty stream opens to no chunk at all (not one empty chunk), and a tampered one fails', async () => {
    const key = new Uint8Array(32).fill(5);
    const aad = new Uint8Array([1, 2]);
    const s = await seal([], key, aad, 64);
    expect(s.length).toBe(STREAM_HEADER_LENGTH + STREAM_TAG_LENGTH);
    const pieces: Uint8Array[] = [];
    const args = checkStreamArgs(key, { aad }, false);
    for await (const p of runIterable([s], () => Promise.resolve(new StreamOpener(deps, args)), sealerHeader)) pieces.push(p);
    expect(pieces).toEqual([]);
    const bad = s.slice();
    bad[bad.length - 1]! ^= 1;
    expect(await errorCode(open([bad], key, aad))).toBe('DECRYPT_FAILED');
  });

  it('an empty write changes nothing: after a held full chunk it neither releases the chunk as not last nor adds an empty last chunk', async () => {
    // Empty pieces reach the sealer from any source (a TransformStream passes them on); the held
    // chunk must still become the last one, or the stream would end in an empty, non-canonical chunk.
    const key = new Uint8Array(32).fill(7);
    const aad = new Uint8Array(3).fill(1);
    for (const k of [1, 2]) {
      const pt = new Uint8Array(k * 64).map((_, i) => i);
      const empty = new Uint8Array(0);
      for (const pieces of [[pt, empty], [empty, pt, empty, empty], [pt.subarray(0, 64), empty, pt.subarray(64), empty]]) {
        const s = await seal(pieces, key, aad, 64);
        expect(s.length, `${k} chunks`).toBe(STREAM_HEADER_LENGTH + pt.length + k * STREAM_TAG_LENGTH);
        expect(new Uint8Array(refOpen(key, s, aad))).toEqual(pt);
        expect(await open([s, empty], key, aad)).toEqual(pt);
      }
    }
  });

  it('flipping any bit anywhere fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ maxLength: 400 }), aadArb, fc.nat(), fc.integer({ min: 0, max: 7 }), async (key, pt, aad, pos, bit) => {
        const s = await seal([pt], key, aad, 64);
        s[pos % s.length]! ^= 1 << bit;
        expect(await errorCode(open([s], key, aad))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 150 },
    );
  });

  it('truncating at any length, or appending any bytes, fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 200 }), async (key, pt, cut, extra) => {
        const s = await seal([pt], key, new Uint8Array(0), 64);
        expect(await errorCode(open([s.subarray(0, cut % s.length)], key, new Uint8Array(0)))).toBe('DECRYPT_FAILED');
        expect(await errorCode(open([s, extra], key, new Uint8Array(0)))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 80 },
    );
  });

  it('reordering, dropping or duplicating any chunk fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.integer({ min: 129, max: 600 }), fc.nat(), fc.nat(), fc.constantFrom('swap', 'drop', 'dup'), async (key, n, i0, j0, op) => {
        const s = await seal([new Uint8Array(n).fill(7)], key, new Uint8Array(0), 64);
        const segs: Uint8Array[] = [];
        for (let off = HEADER; off < s.length; off += 64 + TAG) segs.push(s.subarray(off, Math.min(s.length, off + 64 + TAG)));
        const i = i0 % segs.length;
        let j = j0 % segs.length;
        if (j === i) j = (i + 1) % segs.length;
        const t = [...segs];
        if (op === 'swap') [t[i], t[j]] = [t[j]!, t[i]!];
        if (op === 'drop') t.splice(i, 1);
        if (op === 'dup') t.splice(i, 0, segs[i]!);
        expect(await errorCode(open([s.subarray(0, HEADER), ...t], key, new Uint8Array(0)))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 80 },
    );
  });

  it('a wrong key or a wrong context fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, key32, ptArb, aadArb, aadArb, async (k1, k2, pt, a1, a2) => {
        fc.pre(!Buffer.from(k1).equals(Buffer.from(k2)) && !Buffer.from(a1).equals(Buffer.from(a2)));
        const s = await seal([pt], k1, a1, 64);
        expect(await errorCode(open([s], k2, a1))).toBe('DECRYPT_FAILED');
        expect(await errorCode(open([s], k1, a2))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a non-canonical stream (an empty last chunk after full ones), which node:crypto can build', async () => {
    const key = new Uint8Array(32).fill(4);
    const p = refHeader(key, randomBytes(32), randomBytes(7), 64);
    const good = refSealChunks(p, new Uint8Array(0), [new Uint8Array(64), new Uint8Array(64)]);
    expect((await open([good], key, new Uint8Array(0))).length).toBe(128);
    const extraEmpty = refSealChunks(p, new Uint8Array(0), [new Uint8Array(64), new Uint8Array(64), new Uint8Array(0)]);
    expect(await errorCode(open([extraEmpty], key, new Uint8Array(0)))).toBe('DECRYPT_FAILED');
  });

  it('a failed opener stays failed (no plaintext after the failure)', async () => {
    const key = new Uint8Array(32).fill(6);
    const s = await seal([new Uint8Array(300)], key, new Uint8Array(0), 64);
    s[HEADER + 1]! ^= 1;
    const o = new StreamOpener(deps, checkStreamArgs(key, undefined, false));
    const got: Uint8Array[] = [];
    await expect(o.write(s, (x) => got.push(x))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(o.write(new Uint8Array(10), (x) => got.push(x))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(o.end((x) => got.push(x))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(got).toEqual([]);
  });
});

describe('streaming envelope public API', () => {
  const key = new Uint8Array(32).fill(1);
  const aad = new TextEncoder().encode('attachments/1');

  it('TransformStreams round trip through pipeThrough, with progress on both sides', async () => {
    const pt = new Uint8Array(200_000).map((_, i) => i * 7);
    const sealProgress: number[] = [];
    const openProgress: number[] = [];
    const src = new Blob([pt]).stream();
    const sealed = src.pipeThrough(sealStream(key, { aad, chunkSize: 65536, onProgress: (n) => sealProgress.push(n) }));
    const back = sealed.pipeThrough(openStream(key, { aad, onProgress: (n) => openProgress.push(n) }));
    expect(new Uint8Array(await new Response(back).arrayBuffer())).toEqual(pt);
    expect(sealProgress).toEqual([65536, 131072, 196608, 200000]);
    expect(openProgress).toEqual([65536, 131072, 196608, 200000]);
  });

  it('the TransformStream errors with DECRYPT_FAILED on tampering', async () => {
    const sealed = await collect(sealIterable([new Uint8Array(1000)], key, { aad, chunkSize: 256 }));
    sealed[sealed.length - 20]! ^= 1;
    const back = new Blob([sealed]).stream().pipeThrough(openStream(key, { aad }));
    expect(await errorCode(new Response(back).arrayBuffer())).toBe('DECRYPT_FAILED');
  });

  it('iterables accept async sources and the streams interoperate with them', async () => {
    async function* gen(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 5; i++) yield new Uint8Array(1000).fill(i);
    }
    const sealed = await collect(sealIterable(gen(), key));
    const viaStream = new Uint8Array(await new Response(new Blob([sealed]).stream().pipeThrough(openStream(key))).arrayBuffer());
    expect(viaStream.length).toBe(5000);
    expect(viaStream[4999]).toBe(4);
    expect((await collect(openIterable([sealed], key))).length).toBe(5000);
  });

  it('is not affected by the caller reusing its input buffer after a write', async () => {
    const buf = new Uint8Array(100);
    async function* reuse(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 10; i++) {
        buf.fill(i);
        yield buf;
      }
    }
    const sealed = await collect(sealIterable(reuse(), key, { chunkSize: 64 }));
    const back = await collect(openIterable([sealed], key));
    const want = new Uint8Array(1000).map((_, i) => Math.floor(i / 100));
    expect(back).toEqual(want);
  });

  it('is not affected by the caller reusing a buffer of exactly one chunk (or two) after each write', async () => {
    for (const size of [64, 128]) {
      const buf = new Uint8Array(size);
      async function* reuse(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < 6; i++) {
          buf.fill(i + 1);
          yield buf;
          buf.fill(0xee); // the caller reuses its buffer as soon as the write returns
        }
      }
      const sealed = await collect(sealIterable(reuse(), key, { chunkSize: 64 }));
      const want = new Uint8Array(6 * size).map((_, i) => Math.floor(i / size) + 1);
      expect(await collect(openIterable([sealed], key))).toEqual(want);
    }
  });

  it('an opener fed one reused buffer, piece by piece, still opens every byte (it copies what it keeps)', async () => {
    const pt = new Uint8Array(5000).map((_, i) => i * 7);
    const sealed = await collect(sealIterable([pt], key, { chunkSize: 64 }));
    for (const size of [1, 16, 80, 81, 333]) {
      const buf = new Uint8Array(size);
      async function* reuse(): AsyncGenerator<Uint8Array> {
        for (let off = 0; off < sealed.length; off += size) {
          const n = Math.min(size, sealed.length - off);
          buf.set(sealed.subarray(off, off + n));
          yield buf.subarray(0, n);
          buf.fill(0xee); // the caller reuses its buffer as soon as the write returns
        }
      }
      expect(await collect(openIterable(reuse(), key))).toEqual(pt);
    }
  });

  it.each([
    ['a short key', () => sealStream(new Uint8Array(31))],
    ['a string key', () => openStream('k' as unknown as Uint8Array)],
    ['options that are not an object', () => sealStream(key, 5 as never)],
    ['a chunk size below 64', () => sealStream(key, { chunkSize: 63 })],
    ['a chunk size above 2^24', () => sealStream(key, { chunkSize: 2 ** 24 + 1 })],
    ['a fractional chunk size', () => sealStream(key, { chunkSize: 100.5 })],
    ['a string aad', () => openStream(key, { aad: 'x' as never })],
    ['a non-function onProgress', () => sealIterable([], key, { onProgress: 1 as never })],
  ])('refuses %s synchronously with INVALID_INPUT', (_n, call) => {
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('refuses a written chunk that is not a Uint8Array with INVALID_INPUT, on both directions', async () => {
    expect(await errorCode(collect(sealIterable(['text' as never], key)))).toBe('INVALID_INPUT');
    expect(await errorCode(collect(openIterable([[1, 2] as never], key)))).toBe('INVALID_INPUT');
  });

  it('passes an error thrown by the progress callback through unchanged', async () => {
    const boom = new Error('stop');
    const run = collect(sealIterable([new Uint8Array(10)], key, { onProgress: () => { throw boom; } }));
    await expect(run).rejects.toBe(boom);
  });

  it('copies the key on entry: wiping the caller array after the call changes nothing', async () => {
    const k = new Uint8Array(32).fill(8);
    const gen = sealIterable([new Uint8Array(10)], k);
    k.fill(0);
    const sealed = await collect(gen);
    expect((await collect(openIterable([sealed], new Uint8Array(32).fill(8)))).length).toBe(10);
  });
});
