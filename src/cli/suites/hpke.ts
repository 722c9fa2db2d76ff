/** Vector suites for X25519 (RFC 7748, Wycheproof) and HPKE (RFC 9180). @module */
import { x25519 } from '#backend/x25519';
import { deriveKeyPair, setupRecipient } from '../../hpke/index.js';
import { defineSuite, firstFailure, h, mustThrow, notPassed, PASS, same, type Suite } from '../suite.js';

interface HpkeVector {
  mode: number;
  aead_id: number;
  info: string;
  ikmR: string;
  ikmE: string;
  ikmS?: string;
  skRm: string;
  pkRm: string;
  pkEm: string;
  pkSm?: string;
  psk?: string;
  psk_id?: string;
  enc: string;
  encryptions: { aad: string; ct: string; pt: string }[];
  exports: { exporter_context: string; L: number; exported_value: string }[];
}
interface X7748 { type: string; scalar?: string; u?: string; k?: string; iterations?: string; output?: string; alice_private?: string; alice_public?: string; bob_private?: string; bob_public?: string; shared?: string }
interface WyX25519 { tcId: number; public: string; private: string; shared: string; result: string }

const MODES = ['base', 'psk', 'auth', 'auth_psk'];

export const hpkeSuites: Suite[] = [
  defineSuite<X7748>('rfc7748', 'rfc7748-x25519.json', (d) => d.vectors.map((v: X7748, i: number) => ({ id: `${v.type}#${i + 1}`, value: v })), async (v, ctx) => {
    if (v.type === 'x25519') return same('output', x25519.sharedSecret(h(v.scalar!), h(v.u!)), h(v.output!));
    if (v.type === 'x25519-dh') {
      return firstFailure(
        same('alice_public', x25519.publicKey(h(v.alice_private!)), h(v.alice_public!)),
        same('bob_public', x25519.publicKey(h(v.bob_private!)), h(v.bob_public!)),
        same('shared', x25519.sharedSecret(h(v.alice_private!), h(v.bob_public!)), h(v.shared!)),
        same('shared', x25519.sharedSecret(h(v.bob_private!), h(v.alice_public!)), h(v.shared!)),
      );
    }
    const n = Number(v.iterations);
    if (n > 1000 && !ctx.slow) return { skip: 'slow', why: `${n} iterations` };
    let k = h(v.k!);
    let u = h(v.u!);
    const step = Math.max(1, Math.floor(n / 10));
    for (let i = 0; i < n; i++) {
      [k, u] = [x25519.sharedSecret(k, u), k];
      if (n > 1000 && (i + 1) % step === 0) ctx.progress?.(`  rfc7748 iterated X25519: ${i + 1}/${n}`);
    }
    return same('output', k, h(v.output!));
  }),
  defineSuite<WyX25519>(
    'wycheproof-x25519',
    'wycheproof/x25519_test.json',
    (d) => d.testGroups.flatMap((g: { tests: WyX25519[] }) => g.tests.map((t) => ({ id: `tc${t.tcId}`, value: t }))),
    async (t) => {
      const run = (): Uint8Array => x25519.sharedSecret(h(t.private), h(t.public));
      // An all-zero shared secret means a low-order public key: it must be refused (RFC 7748 §6.1).
      if (t.result === 'invalid' || /^0+$/.test(t.shared)) return mustThrow(run, ['INVALID_INPUT']);
      return same('shared', run(), h(t.shared));
    },
  ),
  defineSuite<HpkeVector>(
    'rfc9180',
    'rfc9180-hpke.json',
    (d) => d.vectors.map((v: HpkeVector, i: number) => ({ id: `#${i + 1} ${MODES[v.mode]} aead=${v.aead_id}`, value: v })),
    async (v) => {
      const r = deriveKeyPair(h(v.ikmR));
      const keys = firstFailure(same('skRm', r.privateKey, h(v.skRm)), same('pkRm', r.publicKey, h(v.pkRm)), same('pkEm', deriveKeyPair(h(v.ikmE)).publicKey, h(v.pkEm)));
      if (notPassed(keys)) return keys;
      const ctx = await setupRecipient(h(v.enc), r.privateKey, {
        info: h(v.info),
        aead: v.aead_id === 1 ? 'AES-128-GCM' : 'AES-256-GCM',
        ...(v.psk === undefined ? {} : { psk: h(v.psk), pskId: h(v.psk_id!) }),
        ...(v.pkSm === undefined ? {} : { senderPublicKey: h(v.pkSm) }),
      });
      // Sequence numbers advance with each open, so the encryptions are opened in order.
      for (const [i, e] of v.encryptions.entries()) {
        const o = same(`encryption ${i}`, await ctx.open(h(e.ct), { aad: h(e.aad) }), h(e.pt));
        if (notPassed(o)) return o;
      }
      for (const [i, x] of v.exports.entries()) {
        const o = same(`export ${i}`, await ctx.exportSecret(h(x.exporter_context), x.L), h(x.exported_value));
        if (notPassed(o)) return o;
      }
      return PASS;
    },
  ),
];
