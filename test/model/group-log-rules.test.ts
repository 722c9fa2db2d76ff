// The group log verifier rules that test/adversary/group-log.test.ts does not reach, each refused by
// its own rule (issue 19, mutation testing): signed entries (the helpers' `rawEntry` bypasses the
// signer's own checks) that break exactly one rule; code and message name it.
import { beforeAll, describe, expect, it } from 'vitest';
import { signEntry } from '../../src/model/grouplog/append.js';
import { verifyGroupLog } from '../../src/model/index.js';
import { commit, IDS, LogBuilder, rawEntry, author, type TestAuthor } from '../helpers/grouplog.js';
import { syncRefusal } from '../helpers/errors.js';

const G = 'zkvault: group log: ';

describe('group log rules, each by its own check', () => {
  let jane: TestAuthor, bob: TestAuthor, eve: TestAuthor;
  let log: LogBuilder;
  const at = (seq: number) => log.states[seq]!;
  const genesisPatch = { seq: 0, prevHash: new Uint8Array(32) };

  beforeAll(() => {
    jane = author('jane');
    bob = author('bob');
    eve = author('eve');
    // 0 create (v1) · 1 add bob admin
    log = new LogBuilder().create(jane);
    log.append(jane, { op: 'add', memberId: 'bob', identity: bob.identity, role: 'admin' });
  });

  it('the genesis: a create, with a zero prevHash, legacy versions ascending below its own', () => {
    const create = (legacy: { keyVersion: number; commitment: Uint8Array }[], keyVersion = 5) => ({ op: 'create' as const, identity: jane.identity, ...commit(keyVersion), legacy });
    expect(verifyGroupLog([rawEntry(jane, at(0), create([commit(1), commit(4)]), genesisPatch)]).state.keyVersion).toBe(5);
    expect(syncRefusal(() => verifyGroupLog([rawEntry(jane, at(0), { op: 'rotate', ...commit(2) }, genesisPatch)]))).toBe(`LOG_CHAIN_BROKEN: ${G}the first entry is not a create`);
    expect(syncRefusal(() => verifyGroupLog([rawEntry(jane, at(0), create([]), { seq: 0, prevHash: new Uint8Array(32).fill(1) })]))).toBe(
      `LOG_CHAIN_BROKEN: ${G}the genesis prevHash is not zero`,
    );
    for (const legacy of [[commit(2), commit(2)], [commit(3), commit(2)], [commit(5)], [commit(6)]]) {
      expect(syncRefusal(() => verifyGroupLog([rawEntry(jane, at(0), create(legacy), genesisPatch)]))).toBe(
        `VERSION_SKIPPED: ${G}legacy versions must ascend below the genesis version`,
      );
    }
  });

  it('an entry that names a non-member, or adds a member twice', () => {
    for (const op of [
      { op: 'remove' as const, memberId: 'eve', ...commit(2) },
      { op: 'set-role' as const, memberId: 'eve', role: 'reader' as const },
      { op: 'update-keys' as const, memberId: 'eve', identity: eve.identity },
    ]) {
      expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(1), op)]))).toBe(`NOT_AUTHORIZED: ${G}the entry names someone who is not a member`);
    }
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(1), { op: 'add', memberId: 'bob', identity: bob.identity, role: 'reader' })]))).toBe(
      `NOT_AUTHORIZED: ${G}already a member`,
    );
  });

  it('only an owner lifts the PQ link requirement; an admin may set it', () => {
    const pq = rawEntry(bob, at(1), { op: 'set-policy', requirePq: true });
    const withPq = verifyGroupLog([...log.entries, pq]).state;
    expect(withPq.requirePq).toBe(true);
    expect(syncRefusal(() => verifyGroupLog([...log.entries, pq, rawEntry(bob, withPq, { op: 'set-policy', requirePq: false })]))).toBe(
      `NOT_AUTHORIZED: ${G}only an owner lifts the PQ link requirement`,
    );
    expect(verifyGroupLog([...log.entries, pq, rawEntry(jane, withPq, { op: 'set-policy', requirePq: false })]).state.requirePq).toBe(false);
  });

  it('entries and a trusted state: an empty log, entries that start after the state, arguments', () => {
    expect(syncRefusal(() => verifyGroupLog([]))).toBe(`LOG_CHAIN_BROKEN: ${G}the log has no genesis`);
    const next = rawEntry(jane, at(1), { op: 'rotate', ...commit(2) });
    // A state at seq 0 and entries from seq 2: the entry at the state's seq is missing.
    expect(syncRefusal(() => verifyGroupLog([next], at(0)))).toBe(`LOG_CHAIN_BROKEN: ${G}the entries start after the checkpoint`);
    expect(verifyGroupLog([log.entries[1]!, next], at(1)).state.keyVersion).toBe(2);
    expect(syncRefusal(() => verifyGroupLog('entries' as never))).toBe('INVALID_INPUT: "entries" expected an array');
    expect(syncRefusal(() => verifyGroupLog([5 as never]))).toBe('INVALID_INPUT: "entries[0]" expected bytes or a base64url string');
    expect(syncRefusal(() => verifyGroupLog(['!!']))).toBe('INVALID_RECORD: zkvault: group log entry 0 is not base64url');
  });

  it('the signer takes a timestamp in 0..2^53 - 1 ms, edges inclusive', () => {
    const create = { op: 'create' as const, identity: jane.identity, ...commit(1), legacy: [] };
    expect(signEntry(undefined, IDS, jane, create, 0).state.seq).toBe(0);
    expect(signEntry(undefined, IDS, jane, create, 2 ** 53 - 1).state.seq).toBe(0);
    for (const now of [-1, 1.5, 2 ** 53, Number.NaN, '1' as never]) {
      expect(syncRefusal(() => signEntry(undefined, IDS, jane, create, now))).toBe('INVALID_INPUT: "now" expected a timestamp in ms');
    }
  });

  it('chain and authority messages: prevHash, an admin changing an owner\'s keys, an admin writing requirePq false when it is not required', () => {
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(1), { op: 'rotate', ...commit(2) }, { prevHash: new Uint8Array(32) })]))).toBe(
      `LOG_CHAIN_BROKEN: ${G}prevHash is not the hash of the previous entry`,
    );
    expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(bob, at(1), { op: 'update-keys', memberId: 'jane', identity: eve.identity })]))).toBe(
      `NOT_AUTHORIZED: ${G}an admin cannot change an owner's keys`,
    );
    expect(verifyGroupLog([...log.entries, rawEntry(jane, at(1), { op: 'update-keys', memberId: 'bob', identity: eve.identity })]).state.member('bob')?.signPublicKey).toEqual(eve.identity.signPublicKey);
    // An owner changes an owner's keys (its own); an admin changes a writer's.
    expect(verifyGroupLog([...log.entries, rawEntry(jane, at(1), { op: 'update-keys', memberId: 'jane', identity: eve.identity })]).state.member('jane')?.publicKey).toEqual(eve.identity.publicKey);
    const addEve = rawEntry(jane, at(1), { op: 'add', memberId: 'eve', identity: eve.identity, role: 'writer' });
    const withEve = verifyGroupLog([...log.entries, addEve]).state;
    expect(verifyGroupLog([...log.entries, addEve, rawEntry(bob, withEve, { op: 'update-keys', memberId: 'eve', identity: bob.identity })]).state.member('eve')?.publicKey).toEqual(bob.identity.publicKey);
    // An entry of another tenant, or of another group, each on its own.
    for (const patch of [{ tenantId: 'org2' }, { groupId: 'g2' }]) {
      expect(syncRefusal(() => verifyGroupLog([...log.entries, rawEntry(jane, at(1), { op: 'rotate', ...commit(2) }, patch)]))).toBe(`LOG_CHAIN_BROKEN: ${G}an entry of another group`);
    }
    // Not a downgrade: the log does not require PQ links, so an admin may write false.
    expect(verifyGroupLog([...log.entries, rawEntry(bob, at(1), { op: 'set-policy', requirePq: false })]).state.requirePq).toBe(false);
  });

  it('the freshness bound: edges inclusive, its options named, no bound without maxAgeMs', () => {
    const head = at(1).headTimestamp;
    const fresh = (now: number) => syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: 1000, now }));
    const ok = (now: number) => verifyGroupLog(log.entries, undefined, { maxAgeMs: 1000, now }).state.seq;
    expect([ok(head + 1000), ok(head - 1000), ok(head)]).toEqual([1, 1, 1]);
    expect(fresh(head + 1001)).toBe(`LOG_STALE: ${G}the newest entry is older than the freshness bound`);
    expect(fresh(head - 1001)).toBe(`LOG_STALE: ${G}the newest entry is dated in the future`);
    expect(verifyGroupLog(log.entries, undefined, { now: 0 }).state.seq).toBe(1);
    // Without now, the clock: the head (2026) is older than a second but not than a century.
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: 1000 }))).toBe(`LOG_STALE: ${G}the newest entry is older than the freshness bound`);
    expect(verifyGroupLog(log.entries, undefined, { maxAgeMs: 100 * 365 * 86_400_000 }).state.seq).toBe(1);
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, 5 as never))).toBe('INVALID_INPUT: "options" expected a plain object, got type=number');
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: -1 }))).toBe(`INVALID_INPUT: "options.maxAgeMs" expected integer in 0..${Number.MAX_SAFE_INTEGER}, got -1`);
    expect(syncRefusal(() => verifyGroupLog(log.entries, undefined, { maxAgeMs: 1, now: -1 }))).toBe(`INVALID_INPUT: "options.now" expected integer in 0..${Number.MAX_SAFE_INTEGER}, got -1`);
  });

  it('a trusted state or checkpoint the entries do not reach, or whose entry is another group\'s or at another seq', () => {
    const three = new LogBuilder().create(jane);
    three.append(jane, { op: 'rotate', ...commit(2) });
    three.append(jane, { op: 'rotate', ...commit(3) });
    const [e0, e1, e2] = three.entries as [Uint8Array, Uint8Array, Uint8Array];
    const s2 = three.states[2]!;
    // Exactly one entry short of the trusted seq: a rollback, not a missing entry.
    expect(syncRefusal(() => verifyGroupLog([e0, e1], s2))).toBe(`ROLLBACK_DETECTED: ${G}the log ends before the checkpoint`);
    expect(syncRefusal(() => verifyGroupLog([e0, e1], s2.checkpoint))).toBe(`ROLLBACK_DETECTED: ${G}the log ends before the checkpoint`);
    expect(verifyGroupLog([e0, e1, e2], s2.checkpoint).state.seq).toBe(2);
    const cp1 = three.states[1]!.checkpoint;
    for (const cp of [{ ...cp1, tenantId: 'org2' }, { ...cp1, groupId: 'g2' }]) {
      expect(syncRefusal(() => verifyGroupLog([e0, e1, e2], cp))).toBe(`LOG_CHAIN_BROKEN: ${G}an entry of another group`);
    }
    expect(syncRefusal(() => verifyGroupLog([e0, e2], cp1))).toBe(`LOG_CHAIN_BROKEN: ${G}expected seq 1 at index 1, got 2`);
  });
});
