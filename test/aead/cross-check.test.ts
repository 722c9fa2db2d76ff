// AES-GCM (NIST SP 800-38D) through the raw seam on both backends, cross-checked against node:crypto's
// createCipheriv as an independent implementation, plus the seam's tamper and bad-input rules.
// Sizes straddle the web backend's noble/WebCrypto switch (WEBCRYPTO_MIN_BYTES), so both engines are hit.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_IV_MAX, GCM_IV_MIN } from '../../src/aead/aes-gcm.js';
import { WEBCRYPTO_MIN_BYTES } from '../../src/backend/web/aead.js';
import { DECRYPT_FAILED_MESSAGE, ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';

function nodeGcm(key: Uint8Array, iv: Uint8Array, pt: Uint8Array, aad: Uint8Array): Uint8Array {
  const alg = key.length === 16 ? 'aes-128-gcm' : key.length === 24 ? 'aes-192-gcm' : 'aes-256-gcm';
  const c = createCipheriv(alg, key, iv, { authTagLength: 16 });
  c.setAAD(aad);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

const keyArb = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
// Mostly 96-bit IVs (the envelope's shape, WebCrypto's path), the rest anywhere in the supported range.
const ivArb = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 12, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: GCM_IV_MIN, maxLength: GCM_IV_MAX }) },
);
const ptArb = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ minLength: WEBCRYPTO_MIN_BYTES - 17, maxLength: WEBCRYPTO_MIN_BYTES + 17 }),
  fc.uint8Array({ maxLength: 3 * WEBCRYPTO_MIN_BYTES }),
);
const aadArb = fc.uint8Array({ maxLength: 80 });

describe.each(BACKENDS)('AES-GCM seam vs node:crypto [$name backend]', (b) => {
  it('encrypt equals createCipheriv and decrypt inverts it', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, ivArb, ptArb, aadArb, async (key, iv, pt, aad) => {
        const expected = nodeGcm(key, iv, pt, aad);
        const sealed = await aesGcmEncrypt(b.aead, key, iv, pt, aad);
        expect(Buffer.from(sealed).equals(Buffer.from(expected))).toBe(true);
        const opened = await aesGcmDecrypt(b.aead, key, iv, expected, aad);
        expect(Buffer.from(opened).equals(Buffer.from(pt))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('every key size and edge IV length works on both sides of the noble/WebCrypto switch', async () => {
    // Node's WebCrypto refuses IVs under 12 bytes and Chromium 192-bit keys; the web backend must route
    // those shapes to noble instead of failing (a bug this test caught).
    const ivLengths = [GCM_IV_MIN, 9, 10, 11, 12, 13, 16, 17, 64, GCM_IV_MAX];
    let checked = 0;
    for (const keyLen of [16, 24, 32]) {
      for (const ivLen of ivLengths) {
        for (const size of [WEBCRYPTO_MIN_BYTES - 1, WEBCRYPTO_MIN_BYTES]) {
          const key = new Uint8Array(keyLen).fill(keyLen);
          const iv = new Uint8Array(ivLen).fill(ivLen);
          const pt = new Uint8Array(size).fill(0x5a);
          const aad = Uint8Array.of(1, 2, 3);
          const expected = nodeGcm(key, iv, pt, aad);
          expect(Buffer.from(await aesGcmEncrypt(b.aead, key, iv, pt, aad)).equals(Buffer.from(expected))).toBe(true);
          expect(Buffer.from(await aesGcmDecrypt(b.aead, key, iv, expected, aad)).equals(Buffer.from(pt))).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(3 * ivLengths.length * 2);
  });

  it('a prepared key encrypts many messages independently', async () => {
    const key = new Uint8Array(32).fill(7);
    const k = await b.aead.aesGcmKey(key);
    const iv = new Uint8Array(12).fill(1);
    const aad = new Uint8Array(3);
    for (const size of [0, 1, WEBCRYPTO_MIN_BYTES - 1, WEBCRYPTO_MIN_BYTES, 5000, 0]) {
      const pt = new Uint8Array(size).fill(size & 0xff);
      const sealed = await k.encrypt(iv, pt, aad);
      expect(Buffer.from(sealed).equals(Buffer.from(nodeGcm(key, iv, pt, aad)))).toBe(true);
      expect(Buffer.from(await k.decrypt(iv, sealed, aad)).equals(Buffer.from(pt))).toBe(true);
    }
  });

  it('reserve leaves the requested zero prefix before ciphertext ‖ tag', async () => {
    await fc.assert(
      fc.asyncProperty(ivArb, ptArb, fc.integer({ min: 0, max: 64 }), async (iv, pt, reserve) => {
        const key = new Uint8Array(32).fill(3);
        const out = await (await b.aead.aesGcmKey(key)).encrypt(iv, pt, new Uint8Array(0), reserve);
        expect(out.length).toBe(reserve + pt.length + 16);
        expect(out.subarray(0, reserve).every((x) => x === 0)).toBe(true);
        expect(Buffer.from(out.subarray(reserve)).equals(Buffer.from(nodeGcm(key, iv, pt, new Uint8Array(0))))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('encryptParts joins to createCipheriv output and decryptParts inverts it (the stream seam, issue 14)', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, ivArb, ptArb, aadArb, async (key, iv, pt, aad) => {
        const expected = nodeGcm(key, iv, pt, aad);
        const k = await b.aead.aesGcmKey(key);
        const parts = await k.encryptParts(iv, pt, aad);
        expect(Buffer.from(Buffer.concat(parts)).equals(Buffer.from(expected))).toBe(true);
        const ct = expected.subarray(0, expected.length - 16);
        const opened = await k.decryptParts(iv, ct, expected.subarray(ct.length), aad);
        expect(Buffer.from(opened).equals(Buffer.from(pt))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('decryptParts: flipping any bit of ciphertext or tag, or a tag that is not 16 bytes, gives DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, ivArb, ptArb, aadArb, fc.nat(), fc.constantFrom('bit', 'short tag', 'long tag'), async (key, iv, pt, aad, pick, what) => {
        const sealed = nodeGcm(key, iv, pt, aad).slice();
        const k = await b.aead.aesGcmKey(key);
        let ct = sealed.subarray(0, sealed.length - 16);
        let tag = sealed.subarray(sealed.length - 16);
        if (what === 'bit') {
          const bit = pick % (8 * sealed.length);
          sealed[bit >> 3]! ^= 1 << (bit & 7);
        } else if (what === 'short tag') {
          // The tag's first 15 bytes are still right: only the length check refuses it.
          tag = tag.subarray(0, 15);
        } else {
          tag = Uint8Array.of(...tag, 0);
          ct = ct.slice();
        }
        await expect(k.decryptParts(iv, ct, tag, aad)).rejects.toMatchObject({ code: 'DECRYPT_FAILED', message: DECRYPT_FAILED_MESSAGE });
      }),
      { numRuns: 60 },
    );
  });

  it('flipping any bit of ciphertext ‖ tag, or changing the aad, iv or key, gives DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb,
        ivArb,
        ptArb,
        aadArb,
        fc.nat(),
        fc.constantFrom('bit', 'aad', 'iv', 'key'),
        async (key, iv, pt, aad, pick, what) => {
          const sealed = nodeGcm(key, iv, pt, aad);
          let [k2, iv2, ct2, aad2] = [key, iv, sealed.slice(), aad];
          const bit = pick % (8 * sealed.length);
          if (what === 'bit') ct2[bit >> 3]! ^= 1 << (bit & 7);
          else if (what === 'aad') aad2 = Uint8Array.of(...aad, 0);
          else if (what === 'iv') (iv2 = iv.slice())[pick % iv.length]! ^= 0x80;
          else (k2 = key.slice())[pick % key.length]! ^= 1;
          await expect(aesGcmDecrypt(b.aead, k2, iv2, ct2, aad2)).rejects.toMatchObject({
            code: 'DECRYPT_FAILED',
            message: DECRYPT_FAILED_MESSAGE,
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('inputs shorter than the 16-byte tag (truncation) give DECRYPT_FAILED', async () => {
    const key = new Uint8Array(32);
    const iv = new Uint8Array(12);
    const sealed = nodeGcm(key, iv, new Uint8Array(40), new Uint8Array(0));
    for (let len = 0; len < sealed.length; len++) {
      await expect(aesGcmDecrypt(b.aead, key, iv, sealed.subarray(0, len), new Uint8Array(0))).rejects.toMatchObject({
        code: 'DECRYPT_FAILED',
      });
    }
  });

  it('refuses bad keys, IVs and non-byte arguments with INVALID_INPUT (rejected promise)', async () => {
    const k32 = new Uint8Array(32);
    const iv = new Uint8Array(12);
    const e = new Uint8Array(0);
    const bad: [unknown, unknown, unknown, unknown, string][] = [
      [new Uint8Array(15), iv, e, e, '"key" expected Uint8Array of length 16 or 24 or 32, got length=15'],
      [new Uint8Array(0), iv, e, e, '"key" expected Uint8Array of length 16 or 24 or 32, got length=0'],
      [new Uint8Array(64), iv, e, e, '"key" expected Uint8Array of length 16 or 24 or 32, got length=64'],
      ['a secret key string', iv, e, e, '"key" expected Uint8Array of length 16 or 24 or 32, got type=string'],
      [k32, new Uint8Array(GCM_IV_MIN - 1), e, e, `"iv" expected Uint8Array of length 8..128, got length=7`],
      [k32, new Uint8Array(GCM_IV_MAX + 1), e, e, `"iv" expected Uint8Array of length 8..128, got length=129`],
      [k32, new Uint8Array(0), e, e, `"iv" expected Uint8Array of length 8..128, got length=0`],
      [k32, null, e, e, `"iv" expected Uint8Array of length 8..128, got null`],
      [k32, iv, [1, 2, 3], e, '"plaintext" expected Uint8Array, got array'],
      [k32, iv, e, 'aad', '"aad" expected Uint8Array, got type=string'],
    ];
    for (const [key, nonce, data, aad, message] of bad) {
      // Encrypt and decrypt both fail through the returned promise, never synchronously.
      let enc: Promise<Uint8Array> | undefined;
      expect(() => {
        enc = aesGcmEncrypt(b.aead, key as Uint8Array, nonce as Uint8Array, data as Uint8Array, aad as Uint8Array);
      }).not.toThrow();
      await expect(enc).rejects.toBeInstanceOf(ZkvaultError);
      await expect(enc).rejects.toMatchObject({ code: 'INVALID_INPUT', message });
      const name = message.slice(1, message.indexOf('"', 1));
      const dec = aesGcmDecrypt(b.aead, key as Uint8Array, nonce as Uint8Array, data as Uint8Array, aad as Uint8Array);
      await expect(dec).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: name === 'plaintext' ? message.replace('plaintext', 'ciphertextAndTag') : message,
      });
    }
  });
});
