// Each refusal of the streaming envelope (src/envelope/stream.ts, stream-api.ts) is made by its own
// check (issue 19, mutation testing): streams that are valid in every other respect (correct
// commitment, every chunk GCM-valid, built by the node:crypto reference of stream-ref.ts) with another
// version or suite byte or an out-of-range chunk size; a stream key shared by two keys, so only the
// commitment can refuse; the 2^32-chunk limit; code and message of each argument refusal.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkStreamArgs, runIterable, sealerHeader, StreamOpener, StreamSealer, type StreamDeps } from '../../src/envelope/stream.js';
import { openIterable, openStream, sealIterable, sealStream, STREAM_HEADER_LENGTH } from '../../src/envelope/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode, outcome } from '../helpers/errors.js';
import { refHeader, refSealChunks } from './stream-ref.js';

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}


const key = new Uint8Array(32).fill(5);
const aad = new TextEncoder().encode('ctx');
const pt = new Uint8Array(50).map((_, i) => i);

/** A stream with the given header fields, its commitment and every chunk correct for them. */
function stream(chunkSize: number, version = 0x02, suite = 0x01, chunks: Uint8Array[] = [pt]): Uint8Array {
  return refSealChunks(refHeader(key, randomBytes(32), randomBytes(7), chunkSize, version, suite), aad, chunks);
}

describe.each(BACKENDS)('stream header checks decide on their own [$name backend]', (b) => {
  const deps: StreamDeps = { aead: b.aead, kdf: b.kdf, random: b.random };
  const open = (s: Uint8Array, k: Uint8Array = key, d: StreamDeps = deps) =>
    collect(runIterable([s], () => Promise.resolve(new StreamOpener(d, checkStreamArgs(k, { aad }, false))), sealerHeader));

  it('the reference builder makes streams that open (so the refusals below are the header checks)', async () => {
    expect(await open(stream(64))).toEqual(pt);
    expect(await open(stream(2 ** 24))).toEqual(pt);
    expect(await open(stream(64, 0x02, 0x01, [pt.subarray(0, 0)]))).toEqual(new Uint8Array(0));
  });

  it('refuses another version byte, with a correct commitment and GCM-valid chunks', async () => {
    for (const v of [0x00, 0x01, 0x03, 0xff]) expect(await errorCode(open(stream(64, v)))).toBe('DECRYPT_FAILED');
  });

  it('refuses another suite byte, with a correct commitment and GCM-valid chunks', async () => {
    for (const s of [0x00, 0x02, 0xff]) expect(await errorCode(open(stream(64, 0x02, s)))).toBe('DECRYPT_FAILED');
  });

  it('refuses a chunk size below 64 or above 2^24 (edges inclusive), with a correct commitment', async () => {
    for (const cs of [0, 1, 63]) expect(await errorCode(open(stream(cs, 0x02, 0x01, [pt.subarray(0, Math.max(cs, 1))])))).toBe('DECRYPT_FAILED');
    for (const cs of [2 ** 24 + 1, 2 ** 32 - 1]) expect(await errorCode(open(stream(cs)))).toBe('DECRYPT_FAILED');
  });

  it('a bad header is refused when its 77 bytes arrive, before any chunk or the end', async () => {
    const bad = stream(64, 0x03).subarray(0, STREAM_HEADER_LENGTH);
    const opener = new StreamOpener(deps, checkStreamArgs(key, { aad }, false));
    expect(await errorCode(opener.write(bad, () => undefined))).toBe('DECRYPT_FAILED');
    const good = new StreamOpener(deps, checkStreamArgs(key, { aad }, false));
    await good.write(stream(64).subarray(0, STREAM_HEADER_LENGTH), () => undefined);
  });

  it('the commitment alone refuses a key whose stream key is the right one', async () => {
    // A KDF under which every key derives key's stream key but its own commitment: the GCM layer
    // opens for any key (as a two-key GCM ciphertext would), so only the commitment check can refuse.
    const sameStreamKey: StreamDeps = {
      ...deps,
      kdf: {
        ...deps.kdf,
        hkdf: (h, ikm, salt, info, len) => {
          const mine = deps.kdf.hkdf(h, ikm, salt, info, len);
          mine.set(deps.kdf.hkdf(h, key, salt, info, len).subarray(0, 32));
          return mine;
        },
      },
    };
    const s = stream(64);
    expect(await open(s, key, sameStreamKey)).toEqual(pt);
    expect(await errorCode(open(s, new Uint8Array(32).fill(6), sameStreamKey))).toBe('DECRYPT_FAILED');
  });

  it('a stream error that is neither INVALID_INPUT nor DECRYPT_FAILED still opens as the one DECRYPT_FAILED', async () => {
    const odd: StreamDeps = {
      ...deps,
      aead: {
        ...deps.aead,
        aesGcmKey: async (k) => ({ ...(await deps.aead.aesGcmKey(k)), decryptParts: () => Promise.reject(new ZkvaultError('UNSUPPORTED', 'x')) }),
      },
    };
    expect(await errorCode(open(stream(64), key, odd))).toBe('DECRYPT_FAILED');
  });

  it('a segment whose platform call fails (not a bad tag) opens as the one DECRYPT_FAILED', async () => {
    // A key with the incremental seam on both backends, whose finish fails as a platform would.
    const failing: StreamDeps = {
      ...deps,
      aead: {
        ...deps.aead,
        aesGcmKey: async (k) => {
          const g = await deps.aead.aesGcmKey(k);
          return {
            encrypt: (...a) => g.encrypt(...a),
            encryptParts: (...a) => g.encryptParts(...a),
            decrypt: (...a) => g.decrypt(...a),
            decryptParts: (...a) => g.decryptParts(...a),
            decryptSegment: () => ({
              update: () => undefined,
              finish: () => Promise.reject(new ZkvaultError('UNSUPPORTED', 'x')),
              recover: () => [],
              discard: () => undefined,
            }),
          };
        },
      },
    };
    // Two full chunks, so the first one's tag is checked as "not last" (through finish).
    expect(await errorCode(open(stream(64, 0x02, 0x01, [new Uint8Array(64), new Uint8Array(1)]), key, failing))).toBe('DECRYPT_FAILED');
  });
});

describe.each(BACKENDS)('stream chunk counter limit [$name backend]', (b) => {
  const deps: StreamDeps = { aead: b.aead, kdf: b.kdf, random: b.random };
  const sealerAt = async (index: number) => {
    const s = await StreamSealer.create(deps, checkStreamArgs(key, { aad }, true));
    (s as unknown as { index: number }).index = index;
    return s;
  };

  it('chunk 2^32 - 1 is the last one a stream can hold; chunk 2^32 is refused', async () => {
    const out: Uint8Array[] = [];
    await (await sealerAt(2 ** 32 - 1)).end((p) => out.push(p));
    expect(out.length).toBeGreaterThan(0);
    expect(await outcome(async () => (await sealerAt(2 ** 32)).end(() => undefined))).toBe(
      'NONCE_BUDGET_EXHAUSTED: zkvault: a stream holds at most 2^32 chunks; split the data or use a larger chunk size',
    );
  });
});

describe('stream arguments: code and message name the argument', () => {
  it('refusals', async () => {
    expect(await outcome(() => sealStream(new Uint8Array(31)))).toMatch(/^INVALID_INPUT: "key" expected Uint8Array of length 32/);
    expect(await outcome(() => sealStream(key, 5 as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await outcome(() => openStream(key, { aad: 'x' as never }))).toMatch(/^INVALID_INPUT: "options\.aad" expected Uint8Array/);
    expect(await outcome(() => sealStream(key, { chunkSize: 63 }))).toMatch(/^INVALID_INPUT: "options\.chunkSize" expected integer/);
    expect(await outcome(() => sealStream(key, { onProgress: 1 as never }))).toBe('INVALID_INPUT: "options.onProgress" expected a function');
    expect(await outcome(() => collect(sealIterable(['text' as never], key)))).toBe('INVALID_INPUT: "chunk" expected Uint8Array');
  });

  it('the iterable functions refuse a source that is not iterable, naming it', async () => {
    for (const source of [null, undefined, 5, 'bytes', {}, { next: () => undefined }]) {
      expect(await outcome(() => sealIterable(source as never, key))).toBe('INVALID_INPUT: "source" expected an Iterable or AsyncIterable of Uint8Array');
      expect(await outcome(() => openIterable(source as never, key))).toBe('INVALID_INPUT: "source" expected an Iterable or AsyncIterable of Uint8Array');
    }
    // An async iterable that is not iterable is accepted.
    const one = { async *[Symbol.asyncIterator]() { yield pt; } };
    const sealed = await collect(sealIterable(one, key));
    expect(await collect(openIterable({ async *[Symbol.asyncIterator]() { yield sealed; } }, key))).toEqual(pt);
  });

  it('the chunk size is a sealing option: the sealers use it, the openers ignore it (the header decides)', async () => {
    const viaIterable = await collect(sealIterable([pt], key, { chunkSize: 64 }));
    expect(new DataView(viaIterable.buffer).getUint32(2)).toBe(64);
    const viaStream = await new Response(new Blob([pt as Uint8Array<ArrayBuffer>]).stream().pipeThrough(sealStream(key, { chunkSize: 64 }))).arrayBuffer();
    expect(new DataView(viaStream).getUint32(2)).toBe(64);
    const ignored = { chunkSize: 0 } as never;
    expect(await collect(openIterable([viaIterable], key, ignored))).toEqual(pt);
    const back = await new Response(new Blob([viaStream]).stream().pipeThrough(openStream(key, ignored))).arrayBuffer();
    expect(new Uint8Array(back)).toEqual(pt);
  });
});

describe('a failed stream leaves the caller\'s buffers alone', () => {
  // Found by the mutation run (issue 19): on a failure the stream wiped every pending piece, the
  // views of the caller's own input buffer included, zeroing the caller's plaintext or ciphertext.
  it('a sealer whose progress callback throws does not zero the rest of the written buffer', async () => {
    const buf = new Uint8Array(300).fill(7);
    const run = collect(sealIterable([buf], key, { chunkSize: 64, onProgress: () => { throw new Error('stop'); } }));
    await expect(run).rejects.toThrow('stop');
    expect(buf).toEqual(new Uint8Array(300).fill(7));
  });

  it('an opener that meets a bad chunk does not change the written ciphertext', async () => {
    const s = await collect(sealIterable([new Uint8Array(300).fill(7)], key, { chunkSize: 64 }));
    s[STREAM_HEADER_LENGTH + 80 + 5]! ^= 1;
    const copy = s.slice();
    expect(await errorCode(collect(openIterable([s], key)))).toBe('DECRYPT_FAILED');
    expect(s).toEqual(copy);
  });

  it('a failed opener keeps refusing after its first error', async () => {
    const opener = new StreamOpener({ aead: BACKENDS[0]!.aead, kdf: BACKENDS[0]!.kdf, random: BACKENDS[0]!.random }, checkStreamArgs(key, { aad }, false));
    const bad = stream(64, 0x03);
    expect(await errorCode(opener.write(bad.subarray(0, 40), () => undefined).then(() => opener.write(bad.subarray(40), () => undefined)))).toBe('DECRYPT_FAILED');
    expect(await errorCode(opener.write(new Uint8Array(10), () => undefined))).toBe('DECRYPT_FAILED');
  });
});

describe('the iterables stream: output comes out while the source is still being read', () => {
  it('a chunk is yielded before the source ends, sealing and opening', async () => {
    let pulled = 0;
    async function* source(pieces: Uint8Array[]) {
      for (const p of pieces) {
        pulled++;
        yield p;
      }
    }
    const pieces = [0, 1, 2, 3].map(() => new Uint8Array(100).fill(1));
    const sealed: Uint8Array[] = [];
    const seenSealing: number[] = [];
    for await (const c of sealIterable(source(pieces), key, { chunkSize: 64 })) {
      sealed.push(c);
      seenSealing.push(pulled);
    }
    // seenSealing[0] is the header (before any read); the next output must not wait for the end.
    expect(seenSealing[1]).toBeLessThan(pieces.length);
    const whole = new Uint8Array(Buffer.concat(sealed));
    pulled = 0;
    const seenOpening: number[] = [];
    const quarters = [0, 1, 2, 3].map((i) => whole.subarray((i * whole.length) >> 2, ((i + 1) * whole.length) >> 2));
    for await (const _ of openIterable(source(quarters), key)) seenOpening.push(pulled);
    expect(seenOpening[0]).toBeLessThan(quarters.length);
  });
});
