// An independent encoder of group log bodies, written from docs/formats.md ("Group log") with
// Buffer only, for the golden vector tests (zkvault-group-log-v1, zkvault-group-log-policy-v1).
const ROLES: Record<string, number> = { owner: 1, admin: 2, writer: 3, reader: 4 };
const OPS: Record<string, number> = { create: 1, add: 2, remove: 3, 'set-role': 4, rotate: 5, 'update-keys': 6, 'set-policy': 7 };

export const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
export const str = (s: string): Buffer => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);
export const ctx = (label: string, ...fields: (string | number)[]): Buffer =>
  Buffer.concat([str(label), ...fields.map((f) => (typeof f === 'number' ? Buffer.concat([u32(4), u32(f)]) : str(f)))]);

/** The body of vector entry `e` of a log in tenant `tenantId`, group `groupId`. */
export function independentBody(tenantId: string, groupId: string, e: any): Buffer {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(e.timestamp));
  const o = e.operation;
  const id = (i: any) => Buffer.concat([Buffer.from(i.publicKey, 'hex'), Buffer.from(i.signPublicKey, 'hex')]);
  const vc = (x: any) => Buffer.concat([u32(x.keyVersion), Buffer.from(x.commitment, 'hex')]);
  const payload: Record<string, () => Buffer> = {
    // The policy flags byte follows the legacy list only when the genesis requires PQ links.
    create: () => Buffer.concat([id(o.identity), vc(o), u32(o.legacy.length), ...o.legacy.map(vc), o.requirePq === true ? Buffer.of(0x01) : Buffer.alloc(0)]),
    add: () => Buffer.concat([str(o.memberId), id(o.identity), Buffer.of(ROLES[o.role]!)]),
    remove: () => Buffer.concat([str(o.memberId), vc(o)]),
    'set-role': () => Buffer.concat([str(o.memberId), Buffer.of(ROLES[o.role]!)]),
    rotate: () => vc(o),
    'update-keys': () => Buffer.concat([str(o.memberId), id(o.identity)]),
    'set-policy': () => Buffer.of(o.requirePq ? 0x01 : 0x00),
  };
  return Buffer.concat([Buffer.of(1), str(tenantId), str(groupId), u32(e.seq), Buffer.from(e.prevHash, 'hex'), str(e.authorId), ts, Buffer.of(OPS[o.op]!), payload[o.op]!()]);
}
