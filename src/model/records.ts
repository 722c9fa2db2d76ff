/**
 * Server records of suite `zkv1` (docs/formats.md, "Model records v1"): plain JSON objects, version `v: 1`,
 * bytes as base64url without padding (RFC 4648 section 5). Every record from the server is
 * untrusted: the `parse*` functions check the exact shape (no missing, extra or ill-typed fields,
 * exact byte lengths, canonical base64url) and throw `ZkvaultError('INVALID_RECORD')` otherwise.
 *
 * Key fields are typed {@link StoredText} of their seed name, so only stored names can be put in a
 * record (src/keys).
 * @module
 */
import { isPlainObject } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import { loadStored, type StoredText } from '../keys/index.js';
import type { StoredKeyName } from '../keys/index.js';
import { ENVELOPE_OVERHEAD } from '../envelope/envelope-key.js';
import { isWellFormedString, MAX_ID_LENGTH, MAX_KEY_VERSION, MAX_TYPE_LENGTH } from './context.js';

/** Record format version. */
export const RECORD_VERSION = 1;
/** Suite name. */
export const SUITE = 'zkv1';
/** SRP groups a record may name (RFC 5054 appendix A); clients refuse those under 2048 bits. */
export const SRP_BITS = [1024, 1536, 2048, 3072, 4096, 6144, 8192] as const;
/** SRP hashes a `zkv1` record may name. */
export const SRP_HASHES = ['SHA-256', 'SHA-512'] as const;
/** Largest resource plaintext in bytes (64 MiB); larger inputs are refused, not truncated. */
export const MAX_RESOURCE_BYTES: number = 64 * 1024 * 1024;
/** Salt length of `SLT_Auth_1`, `SLT_Auth_2`, `SLT_Enc`. */
export const SALT_LENGTH = 32;
/** Length of `SYM_Link`: HPKE `enc` (32) ‖ AES-256-GCM ciphertext of the 32-byte group key with its tag (48). */
export const SYM_LINK_LENGTH = 80;
/** Length of `PUB_XWing`: an X-Wing encapsulation key (draft-connolly-cfrg-xwing-kem section 5.1). */
export const XWING_PUBLIC_KEY_LENGTH = 1216;
/** Length of `SIG_XWing`: an Ed25519 signature. */
export const SIG_XWING_LENGTH = 64;
/** Length of a locked 32-byte account key (v1 envelope). */
export const LOCKED_ACCOUNT_KEY_LENGTH: number = 32 + ENVELOPE_OVERHEAD;

/** KDF parameters stored with an account. */
export interface KdfParams {
  /** Always `'PBKDF2-SHA256'` in `zkv1`. */
  readonly alg: 'PBKDF2-SHA256';
  /** PBKDF2 iteration count. */
  readonly iterations: number;
}

/** SRP parameters stored with an account (proof variant `srp6a`, docs/architecture.md section 3). */
export interface SrpParamsRecord {
  /** RFC 5054 group size. */
  readonly bits: (typeof SRP_BITS)[number];
  /** Hash. */
  readonly hash: (typeof SRP_HASHES)[number];
}

/** The public login parameters the server sends first (no verifier, no locked keys). */
export interface LoginParams {
  /** Record format version: always 1. */
  readonly v: 1;
  /** Suite: always `'zkv1'`. */
  readonly suite: 'zkv1';
  /** Account id (the SRP identity I). */
  readonly accountId: string;
  /** PBKDF2 parameters of both passphrase derivations. */
  readonly kdf: KdfParams;
  /** SRP group and hash. */
  readonly srp: SrpParamsRecord;
  /** Whether the account mixes in a device-held secret key (two-secret key derivation). */
  readonly secretKey: boolean;
  /** Salt of the `SEC_PWD_Auth` derivation (32 bytes, base64url). */
  readonly SLT_Auth_1: StoredText<'SLT_Auth_1'>;
  /** The SRP salt s (32 bytes, base64url). */
  readonly SLT_Auth_2: StoredText<'SLT_Auth_2'>;
  /** Salt of the `SEC_PWD_Enc` derivation (32 bytes, base64url). */
  readonly SLT_Enc: StoredText<'SLT_Enc'>;
}

/** The account record the server stores (M_Account). Only stored names of the seed's table. */
export interface AccountRecord extends LoginParams {
  /** The SRP-6a verifier v = g^x mod N (base64url). */
  readonly SRP_Verifier: StoredText<'SRP_Verifier'>;
  /** The account's X25519 public key (32 bytes, base64url). */
  readonly PUB_Account: StoredText<'PUB_Account'>;
  /** `SYM_Account` locked under `SEC_PWD_Enc`. */
  readonly SYM_Account: StoredText<'SYM_Account'>;
  /** `PRV_Account` locked under `SYM_Account`. */
  readonly PRV_Account: StoredText<'PRV_Account'>;
  /**
   * The account's Ed25519 public key (32 bytes, base64url). Absent only in records made before
   * signing keys (issue 12), always together with `PRV_Sign`: unlocking such a record adds both
   * (see `UnlockedAccount.recordUpgrade`).
   */
  readonly PUB_Sign?: StoredText<'PUB_Sign'>;
  /** `PRV_Sign` (the 32-byte Ed25519 seed) locked under `SYM_Account`; present exactly when `PUB_Sign` is. */
  readonly PRV_Sign?: StoredText<'PRV_Sign'>;
  /**
   * The account's X-Wing public key (1216 bytes, base64url; issue 18), what links v2 are sealed to.
   * Absent in records made before it, always together with `PRV_XWing`: unlocking such a record adds
   * both (see `UnlockedAccount.recordUpgrade`).
   */
  readonly PUB_XWing?: StoredText<'PUB_XWing'>;
  /** `PRV_XWing` (the 32-byte X-Wing seed) locked under `SYM_Account`; present exactly when `PUB_XWing` is. */
  readonly PRV_XWing?: StoredText<'PRV_XWing'>;
  /**
   * `SIG_XWing` (64 bytes, base64url): Ed25519(`PRV_Sign`, ctx("zkvault/v2/xwing-key", I, `PUB_XWing`)),
   * the account's certificate of its X-Wing key; only with `PUB_XWing`. Records written before it
   * gain it on unlock (`UnlockedAccount.recordUpgrade`).
   */
  readonly SIG_XWing?: string;
}

/** A link (M_Link): one version of a group key, HPKE-sealed from a sender to a recipient. */
export interface LinkRecord {
  /** Record format version: always 1. */
  readonly v: 1;
  /** Suite: always `'zkv1'`. */
  readonly suite: 'zkv1';
  /** Tenant (organization) id. */
  readonly tenantId: string;
  /** Resource group id. */
  readonly resourceGroupId: string;
  /** The group key version this link carries. */
  readonly keyVersion: number;
  /** Account id of the member who made (sealed) the link. */
  readonly senderId: string;
  /** Account id of the member the link is addressed to. */
  readonly recipientId: string;
  /** HPKE `enc` ‖ ciphertext of `SYM_ResourceGroup`. */
  readonly SYM_Link: StoredText<'SYM_Link'>;
}

/** An encrypted resource (M_Resource). */
export interface ResourceRecord {
  /** Record format version: always 1. */
  readonly v: 1;
  /** Suite: always `'zkv1'`. */
  readonly suite: 'zkv1';
  /** Tenant (organization) id. */
  readonly tenantId: string;
  /** Resource group id. */
  readonly resourceGroupId: string;
  /** The group key version the resource is encrypted under. */
  readonly keyVersion: number;
  /** Resource id. */
  readonly resourceId: string;
  /** Resource type (an app-defined label, bound into the AAD like the ids). */
  readonly type: string;
  /** v1 envelope, base64url. */
  readonly ciphertext: string;
}

function bad(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${what}`);
}

function obj(value: unknown, name: string, keys: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (!isPlainObject(value)) throw bad(`"${name}" expected a plain object`);
  const own = Object.keys(value);
  for (const k of own) if (!keys.includes(k) && !optional.includes(k)) throw bad(`"${name}" has an unexpected field`);
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(value, k)) throw bad(`"${name}.${k}" is missing`);
  return value as Record<string, unknown>;
}

function header(r: Record<string, unknown>, name: string): void {
  if (r['v'] !== RECORD_VERSION) throw bad(`"${name}.v" expected 1`);
  if (r['suite'] !== SUITE) throw bad(`"${name}.suite" expected "zkv1"`);
}

function id(value: unknown, name: string, max: number = MAX_ID_LENGTH): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !isWellFormedString(value)) {
    throw bad(`"${name}" expected a well-formed string of length 1..${max}`);
  }
  return value;
}

function int(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(`"${name}" expected integer in ${min}..${max}`);
  }
  return value;
}

function stored<N extends StoredKeyName>(value: unknown, name: N, ...lengths: number[]): StoredText<N> {
  const bytes = loadStored(value, name);
  if (!lengths.includes(bytes.length)) throw bad(`"${name}" expected ${lengths.join(' or ')} bytes`);
  return value as StoredText<N>;
}

const LOGIN_KEYS = ['v', 'suite', 'accountId', 'kdf', 'srp', 'secretKey', 'SLT_Auth_1', 'SLT_Auth_2', 'SLT_Enc'] as const;
const ACCOUNT_KEYS = [...LOGIN_KEYS, 'SRP_Verifier', 'PUB_Account', 'SYM_Account', 'PRV_Account'] as const;
/** Account key pairs added after the first records, each pair present or absent as a whole. */
const ACCOUNT_KEY_PAIRS = [['PUB_Sign', 'PRV_Sign'], ['PUB_XWing', 'PRV_XWing']] as const;
const LINK_KEYS = ['v', 'suite', 'tenantId', 'resourceGroupId', 'keyVersion', 'senderId', 'recipientId', 'SYM_Link'] as const;
const RESOURCE_KEYS = ['v', 'suite', 'tenantId', 'resourceGroupId', 'keyVersion', 'resourceId', 'type', 'ciphertext'] as const;

function loginFields(r: Record<string, unknown>, name: string): LoginParams {
  header(r, name);
  const kdf = obj(r['kdf'], `${name}.kdf`, ['alg', 'iterations']);
  if (kdf['alg'] !== 'PBKDF2-SHA256') throw bad(`"${name}.kdf.alg" expected "PBKDF2-SHA256"`);
  const srp = obj(r['srp'], `${name}.srp`, ['bits', 'hash']);
  const bits = srp['bits'];
  if (typeof bits !== 'number' || !(SRP_BITS as readonly number[]).includes(bits)) throw bad(`"${name}.srp.bits" expected an RFC 5054 group size`);
  const hash = srp['hash'];
  if (typeof hash !== 'string' || !(SRP_HASHES as readonly string[]).includes(hash)) throw bad(`"${name}.srp.hash" expected SHA-256 or SHA-512`);
  if (typeof r['secretKey'] !== 'boolean') throw bad(`"${name}.secretKey" expected boolean`);
  return {
    v: 1,
    suite: 'zkv1',
    accountId: id(r['accountId'], `${name}.accountId`),
    kdf: { alg: 'PBKDF2-SHA256', iterations: int(kdf['iterations'], `${name}.kdf.iterations`, 1, 2 ** 32 - 1) },
    srp: { bits: bits as SrpParamsRecord['bits'], hash: hash as SrpParamsRecord['hash'] },
    secretKey: r['secretKey'],
    SLT_Auth_1: stored(r['SLT_Auth_1'], 'SLT_Auth_1', SALT_LENGTH),
    SLT_Auth_2: stored(r['SLT_Auth_2'], 'SLT_Auth_2', SALT_LENGTH),
    SLT_Enc: stored(r['SLT_Enc'], 'SLT_Enc', SALT_LENGTH),
  };
}

/**
 * Validates untrusted login parameters (server → client, step 1).
 * @param value - parsed JSON from the server.
 * @returns a fresh, validated copy.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation from the v1 shape.
 * @example
 * ```ts
 * import { createAccount, loginParams, parseLoginParams } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const body = JSON.stringify(loginParams(record)); // the server's response body
 *
 * const params = parseLoginParams(JSON.parse(body));
 * console.log(params.kdf.iterations); // 1000
 * ```
 */
export function parseLoginParams(value: unknown): LoginParams {
  return loginFields(obj(value, 'params', LOGIN_KEYS), 'params');
}

/**
 * Validates an untrusted account record.
 * @param value - parsed JSON.
 * @returns a fresh, validated copy.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation from the v1 shape.
 * @example
 * ```ts
 * import { createAccount, parseAccountRecord } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const created = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const row = JSON.stringify(created.record); // as stored in a database
 *
 * const record = parseAccountRecord(JSON.parse(row));
 * console.log(record.accountId); // jane
 * ```
 */
export function parseAccountRecord(value: unknown): AccountRecord {
  const r = obj(value, 'record', ACCOUNT_KEYS, [...ACCOUNT_KEY_PAIRS.flat(), 'SIG_XWing']);
  for (const [pub, prv] of ACCOUNT_KEY_PAIRS) {
    if (Object.prototype.hasOwnProperty.call(r, pub) !== Object.prototype.hasOwnProperty.call(r, prv)) {
      throw bad(`"${pub}" and "${prv}" must be present together`);
    }
  }
  const record: AccountRecord = {
    ...loginFields(r, 'record'),
    // The verifier is g^x mod N, at most N's length (up to 8192 bits).
    SRP_Verifier: storedRange(r['SRP_Verifier'], 'SRP_Verifier', 1, 1024),
    PUB_Account: stored(r['PUB_Account'], 'PUB_Account', 32),
    SYM_Account: stored(r['SYM_Account'], 'SYM_Account', LOCKED_ACCOUNT_KEY_LENGTH),
    PRV_Account: stored(r['PRV_Account'], 'PRV_Account', LOCKED_ACCOUNT_KEY_LENGTH),
  };
  const sign = !Object.prototype.hasOwnProperty.call(r, 'PUB_Sign')
    ? {}
    : { PUB_Sign: stored(r['PUB_Sign'], 'PUB_Sign', 32), PRV_Sign: stored(r['PRV_Sign'], 'PRV_Sign', LOCKED_ACCOUNT_KEY_LENGTH) };
  const xwing = !Object.prototype.hasOwnProperty.call(r, 'PUB_XWing')
    ? {}
    : { PUB_XWing: stored(r['PUB_XWing'], 'PUB_XWing', XWING_PUBLIC_KEY_LENGTH), PRV_XWing: stored(r['PRV_XWing'], 'PRV_XWing', LOCKED_ACCOUNT_KEY_LENGTH) };
  const cert = !Object.prototype.hasOwnProperty.call(r, 'SIG_XWing') ? {} : { SIG_XWing: sigXWing(r['SIG_XWing'], xwing) };
  return { ...record, ...sign, ...xwing, ...cert };
}

/** `SIG_XWing`: 64 bytes, and only next to `PUB_XWing`. */
function sigXWing(value: unknown, xwing: object): string {
  if (!('PUB_XWing' in xwing)) throw bad('"SIG_XWing" without "PUB_XWing"');
  if (loadStored(value, 'SIG_XWing').length !== SIG_XWING_LENGTH) throw bad(`"SIG_XWing" expected ${SIG_XWING_LENGTH} bytes`);
  return value as string;
}

function storedRange<N extends StoredKeyName>(value: unknown, name: N, min: number, max: number): StoredText<N> {
  const bytes = loadStored(value, name);
  if (bytes.length < min || bytes.length > max) throw bad(`"${name}" expected ${min}..${max} bytes`);
  return value as StoredText<N>;
}

/**
 * Validates an untrusted link record.
 * @param value - parsed JSON.
 * @returns a fresh, validated copy.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation from the v1 shape.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, parseLinkRecord } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const created = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const row: unknown = JSON.parse(JSON.stringify(created.link)); // as received from the server
 *
 * const link = parseLinkRecord(row);
 * console.log(link.resourceGroupId, link.keyVersion); // g1 1
 * ```
 */
export function parseLinkRecord(value: unknown): LinkRecord {
  const r = obj(value, 'link', LINK_KEYS);
  header(r, 'link');
  return {
    v: 1,
    suite: 'zkv1',
    tenantId: id(r['tenantId'], 'link.tenantId'),
    resourceGroupId: id(r['resourceGroupId'], 'link.resourceGroupId'),
    keyVersion: int(r['keyVersion'], 'link.keyVersion', 1, MAX_KEY_VERSION),
    senderId: id(r['senderId'], 'link.senderId'),
    recipientId: id(r['recipientId'], 'link.recipientId'),
    SYM_Link: stored(r['SYM_Link'], 'SYM_Link', SYM_LINK_LENGTH),
  };
}

/**
 * Validates an untrusted resource record.
 * @param value - parsed JSON.
 * @returns a fresh, validated copy.
 * @throws ZkvaultError `INVALID_RECORD` on any deviation from the v1 shape, including a ciphertext
 *   shorter than an empty envelope or longer than {@link MAX_RESOURCE_BYTES} allows.
 * @example
 * ```ts
 * import { createAccount, createResourceGroup, encryptResource, parseResourceRecord } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const row: unknown = JSON.parse(JSON.stringify(await encryptResource({ resourceId: 'r1', type: 'note', plaintext: 'hi' }, group)));
 *
 * const rec = parseResourceRecord(row);
 * console.log(rec.resourceId, rec.type); // r1 note
 * ```
 */
export function parseResourceRecord(value: unknown): ResourceRecord {
  const r = obj(value, 'resource', RESOURCE_KEYS);
  header(r, 'resource');
  const ct = r['ciphertext'];
  // Length check on the text before decoding, so an oversized input costs nothing.
  const maxText = Math.ceil(((MAX_RESOURCE_BYTES + ENVELOPE_OVERHEAD) * 4) / 3);
  if (typeof ct !== 'string' || ct.length > maxText) throw bad('"resource.ciphertext" expected base64url of at most 64 MiB');
  const minText = Math.ceil((ENVELOPE_OVERHEAD * 4) / 3);
  if (ct.length < minText || !/^[A-Za-z0-9_-]*$/.test(ct) || ct.length % 4 === 1) {
    throw bad('"resource.ciphertext" expected base64url of an envelope');
  }
  return {
    v: 1,
    suite: 'zkv1',
    tenantId: id(r['tenantId'], 'resource.tenantId'),
    resourceGroupId: id(r['resourceGroupId'], 'resource.resourceGroupId'),
    keyVersion: int(r['keyVersion'], 'resource.keyVersion', 1, MAX_KEY_VERSION),
    resourceId: id(r['resourceId'], 'resource.resourceId'),
    type: id(r['type'], 'resource.type', MAX_TYPE_LENGTH),
    ciphertext: ct,
  };
}
