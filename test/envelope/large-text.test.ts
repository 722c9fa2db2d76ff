// Large v1 envelopes as text (issue 13, mem13): above 4 MiB, sealString encodes the envelope as the
// cipher returns it (no framed envelope, no text-as-bytes copy) and openString decrypts over the
// bytes it decoded (node backend). The text must be exactly the base64url of the standard
// envelope: checked against node:crypto's one-shot AES-256-GCM and HMAC byte for byte, at the
// cipher-step (768 KiB) and text-piece (48 KiB) boundaries, on both backends. Tampering, a wrong key
// or a wrong context is the one DECRYPT_FAILED.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { Base64urlWriter, fromBase64url, toBase64url } from '../../src/bytes/encoding.js';
import { envelopeKey } from '../../src/envelope/api.js';
import { ENVELOPE_NONCE_BUDGET, setSealCountForTesting, type EnvelopeKey } from '../../src/envelope/envelope-key.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectBytes, seededBytes } from '../helpers/bytes.js';
import { outcome } from '../helpers/errors.js';
import { referenceEnvelope } from '../helpers/reference-envelope.js';

const MiB = 1 << 20;
const STEP = 3 << 18; // the envelope's cipher step
const PIECE = 3 << 14; // the text encoder's piece
const LARGE = 4 * MiB + 1; // the smallest plaintext of the large path
const DECRYPT = 'DECRYPT_FAILED: zkvault: decryption failed';
// Sizes of the large path: its first byte, and around multiples of the cipher step and text piece.
const sizeArb = fc.oneof(
  fc.constantFrom(LARGE, 6 * STEP - 1, 6 * STEP, 6 * STEP + 1, 128 * PIECE + 2),
  fc.integer({ min: LARGE, max: LARGE + 2 * STEP }),
);
const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const aadArb = fc.uint8Array({ maxLength: 64 });

describe.each(BACKENDS)('large envelopes as text, $name backend', (b) => {
  const mk = (k: Uint8Array): Promise<EnvelopeKey> => withBackends({ aead: b.aead, hash: b.hash, random: b.random }, () => envelopeKey(k));

  it('sealString is the base64url of the standard envelope, byte for byte, and openString round trips it', async () => {
    await fc.assert(
      fc.asyncProperty(key32, sizeArb, fc.integer(), aadArb, async (key, n, seed, aad) => {
        const k = await mk(key);
        const pt = seededBytes(n, seed);
        const text = await k.sealString(pt, { aad });
        const env = Buffer.from(text, 'base64url');
        expect(Buffer.from(env).toString('base64url')).toBe(text); // canonical, no padding
        expect(env.equals(referenceEnvelope(key, env.subarray(2, 14), pt, aad))).toBe(true);
        expectBytes(await k.openString(text, { aad }), pt);
        expectBytes(await k.open(env, { aad }), pt);
      }),
      { numRuns: 4 },
    );
  }, 60_000);

  it('flipping any byte, a wrong key or a wrong context is the one DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.nat(), fc.integer({ min: 1, max: 255 }), aadArb, async (key, pos, flip, aad) => {
        const k = await mk(key);
        const pt = seededBytes(LARGE + (pos % STEP), pos);
        const text = await k.sealString(pt, { aad });
        const env = Buffer.from(text, 'base64url');
        env[pos % env.length]! ^= flip;
        expect(await outcome(() => k.openString(env.toString('base64url'), { aad }))).toBe(DECRYPT);
        expect(await outcome(() => k.openString(text, { aad: Uint8Array.of(...aad, 0) }))).toBe(DECRYPT);
        const other = await mk(key.map((x, i) => (i === 0 ? x ^ 1 : x)));
        expect(await outcome(() => other.openString(text, { aad }))).toBe(DECRYPT);
      }),
      { numRuns: 3 },
    );
  }, 60_000);

  it('the large path counts against the nonce budget and refuses a disposed key, as seal does', async () => {
    const k = await mk(new Uint8Array(32).fill(3));
    setSealCountForTesting(k, ENVELOPE_NONCE_BUDGET - 1);
    const pt = new Uint8Array(LARGE);
    expect(typeof (await k.sealString(pt))).toBe('string');
    expect(await outcome(() => k.sealString(pt))).toMatch(/^NONCE_BUDGET_EXHAUSTED: /);
    k.dispose();
    expect(await outcome(() => k.sealString(pt))).toBe('KEY_LOCKED: zkvault: envelope key was disposed');
  });
});

describe('node backend: pacing', () => {
  it('a 16 MiB sealString and openString hand the event loop turns (every 3 MiB) and round trip', async () => {
    const k = await envelopeKey(new Uint8Array(32).fill(8));
    const pt = seededBytes(16 * MiB, 3);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const text = await k.sealString(pt);
      expect(ticks).toBeGreaterThan(0);
      ticks = 0;
      expectBytes(await k.openString(text), pt);
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  }, 60_000);
});

describe('node backend: decryptInPlace', () => {
  const key = new Uint8Array(32).fill(9);
  const nonce = new Uint8Array(12).fill(4);
  const aad = Uint8Array.of(1, 2, 3);

  it('above 4 MiB writes the plaintext over the ciphertext; a bad tag wipes what it wrote', async () => {
    const g = await nodeAead.aesGcmKey(key);
    const pt = seededBytes(LARGE + 5, 1);
    const sealed = await g.encrypt(nonce, pt, aad);
    const copy = new Uint8Array(sealed);
    const out = await g.decryptInPlace!(nonce, copy, aad);
    expect(out.buffer).toBe(copy.buffer);
    expectBytes(out, pt);
    const bad = new Uint8Array(sealed);
    bad[bad.length - 1]! ^= 1;
    expect(await outcome(() => g.decryptInPlace!(nonce, bad, aad))).toBe(DECRYPT);
    expect(bad.subarray(0, pt.length).every((x) => x === 0)).toBe(true);
  });

  it('up to 4 MiB it is decrypt: the input is left as it was', async () => {
    const g = await nodeAead.aesGcmKey(key);
    const pt = seededBytes(4 * MiB, 2);
    const sealed = await g.encrypt(nonce, pt, aad);
    const copy = new Uint8Array(sealed);
    expectBytes(await g.decryptInPlace!(nonce, copy, aad), pt);
    expectBytes(copy, sealed);
    expect(await outcome(() => g.decryptInPlace!(nonce, new Uint8Array(15), aad))).toBe(DECRYPT);
  });
});

describe('Base64urlWriter', () => {
  it('bytes pushed in any pieces give the base64url of their concatenation, across text-piece boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * PIECE + 4 }), fc.integer(), fc.array(fc.nat(), { maxLength: 6 }), (n, seed, cuts) => {
        const bytes = seededBytes(n, seed);
        const at = [...new Set(cuts.map((c) => c % (n + 1)))].sort((x, y) => x - y);
        const w = new Base64urlWriter();
        let from = 0;
        for (const c of [...at, n]) {
          w.push(bytes.subarray(from, c));
          from = c;
        }
        expect(w.end()).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 40 },
    );
  });

  it('toBase64url above 4 MiB (in pieces) is the same text, and fromBase64url reads it back', () => {
    const bytes = seededBytes(4 * MiB + 2, 7);
    const text = toBase64url(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64url'));
    expectBytes(fromBase64url(text), bytes);
  });
});
