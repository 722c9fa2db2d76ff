// The node backend's framed seal and paced open at the sizes where their pieces and paths change
// (issue 14, round 8): around multiples of the 256 KiB update() piece, whose outputs are copied into
// one framed output that is not zero-filled up to 4 MiB, and around that 4 MiB line, above which both
// hand the event loop back. The envelope must be byte for byte what the format says (built here from
// node:crypto alone), so no uninitialised byte can leave; tampering, a wrong key or context must
// still fail as the one generic error.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aead, CHUNK, YIELD_BYTES } from '../../src/backend/node/aead.js';
import { hash } from '../../src/backend/node/hash.js';
import { random } from '../../src/backend/node/random.js';
import { createEnvelopeKey, ENVELOPE_HEADER_LENGTH, sealWithNonce } from '../../src/envelope/envelope-key.js';
import { expectBytes, seededBytes } from '../helpers/bytes.js';
import { referenceEnvelope } from '../helpers/reference-envelope.js';

const decryptFailed = { code: 'DECRYPT_FAILED', message: 'zkvault: decryption failed' };

/** `n` bytes: a seeded 4 KiB block repeated (a native fill, cheap at megabytes). */
function tiled(n: number, seed: number): Uint8Array {
  return new Uint8Array(Buffer.alloc(n, seededBytes(4096, seed)));
}

// Sizes on both sides of every piece boundary, of the paced line and of its first pacing step.
const boundary = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 17 }), fc.integer({ min: -2, max: 2 })).map(([k, d]) => Math.max(0, k * CHUNK + d)),
  fc.integer({ min: -2, max: 2 }).map((d) => YIELD_BYTES + d),
  fc.integer({ min: -2, max: 2 }).map((d) => YIELD_BYTES + CHUNK + d),
);
const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce12 = fc.uint8Array({ minLength: 12, maxLength: 12 });
const aadArb = fc.uint8Array({ maxLength: 48 });

describe('node backend: framed seal and paced open across piece boundaries', () => {
  it('seals byte for byte as the format says, and opens back, on both sides of every boundary', async () => {
    await fc.assert(
      fc.asyncProperty(key32, nonce12, boundary, fc.integer(), aadArb, async (key, nonce, n, seed, aad) => {
        const pt = tiled(n, seed);
        const k = await createEnvelopeKey({ aead, hash, random }, key);
        const env = await sealWithNonce(k, nonce, pt, aad);
        expectBytes(env, referenceEnvelope(key, nonce, pt, aad));
        expectBytes(await k.open(env, { aad }), pt);
      }),
      { numRuns: 10 },
    );
  });

  it('a flipped byte anywhere, a wrong key or a wrong context fails with DECRYPT_FAILED above the paced line', async () => {
    await fc.assert(
      fc.asyncProperty(key32, boundary.filter((n) => n > YIELD_BYTES), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.constantFrom('flip', 'key', 'aad'), async (key, n, pos, bit, how) => {
        const aad = Uint8Array.of(4, 2);
        const k = await createEnvelopeKey({ aead, hash, random }, key);
        const env = await k.seal(tiled(n, pos), { aad });
        if (how === 'flip') {
          env[pos % env.length]! ^= 1 << bit;
          await expect(k.open(env, { aad })).rejects.toMatchObject(decryptFailed);
        } else if (how === 'key') {
          const other = key.map((b, i) => (i === pos % 32 ? b ^ (1 << bit) : b));
          await expect((await createEnvelopeKey({ aead, hash, random }, other)).open(env, { aad })).rejects.toMatchObject(decryptFailed);
        } else {
          await expect(k.open(env, { aad: Uint8Array.of(4, 3) })).rejects.toMatchObject(decryptFailed);
        }
      }),
      { numRuns: 4 },
    );
  });

  it('the raw seam: reserved free space is zero, a given header is copied, and ciphertext ‖ tag is GCM', async () => {
    const key = seededBytes(32, 7);
    const iv = seededBytes(12, 8);
    const aad = Uint8Array.of(1, 2, 3);
    const gcm = await aead.aesGcmKey(key);
    for (const n of [CHUNK - 1, CHUNK + 1, YIELD_BYTES + 1]) {
      const pt = tiled(n, n);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad);
      const body = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
      const free = await gcm.encrypt(iv, pt, aad, ENVELOPE_HEADER_LENGTH);
      expect(free.subarray(0, ENVELOPE_HEADER_LENGTH).every((b) => b === 0)).toBe(true);
      expectBytes(free.subarray(ENVELOPE_HEADER_LENGTH), body);
      const head = seededBytes(ENVELOPE_HEADER_LENGTH, n);
      const framed = await gcm.encrypt(iv, pt, aad, head);
      expectBytes(framed, Buffer.concat([head, body]));
      expectBytes(await gcm.encrypt(iv, pt, aad), body);
      expectBytes(await gcm.decrypt(iv, body, aad), pt);
    }
  });
});
