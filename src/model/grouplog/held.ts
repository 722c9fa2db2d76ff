/**
 * Links and resources held to the group log (docs/protocol.md, "Links and resources held to the
 * log"). A link counts only for a key version a create, rotate or remove entry announced, from a
 * sender who was an owner or admin while that version was current, with the key the entry committed
 * to (HMAC-SHA256, RFC 2104). Resources are encrypted under the log's current version, never the
 * highest version held. Shares go to the keys the log pinned.
 * @module
 */
import { aobject, equalBytes } from '../../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../../errors.js';
import type { UnlockedAccount } from '../account-state.js';
import { aaccount, agroup, groupKeyBytes, groupView, openLink, sealLink, UnlockedResourceGroup } from '../groups.js';
import { checkIdentity, type Identity } from '../identity.js';
import { isLinkV2, openLinkV2, parseLinkRecordV2, pqRequired, sealLinkV2, type AnyLinkRecord } from '../links-v2.js';
import { parseLinkRecord, type ResourceRecord } from '../records.js';
import { encryptResource, type ResourceInput } from '../resources.js';
import type { ShareGroupKeyArgs } from './args.js';
import { keyMatches } from './commitment.js';
import { GroupLogState, stateData, type GroupMember, type StateData } from './state.js';

/** The key of `version` held in `g`, checked against the log's commitment; undefined if not held. */
function checkedKey(d: StateData, g: UnlockedResourceGroup, version: number): boolean | undefined {
  const rec = d.versions.get(version);
  const key = groupKeyBytes(g, version);
  if (rec === undefined || key === undefined) return undefined;
  try {
    return keyMatches(key, rec.commitment, d.tenantId, d.groupId, version);
  } finally {
    key.fill(0);
  }
}

/**
 * @internal A view of `group` (sharing its keys: never dispose it, never return it) holding only
 * versions the log announced, each checked against its commitment, so its current (highest) version
 * is the log's current version. Versions the log does not know (a planted version) are left out.
 * @param group - the unlocked group.
 * @param state - the verified log state.
 * @param all - check every version the log announced (rotation), or only the current one (encrypt, share).
 * @returns the view.
 * @throws ZkvaultError `KEY_MISMATCH` if a held key differs from the log's commitment; `KEY_LOCKED`
 *   if the group does not hold the log's current version; `INVALID_INPUT` for another group.
 * @example
 * ```ts
 * const held = heldToLog(group, state, false);
 * ```
 */
export function heldToLog(group: UnlockedResourceGroup, state: GroupLogState, all: boolean): UnlockedResourceGroup {
  const g = agroup(group);
  const d = stateData(state);
  if (g.tenantId !== d.tenantId || g.resourceGroupId !== d.groupId) throw invalidInput('"group" is another group than the log\'s');
  const keep: number[] = [];
  for (const v of all ? d.versions.keys() : [d.keyVersion]) {
    const ok = checkedKey(d, g, v);
    if (ok === false) throw new ZkvaultError('KEY_MISMATCH', `zkvault: the key held for version ${v} is not the one the group log committed to`);
    if (ok) keep.push(v);
  }
  if (!keep.includes(d.keyVersion)) {
    throw new ZkvaultError('KEY_LOCKED', `zkvault: the group does not hold the log's current key version ${d.keyVersion}; open its link first`);
  }
  return groupView(g, keep);
}

/**
 * Opens a link and holds it to the group log: it must carry a version the log announced, come
 * from a sender who was an owner or admin while that version was current (opened with the
 * sender's pinned `PUB_Account`), and carry the key the log committed to for that version.
 * Use it instead of `openLink` for groups with a log. A v2 (X-Wing) link is checked against the
 * sender's pinned `PUB_Sign`; a v1 link for a version the log announced while the group required
 * PQ links is refused before anything is decrypted.
 * @param link - the link record, v1 or v2 (untrusted server input).
 * @param account - the recipient's unlocked account.
 * @param state - the verified log of the link's group.
 * @returns the group holding the link's version.
 * @throws ZkvaultError `PQ_REQUIRED` (a v1 link where the log requires v2), `VERSION_NOT_IN_LOG` (a planted version), `NOT_AUTHORIZED` (a sender without
 *   the role for that version, such as a removed member), `KEY_MISMATCH` (a key other than the
 *   committed one for that version), `DECRYPT_FAILED` (forged, moved or tampered link),
 *   `INVALID_RECORD` (bad shape).
 * @example
 * ```ts
 * import { addGroupMember, createAccount, createGroupLog, openLinkVerified, verifyGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const created = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const added = await addGroupMember(created.state, alice, { group: created.group, member: bob.identity, role: 'writer' });
 *
 * // Bob: verify the log the server serves, then open his link against it.
 * const { state } = verifyGroupLog([created.entry, added.entry]);
 * const group = await openLinkVerified(added.link, bob, state);
 * console.log(group.keyVersion); // 1
 * ```
 */
export async function openLinkVerified(link: AnyLinkRecord, account: UnlockedAccount, state: GroupLogState): Promise<UnlockedResourceGroup> {
  const v2 = isLinkV2(link);
  const l = v2 ? parseLinkRecordV2(link) : parseLinkRecord(link);
  aaccount(account, 'account');
  const d = stateData(state);
  // A link of another group was moved by the server.
  if (l.tenantId !== d.tenantId || l.resourceGroupId !== d.groupId) throw decryptFailed();
  const rec = d.versions.get(l.keyVersion);
  if (rec === undefined) throw new ZkvaultError('VERSION_NOT_IN_LOG', `zkvault: key version ${l.keyVersion} was never announced in the group log`);
  // The policy comes from the signed log, not from the server or the app: a downgrade to v1 fails here.
  if (!v2 && rec.requirePq) throw pqRequired(`key version ${l.keyVersion} was announced under it and this is a v1 (X25519) link`);
  const sender = rec.senders.get(l.senderId);
  if (sender === undefined) throw new ZkvaultError('NOT_AUTHORIZED', `zkvault: the link's sender held no role to share key version ${l.keyVersion}`);
  const g =
    l.v === 2
      ? await openLinkV2(l, account, { accountId: l.senderId, signPublicKey: sender.signPublicKey })
      : await openLink(l, account, { accountId: l.senderId, publicKey: sender.publicKey });
  if (checkedKey(d, g, l.keyVersion) !== true) {
    g.dispose();
    throw new ZkvaultError('KEY_MISMATCH', `zkvault: the link carries another key than the group log committed to for version ${l.keyVersion}`);
  }
  return g;
}

/**
 * @internal Seals the held group's current version to a member by the log's policy: a v2 link to
 * the served `PUB_XWing` when the group requires PQ links (`PQ_REQUIRED` if the member has none),
 * a v1 link to the pinned `PUB_Account` otherwise.
 * @param held - the group view held to the log.
 * @param account - the sender.
 * @param state - the verified log.
 * @param to - the member: account id, pinned `PUB_Account` and `PUB_Sign`, served `PUB_XWing` and `SIG_XWing` if any.
 * @returns the link record.
 * @throws ZkvaultError `PQ_REQUIRED`; `VERIFY_FAILED` if the served `PUB_XWing` is not certified by
 *   the pinned `PUB_Sign`; `INVALID_INPUT` on an unusable key.
 * @example
 * ```ts
 * const link = await sealByPolicy(held, alice, state, { accountId: 'bob', publicKey, signPublicKey, xwingPublicKey, xwingSignature });
 * ```
 */
export async function sealByPolicy(
  held: UnlockedResourceGroup,
  account: UnlockedAccount,
  state: GroupLogState,
  to: {
    readonly accountId: string;
    readonly publicKey: Uint8Array;
    readonly signPublicKey: Uint8Array;
    readonly xwingPublicKey?: Uint8Array | undefined;
    readonly xwingSignature?: Uint8Array | undefined;
  },
): Promise<AnyLinkRecord> {
  if (!state.requirePq) return sealLink(held, held.keyVersion, account, { accountId: to.accountId, publicKey: to.publicKey });
  if (to.xwingPublicKey === undefined) throw pqRequired(`${JSON.stringify(to.accountId)} has no X-Wing key`);
  // sealLinkV2 verifies SIG_XWing under the pinned PUB_Sign before sealing.
  const pm = { accountId: to.accountId, xwingPublicKey: to.xwingPublicKey, signPublicKey: to.signPublicKey };
  return sealLinkV2(held, held.keyVersion, account, to.xwingSignature === undefined ? pm : { ...pm, xwingSignature: to.xwingSignature });
}

/**
 * Checks an identity the server serves now against the keys the log pinned for that member.
 * @param identity - the account id and keys as served.
 * @param state - the verified log.
 * @returns the pinned member.
 * @throws ZkvaultError `NOT_AUTHORIZED` if the account is not a member; `KEY_CHANGED` if its keys
 *   differ from the pinned ones (for example after an account reset, or a server substituting
 *   keys): show it to the user, and only after they confirm it out of band record the new keys
 *   with `confirmMemberKeys`.
 * @example
 * ```ts
 * import { checkMemberIdentity, createAccount, createGroupLog } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * console.log(checkMemberIdentity(account.identity, state).role); // owner
 * ```
 */
export function checkMemberIdentity(identity: Identity, state: GroupLogState): GroupMember {
  const id = checkIdentity(identity, 'identity');
  if (!(state instanceof GroupLogState)) throw invalidInput('"state" expected a GroupLogState');
  const m = state.member(id.accountId);
  if (m === undefined) throw new ZkvaultError('NOT_AUTHORIZED', `zkvault: ${JSON.stringify(id.accountId)} is not a member of the group`);
  if (!equalBytes(m.publicKey, id.publicKey) || !equalBytes(m.signPublicKey, id.signPublicKey)) {
    throw new ZkvaultError('KEY_CHANGED', `zkvault: the keys of ${JSON.stringify(id.accountId)} differ from the ones the group log pinned`);
  }
  return m;
}

/**
 * @internal Refuses an author whose keys are not the pinned ones or who is not an owner or admin.
 * @param account - the acting account.
 * @param state - the verified log.
 * @returns nothing.
 * @throws ZkvaultError `KEY_CHANGED` or `NOT_AUTHORIZED`.
 * @example
 * ```ts
 * requireManager(account, state);
 * ```
 */
export function requireManager(account: UnlockedAccount, state: GroupLogState): void {
  const m = checkMemberIdentity(aaccount(account, 'account').identity, state);
  if (m.role !== 'owner' && m.role !== 'admin') throw new ZkvaultError('NOT_AUTHORIZED', `zkvault: a ${m.role} cannot share or change the group`);
}

/**
 * Shares the log's current key version with a member, sealed to the `PUB_Account` the log pinned
 * (a v1 link), or, when the log requires PQ links, to the member's `PUB_XWing` (a v2 link signed
 * with the sharer's `PRV_Sign`). `recipient` is the identity the server serves now: if its pinned
 * keys differ from the log's, nothing is sealed. The log pins no X-Wing key: check the served one
 * with `fingerprint` (which covers it).
 * @param state - the verified log.
 * @param account - the sharer (an owner or admin), unlocked.
 * @param args - the group holding the current version, and the recipient's identity.
 * @returns the link record for the server.
 * @throws ZkvaultError `PQ_REQUIRED` (the log requires PQ links and `recipient` has no X-Wing key),
 *   `KEY_CHANGED` (the recipient's or the sharer's keys differ from the pinned ones), `NOT_AUTHORIZED` (the recipient is not a member, or the sharer is not an owner or admin),
 *   `KEY_MISMATCH` / `KEY_LOCKED` (the group does not hold the log's current key).
 * @example
 * ```ts
 * import { addGroupMember, createAccount, createGroupLog, shareGroupKey } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const added = await addGroupMember(state, alice, { group, member: bob.identity, role: 'reader' });
 *
 * // Later (for example to Bob's new device): share again, to the pinned keys.
 * const link = await shareGroupKey(added.state, alice, { group, recipient: bob.identity });
 * console.log(link.recipientId, link.keyVersion); // bob 1
 * ```
 */
export async function shareGroupKey(
  state: GroupLogState,
  account: UnlockedAccount,
  args: ShareGroupKeyArgs,
): Promise<AnyLinkRecord> {
  requireManager(account, state);
  aobject(args, 'args');
  const pinned = checkMemberIdentity(args.recipient, state);
  const served = checkIdentity(args.recipient, 'args.recipient');
  return sealByPolicy(heldToLog(args.group, state, false), account, state, {
    accountId: pinned.accountId,
    publicKey: pinned.publicKey,
    signPublicKey: pinned.signPublicKey,
    xwingPublicKey: served.xwingPublicKey,
    xwingSignature: served.xwingSignature,
  });
}

/**
 * Encrypts a resource under the log's current key version, never the highest version held: a
 * version someone planted through a link is ignored, and a held key for the current version must
 * match the log's commitment.
 * @param resource - `resourceId`, `type` and the `plaintext` (bytes or a string (UTF-8); at most 64 MiB),
 *   as for `encryptResource`.
 * @param group - the unlocked group (it must hold the log's current version).
 * @param state - the verified log.
 * @returns the resource record for the server.
 * @throws ZkvaultError `KEY_MISMATCH` (the held key is not the committed one), `KEY_LOCKED` (the
 *   group does not hold the current version), `INVALID_INPUT` as `encryptResource`.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, decryptResource, encryptResourceVerified } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group, state } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const rec = await encryptResourceVerified({ resourceId: 'r1', type: 'note', plaintext: 'hello' }, group, state);
 * console.log(rec.keyVersion, new TextDecoder().decode(await decryptResource(rec, group))); // 1 hello
 * ```
 */
export async function encryptResourceVerified(
  resource: ResourceInput,
  group: UnlockedResourceGroup,
  state: GroupLogState,
): Promise<ResourceRecord> {
  return encryptResource(resource, heldToLog(group, state, false));
}
