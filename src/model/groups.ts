/**
 * M_ResourceGroup and M_Link (docs/architecture.md section 5): group keys with versions, links as
 * RFC 9180 HPKE auth-mode ciphertexts (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) from the
 * sharer's `PRV_Account` to the member's `PUB_Account`, with the context as HPKE `info`:
 * ("zkvault/v1/link", tenant id, group id, key version, sender id, recipient id).
 *
 * Auth mode (RFC 9180 section 5.1.3) is what lets `openLink` check who made a link: only the holder
 * of the sender's private key can produce a ciphertext that opens with the sender's public key, so a
 * link the server forged, or moved to another group, version or member, fails to open.
 * @module
 */
import { assertBytes, afields, aobject, concatBytes } from '../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { createEnvelopeKey, type EnvelopeKey } from '../envelope/envelope-key.js';
import { openWith, sealWith } from '../hpke/hpke.js';
import { LockedKey, loadStored, storeKey, UnlockedKey } from '../keys/index.js';
import { accountSecrets, UnlockedAccount } from './account-state.js';
import { aid, encodeContext, PURPOSE } from './context.js';
import { modelDeps } from './deps.js';
import { parseLinkRecord, type LinkRecord } from './records.js';

/** Which group: the tenant (organisation) and the resource group, both bound into every key context. */
export interface ResourceGroupIds {
  /** The tenant (organisation) id. */
  tenantId: string;
  /** The resource group id. */
  resourceGroupId: string;
}

/** Result of {@link createResourceGroup}. */
export interface CreateResourceGroupResult {
  /** The new group, unlocked, at key version 1. */
  group: UnlockedResourceGroup;
  /** The link from the creator to itself: store it on the server. */
  link: LinkRecord;
}

/** Result of {@link rotateResourceGroup}. */
export interface RotateResourceGroupResult {
  /** The group with the new key version current (it still holds the old versions). */
  group: UnlockedResourceGroup;
  /** One link per member, the sender's first: store them on the server. */
  links: LinkRecord[];
}

/** A member to share with: the account id and the `PUB_Account` the app has checked (fingerprint). */
export interface Member {
  /** The member's account id. */
  readonly accountId: string;
  /** The member's `PUB_Account` (32-byte X25519 public key), checked out of band with {@link fingerprint}. */
  readonly publicKey: Uint8Array;
}

interface GroupVersion {
  readonly key: UnlockedKey<'SYM_ResourceGroup'>;
  envelope: Promise<EnvelopeKey> | undefined;
}

let versionsOf: (g: UnlockedResourceGroup) => Map<number, GroupVersion>;
let makeGroup: (tenantId: string, groupId: string, versions: Map<number, GroupVersion>) => UnlockedResourceGroup;

/**
 * A resource group whose key(s) are unlocked in memory. It holds one or more key versions; the
 * highest is current (used to encrypt), the others decrypt older resources (a keyring).
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, decryptResource, encryptResource } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * using group = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'proj1' }, account)).group;
 * const rec = await encryptResource({ resourceId: 'r1', type: 'request', plaintext: 'GET /' }, group);
 * console.log(group.keyVersion, new TextDecoder().decode(await decryptResource(rec, group))); // 1 'GET /'
 * ```
 */
export class UnlockedResourceGroup {
  /** Tenant (organization) id. */
  readonly tenantId: string;
  /** Resource group id. */
  readonly resourceGroupId: string;
  readonly #versions: Map<number, GroupVersion>;
  #disposed = false;

  // Hands the private constructor and key map to module functions (createResourceGroup, openLink,
  // groupEnvelopeKey, …) that build or read groups: JavaScript has no package-private members, and
  // public ones would put the raw group keys in the published type.
  static {
    versionsOf = (g) => {
      if (g.#disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the resource group was disposed');
      return g.#versions;
    };
    makeGroup = (t, id, v) => new UnlockedResourceGroup(t, id, v);
  }

  private constructor(tenantId: string, resourceGroupId: string, versions: Map<number, GroupVersion>) {
    this.tenantId = tenantId;
    this.resourceGroupId = resourceGroupId;
    this.#versions = versions;
  }

  /** The current (highest) key version. */
  get keyVersion(): number {
    return Math.max(...versionsOf(this).keys());
  }

  /** Every key version held, ascending. */
  get keyVersions(): number[] {
    return [...versionsOf(this).keys()].sort((a, b) => a - b);
  }

  /** Whether {@link UnlockedResourceGroup.dispose} was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Returns a group holding this group's versions and `other`'s (same tenant and group id), for
   * example the versions from several opened links. Keys are copied; both inputs stay usable.
   * @param other - another unlocked version set of the same group.
   * @returns the merged group.
   * @throws ZkvaultError `INVALID_INPUT` if `other` is another group; `KEY_LOCKED` if either was disposed.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup, openLink, rotateResourceGroup } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { group, link: link1 } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * const { links: [link2] } = await rotateResourceGroup(group, account, []);
   * // Another device opens the two links (one per key version) and merges the versions.
   * const me = { accountId: account.accountId, publicKey: account.publicKey };
   * const v1 = await openLink(link1, account, me);
   * const v2 = await openLink(link2!, account, me);
   * const all = v1.merge(v2);
   * console.log(all.keyVersions); // [1, 2]
   * ```
   */
  merge(other: UnlockedResourceGroup): UnlockedResourceGroup {
    if (!(other instanceof UnlockedResourceGroup) || other.tenantId !== this.tenantId || other.resourceGroupId !== this.resourceGroupId) {
      throw invalidInput('"other" expected the same tenant and resource group');
    }
    const merged = copyVersions(this);
    for (const [v, gv] of versionsOf(other)) if (!merged.has(v)) merged.set(v, { key: UnlockedKey.from('SYM_ResourceGroup', gv.key.bytes()), envelope: undefined });
    return makeGroup(this.tenantId, this.resourceGroupId, merged);
  }

  /**
   * Wipes every key version; later use throws `KEY_LOCKED`.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * group.dispose();
   * console.log(group.disposed); // true
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const gv of this.#versions.values()) {
      gv.key.dispose();
      void gv.envelope?.then((e) => e.dispose(), () => undefined);
    }
  }

  /** Same as {@link UnlockedResourceGroup.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Refuses serialisation: `SYM_ResourceGroup` is never stored (seed table: stored N).
   * @returns never.
   * @throws ZkvaultError `NOT_STORABLE`, always.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup, ZkvaultError } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * try {
   *   JSON.stringify(group); // throws NOT_STORABLE
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'NOT_STORABLE') throw e;
   *   console.log('refused:', e.code);
   * }
   * ```
   */
  toJSON(): never {
    throw new ZkvaultError('NOT_STORABLE', 'zkvault: SYM_ResourceGroup must never be stored');
  }
}

function copyVersions(g: UnlockedResourceGroup): Map<number, GroupVersion> {
  const out = new Map<number, GroupVersion>();
  for (const [v, gv] of versionsOf(g)) out.set(v, { key: UnlockedKey.from('SYM_ResourceGroup', gv.key.bytes()), envelope: undefined });
  return out;
}

/**
 * @internal The envelope key of one version, cached on the group.
 * @param g - the group.
 * @param version - the key version.
 * @returns the prepared envelope key.
 * @throws ZkvaultError `DECRYPT_FAILED` if the group does not hold that version (the version number
 *   comes from a record the server controls); `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * const ek = await groupEnvelopeKey(group, record.keyVersion);
 * ```
 */
export function groupEnvelopeKey(g: UnlockedResourceGroup, version: number): Promise<EnvelopeKey> {
  const gv = versionsOf(g).get(version);
  if (gv === undefined) throw decryptFailed();
  gv.envelope ??= createEnvelopeKey(modelDeps(), gv.key.bytes());
  return gv.envelope;
}

function amember(m: unknown, name: string): Member {
  const { accountId, publicKey } = afields(m, name);
  return { accountId: aid(accountId, `${name}.accountId`), publicKey: assertBytes(publicKey, `${name}.publicKey`, 32) };
}

/** @internal Checks an unlocked group argument. */
export function agroup(g: unknown): UnlockedResourceGroup {
  if (!(g instanceof UnlockedResourceGroup)) throw invalidInput('"group" expected an UnlockedResourceGroup');
  return g;
}

/** @internal Checks an unlocked account argument. */
export function aaccount(a: unknown, name: string): UnlockedAccount {
  if (!(a instanceof UnlockedAccount)) throw invalidInput(`"${name}" expected an UnlockedAccount`);
  return a;
}

function linkInfo(tenantId: string, groupId: string, version: number, senderId: string, recipientId: string): Uint8Array {
  return encodeContext(PURPOSE.link, [tenantId, groupId, version, senderId, recipientId]);
}

/**
 * @internal Seals one v1 link of `version` from `sender` to `recipient` (HPKE auth mode). Not
 * exported from `zkvault`.
 * @param g - the group holding `version`.
 * @param version - the key version to share.
 * @param sender - the sender's unlocked account.
 * @param recipient - a checked member (account id and `PUB_Account`).
 * @returns the link record.
 * @throws ZkvaultError `INVALID_INPUT` if the group lacks the version or the key is unusable.
 * @example
 * ```ts
 * const link = await sealLink(group, group.keyVersion, alice, { accountId: 'bob', publicKey });
 * ```
 */
export async function sealLink(g: UnlockedResourceGroup, version: number, sender: UnlockedAccount, recipient: Member): Promise<LinkRecord> {
  const gv = versionsOf(g).get(version);
  if (gv === undefined) throw invalidInput('"group" does not hold that key version');
  const { prvAccount } = accountSecrets(sender);
  const info = linkInfo(g.tenantId, g.resourceGroupId, version, sender.accountId, recipient.accountId);
  let sealed;
  try {
    sealed = await sealWith(modelDeps(), {
      recipientPublicKey: recipient.publicKey,
      senderPrivateKey: prvAccount.bytes(),
      plaintext: gv.key.bytes(),
      info,
      aead: 'AES-256-GCM',
    });
  } catch (e) {
    // A low-order (malicious) recipient key makes X25519 fail; say which argument.
    if (e instanceof ZkvaultError && e.code === 'INVALID_INPUT') throw invalidInput('"recipient.publicKey" is not a usable X25519 public key');
    throw e;
  }
  return {
    v: 1,
    suite: 'zkv1',
    tenantId: g.tenantId,
    resourceGroupId: g.resourceGroupId,
    keyVersion: version,
    senderId: sender.accountId,
    recipientId: recipient.accountId,
    SYM_Link: storeKey(new LockedKey('SYM_Link', concatBytes(sealed.enc, sealed.ciphertext))),
  };
}

/**
 * Creates a resource group with a fresh random `SYM_ResourceGroup` (key version 1) and a link to
 * the creator's own account, which the server stores so the creator's other devices can open it.
 * @param ids - tenant (organization) id and resource group id.
 * @param account - the creator, unlocked.
 * @returns the unlocked group and the self-link record.
 * @throws ZkvaultError `INVALID_INPUT` on a bad id; `KEY_LOCKED` if the account was disposed.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group, link } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * console.log(JSON.stringify(link)); // store the link on the server
 * console.log(group.keyVersion); // 1
 * ```
 */
export async function createResourceGroup(
  ids: ResourceGroupIds,
  account: UnlockedAccount,
): Promise<CreateResourceGroupResult> {
  aaccount(account, 'account');
  aobject(ids, 'ids');
  const tenantId = aid(ids.tenantId, 'tenantId');
  const resourceGroupId = aid(ids.resourceGroupId, 'resourceGroupId');
  const raw = modelDeps().random.randomBytes(32);
  const key = UnlockedKey.from('SYM_ResourceGroup', raw);
  raw.fill(0);
  const group = makeGroup(tenantId, resourceGroupId, new Map([[1, { key, envelope: undefined }]]));
  const link = await sealLink(group, 1, account, { accountId: account.accountId, publicKey: account.publicKey });
  return { group, link };
}

/**
 * Shares the group's current key version with a member: a new link from `sender` to `recipient`.
 * Check `recipient.publicKey` first (compare `fingerprint(publicKey)` out of band): the server
 * chooses which public key it serves.
 * @param group - the unlocked group.
 * @param sender - the sharer's unlocked account (its `PRV_Account` authenticates the link).
 * @param recipient - the member's account id and `PUB_Account`.
 * @returns the link record for the server.
 * @throws ZkvaultError `INVALID_INPUT` on a bad argument or an unusable public key; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, shareResourceGroup } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 *
 * const bobPub = bob.publicKey; // as served by the server: compare fingerprint(bobPub) with Bob first
 * const link = await shareResourceGroup(group, alice, { accountId: 'bob', publicKey: bobPub });
 * console.log(link.senderId, link.recipientId); // alice bob
 * ```
 */
export async function shareResourceGroup(group: UnlockedResourceGroup, sender: UnlockedAccount, recipient: Member): Promise<LinkRecord> {
  const g = agroup(group);
  aaccount(sender, 'sender');
  return sealLink(g, g.keyVersion, sender, amember(recipient, 'recipient'));
}

/**
 * Opens a link addressed to `recipient` and made by `sender`. Fails unless the link was sealed by
 * the holder of `sender.publicKey`'s private key, to this recipient, for exactly the tenant, group
 * and key version it names.
 * @param link - the link record (untrusted server input).
 * @param recipient - the recipient's unlocked account.
 * @param sender - who the app expects made the link: account id and a checked `PUB_Account`.
 * @returns the group, holding the link's key version.
 * @throws ZkvaultError `INVALID_RECORD` on a bad shape; `WRONG_SENDER` if the link names another
 *   sender; `DECRYPT_FAILED` (one message) if it does not open: forged, moved, tampered, or addressed
 *   to someone else.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, openLink, shareResourceGroup } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const shared = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice)).group;
 * const link = await shareResourceGroup(shared, alice, { accountId: 'bob', publicKey: bob.publicKey });
 *
 * const alicePub = alice.publicKey; // as served by the server: compare fingerprint(alicePub) with Alice first
 * const group = await openLink(link, bob, { accountId: 'alice', publicKey: alicePub });
 * console.log(group.resourceGroupId, group.keyVersion); // g1 1
 * ```
 */
export async function openLink(link: LinkRecord, recipient: UnlockedAccount, sender: Member): Promise<UnlockedResourceGroup> {
  const l = parseLinkRecord(link);
  aaccount(recipient, 'recipient');
  const s = amember(sender, 'sender');
  if (l.senderId !== s.accountId) throw new ZkvaultError('WRONG_SENDER', 'zkvault: the link names another sender');
  const { prvAccount } = accountSecrets(recipient);
  if (l.recipientId !== recipient.accountId) throw decryptFailed();
  const sym = loadStored(l.SYM_Link, 'SYM_Link');
  let raw: Uint8Array;
  try {
    raw = await openWith(modelDeps(), {
      recipientPrivateKey: prvAccount.bytes(),
      senderPublicKey: s.publicKey,
      enc: sym.subarray(0, 32),
      ciphertext: sym.subarray(32),
      info: linkInfo(l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId),
      aead: 'AES-256-GCM',
    });
  } catch {
    // Low-order enc or sender key, bad tag: all the same failure to the caller.
    throw decryptFailed();
  }
  if (raw.length !== 32) throw decryptFailed();
  const key = UnlockedKey.from('SYM_ResourceGroup', raw);
  raw.fill(0);
  return makeGroup(l.tenantId, l.resourceGroupId, new Map([[l.keyVersion, { key, envelope: undefined }]]));
}

/**
 * Rotates the group key (for example after removing a member): a new random key with version
 * current + 1, and links for the sender and each of `members` only. Leave the removed member out;
 * their old links are not re-issued. The returned group still holds the old versions, so older
 * resources stay readable until re-encrypted.
 * @param group - the unlocked group.
 * @param sender - the rotating member's unlocked account (also gets a link).
 * @param members - the remaining members (checked public keys).
 * @returns the group with the new version current, and one link per member (the sender's first).
 * @throws ZkvaultError `INVALID_INPUT` on a bad argument or duplicate member ids; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, rotateResourceGroup, shareResourceGroup } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const carol = await signUp('carol');
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * for (const m of [bob, carol]) await shareResourceGroup(group, alice, { accountId: m.accountId, publicKey: m.publicKey });
 *
 * const members = [{ accountId: 'bob', publicKey: bob.publicKey }]; // carol removed
 * const { group: g2, links } = await rotateResourceGroup(group, alice, members);
 * console.log(g2.keyVersions, links.map((l) => l.recipientId)); // [1, 2] ['alice', 'bob']
 * ```
 */
export async function rotateResourceGroup(
  group: UnlockedResourceGroup,
  sender: UnlockedAccount,
  members: Member[],
): Promise<RotateResourceGroupResult> {
  const g = agroup(group);
  aaccount(sender, 'sender');
  if (!Array.isArray(members)) throw invalidInput('"members" expected an array');
  const list = members.map((m, i) => amember(m, `members[${i}]`));
  const self: Member = { accountId: sender.accountId, publicKey: sender.publicKey };
  const all = [self, ...list.filter((m) => m.accountId !== sender.accountId)];
  if (new Set(all.map((m) => m.accountId)).size !== all.length) throw invalidInput('"members" has duplicate account ids');
  const rotated = withNextVersion(g);
  const links: LinkRecord[] = [];
  for (const m of all) links.push(await sealLink(rotated, rotated.keyVersion, sender, m));
  return { group: rotated, links };
}

/**
 * @internal A copy of `g` with a fresh random key at version current + 1, and no links. Not
 * exported from `zkvault`; `rotateResourceGroup` and `rotateResourceGroupPq` seal its links.
 * @param g - the group.
 * @returns the new group (the caller disposes it on failure).
 * @throws ZkvaultError `INVALID_INPUT` if the version would overflow; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * const rotated = withNextVersion(group);
 * ```
 */
export function withNextVersion(g: UnlockedResourceGroup): UnlockedResourceGroup {
  const next = g.keyVersion + 1;
  if (next > 2 ** 32 - 1) throw invalidInput('"group" key version would overflow');
  const versions = copyVersions(g);
  const raw = modelDeps().random.randomBytes(32);
  versions.set(next, { key: UnlockedKey.from('SYM_ResourceGroup', raw), envelope: undefined });
  raw.fill(0);
  return makeGroup(g.tenantId, g.resourceGroupId, versions);
}

/**
 * @internal A copy of the key bytes of one version, or undefined if the group does not hold it.
 * Not exported from `zkvault`; the group log code uses it to compute key commitments.
 * @param g - the group.
 * @param version - the key version.
 * @returns a copy of the 32-byte key (wipe it after use), or undefined.
 * @throws ZkvaultError `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * const key = groupKeyBytes(group, 2);
 * ```
 */
export function groupKeyBytes(g: UnlockedResourceGroup, version: number): Uint8Array | undefined {
  return versionsOf(g).get(version)?.key.bytes().slice();
}

/**
 * @internal A view of `g` holding only the listed versions (those it holds): it shares `g`'s keys
 * and cached envelope keys, so it costs no key import. Never dispose a view (that would wipe `g`'s
 * keys) and never hand one to the caller; disposing `g` makes the view's keys unusable too. Not
 * exported from `zkvault`; the group log code uses it to leave out versions the log does not vouch for.
 * @param g - the group.
 * @param versions - the versions to keep.
 * @returns the view.
 * @throws ZkvaultError `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * const held = groupView(group, [1, 2]);
 * ```
 */
export function groupView(g: UnlockedResourceGroup, versions: readonly number[]): UnlockedResourceGroup {
  const have = versionsOf(g);
  const out = new Map<number, GroupVersion>();
  for (const v of versions) {
    const gv = have.get(v);
    if (gv !== undefined) out.set(v, gv);
  }
  return makeGroup(g.tenantId, g.resourceGroupId, out);
}

/**
 * @internal A group holding one key version, from a key a link carried (links v2, src/model/links-v2.ts).
 * Not exported from `zkvault`.
 * @param tenantId - the tenant id.
 * @param resourceGroupId - the group id.
 * @param version - the key version.
 * @param raw - the 32-byte key (copied; the caller wipes its array).
 * @returns the group.
 * @throws never for a 32-byte key.
 * @example
 * ```ts
 * const g = groupFromKey(l.tenantId, l.resourceGroupId, l.keyVersion, raw);
 * ```
 */
export function groupFromKey(tenantId: string, resourceGroupId: string, version: number, raw: Uint8Array): UnlockedResourceGroup {
  return makeGroup(tenantId, resourceGroupId, new Map([[version, { key: UnlockedKey.from('SYM_ResourceGroup', raw), envelope: undefined }]]));
}
