// Refusals of the held-key and membership checks of the group log (src/model/grouplog/held.ts),
// each by its own check (issue 19, mutation testing), with code and message.
import { beforeAll, describe, expect, it } from 'vitest';
import { heldToLog } from '../../src/model/grouplog/held.js';
import { checkMemberIdentity, createGroupLog, createResourceGroup, type GroupLogState, type UnlockedAccount, type UnlockedResourceGroup } from '../../src/model/index.js';
import { syncRefusal } from '../helpers/errors.js';
import { signup } from './fixtures.js';

describe('held keys and member identities', () => {
  let jane: UnlockedAccount;
  let eve: UnlockedAccount;
  let state: GroupLogState;
  let group: UnlockedResourceGroup;

  beforeAll(async () => {
    ({ account: jane } = await signup('jane'));
    ({ account: eve } = await signup('eve'));
    ({ state, group } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, jane));
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
});
