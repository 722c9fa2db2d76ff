// The canonical context encoding, the secret-key text form and fingerprints.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprint, formatSecretKey, generateSecretKey, generateSecretKeyString, parseSecretKey } from '../../src/model/index.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { ARRAY, badValuesOfKind, STRING } from '../helpers/bad-values.js';
import { syncErrorCode } from '../helpers/errors.js';

const field = fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)), fc.integer({ min: 0, max: 2 ** 32 - 1 }));

describe('encodeContext', () => {
  it('is u32be length ‖ bytes per field, purpose first', () => {
    const got = Buffer.from(encodeContext('p', ['ab', 1])).toString('hex');
    expect(got).toBe('00000001' + '70' + '00000002' + '6162' + '00000004' + '00000001');
  });

  it('is injective: equal encodings only for equal field lists (no concatenation ambiguity)', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 5 }), fc.array(field, { maxLength: 5 }), (a, b) => {
        // Each purpose fixes the type of each position, so the encoding must be injective on the
        // per-field bytes (an integer is its 4 big-endian bytes).
        const same = Buffer.from(encodeContext('p', a)).equals(Buffer.from(encodeContext('p', b)));
        const norm = (xs: (string | number)[]) =>
          JSON.stringify(xs.map((x) => (typeof x === 'number' ? Buffer.from([x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]).toString('hex') : Buffer.from(x).toString('hex'))));
        expect(same).toBe(norm(a) === norm(b));
      }),
      { numRuns: 300 },
    );
    expect(encodeContext('p', ['ab', 'c'])).not.toEqual(encodeContext('p', ['a', 'bc']));
    expect(encodeContext(PURPOSE.link, [])).not.toEqual(encodeContext(PURPOSE.resource, []));
  });

  it('refuses lone surrogates and out-of-range integers', () => {
    expect(() => encodeContext('p', ['\uD800'])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encodeContext('p', [-1])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encodeContext('p', [2 ** 32])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encodeContext('p', [1.5])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('the bad values of the matrix (internal since issue 11): a non-string purpose or non-array fields are INVALID_INPUT, not a TypeError', () => {
    for (const bad of badValuesOfKind(STRING)) expect(syncErrorCode(() => encodeContext(bad.make() as never, ['a'])), bad.label).toBe('INVALID_INPUT');
    for (const bad of badValuesOfKind(ARRAY)) expect(syncErrorCode(() => encodeContext(PURPOSE.resource, bad.make() as never)), bad.label).toBe('INVALID_INPUT');
  });
});

describe('secret key text', () => {
  it('format / parse round trip, case and separators ignored, I/L/O read as 1/1/0', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (key) => {
        const text = formatSecretKey(key);
        expect(text).toMatch(/^ZK1(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
        expect(parseSecretKey(text)).toEqual(key);
        expect(parseSecretKey(text.toLowerCase().replace(/-/g, ' '))).toEqual(key);
        expect(parseSecretKey(text.replace(/1/g, 'l').replace(/0/g, 'o'))).toEqual(key);
      }),
      { numRuns: 100 },
    );
  });

  it('generateSecretKey gives 16 fresh bytes; generateSecretKeyString their text form, which parses back', () => {
    const a = generateSecretKey();
    const b = generateSecretKey();
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(16);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(parseSecretKey(formatSecretKey(a))).toEqual(a);
    const text = generateSecretKeyString();
    expect(text).toMatch(/^ZK1(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(parseSecretKey(text)).toHaveLength(16);
    expect(generateSecretKeyString()).not.toBe(text);
  });

  it('the 12-bit checksum catches every single-character typo', () => {
    const text = generateSecretKeyString();
    let caught = 0;
    let tried = 0;
    for (let i = 4; i < text.length; i++) {
      if (text[i] === '-') continue;
      for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
        if (c === text[i]) continue;
        tried++;
        try {
          parseSecretKey(text.slice(0, i) + c + text.slice(i + 1));
        } catch (e) {
          expect(e).toMatchObject({ code: 'INVALID_INPUT' });
          expect(String((e as Error).message)).not.toContain(text.slice(4, 12));
          caught++;
        }
      }
    }
    // A 12-bit checksum misses about 1 in 4096 random changes; single typos are caught with that odds.
    expect(caught / tried).toBeGreaterThan(0.99);
  });

  it('refuses wrong prefix, length and characters', () => {
    for (const bad of ['', 'ZK2-0000-0000-0000-0000-0000-0000-0000', 'ZK1-0000', 'ZK1-UUUU-0000-0000-0000-0000-0000-0000', 'x'.repeat(500)]) {
      expect(() => parseSecretKey(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    expect(() => formatSecretKey(new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('fingerprint', () => {
  it('is the first 120 bits of SHA-256(label ‖ PUB_Account ‖ PUB_Sign) in Crockford base32, 6 groups of 4', async () => {
    const { createHash } = await import('node:crypto');
    const pk = new Uint8Array(32).fill(9);
    const spk = new Uint8Array(32).fill(7);
    const label = Buffer.concat([Buffer.from([0, 0, 0, 31]), Buffer.from('zkvault/v1/identity-fingerprint')]);
    const d = createHash('sha256').update(label).update(pk).update(spk).digest();
    let n = BigInt('0x' + d.subarray(0, 15).toString('hex'));
    let s = '';
    for (let i = 0; i < 24; i++) {
      s = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number(n & 31n)] + s;
      n >>= 5n;
    }
    expect(fingerprint({ publicKey: pk, signPublicKey: spk })).toBe(s.match(/.{4}/g)!.join(' '));
    for (const bad of [{ publicKey: new Uint8Array(33), signPublicKey: spk }, { publicKey: pk, signPublicKey: new Uint8Array(31) }, { publicKey: pk }, pk, null]) {
      expect(() => fingerprint(bad as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
