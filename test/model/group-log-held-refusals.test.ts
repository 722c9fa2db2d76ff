// Refusals of the held-key and membership checks of the group log (src/model/grouplog/held.ts),
// each by its own check (issue 19, mutation testing), with code and message.
import { beforeAll, describe, expect, it } from 'vitest';
import { heldToLog } from '../../src/model/grouplog/held.js';
import { groupFromKey, groupKeyBytes, sealLink } from '../../src/model/groups.js';
import {
  addGroupMember,
  checkMemberIdentity,
  createGroupLog,
  createResourceGroup,
  encryptResourceVerified,
  openLinkVerified,
  rotateGroupKey,
  shareGroupKey,
  type GroupLogState,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { expectDecryptFailed, refusal, syncRefusal } from '../helpers/errors.js';
import { signup, viaJson } from './fixtures.js';

describe('held keys and member identities', () => {
  let jane: UnlockedAccount;
  let eve: UnlockedAccount;
  let bob: UnlockedAccount;
  let state: GroupLogState;
  let group: UnlockedResourceGroup;
  let withBob: GroupLogState; // jane owner, bob reader

  beforeAll(async () => {
    ({ account: jane } = await signup('jane'));
    ({ account: eve } = await signup('eve'));
    ({ account: bob } = await signup('bob'));
    ({ state, group } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, jane));
    withBob = (await addGroupMember(state, jane, { group, member: bob.identity, role: 'reader' })).state;
  });

  it('a group of another tenant or id than the log is named, each field on its own', async () => {
    expect(heldToLog(group, state, false).keyVersion).toBe(1);
    for (const ids of [{ tenantId: 'org2', resourceGroupId: 'g1' }, { tenantId: 'org1', resourceGroupId: 'g2' }]) {
      const { group: other } = await createResourceGroup(ids, jane);
      expect(syncRefusal(() => heldToLog(other, state, false))).toBe('INVALID_INPUT: "group" is another group than the log\'s');
    }
  });

  it('checkMemberIdentity: the state argument, a non-member, and either key changed', async () => {
    expect(checkMemberIdentity(jane.identity, state).role).toBe('owner');
    expect(syncRefusal(() => checkMemberIdentity(jane.identity, {} as never))).toBe('INVALID_INPUT: "state" expected a GroupLogState');
    expect(syncRefusal(() => checkMemberIdentity(eve.identity, state))).toBe('NOT_AUTHORIZED: zkvault: "eve" is not a member of the group');
    const changed = 'KEY_CHANGED: zkvault: the keys of "jane" differ from the ones the group log pinned';
    expect(syncRefusal(() => checkMemberIdentity({ ...jane.identity, publicKey: eve.publicKey }, state))).toBe(changed);
    expect(syncRefusal(() => checkMemberIdentity({ ...jane.identity, signPublicKey: eve.signPublicKey }, state))).toBe(changed);
  });

  it('checkMemberIdentity, requireManager and shareGroupKey name their arguments', async () => {
    expect(syncRefusal(() => checkMemberIdentity(5 as never, state))).toMatch(/^INVALID_INPUT: "identity/);
    expect(await refusal(shareGroupKey(withBob, 'jane' as never, { group, recipient: bob.identity }))).toBe('INVALID_INPUT: "account" expected an UnlockedAccount');
    expect(await refusal(shareGroupKey(withBob, jane, 5 as never))).toBe('INVALID_INPUT: "args" expected a plain object, got type=number');
    expect(await refusal(shareGroupKey(withBob, bob, { group, recipient: jane.identity }))).toBe('NOT_AUTHORIZED: zkvault: a reader cannot share or change the group');
  });

  it('openLinkVerified: a genuine link of another tenant or group (same sender, version and recipient) is DECRYPT_FAILED, not opened', async () => {
    const link = viaJson((await shareGroupKey(withBob, jane, { group, recipient: bob.identity })));
    expect((await openLinkVerified(link, bob, withBob)).keyVersion).toBe(1);
    expect(await refusal(openLinkVerified(link, 'bob' as never, withBob))).toBe('INVALID_INPUT: "account" expected an UnlockedAccount');
    for (const ids of [{ tenantId: 'org2', resourceGroupId: 'g1' }, { tenantId: 'org1', resourceGroupId: 'g2' }]) {
      const { group: other } = await createResourceGroup(ids, jane);
      const moved = viaJson(await sealLink(other, 1, jane, { accountId: 'bob', publicKey: bob.publicKey }));
      await expectDecryptFailed(openLinkVerified(moved, bob, withBob));
    }
  });

  it('under the PQ policy: a v1 link is refused by the policy, a member without an X-Wing key gets none', async () => {
    const pq = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'pq' }, jane, { requirePq: true });
    const added = await addGroupMember(pq.state, jane, { group: pq.group, member: bob.identity, role: 'reader' });
    expect((await openLinkVerified(viaJson(added.link), bob, added.state)).keyVersion).toBe(1);
    const v1 = viaJson(await sealLink(pq.group, 1, jane, { accountId: 'bob', publicKey: bob.publicKey }));
    expect(await refusal(openLinkVerified(v1, bob, added.state))).toBe(
      'PQ_REQUIRED: zkvault: the group requires post-quantum links; key version 1 was announced under it and this is a v1 (X25519) link',
    );
    const { xwingPublicKey: _, xwingSignature: __, ...bare } = bob.identity;
    expect(await refusal(shareGroupKey(added.state, jane, { group: pq.group, recipient: bare }))).toBe('PQ_REQUIRED: zkvault: the group requires post-quantum links; "bob" has no X-Wing key');
  });

  it('a planted key for an old version: sharing and encrypting check the current version only, a rotation checks every version', async () => {
    const r = await rotateGroupKey(withBob, jane, { group });
    const planted = groupFromKey('org1', 'g1', 1, new Uint8Array(32).fill(7)).merge(r.group);
    expect(groupKeyBytes(planted, 2)).toEqual(groupKeyBytes(r.group, 2));
    expect((await shareGroupKey(r.state, jane, { group: planted, recipient: bob.identity })).keyVersion).toBe(2);
    expect((await encryptResourceVerified({ resourceId: 'r1', type: 'note', plaintext: 'x' }, planted, r.state)).keyVersion).toBe(2);
    expect((await addGroupMember(r.state, jane, { group: planted, member: eve.identity, role: 'reader' })).link.keyVersion).toBe(2);
    expect(await refusal(rotateGroupKey(r.state, jane, { group: planted }))).toBe('KEY_MISMATCH: zkvault: the key held for version 1 is not the one the group log committed to');
    // A group holding only the current version rotates: versions it does not hold are skipped.
    expect((await rotateGroupKey(r.state, jane, { group: groupFromKey('org1', 'g1', 2, groupKeyBytes(r.group, 2)!) })).group.keyVersions).toEqual([2, 3]);
  });
});
