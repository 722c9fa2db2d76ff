// HMAC-SHA-256 (RFC 2104) against Wycheproof hmac_sha256, through the backend's hash.hmac and
// hash.hmacKey (the prepared-key form the envelope commitment uses), on both backends.
// Groups with tagSize 128 check the truncated tag (the leftmost 16 bytes, RFC 2104 section 5).
// zkvault has no public HMAC verify, so invalid (ModifiedTag) cases must fail a constant-time comparison.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../../src/bytes/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts } from '../helpers/vectors.js';

interface MacTest {
  tcId: number;
  comment: string;
  key: string;
  msg: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface MacFile {
  numberOfTests: number;
  testGroups: { keySize: number; tagSize: number; tests: MacTest[] }[];
}

const file = loadVectors<MacFile>('wycheproof/hmac_sha256_test.json');
const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, keySize: g.keySize, tagSize: g.tagSize })));

describe.each(BACKENDS)('Wycheproof hmac_sha256 [$name backend]', (b) => {
  const counts = { valid: 0, invalid: 0 };

  it.each(cases)('tcId $tcId (key $keySize bits, tag $tagSize bits) $comment', (t) => {
    const key = hex(t.key);
    const msg = hex(t.msg);
    const expected = hex(t.tag);
    expect(expected.length).toBe(t.tagSize / 8);

    const oneShot = b.hash.hmac('SHA-256', key, msg);
    const prepared = b.hash.hmacKey('SHA-256', key);
    // Split the message to check that multi-part input is hashed as the concatenation.
    const cut = msg.length >> 1;
    const viaPrepared = prepared(msg.subarray(0, cut), msg.subarray(cut));
    expect(oneShot.length).toBe(32);
    expect(equalBytes(viaPrepared, oneShot)).toBe(true);
    // A prepared key must not carry state from one call into the next.
    expect(equalBytes(prepared(msg), oneShot)).toBe(true);

    const truncated = oneShot.subarray(0, t.tagSize / 8);
    if (t.result === 'valid') {
      expect(equalBytes(truncated, expected)).toBe(true);
      counts.valid++;
    } else {
      expect(t.result).toBe('invalid');
      expect(equalBytes(truncated, expected)).toBe(false);
      counts.invalid++;
    }
  });

  it('ran every vector', () => {
    expect(counts.valid + counts.invalid).toBe(file.numberOfTests);
    reportCounts(`wycheproof/hmac_sha256_test.json [${b.name}]`, counts);
  });
});
