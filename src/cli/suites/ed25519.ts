/** Vector suites for Ed25519 (RFC 8032 section 7.1, Wycheproof ed25519_test.json), through the platform's backend. @module */
import { ed25519 } from '#backend/ed25519';
import { defineSuite, firstFailure, h, PASS, same, type Suite } from '../suite.js';

interface Rfc8032 { name: string; secret_key: string; public_key: string; message: string; signature: string }
interface WyEddsa { tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }

export const ed25519Suites: Suite[] = [
  defineSuite<Rfc8032>('rfc8032', 'rfc8032-ed25519.json', (d: { vectors: Rfc8032[] }) => d.vectors.map((v) => ({ id: v.name, value: v })), async (v) => {
    const sk = h(v.secret_key);
    const verified = ed25519.verify(h(v.public_key), h(v.message), h(v.signature));
    return firstFailure(
      same('public key', ed25519.publicKey(sk), h(v.public_key)),
      same('signature', ed25519.sign(sk, h(v.message)), h(v.signature)),
      verified ? PASS : { ok: false, why: 'signature refused' },
    );
  }),
  defineSuite<{ pk: string; t: WyEddsa }>(
    'wycheproof-ed25519',
    'wycheproof/ed25519_test.json',
    (d) => d.testGroups.flatMap((g: { publicKey: { pk: string }; tests: WyEddsa[] }) => g.tests.map((t) => ({ id: `tc${t.tcId}`, value: { pk: g.publicKey.pk, t } }))),
    async ({ pk, t }) => {
      // The file has no "acceptable" case; anything not valid must be refused.
      const ok = ed25519.verify(h(pk), h(t.msg), h(t.sig));
      if (t.result === 'valid') return ok ? PASS : { ok: false, why: 'valid signature refused' };
      return ok ? { ok: false, why: 'accepted an invalid signature' } : PASS;
    },
  ),
];
