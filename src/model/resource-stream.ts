/**
 * M_Resource for large payloads (attachments, responses): the resource is a streaming envelope
 * (docs/formats.md, "Streaming envelope": STREAM over AES-256-GCM) under the group key of one
 * version, with the same canonical context as a v1 resource ("zkvault/v1/resource", tenant id,
 * group id, key version, resource id, type) as the aad of every chunk. The server stores a small
 * metadata record next to the ciphertext blob; the reader rebuilds the context from the group it
 * holds and the record's ids, so a blob moved to another tenant, group, version, id or type fails.
 * @module
 */
import { ainteger, aobject, wipe } from '../bytes/index.js';
import { decryptFailed, invalidInput, ZkvaultError } from '../errors.js';
import { checkStreamArgs, sealerHeader, StreamOpener, StreamSealer, toTransformStream } from '../envelope/stream.js';
import { aid, encodeContext, MAX_KEY_VERSION, MAX_TYPE_LENGTH, PURPOSE } from './context.js';
import { modelDeps } from './deps.js';
import { groupKeyBytes, UnlockedResourceGroup } from './groups.js';
import { ResourceGroupKeyring, type ResourceMeta } from './resources.js';

/**
 * The server-side metadata of a streamed resource. The ciphertext (the streaming envelope bytes)
 * is stored next to it, for example as a blob; `format: "stream"` tells it apart from a
 * `ResourceRecord`, whose ciphertext is inline.
 */
export interface ResourceStreamRecord {
  /** Record version, `1`. */
  readonly v: 1;
  /** Suite, `"zkv1"`. */
  readonly suite: 'zkv1';
  /** Always `"stream"`: the ciphertext is a streaming envelope stored beside this record. */
  readonly format: 'stream';
  /** Tenant (organization) id. */
  readonly tenantId: string;
  /** Resource group id. */
  readonly resourceGroupId: string;
  /** Group key version used. */
  readonly keyVersion: number;
  /** Resource id. */
  readonly resourceId: string;
  /** Resource type. */
  readonly type: string;
}

/** Options of {@link encryptResourceStream}. */
export interface EncryptResourceStreamOptions {
  /** Plaintext bytes per chunk, 64 .. 2^24; default 1048576 (1 MiB). */
  chunkSize?: number;
  /** Called after each chunk with the plaintext bytes sealed so far. */
  onProgress?: (bytes: number) => void;
}

/** The resource a reader asked the server for (see {@link DecryptResourceStreamOptions}). */
export interface ExpectedResource {
  /** The resource id asked for. */
  resourceId?: string;
  /** The resource type asked for. */
  type?: string;
}

/** Options of {@link decryptResourceStream}. */
export interface DecryptResourceStreamOptions {
  /** The resource id and/or type the app asked for; a record naming others fails. */
  expected?: ExpectedResource;
  /** Called after each authenticated chunk with the plaintext bytes released so far. */
  onProgress?: (bytes: number) => void;
}

/** What {@link encryptResourceStream} returns: the record to store and the stream to pipe the plaintext through. */
export interface EncryptResourceStreamResult {
  /** Metadata for the server; store it with the ciphertext. */
  readonly record: ResourceStreamRecord;
  /** Plaintext in, streaming envelope out (the ciphertext to upload). */
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
}

const KEYS = ['v', 'suite', 'format', 'tenantId', 'resourceGroupId', 'keyVersion', 'resourceId', 'type'] as const;

function streamAad(r: ResourceStreamRecord): Uint8Array {
  return encodeContext(PURPOSE.resource, [r.tenantId, r.resourceGroupId, r.keyVersion, r.resourceId, r.type]);
}

function keyedStream(group: UnlockedResourceGroup, version: number, options: Record<string, unknown>, sealing: boolean, record: ResourceStreamRecord): TransformStream<Uint8Array, Uint8Array> {
  const key = groupKeyBytes(group, version);
  if (key === undefined) throw decryptFailed();
  let args: ReturnType<typeof checkStreamArgs>;
  try {
    // checkStreamArgs copies the key, so the group may be disposed while the stream runs.
    args = checkStreamArgs(key, { ...options, aad: streamAad(record) }, sealing);
  } finally {
    wipe(key);
  }
  const deps = modelDeps();
  return toTransformStream(
    () => (sealing ? StreamSealer.create(deps, args) : Promise.resolve(new StreamOpener(deps, args))),
    sealerHeader,
  );
}

function streamOptions(options: unknown, sealing: boolean): Record<string, unknown> {
  const o = options === undefined ? {} : aobject(options, 'options');
  const out: Record<string, unknown> = {};
  if (o['onProgress'] !== undefined) out['onProgress'] = o['onProgress'];
  if (sealing && o['chunkSize'] !== undefined) out['chunkSize'] = o['chunkSize'];
  return out;
}

/**
 * Validates a streamed resource's metadata record from the server.
 * @param value - untrusted JSON value.
 * @returns the record.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation (missing, extra or bad fields).
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, encryptResourceStream, parseResourceStreamRecord } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const { record } = encryptResourceStream({ resourceId: 'file_1', type: 'attachment' }, group);
 * const row: unknown = JSON.parse(JSON.stringify(record)); // as received from the server
 * console.log(parseResourceStreamRecord(row).resourceId); // file_1
 * ```
 */
export function parseResourceStreamRecord(value: unknown): ResourceStreamRecord {
  try {
    const r = aobject(value, 'resource');
    for (const k of Object.keys(r)) if (!(KEYS as readonly string[]).includes(k)) throw invalidInput(`unexpected field "${k}"`);
    if (r['v'] !== 1 || r['suite'] !== 'zkv1' || r['format'] !== 'stream') throw invalidInput('expected v 1, suite "zkv1", format "stream"');
    return {
      v: 1,
      suite: 'zkv1',
      format: 'stream',
      tenantId: aid(r['tenantId'], 'resource.tenantId'),
      resourceGroupId: aid(r['resourceGroupId'], 'resource.resourceGroupId'),
      keyVersion: ainteger(r['keyVersion'], 'resource.keyVersion', 1, MAX_KEY_VERSION),
      resourceId: aid(r['resourceId'], 'resource.resourceId'),
      type: aid(r['type'], 'resource.type', MAX_TYPE_LENGTH),
    };
  } catch (e) {
    const why = e instanceof ZkvaultError ? e.message : 'bad shape';
    throw new ZkvaultError('INVALID_RECORD', `zkvault: bad streamed resource record: ${why}`);
  }
}

/**
 * Encrypts a large resource as a stream under the group's current key version: pipe the plaintext
 * through `stream` and store its output with `record`. Memory stays near two chunks (1 MiB each by
 * default); there is no 64 MiB limit as for `encryptResource`.
 * @param meta - resource id and type (both bound into every chunk's aad).
 * @param group - the unlocked group.
 * @param options - `chunkSize` and `onProgress`.
 * @returns the metadata record and the sealing `TransformStream`.
 * @throws ZkvaultError `INVALID_INPUT` on a bad id, type or option; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, decryptResourceStream, encryptResourceStream } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const file = new Blob(['a large response body']);
 *
 * const { record, stream } = encryptResourceStream({ resourceId: 'resp_1', type: 'Response' }, group);
 * const blob = await new Response(file.stream().pipeThrough(stream)).blob(); // upload blob + record
 *
 * const back = blob.stream().pipeThrough(decryptResourceStream(record, group));
 * console.log(await new Response(back).text()); // a large response body
 * ```
 */
export function encryptResourceStream(
  meta: ResourceMeta,
  group: UnlockedResourceGroup,
  options?: EncryptResourceStreamOptions,
): EncryptResourceStreamResult {
  if (!(group instanceof UnlockedResourceGroup)) throw invalidInput('"group" expected an UnlockedResourceGroup');
  const m = aobject(meta, 'meta');
  const o = streamOptions(options, true);
  const version = group.keyVersion;
  const record: ResourceStreamRecord = {
    v: 1,
    suite: 'zkv1',
    format: 'stream',
    tenantId: group.tenantId,
    resourceGroupId: group.resourceGroupId,
    keyVersion: version,
    resourceId: aid(m['resourceId'], 'resourceId'),
    type: aid(m['type'], 'type', MAX_TYPE_LENGTH),
  };
  return { record, stream: keyedStream(group, version, o, true, record) };
}

/**
 * Decrypts a streamed resource: pipe the stored ciphertext through the returned stream. Chunks are
 * released as they authenticate; treat the output as provisional until the stream closes without
 * error (truncation is detected at the end).
 * @param record - the metadata record (untrusted server input).
 * @param groupOrKeyring - an unlocked group or a keyring.
 * @param options - `expected` resource id and/or type, and `onProgress`.
 * @returns the opening `TransformStream` (ciphertext in, plaintext out); it errors with
 *   `DECRYPT_FAILED` (one message) on any tampering.
 * @throws ZkvaultError `INVALID_RECORD` on a bad record; `DECRYPT_FAILED` if the record names a
 *   group or key version not held, or another id or type than `expected`; `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, decryptResourceStream, encryptResourceStream } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const { record, stream } = encryptResourceStream({ resourceId: 'att_9', type: 'attachment' }, group);
 * const sealed = await new Response(new Blob([new Uint8Array(300_000)]).stream().pipeThrough(stream)).blob();
 *
 * let seen = 0;
 * const opener = decryptResourceStream(record, group, { expected: { resourceId: 'att_9' }, onProgress: (n) => (seen = n) });
 * const plain = await new Response(sealed.stream().pipeThrough(opener)).arrayBuffer();
 * console.log(plain.byteLength, seen); // 300000 300000
 * ```
 */
export function decryptResourceStream(
  record: ResourceStreamRecord,
  groupOrKeyring: UnlockedResourceGroup | ResourceGroupKeyring,
  options?: DecryptResourceStreamOptions,
): TransformStream<Uint8Array, Uint8Array> {
  const r = parseResourceStreamRecord(record);
  let group: UnlockedResourceGroup | undefined;
  if (groupOrKeyring instanceof ResourceGroupKeyring) group = groupOrKeyring.get(r.tenantId, r.resourceGroupId);
  else if (groupOrKeyring instanceof UnlockedResourceGroup) group = groupOrKeyring;
  else throw invalidInput('"groupOrKeyring" expected an UnlockedResourceGroup or a ResourceGroupKeyring');
  const o = options === undefined ? {} : aobject(options, 'options');
  const expected = o['expected'] === undefined ? {} : aobject(o['expected'], 'options.expected');
  if (expected['resourceId'] !== undefined && expected['resourceId'] !== r.resourceId) throw decryptFailed();
  if (expected['type'] !== undefined && expected['type'] !== r.type) throw decryptFailed();
  // A record naming another tenant or group than the key held was moved by the server.
  if (group === undefined || group.tenantId !== r.tenantId || group.resourceGroupId !== r.resourceGroupId) throw decryptFailed();
  if (group.disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the resource group was disposed');
  return keyedStream(group, r.keyVersion, streamOptions(options, false), false, r);
}
