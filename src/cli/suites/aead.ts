/** Vector suites for AES-GCM (GCM spec, Wycheproof) and our envelope golden vectors. @module */
import { aead } from '#backend/aead';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_IV_MAX, GCM_IV_MIN } from '../../aead/aes-gcm.js';
import { concatBytes } from '../../bytes/index.js';
import { open } from '../../envelope/index.js';
import { defineSuite, h, mustThrow, notPassed, same, type Suite } from '../suite.js';

interface GcmSpec { tc: number; key: string; iv: string; pt: string; aad: string; ct: string; tag: string }
interface WyGcm { tcId: number; key: string; iv: string; aad: string; msg: string; ct: string; tag: string; result: string }
interface EnvVector { tcId: number; key: string; aad: string; plaintext: string; envelope: string; result: string }

export const aeadSuites: Suite[] = [
  defineSuite<GcmSpec>('gcm-spec', 'gcm-spec.json', (d) => d.vectors.map((v: GcmSpec) => ({ id: `tc${v.tc}`, value: v })), async (v) => {
    const sealed = await aesGcmEncrypt(aead, h(v.key), h(v.iv), h(v.pt), h(v.aad));
    const r = same('ciphertext||tag', sealed, concatBytes(h(v.ct), h(v.tag)));
    if (notPassed(r)) return r;
    return same('plaintext', await aesGcmDecrypt(aead, h(v.key), h(v.iv), sealed, h(v.aad)), h(v.pt));
  }),
  defineSuite<{ g: { tagSize: number; ivSize: number }; t: WyGcm }>(
    'wycheproof-aes-gcm',
    'wycheproof/aes_gcm_test.json',
    (d) => d.testGroups.flatMap((g: { tests: WyGcm[] }) => g.tests.map((t) => ({ id: `tc${t.tcId}`, value: { g, t } }))),
    async ({ g, t }) => {
      const ivLen = g.ivSize / 8;
      const unsupported = g.tagSize !== 128 || ivLen < GCM_IV_MIN || ivLen > GCM_IV_MAX;
      const ctTag = concatBytes(h(t.ct), h(t.tag));
      const dec = (): Promise<Uint8Array> => aesGcmDecrypt(aead, h(t.key), h(t.iv), ctTag, h(t.aad));
      if (unsupported) {
        // Outside what the suite supports: it must be refused, never half-processed.
        const r = await mustThrow(dec);
        return 'ok' in r && r.ok && t.result === 'valid' ? { skip: 'rejected', why: 'unsupported IV/tag size' } : r;
      }
      if (t.result === 'invalid') return mustThrow(dec, ['DECRYPT_FAILED']);
      const r = same('plaintext', await dec(), h(t.msg));
      if (notPassed(r)) return r;
      return same('ciphertext||tag', await aesGcmEncrypt(aead, h(t.key), h(t.iv), h(t.msg), h(t.aad)), ctTag);
    },
  ),
  defineSuite<EnvVector>('zkvault-envelope-v1', 'zkvault-envelope-v1.json', (d) => d.vectors.map((v: EnvVector) => ({ id: `tc${v.tcId}`, value: v })), async (v) => {
    const run = (): Promise<Uint8Array> => open(h(v.envelope), h(v.key), { aad: h(v.aad) });
    if (v.result === 'invalid') return mustThrow(run, ['DECRYPT_FAILED']);
    return same('plaintext', await run(), h(v.plaintext));
  }),
];
