// Insomnia {iv,t,d,ad} AES-GCM messages on both backends: round trips (string and buffer variants,
// every key form), cross-check with node:crypto as an independent GCM, tamper rules, and the
// short/empty-tag attacks the app's own decryptor accepts.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptInsomniaBytesWith,
  decryptInsomniaWith,
  encryptInsomniaWith,
  insomniaAesJwk,
  insomniaAesKey,
  parseInsomniaMessage,
  type InsomniaAesMessage,
} from '../../src/compat/insomnia/aes.js';
import { decryptInsomnia, encryptInsomnia } from '../../src/compat/insomnia/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { loadVectors, toHexT } from '../helpers/vectors.js';
import { errorCode, expectDecryptFailed } from '../helpers/errors.js';

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const keyForm = key32.chain((k) =>
  fc.constantFrom<'bytes' | 'hex' | 'jwk'>('bytes', 'hex', 'jwk').map((form) => ({
    raw: k,
    key: form === 'bytes' ? k : form === 'hex' ? toHexT(k) : insomniaAesJwk(k),
  })),
);
const adArb = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })), { nil: undefined });

function flipHex(h: string, bit: number): string {
  const b = Buffer.from(h, 'hex');
  b[(bit >> 3) % b.length]! ^= 1 << (bit & 7);
  return b.toString('hex');
}

describe.each(BACKENDS)('Insomnia AES messages [$name backend]', (b) => {
  it('string variant round-trips any well-formed string, with every key form and ad', async () => {
    await fc.assert(
      fc.asyncProperty(keyForm, fc.string({ unit: 'grapheme', maxLength: 300 }), adArb, async ({ key, raw }, text, ad) => {
        const m = await encryptInsomniaWith(b, key, text, ad);
        expect(m.iv).toMatch(/^[0-9a-f]{24}$/);
        expect(m.t).toMatch(/^[0-9a-f]{32}$/);
        // The app encrypts encodeURIComponent(text), so the ciphertext has that length.
        expect(m.d.length / 2).toBe(Buffer.byteLength(encodeURIComponent(text)));
        expect(await decryptInsomniaWith(b, raw, m)).toBe(text);
        expect(await decryptInsomniaWith(b, key, JSON.stringify(m))).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('buffer variant round-trips bytes and matches node:crypto AES-256-GCM byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(keyForm, fc.uint8Array({ maxLength: 2100 }), adArb, async ({ key, raw }, pt, ad) => {
        const m = await encryptInsomniaWith(b, key, pt, ad);
        const aad = ad === undefined ? Buffer.alloc(0) : typeof ad === 'string' ? Buffer.from(ad, 'utf8') : Buffer.from(ad);
        expect(m.ad).toBe(aad.toString('hex'));
        const c = createCipheriv('aes-256-gcm', raw, Buffer.from(m.iv, 'hex'));
        c.setAAD(aad);
        const d = Buffer.concat([c.update(pt), c.final()]);
        expect(m.d).toBe(d.toString('hex'));
        expect(m.t).toBe(c.getAuthTag().toString('hex'));
        expect(toHexT(await decryptInsomniaBytesWith(b, key, m))).toBe(toHexT(pt));
      }),
      { numRuns: 50 },
    );
  });

  it('any single bit flip in iv, t, d or ad, or a wrong key, gives DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(
        key32,
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.constantFrom<keyof InsomniaAesMessage>('iv', 't', 'd', 'ad'),
        fc.nat(),
        async (key, pt, ad, field, bit) => {
          const m = await encryptInsomniaWith(b, key, pt, ad);
          await expectDecryptFailed(decryptInsomniaBytesWith(b, key, { ...m, [field]: flipHex(m[field], bit) }));
          const other = key.slice();
          other[bit % 32]! ^= 1;
          await expectDecryptFailed(decryptInsomniaBytesWith(b, other, m));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects the empty-tag forgery and every truncated tag that the app accepts', async () => {
    const key = new Uint8Array(32).fill(7);
    const m = await encryptInsomniaWith(b, key, new TextEncoder().encode('secret data'));
    // The app accepts t = '' for ANY ciphertext (no authentication) and t of 9..15 bytes.
    const forged = { ...m, t: '', d: 'ff' + m.d.slice(2) };
    await expectDecryptFailed(decryptInsomniaBytesWith(b, key, forged));
    await expectDecryptFailed(decryptInsomniaWith(b, key, { ...m, t: '' }));
    for (let n = 0; n < 16; n++) await expectDecryptFailed(decryptInsomniaBytesWith(b, key, { ...m, t: m.t.slice(0, 2 * n) }));
    await expectDecryptFailed(decryptInsomniaBytesWith(b, key, { ...m, t: m.t + '00' }));
  });

  it('rejects IVs that are not exactly 12 bytes, bad hex and odd hex with DECRYPT_FAILED', async () => {
    const key = new Uint8Array(32).fill(9);
    const m = await encryptInsomniaWith(b, key, 'hello');
    for (const iv of ['', m.iv.slice(0, 22), m.iv + '00', m.iv.slice(0, 16), m.iv + '0'.repeat(8)]) {
      await expectDecryptFailed(decryptInsomniaWith(b, key, { ...m, iv }));
    }
    await expectDecryptFailed(decryptInsomniaWith(b, key, { ...m, d: m.d + '0' }));
    await expectDecryptFailed(decryptInsomniaWith(b, key, { ...m, d: 'zz' + m.d.slice(2) }));
    await expectDecryptFailed(decryptInsomniaWith(b, key, { ...m, ad: 'g0' }));
    // Upper-case hex is the same bytes (the app's reader accepts it too).
    expect(await decryptInsomniaWith(b, key, { ...m, d: m.d.toUpperCase(), t: m.t.toUpperCase() })).toBe('hello');
  });

  it('an authentic buffer-variant message that is not URI-encoded UTF-8 fails the string reader with the one error', async () => {
    const key = new Uint8Array(32).fill(3);
    const m = await encryptInsomniaWith(b, key, Uint8Array.of(0x25, 0x45, 0x30)); // "%E0": malformed URI escape
    await expectDecryptFailed(decryptInsomniaWith(b, key, m));
    const m2 = await encryptInsomniaWith(b, key, Uint8Array.of(0xff, 0xfe)); // not UTF-8
    await expectDecryptFailed(decryptInsomniaWith(b, key, m2));
    expect(toHexT(await decryptInsomniaBytesWith(b, key, m2))).toBe('fffe');
  });
});

describe('Insomnia AES inputs', () => {
  it('the fixture envelope has the app\'s shape: 12-byte IV, 16-byte tag, URI-encoded plaintext length', () => {
    const f = loadVectors<{ aesEnvelope: { envelope: InsomniaAesMessage; plaintext: string } }>('insomnia-interop.json').aesEnvelope;
    const m = parseInsomniaMessage(f.envelope);
    expect(m.iv).toMatch(/^[0-9a-f]{24}$/);
    expect(m.t).toMatch(/^[0-9a-f]{32}$/);
    expect(m.d.length / 2).toBe(Buffer.byteLength(encodeURIComponent(f.plaintext)));
    expect(m.ad).toBe('');
  });

  it('key forms: bytes, hex and JWK agree; bad keys are INVALID_INPUT', async () => {
    const raw = new Uint8Array(32).map((_, i) => i);
    expect(toHexT(insomniaAesKey(toHexT(raw)))).toBe(toHexT(raw));
    expect(toHexT(insomniaAesKey(insomniaAesJwk(raw)))).toBe(toHexT(raw));
    expect(insomniaAesJwk(raw)).toEqual({ key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k: Buffer.from(raw).toString('base64url'), alg: 'A256GCM' });
    const bad: unknown[] = [
      new Uint8Array(16),
      'ab'.repeat(16),
      'zz'.repeat(32),
      null,
      42,
      { kty: 'RSA', k: 'AA' },
      { kty: 'oct', k: Buffer.alloc(16).toString('base64url') },
      { kty: 'oct', k: Buffer.from(raw).toString('base64url'), alg: 'A128GCM' },
      { kty: 'oct', k: '!!!' },
    ];
    for (const k of bad) {
      expect(await errorCode(encryptInsomnia('x', k as Uint8Array))).toBe('INVALID_INPUT');
    }
  });

  it('malformed messages are INVALID_RECORD; lone surrogates are INVALID_INPUT', async () => {
    const key = new Uint8Array(32);
    for (const m of [null, 5, '{', '[]', '{"iv":"00"}', { iv: 1, t: '', d: '', ad: '' }]) {
      expect(await errorCode(decryptInsomnia(m as unknown as InsomniaAesMessage, key))).toBe('INVALID_RECORD');
    }
    expect(await errorCode(encryptInsomnia('\ud800', key))).toBe('INVALID_INPUT');
    expect(await errorCode(encryptInsomnia(5 as unknown as string, key))).toBe('INVALID_INPUT');
  });

  it('the public functions bind the platform backend and use a fresh IV each time', async () => {
    const key = new Uint8Array(32).fill(1);
    const a = await encryptInsomnia('same', key, { ad: 'ad' });
    const c = await encryptInsomnia('same', key, { ad: 'ad' });
    expect(a.iv).not.toBe(c.iv);
    expect(a.ad).toBe(Buffer.from('ad').toString('hex'));
    expect(await decryptInsomnia(a, key)).toBe('same');
  });
});
