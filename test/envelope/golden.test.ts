// Golden vectors of our own format (vectors/zkvault-envelope-v1.json), checked three ways: our seal
// with the fixed nonce reproduces the bytes on each backend, our open accepts/rejects them, and an
// independent node:crypto construction of the documented layout gives the same bytes.
import { describe, expect, it } from 'vitest';
import { EnvelopeKey, sealWithNonce } from '../../src/envelope/envelope-key.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { referenceEnvelope } from '../helpers/reference-envelope.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { envelopeKey } from '../../src/envelope/api.js';

interface EnvVector { tcId: number; comment: string; key: string; nonce: string; aad: string; plaintext: string; envelope: string; result: 'valid' | 'invalid' }
const file = loadVectors<{ vectors: EnvVector[] }>('zkvault-envelope-v1.json');
const valid = file.vectors.filter((v) => v.result === 'valid');
const invalid = file.vectors.filter((v) => v.result === 'invalid');

describe('zkvault-envelope-v1.json', () => {
  it('has valid and invalid vectors', () => {
    expect(valid.length).toBeGreaterThanOrEqual(5);
    expect(invalid.length).toBeGreaterThanOrEqual(10);
    reportCounts('zkvault-envelope-v1', { valid: valid.length, invalid: invalid.length });
  });

  it.each(valid)('independent node:crypto layout matches tc $tcId ($comment)', (v) => {
    expect(toHexT(referenceEnvelope(hex(v.key), hex(v.nonce), hex(v.plaintext), hex(v.aad)))).toBe(v.envelope);
  });

  describe.each(BACKENDS)('$name backend', (b) => {
    const deps = { aead: b.aead, hash: b.hash, random: b.random };
    it.each(valid)('seal reproduces and open accepts tc $tcId ($comment)', async (v) => {
      const k = await withBackends(deps, () => envelopeKey(hex(v.key)));
      expect(toHexT(await sealWithNonce(k, hex(v.nonce), hex(v.plaintext), hex(v.aad)))).toBe(v.envelope);
      expect(toHexT(await k.open(hex(v.envelope), { aad: hex(v.aad) }))).toBe(v.plaintext);
    });
    it.each(invalid)('open rejects tc $tcId ($comment) with DECRYPT_FAILED', async (v) => {
      const k = await withBackends(deps, () => envelopeKey(hex(v.key)));
      await expect(k.open(hex(v.envelope), { aad: hex(v.aad) })).rejects.toMatchObject({ code: 'DECRYPT_FAILED', message: 'zkvault: decryption failed' });
    });
  });
});
