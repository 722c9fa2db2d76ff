/**
 * Links v2 (issue 18): post-quantum links next to v1. A v2 link is an RFC 9180 HPKE base-mode
 * ciphertext with the X-Wing KEM (draft-connolly-cfrg-xwing-kem-10: ML-KEM-768 per FIPS 203 +
 * X25519; KEM id 0x647a), HKDF-SHA256 and AES-256-GCM (src/hpke/xwing.ts), sealed to the member's
 * `PUB_XWing`, with the context as HPKE `info`:
 * ("zkvault/v2/link", tenant id, group id, key version, sender id, recipient id).
 *
 * X-Wing has no auth mode, so the sender signs the link's canonical bytes with `PRV_Sign`
 * (Ed25519, RFC 8032):
 * ("zkvault/v2/link-signature", tenant, group, key version, sender id, recipient id,
 *  base64url(recipient PUB_XWing), SYM_Link text).
 * `openLinkV2` verifies that signature against the sender's pinned `PUB_Sign` before it
 * decapsulates anything, so a link the server forged, moved to another group, version or member,
 * re-encrypted, or stripped of its signature fails before any secret-key operation.
 *
 * Policy (a group that requires PQ links): {@link openGroupLink} refuses v1 links for it with
 * `PQ_REQUIRED`; {@link rotateResourceGroupPq} issues v2 links to every member with an X-Wing key
 * (and, unless PQ is required, v1 links to the others: mixed groups keep working).
 * Byte layout: docs/formats.md, "`LinkRecordV2`".
 * @module
 */
import { assertBytes, afields, aobject, concatBytes, isBytes, isPlainObject, toBase64url } from '../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { openXWingWith, sealXWingWith, XWING_NENC, XWING_NPK } from '../hpke/xwing.js';
import { LockedKey, loadStored, storeKey, type StoredText } from '../keys/index.js';
import { accountSecrets, accountSigner, UnlockedAccount } from './account-state.js';
import { verifyXWingKey } from './account-xwing.js';
import { aid, encodeContext, MAX_ID_LENGTH, MAX_KEY_VERSION, PURPOSE } from './context.js';
import { modelDeps } from './deps.js';
import { agroup, groupFromKey, groupKeyBytes, openLink, sealLink, UnlockedResourceGroup, withNextVersion, type Member } from './groups.js';
import { parseLinkRecord, type LinkRecord } from './records.js';

/** Record format version of links v2. */
export const LINK_V2_VERSION = 2;
/** Suite name of links v2. */
export const LINK_V2_SUITE = 'zkv2-xwing';
/** Length of a v2 `SYM_Link`: X-Wing enc (1120) ‖ AES-256-GCM ciphertext of the 32-byte group key with its tag (48). */
export const SYM_LINK_V2_LENGTH: number = XWING_NENC + 48;
/** Length of `SIG_Link`, an Ed25519 signature. */
export const SIG_LINK_LENGTH = 64;

/** A link v2 (M_Link, issue 18): one version of a group key, X-Wing-sealed to a member and signed by the sender. */
export interface LinkRecordV2 extends Omit<LinkRecord, 'v' | 'suite' | 'SYM_Link'> {
  /** Record format version: always 2. */
  readonly v: 2;
  /** Suite: always `'zkv2-xwing'`. */
  readonly suite: 'zkv2-xwing';
  /** X-Wing enc (1120 bytes) ‖ AES-256-GCM ciphertext of `SYM_ResourceGroup` (48 bytes), base64url. */
  readonly SYM_Link: StoredText<'SYM_Link'>;
  /** The sender's Ed25519 signature of the canonical bytes (64 bytes, base64url). */
  readonly SIG_Link: string;
}

/** Either link format, as the server stores them. */
export type AnyLinkRecord = LinkRecord | LinkRecordV2;

/**
 * A member to share with over a v2 link: the account id, the `PUB_Sign` the app trusts for it
 * (pinned, or checked with {@link fingerprint}), and the served `PUB_XWing` with its `SIG_XWing`
 * certificate. An {@link Identity} with an X-Wing key fits.
 */
export interface PqMember {
  /** The member's account id. */
  readonly accountId: string;
  /** The member's 1216-byte X-Wing public key, as served. */
  readonly xwingPublicKey: Uint8Array;
  /** The member's Ed25519 public key the app trusts (pinned): it must have certified `xwingPublicKey`. */
  readonly signPublicKey: Uint8Array;
  /** `SIG_XWing`, the member's certificate of `xwingPublicKey`; missing or bad gives `VERIFY_FAILED`. */
  readonly xwingSignature?: Uint8Array | undefined;
}

/**
 * A member of a mixed group: X25519 `publicKey` always; `xwingPublicKey` when the member has one,
 * then with the trusted `signPublicKey` and the `xwingSignature` certificate (an {@link Identity} fits).
 */
export interface MixedMember extends Member {
  /** The member's X-Wing public key, if any: then it gets a v2 link. */
  readonly xwingPublicKey?: Uint8Array | undefined;
  /** The member's trusted `PUB_Sign`; needed with `xwingPublicKey`. */
  readonly signPublicKey?: Uint8Array | undefined;
  /** The member's `SIG_XWing`; needed with `xwingPublicKey`. */
  readonly xwingSignature?: Uint8Array | undefined;
}

/** Who the recipient expects made a v2 link: the account id and its pinned `PUB_Sign`. */
export interface LinkSigner {
  /** The sender's account id. */
  readonly accountId: string;
  /** The sender's 32-byte Ed25519 public key, as pinned (group log or fingerprint check). */
  readonly signPublicKey: Uint8Array;
}

/** The link policy of one group. */
export interface LinkPolicy {
  /** Whether the group requires post-quantum (v2) links: v1 links are refused with `PQ_REQUIRED`. */
  readonly requirePq: boolean;
}

const KEYS_V2 = ['v', 'suite', 'tenantId', 'resourceGroupId', 'keyVersion', 'senderId', 'recipientId', 'SYM_Link', 'SIG_Link'];

function bad(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${what}`);
}

function rid(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) throw bad(`"${name}" expected a string of length 1..${MAX_ID_LENGTH}`);
  try {
    return aid(value, name);
  } catch {
    throw bad(`"${name}" expected a well-formed string`);
  }
}

/**
 * Validates an untrusted link v2 record (shape, ids, lengths; nothing cryptographic).
 * @param value - the parsed JSON.
 * @returns the record, typed.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation: a missing or extra field (a stripped
 *   `SIG_Link`), another version or suite, a `SYM_Link` that is not 1168 bytes or a `SIG_Link` that
 *   is not 64.
 * @example
 * ```ts
 * import { parseLinkRecordV2 } from 'zkvault';
 *
 * try {
 *   parseLinkRecordV2({ v: 2, suite: 'zkv2-xwing' }); // fields missing
 * } catch (e) {
 *   console.log((e as { code: string }).code); // INVALID_RECORD
 * }
 * ```
 */
export function parseLinkRecordV2(value: unknown): LinkRecordV2 {
  return parseV2(value).record;
}

/** Validates a link v2 record and keeps the decoded `SYM_Link` and `SIG_Link` (opening needs them: not decoded twice). */
function parseV2(value: unknown): { record: LinkRecordV2; sym: Uint8Array; sig: Uint8Array } {
  if (!isPlainObject(value)) throw bad('"link" expected a plain object');
  const r = value;
  for (const k of Object.keys(r)) if (!KEYS_V2.includes(k)) throw bad('"link" has an unexpected field');
  for (const k of KEYS_V2) if (!Object.prototype.hasOwnProperty.call(r, k)) throw bad(`"link.${k}" is missing`);
  if (r['v'] !== LINK_V2_VERSION) throw bad('"link.v" expected 2');
  if (r['suite'] !== LINK_V2_SUITE) throw bad(`"link.suite" expected "${LINK_V2_SUITE}"`);
  const kv = r['keyVersion'];
  if (typeof kv !== 'number' || !Number.isSafeInteger(kv) || kv < 1 || kv > MAX_KEY_VERSION) throw bad(`"link.keyVersion" expected integer in 1..${MAX_KEY_VERSION}`);
  const sym = loadStored(r['SYM_Link'], 'SYM_Link');
  if (sym.length !== SYM_LINK_V2_LENGTH) throw bad(`"SYM_Link" expected ${SYM_LINK_V2_LENGTH} bytes`);
  const sig = loadStored(r['SIG_Link'], 'SIG_Link');
  if (sig.length !== SIG_LINK_LENGTH) throw bad(`"SIG_Link" expected ${SIG_LINK_LENGTH} bytes`);
  const record: LinkRecordV2 = {
    v: 2,
    suite: 'zkv2-xwing',
    tenantId: rid(r['tenantId'], 'link.tenantId'),
    resourceGroupId: rid(r['resourceGroupId'], 'link.resourceGroupId'),
    keyVersion: kv,
    senderId: rid(r['senderId'], 'link.senderId'),
    recipientId: rid(r['recipientId'], 'link.recipientId'),
    SYM_Link: r['SYM_Link'] as StoredText<'SYM_Link'>,
    SIG_Link: r['SIG_Link'] as string,
  };
  return { record, sym, sig };
}

function linkInfoV2(l: Pick<LinkRecordV2, 'tenantId' | 'resourceGroupId' | 'keyVersion' | 'senderId' | 'recipientId'>): Uint8Array {
  return encodeContext(PURPOSE.linkV2, [l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId]);
}

/**
 * @internal The bytes a v2 link's sender signs (docs/formats.md, "`LinkRecordV2`"). Not exported from `zkvault`.
 * @param l - the link fields.
 * @param recipientXWing - the recipient's `PUB_XWing` the link was sealed to.
 * @returns ctx("zkvault/v2/link-signature", tenant, group, version, sender, recipient, b64(PUB_XWing), SYM_Link).
 * @throws ZkvaultError `INVALID_INPUT` on an id that is not a well-formed string.
 * @example
 * ```ts
 * const msg = linkV2SignedBytes(link, recipient.xwingPublicKey);
 * ```
 */
export function linkV2SignedBytes(l: Omit<LinkRecordV2, 'v' | 'suite' | 'SIG_Link'>, recipientXWing: Uint8Array): Uint8Array {
  return encodeContext(PURPOSE.linkV2Signature, [l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId, toBase64url(recipientXWing), l.SYM_Link]);
}

function apqMember(m: unknown, name: string): PqMember {
  const { accountId, xwingPublicKey, signPublicKey, xwingSignature } = afields(m, name);
  const out = {
    accountId: aid(accountId, `${name}.accountId`),
    xwingPublicKey: assertBytes(xwingPublicKey, `${name}.xwingPublicKey`, XWING_NPK),
    signPublicKey: assertBytes(signPublicKey, `${name}.signPublicKey`, 32),
  };
  if (xwingSignature === undefined) return out;
  if (!isBytes(xwingSignature)) throw invalidInput(`"${name}.xwingSignature" expected a Uint8Array`);
  return { ...out, xwingSignature };
}

function aaccount(a: unknown, name: string): UnlockedAccount {
  if (!(a instanceof UnlockedAccount)) throw invalidInput(`"${name}" expected an UnlockedAccount`);
  return a;
}

/**
 * @internal Seals and signs one v2 link of `version` to `recipient`. Not exported from `zkvault`;
 * the group log code uses it for groups that require PQ links.
 * @param g - the group holding `version`.
 * @param version - the key version to share.
 * @param sender - the sender's unlocked account (signs with `PRV_Sign`).
 * @param recipient - account id, served `PUB_XWing` and `SIG_XWing`, trusted `PUB_Sign`.
 * @returns the link record.
 * @throws ZkvaultError `VERIFY_FAILED` if `SIG_XWing` is missing or does not verify under
 *   `recipient.signPublicKey` (checked before anything is sealed); `INVALID_INPUT` if the group
 *   lacks the version or the X-Wing key is unusable.
 * @example
 * ```ts
 * const link = await sealLinkV2(group, group.keyVersion, alice, bob.identity as PqMember);
 * ```
 */
export async function sealLinkV2(g: UnlockedResourceGroup, version: number, sender: UnlockedAccount, recipient: PqMember): Promise<LinkRecordV2> {
  verifyXWingKey(modelDeps(), recipient);
  const key = groupKeyBytes(g, version);
  if (key === undefined) throw invalidInput('"group" does not hold that key version');
  const ids = { tenantId: g.tenantId, resourceGroupId: g.resourceGroupId, keyVersion: version, senderId: sender.accountId, recipientId: recipient.accountId };
  const sign = accountSigner(sender);
  let sealed;
  try {
    // ModelDeps holds every family XWingHpkeDeps names: no deps object is built per seal or open.
    sealed = await sealXWingWith(modelDeps(), { recipientPublicKey: recipient.xwingPublicKey, plaintext: key, info: linkInfoV2(ids), aead: 'AES-256-GCM' });
  } catch (e) {
    if (e instanceof ZkvaultError && e.code === 'INVALID_INPUT') throw invalidInput('"recipient.xwingPublicKey" is not a usable X-Wing public key');
    throw e;
  } finally {
    key.fill(0);
  }
  const SYM_Link = storeKey(new LockedKey('SYM_Link', concatBytes(sealed.enc, sealed.ciphertext)));
  const fields = { ...ids, SYM_Link };
  return { v: 2, suite: 'zkv2-xwing', ...fields, SIG_Link: toBase64url(sign(linkV2SignedBytes(fields, recipient.xwingPublicKey))) };
}

/**
 * Shares the group's current key version over a post-quantum link v2: X-Wing HPKE to the member's
 * `PUB_XWing`, signed with the sender's `PRV_Sign`. The server chooses which key it serves, so the
 * member's `SIG_XWing` certificate is verified first, under the `signPublicKey` the app trusts for
 * the member (pinned in a group log, or checked with {@link fingerprint}).
 * @param group - the unlocked group.
 * @param sender - the sharer's unlocked account (its `PRV_Sign` signs the link).
 * @param recipient - the member's account id, `PUB_XWing`, `SIG_XWing` and trusted `PUB_Sign`.
 * @returns the link record for the server.
 * @throws ZkvaultError `VERIFY_FAILED` if `recipient.xwingSignature` is missing or does not verify
 *   under `recipient.signPublicKey` (a substituted X-Wing key); `INVALID_INPUT` on a bad argument or an unusable X-Wing public key (wrong
 *   length, FIPS 203 modulus check failed, low-order X25519 part); `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, shareResourceGroupV2, type PqMember } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const link = await shareResourceGroupV2(group, alice, bob.identity as PqMember);
 * console.log(link.v, link.suite); // 2 'zkv2-xwing'
 * ```
 */
export async function shareResourceGroupV2(group: UnlockedResourceGroup, sender: UnlockedAccount, recipient: PqMember): Promise<LinkRecordV2> {
  if (!(group instanceof UnlockedResourceGroup)) throw invalidInput('"group" expected an UnlockedResourceGroup');
  aaccount(sender, 'sender');
  return sealLinkV2(group, group.keyVersion, sender, apqMember(recipient, 'recipient'));
}

/**
 * Opens a link v2 addressed to `recipient` and signed by `sender`. The signature is checked against
 * `sender.signPublicKey` (the pinned identity) before any decapsulation.
 * @param link - the link record (untrusted server input).
 * @param recipient - the recipient's unlocked account (it must have an X-Wing key pair).
 * @param sender - who the app expects made the link: account id and pinned `PUB_Sign`.
 * @returns the group, holding the link's key version.
 * @throws ZkvaultError `INVALID_RECORD` on a bad shape (a missing `SIG_Link` included);
 *   `WRONG_SENDER` if the link names another sender; `VERIFY_FAILED` if the signature does not
 *   verify (forged, moved to another group, version or member, ciphertext swapped);
 *   `DECRYPT_FAILED` (one message) if it is addressed to someone else or does not open;
 *   `INVALID_INPUT` if the recipient account has no X-Wing key.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, openLinkV2, shareResourceGroupV2, type PqMember } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const shared = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice)).group;
 * const link = await shareResourceGroupV2(shared, alice, bob.identity as PqMember);
 * const group = await openLinkV2(link, bob, { accountId: 'alice', signPublicKey: alice.signPublicKey });
 * console.log(group.resourceGroupId, group.keyVersion); // g1 1
 * ```
 */
export async function openLinkV2(link: LinkRecordV2, recipient: UnlockedAccount, sender: LinkSigner): Promise<UnlockedResourceGroup> {
  const { record: l, sym, sig } = parseV2(link);
  aaccount(recipient, 'recipient');
  afields(sender, 'sender');
  const senderId = aid(sender.accountId, 'sender.accountId');
  const senderKey = assertBytes(sender.signPublicKey, 'sender.signPublicKey', 32);
  if (l.senderId !== senderId) throw new ZkvaultError('WRONG_SENDER', 'zkvault: the link names another sender');
  const { prvXWing } = accountSecrets(recipient);
  const myXWing = recipient.xwingPublicKey;
  if (prvXWing === undefined || myXWing === undefined) throw invalidInput('"recipient" has no X-Wing key pair (unlock the account to add one)');
  if (l.recipientId !== recipient.accountId) throw decryptFailed();
  const signed = linkV2SignedBytes(l, myXWing);
  if (!modelDeps().ed25519.verify(senderKey, signed, sig)) {
    throw new ZkvaultError('VERIFY_FAILED', 'zkvault: the link signature does not verify under the sender\'s key');
  }
  let raw: Uint8Array;
  try {
    raw = await openXWingWith(modelDeps(), {
      recipientPrivateKey: prvXWing.bytes(),
      enc: sym.subarray(0, XWING_NENC),
      ciphertext: sym.subarray(XWING_NENC),
      info: linkInfoV2(l),
      aead: 'AES-256-GCM',
    });
  } catch {
    throw decryptFailed();
  }
  if (raw.length !== 32) throw decryptFailed();
  const g = groupFromKey(l.tenantId, l.resourceGroupId, l.keyVersion, raw);
  raw.fill(0);
  return g;
}

/**
 * @internal Whether an untrusted link record claims format v2 (its shape is checked when parsed).
 * @param link - the record.
 * @returns true if `link.v` is 2.
 * @throws never.
 * @example
 * ```ts
 * const l = isLinkV2(link) ? parseLinkRecordV2(link) : parseLinkRecord(link);
 * ```
 */
export function isLinkV2(link: unknown): link is LinkRecordV2 {
  return typeof link === 'object' && link !== null && (link as { v?: unknown }).v === LINK_V2_VERSION;
}

function apolicy(p: unknown): LinkPolicy {
  if (p === undefined) return { requirePq: false };
  if (typeof aobject(p, 'policy')['requirePq'] !== 'boolean') throw invalidInput('"policy.requirePq" expected a boolean');
  return { requirePq: (p as LinkPolicy).requirePq };
}

/**
 * @internal The `PQ_REQUIRED` error.
 * @param what - why (appended to the message).
 * @returns the error to throw.
 * @throws never.
 * @example
 * ```ts
 * throw pqRequired('this is a v1 (X25519) link');
 * ```
 */
export function pqRequired(what: string): ZkvaultError {
  return new ZkvaultError('PQ_REQUIRED', `zkvault: the group requires post-quantum links; ${what}`);
}

/**
 * Opens a link of either format under the group's link policy: v2 as {@link openLinkV2}, v1 as
 * `openLink` unless the policy requires PQ links (then refused before anything is decrypted, so a
 * server cannot downgrade a PQ group to X25519-only links).
 * @param link - the link record, v1 or v2 (untrusted).
 * @param recipient - the recipient's unlocked account.
 * @param sender - the sender's pinned identity: `publicKey` (for v1) and `signPublicKey` (for v2).
 * @param policy - the group's policy; default `{ requirePq: false }`.
 * @returns the group, holding the link's key version.
 * @throws ZkvaultError `PQ_REQUIRED` for a v1 link when the policy requires PQ; otherwise as
 *   `openLink` / {@link openLinkV2}.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, openGroupLink, shareResourceGroup } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const v1 = await shareResourceGroup(group, alice, { accountId: 'bob', publicKey: bob.publicKey });
 * try {
 *   await openGroupLink(v1, bob, alice.identity, { requirePq: true });
 * } catch (e) {
 *   console.log((e as { code: string }).code); // PQ_REQUIRED
 * }
 * ```
 */
export async function openGroupLink(
  link: AnyLinkRecord,
  recipient: UnlockedAccount,
  sender: LinkSigner & Member,
  policy?: LinkPolicy,
): Promise<UnlockedResourceGroup> {
  const p = apolicy(policy);
  if (isLinkV2(link)) return openLinkV2(link as LinkRecordV2, recipient, sender);
  const l1 = parseLinkRecord(link);
  if (p.requirePq) throw pqRequired('this is a v1 (X25519) link');
  return openLink(l1, recipient, sender);
}

/** What {@link rotateResourceGroupPq} returns. */
export interface RotateResourceGroupPqResult {
  /** The group with the new key version current. */
  group: UnlockedResourceGroup;
  /** One link per member, the sender's first: v2 where the member has an X-Wing key. */
  links: AnyLinkRecord[];
}

/**
 * Rotates the group key as `rotateResourceGroup` does and issues links by the group's policy:
 * a v2 link to every member (the sender included) with an X-Wing key, a v1 link to the others. With
 * `requirePq`, a member without an X-Wing key is refused (`PQ_REQUIRED`) before anything is made.
 * @param group - the unlocked group.
 * @param sender - the rotating member's unlocked account (also gets a link).
 * @param members - the remaining members: account id, checked `publicKey`, and `xwingPublicKey` if they have one.
 * @param policy - the group's policy; default `{ requirePq: false }`.
 * @returns the group with the new version current, and one link per member (the sender's first).
 * @throws ZkvaultError `PQ_REQUIRED` (see above); otherwise as `rotateResourceGroup` and {@link shareResourceGroupV2}.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, rotateResourceGroupPq } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const signUp = async (accountId: string) =>
 *   (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const alice = await signUp('alice');
 * const bob = await signUp('bob');
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
 * const { links } = await rotateResourceGroupPq(group, alice, [bob.identity], { requirePq: true });
 * console.log(links.map((l) => l.v)); // [2, 2]
 * ```
 */
export async function rotateResourceGroupPq(
  group: UnlockedResourceGroup,
  sender: UnlockedAccount,
  members: MixedMember[],
  policy?: LinkPolicy,
): Promise<RotateResourceGroupPqResult> {
  const p = apolicy(policy);
  agroup(group);
  aaccount(sender, 'sender');
  if (!Array.isArray(members)) throw invalidInput('"members" expected an array');
  const pq = new Map<string, PqMember>();
  const self = sender.xwingPublicKey;
  if (self !== undefined) pq.set(sender.accountId, { accountId: sender.accountId, xwingPublicKey: self, signPublicKey: sender.signPublicKey, xwingSignature: sender.xwingSignature });
  for (const [i, m] of members.entries()) {
    const x = typeof m === 'object' && m !== null ? m.xwingPublicKey : undefined;
    if (x !== undefined) {
      const pm = apqMember(m, `members[${i}]`);
      // Before any key is made or sealed: a substituted X-Wing key refuses the whole rotation.
      verifyXWingKey(modelDeps(), pm);
      pq.set(pm.accountId, pm);
    } else if (p.requirePq) throw pqRequired(`members[${i}] has no X-Wing key`);
  }
  if (p.requirePq && self === undefined) throw pqRequired('the sender has no X-Wing key');
  const all: Member[] = [{ accountId: sender.accountId, publicKey: sender.publicKey }];
  for (const [i, m] of members.entries()) {
    afields(m, `members[${i}]`);
    if (m.accountId !== sender.accountId) all.push({ accountId: aid(m.accountId, `members[${i}].accountId`), publicKey: assertBytes(m.publicKey, `members[${i}].publicKey`, 32) });
  }
  if (new Set(all.map((m) => m.accountId)).size !== all.length) throw invalidInput('"members" has duplicate account ids');
  // One link per member, in the format its keys allow: no v1 link is made for an X-Wing member.
  const rotated = withNextVersion(group);
  try {
    const out: AnyLinkRecord[] = [];
    for (const m of all) {
      const x = pq.get(m.accountId);
      out.push(x === undefined ? await sealLink(rotated, rotated.keyVersion, sender, m) : await sealLinkV2(rotated, rotated.keyVersion, sender, x));
    }
    return { group: rotated, links: out };
  } catch (e) {
    rotated.dispose();
    throw e;
  }
}
