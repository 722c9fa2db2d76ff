// The one seeded-key-pair helper behind PRV_Sign and PRV_XWing (src/model/account-seeded-key.ts),
// through both pairs' functions: a new pair unlocks from its record fields to the same public key;
// an older record derives the same pair on every unlock; any flipped byte of either field, another
// account id or another PUB_Account is DECRYPT_FAILED; a certificate that throws disposes the seed.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { equalBytes } from '../../src/bytes/index.js';
import { PublicValue, storeKey, UnlockedKey, type StoredText } from '../../src/keys/index.js';
import { newSignKeyPair, unlockSignKeyPair } from '../../src/model/account-keys.js';
import { newXWingKeyPair, unlockXWingKeyPair, verifyXWingKey } from '../../src/model/account-xwing.js';
import { disposeSeededKey, type SeededKeySpec } from '../../src/model/account-seeded-key.js';
import { modelDeps } from '../../src/model/deps.js';
import type { AccountRecord } from '../../src/model/records.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { errorCode, syncOutcome } from '../helpers/errors.js';

const deps = modelDeps();
const certify = (m: Uint8Array) => new Uint8Array(64).fill(m.length & 0xff);

interface Pair {
  pub: Uint8Array;
  fields: Record<string, string>;
  dispose: () => void;
}
// Both pairs, behind one shape: make a new one, unlock one from a record.
const KINDS = {
  sign: {
    fields: ['PUB_Sign', 'PRV_Sign'] as const,
    make: async (sym: UnlockedKey<'SYM_Account'>, id: string, pa: StoredText<'PUB_Account'>): Promise<Pair> => {
      const k = await newSignKeyPair(deps, sym, id, pa);
      return { pub: k.signPublicKey, fields: { ...k.fields }, dispose: () => k.prvSign.dispose() };
    },
    unlock: async (sym: UnlockedKey<'SYM_Account'>, r: AccountRecord): Promise<Pair> => {
      const k = await unlockSignKeyPair(deps, sym, r);
      return { pub: k.signPublicKey, fields: { ...k.fields }, dispose: () => k.prvSign.dispose() };
    },
  },
  xwing: {
    fields: ['PUB_XWing', 'PRV_XWing'] as const,
    make: async (sym: UnlockedKey<'SYM_Account'>, id: string, pa: StoredText<'PUB_Account'>): Promise<Pair> => {
      const k = await newXWingKeyPair(deps, sym, id, pa, certify);
      return { pub: k.xwingPublicKey, fields: { ...k.fields }, dispose: () => k.prvXWing.dispose() };
    },
    unlock: async (sym: UnlockedKey<'SYM_Account'>, r: AccountRecord): Promise<Pair> => {
      const k = await unlockXWingKeyPair(deps, sym, r, certify);
      return { pub: k.xwingPublicKey, fields: { ...k.fields }, dispose: () => k.prvXWing.dispose() };
    },
  },
};

const record = (id: string, pa: StoredText<'PUB_Account'>, fields: Record<string, string>) => ({ accountId: id, PUB_Account: pa, ...fields }) as unknown as AccountRecord;

describe.each(Object.entries(KINDS))('seeded key pair: %s', (_name, kind) => {
  let sym: UnlockedKey<'SYM_Account'>;
  let pa: StoredText<'PUB_Account'>;
  let made: Pair;
  beforeAll(async () => {
    sym = UnlockedKey.from('SYM_Account', deps.random.randomBytes(32));
    pa = storeKey(new PublicValue('PUB_Account', deps.random.randomBytes(32)));
    made = await kind.make(sym, 'jane', pa);
  });

  it('round trip: a new pair unlocks from its record fields to the same public key', async () => {
    const again = await kind.unlock(sym, record('jane', pa, made.fields));
    expect(equalBytes(again.pub, made.pub)).toBe(true);
    expect(again.fields[kind.fields[0]]).toBe(made.fields[kind.fields[0]]);
    again.dispose();
  });

  it('an older record (no fields) derives the same pair on every unlock, and a different one per account', async () => {
    const a = await kind.unlock(sym, record('jane', pa, {}));
    const b = await kind.unlock(sym, record('jane', pa, {}));
    const other = await kind.unlock(sym, record('joe', pa, {}));
    expect(equalBytes(a.pub, b.pub)).toBe(true);
    expect(equalBytes(a.pub, other.pub)).toBe(false);
    expect(equalBytes(a.pub, made.pub)).toBe(false);
    for (const p of [a, b, other]) p.dispose();
  });

  it('property: a flipped byte of either field, another id or another PUB_Account is DECRYPT_FAILED', async () => {
    const flip = (text: string, at: number, mask: number) => {
      const b = Buffer.from(text, 'base64url');
      b[at % b.length]! ^= mask;
      return b.toString('base64url');
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2, 3), fc.nat(), fc.integer({ min: 1, max: 255 }), async (what, at, mask) => {
        const f = { ...made.fields };
        let id = 'jane';
        let pub = pa;
        const names: readonly string[] = kind.fields;
        if (what < 2) f[names[what]!] = flip(f[names[what]!]!, at, mask);
        else if (what === 2) id = 'janf';
        else pub = flip(pa, at, mask) as StoredText<'PUB_Account'>;
        expect(await errorCode(kind.unlock(sym, record(id, pub, f)))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 40 },
    );
  });
});

describe('X-Wing: a certificate that throws', () => {
  it('disposes the seed it was given (forgotten by the backend), on a new pair and on an unlock', async () => {
    const sym = UnlockedKey.from('SYM_Account', deps.random.randomBytes(32));
    const pa = storeKey(new PublicValue('PUB_Account', deps.random.randomBytes(32)));
    const forgotten: Uint8Array[] = [];
    const xwing = { ...deps.xwing, forget: (s: Uint8Array) => void forgotten.push(s.slice()) };
    const boom = () => {
      throw new Error('signer failed');
    };
    await withBackends({ xwing }, async () => {
      const d = modelDeps();
      await expect(newXWingKeyPair(d, sym, 'jane', pa, boom)).rejects.toThrow('signer failed');
      expect(forgotten.length).toBe(1);
      const k = await newXWingKeyPair(d, sym, 'jane', pa, certify);
      const fields: Record<string, string> = { ...k.fields };
      await expect(unlockXWingKeyPair(d, sym, record('jane', pa, fields), boom)).rejects.toThrow('signer failed');
      expect(forgotten.length).toBe(2);
      expect(equalBytes(forgotten[1]!, k.prvXWing.bytes())).toBe(true); // the same seed, unlocked again
      k.prvXWing.dispose();
    });
  });
});

// Mutation survivors of account-seeded-key.ts / account-xwing.ts (issue 19, round 3): each test below
// fails on the mutant named in docs/testing.md ("Survivors, links-v2, round 3").
describe('seeded key pair: the failure paths decide', () => {
  it('a backend failure while making the pair forgets and disposes the new seed, and the error is the backend\'s', async () => {
    const sym = UnlockedKey.from('SYM_Account', deps.random.randomBytes(32));
    const pa = storeKey(new PublicValue('PUB_Account', deps.random.randomBytes(32)));
    const forgotten: Uint8Array[] = [];
    const xwing = {
      ...deps.xwing,
      publicKey: () => {
        throw new Error('public key failed');
      },
      forget: (s: Uint8Array) => void forgotten.push(s.slice()),
    };
    await withBackends({ xwing }, async () => {
      await expect(newXWingKeyPair(modelDeps(), sym, 'jane', pa, certify)).rejects.toThrow('public key failed');
    });
    expect(forgotten.length).toBe(1);
    expect(forgotten[0]!.length).toBe(32);
  });

  it('disposeSeededKey is idempotent: a second call neither forgets again nor throws', () => {
    const forgotten: Uint8Array[] = [];
    const spec: SeededKeySpec<{ readonly pub: 'PUB_Sign'; readonly prv: 'PRV_Sign' }> = {
      pub: 'PUB_Sign',
      prv: 'PRV_Sign',
      lockPurpose: 'test/lock',
      migratePurpose: 'test/migrate',
      publicKey: (d, seed) => d.ed25519.publicKey(seed),
      forget: (_d, seed) => void forgotten.push(seed.slice()),
    };
    const prv = UnlockedKey.from('PRV_Sign', deps.random.randomBytes(32));
    const seed = prv.bytes().slice();
    disposeSeededKey(spec, deps, prv);
    expect(prv.disposed).toBe(true);
    expect(() => disposeSeededKey(spec, deps, prv)).not.toThrow();
    expect(forgotten.length).toBe(1);
    expect(equalBytes(forgotten[0]!, seed)).toBe(true);
  });

  it('an X-Wing certificate of the wrong length is refused as not certified, before any signature check', async () => {
    const sym = UnlockedKey.from('SYM_Account', deps.random.randomBytes(32));
    const pa = storeKey(new PublicValue('PUB_Account', deps.random.randomBytes(32)));
    const signKey = await newSignKeyPair(deps, sym, 'jane', pa);
    const k = await newXWingKeyPair(deps, sym, 'jane', pa, (m) => deps.ed25519.sign(signKey.prvSign.bytes(), m));
    const m = { accountId: 'jane', signPublicKey: signKey.signPublicKey, xwingPublicKey: k.xwingPublicKey };
    expect(syncOutcome(() => verifyXWingKey(deps, { ...m, xwingSignature: k.xwingSignature }))).toBe('OK');
    let verifies = 0;
    const ed25519 = { ...deps.ed25519, verify: (...a: Parameters<typeof deps.ed25519.verify>) => (verifies++, deps.ed25519.verify(...a)) };
    for (const n of [0, 63, 65, 128]) {
      const sig = new Uint8Array(n);
      sig.set(k.xwingSignature.subarray(0, Math.min(n, 64)));
      expect(syncOutcome(() => verifyXWingKey({ ed25519 }, { ...m, xwingSignature: sig })), `length ${n}`).toBe(
        "VERIFY_FAILED: zkvault: the X-Wing key is not certified by the member's signing key",
      );
    }
    expect(verifies).toBe(0);
    signKey.prvSign.dispose();
    k.prvXWing.dispose();
  });
});
