// Property tests (fast-check) for the model's round trips and tamper rules. Runs are kept small:
// each account costs two PBKDF2 runs and an SRP verifier.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  changePassphrase,
  createResourceGroup,
  decryptResource,
  encryptResource,
  openLink,
  rotateResourceGroup,
  shareResourceGroup,
  type LinkRecord,
  type ResourceRecord,
} from '../../src/model/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { login, member, signup, viaJson } from './fixtures.js';

const passphrase = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
  fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme-ascii' }),
).filter((s) => s.length > 0 && s.length <= 4096 && s.normalize('NFKD').length > 0);

/** Strings that have distinct NFC and NFD forms (composed and decomposed accents, Hangul, ligatures). */
/** Same passphrase after NFKD and UTF-8 (lone surrogates become U+FFFD, as TextEncoder does). */
const same = (a: string, b: string) => Buffer.from(a.normalize('NFKD')).equals(Buffer.from(b.normalize('NFKD')));

const nfkdPair = fc.constantFrom('é', 'Å', 'ñ', '한', 'ﬁ', 'Ω', 'ǅ', '①').chain((c) =>
  fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${a}${c}${b}`),
);

describe('passphrases', () => {
  it('any passphrase (non-ASCII, astral, lone surrogates) logs in and unlocks the same keys', async () => {
    await fc.assert(
      fc.asyncProperty(passphrase, async (pw) => {
        const { record, account } = await signup('prop', pw);
        const again = await login(record, pw);
        expect(again.publicKey).toEqual(account.publicKey);
      }),
      { numRuns: 20 },
    );
  });

  it('NFKD-equivalent forms (NFC, NFD, NFKC) of a passphrase are the same passphrase', async () => {
    await fc.assert(
      fc.asyncProperty(nfkdPair, async (pw) => {
        const { record, account } = await signup('nfkd', pw.normalize('NFC'));
        for (const form of ['NFD', 'NFKC', 'NFKD'] as const) {
          expect((await login(record, pw.normalize(form))).publicKey).toEqual(account.publicKey);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('a different passphrase never logs in', async () => {
    await fc.assert(
      fc.asyncProperty(passphrase, passphrase, async (a, b) => {
        fc.pre(!same(a, b));
        const { record } = await signup('neg', a);
        await expect(login(record, b)).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
      }),
      { numRuns: 10 },
    );
  });
});

describe('groups', () => {
  it('random group sizes: every member decrypts every resource', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.uint8Array({ maxLength: 300 }), async (n, data) => {
        const owner = (await signup('owner')).account;
        const members = await Promise.all(Array.from({ length: n }, async (_, i) => (await signup(`m${i}`)).account));
        const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, owner);
        const rec = viaJson(await encryptResource({ resourceId: 'r', type: 'bin', plaintext: data }, group));
        for (const m of members) {
          const link = viaJson(await shareResourceGroup(group, owner, member(m)));
          const g = await openLink(link, m, member(owner));
          expect(await decryptResource(rec, g)).toEqual(data);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('rotation with a random subset removed: kept members read the new version, removed ones do not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), async (keep) => {
        const owner = (await signup('owner')).account;
        const members = await Promise.all(keep.map(async (_, i) => (await signup(`m${i}`)).account));
        const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, owner);
        const v1Links = await Promise.all(members.map((m) => shareResourceGroup(group, owner, member(m))));
        const kept = members.filter((_, i) => keep[i]);
        const { group: g2, links } = await rotateResourceGroup(group, owner, kept.map(member));
        expect(links.map((l) => l.recipientId).sort()).toEqual(['owner', ...kept.map((m) => m.accountId)].sort());
        const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'new' }, g2);
        for (const [i, m] of members.entries()) {
          const v1 = await openLink(v1Links[i]!, m, member(owner));
          const l2 = links.find((l) => l.recipientId === m.accountId);
          if (keep[i]) expect(new TextDecoder().decode(await decryptResource(rec, v1.merge(await openLink(l2!, m, member(owner)))))).toBe('new');
          else {
            expect(l2).toBeUndefined();
            await expect(decryptResource(rec, v1)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
          }
        }
      }),
      { numRuns: 5 },
    );
  });
});

describe('change passphrase', () => {
  it('old fails, new works, resources readable, PRV_Account and links unchanged byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(passphrase, passphrase, async (oldPw, newPw) => {
        fc.pre(!same(oldPw, newPw));
        const { record, account } = await signup('jane', oldPw);
        const bob = (await signup('bob')).account;
        const { group, link } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, account);
        const toBob = await shareResourceGroup(group, account, member(bob));
        const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'data' }, group);
        const linkBefore = JSON.stringify([link, toBob]);
        const r2 = await changePassphrase(record, account, { newPassphrase: newPw });
        expect(r2.PRV_Account).toBe(record.PRV_Account);
        expect(r2.PUB_Account).toBe(record.PUB_Account);
        expect(JSON.stringify([link, toBob])).toBe(linkBefore);
        await expect(login(r2, oldPw)).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
        const again = await login(r2, newPw);
        const g = await openLink(link, again, member(account));
        expect(new TextDecoder().decode(await decryptResource(rec, g))).toBe('data');
        expect(new TextDecoder().decode(await decryptResource(rec, await openLink(toBob, bob, member(again))))).toBe('data');
      }),
      { numRuns: 8 },
    );
  });
});

describe('tamper rule: any change to a record → typed error or the exact original', () => {
  // A JSON value the server might put in a field.
  const jsonValue = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.base64String({ maxLength: 140 }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
    fc.array(fc.integer(), { maxLength: 3 }),
  );

  it('resource records', async () => {
    const { account } = await signup('jane');
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, account);
    const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'exact plaintext' }, group);
    const keys = Object.keys(rec);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys, 'extra'), jsonValue, async (k, v) => {
        const tampered = { ...viaJson(rec), [k]: v } as ResourceRecord;
        const out = await decryptResource(tampered, group).catch((e: unknown) => e);
        if (out instanceof Uint8Array) {
          expect(new TextDecoder().decode(out)).toBe('exact plaintext');
          expect(tampered).toEqual(rec);
        } else expect(out).toBeInstanceOf(ZkvaultError);
      }),
      { numRuns: 200 },
    );
  });

  it('link records (including bit flips of SYM_Link)', async () => {
    const { account: jane } = await signup('jane');
    const { account: bob } = await signup('bob');
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane);
    const link = await shareResourceGroup(group, jane, member(bob));
    const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'x' }, group);
    const flip = fc.tuple(fc.integer({ min: 0, max: 79 }), fc.integer({ min: 1, max: 255 })).map(([i, m]) => {
      const b = Buffer.from(link.SYM_Link, 'base64url');
      b[i]! ^= m;
      return b.toString('base64url');
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(link), 'extra'), fc.oneof(jsonValue, flip), async (k, v) => {
        const tampered = { ...viaJson(link), [k]: v } as LinkRecord;
        const out = await openLink(tampered, bob, member(jane)).catch((e: unknown) => e);
        if (out instanceof ZkvaultError) return;
        expect(tampered).toEqual(link); // only an unchanged link opens
        expect(new TextDecoder().decode(await decryptResource(rec, out as never))).toBe('x');
      }),
      { numRuns: 150 },
    );
  });
});
