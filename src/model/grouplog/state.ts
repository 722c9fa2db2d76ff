/**
 * The verified state of a group log and its checkpoint (docs/protocol.md, "Group log"). A
 * {@link GroupLogState} only ever comes out of `verifyGroupLog` or an append function: holding one
 * means every entry up to `seq` was checked (signatures, hash chain, authority, versions).
 * @module
 */
import { ainteger, aobject, astring, fromBase64url, toBase64url } from '../../bytes/index.js';
import { ZkvaultError } from '../../errors.js';
import { aid, encodeContext } from '../context.js';
import { modelDeps } from '../deps.js';
import { fingerprintOf } from '../human.js';
import { LOG_HASH_LENGTH, type GroupRole } from './encoding.js';

/** A member as the log pinned it. */
export interface GroupMember {
  /** Account id. */
  readonly accountId: string;
  /** Current role. */
  readonly role: GroupRole;
  /** Pinned `PUB_Account` (32 bytes, a copy). */
  readonly publicKey: Uint8Array;
  /** Pinned `PUB_Sign` (32 bytes, a copy). */
  readonly signPublicKey: Uint8Array;
}

/**
 * What a client stores per group between sessions (JSON-storable): the position and hash of the
 * last entry it verified. A log that does not extend it is refused as a rollback or a fork.
 */
export interface GroupLogCheckpoint {
  /** Format version, 1. */
  readonly v: 1;
  /** Tenant id. */
  readonly tenantId: string;
  /** Group id. */
  readonly groupId: string;
  /** Seq of the last verified entry. */
  readonly seq: number;
  /** Its hash, base64url. */
  readonly headHash: string;
}

/** @internal The keys of a member allowed to issue links: `PUB_Account` (v1 links) and `PUB_Sign` (v2 links). */
export interface SenderKeys {
  readonly publicKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
}

/** @internal A version announced by the log. */
export interface VersionRecord {
  readonly commitment: Uint8Array;
  /** Seq of the entry that announced it. */
  readonly seq: number;
  /** Who may issue links for it: admins and owners while it was current, with their pinned keys. */
  readonly senders: ReadonlyMap<string, SenderKeys>;
  /** Whether the log required PQ links when it announced this version: then v1 links for it are refused. */
  readonly requirePq: boolean;
}

/**
 * @internal The versions of a state, layered: a new state adds a layer over its parent's instead of
 * copying every version (a log gains one per rotation), so verifying new entries costs the new
 * entries only. A layer is written only while its state is being built; deep chains are flattened.
 */
export class VersionTable {
  readonly #own: Map<number, VersionRecord>;
  readonly #parent: VersionTable | undefined;
  /** Number of layers below this one. */
  readonly depth: number;

  /**
   * @param parent - the frozen table of the state this one extends, if any.
   * @param own - this layer's records (internal: used when flattening).
   */
  constructor(parent?: VersionTable, own: Map<number, VersionRecord> = new Map()) {
    this.#parent = parent;
    this.#own = own;
    this.depth = parent === undefined ? 0 : parent.depth + 1;
  }

  /** @returns the record of `version`, if announced. */
  get(version: number): VersionRecord | undefined {
    for (let t: VersionTable | undefined = this; t !== undefined; t = t.#parent) {
      const r = t.#own.get(version);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  /** Sets the record of `version` in this layer. */
  set(version: number, r: VersionRecord): void {
    this.#own.set(version, r);
  }

  /** @returns one layer holding every record (the newest of each version). */
  flattened(): VersionTable {
    const layers: VersionTable[] = [];
    for (let t: VersionTable | undefined = this; t !== undefined; t = t.#parent) layers.push(t);
    const all = new Map<number, VersionRecord>();
    for (let i = layers.length - 1; i >= 0; i--) for (const [v, r] of layers[i]!.#own) all.set(v, r);
    return new VersionTable(undefined, all);
  }

  /** @returns every announced version (unordered). */
  keys(): number[] {
    return [...this.flattened().#own.keys()];
  }
}

/** @internal The mutable maps behind a state (copied before any change). */
export interface StateData {
  tenantId: string;
  groupId: string;
  seq: number;
  headHash: Uint8Array;
  headTimestamp: number;
  keyVersion: number;
  members: Map<string, GroupMember>;
  versions: VersionTable;
  /** The group's link policy as the log last set it (`set-policy`); false until then. */
  requirePq: boolean;
}

let dataOf: (s: GroupLogState) => StateData;
let makeState: (d: StateData) => GroupLogState;

const HEAD_LABEL = 'zkvault/v1/group-log/head';

/**
 * The verified state of one group's log: members with their pinned keys and roles, the current
 * key version, and the head (seq, hash, timestamp). Immutable; appending gives a new state.
 * @example
 * ```ts
 * import { createAccount, createGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * console.log(state.seq, state.keyVersion, state.member('alice')?.role); // 0 1 owner
 * ```
 */
export class GroupLogState {
  readonly #d: StateData;

  // Hands the private constructor and state to the module's verify and append functions: a
  // package-private member does not exist in JavaScript, and a public one would let callers forge a
  // verified state.
  static {
    dataOf = (s) => s.#d;
    makeState = (d) => new GroupLogState(d);
  }

  private constructor(d: StateData) {
    this.#d = d;
  }

  /** Tenant id. */
  get tenantId(): string {
    return this.#d.tenantId;
  }

  /** Group id. */
  get groupId(): string {
    return this.#d.groupId;
  }

  /** Seq of the last verified entry. */
  get seq(): number {
    return this.#d.seq;
  }

  /** Hash of the last verified entry (a copy). */
  get headHash(): Uint8Array {
    return this.#d.headHash.slice();
  }

  /** Timestamp of the last verified entry (ms since the epoch, the author's clock). */
  get headTimestamp(): number {
    return this.#d.headTimestamp;
  }

  /** The current key version: the one to encrypt under and to share. */
  get keyVersion(): number {
    return this.#d.keyVersion;
  }

  /**
   * Whether the group requires post-quantum (v2, X-Wing) links, as the signed log last set it
   * (`setGroupPolicy`). Key versions announced while it holds get v2 links only; their v1 links are
   * refused with `PQ_REQUIRED`. A server cannot hide it: it is part of the verified chain.
   */
  get requirePq(): boolean {
    return this.#d.requirePq;
  }

  /** The checkpoint to store for the next verification. */
  get checkpoint(): GroupLogCheckpoint {
    return { v: 1, tenantId: this.#d.tenantId, groupId: this.#d.groupId, seq: this.#d.seq, headHash: toBase64url(this.#d.headHash) };
  }

  /** {@link groupLogFingerprint} of the head: compare it with another member to detect a split view. */
  get fingerprint(): string {
    return groupLogFingerprint(this.checkpoint);
  }

  /**
   * @returns every current member, sorted by account id.
   * @example
   * ```ts
   * import { createAccount, createGroupLog } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * console.log(state.members().map((m) => `${m.accountId}:${m.role}`)); // ['alice:owner']
   * ```
   */
  members(): GroupMember[] {
    return [...this.#d.members.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)).map(copyMember);
  }

  /**
   * @param accountId - an account id.
   * @returns the member with its pinned keys, or undefined if it is not a member.
   * @throws ZkvaultError `INVALID_INPUT` if `accountId` is not a string.
   * @example
   * ```ts
   * import { createAccount, createGroupLog } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * console.log(state.member('alice')?.role, state.member('bob')); // owner undefined
   * ```
   */
  member(accountId: string): GroupMember | undefined {
    const m = this.#d.members.get(astring(accountId, 'accountId'));
    return m === undefined ? undefined : copyMember(m);
  }

  /**
   * @returns every key version the log announced, ascending.
   * @example
   * ```ts
   * import { createAccount, createGroupLog } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * console.log(state.keyVersions()); // [1]
   * ```
   */
  keyVersions(): number[] {
    return this.#d.versions.keys().sort((a, b) => a - b);
  }
}

function copyMember(m: GroupMember): GroupMember {
  return { accountId: m.accountId, role: m.role, publicKey: m.publicKey.slice(), signPublicKey: m.signPublicKey.slice() };
}

/**
 * @internal The data behind a state (read only: copy with {@link cloneData} before changing).
 * @param s - the state.
 * @returns its data.
 * @throws ZkvaultError `INVALID_INPUT` for a non-state.
 * @example
 * ```ts
 * const d = stateData(state);
 * ```
 */
export function stateData(s: GroupLogState): StateData {
  if (!(s instanceof GroupLogState)) throw new ZkvaultError('INVALID_INPUT', '"state" expected a GroupLogState');
  return dataOf(s);
}

/**
 * @internal A copy whose maps may be changed (values are shared: they are never mutated; versions
 * get a new layer over the frozen ones).
 * @param d - state data.
 * @returns the copy.
 * @throws never.
 * @example
 * ```ts
 * const work = cloneData(stateData(state));
 * ```
 */
export function cloneData(d: StateData): StateData {
  return { ...d, members: new Map(d.members), versions: new VersionTable(d.versions) };
}

/**
 * @internal Freezes working data into a state (the data must not be changed afterwards).
 * @param d - state data.
 * @returns the state.
 * @throws never.
 * @example
 * ```ts
 * return newState(work);
 * ```
 */
export function newState(d: StateData): GroupLogState {
  // Flatten deep layer chains once, when freezing, so every later clone of this state stays cheap.
  if (d.versions.depth >= 32) d.versions = d.versions.flattened();
  return makeState(d);
}

/**
 * Validates a stored checkpoint (for example read back from local storage).
 * @param value - parsed JSON.
 * @returns a validated copy.
 * @throws ZkvaultError `INVALID_RECORD` on a bad shape.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, parseGroupLogCheckpoint } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const stored = JSON.stringify(state.checkpoint); // keep it on the device
 * console.log(parseGroupLogCheckpoint(JSON.parse(stored)).seq); // 0
 * ```
 */
export function parseGroupLogCheckpoint(value: unknown): GroupLogCheckpoint {
  try {
    const o = aobject(value, 'checkpoint');
    if (o['v'] !== 1) throw new Error('v');
    const headHash = fromBase64url(String(o['headHash']), 'checkpoint.headHash');
    if (headHash.length !== LOG_HASH_LENGTH || typeof o['headHash'] !== 'string') throw new Error('headHash');
    return {
      v: 1,
      tenantId: aid(o['tenantId'], 'checkpoint.tenantId'),
      groupId: aid(o['groupId'], 'checkpoint.groupId'),
      seq: ainteger(o['seq'], 'checkpoint.seq', 0, 2 ** 32 - 1),
      headHash: toBase64url(headHash),
    };
  } catch {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: bad group log checkpoint');
  }
}

/**
 * A short code for the head of a group log, for two members to compare out of band (read aloud,
 * or shown side by side): equal codes mean both see the same log up to that entry; different codes
 * at the same `seq` mean the server showed them different logs (a fork).
 * @param checkpoint - a checkpoint (`state.checkpoint`).
 * @returns 24 Crockford base32 characters in groups of four: the first 120 bits of
 *   SHA-256(ctx("zkvault/v1/group-log/head", tenant, group, seq) ‖ head hash).
 * @throws ZkvaultError `INVALID_RECORD` on a bad checkpoint.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, groupLogFingerprint } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * console.log(groupLogFingerprint(state.checkpoint) === state.fingerprint); // true
 * ```
 */
export function groupLogFingerprint(checkpoint: GroupLogCheckpoint): string {
  const c = parseGroupLogCheckpoint(checkpoint);
  const label = encodeContext(HEAD_LABEL, [c.tenantId, c.groupId, c.seq]);
  return fingerprintOf(modelDeps().hash.digest('SHA-256', label, fromBase64url(c.headHash)));
}
