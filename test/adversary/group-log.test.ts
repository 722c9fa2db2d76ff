// Malicious server and malicious members vs. the group log (issue 12). The server stores the log
// and serves it: it can reorder, drop, replay, fork, roll back and forge entries. A member can sign
// entries it has no authority for, plant key versions and send links with other keys. Each attack
// gets its own typed error and the message of the rule that refused it (issue 19: each rule decides on
// its own, not another with the same code), and no wrong key is ever used. Every case runs on both backends.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZkvaultError } from '../../src/errors.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import { BACKEND } from '../helpers/backends.js';
import { signEntry } from '../../src/model/grouplog/append.js';
import { rawEntry, author, commit, IDS, LogBuilder, T0, type TestAuthor } from '../helpers/grouplog.js';
import {
  addGroupMember,
  confirmMemberKeys,
  createGroupLog,
  decryptResource,
  encryptResourceVerified,
  openLink,
  openLinkVerified,
  removeGroupMember,
  rotateGroupKey,
  setGroupRole,
  shareGroupKey,
  verifyGroupLog,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { createResourceGroup, groupKeyBytes } from '../../src/model/groups.js';
import { accountSecrets } from '../../src/model/account-state.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { seal } from '../../src/hpke/index.js';
import type { LinkRecord } from '../../src/model/records.js';
import { errorCode, refusal, syncErrorCode, syncRefusal } from '../helpers/errors.js';
import { signup } from '../model/fixtures.js';


afterAll(() => setBackends(undefined));

/** A link as a malicious member's own code can seal it: any version number, any key, authenticated with her PRV_Account. */
async function sealAs(sender: UnlockedAccount, recipient: UnlockedAccount, keyVersion: number, key: Uint8Array): Promise<LinkRecord> {
  const info = encodeContext(PURPOSE.link, ['org1', 'g1', keyVersion, sender.accountId, recipient.accountId]);
  const sealed = await seal(key, recipient.publicKey, { senderPrivateKey: accountSecrets(sender).prvAccount.bytes(), info });
  const SYM_Link = Buffer.concat([sealed.enc, sealed.ciphertext]).toString('base64url');
  return { v: 1, suite: 'zkv1', tenantId: 'org1', resourceGroupId: 'g1', keyVersion, senderId: sender.accountId, recipientId: recipient.accountId, SYM_Link } as LinkRecord;
}

describe.each(['node', 'web'] as const)('group log verifier on the %s backend', (name) => {
  let jane: TestAuthor, bob: TestAuthor, mallory: TestAuthor, eve: TestAuthor;
  let log: LogBuilder;

  beforeAll(() => {
    setBackends(BACKEND[name]);
    jane = author('jane');
    bob = author('bob');
    mallory = author('mallory');
    eve = author('eve');
    // 0 create (v1) · 1 add bob writer · 2 add mallory admin · 3 rotate (v2) · 4 remove mallory (v3)
    log = new LogBuilder().create(jane);
    log.append(jane, { op: 'add', memberId: 'bob', identity: bob.identity, role: 'writer' });
    log.append(jane, { op: 'add', memberId: 'mallory', identity: mallory.identity, role: 'admin' });
    log.append(mallory, { op: 'rotate', ...commit(2) });
    log.append(jane, { op: 'remove', memberId: 'mallory', ...commit(3) });
  });

  const at = (seq: number) => log.states[seq]!;

  it('the honest log verifies, from scratch and incrementally, to the same state', () => {
    setBackends(BACKEND[name]);
    const full = verifyGroupLog(log.entries);
    expect(full.state.seq).toBe(4);
    expect(full.state.keyVersion).toBe(3);
    expect(full.state.members().map((m) => `${m.accountId}:${m.role}`)).toEqual(['bob:writer', 'jane:owner']);
    const inc = verifyGroupLog(log.entries.slice(2), at(2));
    expect(inc.checkpoint).toEqual(full.checkpoint);
    expect(verifyGroupLog(log.entries, at(2).checkpoint).checkpoint).toEqual(full.checkpoint);
    expect(full.state.fingerprint).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){5}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('forged entry: the server signs an entry as Jane with its own key → VERIFY_FAILED', () => {
    setBackends(BACKEND[name]);
    const server = author('jane');
    const forged = rawEntry(server, at(4), { op: 'add', memberId: 'eve', identity: eve.identity, role: 'admin' });
    expect(syncRefusal(() => verifyGroupLog([...log.entries, forged]))).toBe('VERIFY_FAILED: zkvault: group log: bad signature');
  });

  it('forged entry: a flipped signature bit → VERIFY_FAILED', () => {
    setBackends(BACKEND[name]);
    const e = log.entries[2]!.slice();
    e[e.length - 1]! ^= 1;
    expect(syncRefusal(() => verifyGroupLog([...log.entries.slice(0, 2), e, ...log.entries.slice(3)]))).toBe('VERIFY_FAILED: zkvault: group log: bad signature');
  });

  it('reordered entries → LOG_CHAIN_BROKEN', () => {
    setBackends(BACKEND[name]);
    const [e0, e1, e2, ...rest] = log.entries;
    expect(syncRefusal(() => verifyGroupLog([e0!, e2!, e1!, ...rest]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: expected seq 1, got 2');
  });

  it('dropped entry → LOG_CHAIN_BROKEN (and a dropped genesis too)', () => {
    setBackends(BACKEND[name]);
    expect(syncRefusal(() => verifyGroupLog([...log.entries.slice(0, 2), ...log.entries.slice(3)]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: expected seq 2, got 3');
    expect(syncRefusal(() => verifyGroupLog(log.entries.slice(1)))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: the log does not start at seq 0');
    expect(syncRefusal(() => verifyGroupLog([...log.entries.slice(2, 3), ...log.entries.slice(4)], at(2)))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: expected seq 3, got 4');
  });

  it('replayed entry: appended again, or copied from another group → LOG_CHAIN_BROKEN', () => {
    setBackends(BACKEND[name]);
    expect(syncRefusal(() => verifyGroupLog([...log.entries, log.entries[3]!]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: expected seq 5, got 3');
    // Jane's identical-looking add in group g2, replayed into g1 at the right seq and prevHash.
    const other = rawEntry(jane, at(4), { op: 'add', memberId: 'eve', identity: eve.identity, role: 'reader' }, { groupId: 'g2' });
    expect(syncRefusal(() => verifyGroupLog([...log.entries, other]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: an entry of another group');
    // A second genesis.
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(4), { op: 'create', identity: jane.identity, ...commit(9), legacy: [] })]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: a create entry after the genesis');
  });

  it('fork: another valid entry at the checkpoint seq → FORK_DETECTED (state and stored checkpoint)', () => {
    setBackends(BACKEND[name]);
    const alt = rawEntry(jane, at(3), { op: 'rotate', ...commit(3) });
    const forked = [...log.entries.slice(0, 4), alt];
    expect(verifyGroupLog(forked).state.seq).toBe(4); // a valid log on its own
    expect(syncRefusal(() => verifyGroupLog(forked, at(4)))).toBe('FORK_DETECTED: zkvault: group log: the entry at seq 4 differs from the checkpoint');
    expect(syncRefusal(() => verifyGroupLog(forked, at(4).checkpoint))).toBe('FORK_DETECTED: zkvault: group log: the entry at seq 4 differs from the checkpoint');
    expect(verifyGroupLog(forked).state.fingerprint).not.toBe(at(4).fingerprint);
  });

  it('rollback: a shorter, older log → ROLLBACK_DETECTED', () => {
    setBackends(BACKEND[name]);
    expect(syncRefusal(() => verifyGroupLog(log.entries.slice(0, 3), at(4)))).toBe('ROLLBACK_DETECTED: zkvault: group log: the log ends before the checkpoint');
    expect(syncRefusal(() => verifyGroupLog(log.entries.slice(0, 3), at(4).checkpoint))).toBe('ROLLBACK_DETECTED: zkvault: group log: the log ends before the checkpoint');
    expect(syncRefusal(() => verifyGroupLog([], at(4)))).toBe('ROLLBACK_DETECTED: zkvault: group log: the log does not reach the checkpoint');
  });

  it('wrong author: Mallory signs an entry naming Jane → VERIFY_FAILED; a non-member → NOT_AUTHORIZED', () => {
    setBackends(BACKEND[name]);
    const asJane = rawEntry({ accountId: 'jane', sign: mallory.sign }, at(2), { op: 'set-role', memberId: 'mallory', role: 'owner' });
    expect(syncRefusal(() => verifyGroupLog([...log.entries.slice(0, 3), asJane]))).toBe('VERIFY_FAILED: zkvault: group log: bad signature');
    const byEve = rawEntry(eve, at(4), { op: 'add', memberId: 'eve', identity: eve.identity, role: 'admin' });
    expect(syncRefusal(() => verifyGroupLog([...log.entries, byEve]))).toBe('NOT_AUTHORIZED: zkvault: group log: the author is not a member');
  });

  it('wrong role: a writer changes the group; an admin removes or demotes the owner or grants owner → NOT_AUTHORIZED', () => {
    setBackends(BACKEND[name]);
    const s2 = at(2); // bob writer, mallory admin
    const cases = [
      rawEntry(bob, s2, { op: 'add', memberId: 'eve', identity: eve.identity, role: 'reader' }),
      rawEntry(bob, s2, { op: 'rotate', ...commit(2) }),
      rawEntry(bob, s2, { op: 'set-role', memberId: 'bob', role: 'admin' }),
      rawEntry(bob, s2, { op: 'remove', memberId: 'mallory', ...commit(2) }),
      rawEntry(mallory, s2, { op: 'remove', memberId: 'jane', ...commit(2) }),
      rawEntry(mallory, s2, { op: 'set-role', memberId: 'jane', role: 'reader' }),
      rawEntry(mallory, s2, { op: 'set-role', memberId: 'mallory', role: 'owner' }),
      rawEntry(mallory, s2, { op: 'add', memberId: 'eve', identity: eve.identity, role: 'owner' }),
      rawEntry(mallory, s2, { op: 'update-keys', memberId: 'jane', identity: eve.identity }),
    ];
    // Each refused by its own rule (code and message), not by another one with the same code.
    const WRONG_ROLE = [
      'a writer cannot add',
      'a writer cannot rotate',
      'a writer cannot set-role',
      'a writer cannot remove',
      'an admin cannot remove an owner',
      'only an owner grants or changes owner',
      'only an owner grants or changes owner',
      'only an owner grants owner',
      "an admin cannot change an owner's keys",
    ].map((why) => `NOT_AUTHORIZED: zkvault: group log: ${why}`);
    expect(cases.map((e) => syncRefusal(() => verifyGroupLog([...log.entries.slice(0, 3), e])))).toEqual(WRONG_ROLE);
  });

  it('the last owner cannot leave or step down → NOT_AUTHORIZED; with a second owner it can', () => {
    setBackends(BACKEND[name]);
    const s4 = at(4);
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, s4, { op: 'remove', memberId: 'jane', ...commit(4) })]))).toBe('NOT_AUTHORIZED: zkvault: group log: the last owner cannot leave');
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, s4, { op: 'set-role', memberId: 'jane', role: 'admin' })]))).toBe('NOT_AUTHORIZED: zkvault: group log: the last owner cannot step down');
    const two = rawEntry(jane, s4, { op: 'set-role', memberId: 'bob', role: 'owner' });
    const s5 = verifyGroupLog([log.entries[4]!, two], s4).state;
    const leave = rawEntry(jane, s5, { op: 'remove', memberId: 'jane', ...commit(4) });
    expect(verifyGroupLog([log.entries[4]!, two, leave], s4).state.members().map((m) => `${m.accountId}:${m.role}`)).toEqual(['bob:owner']);
  });

  it('skipped or repeated key version, or a planted 2^32-1 → VERSION_SKIPPED', () => {
    setBackends(BACKEND[name]);
    for (const v of [5, 3, 2, 2 ** 32 - 1]) {
      expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(4), { op: 'rotate', ...commit(v) })]))).toBe(`VERSION_SKIPPED: zkvault: group log: key version ${v} does not follow 3`);
    }
  });

  it("removed member's entry after removal → NOT_AUTHORIZED", () => {
    setBackends(BACKEND[name]);
    for (const op of [
      { op: 'rotate', ...commit(4) },
      { op: 'add', memberId: 'eve', identity: eve.identity, role: 'admin' },
      { op: 'set-role', memberId: 'mallory', role: 'admin' },
    ] as const) {
      expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(mallory, at(4), op)]))).toBe('NOT_AUTHORIZED: zkvault: group log: the author is not a member');
    }
  });

  it('freshness bound: a head older than maxAgeMs, or dated in the future → LOG_STALE', () => {
    setBackends(BACKEND[name]);
    const head = at(4).headTimestamp;
    expect(verifyGroupLog(log.entries, undefined, { maxAgeMs: 60_000, now: head + 59_000 }).state.seq).toBe(4);
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: 60_000, now: head + 61_000 }))).toBe('LOG_STALE: zkvault: group log: the newest entry is older than the freshness bound');
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: 60_000, now: head - 61_000 }))).toBe('LOG_STALE: zkvault: group log: the newest entry is dated in the future');
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(4), { op: 'rotate', ...commit(4) }, { timestamp: T0 })]))).toBe('LOG_CHAIN_BROKEN: zkvault: group log: timestamp goes backwards');
  });

  it('a signer cannot make an entry the verifier would refuse (the append path runs the verifier)', () => {
    setBackends(BACKEND[name]);
    expect(syncRefusal(() => signEntry(at(4), IDS, bob, { op: 'rotate', ...commit(4) }, T0))).toBe('NOT_AUTHORIZED: zkvault: group log: a writer cannot rotate');
    expect(syncRefusal(() => signEntry(at(4), IDS, jane, { op: 'rotate', ...commit(9) }, T0))).toBe('VERSION_SKIPPED: zkvault: group log: key version 9 does not follow 3');
  });

  it('property: random valid operation sequences by random authorized members verify (from scratch and incrementally)', () => {
    setBackends(BACKEND[name]);
    const people = ['a', 'b', 'c', 'd', 'e'].map((id) => author(id));
    const step = fc.record({ kind: fc.integer({ min: 0, max: 4 }), who: fc.nat(), whom: fc.nat(), role: fc.constantFrom('owner', 'admin', 'writer', 'reader' as const) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.nat(), (steps, cut) => {
        const b = new LogBuilder().create(people[0]!);
        const roles = new Map<string, string>([['a', 'owner']]);
        let version = 1;
        for (const s of steps) {
          const managers = [...roles].filter(([, r]) => r === 'owner' || r === 'admin').map(([id]) => id);
          const by = people.find((p) => p.accountId === managers[s.who % managers.length])!;
          const byOwner = roles.get(by.accountId) === 'owner';
          const owners = [...roles].filter(([, r]) => r === 'owner').length;
          const outside = people.filter((p) => !roles.has(p.accountId));
          const inside = [...roles.keys()].filter((id) => byOwner || roles.get(id) !== 'owner');
          if (s.kind === 0 && outside.length > 0) {
            const p = outside[s.whom % outside.length]!;
            const role = s.role === 'owner' && !byOwner ? 'writer' : s.role;
            b.append(by, { op: 'add', memberId: p.accountId, identity: p.identity, role });
            roles.set(p.accountId, role);
          } else if (s.kind === 1 && inside.length > 0) {
            const id = inside[s.whom % inside.length]!;
            if (roles.get(id) === 'owner' && owners === 1) continue;
            b.append(by, { op: 'remove', memberId: id, ...commit(++version) });
            roles.delete(id);
          } else if (s.kind === 2 && inside.length > 0) {
            const id = inside[s.whom % inside.length]!;
            const role = s.role === 'owner' && !byOwner ? 'reader' : s.role;
            if (roles.get(id) === 'owner' && role !== 'owner' && owners === 1) continue;
            b.append(by, { op: 'set-role', memberId: id, role });
            roles.set(id, role);
          } else {
            b.append(by, { op: 'rotate', ...commit(++version) });
          }
        }
        const { state } = verifyGroupLog(b.entries);
        expect(state.keyVersion).toBe(version);
        expect(Object.fromEntries(state.members().map((m) => [m.accountId, m.role]))).toEqual(Object.fromEntries(roles));
        const from = b.states[cut % b.states.length]!;
        expect(verifyGroupLog(b.entries.slice(from.seq), from).checkpoint).toEqual(state.checkpoint);
      }),
      { numRuns: name === 'node' ? 60 : 15 },
    );
  });

  it('property: any change to any byte of any entry fails with a typed error', () => {
    setBackends(BACKEND[name]);
    const honest = verifyGroupLog(log.entries).checkpoint;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (i, j, mask) => {
        const k = i % log.entries.length;
        const e = log.entries[k]!.slice();
        e[j % e.length]! ^= mask;
        const tampered = log.entries.map((x, n) => (n === k ? e : x));
        const code = syncErrorCode(() => verifyGroupLog(tampered));
        expect(['INVALID_RECORD', 'VERIFY_FAILED', 'LOG_CHAIN_BROKEN', 'NOT_AUTHORIZED', 'VERSION_SKIPPED']).toContain(code);
        // Against a stored checkpoint the honest head is known too.
        expect(() => verifyGroupLog(tampered, honest)).toThrow(ZkvaultError);
      }),
      { numRuns: name === 'node' ? 300 : 60 },
    );
  });
});

describe.each(['node', 'web'] as const)('links and resources held to the log on the %s backend', (name) => {
  let jane: UnlockedAccount, bob: UnlockedAccount, mallory: UnlockedAccount;
  const id = (a: UnlockedAccount) => ({ accountId: a.accountId, publicKey: a.publicKey, signPublicKey: a.signPublicKey });

  beforeAll(async () => {
    setBackends(BACKEND[name]);
    ({ account: jane } = await signup('jane'));
    ({ account: bob } = await signup('bob'));
    ({ account: mallory } = await signup('mallory'));
  });

  /** Jane creates the group, adds Bob (writer) and Mallory (role given). Returns everyone's view. */
  async function setup(malloryRole: 'writer' | 'admin') {
    setBackends(BACKEND[name]);
    const c = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, jane, { now: T0 });
    const b = await addGroupMember(c.state, jane, { group: c.group, member: id(bob), role: 'writer' }, { now: T0 + 1 });
    const m = await addGroupMember(b.state, jane, { group: c.group, member: id(mallory), role: malloryRole }, { now: T0 + 2 });
    const bobGroup = await openLinkVerified(b.link, bob, m.state);
    const malloryGroup = await openLinkVerified(m.link, mallory, m.state);
    return { entries: [c.entry, b.entry, m.entry], state: m.state, janeGroup: c.group, bobGroup, malloryGroup };
  }

  it("the review's attack: Mallory plants keyVersion 1000, Jane removes her and rotates; Bob never encrypts under 1000", async () => {
    const s = await setup('writer');
    // Before removal: Mallory seals a properly authenticated link to Bob with a key of her choosing, version 1000.
    const real1000 = await sealAs(mallory, bob, 1000, new Uint8Array(32).fill(0x66));

    // Jane removes Mallory and rotates (one entry), links v2 to Bob.
    const r = await removeGroupMember(s.state, jane, { group: s.janeGroup, memberId: 'mallory' }, { now: T0 + 3 });
    const { state } = verifyGroupLog([...s.entries, r.entry], s.state);
    expect(state.keyVersion).toBe(2);

    // Bob refuses Mallory's planted link: typed, before any key is used.
    expect(await refusal(openLinkVerified(real1000, bob, state))).toBe('VERSION_NOT_IN_LOG: zkvault: key version 1000 was never announced in the group log');

    // Even if Bob's app already merged it through the legacy path, encryption follows the log.
    const legacy = await openLink(real1000, bob, { accountId: 'mallory', publicKey: mallory.publicKey });
    expect(legacy.keyVersion).toBe(1000);
    const v2 = await openLinkVerified(r.links.find((l) => l.recipientId === 'bob')!, bob, state);
    const bobHolds = v2.merge(legacy).merge(s.bobGroup);
    expect(bobHolds.keyVersion).toBe(1000); // the highest held is the planted one...
    const rec = await encryptResourceVerified({ resourceId: 'r1', type: 'secret', plaintext: 'post-removal secret: prod DB password hunter2' }, bobHolds, state);
    expect(rec.keyVersion).toBe(2); // ...but the log's current version is used
    expect(new TextDecoder().decode(await decryptResource(rec, r.group))).toBe('post-removal secret: prod DB password hunter2');
    expect(await errorCode(decryptResource({ ...rec, keyVersion: 1000 }, legacy))).toBe('DECRYPT_FAILED');
    expect(await errorCode(decryptResource(rec, s.malloryGroup))).toBe('DECRYPT_FAILED');
    // A planted 2^32-1 does not block rotation either: it is refused as a link, and a group holding
    // it still rotates from the log's version.
    const maxLink = await sealAs(mallory, jane, 2 ** 32 - 1, new Uint8Array(32).fill(0x99));
    expect(await refusal(openLinkVerified(maxLink, jane, state))).toBe('VERSION_NOT_IN_LOG: zkvault: key version 4294967295 was never announced in the group log');
    const max = await openLink(maxLink, jane, { accountId: 'mallory', publicKey: mallory.publicKey });
    const next = await rotateGroupKey(state, jane, { group: r.group.merge(max) }, { now: T0 + 4 });
    expect(next.state.keyVersion).toBe(3);
    expect(next.group.keyVersions).toEqual([1, 2, 3]);
  });

  it('conflicting key for one version (an admin links another key for v1) → KEY_MISMATCH; the right link opens', async () => {
    const s = await setup('admin');
    const { group: other } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, mallory);
    const conflicting = await sealAs(mallory, bob, 1, groupKeyBytes(other, 1)!);
    expect(await refusal(openLinkVerified(conflicting, bob, s.state))).toBe('KEY_MISMATCH: zkvault: the link carries another key than the group log committed to for version 1');
    // The same key held in a group: encryption refuses it too.
    expect(await refusal(encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: 'x' }, other, s.state))).toBe('KEY_MISMATCH: zkvault: the key held for version 1 is not the one the group log committed to');
    // Mallory, an admin, sharing the real v1 key is legitimate.
    const good = await shareGroupKey(s.state, mallory, { group: s.malloryGroup, recipient: id(bob) });
    expect((await openLinkVerified(good, bob, s.state)).keyVersion).toBe(1);
  });

  it("removed member's link: Mallory (a former admin) links a key for the version after her removal → NOT_AUTHORIZED", async () => {
    const s = await setup('admin');
    const r = await removeGroupMember(s.state, jane, { group: s.janeGroup, memberId: 'mallory' }, { now: T0 + 3 });
    const after = await sealAs(mallory, bob, 2, new Uint8Array(32).fill(0x77));
    expect(await refusal(openLinkVerified(after, bob, r.state))).toBe("NOT_AUTHORIZED: zkvault: the link's sender held no role to share key version 2");
    // Her v1 link from before the removal stays valid for v1 (old resources), never for encrypting.
    const before = await shareGroupKey(s.state, mallory, { group: s.malloryGroup, recipient: id(bob) });
    const v1 = await openLinkVerified(before, bob, r.state);
    expect(await refusal(encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: 'x' }, v1, r.state))).toBe("KEY_LOCKED: zkvault: the group does not hold the log's current key version 2; open its link first");
    // A writer's link is refused even with the right key.
    expect(await refusal(shareGroupKey(r.state, bob, { group: s.bobGroup, recipient: id(jane) }))).toBe('NOT_AUTHORIZED: zkvault: a writer cannot share or change the group');
  });

  it('key pinning: a member whose keys changed → KEY_CHANGED until confirmed; shares go to pinned keys', async () => {
    const s = await setup('writer');
    const { account: bobReset } = await signup('bob'); // account reset: new keys, same id
    expect(await refusal(shareGroupKey(s.state, jane, { group: s.janeGroup, recipient: id(bobReset) }))).toBe('KEY_CHANGED: zkvault: the keys of "bob" differ from the ones the group log pinned');
    const confirmed = confirmMemberKeys(s.state, jane, { member: id(bobReset) }, { now: T0 + 3 });
    const state = verifyGroupLog([...s.entries, confirmed.entry], s.state).state;
    const link = await shareGroupKey(state, jane, { group: s.janeGroup, recipient: id(bobReset) });
    expect((await openLinkVerified(link, bobReset, state)).keyVersion).toBe(1);
    // The old Bob can no longer be shared to.
    expect(await refusal(shareGroupKey(state, jane, { group: s.janeGroup, recipient: id(bob) }))).toBe('KEY_CHANGED: zkvault: the keys of "bob" differ from the ones the group log pinned');
    // An author whose own keys changed cannot append.
    const { account: janeReset } = await signup('jane');
    expect(await refusal(Promise.resolve().then(() => setGroupRole(state, janeReset, { memberId: 'bob', role: 'admin' })))).toBe('KEY_CHANGED: zkvault: the keys of "jane" differ from the ones the group log pinned');
  });

  it('a link moved to another group or forged by the server → DECRYPT_FAILED', async () => {
    const s = await setup('writer');
    const r = await rotateGroupKey(s.state, jane, { group: s.janeGroup }, { now: T0 + 3 });
    const toBob = r.links.find((l) => l.recipientId === 'bob')!;
    expect(await errorCode(openLinkVerified({ ...toBob, resourceGroupId: 'g2' }, bob, r.state))).toBe('DECRYPT_FAILED');
    const sym = Buffer.from(toBob.SYM_Link, 'base64url');
    sym[40]! ^= 1;
    expect(await errorCode(openLinkVerified({ ...toBob, SYM_Link: sym.toString('base64url') } as typeof toBob, bob, r.state))).toBe('DECRYPT_FAILED');
  });
});
