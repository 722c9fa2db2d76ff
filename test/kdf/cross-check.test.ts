// PBKDF2 (RFC 8018), HKDF (RFC 5869) and HMAC (RFC 2104) on both backends, cross-checked with fast-check
// against node:crypto (pbkdf2Sync, hkdfSync, createHmac) as an independent implementation. HKDF with
// info over OpenSSL's 1024-byte cap is checked against a test-side RFC 5869 built on createHmac.
import { createHmac, hkdfSync, pbkdf2Sync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_LENGTH, type HashName } from '../../src/backend/types.js';
import { hkdfWith } from '../../src/kdf/hkdf.js';
import { pbkdf2With } from '../../src/kdf/pbkdf2.js';
import { BACKENDS } from '../helpers/backends.js';

const NODE_ALG: Record<HashName, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };
const hashArb = fc.constantFrom<HashName>('SHA-1', 'SHA-256', 'SHA-512');
const bytes = (max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max });

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

// RFC 5869 sections 2.2 and 2.3, written out independently of src/ (createHmac only).
function referenceHkdf(h: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const alg = NODE_ALG[h];
  const prk = createHmac(alg, salt.length === 0 ? Buffer.alloc(HASH_LENGTH[h]) : salt).update(ikm).digest();
  const blocks: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; blocks.length * HASH_LENGTH[h] < length; i++) {
    t = createHmac(alg, prk).update(t).update(info).update(Uint8Array.of(i)).digest();
    blocks.push(t);
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, length));
}

describe.each(BACKENDS)('KDF and HMAC vs node:crypto [$name backend]', (b) => {
  it('pbkdf2With equals crypto.pbkdf2Sync (byte passwords)', async () => {
    await fc.assert(
      fc.asyncProperty(
        bytes(80),
        bytes(40),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 140 }),
        hashArb,
        async (pw, salt, iterations, dkLen, hash) => {
          const ours = await pbkdf2With(b.kdf, pw, salt, { iterations, dkLen, hash });
          expect(same(ours, pbkdf2Sync(pw, salt, iterations, dkLen, NODE_ALG[hash]))).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('string passwords are NFKD-normalised, then UTF-8 encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 12 }), bytes(16), async (pw, salt) => {
        const ours = await pbkdf2With(b.kdf, pw, salt, { iterations: 2 });
        const expected = pbkdf2Sync(Buffer.from(pw.normalize('NFKD'), 'utf8'), salt, 2, 32, 'sha256');
        expect(same(ours, expected)).toBe(true);
      }),
      { numRuns: 50 },
    );
    // Composed and decomposed "é", and the "ﬁ" ligature against "fi", give the same key.
    const salt = new Uint8Array(8);
    const opts = { iterations: 3 };
    expect(same(await pbkdf2With(b.kdf, '\u00e9', salt, opts), await pbkdf2With(b.kdf, 'e\u0301', salt, opts))).toBe(true);
    expect(same(await pbkdf2With(b.kdf, '\ufb01', salt, opts), await pbkdf2With(b.kdf, 'fi', salt, opts))).toBe(true);
    expect(same(await pbkdf2With(b.kdf, 'fi', salt, opts), await pbkdf2With(b.kdf, 'fj', salt, opts))).toBe(false);
  });

  it('pbkdf2With defaults to SHA-256 and 32 bytes', async () => {
    const pw = Uint8Array.of(1, 2, 3);
    const salt = Uint8Array.of(4, 5, 6);
    const ours = await pbkdf2With(b.kdf, pw, salt, { iterations: 5 });
    expect(same(ours, pbkdf2Sync(pw, salt, 5, 32, 'sha256'))).toBe(true);
  });

  it('hkdfWith equals crypto.hkdfSync', () => {
    fc.assert(
      fc.property(
        hashArb,
        bytes(100),
        fc.option(bytes(100), { nil: undefined }),
        fc.option(bytes(200), { nil: undefined }),
        fc.integer({ min: 1, max: 600 }),
        (hash, ikm, salt, info, len) => {
          const length = Math.min(len, 255 * HASH_LENGTH[hash]);
          const opts = { length, hash, ...(salt === undefined ? {} : { salt }), ...(info === undefined ? {} : { info }) };
          const ours = hkdfWith(b.kdf, ikm, opts);
          const expected = hkdfSync(NODE_ALG[hash], ikm, salt ?? new Uint8Array(0), info ?? new Uint8Array(0), length);
          expect(same(ours, new Uint8Array(expected))).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('hkdfWith handles info longer than 1024 bytes and the maximal length (255 × HashLen)', () => {
    fc.assert(
      fc.property(hashArb, bytes(64), bytes(64), fc.integer({ min: 1000, max: 2100 }), fc.integer({ min: 1, max: 300 }), (hash, ikm, salt, infoLen, length) => {
        const info = new Uint8Array(infoLen).fill(infoLen & 0xff);
        expect(same(hkdfWith(b.kdf, ikm, { hash, salt, info, length }), referenceHkdf(hash, ikm, salt, info, length))).toBe(true);
      }),
      { numRuns: 20 },
    );
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
      const length = 255 * HASH_LENGTH[hash];
      const ikm = Uint8Array.of(9, 9, 9);
      const info = new Uint8Array(1500);
      expect(same(hkdfWith(b.kdf, ikm, { hash, info, length }), referenceHkdf(hash, ikm, new Uint8Array(0), info, length))).toBe(true);
    }
  });

  it('hmac and hmacKey equal createHmac (any key length, including empty and longer than the block)', () => {
    fc.assert(
      fc.property(hashArb, bytes(200), fc.array(bytes(150), { maxLength: 4 }), (hash, key, parts) => {
        const ctx = createHmac(NODE_ALG[hash], key);
        for (const p of parts) ctx.update(p);
        const expected = new Uint8Array(ctx.digest());
        expect(same(b.hash.hmac(hash, key, ...parts), expected)).toBe(true);
        const mac = b.hash.hmacKey(hash, key);
        expect(same(mac(...parts), expected)).toBe(true);
        expect(same(mac(...parts), expected)).toBe(true); // reusable
      }),
      { numRuns: 50 },
    );
  });
});
