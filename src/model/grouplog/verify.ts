/**
 * The one verifier of group logs (docs/protocol.md, "Group log"): given entries and what the client
 * trusted before (a verified state or a stored checkpoint), it checks every new entry and returns
 * the new state and checkpoint. The rules, in the order they are checked:
 *
 * 1. chain: `seq` is the previous + 1 (0 for the genesis), tenant and group are the log's,
 *    `prevHash` is the previous entry's hash, timestamps do not go backwards; else `LOG_CHAIN_BROKEN`;
 * 2. the author is a current member (the genesis is signed by the key it carries); else `NOT_AUTHORIZED`;
 * 3. the Ed25519 signature (RFC 8032) over ctx("zkvault/v1/group-log/sign") ‖ body verifies under the
 *    author's pinned `PUB_Sign`; else `VERIFY_FAILED`;
 * 4. authority: only owners and admins add, remove, rotate, set roles or update keys; only an owner
 *    grants, changes or removes an owner; the last owner can neither leave nor be demoted; else
 *    `NOT_AUTHORIZED`;
 * 5. versions: a remove or rotate announces exactly current + 1; else `VERSION_SKIPPED`;
 * 6. policy: owners and admins may require PQ links (`set-policy`), but only an owner may lift that
 *    requirement again (a downgrade); else `NOT_AUTHORIZED`. Versions announced while PQ is
 *    required carry the flag (v1 links for them are refused when opened).
 *
 * Against the checkpoint: a log that ends before it is `ROLLBACK_DETECTED`; one whose entry at the
 * checkpoint's seq has another hash is `FORK_DETECTED`. Verifying from a state costs only the
 * entries after it.
 * @module
 */
import { aobject, concatBytes, equalBytes, fromBase64url, ainteger, isBytes } from '../../bytes/index.js';
import { ZkvaultError } from '../../errors.js';
import { MAX_KEY_VERSION } from '../context.js';
import { modelDeps } from '../deps.js';
import { decodeEntry, HASH_LABEL, LOG_HASH_LENGTH, SIGN_LABEL, type GroupLogEntry, type GroupRole, type VersionCommitment } from './encoding.js';
import {
  cloneData,
  GroupLogState,
  newState,
  parseGroupLogCheckpoint,
  stateData,
  VersionTable,
  type GroupLogCheckpoint,
  type GroupMember,
  type SenderKeys,
  type StateData,
} from './state.js';

/** Options of {@link verifyGroupLog}. */
export interface VerifyGroupLogOptions {
  /**
   * Freshness bound in milliseconds: refuse (`LOG_STALE`) when the newest entry is older than this,
   * or newer than `now` by more than this. Only meaningful for groups that append regularly (see
   * docs/threat-model.md: a server can withhold new entries, and this bounds for how long).
   */
  readonly maxAgeMs?: number;
  /** The current time in ms since the epoch, for the freshness bound (default `Date.now()`). */
  readonly now?: number;
}

/** The result of {@link verifyGroupLog}. */
export interface VerifiedGroupLog {
  /** The verified state after the last entry. */
  readonly state: GroupLogState;
  /** The checkpoint to store (same as `state.checkpoint`). */
  readonly checkpoint: GroupLogCheckpoint;
}

const ZERO_HASH = new Uint8Array(LOG_HASH_LENGTH);

function fail(code: 'LOG_CHAIN_BROKEN' | 'NOT_AUTHORIZED' | 'VERSION_SKIPPED' | 'VERIFY_FAILED' | 'ROLLBACK_DETECTED' | 'FORK_DETECTED' | 'LOG_STALE', why: string): ZkvaultError {
  return new ZkvaultError(code, `zkvault: group log: ${why}`);
}

function isManager(role: GroupRole | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

function ownerCount(d: StateData): number {
  let n = 0;
  for (const m of d.members.values()) if (m.role === 'owner') n++;
  return n;
}

/**
 * @internal SHA-256(ctx("zkvault/v1/group-log/hash") ‖ entry).
 * @param entry - the encoded entry.
 * @returns its 32-byte hash.
 * @throws never.
 * @example
 * ```ts
 * const h = entryHash(bytes);
 * ```
 */
export function entryHash(entry: Uint8Array): Uint8Array {
  return modelDeps().hash.digest('SHA-256', HASH_LABEL, entry);
}

/**
 * @internal The Ed25519 signing input of a body: ctx("zkvault/v1/group-log/sign") ‖ body.
 * @param body - the encoded body.
 * @returns the bytes to sign.
 * @throws never.
 * @example
 * ```ts
 * const sig = ed25519.sign(seed, signingInput(body));
 * ```
 */
export function signingInput(body: Uint8Array): Uint8Array {
  return concatBytes(SIGN_LABEL, body);
}

function senderKeys(m: GroupMember): SenderKeys {
  return { publicKey: m.publicKey, signPublicKey: m.signPublicKey };
}

function senderSet(d: StateData, author: GroupMember | undefined): Map<string, SenderKeys> {
  const s = new Map<string, SenderKeys>();
  for (const m of d.members.values()) if (isManager(m.role)) s.set(m.accountId, senderKeys(m));
  // The author made the links of the version it announced (even when leaving).
  if (author !== undefined) s.set(author.accountId, senderKeys(author));
  return s;
}

/** A manager who appears while a version is current may issue links for it too. */
function allowSender(d: StateData, m: GroupMember): void {
  const cur = d.versions.get(d.keyVersion);
  if (cur === undefined || !isManager(m.role)) return;
  const senders = new Map(cur.senders);
  senders.set(m.accountId, senderKeys(m));
  d.versions.set(d.keyVersion, { ...cur, senders });
}

function announce(d: StateData, v: VersionCommitment, seq: number, author: GroupMember): void {
  if (d.keyVersion >= MAX_KEY_VERSION || v.keyVersion !== d.keyVersion + 1) {
    throw fail('VERSION_SKIPPED', `key version ${v.keyVersion} does not follow ${d.keyVersion}`);
  }
  d.keyVersion = v.keyVersion;
  d.versions.set(v.keyVersion, { commitment: v.commitment, seq, senders: senderSet(d, author), requirePq: d.requirePq });
}

function genesis(e: GroupLogEntry): StateData {
  const o = e.operation;
  if (o.op !== 'create') throw fail('LOG_CHAIN_BROKEN', 'the first entry is not a create');
  if (!equalBytes(e.prevHash, ZERO_HASH)) throw fail('LOG_CHAIN_BROKEN', 'the genesis prevHash is not zero');
  const owner: GroupMember = { accountId: e.authorId, role: 'owner', publicKey: o.identity.publicKey, signPublicKey: o.identity.signPublicKey };
  if (!modelDeps().ed25519.verify(owner.signPublicKey, signingInput(e.bytes.subarray(0, e.bodyLength)), e.signature)) {
    throw fail('VERIFY_FAILED', 'bad signature');
  }
  const versions = new VersionTable();
  let last = 0;
  const senders = new Map([[owner.accountId, senderKeys(owner)]]);
  for (const l of o.legacy) {
    if (l.keyVersion <= last || l.keyVersion >= o.keyVersion) throw fail('VERSION_SKIPPED', 'legacy versions must ascend below the genesis version');
    versions.set(l.keyVersion, { commitment: l.commitment, seq: 0, senders, requirePq: false });
    last = l.keyVersion;
  }
  // A policy from genesis covers the first version too; legacy versions were shared before it.
  const requirePq = o.requirePq === true;
  versions.set(o.keyVersion, { commitment: o.commitment, seq: 0, senders, requirePq });
  return {
    tenantId: e.tenantId,
    groupId: e.groupId,
    seq: 0,
    headHash: entryHash(e.bytes),
    headTimestamp: e.timestamp,
    keyVersion: o.keyVersion,
    members: new Map([[owner.accountId, owner]]),
    versions,
    requirePq,
  };
}

function target(d: StateData, memberId: string): GroupMember {
  const m = d.members.get(memberId);
  if (m === undefined) throw fail('NOT_AUTHORIZED', 'the entry names someone who is not a member');
  return m;
}

function applyOperation(d: StateData, e: GroupLogEntry, author: GroupMember): void {
  const o = e.operation;
  if (o.op === 'create') throw fail('LOG_CHAIN_BROKEN', 'a create entry after the genesis');
  if (!isManager(author.role)) throw fail('NOT_AUTHORIZED', `a ${author.role} cannot ${o.op}`);
  switch (o.op) {
    case 'add': {
      if (d.members.has(o.memberId)) throw fail('NOT_AUTHORIZED', 'already a member');
      if (o.role === 'owner' && author.role !== 'owner') throw fail('NOT_AUTHORIZED', 'only an owner grants owner');
      const m: GroupMember = { accountId: o.memberId, role: o.role, publicKey: o.identity.publicKey, signPublicKey: o.identity.signPublicKey };
      d.members.set(m.accountId, m);
      allowSender(d, m);
      return;
    }
    case 'remove': {
      const t = target(d, o.memberId);
      if (t.role === 'owner' && author.role !== 'owner') throw fail('NOT_AUTHORIZED', 'an admin cannot remove an owner');
      if (t.role === 'owner' && ownerCount(d) === 1) throw fail('NOT_AUTHORIZED', 'the last owner cannot leave');
      d.members.delete(t.accountId);
      announce(d, o, e.seq, author);
      return;
    }
    case 'set-role': {
      const t = target(d, o.memberId);
      if ((t.role === 'owner' || o.role === 'owner') && author.role !== 'owner') throw fail('NOT_AUTHORIZED', 'only an owner grants or changes owner');
      if (t.role === 'owner' && o.role !== 'owner' && ownerCount(d) === 1) throw fail('NOT_AUTHORIZED', 'the last owner cannot step down');
      const m: GroupMember = { ...t, role: o.role };
      d.members.set(m.accountId, m);
      allowSender(d, m);
      return;
    }
    case 'rotate':
      announce(d, o, e.seq, author);
      return;
    case 'update-keys': {
      const t = target(d, o.memberId);
      if (t.role === 'owner' && author.role !== 'owner') throw fail('NOT_AUTHORIZED', "an admin cannot change an owner's keys");
      const m: GroupMember = { ...t, publicKey: o.identity.publicKey, signPublicKey: o.identity.signPublicKey };
      d.members.set(m.accountId, m);
      allowSender(d, m);
      return;
    }
    case 'set-policy':
      // Lifting the PQ requirement re-admits X25519-only links: an owner's decision, never an admin's.
      if (d.requirePq && !o.requirePq && author.role !== 'owner') throw fail('NOT_AUTHORIZED', 'only an owner lifts the PQ link requirement');
      d.requirePq = o.requirePq;
      return;
  }
}

/**
 * @internal Checks one entry against working data and applies it (rules 1-5 of the module comment).
 * @param d - working data (changed in place), or undefined before the genesis.
 * @param e - the decoded entry.
 * @returns the working data after the entry.
 * @throws ZkvaultError `LOG_CHAIN_BROKEN`, `NOT_AUTHORIZED`, `VERIFY_FAILED` or `VERSION_SKIPPED`.
 * @example
 * ```ts
 * work = applyEntry(work, decodeEntry(bytes));
 * ```
 */
export function applyEntry(d: StateData | undefined, e: GroupLogEntry): StateData {
  if (d === undefined) {
    if (e.seq !== 0) throw fail('LOG_CHAIN_BROKEN', 'the log does not start at seq 0');
    return genesis(e);
  }
  if (e.seq !== d.seq + 1) throw fail('LOG_CHAIN_BROKEN', `expected seq ${d.seq + 1}, got ${e.seq}`);
  if (e.tenantId !== d.tenantId || e.groupId !== d.groupId) throw fail('LOG_CHAIN_BROKEN', 'an entry of another group');
  if (!equalBytes(e.prevHash, d.headHash)) throw fail('LOG_CHAIN_BROKEN', 'prevHash is not the hash of the previous entry');
  if (e.timestamp < d.headTimestamp) throw fail('LOG_CHAIN_BROKEN', 'timestamp goes backwards');
  const author = d.members.get(e.authorId);
  if (author === undefined) throw fail('NOT_AUTHORIZED', 'the author is not a member');
  if (!modelDeps().ed25519.verify(author.signPublicKey, signingInput(e.bytes.subarray(0, e.bodyLength)), e.signature)) {
    throw fail('VERIFY_FAILED', 'bad signature');
  }
  applyOperation(d, e, author);
  d.seq = e.seq;
  d.headHash = entryHash(e.bytes);
  d.headTimestamp = e.timestamp;
  return d;
}

function entryBytes(x: unknown, i: number): Uint8Array {
  if (isBytes(x)) return x;
  if (typeof x === 'string') {
    try {
      return fromBase64url(x, `entries[${i}]`);
    } catch {
      throw new ZkvaultError('INVALID_RECORD', `zkvault: group log entry ${i} is not base64url`);
    }
  }
  throw new ZkvaultError('INVALID_INPUT', `"entries[${i}]" expected bytes or a base64url string`);
}

function checkFresh(d: StateData, options: VerifyGroupLogOptions | undefined): void {
  if (options === undefined) return;
  const o = aobject(options, 'options');
  if (o['maxAgeMs'] === undefined) return;
  const maxAge = ainteger(o['maxAgeMs'], 'options.maxAgeMs', 0, Number.MAX_SAFE_INTEGER);
  const now = o['now'] === undefined ? Date.now() : ainteger(o['now'], 'options.now', 0, Number.MAX_SAFE_INTEGER);
  if (now - d.headTimestamp > maxAge) throw fail('LOG_STALE', 'the newest entry is older than the freshness bound');
  if (d.headTimestamp - now > maxAge) throw fail('LOG_STALE', 'the newest entry is dated in the future');
}

/**
 * Verifies a group log, from its genesis or incrementally from what the client trusted before.
 *
 * - With no `trusted`: `entries` must start at the genesis (seq 0). The genesis is trusted on first
 *   use: check the creator with {@link GroupLogState.member} and a fingerprint out of band.
 * - With a checkpoint (stored between sessions): `entries` is the whole log from seq 0; it must
 *   contain the checkpoint's entry unchanged.
 * - With a state: `entries` starts at or before `state.seq` (fetch from `state.seq`); only entries
 *   after it are verified, so the cost is that of the new entries.
 *
 * Limit: a server can withhold new entries (show an old head). Set `options.maxAgeMs` to bound how
 * stale a head may be, for groups that append at least that often.
 * @param entries - the encoded entries in seq order (bytes, or base64url text as the server stores them).
 * @param trusted - the last verified state or stored checkpoint of this group, if any.
 * @param options - freshness bound.
 * @returns the verified state and the checkpoint to store.
 * @throws ZkvaultError `INVALID_RECORD` (malformed entry), `LOG_CHAIN_BROKEN` (reordered, dropped,
 *   replayed or moved entries), `VERIFY_FAILED` (forged entry or signature), `NOT_AUTHORIZED` (an
 *   author without the role, or no longer a member), `VERSION_SKIPPED`, `ROLLBACK_DETECTED`,
 *   `FORK_DETECTED`, `LOG_STALE`; `INVALID_INPUT` on bad arguments.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, verifyGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { entry } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 *
 * // Another device: verify the log the server serves, keep the checkpoint.
 * const { state, checkpoint } = verifyGroupLog([entry]);
 * console.log(state.member('alice')?.role, checkpoint.seq); // owner 0
 * // Next session: the log must extend the checkpoint.
 * console.log(verifyGroupLog([entry], checkpoint).state.seq); // 0
 * ```
 */
export function verifyGroupLog(
  entries: readonly (Uint8Array | string)[],
  trusted?: GroupLogState | GroupLogCheckpoint,
  options?: VerifyGroupLogOptions,
): VerifiedGroupLog {
  if (!Array.isArray(entries)) throw new ZkvaultError('INVALID_INPUT', '"entries" expected an array');
  let work: StateData | undefined;
  let start = 0;
  if (trusted instanceof GroupLogState) {
    const base = stateData(trusted);
    if (entries.length === 0) throw fail('ROLLBACK_DETECTED', 'the log does not reach the checkpoint');
    const first = decodeEntry(entryBytes(entries[0], 0));
    const at = base.seq - first.seq;
    if (at < 0) throw fail('LOG_CHAIN_BROKEN', 'the entries start after the checkpoint');
    if (at >= entries.length) throw fail('ROLLBACK_DETECTED', 'the log ends before the checkpoint');
    anchor(entries, at, base);
    work = cloneData(base);
    start = at + 1;
  } else if (trusted !== undefined) {
    const cp = parseGroupLogCheckpoint(trusted);
    if (entries.length <= cp.seq) throw fail('ROLLBACK_DETECTED', 'the log ends before the checkpoint');
    anchor(entries, cp.seq, { seq: cp.seq, tenantId: cp.tenantId, groupId: cp.groupId, headHash: fromBase64url(cp.headHash) });
  } else if (entries.length === 0) {
    throw fail('LOG_CHAIN_BROKEN', 'the log has no genesis');
  }
  for (let i = start; i < entries.length; i++) work = applyEntry(work, decodeEntry(entryBytes(entries[i], i)));
  // Only reachable with at least one entry applied or a trusted state.
  const d = work!;
  checkFresh(d, options);
  const state = newState(d);
  return { state, checkpoint: state.checkpoint };
}

/** The entry at index `at` must be the checkpoint's entry: same group, seq and hash. */
function anchor(entries: readonly (Uint8Array | string)[], at: number, cp: { seq: number; tenantId: string; groupId: string; headHash: Uint8Array }): void {
  const bytes = entryBytes(entries[at], at);
  const e = decodeEntry(bytes);
  if (e.tenantId !== cp.tenantId || e.groupId !== cp.groupId) throw fail('LOG_CHAIN_BROKEN', 'an entry of another group');
  if (e.seq !== cp.seq) throw fail('LOG_CHAIN_BROKEN', `expected seq ${cp.seq} at index ${at}, got ${e.seq}`);
  if (!equalBytes(entryHash(bytes), cp.headHash)) throw fail('FORK_DETECTED', `the entry at seq ${cp.seq} differs from the checkpoint`);
}
