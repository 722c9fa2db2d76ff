/**
 * The group log entry encoding of suite `zkv1` (docs/formats.md, "Group log"): a canonical binary
 * body, signed with Ed25519 (RFC 8032 section 5.1) over a domain-separated input, hashed with
 * SHA-256 (FIPS 180-4) into the chain. One encoding per entry: the parser refuses anything the
 * encoder would not produce (trailing bytes, bad lengths, non-canonical UTF-8, unknown codes), so
 * equal entries have equal bytes and equal hashes.
 *
 * ```
 * entry = body ‖ signature (64)
 * body  = 0x01 ‖ str(tenant) ‖ str(group) ‖ u32(seq) ‖ prevHash (32) ‖ str(author) ‖ u64(timestamp ms)
 *         ‖ u8(op) ‖ payload(op)
 * str(x) = u32be(len(UTF-8 x)) ‖ UTF-8 x
 * ```
 * @module
 */
import { bytesToUtf8, utf8ToBytes } from '../../bytes/index.js';
import { ZkvaultError } from '../../errors.js';
import { aid, encodeContext, MAX_KEY_VERSION } from '../context.js';
import type { IdentityKeys } from '../identity.js';

/** Format byte of every entry body. */
export const LOG_FORMAT = 1;
/** Length of an entry hash and of `prevHash`. */
export const LOG_HASH_LENGTH = 32;
/** Length of an Ed25519 signature. */
export const LOG_SIGNATURE_LENGTH = 64;
/** Largest entry the parser accepts (bytes). The largest real entry (a create with many legacy versions) stays far below. */
export const MAX_ENTRY_BYTES: number = 1 << 20;
/** Largest timestamp: 2^53 - 1 ms, the largest integer a JavaScript number holds exactly. */
export const MAX_TIMESTAMP: number = Number.MAX_SAFE_INTEGER;

/** Domain-separation prefix of the Ed25519 signing input: ctx("zkvault/v1/group-log/sign"). */
export const SIGN_LABEL: Uint8Array = encodeContext('zkvault/v1/group-log/sign', []);
/** Domain-separation prefix of the entry hash: ctx("zkvault/v1/group-log/hash"). */
export const HASH_LABEL: Uint8Array = encodeContext('zkvault/v1/group-log/hash', []);

/** Roles, most powerful first. The owner manages admins and owners; admins manage members and keys. */
export type GroupRole = 'owner' | 'admin' | 'writer' | 'reader';

/** Wire codes of {@link GroupRole}. */
export const ROLE_CODES: Readonly<Record<GroupRole, number>> = { owner: 1, admin: 2, writer: 3, reader: 4 };
const ROLE_BY_CODE: readonly (GroupRole | undefined)[] = [undefined, 'owner', 'admin', 'writer', 'reader'];

export type { IdentityKeys };

/** A key version announced in the log, with its commitment (HMAC of a fixed label under the key). */
export interface VersionCommitment {
  /** Key version, 1..2^32-1. */
  readonly keyVersion: number;
  /** 32-byte key commitment (see `keyCommitment`). */
  readonly commitment: Uint8Array;
}

/** The operation of an entry and its payload. */
export type GroupLogOperation =
  | ({
      readonly op: 'create';
      readonly identity: IdentityKeys;
      readonly legacy: readonly VersionCommitment[];
      /** Link policy from genesis (issue 18): a trailing policy flags byte, written only when true. */
      readonly requirePq?: boolean;
    } & VersionCommitment)
  | { readonly op: 'add'; readonly memberId: string; readonly identity: IdentityKeys; readonly role: GroupRole }
  | ({ readonly op: 'remove'; readonly memberId: string } & VersionCommitment)
  | { readonly op: 'set-role'; readonly memberId: string; readonly role: GroupRole }
  | ({ readonly op: 'rotate' } & VersionCommitment)
  | { readonly op: 'update-keys'; readonly memberId: string; readonly identity: IdentityKeys }
  | { readonly op: 'set-policy'; readonly requirePq: boolean };

/** Policy flag bits of a `set-policy` entry; every other bit must be zero. */
export const POLICY_REQUIRE_PQ = 0x01;

/** Operation names. */
export type GroupLogOpName = GroupLogOperation['op'];

/** Wire codes of the operations. */
export const OP_CODES: Readonly<Record<GroupLogOpName, number>> = { create: 1, add: 2, remove: 3, 'set-role': 4, rotate: 5, 'update-keys': 6, 'set-policy': 7 };
const OP_BY_CODE: readonly (GroupLogOpName | undefined)[] = [undefined, 'create', 'add', 'remove', 'set-role', 'rotate', 'update-keys', 'set-policy'];

/** The signed fields of an entry. */
export interface GroupLogBody {
  /** Tenant (organization) id. */
  readonly tenantId: string;
  /** Resource group id. */
  readonly groupId: string;
  /** Position in the log, 0 for the genesis (create) entry. */
  readonly seq: number;
  /** Hash of the previous entry; 32 zero bytes for seq 0. */
  readonly prevHash: Uint8Array;
  /** Account id of the author (signer). */
  readonly authorId: string;
  /** Author's clock, milliseconds since the Unix epoch. */
  readonly timestamp: number;
  /** What the entry does. */
  readonly operation: GroupLogOperation;
}

/** A decoded entry: its body, signature, and the exact bytes it was decoded from. */
export interface GroupLogEntry extends GroupLogBody {
  /** Ed25519 signature of the author over `SIGN_LABEL ‖ body`. */
  readonly signature: Uint8Array;
  /** Offset in `bytes` where the signature starts (= body length). */
  readonly bodyLength: number;
  /** The encoded entry. */
  readonly bytes: Uint8Array;
}

class Writer {
  readonly parts: Uint8Array[] = [];
  len = 0;
  raw(b: Uint8Array): void {
    this.parts.push(b);
    this.len += b.length;
  }
  u8(n: number): void {
    this.raw(Uint8Array.of(n));
  }
  u32(n: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    this.raw(b);
  }
  u64(n: number): void {
    const b = new Uint8Array(8);
    const v = new DataView(b.buffer);
    v.setUint32(0, Math.floor(n / 2 ** 32));
    v.setUint32(4, n >>> 0);
    this.raw(b);
  }
  str(s: string): void {
    const b = utf8ToBytes(s);
    this.u32(b.length);
    this.raw(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.len);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

function bad(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: group log entry: ${what}`);
}

class Reader {
  off = 0;
  readonly view: DataView;
  constructor(readonly b: Uint8Array, readonly end: number) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(n: number, what: string): void {
    if (this.off + n > this.end) throw bad(`truncated ${what}`);
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.b.slice(this.off, this.off + n);
    this.off += n;
    return out;
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.off++]!;
  }
  u32(what: string): number {
    this.need(4, what);
    const n = this.view.getUint32(this.off);
    this.off += 4;
    return n;
  }
  u64(what: string): number {
    this.need(8, what);
    const hi = this.view.getUint32(this.off);
    const lo = this.view.getUint32(this.off + 4);
    this.off += 8;
    const n = hi * 2 ** 32 + lo;
    if (n > MAX_TIMESTAMP) throw bad(`${what} above 2^53-1`);
    return n;
  }
  str(what: string): string {
    const n = this.u32(`${what} length`);
    // An id is at most 256 UTF-16 code units, so at most 768 UTF-8 bytes.
    if (n === 0 || n > 768) throw bad(`${what} length`);
    // Read first: an id cut short is "truncated", not "not UTF-8".
    const raw = this.bytes(n, what);
    let s: string;
    try {
      s = bytesToUtf8(raw);
    } catch {
      throw bad(`${what} is not UTF-8`);
    }
    try {
      return aid(s, what);
    } catch {
      throw bad(`${what} is not a valid id`);
    }
  }
  version(what: string): number {
    const v = this.u32(what);
    if (v < 1) throw bad(`${what} is 0`);
    return v;
  }
  role(): GroupRole {
    const r = ROLE_BY_CODE[this.u8('role')];
    if (r === undefined) throw bad('unknown role');
    return r;
  }
  identity(): IdentityKeys {
    return { publicKey: this.bytes(32, 'publicKey'), signPublicKey: this.bytes(32, 'signPublicKey') };
  }
}

function writeOperation(w: Writer, o: GroupLogOperation): void {
  w.u8(OP_CODES[o.op]);
  switch (o.op) {
    case 'create':
      w.raw(o.identity.publicKey);
      w.raw(o.identity.signPublicKey);
      w.u32(o.keyVersion);
      w.raw(o.commitment);
      w.u32(o.legacy.length);
      for (const l of o.legacy) {
        w.u32(l.keyVersion);
        w.raw(l.commitment);
      }
      // Absent means no policy, so genesis entries made before issue 18 keep their bytes.
      if (o.requirePq === true) w.u8(POLICY_REQUIRE_PQ);
      return;
    case 'add':
      w.str(o.memberId);
      w.raw(o.identity.publicKey);
      w.raw(o.identity.signPublicKey);
      w.u8(ROLE_CODES[o.role]);
      return;
    case 'remove':
      w.str(o.memberId);
      w.u32(o.keyVersion);
      w.raw(o.commitment);
      return;
    case 'set-role':
      w.str(o.memberId);
      w.u8(ROLE_CODES[o.role]);
      return;
    case 'rotate':
      w.u32(o.keyVersion);
      w.raw(o.commitment);
      return;
    case 'update-keys':
      w.str(o.memberId);
      w.raw(o.identity.publicKey);
      w.raw(o.identity.signPublicKey);
      return;
    case 'set-policy':
      w.u8(o.requirePq ? POLICY_REQUIRE_PQ : 0);
      return;
  }
}

function readOperation(r: Reader): GroupLogOperation {
  const op = OP_BY_CODE[r.u8('op')];
  switch (op) {
    case 'create': {
      const identity = r.identity();
      const keyVersion = r.version('keyVersion');
      const commitment = r.bytes(32, 'commitment');
      const n = r.u32('legacy count');
      // Each legacy version takes 36 bytes: refuse a count the remaining bytes cannot hold before looping.
      if (n > (r.end - r.off) / 36) throw bad('legacy count');
      const legacy: VersionCommitment[] = [];
      for (let i = 0; i < n; i++) legacy.push({ keyVersion: r.version('legacy keyVersion'), commitment: r.bytes(32, 'legacy commitment') });
      if (r.off === r.end) return { op, identity, keyVersion, commitment, legacy };
      // One encoding per policy: the flags byte is present only to require PQ links (0x00 is refused).
      if (r.u8('policy flags') !== POLICY_REQUIRE_PQ) throw bad('genesis policy flags');
      return { op, identity, keyVersion, commitment, legacy, requirePq: true };
    }
    case 'add':
      return { op, memberId: r.str('memberId'), identity: r.identity(), role: r.role() };
    case 'remove':
      return { op, memberId: r.str('memberId'), keyVersion: r.version('keyVersion'), commitment: r.bytes(32, 'commitment') };
    case 'set-role':
      return { op, memberId: r.str('memberId'), role: r.role() };
    case 'rotate':
      return { op, keyVersion: r.version('keyVersion'), commitment: r.bytes(32, 'commitment') };
    case 'update-keys':
      return { op, memberId: r.str('memberId'), identity: r.identity() };
    case 'set-policy': {
      const flags = r.u8('policy flags');
      // One encoding per policy: unknown bits are refused, not ignored.
      if ((flags & ~POLICY_REQUIRE_PQ) !== 0) throw bad('unknown policy flags');
      return { op, requirePq: flags === POLICY_REQUIRE_PQ };
    }
    default:
      throw bad('unknown operation');
  }
}

/**
 * @internal Encodes an entry body (the signed bytes). Assumes validated fields (the append
 * functions build them).
 * @param b - the body.
 * @returns the canonical body bytes.
 * @throws never for validated fields.
 * @example
 * ```ts
 * const body = encodeBody({ tenantId, groupId, seq: 0, prevHash: new Uint8Array(32), authorId, timestamp, operation });
 * ```
 */
export function encodeBody(b: GroupLogBody): Uint8Array {
  const w = new Writer();
  w.u8(LOG_FORMAT);
  w.str(b.tenantId);
  w.str(b.groupId);
  w.u32(b.seq);
  w.raw(b.prevHash);
  w.str(b.authorId);
  w.u64(b.timestamp);
  writeOperation(w, b.operation);
  return w.done();
}

/**
 * @internal Decodes an entry strictly (see the module comment). Does not verify the signature.
 * @param bytes - the encoded entry (untrusted).
 * @returns the decoded entry (fields are copies).
 * @throws ZkvaultError `INVALID_RECORD` on any deviation from the canonical encoding.
 * @example
 * ```ts
 * const e = decodeEntry(bytes);
 * ```
 */
export function decodeEntry(bytes: Uint8Array): GroupLogEntry {
  if (bytes.length > MAX_ENTRY_BYTES) throw bad('too long');
  if (bytes.length < 1 + LOG_SIGNATURE_LENGTH) throw bad('truncated');
  const bodyLength = bytes.length - LOG_SIGNATURE_LENGTH;
  const r = new Reader(bytes, bodyLength);
  if (r.u8('format') !== LOG_FORMAT) throw bad('unknown format');
  const tenantId = r.str('tenantId');
  const groupId = r.str('groupId');
  const seq = r.u32('seq');
  const prevHash = r.bytes(LOG_HASH_LENGTH, 'prevHash');
  const authorId = r.str('authorId');
  const timestamp = r.u64('timestamp');
  const operation = readOperation(r);
  if (r.off !== bodyLength) throw bad('trailing bytes');
  const own = bytes.slice();
  return { tenantId, groupId, seq, prevHash, authorId, timestamp, operation, signature: own.slice(bodyLength), bodyLength, bytes: own };
}

/** Largest key version (same bound as records). */
export const MAX_LOG_KEY_VERSION: number = MAX_KEY_VERSION;
