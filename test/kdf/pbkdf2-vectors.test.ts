// PBKDF2 (RFC 8018 section 5.2) against RFC 6070 (HMAC-SHA-1), RFC 7914 section 11 (HMAC-SHA-256)
// and Wycheproof pbkdf2_hmacsha256, through pbkdf2With on both backends.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pbkdf2With } from '../../src/kdf/pbkdf2.js';
import type { HashName } from '../../src/backend/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface RfcPbkdf2Vector {
  tc: number;
  hash: HashName;
  password: string;
  password_hex: string;
  salt_hex: string;
  iterations: number;
  dkLen: number;
  dk: string;
}
interface RfcPbkdf2File {
  vectors: RfcPbkdf2Vector[];
}
interface WycheproofPbkdfTest {
  tcId: number;
  comment: string;
  password: string;
  salt: string;
  iterationCount: number;
  dkLen: number;
  dk: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofPbkdfFile {
  numberOfTests: number;
  testGroups: { tests: WycheproofPbkdfTest[] }[];
}

const rfc6070 = loadVectors<RfcPbkdf2File>('rfc6070-pbkdf2-sha1.json').vectors;
const rfc7914 = loadVectors<RfcPbkdf2File>('rfc7914-pbkdf2-sha256.json').vectors;
const wycheproof = loadVectors<WycheproofPbkdfFile>('wycheproof/pbkdf2_hmacsha256_test.json');
const wycheproofTests = wycheproof.testGroups.flatMap((g) => g.tests);

// The web backend in an insecure context (no crypto.subtle) falls back to @noble/hashes' pbkdf2Async;
// run the same vectors through that path by hiding crypto.subtle for the duration of its suite.
const KDF_BACKENDS = [
  ...BACKENDS.map((b) => ({ name: b.name, kdf: b.kdf, hideSubtle: false })),
  { name: 'web without crypto.subtle (noble)', kdf: BACKENDS[1].kdf, hideSubtle: true },
];

// RFC 6070 test case 4 has 16,777,216 iterations (~10 s natively). It runs only with ZKVAULT_SLOW set
// (npm run test:slow) and only on the node backend (OpenSSL), as the README says.
const SLOW_ITERATIONS = 1_000_000;
const slowEnabled = process.env['ZKVAULT_SLOW'] !== undefined && process.env['ZKVAULT_SLOW'] !== '';

// Wycheproof tcId 2 is RFC 7914's test case 2 (80,000 iterations; ~1 s on noble): each backend
// derives a given (password, salt, parameters) once and checks the result against both files.
const derived = new Map<string, Promise<Uint8Array>>();
function derive(b: (typeof KDF_BACKENDS)[number], password: string, salt: string, opts: { iterations: number; hash: HashName; dkLen: number }): Promise<Uint8Array> {
  const key = [b.name, password, salt, opts.iterations, opts.hash, opts.dkLen].join('|');
  let dk = derived.get(key);
  if (dk === undefined) derived.set(key, (dk = pbkdf2With(b.kdf, hex(password), hex(salt), opts)));
  return dk;
}

describe.each(KDF_BACKENDS)('PBKDF2 vectors [$name backend]', (b) => {
  if (b.hideSubtle) {
    beforeAll(() => {
      const real = globalThis.crypto;
      vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
      expect(globalThis.crypto.subtle).toBeUndefined();
    });
    afterAll(() => {
      vi.unstubAllGlobals();
    });
  }

  describe('RFC 6070 (PBKDF2-HMAC-SHA1)', () => {
    const runSlow = slowEnabled && b.name === 'node';
    const run = rfc6070.filter((v) => v.iterations < SLOW_ITERATIONS || runSlow);
    const skipReason = b.name === 'node' ? 'skipped(slow; set ZKVAULT_SLOW=1)' : 'skipped(slow; node backend only)';
    const counts = { valid: 0, [skipReason]: rfc6070.length - run.length };

    it.each(run)('test case $tc ($iterations iterations, dkLen $dkLen)', async (v) => {
      expect(v.hash).toBe('SHA-1');
      const opts = { iterations: v.iterations, hash: v.hash, dkLen: v.dkLen };
      const fromBytes = await pbkdf2With(b.kdf, hex(v.password_hex), hex(v.salt_hex), opts);
      expect(toHexT(fromBytes)).toBe(v.dk);
      // The RFC's passwords are ASCII (with NUL in tc 6), so NFKD + UTF-8 of the string gives the same octets.
      const fromString = await pbkdf2With(b.kdf, v.password, hex(v.salt_hex), opts);
      expect(toHexT(fromString)).toBe(v.dk);
      counts.valid++;
    }, 120_000);

    it('ran or explicitly skipped every vector', () => {
      expect(counts.valid).toBe(run.length);
      expect(counts.valid + (counts[skipReason] ?? 0)).toBe(rfc6070.length);
      reportCounts(`rfc6070-pbkdf2-sha1.json [${b.name}]`, counts);
    });
  });

  describe('RFC 7914 section 11 (PBKDF2-HMAC-SHA256)', () => {
    const counts = { valid: 0 };
    it.each(rfc7914)('test case $tc ($iterations iterations)', async (v) => {
      expect(v.hash).toBe('SHA-256');
      const dk = await derive(b, v.password_hex, v.salt_hex, { iterations: v.iterations, hash: v.hash, dkLen: v.dkLen });
      expect(toHexT(dk)).toBe(v.dk);
      counts.valid++;
    });
    it('ran every vector', () => {
      expect(counts.valid).toBe(rfc7914.length);
      reportCounts(`rfc7914-pbkdf2-sha256.json [${b.name}]`, counts);
    });
  });

  describe('Wycheproof pbkdf2_hmacsha256', () => {
    const counts = { valid: 0, invalid: 0 };
    it.each(wycheproofTests)('tcId $tcId $comment', async (t) => {
      // Passwords are bytes here (some are not UTF-8), so they bypass NFKD.
      const dk = await derive(b, t.password, t.salt, { iterations: t.iterationCount, hash: 'SHA-256', dkLen: t.dkLen });
      if (t.result === 'valid') {
        expect(toHexT(dk)).toBe(t.dk);
        counts.valid++;
      } else {
        expect(toHexT(dk)).not.toBe(t.dk);
        counts.invalid++;
      }
    });
    it('ran every vector', () => {
      expect(counts.valid + counts.invalid).toBe(wycheproof.numberOfTests);
      reportCounts(`wycheproof/pbkdf2_hmacsha256_test.json [${b.name}]`, counts);
    });
  });
});
