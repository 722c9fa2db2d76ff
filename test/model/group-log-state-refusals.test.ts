// The verified group log state, its checkpoint and the server row (src/model/grouplog/state.ts,
// record.ts), each check by itself (issue 19, mutation testing): what a state hands out is a copy,
// members come sorted, a stored checkpoint is checked field by field, and the row is read from the
// entry's own bytes.
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/bytes/index.js';
import { groupLogRecord, parseGroupLogCheckpoint } from '../../src/model/index.js';
import { stateData } from '../../src/model/grouplog/state.js';
import { entryHash } from '../../src/model/grouplog/verify.js';
import { author, commit, LogBuilder } from '../helpers/grouplog.js';
import { syncRefusal } from '../helpers/errors.js';

const BAD_CHECKPOINT = 'INVALID_RECORD: zkvault: bad group log checkpoint';

describe('group log state, checkpoint and server row', () => {
  const jane = author('jane');
  const log = new LogBuilder().create(jane);
  for (const id of ['zed', 'amy', 'mia']) log.append(jane, { op: 'add', memberId: id, identity: author(id).identity, role: 'reader' });

  it('members come sorted by account id; every key a state hands out is a copy', () => {
    const s = log.state;
    expect(s.members().map((m) => m.accountId)).toEqual(['amy', 'jane', 'mia', 'zed']);
    const head = s.headHash;
    head.fill(9);
    expect(s.headHash).toEqual(entryHash(log.entries[3]!));
    for (const m of [s.member('jane')!, s.members()[1]!]) {
      m.publicKey.fill(0);
      m.signPublicKey.fill(0);
    }
    expect(s.member('jane')!.publicKey).toEqual(jane.identity.publicKey);
    expect(s.member('jane')!.signPublicKey).toEqual(jane.identity.signPublicKey);
    expect(syncRefusal(() => s.member(5 as never))).toMatch(/^INVALID_INPUT: "accountId" /);
    expect(syncRefusal(() => stateData({} as never))).toBe('INVALID_INPUT: "state" expected a GroupLogState');
  });

  it('version layers: one per appended entry, flattened when 32 deep, versions kept', () => {
    const long = new LogBuilder().create(jane);
    for (let v = 2; v <= 41; v++) long.append(jane, { op: 'rotate', ...commit(v) });
    const depths = long.states.map((s) => stateData(s).versions.depth);
    expect(depths.slice(0, 33)).toEqual([...Array.from({ length: 32 }, (_, i) => i), 0]);
    expect(Math.max(...depths)).toBe(31);
    expect(long.state.keyVersions()).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it('parseGroupLogCheckpoint: v, headHash (a 32-byte base64url string), seq 0..2^32 - 1, one generic message', () => {
    const cp = log.state.checkpoint;
    expect(parseGroupLogCheckpoint(JSON.parse(JSON.stringify(cp)))).toEqual(cp);
    expect(parseGroupLogCheckpoint({ ...cp, seq: 2 ** 32 - 1 }).seq).toBe(2 ** 32 - 1);
    for (const bad of [
      { ...cp, v: 2 },
      { ...cp, headHash: toBase64url(new Uint8Array(31)) },
      { ...cp, headHash: [cp.headHash] },
      { ...cp, seq: 2 ** 32 },
      { ...cp, tenantId: '' },
      5,
    ]) {
      expect(syncRefusal(() => parseGroupLogCheckpoint(bad))).toBe(BAD_CHECKPOINT);
    }
  });

  it('groupLogRecord: the same row from bytes or base64url text, read from the entry; bad text or type refused', () => {
    const e = log.entries[2]!;
    const row = groupLogRecord(e);
    expect(row).toEqual({ seq: 2, prevHash: toBase64url(entryHash(log.entries[1]!)), hash: toBase64url(entryHash(e)), entry: toBase64url(e) });
    expect(groupLogRecord(toBase64url(e))).toEqual(row);
    expect(syncRefusal(() => groupLogRecord('!!'))).toBe('INVALID_RECORD: zkvault: group log entry is not base64url');
    expect(syncRefusal(() => groupLogRecord(5 as never))).toBe('INVALID_INPUT: "entry" expected bytes or a base64url string');
  });
});
