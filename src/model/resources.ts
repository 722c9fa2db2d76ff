/**
 * M_Resource (docs/architecture.md sections 4 and 6): a resource is a v1 envelope under the group key of
 * one version, with the canonical context ("zkvault/v1/resource", tenant id, group id, key version,
 * resource id, type) as AAD. The context is not stored in the envelope: the reader rebuilds it from
 * the group it holds and the record's ids, so a ciphertext the server moved to another tenant,
 * group, version, id or type fails to open.
 * @module
 */
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { assertBytes, aobject, astring, utf8ToBytes } from '../bytes/index.js';
import { aid, encodeContext, MAX_TYPE_LENGTH, PURPOSE } from './context.js';
import { groupEnvelopeKey, UnlockedResourceGroup } from './groups.js';
import { MAX_RESOURCE_BYTES, parseResourceRecord, type ResourceRecord } from './records.js';
import type { ExpectedResource } from './resource-stream.js';

/** What a resource is, bound into its envelope's context: its id and its type (for example `Request`). */
export interface ResourceMeta {
  /** The resource id. */
  resourceId: string;
  /** The resource type. */
  type: string;
}

/**
 * What {@link encryptResource} encrypts: the resource's id and type (as {@link ResourceMeta}, the
 * first argument of `encryptResourceStream`) and its content.
 */
export interface ResourceInput extends ResourceMeta {
  /** The content: bytes, or a string (encoded as UTF-8); at most 64 MiB. */
  plaintext: Uint8Array | string;
}

/** Options of {@link decryptResource}. */
export interface DecryptResourceOptions {
  /** The resource id and/or type the app asked for; a record naming others fails (as in `decryptResourceStream`). */
  expected?: ExpectedResource;
}

/**
 * Several unlocked groups (for example one per resource group the user belongs to); decryption
 * picks the group a record names.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, decryptResource, encryptResource, ResourceGroupKeyring } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const groupA = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'a' }, account)).group;
 * const groupB = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'b' }, account)).group;
 * const record = await encryptResource({ resourceId: 'r1', type: 'note', plaintext: 'hello' }, groupB);
 *
 * const ring = new ResourceGroupKeyring([groupA, groupB]);
 * const pt = await decryptResource(record, ring); // picks groupB
 * console.log(new TextDecoder().decode(pt)); // hello
 * ```
 */
export class ResourceGroupKeyring {
  readonly #groups = new Map<string, UnlockedResourceGroup>();
  readonly #merged = new WeakSet<UnlockedResourceGroup>();

  /**
   * @param groups - initial groups (see {@link ResourceGroupKeyring.add}).
   * @throws ZkvaultError `INVALID_INPUT` if an element is not an unlocked group.
   */
  constructor(groups: Iterable<UnlockedResourceGroup> = []) {
    for (const g of groups) this.add(g);
  }

  /**
   * Adds a group; versions of a group already present are merged.
   * @param group - an unlocked group.
   * @returns this keyring.
   * @throws ZkvaultError `INVALID_INPUT` if it is not an unlocked group.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup, openLink, ResourceGroupKeyring } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { link } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * // Who made the link: here this account itself, on another device.
   * const sharer = { accountId: account.accountId, publicKey: account.publicKey };
   *
   * const ring = new ResourceGroupKeyring();
   * ring.add(await openLink(link, account, sharer));
   * console.log(ring.get('org1', 'g1')?.keyVersion); // 1
   * ```
   */
  add(group: UnlockedResourceGroup): this {
    if (!(group instanceof UnlockedResourceGroup)) throw invalidInput('"group" expected an UnlockedResourceGroup');
    const k = groupKey(group.tenantId, group.resourceGroupId);
    const have = this.#groups.get(k);
    if (have === undefined) {
      this.#groups.set(k, group);
      return this;
    }
    const merged = have.merge(group);
    // A merged copy made here earlier is ours to wipe; groups the caller added stay theirs.
    if (this.#merged.has(have)) have.dispose();
    this.#merged.add(merged);
    this.#groups.set(k, merged);
    return this;
  }

  /**
   * @param tenantId - tenant id.
   * @param resourceGroupId - group id.
   * @returns the group, or undefined.
   * @throws ZkvaultError `INVALID_INPUT` if either id is not a string.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup, ResourceGroupKeyring } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * const ring = new ResourceGroupKeyring([group]);
   *
   * console.log(ring.get('org1', 'g1') === group, ring.get('org1', 'other')); // true undefined
   * ```
   */
  get(tenantId: string, resourceGroupId: string): UnlockedResourceGroup | undefined {
    astring(tenantId, 'tenantId');
    astring(resourceGroupId, 'resourceGroupId');
    return this.#groups.get(groupKey(tenantId, resourceGroupId));
  }

  /**
   * Disposes every group held.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { createAccount, createResourceGroup, ResourceGroupKeyring } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
   * const ring = new ResourceGroupKeyring([group]);
   *
   * ring.dispose(); // at the end of the session
   * console.log(group.disposed); // true
   * ```
   */
  dispose(): void {
    for (const g of this.#groups.values()) g.dispose();
    this.#groups.clear();
  }

  /** Same as {@link ResourceGroupKeyring.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

function groupKey(tenantId: string, groupId: string): string {
  return JSON.stringify([tenantId, groupId]);
}

function resourceAad(tenantId: string, groupId: string, version: number, resourceId: string, type: string): Uint8Array {
  return encodeContext(PURPOSE.resource, [tenantId, groupId, version, resourceId, type]);
}

/**
 * Encrypts a resource under the group's current key version.
 * @param resource - `resourceId` and `type` (both bound into the AAD) and the `plaintext`: bytes, or a
 *   string (encoded as UTF-8); at most 64 MiB.
 * @param group - the unlocked group.
 * @returns the resource record for the server.
 * @throws ZkvaultError `INVALID_INPUT` on a bad id, type or oversized plaintext; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, encryptResource } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const req = { method: 'GET', url: 'https://example.com/' };
 *
 * const rec = await encryptResource({ resourceId: 'req_1', type: 'Request', plaintext: JSON.stringify(req) }, group);
 * console.log(JSON.stringify(rec)); // store the record on the server
 * ```
 */
export async function encryptResource(resource: ResourceInput, group: UnlockedResourceGroup): Promise<ResourceRecord> {
  if (!(group instanceof UnlockedResourceGroup)) throw invalidInput('"group" expected an UnlockedResourceGroup');
  aobject(resource, 'resource');
  const resourceId = aid(resource.resourceId, 'resourceId');
  const type = aid(resource.type, 'type', MAX_TYPE_LENGTH);
  const plaintext = resource.plaintext;
  // Check the size before encoding so a huge string is refused without copying it.
  if (typeof plaintext === 'string' && plaintext.length > MAX_RESOURCE_BYTES) throw invalidInput('"plaintext" is larger than 64 MiB');
  const pt = typeof plaintext === 'string' ? utf8ToBytes(plaintext) : assertBytes(plaintext, 'plaintext');
  if (pt.length > MAX_RESOURCE_BYTES) throw invalidInput('"plaintext" is larger than 64 MiB');
  const version = group.keyVersion;
  const ek = await groupEnvelopeKey(group, version);
  // As text directly: a large resource is encoded as it is encrypted, with no framed envelope (issue 13).
  const ciphertext = await ek.sealString(pt, { aad: resourceAad(group.tenantId, group.resourceGroupId, version, resourceId, type) });
  return {
    v: 1,
    suite: 'zkv1',
    tenantId: group.tenantId,
    resourceGroupId: group.resourceGroupId,
    keyVersion: version,
    resourceId,
    type,
    ciphertext,
  };
}

/**
 * Decrypts a resource record with the group (or keyring) holding its key version. The tenant and
 * group come from the key you hold; the record's ids are only trusted because the AAD binds them.
 * Pass `options.expected` to also pin the id and type you asked the server for (a server could otherwise
 * answer a request for one resource with another valid resource of the same group).
 * @param record - the resource record (untrusted server input).
 * @param groupOrKeyring - an unlocked group or a keyring.
 * @param options - `expected`: the resource id and/or type the app asked for.
 * @returns the plaintext (above 4 MiB on Node, a view of the decoded envelope's buffer, as
 *   `EnvelopeKey.openString` gives it).
 * @throws ZkvaultError `INVALID_RECORD` on a bad shape; `DECRYPT_FAILED` (one message) if it does not
 *   open: swapped tenant, group, version, id or type, a missing key version, or any tampering.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, decryptResource, encryptResource } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const rec = await encryptResource({ resourceId: 'req_1', type: 'Request', plaintext: 'GET /' }, group);
 *
 * const bytes = await decryptResource(rec, group, { expected: { resourceId: 'req_1' } });
 * const text = new TextDecoder().decode(bytes);
 * console.log(text); // GET /
 * ```
 */
export async function decryptResource(
  record: ResourceRecord,
  groupOrKeyring: UnlockedResourceGroup | ResourceGroupKeyring,
  options?: DecryptResourceOptions,
): Promise<Uint8Array> {
  const r = parseResourceRecord(record);
  const expected = options === undefined ? undefined : aobject(options, 'options')['expected'] as ExpectedResource | undefined;
  let group: UnlockedResourceGroup | undefined;
  if (groupOrKeyring instanceof ResourceGroupKeyring) group = groupOrKeyring.get(r.tenantId, r.resourceGroupId);
  else if (groupOrKeyring instanceof UnlockedResourceGroup) group = groupOrKeyring;
  else throw invalidInput('"groupOrKeyring" expected an UnlockedResourceGroup or a ResourceGroupKeyring');
  if (expected !== undefined) {
    aobject(expected, 'options.expected');
    if (expected.resourceId !== undefined && expected.resourceId !== r.resourceId) throw decryptFailed();
    if (expected.type !== undefined && expected.type !== r.type) throw decryptFailed();
  }
  // A record naming another tenant or group than the key held was moved by the server.
  if (group === undefined || group.tenantId !== r.tenantId || group.resourceGroupId !== r.resourceGroupId) throw decryptFailed();
  if (group.disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the resource group was disposed');
  const ek = await groupEnvelopeKey(group, r.keyVersion);
  // The AAD uses the tenant and group of the key held (equal to the record's claim by now).
  const aad = resourceAad(group.tenantId, group.resourceGroupId, r.keyVersion, r.resourceId, r.type);
  return ek.openString(r.ciphertext, { aad });
}
