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
});
