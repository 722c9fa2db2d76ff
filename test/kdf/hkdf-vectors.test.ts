// HKDF (RFC 5869) against RFC 5869 Appendix A (A.1-A.3 SHA-256, A.4-A.7 SHA-1) and Wycheproof
// hkdf_sha256, through hkdfWith on both backends. Over-long outputs (L > 255 × HashLen, section 2.3)
// must be refused with INVALID_INPUT.
import { describe, expect, it } from 'vitest';
import { hkdfWith, type HkdfOptions } from '../../src/kdf/hkdf.js';
import { HASH_LENGTH, type HashName } from '../../src/backend/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { syncErrorCode } from '../helpers/errors.js';

interface RfcHkdfVector {
  tc: number;
  hash: HashName;
  ikm: string;
  salt: string | null;
  info: string;
  L: number;
  prk: string;
  okm: string;
}
interface HkdfTest {
  tcId: number;
  comment: string;
  ikm: string;
  salt: string;
  info: string;
  size: number;
  okm: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface HkdfFile {
  numberOfTests: number;
  testGroups: { tests: HkdfTest[] }[];
}

const rfc5869 = loadVectors<{ vectors: RfcHkdfVector[] }>('rfc5869-hkdf.json').vectors;
const wycheproof = loadVectors<HkdfFile>('wycheproof/hkdf_sha256_test.json');
const wycheproofTests = wycheproof.testGroups.flatMap((g) => g.tests);

describe.each(BACKENDS)('HKDF vectors [$name backend]', (b) => {
  describe('RFC 5869 Appendix A', () => {
    const counts = { valid: 0 };
    it.each(rfc5869)('A.$tc ($hash, L=$L)', (v) => {
      const opts: HkdfOptions = { length: v.L, hash: v.hash, info: hex(v.info) };
      // tc 7: salt "not provided"; the option is left out rather than passed empty.
      if (v.salt !== null) opts.salt = hex(v.salt);
      expect(toHexT(hkdfWith(b.kdf, hex(v.ikm), opts))).toBe(v.okm);
      // PRK = HMAC-Hash(salt, IKM), salt defaulting to HashLen zeros (section 2.2).
      const salt = v.salt === null || v.salt === '' ? new Uint8Array(HASH_LENGTH[v.hash]) : hex(v.salt);
      expect(toHexT(b.hash.hmac(v.hash, salt, hex(v.ikm)))).toBe(v.prk);
      counts.valid++;
    });
    it('ran every vector', () => {
      expect(counts.valid).toBe(rfc5869.length);
      expect(new Set(rfc5869.map((v) => v.hash))).toEqual(new Set(['SHA-256', 'SHA-1']));
      reportCounts(`rfc5869-hkdf.json [${b.name}]`, counts);
    });
  });

  describe('Wycheproof hkdf_sha256', () => {
    const counts = { valid: 0, invalid: 0 };
    it.each(wycheproofTests)('tcId $tcId size $size $comment', (t) => {
      const opts: HkdfOptions = { length: t.size, hash: 'SHA-256', salt: hex(t.salt), info: hex(t.info) };
      if (t.result === 'valid') {
        expect(toHexT(hkdfWith(b.kdf, hex(t.ikm), opts))).toBe(t.okm);
        counts.valid++;
      } else {
        expect(t.result).toBe('invalid');
        expect(syncErrorCode(() => hkdfWith(b.kdf, hex(t.ikm), opts))).toBe('INVALID_INPUT');
        counts.invalid++;
      }
    });
    it('ran every vector', () => {
      expect(counts.valid + counts.invalid).toBe(wycheproof.numberOfTests);
      expect(counts.invalid).toBeGreaterThan(0);
      reportCounts(`wycheproof/hkdf_sha256_test.json [${b.name}]`, counts);
    });
  });
});
