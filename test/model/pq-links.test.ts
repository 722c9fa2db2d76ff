// Links v2 and the account X-Wing key pair (issue 18): flows, record upgrade, fingerprint, the PQ
// policy and mixed groups, and a round-trip property.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceGroup,
  decryptResource,
  encryptResource,
  fingerprint,
  openGroupLink,
  openLinkV2,
  parseAccountRecord,
  rotateResourceGroupPq,
  shareResourceGroupV2,
  type AccountRecord,
  type LinkRecordV2,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { SYM_LINK_V2_LENGTH } from '../../src/model/links-v2.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { x25519 as nodeX25519 } from '../../src/backend/node/x25519.js';
import type { X25519Backend } from '../../src/backend/types.js';
import { login, signup, viaJson } from './fixtures.js';

let jane: UnlockedAccount;
let bob: UnlockedAccount;
let janeRecord: AccountRecord;
let bobRecord: AccountRecord;
/** Bob as the app knows him before his client added an X-Wing key: X25519 and Ed25519 only. */
let oldBob: { accountId: string; publicKey: Uint8Array; signPublicKey: Uint8Array };

beforeAll(async () => {
  ({ account: jane, record: janeRecord } = await signup('jane'));
  ({ account: bob, record: bobRecord } = await signup('bob'));
  oldBob = { accountId: 'bob', publicKey: bob.publicKey, signPublicKey: bob.signPublicKey };
});

describe('account X-Wing key pair', () => {
  it('new records store PUB_XWing (1216 bytes) in the clear and PRV_XWing locked; unlock gives the same key', async () => {
    expect(Buffer.from(janeRecord.PUB_XWing!, 'base64url')).toHaveLength(1216);
    expect(Buffer.from(janeRecord.PRV_XWing!, 'base64url')).toHaveLength(Buffer.from(janeRecord.PRV_Account, 'base64url').length);
    expect(parseAccountRecord(viaJson(janeRecord))).toEqual(janeRecord);
    // SIG_XWing: 64 bytes, only next to PUB_XWing, and it certifies the key for this account.
    expect(Buffer.from(janeRecord.SIG_XWing!, 'base64url')).toEqual(Buffer.from(jane.xwingSignature!));
    const { PUB_XWing: _p, PRV_XWing: _s, ...noXWing } = viaJson(janeRecord);
    expect(() => parseAccountRecord(noXWing)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    expect(() => parseAccountRecord({ ...viaJson(janeRecord), SIG_XWing: janeRecord.SIG_XWing!.slice(0, 80) })).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    const again = await login(janeRecord, 'pw of jane');
    expect(again.xwingPublicKey).toEqual(jane.xwingPublicKey);
    expect(again.recordUpgrade).toBeUndefined();
  });

  it('a record made before X-Wing keys gains a pair on unlock (recordUpgrade), derived so every unlock agrees', async () => {
    const { PUB_XWing: _p, PRV_XWing: _s, SIG_XWing: _c, ...old } = janeRecord;
    const a = await login(old as AccountRecord, 'pw of jane');
    const b = await login(old as AccountRecord, 'pw of jane');
    expect(a.recordUpgrade!.added).toEqual(['PUB_XWing', 'PRV_XWing', 'SIG_XWing']);
    expect(a.xwingPublicKey).toEqual(b.xwingPublicKey);
    expect(Buffer.from(a.xwingPublicKey!).toString('base64url')).toBe(a.recordUpgrade!.record.PUB_XWing);
    const c = await login(a.recordUpgrade!.record, 'pw of jane');
    expect(c.recordUpgrade).toBeUndefined();
    expect(c.xwingPublicKey).toEqual(a.xwingPublicKey);
  });

  it('a PRV_XWing that does not match PUB_XWing, or one from another account, does not unlock', async () => {
    await expect(login({ ...janeRecord, PUB_XWing: bobRecord.PUB_XWing! }, 'pw of jane')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(login({ ...janeRecord, PRV_XWing: bobRecord.PRV_XWing! }, 'pw of jane')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    const { PRV_XWing: _s, ...half } = janeRecord;
    expect(() => parseAccountRecord(half)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
  });

  it('the fingerprint covers PUB_XWing; identities without one keep their old code', () => {
    expect(jane.fingerprint).toBe(fingerprint(jane.identity));
    const x = jane.xwingPublicKey!;
    x[5]! ^= 1;
    expect(fingerprint({ ...jane.identity, xwingPublicKey: x })).not.toBe(jane.fingerprint);
    const { xwingPublicKey: _x, ...classic } = jane.identity;
    expect(fingerprint(classic)).not.toBe(jane.fingerprint);
    expect(() => fingerprint({ ...classic, xwingPublicKey: x.subarray(1) })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('links v2', () => {
  it('share and open; the link is 1168 bytes of SYM_Link and a 64-byte signature; resources decrypt', async () => {
    const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane);
    const link = await shareResourceGroupV2(group, jane, { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! });
    expect(Buffer.from(link.SYM_Link, 'base64url')).toHaveLength(SYM_LINK_V2_LENGTH);
    expect(Buffer.from(link.SIG_Link, 'base64url')).toHaveLength(64);
    const opened = await openLinkV2(viaJson(link), bob, jane.identity);
    const rec = await encryptResource({ resourceId: 'r1', type: 'note', plaintext: 'hi' }, group);
    expect(new TextDecoder().decode(await decryptResource(rec, opened))).toBe('hi');
  });

  it('property: any group key version and ids round trip through a v2 link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.integer({ min: 0, max: 3 }), async (gid, rotations) => {
        let { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: gid }, jane);
        for (let i = 0; i < rotations; i++) group = (await rotateResourceGroupPq(group, jane, [])).group;
        const link = await shareResourceGroupV2(group, jane, { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! });
        const opened = await openLinkV2(link, bob, jane.identity);
        expect([opened.resourceGroupId, opened.keyVersion]).toEqual([gid, rotations + 1]);
      }),
      { numRuns: 6 },
    );
  });
});

describe('PQ policy and mixed groups', () => {
  it('rotation issues v2 links to members with an X-Wing key and v1 to the others; both open', async () => {
    const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'mixed' }, jane);
    const carol = (await signup('carol')).account;
    const { group: g2, links } = await rotateResourceGroupPq(group, jane, [oldBob, carol.identity]);
    expect(links.map((l) => [l.recipientId, l.v])).toEqual([
      ['jane', 2],
      ['bob', 1],
      ['carol', 2],
    ]);
    expect(g2.keyVersion).toBe(2);
    expect((await openGroupLink(links[1]!, bob, jane.identity)).keyVersion).toBe(2);
    expect((await openGroupLink(links[2]!, carol, jane.identity)).keyVersion).toBe(2);
    expect((await openGroupLink(links[0]!, jane, jane.identity, { requirePq: true })).keyVersion).toBe(2);
  });

  it('an X-Wing member gets no v1 link made on the side: no X25519 HPKE DH for an all-PQ rotation, two per v1 member', async () => {
    const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'count' }, jane);
    let dh = 0;
    const counting: X25519Backend = { ...nodeX25519, sharedSecret: (sk, pk) => (dh++, nodeX25519.sharedSecret(sk, pk)) };
    // The node X-Wing backend uses OpenSSL X25519 directly, so only v1 (HPKE auth mode) seals are counted.
    const allPq = await withBackends({ x25519: counting }, () => rotateResourceGroupPq(group, jane, [bob.identity]));
    expect([allPq.links.map((l) => l.v), dh]).toEqual([[2, 2], 0]);
    const mixed = await withBackends({ x25519: counting }, () => rotateResourceGroupPq(group, jane, [oldBob]));
    expect([mixed.links.map((l) => l.v), dh]).toEqual([[2, 1], 2]);
  });

  it('with requirePq, a member without an X-Wing key is refused before anything is made', async () => {
    const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'pq' }, jane);
    await expect(rotateResourceGroupPq(group, jane, [oldBob], { requirePq: true })).rejects.toMatchObject({ code: 'PQ_REQUIRED' });
    expect(group.keyVersion).toBe(1);
    const { links } = await rotateResourceGroupPq(group, jane, [bob.identity], { requirePq: true });
    expect(links.every((l) => l.v === 2)).toBe(true);
    const g = await openGroupLink(links[1] as LinkRecordV2, bob, jane.identity, { requirePq: true });
    expect(g.keyVersion).toBe(2);
  });

  it('a bad policy argument is INVALID_INPUT', async () => {
    const { group, link } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'p' }, jane);
    await expect(openGroupLink(link, jane, jane.identity, { requirePq: 'yes' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(rotateResourceGroupPq(group, jane, [], null as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
