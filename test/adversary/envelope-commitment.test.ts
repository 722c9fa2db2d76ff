// Malicious sender vs. the v1 envelope's own checks, with envelopes that AES-256-GCM itself accepts
// (vectors/zkvault-envelope-v1-safeguards.json, scripts/generate-envelope-safeguard-vectors.ts), so
// the GCM tag cannot be what refuses them:
// - the two-key ("invisible salamander") attack: one ciphertext and tag valid under K1 and K2. Plain
//   GCM opens it under both; only the key commitment stops the envelope opening under K2;
// - envelopes with another version or suite byte, a correct commitment and a correct tag: only the
//   header-byte check refuses them.
import { createDecipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeKey, open } from '../../src/envelope/api.js';
import { EnvelopeKey } from '../../src/envelope/envelope-key.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode } from '../helpers/errors.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { withBackends } from '../../src/backend/backend-deps.js';

interface TwoKey {
  k1: string;
  k2: string;
  nonce: string;
  aad: string;
  gcmAad: string;
  ciphertext: string;
  tag: string;
  plaintext1: string;
  plaintext2: string;
  envelope: string;
}
interface HeaderCase { tcId: number; comment: string; version: number; suite: number; key: string; nonce: string; aad: string; plaintext: string; envelope: string }
const file = loadVectors<{ twoKey: TwoKey; headerBytes: HeaderCase[] }>('zkvault-envelope-v1-safeguards.json');
const t = file.twoKey;

/** AES-256-GCM open by node:crypto alone (no zkvault code). */
function plainGcmOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): string {
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(tag);
  return toHexT(Buffer.concat([d.update(ct), d.final()]));
}
const commitment = (key: Uint8Array, nonce: Uint8Array): string => createHmac('sha256', key).update('zkvault/v1/commit').update(nonce).digest('hex');

describe('two-key AES-256-GCM vector (key commitment)', () => {
  it('is laid out as a v1 envelope whose commitment names K1', () => {
    reportCounts('zkvault-envelope-v1-safeguards', { twoKey: 1, headerBytes: file.headerBytes.length });
    expect(t.k1).not.toBe(t.k2);
    expect(t.envelope).toBe(t.gcmAad.slice(0, 92) + t.ciphertext + t.tag);
    expect(t.gcmAad).toBe(t.envelope.slice(0, 92) + t.aad);
    expect(t.envelope.slice(0, 4)).toBe('0101');
    expect(t.envelope.slice(4, 28)).toBe(t.nonce);
    expect(t.envelope.slice(28, 92)).toBe(commitment(hex(t.k1), hex(t.nonce)));
    expect(t.envelope.slice(28, 92)).not.toBe(commitment(hex(t.k2), hex(t.nonce)));
  });

  it('plain GCM (node:crypto) opens the same ciphertext and tag under both keys, to different plaintexts', () => {
    const args = [hex(t.nonce), hex(t.gcmAad), hex(t.ciphertext), hex(t.tag)] as const;
    expect(plainGcmOpen(hex(t.k1), ...args)).toBe(t.plaintext1);
    expect(plainGcmOpen(hex(t.k2), ...args)).toBe(t.plaintext2);
    expect(t.plaintext1).not.toBe(t.plaintext2);
  });

  describe.each(BACKENDS)('$name backend', (b) => {
    const deps = { aead: b.aead, hash: b.hash, random: b.random };

    it("the backend's raw AES-GCM also accepts it under both keys", async () => {
      for (const [k, pt] of [[t.k1, t.plaintext1], [t.k2, t.plaintext2]] as const) {
        const gcm = await b.aead.aesGcmKey(hex(k));
        expect(toHexT(await gcm.decrypt(hex(t.nonce), hex(t.ciphertext + t.tag), hex(t.gcmAad)))).toBe(pt);
      }
    });

    it('the envelope opens under K1 only: under K2 the commitment refuses it with DECRYPT_FAILED', async () => {
      const k1 = await withBackends(deps, () => envelopeKey(hex(t.k1)));
      expect(toHexT(await k1.open(hex(t.envelope), { aad: hex(t.aad) }))).toBe(t.plaintext1);
      const k2 = await withBackends(deps, () => envelopeKey(hex(t.k2)));
      expect(await errorCode(k2.open(hex(t.envelope), { aad: hex(t.aad) }))).toBe('DECRYPT_FAILED');
    });
  });

  it('the public one-shot open refuses it under K2 as well', async () => {
    expect(toHexT(await open(hex(t.envelope), hex(t.k1), { aad: hex(t.aad) }))).toBe(t.plaintext1);
    expect(await errorCode(open(hex(t.envelope), hex(t.k2), { aad: hex(t.aad) }))).toBe('DECRYPT_FAILED');
  });
});

describe('GCM-valid envelopes with another version or suite byte', () => {
  it.each(file.headerBytes)('tc $tcId ($comment) is valid GCM with a correct commitment', (v) => {
    const env = hex(v.envelope);
    expect(env[0]).toBe(v.version);
    expect(env[1]).toBe(v.suite);
    expect(toHexT(env.subarray(2, 14))).toBe(v.nonce);
    expect(toHexT(env.subarray(14, 46))).toBe(commitment(hex(v.key), hex(v.nonce)));
    const gcmAad = new Uint8Array([...env.subarray(0, 46), ...hex(v.aad)]);
    expect(plainGcmOpen(hex(v.key), hex(v.nonce), gcmAad, env.subarray(46, env.length - 16), env.subarray(env.length - 16))).toBe(v.plaintext);
  });

  describe.each(BACKENDS)('$name backend', (b) => {
    const deps = { aead: b.aead, hash: b.hash, random: b.random };
    it.each(file.headerBytes)('open refuses tc $tcId ($comment) with DECRYPT_FAILED', async (v) => {
      const k = await withBackends(deps, () => envelopeKey(hex(v.key)));
      expect(await errorCode(k.open(hex(v.envelope), { aad: hex(v.aad) }))).toBe('DECRYPT_FAILED');
    });
  });
});
