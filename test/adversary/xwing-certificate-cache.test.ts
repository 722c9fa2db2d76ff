// The SIG_XWing verification cache (issue 18 bench): a v2 seal verifies the recipient's X-Wing
// certificate once per exact (PUB_Sign, account id, PUB_XWing, SIG_XWing) and per Ed25519 backend.
// The cache must never let a bad certificate pass: any change to any of the four after a good one
// was cached is verified again and refused; a backend never sees another backend's results; only
// successes are kept; the cache is bounded and an evicted entry is verified again.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ed25519Backend } from '../../src/backend/types.js';
import { verifyXWingKey } from '../../src/model/account-xwing.js';
import type { UnlockedAccount } from '../../src/model/index.js';
import { equalBytes } from '../../src/bytes/index.js';
import { BACKEND } from '../helpers/backends.js';
import { syncErrorCode } from '../helpers/errors.js';
import { signup } from '../model/fixtures.js';

/** A fresh Ed25519 backend object (its own cache) that counts verify calls. */
function counting(inner: Ed25519Backend, verdict?: boolean): Ed25519Backend & { calls: number } {
  const b = {
    calls: 0,
    name: inner.name,
    publicKey: (s: Uint8Array) => inner.publicKey(s),
    sign: (s: Uint8Array, m: Uint8Array) => inner.sign(s, m),
    verify(p: Uint8Array, m: Uint8Array, sig: Uint8Array) {
      b.calls++;
      return verdict ?? inner.verify(p, m, sig);
    },
    forget: (s: Uint8Array) => inner.forget(s),
  };
  return b;
}

describe.each(['node', 'web'] as const)('SIG_XWing verification cache, %s backend', (name) => {
  let bob: UnlockedAccount;
  const member = () => ({ accountId: 'bob', signPublicKey: bob.signPublicKey, xwingPublicKey: bob.xwingPublicKey!, xwingSignature: bob.xwingSignature! });

  beforeAll(async () => {
    ({ account: bob } = await signup('bob'));
  });

  it('a certificate that verified is not verified again; another member is', () => {
    const ed = counting(BACKEND[name].ed25519);
    verifyXWingKey({ ed25519: ed }, member());
    verifyXWingKey({ ed25519: ed }, member());
    verifyXWingKey({ ed25519: ed }, { ...member(), xwingPublicKey: bob.xwingPublicKey!.slice() }); // equal bytes, another array
    expect(ed.calls).toBe(1);
  });

  it('property: after a good certificate is cached, any flipped byte of PUB_Sign, PUB_XWing or SIG_XWing, or another id, is VERIFY_FAILED', () => {
    const ed = counting(BACKEND[name].ed25519);
    verifyXWingKey({ ed25519: ed }, member());
    fc.assert(
      fc.property(fc.constantFrom('signPublicKey', 'xwingPublicKey', 'xwingSignature', 'accountId'), fc.nat(), fc.integer({ min: 1, max: 255 }), (field, at, mask) => {
        const m = member();
        let served: ReturnType<typeof member>;
        if (field === 'accountId') served = { ...m, accountId: `bob${String.fromCharCode(97 + (at % 26))}` };
        else {
          const v = m[field].slice();
          v[at % v.length]! ^= mask;
          served = { ...m, [field]: v };
        }
        const before = ed.calls;
        expect(syncErrorCode(() => verifyXWingKey({ ed25519: ed }, served))).toBe('VERIFY_FAILED');
        expect(ed.calls).toBe(before + 1); // verified, not answered from the cache
        verifyXWingKey({ ed25519: ed }, m); // the good one still passes, from the cache
        expect(ed.calls).toBe(before + 1);
      }),
      { numRuns: 60 },
    );
  });

  it('a refused certificate is not cached: it is verified (and refused) every time', () => {
    const ed = counting(BACKEND[name].ed25519);
    const bad = { ...member(), xwingSignature: new Uint8Array(64) };
    for (let i = 0; i < 3; i++) expect(syncErrorCode(() => verifyXWingKey({ ed25519: ed }, bad))).toBe('VERIFY_FAILED');
    expect(ed.calls).toBe(3);
  });

  it('each backend has its own cache: one that refuses everything refuses a certificate another backend cached', () => {
    verifyXWingKey({ ed25519: BACKEND[name].ed25519 }, member());
    const refusing = counting(BACKEND[name].ed25519, false);
    expect(syncErrorCode(() => verifyXWingKey({ ed25519: refusing }, member()))).toBe('VERIFY_FAILED');
    expect(refusing.calls).toBe(1);
  });

  it('property: two certificates that differ in any verified byte (or where one field ends) never share a cache entry', () => {
    // A backend that accepts everything: each certificate it is asked about is cached, so a second,
    // different certificate answered from the cache (no second verify) would share the first's entry.
    // The second is either another random one or the first with the bytes of id ‖ PUB_Sign ‖ PUB_XWing
    // cut into the three fields at other places (bytes of "a.1", so every cut is a valid id).
    const bytes = fc.array(fc.constantFrom(0x61, 0x2e, 0x31), { maxLength: 3 }).map((v) => Uint8Array.from(v));
    const sigs = [new Uint8Array(64).fill(0x61), new Uint8Array(64).fill(0x2e)];
    const cert = fc.record({ accountId: fc.stringMatching(/^[a.1]{0,3}$/), signPublicKey: bytes, xwingPublicKey: bytes, xwingSignature: fc.constantFrom(...sigs) });
    type Cert = { accountId: string; signPublicKey: Uint8Array; xwingPublicKey: Uint8Array; xwingSignature: Uint8Array };
    const recut = (c: Cert, i: number, j: number): Cert => {
      const all = [...new TextEncoder().encode(c.accountId), ...c.signPublicKey, ...c.xwingPublicKey];
      const at = i % (all.length + 1);
      const to = at + (j % (all.length - at + 1));
      return { accountId: String.fromCharCode(...all.slice(0, at)), signPublicKey: Uint8Array.from(all.slice(at, to)), xwingPublicKey: Uint8Array.from(all.slice(to)), xwingSignature: c.xwingSignature };
    };
    const same = (x: Cert, y: Cert) =>
      x.accountId === y.accountId && equalBytes(x.signPublicKey, y.signPublicKey) && equalBytes(x.xwingPublicKey, y.xwingPublicKey) && equalBytes(x.xwingSignature, y.xwingSignature);
    fc.assert(
      fc.property(cert, cert, fc.boolean(), fc.nat(), fc.nat(), (a, other, cut, i, j) => {
        const b = cut ? recut(a, i, j) : other;
        const ed = counting(BACKEND[name].ed25519, true);
        verifyXWingKey({ ed25519: ed }, a);
        verifyXWingKey({ ed25519: ed }, b);
        expect(ed.calls).toBe(same(a, b) ? 1 : 2);
      }),
      { numRuns: 500 },
    );
  });

  it('is bounded (512 entries): the oldest certificate is verified again after 512 others', () => {
    // A backend that accepts everything, as in the property below: the bound is about which entries
    // the cache keeps, and every certificate verified is a success either way. Real signatures cost
    // 513 signs and 514 verifies on noble (~3 s of CPU, the file's largest test), and the properties
    // above already verify real certificates on this backend.
    const ed = counting(BACKEND[name].ed25519, true);
    const signPublicKey = bob.signPublicKey;
    const xwingPublicKey = bob.xwingPublicKey!;
    const cert = (i: number) => ({ accountId: `m${i}`, signPublicKey, xwingPublicKey, xwingSignature: bob.xwingSignature! });
    const first = cert(0);
    verifyXWingKey({ ed25519: ed }, first);
    for (let i = 1; i <= 511; i++) verifyXWingKey({ ed25519: ed }, cert(i));
    verifyXWingKey({ ed25519: ed }, first);
    expect(ed.calls).toBe(512); // still cached at 512 entries
    verifyXWingKey({ ed25519: ed }, cert(512)); // the 513th evicts the oldest
    verifyXWingKey({ ed25519: ed }, first);
    expect(ed.calls).toBe(514);
  });
});
