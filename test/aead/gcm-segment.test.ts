// The incremental GCM seam of the node backend (`decryptSegment`, src/backend/node/aead.ts; issue 14
// round 4), cross-checked against node:crypto's createCipheriv: ciphertext fed in any split decrypts
// to the plaintext once the tag verifies; a bad tag (any flipped bit, another nonce or aad, a tag of
// another length) gives no plaintext; `recover` gives back exactly the bytes absorbed, whatever they
// were (the stream opener reopens a last segment from them under another nonce).
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { aead as webAead } from '../../src/backend/web/aead.js';
import type { GcmSegment } from '../../src/backend/types.js';

function sealRef(key: Uint8Array, iv: Uint8Array, pt: Uint8Array, aad: Uint8Array): { ct: Uint8Array; tag: Uint8Array } {
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  c.setAAD(aad);
  const ct = new Uint8Array(Buffer.concat([c.update(pt), c.final()]));
  return { ct, tag: new Uint8Array(c.getAuthTag()) };
}

/** Feeds `b` to the segment in pieces cut at `cuts`; every piece is overwritten after the call (reuse). */
function feed(seg: GcmSegment, b: Uint8Array, cuts: number[]): void {
  const at = [...new Set(cuts.map((c) => c % (b.length + 1))), b.length].sort((x, y) => x - y);
  let prev = 0;
  for (const c of at) {
    const piece = b.slice(prev, c);
    seg.update(piece);
    piece.fill(0xee);
    prev = c;
  }
}

const join = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const iv12 = fc.uint8Array({ minLength: 12, maxLength: 12 });
const ptArb = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 3000 }));
const aadArb = fc.uint8Array({ maxLength: 80 });
const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

describe('GCM segment seam (node backend)', () => {
  it('ciphertext fed in any split, with any reuse of the pieces, opens to the plaintext once the tag verifies', async () => {
    await fc.assert(
      fc.asyncProperty(key32, iv12, ptArb, aadArb, cutsArb, async (key, iv, pt, aad, cuts) => {
        const { ct, tag } = sealRef(key, iv, pt, aad);
        const seg = (await nodeAead.aesGcmKey(key)).decryptSegment!(iv, aad);
        feed(seg, ct, cuts);
        const out = await seg.finish(tag);
        expect(out).toBeDefined();
        expect(join(out!)).toEqual(pt);
      }),
      { numRuns: 60 },
    );
  });

  it('a flipped bit, another nonce, another aad or a tag of another length gives no plaintext; recover gives back the bytes absorbed', async () => {
    await fc.assert(
      fc.asyncProperty(
        key32, iv12, ptArb, aadArb, cutsArb, fc.nat(), fc.constantFrom('bit', 'nonce', 'aad', 'short tag', 'long tag'),
        async (key, iv, pt, aad, cuts, pick, what) => {
          const { ct, tag } = sealRef(key, iv, pt, aad);
          const wire = join([ct, tag]);
          let n = iv;
          let a = aad;
          let t: Uint8Array = wire.subarray(ct.length);
          if (what === 'bit') {
            const bit = pick % (8 * wire.length);
            wire[bit >> 3]! ^= 1 << (bit & 7);
            t = wire.subarray(ct.length);
          } else if (what === 'nonce') {
            n = iv.slice();
            n[11]! ^= 1; // the stream's last-chunk flag
          } else if (what === 'aad') {
            a = Uint8Array.of(...aad, 0);
          } else if (what === 'short tag') {
            t = tag.subarray(0, 15);
          } else {
            t = Uint8Array.of(...tag, 0);
          }
          const body = wire.slice(0, ct.length);
          const seg = (await nodeAead.aesGcmKey(key)).decryptSegment!(n, a);
          feed(seg, body, cuts);
          expect(await seg.finish(t)).toBeUndefined();
          expect(join(seg.recover())).toEqual(body);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('recover without finish gives back the bytes absorbed (a last segment cut anywhere, tag bytes included)', async () => {
    await fc.assert(
      fc.asyncProperty(key32, iv12, aadArb, fc.uint8Array({ maxLength: 3000 }), cutsArb, async (key, iv, aad, bytes, cuts) => {
        const seg = (await nodeAead.aesGcmKey(key)).decryptSegment!(iv, aad);
        feed(seg, bytes, cuts);
        expect(join(seg.recover())).toEqual(bytes);
      }),
      { numRuns: 40 },
    );
  });

  it('discard drops what the segment holds: nothing is recovered after it', async () => {
    const key = new Uint8Array(32).fill(3);
    const iv = new Uint8Array(12).fill(4);
    const seg = (await nodeAead.aesGcmKey(key)).decryptSegment!(iv, new Uint8Array(0));
    seg.update(new Uint8Array(100).fill(9));
    seg.discard();
    expect(join(seg.recover())).toEqual(new Uint8Array(0));
  });

  it('the web backend has no incremental GCM (the stream opener gathers for it instead)', async () => {
    expect((await webAead.aesGcmKey(new Uint8Array(32))).decryptSegment).toBeUndefined();
  });
});
