// Each refusal of links v2 (src/model/links-v2.ts, account-xwing.ts) is made by its own check
// (issue 19, mutation testing). The parser: a golden link (vectors/zkvault-links-v2.json) with one
// field changed, passing every other check. Sharing, opening and rotating: arguments that pass every
// other check, links signed by the pinned sender that still must be refused, an account without an
// X-Wing pair. Code and message name what was refused; the edges are inclusive.
import { beforeAll, describe, expect, it } from 'vitest';
import { withBackends } from '../../src/backend/backend-deps.js';
import { ZkvaultError } from '../../src/errors.js';
import { openXWingWith } from '../../src/hpke/xwing.js';
import { storeKey, UnlockedKey } from '../../src/keys/index.js';
import { accountSecrets, accountSigner } from '../../src/model/account-state.js';
import { verifyXWingKey, xwingKeySignedBytes } from '../../src/model/account-xwing.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { modelDeps } from '../../src/model/deps.js';
import {
  changePassphrase,
  createResourceGroup,
  openGroupLink,
  openLinkV2,
  parseLinkRecordV2,
  rotateResourceGroupPq,
  shareResourceGroupV2,
  type LinkRecordV2,
  type PqMember,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { isLinkV2, linkV2SignedBytes, sealLinkV2 } from '../../src/model/links-v2.js';
import { loadVectors } from '../helpers/vectors.js';
import { lockKeyWith } from '../../src/keys/wrap.js';
import type { AccountRecord } from '../../src/model/index.js';
import { accountWithoutXWing, login, signup } from './fixtures.js';
import { outcome, syncOutcome } from '../helpers/errors.js';

const V = loadVectors('zkvault-links-v2.json');
const link = V.vectors[0].link as Record<string, unknown>;

const parse = (changes: Record<string, unknown>) => syncOutcome(() => parseLinkRecordV2({ ...link, ...changes }));
const b64 = (n: number) => Buffer.alloc(n, 1).toString('base64url');
const R = 'INVALID_RECORD: zkvault: invalid record: ';

describe('parseLinkRecordV2: each field by its own check', () => {
  it('the golden link parses, and the result is the record', () => {
    expect(parseLinkRecordV2(link)).toEqual(link);
  });

  it('a value that is not a plain object', () => {
    for (const v of [null, 'link', [link]]) expect(syncOutcome(() => parseLinkRecordV2(v))).toBe(`${R}"link" expected a plain object`);
  });

  it('an extra field, and each missing field', () => {
    expect(parse({ extra: 1 })).toBe(`${R}"link" has an unexpected field`);
    for (const k of Object.keys(link)) {
      const { [k]: _gone, ...rest } = link;
      expect(syncOutcome(() => parseLinkRecordV2(rest))).toBe(`${R}"link.${k}" is missing`);
    }
  });

  it('another version or suite', () => {
    for (const v of [1, 3, '2']) expect(parse({ v })).toBe(`${R}"link.v" expected 2`);
    for (const suite of ['zkv1', 'zkv2-xwing ', '']) expect(parse({ suite })).toBe(`${R}"link.suite" expected "zkv2-xwing"`);
  });

  it('the key version: an integer in 1..2^32 - 1, edges inclusive', () => {
    // The signature is not checked here, so any version parses if in range.
    expect(parse({ keyVersion: 1 })).toBe('OK');
    expect(parse({ keyVersion: 2 ** 32 - 1 })).toBe('OK');
    for (const keyVersion of [0, -1, 2 ** 32, 1.5, '1', 2 ** 53])
      expect(parse({ keyVersion })).toBe(`${R}"link.keyVersion" expected integer in 1..4294967295`);
  });

  it('SYM_Link and SIG_Link: text, canonical base64url, exact lengths', () => {
    expect(parse({ SYM_Link: b64(1167) })).toBe(`${R}"SYM_Link" expected 1168 bytes`);
    expect(parse({ SYM_Link: b64(1169) })).toBe(`${R}"SYM_Link" expected 1168 bytes`);
    expect(parse({ SYM_Link: 5 })).toBe('INVALID_RECORD: zkvault: "SYM_Link" expected base64url text');
    expect(parse({ SIG_Link: b64(63) })).toBe(`${R}"SIG_Link" expected 64 bytes`);
    expect(parse({ SIG_Link: b64(65) })).toBe(`${R}"SIG_Link" expected 64 bytes`);
    expect(parse({ SIG_Link: '!' })).toBe('INVALID_RECORD: zkvault: "SIG_Link" expected canonical base64url');
  });

  it('each id: a string of length 1..256 (edges inclusive), well formed, named', () => {
    for (const k of ['tenantId', 'resourceGroupId', 'senderId', 'recipientId']) {
      expect(parse({ [k]: 'x' })).toBe('OK');
      expect(parse({ [k]: 'x'.repeat(256) })).toBe('OK');
      for (const v of ['', 'x'.repeat(257), 5, null]) expect(parse({ [k]: v })).toBe(`${R}"link.${k}" expected a string of length 1..256`);
      expect(parse({ [k]: 'a\ud800' })).toBe(`${R}"link.${k}" expected a well-formed string`);
    }
  });
});


describe('sharing, opening and rotating: each refusal by its own check', () => {
  let jane: UnlockedAccount;
  let bob: UnlockedAccount;
  let g: UnlockedResourceGroup;
  let toBob: LinkRecordV2;
  let bobPq: PqMember;
  const janeId = () => ({ accountId: 'jane', signPublicKey: jane.signPublicKey });
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64url');
  /** A v2 link with the given fields, signed by jane (the pinned sender) over them and bob's PUB_XWing. */
  const signedByJane = (fields: Omit<LinkRecordV2, 'v' | 'suite' | 'SIG_Link'>): LinkRecordV2 => ({
    v: 2,
    suite: 'zkv2-xwing',
    ...fields,
    SIG_Link: b64(accountSigner(jane)(linkV2SignedBytes(fields, bob.xwingPublicKey!))),
  });
  /** An account without an X-Wing pair (unlock always adds one). */
  const noXWing = (accountId: string): UnlockedAccount => accountWithoutXWing(accountId);

  beforeAll(async () => {
    ({ account: jane } = await signup('jane'));
    ({ account: bob } = await signup('bob'));
    ({ group: g } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane));
    bobPq = { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! } as PqMember;
    toBob = await shareResourceGroupV2(g, jane, bobPq);
  });

  it('the HPKE info of a link is ctx("zkvault/v2/link", tenant, group, version, sender, recipient)', async () => {
    const link = await shareResourceGroupV2(g, jane, bobPq);
    const sym = new Uint8Array(Buffer.from(link.SYM_Link, 'base64url'));
    const info = encodeContext(PURPOSE.linkV2, ['org1', 'g1', 1, 'jane', 'bob']);
    const d = modelDeps();
    const key = await openXWingWith(
      { xwing: d.xwing, hash: d.hash, aead: d.aead, random: d.random },
      { recipientPrivateKey: accountSecrets(bob).prvXWing!.bytes(), enc: sym.subarray(0, 1120), ciphertext: sym.subarray(1120), info, aead: 'AES-256-GCM' },
    );
    expect(key).toHaveLength(32);
  });

  it('shareResourceGroupV2 names each bad argument', async () => {
    expect(await outcome(() => shareResourceGroupV2({} as never, jane, bobPq))).toBe('INVALID_INPUT: "group" expected an UnlockedResourceGroup');
    expect(await outcome(() => shareResourceGroupV2(g, {} as never, bobPq))).toBe('INVALID_INPUT: "sender" expected an UnlockedAccount');
    expect(await outcome(() => shareResourceGroupV2(g, jane, { ...bobPq, accountId: '' }))).toMatch(/^INVALID_INPUT: "recipient\.accountId" expected/);
    expect(await outcome(() => shareResourceGroupV2(g, jane, { ...bobPq, xwingPublicKey: new Uint8Array(5) }))).toMatch(/^INVALID_INPUT: "recipient\.xwingPublicKey" expected/);
    expect(await outcome(() => shareResourceGroupV2(g, jane, { ...bobPq, signPublicKey: new Uint8Array(5) }))).toMatch(/^INVALID_INPUT: "recipient\.signPublicKey" expected/);
    expect(await outcome(() => shareResourceGroupV2(g, jane, { ...bobPq, xwingSignature: 'x'.repeat(64) as never }))).toBe(
      'INVALID_INPUT: "recipient.xwingSignature" expected a Uint8Array',
    );
  });

  it('a certificate of the wrong length, or none, is VERIFY_FAILED with its message', async () => {
    const msg = "VERIFY_FAILED: zkvault: the X-Wing key is not certified by the member's signing key";
    const sig = bobPq.xwingSignature!;
    for (const xwingSignature of [sig.subarray(0, 63), Uint8Array.of(...sig, 0), undefined]) {
      const { xwingSignature: _s, ...rest } = bobPq;
      const m = xwingSignature === undefined ? rest : { ...rest, xwingSignature };
      expect(await outcome(() => shareResourceGroupV2(g, jane, m as PqMember))).toBe(msg);
      expect(syncOutcome(() => verifyXWingKey(modelDeps(), m))).toBe(msg);
    }
  });

  it('an X-Wing key that is certified but unusable is named', async () => {
    const bad = bob.xwingPublicKey!.slice();
    bad.fill(0xff, 0, 2); // an ML-KEM coefficient >= q
    const d = modelDeps();
    const seed = d.random.randomBytes(32);
    const m = { accountId: 'bob', xwingPublicKey: bad, signPublicKey: d.ed25519.publicKey(seed), xwingSignature: d.ed25519.sign(seed, xwingKeySignedBytes('bob', bad)) };
    expect(await outcome(() => shareResourceGroupV2(g, jane, m))).toBe('INVALID_INPUT: "recipient.xwingPublicKey" is not a usable X-Wing public key');
  });

  it('sealLinkV2 refuses a key version the group does not hold', async () => {
    expect(await outcome(() => sealLinkV2(g, 2, jane, bobPq))).toBe('INVALID_INPUT: "group" does not hold that key version');
  });

  it('openLinkV2 names each bad argument and refusal', async () => {
    expect(await outcome(() => openLinkV2(toBob, {} as never, janeId()))).toBe('INVALID_INPUT: "recipient" expected an UnlockedAccount');
    expect(await outcome(() => openLinkV2(toBob, bob, null as never))).toMatch(/^INVALID_INPUT: "sender" expected/);
    expect(await outcome(() => openLinkV2(toBob, bob, { ...janeId(), accountId: '' }))).toMatch(/^INVALID_INPUT: "sender\.accountId" expected/);
    expect(await outcome(() => openLinkV2(toBob, bob, { ...janeId(), signPublicKey: new Uint8Array(31) }))).toMatch(/^INVALID_INPUT: "sender\.signPublicKey" expected/);
    expect(await outcome(() => openLinkV2(toBob, bob, { ...janeId(), accountId: 'mallory' }))).toBe('WRONG_SENDER: zkvault: the link names another sender');
    expect(await outcome(() => openLinkV2({ ...toBob, SIG_Link: b64(new Uint8Array(64)) }, bob, janeId()))).toBe(
      "VERIFY_FAILED: zkvault: the link signature does not verify under the sender's key",
    );
  });

  it('a recipient without an X-Wing pair is named', async () => {
    const old = noXWing('bob');
    expect(await outcome(() => openLinkV2(toBob, old, janeId()))).toBe('INVALID_INPUT: "recipient" has no X-Wing key pair (unlock the account to add one)');
  });

  it('a link signed by the pinned sender but addressed to someone else is not opened by bob', async () => {
    // Sealed to bob's PUB_XWing with info and signature naming carol: only the recipient id check refuses it.
    const d = modelDeps();
    const seed = d.random.randomBytes(32);
    const carolCert = { accountId: 'carol', xwingPublicKey: bob.xwingPublicKey!, signPublicKey: d.ed25519.publicKey(seed), xwingSignature: d.ed25519.sign(seed, xwingKeySignedBytes('carol', bob.xwingPublicKey!)) };
    const toCarol = await sealLinkV2(g, 1, jane, carolCert);
    expect(toCarol.recipientId).toBe('carol');
    expect(await outcome(() => openLinkV2(toCarol, bob, janeId()))).toMatch(/^DECRYPT_FAILED: /);
  });

  it('a link signed by the pinned sender whose SYM_Link does not open is the one DECRYPT_FAILED', async () => {
    const { v: _v, suite: _s, SIG_Link: _g, ...fields } = toBob;
    const garbage = signedByJane({ ...fields, SYM_Link: b64(new Uint8Array(1168).fill(7)) as never });
    expect(await outcome(() => openLinkV2(garbage, bob, janeId()))).toMatch(/^DECRYPT_FAILED: /);
    expect((await openLinkV2(signedByJane(fields), bob, janeId())).keyVersion).toBe(1);
  });

  it('isLinkV2 reads v only from objects', () => {
    for (const x of [null, undefined, 2, 'v2']) expect(isLinkV2(x)).toBe(false);
    expect(isLinkV2({ v: 2 })).toBe(true);
    expect(isLinkV2({ v: 1 })).toBe(false);
  });

  it('openGroupLink: the policy argument and the PQ refusal are named', async () => {
    expect(await outcome(() => openGroupLink(toBob, bob, jane.identity, 5 as never))).toMatch(/^INVALID_INPUT: "policy" expected/);
    expect(await outcome(() => openGroupLink(toBob, bob, jane.identity, { requirePq: 'yes' as never }))).toBe('INVALID_INPUT: "policy.requirePq" expected a boolean');
    expect(await outcome(() => openGroupLink(null as never, bob, jane.identity))).toMatch(/^INVALID_RECORD: /);
    const { shareResourceGroup } = await import('../../src/model/index.js');
    const v1 = await shareResourceGroup(g, jane, { accountId: 'bob', publicKey: bob.publicKey });
    expect(await outcome(() => openGroupLink(v1, bob, jane.identity, { requirePq: true }))).toBe(
      'PQ_REQUIRED: zkvault: the group requires post-quantum links; this is a v1 (X25519) link',
    );
  });

  it('rotateResourceGroupPq names each bad argument and refusal', async () => {
    const bobM = { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! };
    expect(await outcome(() => rotateResourceGroupPq(g, {} as never, [bobM]))).toBe('INVALID_INPUT: "sender" expected an UnlockedAccount');
    expect(await outcome(() => rotateResourceGroupPq(g, jane, 'bob' as never))).toBe('INVALID_INPUT: "members" expected an array');
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [null as never]))).toMatch(/^INVALID_INPUT: "members\[0\]" expected/);
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [{ ...bobM, xwingPublicKey: new Uint8Array(3) }]))).toMatch(/^INVALID_INPUT: "members\[0\]\.xwingPublicKey" expected/);
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [{ ...bobM, accountId: '' }]))).toMatch(/^INVALID_INPUT: "members\[0\]\.accountId" expected/);
    const { xwingPublicKey: _x, xwingSignature: _s, ...bobV1 } = bobM;
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [{ ...bobV1, accountId: '' }]))).toMatch(/^INVALID_INPUT: "members\[0\]\.accountId" expected/);
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [{ ...bobV1, publicKey: new Uint8Array(3) }]))).toMatch(/^INVALID_INPUT: "members\[0\]\.publicKey" expected/);
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [bobV1], { requirePq: true }))).toBe(
      'PQ_REQUIRED: zkvault: the group requires post-quantum links; members[0] has no X-Wing key',
    );
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [bobM, bobV1]))).toBe('INVALID_INPUT: "members" has duplicate account ids');
    expect(await outcome(() => rotateResourceGroupPq(g, jane, [bobV1, bobV1]))).toBe('INVALID_INPUT: "members" has duplicate account ids');
  });

  it('rotateResourceGroupPq skips the sender when it is listed among the members', async () => {
    const bobM = { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! };
    const janeM = { ...jane.identity, xwingPublicKey: jane.xwingPublicKey! };
    const { links } = await rotateResourceGroupPq(g, jane, [janeM, bobM]);
    expect(links.map((l) => l.recipientId)).toEqual(['jane', 'bob']);
  });

  it('a backend failure while sealing that is not a bad key passes through as it is', async () => {
    const d = modelDeps();
    const broken = { ...d.xwing, encapsulate: () => { throw new ZkvaultError('UNSUPPORTED', 'zkvault: test backend failure'); } };
    expect(await outcome(() => withBackends({ xwing: broken }, () => shareResourceGroupV2(g, jane, bobPq)))).toBe('UNSUPPORTED: zkvault: test backend failure');
    const thrown = { ...d.xwing, encapsulate: () => { throw new RangeError('boom'); } };
    await expect(withBackends({ xwing: thrown }, () => shareResourceGroupV2(g, jane, bobPq))).rejects.toThrow(RangeError);
  });

  it('a sender without an X-Wing pair: v1 links to itself, refused under requirePq', async () => {
    const old = noXWing('jane');
    const { group: og } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g9' }, old);
    const bobM = { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! };
    const { links } = await rotateResourceGroupPq(og, old, [bobM]);
    expect(links.map((l) => l.v)).toEqual([1, 2]);
    expect(await outcome(() => rotateResourceGroupPq(og, old, [bobM], { requirePq: true }))).toBe(
      'PQ_REQUIRED: zkvault: the group requires post-quantum links; the sender has no X-Wing key',
    );
  });
});

describe('the account\'s X-Wing pair (account-xwing.ts)', () => {
  it('a record made before X-Wing keys gets the pair derived as specified: HKDF-SHA256(SYM_Account, "", ctx(migrate label, id, PUB_Account))', async () => {
    const { record } = await signup('dora');
    const { PUB_XWing: _p, PRV_XWing: _s, SIG_XWing: _c, ...old } = record;
    const a = await login(old as AccountRecord, 'pw of dora');
    const d = modelDeps();
    const info = encodeContext(PURPOSE.migrateXWing, ['dora', record.PUB_Account]);
    const seed = d.kdf.hkdf('SHA-256', accountSecrets(a).symAccount.bytes(), new Uint8Array(0), info, 32);
    expect(a.xwingPublicKey).toEqual(d.xwing.publicKey(seed));
  });

  it('a PRV_XWing locked under the right context but for another X-Wing key does not unlock', async () => {
    const { record, account } = await signup('erin');
    const d = modelDeps();
    // Only the holder of SYM_Account can make this record; the AAD check alone cannot refuse it.
    const other = UnlockedKey.from('PRV_XWing', d.random.randomBytes(32));
    const aad = encodeContext(PURPOSE.prvXWing, ['erin', record.PUB_Account, record.PUB_XWing!]);
    const locked = await lockKeyWith(d, accountSecrets(account).symAccount, other, aad);
    const swapped = { ...record, PRV_XWing: storeKey(locked) } as AccountRecord;
    expect(await outcome(() => login(swapped, 'pw of erin'))).toMatch(/^DECRYPT_FAILED: /);
    expect((await login(record, 'pw of erin')).xwingPublicKey).toEqual(account.xwingPublicKey);
  });

  it('changing the passphrase keeps the X-Wing pair; a record carrying another X-Wing key is refused', async () => {
    const { record, account } = await signup('fred');
    const { record: other } = await signup('gina');
    const swapped = { ...record, PUB_XWing: other.PUB_XWing!, PRV_XWing: other.PRV_XWing!, SIG_XWing: other.SIG_XWing! } as AccountRecord;
    expect(await outcome(() => changePassphrase(swapped, account, { newPassphrase: 'new pw of fred' }))).toBe(
      'INVALID_RECORD: zkvault: invalid record: it belongs to another account',
    );
    // Without rotation the locked X-Wing key is carried over as it is; with rotation it is locked
    // again under the new SYM_Account, and either way the new passphrase opens the same pair.
    const kept = await changePassphrase(record, account, { newPassphrase: 'new pw of fred' });
    expect([kept.PUB_XWing, kept.PRV_XWing]).toEqual([record.PUB_XWing, record.PRV_XWing]);
    expect((await login(kept, 'new pw of fred')).xwingPublicKey).toEqual(account.xwingPublicKey);
    const rotated = await changePassphrase(kept, account, { newPassphrase: 'newer pw of fred', rotateAccountKey: true });
    expect(rotated.PUB_XWing).toBe(record.PUB_XWing);
    expect(rotated.PRV_XWing).not.toBe(record.PRV_XWing);
    expect((await login(rotated, 'newer pw of fred')).xwingPublicKey).toEqual(account.xwingPublicKey);
  });

  it('changing the passphrase of a record made before X-Wing keys writes the account\'s pair into it', async () => {
    const { record } = await signup('hana');
    const { PUB_XWing: _p, PRV_XWing: _s, SIG_XWing: _c, ...old } = record;
    const account = await login(old as AccountRecord, 'pw of hana');
    const next = await changePassphrase(old as AccountRecord, account, { newPassphrase: 'new pw of hana' });
    expect(next.PUB_XWing).toBe(Buffer.from(account.xwingPublicKey!).toString('base64url'));
    const again = await login(next, 'new pw of hana');
    expect(again.xwingPublicKey).toEqual(account.xwingPublicKey);
    expect(again.recordUpgrade).toBeUndefined();
  });
});
