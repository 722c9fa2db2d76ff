// Refusals and outcomes of the group log change functions (src/model/grouplog/members.ts), each by
// its own check (issue 19, mutation testing): code and message, an input that passes every other
// check, and what a refused call must not do (sign an entry, keep a new key). Signatures are counted
// through an Ed25519 backend that wraps the node one, installed before the accounts are made.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setBackends } from '../../src/backend/backend-deps.js';
import { ed25519 } from '../../src/backend/node/ed25519.js';
import { modelDeps } from '../../src/model/deps.js';
import { sealLink } from '../../src/model/groups.js';
import {
  addGroupMember,
  confirmMemberKeys,
  createGroupLog,
  createResourceGroup,
  migrateGroupLog,
  openLinkVerified,
  removeGroupMember,
  rotateGroupKey,
  setGroupPolicy,
  setGroupRole,
  UnlockedResourceGroup,
  type GroupLogState,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { refusal, syncRefusal } from '../helpers/errors.js';
import { accountWithoutXWing, signup, viaJson } from './fixtures.js';

const signatures = { n: 0 };
const counting = { ...ed25519, sign: (sk: Uint8Array, m: Uint8Array) => (signatures.n++, ed25519.sign(sk, m)) };
const PQ = 'PQ_REQUIRED: zkvault: the group requires post-quantum links; ';
const IDS = { tenantId: 'org1', resourceGroupId: 'g1' };

describe('group log changes: each refusal by its own check', () => {
  let jane: UnlockedAccount; // owner
  let carol: UnlockedAccount; // admin
  let bob: UnlockedAccount; // writer
  let mallory: UnlockedAccount;
  let group: UnlockedResourceGroup;
  let state: GroupLogState; // jane owner, carol admin, bob writer
  let pq: { group: UnlockedResourceGroup; state: GroupLogState }; // requirePq from genesis, jane owner

  beforeAll(async () => {
    setBackends({ ed25519: counting });
    ({ account: jane } = await signup('jane'));
    ({ account: carol } = await signup('carol'));
    ({ account: bob } = await signup('bob'));
    ({ account: mallory } = await signup('mallory'));
    const created = await createGroupLog(IDS, jane);
    const c = await addGroupMember(created.state, jane, { group: created.group, member: carol.identity, role: 'admin' });
    const b = await addGroupMember(c.state, jane, { group: created.group, member: bob.identity, role: 'writer' });
    group = created.group;
    state = b.state;
    pq = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'pq' }, jane, { requirePq: true });
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => setBackends(undefined));

  it('arguments of createGroupLog: account, options, options.now, options.requirePq', async () => {
    expect(await refusal(createGroupLog(IDS, 'jane' as never))).toBe('INVALID_INPUT: "account" expected an UnlockedAccount');
    expect(await refusal(createGroupLog(IDS, jane, 5 as never))).toBe('INVALID_INPUT: "options" expected a plain object, got type=number');
    expect(await refusal(createGroupLog(IDS, jane, { now: null as never }))).toBe(`INVALID_INPUT: "options.now" expected integer in 0..${2 ** 53 - 1}, got null`);
    expect(await refusal(createGroupLog(IDS, jane, { requirePq: 'yes' as never }))).toBe('INVALID_INPUT: "options.requirePq" expected a boolean');
  });

  it('the entry timestamp: options.now when given, the clock otherwise', async () => {
    expect((await createGroupLog(IDS, jane, { now: 1234 })).state.headTimestamp).toBe(1234);
    for (const options of [undefined, {}, { now: undefined } as never]) {
      const before = Date.now();
      const t = (await createGroupLog(IDS, jane, options)).state.headTimestamp;
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(Date.now());
    }
    // Every change takes it too; a timestamp behind the head is raised to the head's.
    expect(setGroupRole(state, jane, { memberId: 'bob', role: 'reader' }, { now: state.headTimestamp + 5 }).state.headTimestamp).toBe(state.headTimestamp + 5);
    expect(setGroupRole(state, jane, { memberId: 'bob', role: 'reader' }, { now: 0 }).state.headTimestamp).toBe(state.headTimestamp);
  });

  it('requirePq from genesis: only with the option; a creator without an X-Wing key is refused before anything is made or signed', async () => {
    expect([pq.state.requirePq, (await createGroupLog(IDS, jane, { requirePq: false })).state.requirePq, (await createGroupLog(IDS, jane)).state.requirePq]).toEqual([true, false, false]);
    const old = accountWithoutXWing('old');
    const made = vi.spyOn(modelDeps().random, 'randomBytes');
    signatures.n = 0;
    expect(await refusal(createGroupLog(IDS, old, { requirePq: true }))).toBe(`${PQ}the creator has no X-Wing key`);
    expect([signatures.n, made.mock.calls.length]).toEqual([0, 0]);
    // Without the policy the same creator is fine (a v1 self-link).
    expect((await createGroupLog(IDS, old)).links[0]!.v).toBe(1);
  });

  it('a genesis the verifier refuses (the author signs with another key than it pins): the new group is disposed', async () => {
    const dispose = vi.spyOn(UnlockedResourceGroup.prototype, 'dispose');
    const liar = accountWithoutXWing('liar', modelDeps().ed25519.publicKey(modelDeps().random.randomBytes(32)));
    expect(await refusal(createGroupLog(IDS, liar))).toBe('VERIFY_FAILED: zkvault: group log: bad signature');
    expect(dispose).toHaveBeenCalledTimes(1);
    const legacy = (await createResourceGroup(IDS, liar)).group;
    expect(await refusal(migrateGroupLog(legacy, liar))).toBe('VERIFY_FAILED: zkvault: group log: bad signature');
    // The rotated copy, not the caller's group.
    expect(dispose).toHaveBeenCalledTimes(2);
    expect(dispose.mock.contexts[1]).not.toBe(legacy);
    expect(legacy.disposed).toBe(false);
  });

  it('addGroupMember: arguments, and a member without an X-Wing key or with an uncertified one under the policy, refused before signing', async () => {
    const dave = (await signup('dave')).account;
    expect(await refusal(addGroupMember(state, jane, 5 as never))).toBe('INVALID_INPUT: "args" expected a plain object, got type=number');
    expect(await refusal(addGroupMember(state, jane, { group, member: 'dave' as never, role: 'reader' }))).toMatch(/^INVALID_INPUT: "args\.member/);
    expect(await refusal(addGroupMember(state, jane, { group, member: dave.identity, role: 'boss' as never }))).toBe(
      'INVALID_INPUT: "args.role" expected one of owner, admin, writer, reader, got "boss"',
    );
    const { xwingPublicKey: _, xwingSignature: __, ...bare } = dave.identity;
    const swapped = { ...dave.identity, xwingPublicKey: mallory.xwingPublicKey! };
    signatures.n = 0;
    expect(await refusal(addGroupMember(pq.state, jane, { group: pq.group, member: bare, role: 'reader' }))).toBe(`${PQ}"dave" has no X-Wing key`);
    expect(await refusal(addGroupMember(pq.state, jane, { group: pq.group, member: swapped, role: 'reader' }))).toMatch(/^VERIFY_FAILED: /);
    expect(signatures.n).toBe(0);
    // Without the policy the served X-Wing key is not used (a v1 link to the pinned key), so not checked.
    const added = await addGroupMember(state, jane, { group, member: swapped, role: 'reader' });
    expect([added.link.v, added.state.member('dave')?.role]).toEqual([1, 'reader']);
    expect(signatures.n).toBe(1);
  });

  it('removeGroupMember: a non-member, the links of the remaining members, leaving, and an admin removing an owner (the new key is disposed)', async () => {
    expect(await refusal(removeGroupMember(state, jane, { group, memberId: 'mallory' }))).toBe('NOT_AUTHORIZED: zkvault: not a member of the group');
    expect(await refusal(removeGroupMember(state, jane, { group, memberId: '' }))).toMatch(/^INVALID_INPUT: "args\.memberId"/);
    const removed = await removeGroupMember(state, jane, { group, memberId: 'bob' });
    expect(removed.links.map((l) => `${l.recipientId}:v${l.v}`)).toEqual(['jane:v1', 'carol:v1']);
    expect(removed.state.members().map((m) => m.accountId)).toEqual(['carol', 'jane']);
    // Carol (admin) leaves: she keeps no link to the new version, the others get theirs.
    const left = await removeGroupMember(state, carol, { group, memberId: 'carol' });
    expect(left.links.map((l) => `${l.senderId}>${l.recipientId}`)).toEqual(['carol>bob', 'carol>jane']);
    expect(left.state.member('carol')).toBeUndefined();
    const dispose = vi.spyOn(UnlockedResourceGroup.prototype, 'dispose');
    expect(await refusal(removeGroupMember(state, carol, { group, memberId: 'jane' }))).toBe('NOT_AUTHORIZED: zkvault: group log: an admin cannot remove an owner');
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(group.disposed).toBe(false);
  });

  it('rotateGroupKey: v1 links unless identities with X-Wing keys are passed; identities must be an array of members', async () => {
    const plain = await rotateGroupKey(state, jane, { group });
    expect(plain.links.map((l) => `${l.recipientId}:v${l.v}`)).toEqual(['jane:v1', 'bob:v1', 'carol:v1']);
    const { xwingPublicKey: _, xwingSignature: __, ...bobBare } = bob.identity;
    expect((await rotateGroupKey(state, jane, { group, identities: [bobBare] })).links.map((l) => l.v)).toEqual([1, 1, 1]);
    const mixed = await rotateGroupKey(state, jane, { group, identities: [bob.identity] });
    expect(mixed.links.map((l) => `${l.recipientId}:v${l.v}`).sort()).toEqual(['bob:v2', 'carol:v1', 'jane:v2']);
    expect(await refusal(rotateGroupKey(state, jane, { group, identities: bob.identity as never }))).toBe('INVALID_INPUT: "args.identities" expected an array of identities');
    expect(await refusal(rotateGroupKey(state, jane, { group, identities: [5 as never] }))).toMatch(/^INVALID_INPUT: "args\.identities\[0\]/);
    expect(await refusal(rotateGroupKey(state, jane, { group, identities: [mallory.identity] }))).toBe('NOT_AUTHORIZED: zkvault: "mallory" is not a member of the group');
    expect(await refusal(rotateGroupKey(state, jane, 5 as never))).toBe('INVALID_INPUT: "args" expected a plain object, got type=number');
  });

  it('setGroupRole, confirmMemberKeys, setGroupPolicy: their arguments', () => {
    expect(syncRefusal(() => setGroupRole(state, jane, { memberId: 5 as never, role: 'reader' }))).toMatch(/^INVALID_INPUT: "args\.memberId"/);
    expect(syncRefusal(() => setGroupRole(state, jane, { memberId: 'bob', role: 'root' as never }))).toBe('INVALID_INPUT: "args.role" expected one of owner, admin, writer, reader, got "root"');
    expect(syncRefusal(() => confirmMemberKeys(state, jane, { member: 5 as never }))).toMatch(/^INVALID_INPUT: "args\.member/);
    expect(syncRefusal(() => setGroupPolicy(state, jane, { requirePq: 1 as never }))).toBe('INVALID_INPUT: "args.requirePq" expected a boolean');
    expect(syncRefusal(() => setGroupPolicy(state, bob, { requirePq: true }))).toBe('NOT_AUTHORIZED: zkvault: a writer cannot share or change the group');
    expect(setGroupPolicy(state, carol, { requirePq: true }).state.requirePq).toBe(true);
  });

  it('who may issue links: managers while a version is current, a promoted admin, an author who left; never a writer', async () => {
    // Carol became an admin after version 1 was announced.
    const carolLink = viaJson(await sealLink(group, 1, carol, { accountId: 'bob', publicKey: bob.publicKey }));
    expect((await openLinkVerified(carolLink, bob, state)).keyVersion).toBe(1);
    const bobLink = viaJson(await sealLink(group, 1, bob, { accountId: 'carol', publicKey: carol.publicKey }));
    expect(await refusal(openLinkVerified(bobLink, carol, state))).toBe("NOT_AUTHORIZED: zkvault: the link's sender held no role to share key version 1");
    const promoted = setGroupRole(state, jane, { memberId: 'bob', role: 'admin' }).state;
    expect((await openLinkVerified(bobLink, carol, promoted)).keyVersion).toBe(1);
    // Jane rotates: Carol, an admin from before, may share version 2 too.
    const r = await rotateGroupKey(state, jane, { group });
    const carolV2 = viaJson(await sealLink(r.group, 2, carol, { accountId: 'bob', publicKey: bob.publicKey }));
    expect((await openLinkVerified(carolV2, bob, r.state)).keyVersion).toBe(2);
    // Bob was a writer when version 2 was announced: his links for it never count.
    const bobV2 = viaJson(await sealLink(r.group, 2, bob, { accountId: 'carol', publicKey: carol.publicKey }));
    expect(await refusal(openLinkVerified(bobV2, carol, r.state))).toBe("NOT_AUTHORIZED: zkvault: the link's sender held no role to share key version 2");
    // Carol leaves: the links she made for the version her entry announced count.
    const left = await removeGroupMember(state, carol, { group, memberId: 'carol' });
    expect((await openLinkVerified(viaJson(left.links[0]!), bob, left.state)).keyVersion).toBe(2);
  });
});
