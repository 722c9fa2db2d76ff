// The one seeded-key-pair helper behind PRV_Sign and PRV_XWing (src/model/account-seeded-key.ts),
// through both pairs' functions: a new pair unlocks from its record fields to the same public key;
// an older record derives the same pair on every unlock; any flipped byte of either field, another
// account id or another PUB_Account is DECRYPT_FAILED; a certificate that throws disposes the seed.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { equalBytes } from '../../src/bytes/index.js';
import { PublicValue, storeKey, UnlockedKey, type StoredText } from '../../src/keys/index.js';
import { newSignKeyPair, unlockSignKeyPair } from '../../src/model/account-keys.js';
import { newXWingKeyPair, unlockXWingKeyPair } from '../../src/model/account-xwing.js';
import { modelDeps } from '../../src/model/deps.js';
import type { AccountRecord } from '../../src/model/records.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { errorCode } from '../helpers/errors.js';

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
