/**
 * Changing a group through its log (docs/protocol.md, "Group log"): create, add a member, remove a
 * member (always with a rotation, in one entry), rotate, set a role, confirm a member's changed
 * keys, and the one-time migration of a group made before logs. Each function signs one entry
 * with the author's `PRV_Sign` (Ed25519, RFC 8032), runs it through the verifier, and returns it
 * with the new state. Send the entry to the server with compare-and-swap on `prevHash`; on a
 * conflict, fetch the log, verify it from your state, and redo the change on the new state.
 * @module
 */
import { ainteger, aobject, aoneOf, wipe } from '../../bytes/index.js';
import { invalidInput, ZkvaultError } from '../../errors.js';
import { accountSigner, type UnlockedAccount } from '../account-state.js';
import { verifyXWingKey } from '../account-xwing.js';
import { modelDeps } from '../deps.js';
import { aid, MAX_KEY_VERSION } from '../context.js';
import { aaccount, agroup, createResourceGroup, groupKeyBytes, rotateResourceGroup, UnlockedResourceGroup, type ResourceGroupIds } from '../groups.js';
import { checkIdentity, type Identity } from '../identity.js';
import { pqRequired, rotateResourceGroupPq, type AnyLinkRecord, type MixedMember } from '../links-v2.js';
import { signEntry, type LogAuthor } from './append.js';
import type { AddGroupMemberArgs, ConfirmMemberKeysArgs, RemoveGroupMemberArgs, RotateGroupKeyArgs, SetGroupPolicyArgs, SetGroupRoleArgs } from './args.js';
import { keyCommitment } from './commitment.js';
import { MAX_TIMESTAMP, type GroupLogOperation, type GroupRole, type VersionCommitment } from './encoding.js';
import { checkMemberIdentity, heldToLog, requireManager, sealByPolicy } from './held.js';
import type { GroupLogState } from './state.js';

/** Roles a member can hold. */
export const GROUP_ROLES: readonly GroupRole[] = ['owner', 'admin', 'writer', 'reader'];

/** Options of every log change. */
export interface GroupLogOptions {
  /** The entry's timestamp in ms since the epoch (default `Date.now()`; never earlier than the head's). */
  readonly now?: number;
}

/** Options of {@link createGroupLog}. */
export interface CreateGroupLogOptions extends GroupLogOptions {
  /**
   * Require post-quantum (v2) links from the genesis on (issue 18): the genesis carries the policy,
   * key version 1 included, and the creator's self-link is a v2 link. Default false.
   */
  readonly requirePq?: boolean;
}

/** A new entry and the state after it. */
export interface GroupLogAppendResult {
  /** The encoded entry: send it to the server (base64url), with `state.seq` and the previous head hash. */
  readonly entry: Uint8Array;
  /** The verified state after the entry. */
  readonly state: GroupLogState;
}

/** A new entry that also created or rotated the group key. */
export interface GroupLogKeyResult extends GroupLogAppendResult {
  /** The group holding the log's versions, the new one current. */
  readonly group: UnlockedResourceGroup;
  /** Links of the new version, the author's first: store them on the server (v2 where the log requires PQ links). */
  readonly links: AnyLinkRecord[];
}

/** The result of {@link addGroupMember}. */
export interface AddGroupMemberResult extends GroupLogAppendResult {
  /** The new member's link to the current key version (v2 when the log requires PQ links). */
  readonly link: AnyLinkRecord;
}

function author(account: UnlockedAccount): LogAuthor {
  return { accountId: aaccount(account, 'account').accountId, sign: accountSigner(account) };
}

function timeOf(options: GroupLogOptions | undefined): number {
  if (options === undefined) return Date.now();
  aobject(options, 'options');
  // `null` is a bad value, not the default.
  return options.now === undefined ? Date.now() : ainteger(options.now, 'options.now', 0, MAX_TIMESTAMP);
}

function aargs(x: unknown): Record<string, unknown> {
  return aobject(x, 'args');
}

function commitOf(g: UnlockedResourceGroup, version: number): VersionCommitment {
  const key = groupKeyBytes(g, version);
  if (key === undefined) throw new ZkvaultError('KEY_LOCKED', `zkvault: the group does not hold key version ${version}`);
  try {
    return { keyVersion: version, commitment: keyCommitment(key, g.tenantId, g.resourceGroupId, version) };
  } finally {
    wipe(key);
  }
}

/**
 * Creates a resource group with a log: a fresh key (version 1), the genesis entry naming the
 * creator as owner with its identity keys and the key commitment, and the creator's self-link.
 * With `requirePq`, the genesis also sets the link policy (docs/formats.md, "Group log"): every
 * version from 1 on refuses v1 links (`PQ_REQUIRED` in `openLinkVerified`), members are shared
 * with over v2 links only, and only an owner can lift it later (`setGroupPolicy`).
 * @param ids - tenant id and resource group id.
 * @param account - the creator, unlocked.
 * @param options - entry timestamp; `requirePq` (default false).
 * @returns the group, its self-link (v2 with `requirePq`), the genesis entry and the state.
 * @throws ZkvaultError `INVALID_INPUT` on a bad id or option; `PQ_REQUIRED` with `requirePq` if the
 *   creator has no X-Wing key; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group, links, entry, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * console.log(group.keyVersion, links.length, entry.length > 0, state.fingerprint.length); // 1 1 true 29
 * const pq = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g2' }, account, { requirePq: true });
 * console.log(pq.state.requirePq, pq.links[0]!.v); // true 2
 * ```
 */
export async function createGroupLog(
  ids: ResourceGroupIds,
  account: UnlockedAccount,
  options?: CreateGroupLogOptions,
): Promise<GroupLogKeyResult> {
  const a = author(account);
  const now = timeOf(options);
  const requirePq = options?.requirePq === undefined ? false : options.requirePq;
  if (typeof requirePq !== 'boolean') throw invalidInput('"options.requirePq" expected a boolean');
  // Refused before any key is made.
  if (requirePq && account.xwingPublicKey === undefined) throw pqRequired('the creator has no X-Wing key');
  const { group, link } = await createResourceGroup(ids, account);
  const me = account.identity;
  const operation: GroupLogOperation = { op: 'create', identity: me, ...commitOf(group, 1), legacy: [], ...(requirePq ? { requirePq } : {}) };
  try {
    const signed = signEntry(undefined, { tenantId: group.tenantId, groupId: group.resourceGroupId }, a, operation, now);
    // Under the policy the self-link is v2 too: no v1 link of a PQ group is ever made.
    const self = requirePq ? await sealByPolicy(group, account, signed.state, me) : link;
    return { ...signed, group, links: [self] };
  } catch (e) {
    group.dispose();
    throw e;
  }
}

/**
 * Migrates a resource group made before group logs: at its next rotation, its owner writes the
 * genesis entry. The new key version is the highest held + 1; the genesis also commits to every
 * version held, so old resources stay readable through links the log vouches for. Run it from the
 * owner's own keyring (versions the owner made), never from a group merged from others' links.
 * Afterwards, add the other members with {@link addGroupMember}.
 * @param group - the legacy group, unlocked (the versions the owner trusts).
 * @param account - the owner, unlocked.
 * @param options - entry timestamp.
 * @returns the rotated group, the owner's link to the new version, the genesis entry and the state.
 * @throws ZkvaultError `INVALID_INPUT` if the version would overflow; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, migrateGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const legacy = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'old' }, account)).group;
 * const { state } = await migrateGroupLog(legacy, account);
 * console.log(state.keyVersions(), state.keyVersion); // [1, 2] 2
 * ```
 */
export async function migrateGroupLog(group: UnlockedResourceGroup, account: UnlockedAccount, options?: GroupLogOptions): Promise<GroupLogKeyResult> {
  const a = author(account);
  agroup(group);
  const now = timeOf(options);
  const legacy = group.keyVersions.map((v) => commitOf(group, v));
  if (group.keyVersion >= MAX_KEY_VERSION) throw invalidInput('"group" key version would overflow');
  const { group: rotated, links } = await rotateResourceGroup(group, account, []);
  const operation: GroupLogOperation = { op: 'create', identity: account.identity, ...commitOf(rotated, rotated.keyVersion), legacy };
  try {
    const signed = signEntry(undefined, { tenantId: group.tenantId, groupId: group.resourceGroupId }, a, operation, now);
    return { ...signed, group: rotated, links };
  } catch (e) {
    rotated.dispose();
    throw e;
  }
}

/**
 * Adds a member with a role, pinning the identity keys as the adder verified them (compare the
 * member's fingerprint out of band first), and seals the current key to the pinned `PUB_Account`.
 * @param state - the verified log.
 * @param account - an owner or admin, unlocked.
 * @param args - the group (holding the current version), the member's identity, and its role
 *   (only an owner adds an owner).
 * @param options - entry timestamp.
 * @returns the entry, the new state and the member's link.
 * @throws ZkvaultError `NOT_AUTHORIZED` (not an owner or admin; already a member; an admin adding
 *   an owner), `KEY_CHANGED` (the author's keys are not the pinned ones), `PQ_REQUIRED` (the log
 *   requires PQ links and `member` has no X-Wing key; nothing is signed), `INVALID_INPUT`.
 * @example
 * ```ts
 * import { addGroupMember, createAccount, createGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const bobId = bob.identity; // as served, and checked with fingerprint(bobId) out of band
 * const added = await addGroupMember(state, alice, { group, member: bobId, role: 'writer' });
 * console.log(added.state.member('bob')?.role, added.link.recipientId); // writer bob
 * ```
 */
export async function addGroupMember(
  state: GroupLogState,
  account: UnlockedAccount,
  args: AddGroupMemberArgs,
  options?: GroupLogOptions,
): Promise<AddGroupMemberResult> {
  const a = author(account);
  requireManager(account, state);
  const o = aargs(args);
  const member = checkIdentity(o['member'], 'args.member');
  const role = aoneOf(o['role'], 'args.role', GROUP_ROLES);
  const held = heldToLog(o['group'] as UnlockedResourceGroup, state, false);
  // Refuse before signing: an entry whose member cannot get a v2 link must not be made.
  if (state.requirePq && member.xwingPublicKey === undefined) throw pqRequired(`${JSON.stringify(member.accountId)} has no X-Wing key`);
  // The identity about to be pinned must have certified the X-Wing key its link goes to.
  if (state.requirePq && member.xwingPublicKey !== undefined) verifyXWingKey(modelDeps(), { ...member, xwingPublicKey: member.xwingPublicKey });
  const signed = signEntry(state, { tenantId: state.tenantId, groupId: state.groupId }, a, { op: 'add', memberId: member.accountId, identity: member, role }, timeOf(options));
  const link = await sealByPolicy(held, account, signed.state, member);
  return { ...signed, link };
}

async function rotateTo(
  state: GroupLogState,
  account: UnlockedAccount,
  o: Record<string, unknown>,
  removed: string | undefined,
  options: GroupLogOptions | undefined,
): Promise<GroupLogKeyResult> {
  const a = author(account);
  requireManager(account, state);
  const now = timeOf(options);
  if (removed !== undefined && state.member(removed) === undefined) throw new ZkvaultError('NOT_AUTHORIZED', 'zkvault: not a member of the group');
  const xwing = servedXWingKeys(o['identities'], state);
  const held = heldToLog(o['group'] as UnlockedResourceGroup, state, true);
  let rotated: UnlockedResourceGroup | undefined;
  try {
    // The remaining members, with the keys the log pinned (and the X-Wing keys served for them).
    const members: MixedMember[] = state
      .members()
      .filter((m) => m.accountId !== removed && m.accountId !== account.accountId)
      .map((m) => ({ accountId: m.accountId, publicKey: m.publicKey, signPublicKey: m.signPublicKey, ...xwing.get(m.accountId) }));
    // v1 links as before unless the log requires PQ links or the caller passed X-Wing keys (mixed).
    const pq = state.requirePq || xwing.size > 0;
    const r = pq ? await rotateResourceGroupPq(held, account, members, { requirePq: state.requirePq }) : await rotateResourceGroup(held, account, members);
    rotated = r.group;
    const c = commitOf(rotated, rotated.keyVersion);
    const operation: GroupLogOperation = removed === undefined ? { op: 'rotate', ...c } : { op: 'remove', memberId: removed, ...c };
    const signed = signEntry(state, { tenantId: state.tenantId, groupId: state.groupId }, a, operation, now);
    // A member who removed itself (left) keeps no link to the new version.
    const links: AnyLinkRecord[] = removed === account.accountId ? r.links.filter((l) => l.recipientId !== removed) : r.links;
    return { ...signed, group: rotated, links };
  } catch (e) {
    rotated?.dispose();
    throw e;
  }
}

/**
 * The X-Wing keys (with `SIG_XWing`) of served identities, each checked against the log's pins
 * (`KEY_CHANGED`); the certificate is verified under the pinned `PUB_Sign` before sealing.
 */
function servedXWingKeys(x: unknown, state: GroupLogState): Map<string, { xwingPublicKey: Uint8Array; xwingSignature?: Uint8Array | undefined }> {
  const out = new Map<string, { xwingPublicKey: Uint8Array; xwingSignature?: Uint8Array | undefined }>();
  if (x === undefined) return out;
  if (!Array.isArray(x)) throw invalidInput('"args.identities" expected an array of identities');
  for (const [i, v] of x.entries()) {
    const id = checkIdentity(v, `args.identities[${i}]`);
    checkMemberIdentity(id, state);
    if (id.xwingPublicKey !== undefined) out.set(id.accountId, { xwingPublicKey: id.xwingPublicKey, xwingSignature: id.xwingSignature });
  }
  return out;
}

/**
 * Removes a member and rotates the group key in one entry: there is no way to remove without
 * rotating. The new version is the log's current + 1, linked to the remaining members' pinned
 * keys. An admin cannot remove an owner; the last owner cannot leave.
 * @param state - the verified log.
 * @param account - an owner or admin, unlocked.
 * @param args - the group (holding every version the log announced that you have), the member to
 *   remove, and optionally the remaining members' identities as served (checked against the pins):
 *   those with an X-Wing key get v2 links. Required for every member when the log requires PQ links.
 * @param options - entry timestamp.
 * @returns the entry, the new state, the rotated group and the links of the new version.
 * @throws ZkvaultError `PQ_REQUIRED` (the log requires PQ links and a remaining member has no X-Wing
 *   key in `identities`), `NOT_AUTHORIZED`, `KEY_CHANGED`, `KEY_MISMATCH`, `KEY_LOCKED`, `INVALID_INPUT`.
 * @example
 * ```ts
 * import { addGroupMember, createAccount, createGroupLog, removeGroupMember } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const mallory = await signUp('mallory');
 * const created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const mId = mallory.identity;
 * const added = await addGroupMember(created.state, alice, { group: created.group, member: mId, role: 'writer' });
 * const removed = await removeGroupMember(added.state, alice, { group: created.group, memberId: 'mallory' });
 * console.log(removed.state.keyVersion, removed.links.map((l) => l.recipientId)); // 2 ['alice']
 * ```
 */
export async function removeGroupMember(
  state: GroupLogState,
  account: UnlockedAccount,
  args: RemoveGroupMemberArgs,
  options?: GroupLogOptions,
): Promise<GroupLogKeyResult> {
  const o = aargs(args);
  return rotateTo(state, account, o, aid(o['memberId'], 'args.memberId'), options);
}

/**
 * Rotates the group key: a new version (the log's current + 1) with its commitment, linked to
 * every member's pinned key, or over v2 (X-Wing) links to the members whose served identity has an
 * X-Wing key. When the log requires PQ links, every member (the author included) needs one.
 * @param state - the verified log.
 * @param account - an owner or admin, unlocked.
 * @param args - the group (holding the log's current version), and optionally the members'
 *   identities as served (checked against the pins; their `xwingPublicKey` gets a v2 link).
 * @param options - entry timestamp.
 * @returns the entry, the new state, the rotated group and the links.
 * @throws ZkvaultError `PQ_REQUIRED` (the log requires PQ links and a member has no X-Wing key),
 *   `NOT_AUTHORIZED`, `KEY_CHANGED`, `KEY_MISMATCH`, `KEY_LOCKED`, `INVALID_INPUT`.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, rotateGroupKey } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const rotated = await rotateGroupKey(created.state, account, { group: created.group });
 * console.log(rotated.state.keyVersion, rotated.group.keyVersions); // 2 [1, 2]
 * ```
 */
export async function rotateGroupKey(
  state: GroupLogState,
  account: UnlockedAccount,
  args: RotateGroupKeyArgs,
  options?: GroupLogOptions,
): Promise<GroupLogKeyResult> {
  return rotateTo(state, account, aargs(args), undefined, options);
}

/**
 * Sets a member's role. Only an owner grants or changes the owner role; the last owner cannot step
 * down. Roles are enforced by every verifier: entries from a writer or reader are refused, and links
 * count only from owners and admins.
 * @param state - the verified log.
 * @param account - an owner or admin, unlocked.
 * @param args - the member and the new role.
 * @param options - entry timestamp.
 * @returns the entry and the new state.
 * @throws ZkvaultError `NOT_AUTHORIZED`, `KEY_CHANGED`, `INVALID_INPUT`.
 * @example
 * ```ts
 * import { addGroupMember, createAccount, createGroupLog, setGroupRole } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const bobId = bob.identity;
 * const added = await addGroupMember(state, alice, { group, member: bobId, role: 'reader' });
 * const { state: next } = setGroupRole(added.state, alice, { memberId: 'bob', role: 'admin' });
 * console.log(next.member('bob')?.role); // admin
 * ```
 */
export function setGroupRole(
  state: GroupLogState,
  account: UnlockedAccount,
  args: SetGroupRoleArgs,
  options?: GroupLogOptions,
): GroupLogAppendResult {
  const a = author(account);
  requireManager(account, state);
  const o = aargs(args);
  const memberId = aid(o['memberId'], 'args.memberId');
  const role = aoneOf(o['role'], 'args.role', GROUP_ROLES);
  return signEntry(state, { tenantId: state.tenantId, groupId: state.groupId }, a, { op: 'set-role', memberId, role }, timeOf(options));
}

/**
 * Records a member's new identity keys after `KEY_CHANGED` (for example after an account reset),
 * once the user has confirmed the new fingerprint out of band. Until then, nothing is shared to the
 * new keys. Only an owner changes an owner's keys.
 * @param state - the verified log.
 * @param account - an owner or admin, unlocked.
 * @param args - the member's new identity as confirmed.
 * @param options - entry timestamp.
 * @returns the entry and the new state.
 * @throws ZkvaultError `NOT_AUTHORIZED`, `KEY_CHANGED` (the author's own keys), `INVALID_INPUT`.
 * @example
 * ```ts
 * import { addGroupMember, confirmMemberKeys, createAccount, createGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bobOld = await signUp('bob');
 * const bobNew = await signUp('bob'); // Bob reset his account: new keys
 * const { group, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const added = await addGroupMember(state, alice, { group, member: bobOld.identity, role: 'writer' });
 * // ... KEY_CHANGED when sharing to bobNew.identity; Alice checks Bob's new fingerprint, then:
 * const { state: next } = confirmMemberKeys(added.state, alice, { member: bobNew.identity });
 * console.log(next.member('bob')?.publicKey.join() === bobNew.publicKey.join()); // true
 * ```
 */
export function confirmMemberKeys(
  state: GroupLogState,
  account: UnlockedAccount,
  args: ConfirmMemberKeysArgs,
  options?: GroupLogOptions,
): GroupLogAppendResult {
  const a = author(account);
  requireManager(account, state);
  const member = checkIdentity(aargs(args)['member'], 'args.member');
  return signEntry(state, { tenantId: state.tenantId, groupId: state.groupId }, a, { op: 'update-keys', memberId: member.accountId, identity: member }, timeOf(options));
}

/**
 * Sets the group's link policy in the log: with `requirePq: true`, every key version announced from
 * then on is shared over v2 (X-Wing) links only, and `openLinkVerified` refuses v1 links for those
 * versions with `PQ_REQUIRED`, whatever the server or the app says. Rotate next
 * ({@link rotateGroupKey}) so the current version gets v2 links. Owners and admins require PQ;
 * only an owner lifts the requirement again (the entry stays visible to every member).
 * @param state - the verified log.
 * @param account - an owner or admin (an owner to lift the requirement), unlocked.
 * @param args - the policy.
 * @param options - entry timestamp.
 * @returns the entry and the new state.
 * @throws ZkvaultError `NOT_AUTHORIZED` (not an owner or admin; an admin lifting the requirement),
 *   `KEY_CHANGED` (the author's keys are not the pinned ones), `INVALID_INPUT`.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, rotateGroupKey, setGroupPolicy } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const { state } = setGroupPolicy(created.state, account, { requirePq: true });
 * const rotated = await rotateGroupKey(state, account, { group: created.group });
 * console.log(state.requirePq, rotated.links.map((l) => l.v)); // true [2]
 * ```
 */
export function setGroupPolicy(
  state: GroupLogState,
  account: UnlockedAccount,
  args: SetGroupPolicyArgs,
  options?: GroupLogOptions,
): GroupLogAppendResult {
  const a = author(account);
  requireManager(account, state);
  const requirePq = aargs(args)['requirePq'];
  if (typeof requirePq !== 'boolean') throw invalidInput('"args.requirePq" expected a boolean');
  return signEntry(state, { tenantId: state.tenantId, groupId: state.groupId }, a, { op: 'set-policy', requirePq }, timeOf(options));
}
