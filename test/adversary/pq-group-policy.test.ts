// Malicious server and members vs. the PQ link policy held in the signed group log (issue 18), on
// both backends: the server hides the policy (drops or edits the set-policy entry, or serves a log
// from before it), serves a v1 link for a version announced under the policy, and non-owners try to
// lift it. Each is a typed ZkvaultError; the policy is never an argument the app passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBackends } from '../../src/backend/backend-deps.js';
import { accountSigner } from '../../src/model/account-state.js';
import { encodeBody, POLICY_REQUIRE_PQ } from '../../src/model/grouplog/encoding.js';
import { signingInput } from '../../src/model/grouplog/verify.js';
import { groupKeyBytes, sealLink } from '../../src/model/groups.js';
import {
  addGroupMember,
  createGroupLog,
  openLinkVerified,
  rotateGroupKey,
  setGroupPolicy,
  setGroupRole,
  shareGroupKey,
  verifyGroupLog,
  type GroupLogState,
  type LinkRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { BACKEND } from '../helpers/backends.js';
import { errorCode, syncErrorCode } from '../helpers/errors.js';
import { rawEntry } from '../helpers/grouplog.js';
import { accountWithoutXWing, signup, viaJson } from '../model/fixtures.js';

afterAll(() => setBackends(undefined));

describe.each(['node', 'web'] as const)('PQ link policy in the group log, %s backend', (name) => {
  let jane: UnlockedAccount; // owner
  let carol: UnlockedAccount; // admin
  let bob: UnlockedAccount; // writer
  let group: UnlockedResourceGroup; // jane's, at version 2 (announced under the policy)
  let entries: Uint8Array[];
  let beforePolicy: GroupLogState; // the log up to the entry before set-policy
  let state: GroupLogState; // the log with the policy and the rotation after it
  let bobV2: unknown; // bob's v2 link to version 2

  beforeAll(async () => {
    setBackends(BACKEND[name]);
    ({ account: jane } = await signup('jane'));
    ({ account: carol } = await signup('carol'));
    ({ account: bob } = await signup('bob'));
    const created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, jane);
    const c = await addGroupMember(created.state, jane, { group: created.group, member: carol.identity, role: 'admin' });
    const b = await addGroupMember(c.state, jane, { group: created.group, member: bob.identity, role: 'writer' });
    beforePolicy = b.state;
    const p = setGroupPolicy(b.state, jane, { requirePq: true });
    const r = await rotateGroupKey(p.state, jane, { group: created.group, identities: [carol.identity, bob.identity] });
    entries = [created.entry, c.entry, b.entry, p.entry, r.entry];
    group = r.group;
    state = r.state;
    bobV2 = viaJson(r.links.find((l) => l.recipientId === 'bob'));
    expect(r.links.map((l) => l.v)).toEqual([2, 2, 2]);
  });

  it('the verified log carries the policy and the v2 link opens through it', async () => {
    setBackends(BACKEND[name]);
    const { state: seen } = verifyGroupLog(entries);
    expect([beforePolicy.requirePq, seen.requirePq]).toEqual([false, true]);
    const g = await openLinkVerified(bobV2 as LinkRecord, bob, seen);
    expect(g.keyVersion).toBe(2);
    expect(groupKeyBytes(g, 2)).toEqual(groupKeyBytes(group, 2));
  });

  it('a v1 link for a version announced under the policy: PQ_REQUIRED, with no app argument', async () => {
    setBackends(BACKEND[name]);
    // A genuine v1 link by the owner (an old client), as the server would serve it.
    const v1 = viaJson(await sealLink(group, 2, jane, { accountId: 'bob', publicKey: bob.publicKey }));
    expect(await errorCode(openLinkVerified(v1, bob, verifyGroupLog(entries).state))).toBe('PQ_REQUIRED');
  });

  it('the server hides the policy: dropped or edited entry, or a log from before it', async () => {
    setBackends(BACKEND[name]);
    const { checkpoint } = verifyGroupLog(entries);
    // Dropped: the rotation's prevHash no longer chains.
    const dropped = [...entries.slice(0, 3), entries[4]!];
    expect(syncErrorCode(() => verifyGroupLog(dropped))).toBe('LOG_CHAIN_BROKEN');
    // Edited (policy flag cleared): the author's signature no longer verifies.
    const edited = entries[3]!.slice();
    const flag = edited.length - 64 - 1;
    expect(edited[flag]).toBe(POLICY_REQUIRE_PQ);
    edited[flag] = 0;
    expect(syncErrorCode(() => verifyGroupLog([...entries.slice(0, 3), edited, entries[4]!]))).toBe('VERIFY_FAILED');
    // A log from before the policy: refused against the stored checkpoint, and on a fresh device the
    // version the v1 link claims was never announced.
    expect(syncErrorCode(() => verifyGroupLog(entries.slice(0, 3), checkpoint))).toBe('ROLLBACK_DETECTED');
    const v1 = viaJson(await sealLink(group, 2, jane, { accountId: 'bob', publicKey: bob.publicKey }));
    expect(await errorCode(openLinkVerified(v1, bob, verifyGroupLog(entries.slice(0, 3)).state))).toBe('VERSION_NOT_IN_LOG');
  });

  it('log-held sharing follows the log: v2 to a member with an X-Wing key, PQ_REQUIRED without one', async () => {
    setBackends(BACKEND[name]);
    const link = await shareGroupKey(state, jane, { group, recipient: bob.identity });
    expect(link.v).toBe(2);
    expect((await openLinkVerified(viaJson(link), bob, state)).keyVersion).toBe(2);
    const { xwingPublicKey: _, ...noXWing } = bob.identity;
    expect(await errorCode(shareGroupKey(state, jane, { group, recipient: noXWing }))).toBe('PQ_REQUIRED');
    // Nor is a member without an X-Wing key added (nothing is signed).
    const dave = (await signup('dave')).account;
    const { xwingPublicKey: __, ...daveNoXWing } = dave.identity;
    expect(await errorCode(addGroupMember(state, jane, { group, member: daveNoXWing, role: 'reader' }))).toBe('PQ_REQUIRED');
    const added = await addGroupMember(state, jane, { group, member: dave.identity, role: 'reader' });
    expect((await openLinkVerified(viaJson(added.link), dave, added.state)).keyVersion).toBe(2);
    // A rotation that cannot give every member a v2 link makes nothing.
    expect(await errorCode(rotateGroupKey(state, jane, { group, identities: [carol.identity] }))).toBe('PQ_REQUIRED');
  });

  it('the server swaps bob\'s X-Wing key for mallory\'s: VERIFY_FAILED on every log-held path, nothing sealed', async () => {
    setBackends(BACKEND[name]);
    const { account: mallory } = await signup('mallory');
    // Bob's pinned keys, mallory's X-Wing key: with bob's certificate, mallory's own, or none.
    const { xwingSignature: _s, ...bare } = bob.identity;
    const swapped = [
      { ...bob.identity, xwingPublicKey: mallory.xwingPublicKey! },
      { ...bob.identity, xwingPublicKey: mallory.xwingPublicKey!, xwingSignature: mallory.xwingSignature! },
      { ...bare, xwingPublicKey: mallory.xwingPublicKey! },
    ];
    // Count X-Wing encapsulations: a refused call must not have sealed anything.
    const calls = { n: 0 };
    const deps = BACKEND[name];
    const xwing = new Proxy(deps.xwing, { get: (t, k, r) => (k === 'encapsulate' ? (...a: unknown[]) => (calls.n++, (t.encapsulate as (...x: unknown[]) => unknown)(...a)) : Reflect.get(t, k, r)) });
    setBackends({ ...deps, xwing } as typeof deps);
    for (const id of swapped) {
      expect(await errorCode(shareGroupKey(state, jane, { group, recipient: id }))).toBe('VERIFY_FAILED');
      expect(await errorCode(rotateGroupKey(state, jane, { group, identities: [carol.identity, id] }))).toBe('VERIFY_FAILED');
    }
    // Adding a member whose served X-Wing key it did not certify is refused before anything is signed.
    const { account: dave } = await signup('dave');
    const daveSwapped = { ...dave.identity, xwingPublicKey: mallory.xwingPublicKey! };
    expect(await errorCode(addGroupMember(state, jane, { group, member: daveSwapped, role: 'reader' }))).toBe('VERIFY_FAILED');
    expect(calls.n).toBe(0);
    // The genuine identity still works (and the counter counts).
    expect((await shareGroupKey(state, jane, { group, recipient: bob.identity })).v).toBe(2);
    expect(calls.n).toBe(1);
    setBackends(deps);
  });

  it('a writer cannot touch the policy; an admin cannot lift it; the owner can, visibly', async () => {
    setBackends(BACKEND[name]);
    const asBob = { accountId: 'bob', sign: accountSigner(bob) };
    const asCarol = { accountId: 'carol', sign: accountSigner(carol) };
    // Through the API: refused before anything is signed.
    expect(syncErrorCode(() => setGroupPolicy(state, bob, { requirePq: false }))).toBe('NOT_AUTHORIZED');
    expect(syncErrorCode(() => setGroupPolicy(state, carol, { requirePq: false }))).toBe('NOT_AUTHORIZED');
    // Raw signed entries, as a malicious member's client would post them: the verifier refuses them.
    for (const by of [asBob, asCarol]) {
      const downgrade = rawEntry(by, state, { op: 'set-policy', requirePq: false });
      expect(syncErrorCode(() => verifyGroupLog([...entries, downgrade]))).toBe('NOT_AUTHORIZED');
    }
    // An admin may require PQ (again); an admin promoted by the owner to owner may lift it.
    expect(setGroupPolicy(state, carol, { requirePq: true }).state.requirePq).toBe(true);
    const lifted = setGroupPolicy(state, jane, { requirePq: false }).state;
    expect(lifted.requirePq).toBe(false);
    // Lifting does not re-admit v1 links for the version announced under the policy.
    const v1 = viaJson(await sealLink(group, 2, jane, { accountId: 'bob', publicKey: bob.publicKey }));
    expect(await errorCode(openLinkVerified(v1, bob, lifted))).toBe('PQ_REQUIRED');
    const promoted = setGroupRole(state, jane, { memberId: 'carol', role: 'owner' }).state;
    expect(setGroupPolicy(promoted, carol, { requirePq: false }).state.requirePq).toBe(false);
  });

  it('unknown policy flags: INVALID_RECORD (one encoding per policy)', () => {
    setBackends(BACKEND[name]);
    const body = encodeBody({
      tenantId: state.tenantId,
      groupId: state.groupId,
      seq: state.seq + 1,
      prevHash: state.headHash,
      authorId: 'jane',
      timestamp: state.headTimestamp + 1,
      operation: { op: 'set-policy', requirePq: true },
    });
    body[body.length - 1] = POLICY_REQUIRE_PQ | 0x02;
    const sig = accountSigner(jane)(signingInput(body));
    const entry = new Uint8Array(body.length + sig.length);
    entry.set(body);
    entry.set(sig, body.length);
    expect(syncErrorCode(() => verifyGroupLog([...entries, entry]))).toBe('INVALID_RECORD');
  });
});

// createGroupLog's requirePq (the policy from genesis): version 1 is covered, no v1 link is ever
// made, and neither a member nor the server can drop it.
describe.each(['node', 'web'] as const)('PQ link policy from genesis (createGroupLog requirePq), %s backend', (name) => {
  let jane: UnlockedAccount; // owner
  let carol: UnlockedAccount; // admin
  let bob: UnlockedAccount; // writer
  let created: Awaited<ReturnType<typeof createGroupLog>>;
  let entries: Uint8Array[];
  let state: GroupLogState;

  beforeAll(async () => {
    setBackends(BACKEND[name]);
    ({ account: jane } = await signup('jane'));
    ({ account: carol } = await signup('carol'));
    ({ account: bob } = await signup('bob'));
    created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'pq' }, jane, { requirePq: true });
    const c = await addGroupMember(created.state, jane, { group: created.group, member: carol.identity, role: 'admin' });
    const b = await addGroupMember(c.state, jane, { group: created.group, member: bob.identity, role: 'writer' });
    entries = [created.entry, c.entry, b.entry];
    state = b.state;
    expect([created.links[0]!.v, c.link.v, b.link.v]).toEqual([2, 2, 2]);
  });

  it('the genesis carries the policy: version 1 refuses v1 links, v2 links open', async () => {
    setBackends(BACKEND[name]);
    const { state: seen } = verifyGroupLog(entries);
    expect([created.state.requirePq, seen.requirePq]).toEqual([true, true]);
    expect((await openLinkVerified(viaJson(created.links[0]!), jane, seen)).keyVersion).toBe(1);
    const v1 = viaJson(await sealLink(created.group, 1, jane, { accountId: 'bob', publicKey: bob.publicKey }));
    expect(await errorCode(openLinkVerified(v1, bob, seen))).toBe('PQ_REQUIRED');
    // Without the option nothing changes: no flags byte, no policy (the pre-issue-18 bytes).
    const plain = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'plain' }, jane);
    expect([plain.state.requirePq, plain.links[0]!.v]).toEqual([false, 1]);
    expect(created.entry.length).toBe(plain.entry.length + 1 + 'pq'.length - 'plain'.length);
  });

  it('a member cannot drop it: an admin or writer lifting it is NOT_AUTHORIZED, through the API and as raw entries', () => {
    setBackends(BACKEND[name]);
    expect(syncErrorCode(() => setGroupPolicy(state, carol, { requirePq: false }))).toBe('NOT_AUTHORIZED');
    expect(syncErrorCode(() => setGroupPolicy(state, bob, { requirePq: false }))).toBe('NOT_AUTHORIZED');
    for (const by of [{ accountId: 'carol', sign: accountSigner(carol) }, { accountId: 'bob', sign: accountSigner(bob) }]) {
      expect(syncErrorCode(() => verifyGroupLog([...entries, rawEntry(by, state, { op: 'set-policy', requirePq: false })]))).toBe('NOT_AUTHORIZED');
    }
    expect(setGroupPolicy(state, jane, { requirePq: false }).state.requirePq).toBe(false); // the owner can
  });

  it('the server cannot drop it: the genesis without its flags byte, or with 0x00 or unknown flags, is refused', () => {
    setBackends(BACKEND[name]);
    const body = created.entry.subarray(0, created.entry.length - 64);
    expect(body[body.length - 1]).toBe(POLICY_REQUIRE_PQ);
    const resigned = (b: Uint8Array) => Uint8Array.of(...b, ...accountSigner(jane)(signingInput(b)));
    // Stripped, with the original signature: VERIFY_FAILED (and the rest of the chain breaks with it).
    const stripped = Uint8Array.of(...body.subarray(0, -1), ...created.entry.subarray(-64));
    expect(syncErrorCode(() => verifyGroupLog([stripped, ...entries.slice(1)]))).toBe('VERIFY_FAILED');
    // Re-signed by the owner's key without the flag (only the owner could): a different genesis, so
    // the members' entries no longer chain to it.
    expect(syncErrorCode(() => verifyGroupLog([resigned(body.subarray(0, -1)), ...entries.slice(1)]))).toBe('LOG_CHAIN_BROKEN');
    // One encoding per policy: an explicit 0x00 and unknown bits are INVALID_RECORD, even signed.
    for (const flags of [0x00, 0x02, POLICY_REQUIRE_PQ | 0x80]) {
      expect(syncErrorCode(() => verifyGroupLog([resigned(Uint8Array.of(...body.subarray(0, -1), flags))]))).toBe('INVALID_RECORD');
    }
  });

  it('refused before anything is made: a creator without an X-Wing key (PQ_REQUIRED), a non-boolean option (INVALID_INPUT)', async () => {
    setBackends(BACKEND[name]);
    // An account without an X-Wing pair (unlock always adds one).
    const noXWing = accountWithoutXWing('old');
    expect(noXWing.xwingPublicKey).toBeUndefined();
    expect(await errorCode(createGroupLog({ tenantId: 'org1', resourceGroupId: 'x' }, noXWing, { requirePq: true }))).toBe('PQ_REQUIRED');
    expect(await errorCode(createGroupLog({ tenantId: 'org1', resourceGroupId: 'x' }, jane, { requirePq: 'yes' as never }))).toBe('INVALID_INPUT');
  });
});
