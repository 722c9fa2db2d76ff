// AES-GCM against all 18 test cases of McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)",
// Appendix B (1-6 AES-128, 7-12 AES-192, 13-18 AES-256; 64-bit IVs in 5/11/17, 480-bit in 6/12/18),
// through the raw seam src/aead/aes-gcm.ts on both backends.
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../src/aead/aes-gcm.js';
import { DECRYPT_FAILED_MESSAGE } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface GcmSpecVector {
  tc: number;
  keyBits: number;
  key: string;
  iv: string;
  pt: string;
  aad: string;
  ct: string;
  tag: string;
  h: string;
}

const vectors = loadVectors<{ vectors: GcmSpecVector[] }>('gcm-spec.json').vectors;

describe.each(BACKENDS)('GCM spec Appendix B [$name backend]', (b) => {
  const counts = { valid: 0, tamperRejected: 0 };

  it.each(vectors)('test case $tc (AES-$keyBits)', async (v) => {
    const key = hex(v.key);
    expect(key.length * 8).toBe(v.keyBits);
    const sealed = await aesGcmEncrypt(b.aead, key, hex(v.iv), hex(v.pt), hex(v.aad));
    expect(toHexT(sealed)).toBe(v.ct + v.tag);
    const opened = await aesGcmDecrypt(b.aead, key, hex(v.iv), hex(v.ct + v.tag), hex(v.aad));
    expect(toHexT(opened)).toBe(v.pt);
    counts.valid++;

    // The last tag bit flipped must not open.
    const bad = hex(v.ct + v.tag);
    bad[bad.length - 1]! ^= 1;
    await expect(aesGcmDecrypt(b.aead, key, hex(v.iv), bad, hex(v.aad))).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
      message: DECRYPT_FAILED_MESSAGE,
    });
    counts.tamperRejected++;
  });

  it('ran all 18 test cases', () => {
    expect(vectors.length).toBe(18);
    expect(counts.valid).toBe(18);
    reportCounts(`gcm-spec.json [${b.name}]`, counts);
  });
});
