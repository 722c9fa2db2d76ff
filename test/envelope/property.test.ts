// Property tests of the v1 envelope on both backends: round trip, every tamper rule, cross-backend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEBCRYPTO_MIN_BYTES } from '../../src/backend/web/aead.js';
import { EnvelopeKey } from '../../src/envelope/envelope-key.js';
import { ENVELOPE_OVERHEAD } from '../../src/envelope/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { envelopeKey } from '../../src/envelope/api.js';
import { bytesOfSize, expectBytes } from '../helpers/bytes.js';

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const aadArb = fc.uint8Array({ maxLength: 256 });
// Sizes up to 64 KiB, biased to small ones and to the web backend's noble/WebCrypto crossover.
const sizeArb = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: WEBCRYPTO_MIN_BYTES - 32, max: WEBCRYPTO_MIN_BYTES + 32 }), fc.integer({ min: 0, max: 65536 }));
const ptArb = bytesOfSize(sizeArb);
const decryptFailed = { code: 'DECRYPT_FAILED', message: 'zkvault: decryption failed' };

describe.each(BACKENDS)('envelope properties, $name backend', (b) => {
  const mk = (k: Uint8Array): Promise<EnvelopeKey> => withBackends({ aead: b.aead, hash: b.hash, random: b.random }, () => envelopeKey(k));

  it('round trips any plaintext 0..64 KiB with any aad', async () => {
    await fc.assert(
      fc.asyncProperty(key32, ptArb, aadArb, async (key, pt, aad) => {
        const k = await mk(key);
        const env = await k.seal(pt, { aad });
        expect(env.length).toBe(pt.length + ENVELOPE_OVERHEAD);
        expectBytes(await k.open(env, { aad }), pt);
      }),
      { numRuns: 60 },
    );
  });

  it('flipping any single bit fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ maxLength: 64 }), aadArb, fc.nat(), fc.integer({ min: 0, max: 7 }), async (key, pt, aad, pos, bit) => {
        const k = await mk(key);
        const env = await k.seal(pt, { aad });
        env[pos % env.length]! ^= 1 << bit;
        await expect(k.open(env, { aad })).rejects.toMatchObject(decryptFailed);
      }),
      { numRuns: 200 },
    );
  });

  it('every bit position of one envelope is protected', async () => {
    const k = await mk(new Uint8Array(32).fill(9));
    const env = await k.seal(new Uint8Array([1, 2, 3]), { aad: new Uint8Array([4]) });
    for (let i = 0; i < env.length * 8; i++) {
      const t = env.slice();
      t[i >> 3]! ^= 1 << (i & 7);
      await expect(k.open(t, { aad: new Uint8Array([4]) })).rejects.toMatchObject(decryptFailed);
    }
  });

  it('truncating at any length fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ maxLength: 100 }), fc.nat(), async (key, pt, cut) => {
        const k = await mk(key);
        const env = await k.seal(pt);
        await expect(k.open(env.subarray(0, cut % env.length))).rejects.toMatchObject(decryptFailed);
      }),
      { numRuns: 100 },
    );
  });

  it('appending bytes fails with DECRYPT_FAILED', async () => {
    const k = await mk(new Uint8Array(32).fill(1));
    const env = await k.seal(new Uint8Array(10));
    const longer = new Uint8Array(env.length + 1);
    longer.set(env);
    await expect(k.open(longer)).rejects.toMatchObject(decryptFailed);
  });

  it('a wrong key fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, key32, fc.uint8Array({ maxLength: 64 }), async (k1, k2, pt) => {
        fc.pre(Buffer.compare(k1, k2) !== 0);
        const env = await (await mk(k1)).seal(pt);
        await expect((await mk(k2)).open(env)).rejects.toMatchObject(decryptFailed);
      }),
      { numRuns: 50 },
    );
  });

  it('a wrong aad (context) fails with DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ maxLength: 64 }), aadArb, aadArb, async (key, pt, a1, a2) => {
        fc.pre(Buffer.compare(a1, a2) !== 0);
        const k = await mk(key);
        await expect(k.open(await k.seal(pt, { aad: a1 }), { aad: a2 })).rejects.toMatchObject(decryptFailed);
      }),
      { numRuns: 50 },
    );
  });

  it('two seals of the same plaintext differ (fresh nonce)', async () => {
    const k = await mk(new Uint8Array(32));
    const a = await k.seal(new Uint8Array(8));
    const c = await k.seal(new Uint8Array(8));
    expect(Buffer.compare(a.subarray(2, 14), c.subarray(2, 14))).not.toBe(0);
  });
});

describe('envelopes cross backends', () => {
  const [node, web] = BACKENDS;
  const pairs = [
    [node, web],
    [web, node],
  ] as const;
  it.each(pairs)('sealed on $name opens on the other', async (from, to) => {
    await fc.assert(
      fc.asyncProperty(key32, ptArb, aadArb, async (key, pt, aad) => {
        const s = await withBackends({ aead: from.aead, hash: from.hash, random: from.random }, () => envelopeKey(key));
        const o = await withBackends({ aead: to.aead, hash: to.hash, random: to.random }, () => envelopeKey(key));
        expectBytes(await o.open(await s.seal(pt, { aad }), { aad }), pt);
      }),
      { numRuns: 40 },
    );
  });
});
