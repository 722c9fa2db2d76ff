// Each refusal of the group log entry decoder (src/model/grouplog/encoding.ts) is made by its own
// check (issue 19, mutation testing): a canonical body (encodeBody) with one field changed, and
// a 64-byte signature slot (decoding does not verify it); the message names what was refused.
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeBody, type GroupLogBody, type GroupLogOperation } from '../../src/model/grouplog/encoding.js';
import { syncRefusal } from '../helpers/errors.js';

const SIG = new Uint8Array(64);
const body = (operation: GroupLogOperation, fields: Partial<GroupLogBody> = {}): Uint8Array =>
  encodeBody({ tenantId: 'org1', groupId: 'g1', seq: 1, prevHash: new Uint8Array(32).fill(1), authorId: 'jane', timestamp: 1000, operation, ...fields });
const entry = (b: Uint8Array): Uint8Array => Uint8Array.of(...b, ...SIG);
const decode = (b: Uint8Array) => syncRefusal(() => decodeEntry(entry(b)));
const R = 'INVALID_RECORD: zkvault: group log entry: ';
const rotate: GroupLogOperation = { op: 'rotate', keyVersion: 2, commitment: new Uint8Array(32).fill(2) };
const id = { publicKey: new Uint8Array(32).fill(3), signPublicKey: new Uint8Array(32).fill(4) };
/** Offset of the operation code in a body with the default ids ('org1', 'g1', 'jane'). */
const OP_AT = 1 + 8 + 6 + 4 + 32 + 8 + 8;
const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

describe('decodeEntry: each refusal by its own check', () => {
  it('a canonical entry decodes', () => {
    const e = decodeEntry(entry(body(rotate)));
    expect([e.tenantId, e.groupId, e.seq, e.authorId, e.timestamp, e.operation.op]).toEqual(['org1', 'g1', 1, 'jane', 1000, 'rotate']);
    expect(body(rotate)[OP_AT]).toBe(5);
  });

  it('lengths: over 1 MiB, under one byte and a signature, trailing bytes', () => {
    expect(syncRefusal(() => decodeEntry(new Uint8Array((1 << 20) + 1)))).toBe(`${R}too long`);
    expect(syncRefusal(() => decodeEntry(new Uint8Array(64)))).toBe(`${R}truncated`);
    expect(decode(Uint8Array.of(...body(rotate), 0))).toBe(`${R}trailing bytes`);
    expect(decode(body(rotate).subarray(0, OP_AT + 3))).toBe(`${R}truncated keyVersion`);
    expect(decode(body(rotate).subarray(0, 17))).toBe(`${R}truncated seq`);
    expect(decode(body(rotate).subarray(0, 20))).toBe(`${R}truncated prevHash`);
  });

  it('format byte', () => {
    const b = body(rotate);
    b[0] = 2;
    expect(decode(b)).toBe(`${R}unknown format`);
  });

  it('ids: empty, longer than 768 bytes, not UTF-8, not a valid id (over 256 characters)', () => {
    const b = body(rotate);
    // tenantId: u32 length at 1, bytes at 5.
    expect(decode(Uint8Array.of(b[0]!, ...u32(0), ...b.subarray(9)))).toBe(`${R}tenantId length`);
    expect(decode(Uint8Array.of(b[0]!, ...u32(769), ...new Uint8Array(769).fill(0x61), ...b.subarray(9)))).toBe(`${R}tenantId length`);
    expect(decode(Uint8Array.of(b[0]!, ...u32(4), 0xff, 0xfe, 0x61, 0x61, ...b.subarray(9)))).toBe(`${R}tenantId is not UTF-8`);
    expect(() => decodeEntry(entry(body(rotate, { tenantId: 'x'.repeat(256) })))).not.toThrow();
    // 256 characters of 3 UTF-8 bytes each: the 768-byte edge is accepted.
    expect(decodeEntry(entry(body(rotate, { tenantId: '\u20ac'.repeat(256) }))).tenantId).toHaveLength(256);
    expect(decode(Uint8Array.of(b[0]!, ...u32(257), ...new Uint8Array(257).fill(0x61), ...b.subarray(9)))).toBe(`${R}tenantId is not a valid id`);
  });

  it('a timestamp above 2^53 - 1', () => {
    const b = body(rotate, { timestamp: 2 ** 53 - 1 });
    expect(() => decodeEntry(entry(b))).not.toThrow();
    b.set([0x00, 0x20, 0, 0, 0, 0, 0, 0], OP_AT - 8); // 2^53
    expect(decode(b)).toBe(`${R}timestamp above 2^53-1`);
  });

  it('operation code, key version 0, role and policy flags', () => {
    const b = body(rotate);
    for (const code of [0, 8, 255]) {
      b[OP_AT] = code;
      expect(decode(b)).toBe(`${R}unknown operation`);
    }
    const zero = body(rotate);
    zero.set(u32(0), OP_AT + 1);
    expect(decode(zero)).toBe(`${R}keyVersion is 0`);
    const role = body({ op: 'set-role', memberId: 'bob', role: 'reader' });
    for (const r of [0, 5]) {
      role[role.length - 1] = r;
      expect(decode(role)).toBe(`${R}unknown role`);
    }
    const policy = body({ op: 'set-policy', requirePq: true });
    for (const f of [0x02, 0x81]) {
      policy[policy.length - 1] = f;
      expect(decode(policy)).toBe(`${R}unknown policy flags`);
    }
  });

  it('the genesis: a legacy count the bytes cannot hold, a policy byte that is not 0x01', () => {
    const create = (requirePq?: boolean): GroupLogOperation => ({ op: 'create', identity: id, keyVersion: 3, commitment: new Uint8Array(32), legacy: [{ keyVersion: 1, commitment: new Uint8Array(32) }], ...(requirePq === undefined ? {} : { requirePq }) });
    const g = body(create(), { seq: 0, prevHash: new Uint8Array(32) });
    const countAt = OP_AT + 1 + 64 + 4 + 32;
    expect([...g.subarray(countAt, countAt + 4)]).toEqual(u32(1));
    g.set(u32(2), countAt);
    expect(decode(g)).toBe(`${R}legacy count`);
    const pq = body(create(true), { seq: 0, prevHash: new Uint8Array(32) });
    expect(() => decodeEntry(entry(pq))).not.toThrow();
    for (const f of [0x00, 0x02]) {
      pq[pq.length - 1] = f;
      expect(decode(pq)).toBe(`${R}genesis policy flags`);
    }
  });

  it('every field cut short names itself: truncated <field>', () => {
    const create: GroupLogOperation = { op: 'create', identity: id, keyVersion: 3, commitment: new Uint8Array(32), legacy: [] };
    const add: GroupLogOperation = { op: 'add', memberId: 'bob', identity: id, role: 'reader' };
    const cases: [GroupLogOperation, number, string][] = [
      [rotate, 3, 'tenantId length'],
      [rotate, 6, 'tenantId'],
      [rotate, 11, 'groupId length'],
      [rotate, 53, 'authorId length'],
      [rotate, 62, 'timestamp'],
      [rotate, OP_AT, 'op'],
      [rotate, OP_AT + 13, 'commitment'],
      [create, OP_AT + 13, 'publicKey'],
      [create, OP_AT + 43, 'signPublicKey'],
      [create, OP_AT + 67, 'keyVersion'],
      [create, OP_AT + 83, 'commitment'],
      [create, OP_AT + 103, 'legacy count'],
      [add, OP_AT + 3, 'memberId length'],
      [add, OP_AT + 5, 'memberId'],
      [add, OP_AT + 23, 'publicKey'],
      [add, OP_AT + 53, 'signPublicKey'],
      [add, OP_AT + 72, 'role'],
      [{ ...rotate, op: 'remove', memberId: 'bob' }, OP_AT + 3, 'memberId length'],
      [{ ...rotate, op: 'remove', memberId: 'bob' }, OP_AT + 10, 'keyVersion'],
      [{ op: 'remove', memberId: 'bob', keyVersion: 2, commitment: rotate.commitment }, OP_AT + 23, 'commitment'],
      [{ op: 'set-role', memberId: 'bob', role: 'admin' }, OP_AT + 3, 'memberId length'],
      [{ op: 'set-role', memberId: 'bob', role: 'admin' }, OP_AT + 8, 'role'],
      [{ op: 'update-keys', memberId: 'bob', identity: id }, OP_AT + 3, 'memberId length'],
      [{ op: 'update-keys', memberId: 'bob', identity: id }, OP_AT + 13, 'publicKey'],
      [{ op: 'update-keys', memberId: 'bob', identity: id }, OP_AT + 43, 'signPublicKey'],
      [{ op: 'set-policy', requirePq: true }, OP_AT + 1, 'policy flags'],
    ];
    for (const [op, cut, field] of cases) {
      const b = body(op, op.op === 'create' ? { seq: 0, prevHash: new Uint8Array(32) } : {});
      expect(() => decodeEntry(entry(b))).not.toThrow();
      expect([op.op, cut, decode(b.subarray(0, cut))]).toEqual([op.op, cut, `${R}truncated ${field}`]);
    }
  });

  it('an empty or invalid group, author or member id names its field', () => {
    const b = body(rotate);
    // groupId: u32 length at 9; authorId: at 51 (after the 32-byte prevHash).
    expect(decode(Uint8Array.of(...b.subarray(0, 9), ...u32(0), ...b.subarray(15)))).toBe(`${R}groupId length`);
    expect(decode(Uint8Array.of(...b.subarray(0, 51), ...u32(0), ...b.subarray(59)))).toBe(`${R}authorId length`);
    for (const op of [
      { op: 'add', memberId: 'bob', identity: id, role: 'reader' },
      { op: 'remove', memberId: 'bob', keyVersion: 2, commitment: rotate.commitment },
      { op: 'set-role', memberId: 'bob', role: 'admin' },
      { op: 'update-keys', memberId: 'bob', identity: id },
    ] as GroupLogOperation[]) {
      const m = body(op);
      // memberId: u32 length right after the operation code, then 'bob'.
      expect(decode(Uint8Array.of(...m.subarray(0, OP_AT + 1), ...u32(0), ...m.subarray(OP_AT + 8)))).toBe(`${R}memberId length`);
      expect(decode(body({ ...op, memberId: 'x'.repeat(257) } as GroupLogOperation))).toBe(`${R}memberId is not a valid id`);
    }
  });

  it('entry size edges: exactly 1 MiB is read (not too long), one byte and a signature is read (not truncated)', () => {
    expect(syncRefusal(() => decodeEntry(new Uint8Array(1 << 20)))).toBe(`${R}unknown format`);
    expect(syncRefusal(() => decodeEntry(Uint8Array.of(1, ...SIG)))).toBe(`${R}truncated tenantId length`);
  });

  it('the genesis: a legacy version 0, the policy decoded, and the decoded entry owns its bytes', () => {
    const genesis = (legacyVersion: number, requirePq?: true): Uint8Array =>
      body(
        { op: 'create', identity: id, keyVersion: 3, commitment: new Uint8Array(32), legacy: [{ keyVersion: legacyVersion, commitment: new Uint8Array(32) }], ...(requirePq ? { requirePq } : {}) },
        { seq: 0, prevHash: new Uint8Array(32) },
      );
    expect(decode(genesis(0))).toBe(`${R}legacy keyVersion is 0`);
    const plain = decodeEntry(entry(genesis(1))).operation;
    expect(plain).toEqual({ op: 'create', identity: id, keyVersion: 3, commitment: new Uint8Array(32), legacy: [{ keyVersion: 1, commitment: new Uint8Array(32) }] });
    expect(decodeEntry(entry(genesis(1, true))).operation).toEqual({ ...plain, requirePq: true });
    const bytes = entry(genesis(1));
    const e = decodeEntry(bytes);
    bytes.fill(0);
    expect(e.bytes).toEqual(entry(genesis(1)));
  });
});
