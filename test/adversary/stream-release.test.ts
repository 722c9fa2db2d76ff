// A tampered stream vs. the speculating opener (src/envelope/stream.ts, StreamOpener; issue 14
// round 4): segments are decrypted as they arrive, verified as "not last" as soon as their tag is in,
// and a failed full segment is held as a possible last chunk. The attacker edits the stream; the
// outcome must be DECRYPT_FAILED with no plaintext released that is not the sealer's, and nothing of a
// chunk before its tag verifies. Both backends: node decrypts incrementally, web gathers.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStreamArgs, StreamOpener, type StreamDeps } from '../../src/envelope/stream.js';
import { BACKENDS } from '../helpers/backends.js';
import { canonicalChunks, HEADER, refHeader, refSealChunks, TAG } from '../envelope/stream-ref.js';

const key = new Uint8Array(32).fill(8);
const aad = new TextEncoder().encode('files/9');
const CS = 64;
const SEG = CS + TAG;

function sealed(pt: Uint8Array): Uint8Array {
  return new Uint8Array(refSealChunks(refHeader(key, randomBytes(32), randomBytes(7), CS), aad, canonicalChunks(pt, CS)));
}

function cutsOf(b: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (b.length + 1))), b.length].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(b.slice(prev, c));
    prev = c;
  }
  return out;
}

describe.each(BACKENDS)('stream opener vs. a tampered stream [$name backend]', (b) => {
  const deps: StreamDeps = { aead: b.aead, kdf: b.kdf, random: b.random };

  /** Feeds the pieces; @returns what was released and the error code, if any. */
  async function run(pieces: Uint8Array[]): Promise<{ out: Uint8Array; code: string | undefined }> {
    const o = new StreamOpener(deps, checkStreamArgs(key, { aad }, false));
    const got: Uint8Array[] = [];
    let code: string | undefined;
    try {
      for (const p of pieces) await o.write(p, (x) => got.push(x));
      await o.end((x) => got.push(x));
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    return { out: new Uint8Array(Buffer.concat(got)), code };
  }

  it('a changed byte in chunk k: DECRYPT_FAILED, and only the plaintext of chunks before k is released', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 * CS }), fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), async (n, pick, cuts) => {
        const pt = new Uint8Array(randomBytes(n));
        const s = sealed(pt);
        const at = HEADER + (pick % (s.length - HEADER));
        s[at]! ^= 0x40;
        const k = Math.floor((at - HEADER) / SEG);
        const { out, code } = await run(cutsOf(s, cuts));
        expect(code).toBe('DECRYPT_FAILED');
        expect(out.length).toBeLessThanOrEqual(k * CS);
        expect(out).toEqual(pt.subarray(0, out.length));
      }),
      { numRuns: 80 },
    );
  });

  it('bytes after a full-size last chunk (a duplicate of it, or anything): DECRYPT_FAILED, none of that chunk released', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.array(fc.nat(), { maxLength: 4 }), async (chunks, dup, extra, cuts) => {
        const pt = new Uint8Array(randomBytes(chunks * CS));
        const s = sealed(pt);
        const appended = dup ? s.subarray(s.length - SEG) : extra;
        const { out, code } = await run(cutsOf(new Uint8Array(Buffer.concat([s, appended])), cuts));
        expect(code).toBe('DECRYPT_FAILED');
        expect(out).toEqual(pt.subarray(0, out.length));
        expect(out.length).toBeLessThanOrEqual((chunks - 1) * CS);
      }),
      { numRuns: 60 },
    );
  });

  it('a chunk is released once its own tag is in, and not one byte earlier', async () => {
    const pt = new Uint8Array(randomBytes(3 * CS));
    const s = sealed(pt);
    const o = new StreamOpener(deps, checkStreamArgs(key, { aad }, false));
    const got: Uint8Array[] = [];
    const emit = (x: Uint8Array): void => void got.push(x);
    await o.write(s.subarray(0, HEADER + SEG - 1), emit);
    expect(got).toEqual([]);
    await o.write(s.subarray(HEADER + SEG - 1, HEADER + SEG), emit);
    expect(new Uint8Array(Buffer.concat(got))).toEqual(pt.subarray(0, CS));
    await o.write(s.subarray(HEADER + SEG), emit);
    await o.end(emit);
    expect(new Uint8Array(Buffer.concat(got))).toEqual(pt);
  });

  it('a stream cut right after a full chunk that passed as not last: DECRYPT_FAILED at the end', async () => {
    const pt = new Uint8Array(randomBytes(3 * CS + 5));
    const s = sealed(pt);
    const { out, code } = await run([s.subarray(0, HEADER + 2 * SEG)]);
    expect(code).toBe('DECRYPT_FAILED');
    expect(out).toEqual(pt.subarray(0, 2 * CS));
  });
});
