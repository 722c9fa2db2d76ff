// AES-GCM against Wycheproof aes_gcm_test.json through the raw seam src/aead/aes-gcm.ts, on both backends.
// - valid: encryption must give ct ‖ tag exactly, and decryption the message.
// - invalid (modified tags): decryption must throw DECRYPT_FAILED; (0-byte IVs): INVALID_INPUT.
// - IVs outside the seam's supported range are rejected by design: shorter than 8 bytes (GCM_IV_MIN, noble's
//   floor) or longer than 128 bytes (GCM_IV_MAX, OpenSSL 3's ceiling; the 2056-bit cases). Those cases must be
//   REJECTED with INVALID_INPUT and are counted as "unsupportedRejected", never skipped.
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_IV_MAX, GCM_IV_MIN } from '../../src/aead/aes-gcm.js';
import { DECRYPT_FAILED_MESSAGE } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface AeadTest {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface AeadGroup {
  ivSize: number;
  keySize: number;
  tagSize: number;
  tests: AeadTest[];
}

const file = loadVectors<{ numberOfTests: number; testGroups: AeadGroup[] }>('wycheproof/aes_gcm_test.json');
const cases = file.testGroups.flatMap((g) =>
  g.tests.map((t) => ({ ...t, ivSize: g.ivSize, keySize: g.keySize, tagSize: g.tagSize })),
);

function supported(ivBits: number, tagBits: number): boolean {
  const ivBytes = ivBits / 8;
  return ivBytes >= GCM_IV_MIN && ivBytes <= GCM_IV_MAX && tagBits === 128;
}

describe.each(BACKENDS)('Wycheproof aes_gcm [$name backend]', (b) => {
  const counts = { valid: 0, invalid: 0, unsupportedRejected: 0 };

  it.each(cases)('tcId $tcId (AES-$keySize, iv $ivSize bits) $result $comment', async (t) => {
    const key = hex(t.key);
    const iv = hex(t.iv);
    const msg = hex(t.msg);
    const aad = hex(t.aad);
    const sealed = hex(t.ct + t.tag);
    expect(iv.length * 8).toBe(t.ivSize);

    if (!supported(t.ivSize, t.tagSize)) {
      // Outside the seam's range: both directions refuse the input before any cryptography.
      await expect(aesGcmEncrypt(b.aead, key, iv, msg, aad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(aesGcmDecrypt(b.aead, key, iv, sealed, aad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      if (t.result === 'valid') counts.unsupportedRejected++;
      else counts.invalid++;
      return;
    }

    if (t.result === 'valid') {
      expect(toHexT(await aesGcmEncrypt(b.aead, key, iv, msg, aad))).toBe(t.ct + t.tag);
      expect(toHexT(await aesGcmDecrypt(b.aead, key, iv, sealed, aad))).toBe(t.msg);
      counts.valid++;
    } else {
      expect(t.result).toBe('invalid');
      await expect(aesGcmDecrypt(b.aead, key, iv, sealed, aad)).rejects.toMatchObject({
        code: 'DECRYPT_FAILED',
        message: DECRYPT_FAILED_MESSAGE,
      });
      counts.invalid++;
    }
  });

  it('accounted for every vector', () => {
    expect(counts.valid + counts.invalid + counts.unsupportedRejected).toBe(file.numberOfTests);
    // Guard the classification itself: 24 valid cases with IVs under 64 bits, 3 with 2056-bit IVs, 87 invalid.
    expect(counts.unsupportedRejected).toBe(27);
    expect(counts.invalid).toBe(cases.filter((c) => c.result === 'invalid').length);
    reportCounts(`wycheproof/aes_gcm_test.json [${b.name}]`, counts);
  });
});
