// Group log API: canonical encoding (round trip, strict parsing), checkpoints, server rows, and the
// flows (create, add, share, rotate, remove, leave, migrate) as members see them through the verifier.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { setBackends } from '../../src/backend/backend-deps.js';
import { decodeEntry, encodeBody, type GroupLogOperation } from '../../src/model/grouplog/encoding.js';
import {
  addGroupMember,
  createGroupLog,
  createResourceGroup,
  decryptResource,
  encryptResource,
  encryptResourceVerified,
  groupLogFingerprint,
  groupLogRecord,
  migrateGroupLog,
  openLinkVerified,
  parseGroupLogCheckpoint,
  removeGroupMember,
  rotateGroupKey,
  verifyGroupLog,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { errorCode, syncErrorCode } from '../helpers/errors.js';
import { IDS, LogBuilder, author, commit, rawEntry } from '../helpers/grouplog.js';
import { signup } from './fixtures.js';

afterAll(() => setBackends(undefined));

const id = (a: UnlockedAccount) => ({ accountId: a.accountId, publicKey: a.publicKey, signPublicKey: a.signPublicKey });
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const ident = fc.stringMatching(/^[a-zA-Z0-9_é日-]{1,20}$/);
const role = fc.constantFrom('owner', 'admin', 'writer', 'reader' as const);
const version = fc.integer({ min: 1, max: 2 ** 32 - 1 });
const keys = fc.record({ publicKey: bytes32, signPublicKey: bytes32 });
const operation: fc.Arbitrary<GroupLogOperation> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), identity: keys, keyVersion: version, commitment: bytes32, legacy: fc.array(fc.record({ keyVersion: version, commitment: bytes32 }), { maxLength: 3 }) }),
  fc.record({ op: fc.constant('add' as const), memberId: ident, identity: keys, role }),
  fc.record({ op: fc.constant('remove' as const), memberId: ident, keyVersion: version, commitment: bytes32 }),
  fc.record({ op: fc.constant('set-role' as const), memberId: ident, role }),
  fc.record({ op: fc.constant('rotate' as const), keyVersion: version, commitment: bytes32 }),
  fc.record({ op: fc.constant('update-keys' as const), memberId: ident, identity: keys }),
);
const body = fc.record({
  tenantId: ident,
  groupId: ident,
  seq: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  prevHash: bytes32,
  authorId: ident,
  timestamp: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  operation,
});

describe('entry encoding', () => {
  it('property: decode(encode(body ‖ sig)) gives the body back, and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(body, fc.uint8Array({ minLength: 64, maxLength: 64 }), (b, sig) => {
        const enc = encodeBody(b);
        const e = decodeEntry(new Uint8Array([...enc, ...sig]));
        expect({ ...e, operation: e.operation }).toMatchObject({ ...b });
        expect(encodeBody(e)).toEqual(enc);
        expect(e.signature).toEqual(sig);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a truncated or extended entry is INVALID_RECORD (never a crash)', () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 40 }), fc.boolean(), (b, n, extend) => {
        const enc = new Uint8Array([...encodeBody(b), ...new Uint8Array(64)]);
        const body2 = enc.subarray(0, enc.length - 64);
        const changed = extend ? new Uint8Array([...body2, ...new Uint8Array(n), ...new Uint8Array(64)]) : new Uint8Array([...body2.subarray(0, Math.max(0, body2.length - n)), ...new Uint8Array(64)]);
        expect(() => decodeEntry(changed)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses unknown format, op and role codes, version 0, timestamps above 2^53-1, bad UTF-8 and empty ids', () => {
    const good = encodeBody({ ...IDS, seq: 1, prevHash: new Uint8Array(32), authorId: 'a', timestamp: 5, operation: { op: 'set-role', memberId: 'b', role: 'admin' } });
    const sig = new Uint8Array(64);
    const at = (i: number, v: number) => {
      const c = good.slice();
      c[i] = v;
      return new Uint8Array([...c, ...sig]);
    };
    expect(decodeEntry(new Uint8Array([...good, ...sig])).operation).toEqual({ op: 'set-role', memberId: 'b', role: 'admin' });
    const opAt = good.length - 1 - 4 - 1 - 1; // op byte: before str('b') and the role
    for (const bad of [at(0, 2), at(good.length - 1, 0), at(good.length - 1, 5), at(opAt, 0), at(opAt, 7), at(5 + 4, 0xff)]) {
      expect(() => decodeEntry(bad)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    }
    const big = encodeBody({ ...IDS, seq: 1, prevHash: new Uint8Array(32), authorId: 'a', timestamp: 0, operation: { op: 'rotate', keyVersion: 1, commitment: new Uint8Array(32) } });
    const tsAt = 1 + 8 + 8 + 4 + 32 + 5;
    const hi = big.slice();
    hi.set([0, 0x20, 0, 0, 0, 0, 0, 0], tsAt);
    expect(() => decodeEntry(new Uint8Array([...hi, ...sig]))).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    const v0 = big.slice();
    v0.set([0, 0, 0, 0], tsAt + 8 + 1);
    expect(() => decodeEntry(new Uint8Array([...v0, ...sig]))).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    const empty = big.slice();
    empty.set([0, 0, 0, 0], 1);
    expect(() => decodeEntry(new Uint8Array([...empty, ...sig]))).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    expect(() => verifyGroupLog(['!!not base64url'])).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    expect(() => verifyGroupLog('x' as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('checkpoints, fingerprints, server rows', () => {
  it('a checkpoint survives JSON; bad ones are INVALID_RECORD; the fingerprint depends on seq and head', () => {
    setBackends(undefined);
    const a = author('a');
    const b = new LogBuilder().create(a);
    b.append(a, { op: 'rotate', ...commit(2) });
    expect(syncErrorCode(() => b.append(author('a'), { op: 'rotate', ...commit(3) }))).toBe('VERIFY_FAILED'); // another key named 'a'
    const cp = JSON.parse(JSON.stringify(b.state.checkpoint));
    expect(parseGroupLogCheckpoint(cp)).toEqual(b.state.checkpoint);
    expect(verifyGroupLog(b.entries, cp).state.seq).toBe(1);
    for (const bad of [null, { ...cp, v: 2 }, { ...cp, seq: -1 }, { ...cp, headHash: 'AAAA' }, { ...cp, tenantId: '' }, [cp]]) {
      expect(syncErrorCode(() => parseGroupLogCheckpoint(bad))).toBe('INVALID_RECORD');
    }
    expect(groupLogFingerprint(cp)).toBe(b.state.fingerprint);
    expect(groupLogFingerprint({ ...cp, seq: 0 })).not.toBe(b.state.fingerprint);
    expect(b.states[0]!.fingerprint).not.toBe(b.state.fingerprint);
  });

  it('groupLogRecord reads seq and hashes from the entry; the chain links rows', () => {
    setBackends(undefined);
    const a = author('a');
    const b = new LogBuilder().create(a);
    b.append(a, { op: 'rotate', ...commit(2) });
    const rows = b.entries.map((e) => groupLogRecord(e));
    expect(rows.map((r) => r.seq)).toEqual([0, 1]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[1]!.hash).toBe(b.state.checkpoint.headHash);
    expect(groupLogRecord(rows[1]!.entry)).toEqual(rows[1]);
    expect(verifyGroupLog(rows.map((r) => r.entry)).checkpoint).toEqual(b.state.checkpoint);
    expect(syncErrorCode(() => groupLogRecord('%%'))).toBe('INVALID_RECORD');
    expect(syncErrorCode(() => groupLogRecord(new Uint8Array(10)))).toBe('INVALID_RECORD');
    // A raw entry with the wrong prevHash still describes itself honestly (the server's CAS uses it).
    const stray = rawEntry(a, b.state, { op: 'rotate', ...commit(3) }, { prevHash: new Uint8Array(32) });
    expect(groupLogRecord(stray).prevHash).toBe(rows[0]!.prevHash);
  });
});

describe('incremental verification', () => {
  it('states stay immutable: two different continuations of one state, and 40 one-entry steps (layer flattening), agree with a full verification', () => {
    setBackends(undefined);
    const a = author('a');
    const b = new LogBuilder().create(a);
    for (let v = 2; v <= 41; v++) b.append(a, { op: 'rotate', ...commit(v) });
    let s = b.states[0]!;
    for (let i = 1; i < b.entries.length; i++) s = verifyGroupLog(b.entries.slice(i - 1, i + 1), s).state;
    const full = verifyGroupLog(b.entries).state;
    expect(s.checkpoint).toEqual(full.checkpoint);
    expect(s.keyVersions()).toEqual(full.keyVersions());
    expect(s.keyVersions()).toHaveLength(41);
    // Two continuations of the state at seq 10: neither changes it or the other.
    const base = b.states[10]!;
    const alt = rawEntry(a, base, { op: 'rotate', ...commit(13) });
    expect(syncErrorCode(() => verifyGroupLog([b.entries[10]!, alt], base))).toBe('VERSION_SKIPPED');
    const alt2 = rawEntry(a, base, { op: 'add', memberId: 'z', identity: author('z').identity, role: 'admin' });
    const forkState = verifyGroupLog([b.entries[10]!, alt2], base).state;
    const honest = verifyGroupLog(b.entries.slice(10, 12), base).state;
    expect(forkState.member('z')?.role).toBe('admin');
    expect(honest.member('z')).toBeUndefined();
    expect(base.member('z')).toBeUndefined();
    expect(base.keyVersions()).toHaveLength(11);
    expect(honest.keyVersions()).toHaveLength(12);
    expect(forkState.keyVersions()).toHaveLength(11);
  });
});

describe('flows through the log', () => {
  it('create, add, rotate, remove, leave: every member follows the log and reads the data', async () => {
    setBackends(undefined);
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(async (n) => (await signup(n)).account));
    const c = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice!);
    const b = await addGroupMember(c.state, alice!, { group: c.group, member: id(bob!), role: 'admin' });
    const k = await addGroupMember(b.state, alice!, { group: c.group, member: id(carol!), role: 'reader' });
    const log = [c.entry, b.entry, k.entry];
    const seen = verifyGroupLog(log);
    const bobGroup = await openLinkVerified(b.link, bob!, seen.state);
    // Bob (admin) rotates; everyone gets a v2 link.
    const r = await rotateGroupKey(seen.state, bob!, { group: bobGroup });
    log.push(r.entry);
    expect(r.links.map((l) => l.recipientId).sort()).toEqual(['alice', 'bob', 'carol']);
    const s2 = verifyGroupLog(log.slice(2), seen.state).state;
    const carolV2 = await openLinkVerified(r.links.find((l) => l.recipientId === 'carol')!, carol!, s2);
    const rec = await encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: 'v2 data' }, r.group, s2);
    expect(new TextDecoder().decode(await decryptResource(rec, carolV2))).toBe('v2 data');
    // Alice removes Carol; Bob leaves (an admin may leave; the log keeps the owner).
    const aliceV2 = await openLinkVerified(r.links.find((l) => l.recipientId === 'alice')!, alice!, s2);
    const rm = await removeGroupMember(s2, alice!, { group: c.group.merge(aliceV2), memberId: 'carol' });
    log.push(rm.entry);
    expect(rm.links.map((l) => l.recipientId).sort()).toEqual(['alice', 'bob']);
    expect(await errorCode(encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: 'x' }, carolV2, rm.state))).toBe('KEY_LOCKED');
    const bobV3 = await openLinkVerified(rm.links.find((l) => l.recipientId === 'bob')!, bob!, rm.state);
    const leave = await removeGroupMember(rm.state, bob!, { group: r.group.merge(bobV3), memberId: 'bob' });
    log.push(leave.entry);
    expect(leave.links.map((l) => l.recipientId)).toEqual(['alice']);
    const final = verifyGroupLog(log).state;
    expect(final.members().map((m) => m.accountId)).toEqual(['alice']);
    expect(final.keyVersion).toBe(4);
    expect((await openLinkVerified(leave.links[0]!, alice!, final)).keyVersion).toBe(4);
  });

  it("the log-aware calls leave the caller's group usable, and refuse once it is disposed", async () => {
    setBackends(undefined);
    const { account: alice } = await signup('alice');
    const c = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
    for (let i = 0; i < 3; i++) {
      const rec = await encryptResourceVerified({ resourceId: `r${i}`, type: 't', plaintext: `n${i}` }, c.group, c.state);
      expect(new TextDecoder().decode(await decryptResource(rec, c.group))).toBe(`n${i}`);
    }
    c.group.dispose();
    expect(await errorCode(encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: 'x' }, c.group, c.state))).toBe('KEY_LOCKED');
  });

  it('migration: a legacy group gets a genesis from its owner at the next rotation; old resources stay readable', async () => {
    setBackends(undefined);
    const { account: owner } = await signup('owner');
    const { account: bob } = await signup('bob');
    const { group: legacy } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'old' }, owner);
    const old = await encryptResource({ resourceId: 'r0', type: 't', plaintext: 'before the log' }, legacy);
    const m = await migrateGroupLog(legacy, owner);
    expect(m.state.keyVersions()).toEqual([1, 2]);
    expect(m.state.keyVersion).toBe(2);
    const added = await addGroupMember(m.state, owner, { group: m.group, member: id(bob), role: 'reader' });
    // Bob gets the legacy version through a link the log vouches for (the genesis committed to it).
    const { shareResourceGroup } = await import('../../src/model/index.js');
    const { groupView } = await import('../../src/model/groups.js');
    const v1Link = await shareResourceGroup(groupView(m.group, [1]), owner, { accountId: 'bob', publicKey: bob.publicKey });
    const state = verifyGroupLog([m.entry, added.entry]).state;
    const bobV1 = await openLinkVerified(v1Link, bob, state);
    expect(new TextDecoder().decode(await decryptResource(old, bobV1))).toBe('before the log');
    const bobV2 = await openLinkVerified(added.link, bob, state);
    expect(bobV2.keyVersion).toBe(2);
  });
});
