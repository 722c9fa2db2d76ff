/**
 * Migration of an Insomnia account and its resource groups into `zkv1` records (docs/architecture.md
 * sections 2, 5, 6 and 8). Field-by-field mapping: docs/insomnia.md. The current (10.x VCS) data,
 * projects and gzip'd blobs, is read by ./migrate-vcs.ts.
 *
 * What changes, and which weakness of the source format each change removes:
 * - new random salts (`SLT_Auth_1`, `SLT_Auth_2`, `SLT_Enc`, 32 bytes each) and PBKDF2-SHA256 at
 *   600,000 iterations instead of 100,000 (stored, so it can be raised later; clients refuse less);
 * - a new SRP verifier (RFC 5054 SRP-6a with RFC 2945 proofs, 3072-bit group by default);
 * - new `SYM_Account` and a new X25519 key pair instead of RSA-2048: `PUB_Account` is bound into the
 *   AAD of the locked `PRV_Account`, so a swapped public key no longer goes unnoticed;
 * - each resource group gets a new random key (version 1) and a self-link (HPKE auth mode) bound to
 *   tenant, group, version, sender and recipient; the old key, which the Insomnia server could have
 *   had shared to a substituted RSA key, is not carried over;
 * - each resource is re-encrypted as a key-committing v1 envelope whose AAD binds tenant, group,
 *   key version, resource id and type (the app's messages bind nothing, so its server could swap
 *   them between rows), with the full 16-byte tag always checked.
 *
 * The source is only read: nothing in the arguments is modified, and nothing is written anywhere.
 * Everything is decrypted before anything new is made, so a migration either covers every resource
 * given or fails. A dry run performs all the reads and checks and reports what would change.
 * @module
 */
import {
  createAccount,
  createResourceGroup,
  encryptResource,
  type AccountRecord,
  type LinkRecord,
  type ResourceRecord,
  type UnlockedAccount,
} from '../../model/index.js';
import { aobject, isPlainObject } from '../../bytes/index.js';
import { aiterations, asecretKey, asrp } from '../../model/account-shared.js';
import { aid } from '../../model/context.js';
import { checkCreationParams } from '../../model/policy.js';
import { ZkvaultError, invalidInput } from '../../errors.js';
import {
  decryptInsomniaResourceWith,
  INSOMNIA_DEPS,
  openInsomniaResourceGroupWith,
  unlockInsomniaAccountWith,
  type InsomniaAccountPayload,
  type InsomniaDeps,
  type InsomniaResource,
  type InsomniaResourceGroup,
} from './account.js';
import { INSOMNIA_PBKDF2_ITERATIONS, insomniaPassphrase } from './kdf.js';
import { readInsomniaProjectsWith } from './migrate-vcs.js';
import { INSOMNIA_BLOB_DEPS, type InsomniaBlobDeps, type InsomniaProject } from './vcs.js';

/** Default PBKDF2 iterations of the migrated account (OWASP 2023, as `createAccount`). */
export const MIGRATION_DEFAULT_ITERATIONS = 600_000;
/** Resource type used when an Insomnia resource has none. */
export const MIGRATION_DEFAULT_TYPE = 'insomnia';

/** Options of {@link migrateInsomniaAccount}. */
export interface MigrateInsomniaOptions {
  /** The Insomnia account payload (whoami / account row). */
  account: InsomniaAccountPayload;
  /**
   * The account's current passphrase as typed (unlocks the Insomnia keys). Normalised as the app does
   * (`trim().normalize('NFKD')`, {@link insomniaPassphrase}), and that normalised form becomes the
   * new account's passphrase unless `newPassphrase` is given.
   */
  passphrase: string;
  /** Tenant (organization) id of the migrated groups and resources. */
  tenantId: string;
  /** zkvault account id; default the normalised email (the Insomnia SRP identity). */
  accountId?: string;
  /** Passphrase of the new account (zkvault rules: NFKD, not trimmed); default the current one, normalised. */
  newPassphrase?: string;
  /** The account's resource groups, each with this account's link (`encSymmetricKey`). */
  resourceGroups?: InsomniaResourceGroup[];
  /** Resources of those groups. */
  resources?: InsomniaResource[];
  /**
   * Current (10.x VCS) sync data: projects with this member's `projectKey.encSymmetricKey` and their blobs.
   * Each project becomes a resource group (same id), each blob a resource (id = blob id, type = the
   * document's `type`) holding the decompressed document text.
   */
  projects?: InsomniaProject[];
  /** Largest decompressed blob accepted (bytes); default 32 MiB. A larger one fails the migration with `TOO_LARGE`. */
  maxBlobBytes?: number;
  /** PBKDF2 iterations of the new account; default 600,000. */
  kdf?: {
    /** PBKDF2-SHA256 iterations. */
    iterations: number;
  };
  /** SRP group and hash of the new account; default 3072 bits, SHA-256. */
  srp?: {
    /** SRP group size in bits; default 3072. */
    bits?: 2048 | 3072 | 4096 | 6144 | 8192;
    /** SRP hash; default SHA-256. */
    hash?: 'SHA-256' | 'SHA-512';
  };
  /** Optional device-held secret key (`ZK1-…` or 16 bytes) for the new account. */
  secretKey?: string | Uint8Array;
  /** Only read, decrypt and report; create nothing. Default false. */
  dryRun?: boolean;
}

/** One resource group in a migration report. */
export interface InsomniaMigrationGroupReport {
  /** The resource group id (kept in the new records). */
  readonly resourceGroupId: string;
  /** Resources of this group that were (or would be) re-encrypted. */
  readonly resources: number;
}

/** What a migration changes. Contains no secrets. */
export interface InsomniaMigrationReport {
  /** The zkvault account id of the new account. */
  readonly accountId: string;
  /** The normalised Insomnia email. */
  readonly email: string;
  /** Tenant id of the migrated groups and resources. */
  readonly tenantId: string;
  /** The source account's schemes. */
  readonly from: {
    /** Source format, `'insomnia'`. */
    readonly format: 'insomnia';
    /** The source passphrase KDF. */
    readonly kdf: string;
    /** The source PBKDF2 iterations (100,000). */
    readonly iterations: number;
    /** The source key pair (RSA-OAEP, with its size). */
    readonly keyPair: string;
    /** The source SRP parameters. */
    readonly srp: string;
    /** The source resource encryption. */
    readonly resourceCipher: string;
  };
  /** The new account's schemes. */
  readonly to: {
    /** Record suite, `'zkv1'`. */
    readonly suite: 'zkv1';
    /** Passphrase KDF, `'PBKDF2-SHA256'`. */
    readonly kdf: 'PBKDF2-SHA256';
    /** PBKDF2 iterations of the new account. */
    readonly iterations: number;
    /** Key pair type, `'X25519'`. */
    readonly keyPair: 'X25519';
    /** SRP parameters of the new verifier. */
    readonly srp: {
      /** SRP group size in bits. */
      readonly bits: number;
      /** SRP hash. */
      readonly hash: string;
      /** Proof variant, `'srp6a'`. */
      readonly proof: 'srp6a';
    };
    /** Whether the new account uses a secret key. */
    readonly secretKey: boolean;
    /** The new resource encryption. */
    readonly resourceCipher: string;
  };
  /** The migrated (or, in a dry run, readable) resource groups. */
  readonly resourceGroups: readonly InsomniaMigrationGroupReport[];
  /** Resources migrated (or that would be), VCS blobs included. */
  readonly resources: number;
  /** Of those, VCS blobs (gzip'd, decompressed before re-encryption). */
  readonly blobs: number;
  /** Ids of resources whose group was not given (left out; migrate them with their group). */
  readonly skippedResources: readonly string[];
  /** Human-readable list of the changes, one line each. */
  readonly changes: readonly string[];
}

/** Result of a dry run: the report only. */
export interface InsomniaMigrationDryRun {
  /** `true`: nothing was created. */
  readonly dryRun: true;
  /** What the migration would change. */
  readonly report: InsomniaMigrationReport;
}

/** Result of a migration: the new server records and the unlocked new account. */
export interface InsomniaMigration {
  /** `false`: the new records were created. */
  readonly dryRun: false;
  /** What the migration changed. */
  readonly report: InsomniaMigrationReport;
  /** The new account record, for the server. */
  readonly record: AccountRecord;
  /** The new account, unlocked (call `dispose()` when done). */
  readonly account: UnlockedAccount;
  /** One self-link per migrated group, for the server. */
  readonly links: readonly LinkRecord[];
  /** The re-encrypted resources, for the server. */
  readonly resources: readonly ResourceRecord[];
}

interface Plain {
  readonly groupId: string;
  readonly resourceId: string;
  readonly type: string;
  readonly plaintext: string | Uint8Array;
}

function objects<T>(value: unknown, name: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput(`"${name}" expected an array`);
  return value as T[];
}

/** @internal Backend-parameterised (for the Insomnia side) {@link migrateInsomniaAccount}. */
export async function migrateInsomniaAccountWith(
  deps: InsomniaDeps & InsomniaBlobDeps,
  options: MigrateInsomniaOptions,
): Promise<InsomniaMigration | InsomniaMigrationDryRun> {
  aobject(options, 'options');
  const o = options;
  if (typeof o.tenantId !== 'string' || o.tenantId.length === 0) throw invalidInput('"tenantId" expected a non-empty string');
  if (o.dryRun !== undefined && typeof o.dryRun !== 'boolean') throw invalidInput('"dryRun" expected boolean');
  const groups = objects<InsomniaResourceGroup>(o.resourceGroups, 'resourceGroups');
  const resources = objects<InsomniaResource>(o.resources, 'resources');

  // 0. The options are checked (`null` is a bad value, not the default) and the new account's
  // parameters pass the passphrase policy, before any key is derived.
  const newAccountId = o.accountId === undefined ? undefined : aid(o.accountId, 'accountId');
  if (o.newPassphrase !== undefined && (typeof o.newPassphrase !== 'string' || o.newPassphrase.length === 0)) {
    throw invalidInput('"newPassphrase" expected a non-empty string');
  }
  // As createAccount: a given kdf must name its iterations.
  const iterations = o.kdf === undefined ? MIGRATION_DEFAULT_ITERATIONS : aiterations(aobject(o.kdf, 'kdf')['iterations'], 'kdf.iterations');
  const srp = { ...asrp(o.srp), proof: 'srp6a' as const };
  checkCreationParams(iterations, srp);
  // Checked as createAccount will check it, so a dry run refuses what the real run refuses (a
  // `null` was reported as a secret key); the parsed copy is not needed yet.
  const checkedSecretKey = asecretKey(o.secretKey);
  checkedSecretKey?.fill(0);
  const hasSecretKey = checkedSecretKey !== undefined;
  // 1. Read everything from the source (throws before anything new exists).
  const old = await unlockInsomniaAccountWith(deps, o.account, o.passphrase);
  const accountId = newAccountId ?? old.email;
  const byGroup = new Map<string, Uint8Array>();
  const plain: Plain[] = [];
  const skipped: string[] = [];
  let blobs: Plain[] = [];
  try {
    for (const g of groups) {
      if (!isPlainObject(g) || typeof g.id !== 'string' || g.id.length === 0) {
        throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia resource group expected a string id');
      }
      if (byGroup.has(g.id)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia resource group listed twice');
      byGroup.set(g.id, await openInsomniaResourceGroupWith(deps, old, g));
    }
    const seen = new Set<string>();
    for (const r of resources) {
      if (!isPlainObject(r) || typeof r.id !== 'string' || r.id.length === 0 || typeof r.resourceGroupId !== 'string') {
        throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia resource expected string id and resourceGroupId');
      }
      const key = JSON.stringify([r.resourceGroupId, r.id]);
      if (seen.has(key)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia resource listed twice');
      seen.add(key);
      const groupKey = byGroup.get(r.resourceGroupId);
      if (groupKey === undefined) {
        skipped.push(r.id);
        continue;
      }
      const type = typeof r.type === 'string' && r.type.length > 0 ? r.type : MIGRATION_DEFAULT_TYPE;
      plain.push({ groupId: r.resourceGroupId, resourceId: r.id, type, plaintext: await decryptInsomniaResourceWith(deps, groupKey, r) });
    }
    // Current sync data (projects and gzip'd blobs): migrate-vcs.ts.
    blobs = await readInsomniaProjectsWith(deps, old, o.projects, o.maxBlobBytes, byGroup, MIGRATION_DEFAULT_TYPE);
    plain.push(...blobs);
  } finally {
    for (const k of byGroup.values()) k.fill(0);
    old.symmetricKey.fill(0);
  }

  const report: InsomniaMigrationReport = {
    accountId,
    email: old.email,
    tenantId: o.tenantId,
    from: {
      format: 'insomnia',
      kdf: 'HKDF-SHA256(email, hex salt text) then PBKDF2-SHA256',
      iterations: INSOMNIA_PBKDF2_ITERATIONS,
      keyPair: `RSA-${old.privateKey.modulusBytes * 8} OAEP-SHA256 (JWK)`,
      srp: 'RFC 5054 2048-bit, SHA-256, insomnia proofs',
      resourceCipher: 'AES-256-GCM {iv,t,d,ad}, no context binding',
    },
    to: {
      suite: 'zkv1',
      kdf: 'PBKDF2-SHA256',
      iterations,
      keyPair: 'X25519',
      srp,
      secretKey: hasSecretKey,
      resourceCipher: 'envelope v1 (AES-256-GCM, key-committing, context-bound)',
    },
    resourceGroups: [...byGroup.keys()].map((id) => ({ resourceGroupId: id, resources: plain.filter((p) => p.groupId === id).length })),
    resources: plain.length,
    blobs: blobs.length,
    skippedResources: skipped,
    changes: [
      `account ${old.email} -> zkv1 account ${accountId}`,
      `salts: saltKey/saltAuth/saltEnc -> new random SLT_Auth_1, SLT_Auth_2, SLT_Enc`,
      `KDF: ${INSOMNIA_PBKDF2_ITERATIONS} -> ${iterations} PBKDF2-SHA256 iterations`,
      `SRP: 2048-bit insomnia proofs -> ${srp.bits}-bit SHA-256 srp6a, new verifier`,
      `SYM_Account: new random key; PRV_Account/PUB_Account: RSA -> new X25519 key pair`,
      ...[...byGroup.keys()].map((id) => `resource group ${id}: new key (version 1), RSA link -> HPKE self-link`),
      `${plain.length} resources: {iv,t,d,ad} -> context-bound v1 envelopes`,
      ...(blobs.length > 0 ? [`${blobs.length} of them VCS blobs: gunzip'd, SHA-1 id checked, stored uncompressed`] : []),
      ...(skipped.length > 0 ? [`${skipped.length} resources skipped: their resource group was not given`] : []),
    ],
  };
  if (o.dryRun === true) return { dryRun: true, report };

  // 2. Make the new records.
  const created = await createAccount({
    accountId,
    // The app trims and NFKD-normalises (kdf.ts): carry the passphrase it actually used, not the padding.
    passphrase: o.newPassphrase ?? insomniaPassphrase(o.passphrase),
    kdf: { iterations },
    srp: { bits: srp.bits, hash: srp.hash },
    ...(o.secretKey !== undefined ? { secretKey: o.secretKey } : {}),
  });
  const links: LinkRecord[] = [];
  const records: ResourceRecord[] = [];
  try {
    for (const id of byGroup.keys()) {
      const { group, link } = await createResourceGroup({ tenantId: o.tenantId, resourceGroupId: id }, created.account);
      links.push(link);
      try {
        for (const p of plain) {
          if (p.groupId === id) records.push(await encryptResource({ resourceId: p.resourceId, type: p.type, plaintext: p.plaintext }, group));
        }
      } finally {
        group.dispose();
      }
    }
  } catch (e) {
    created.account.dispose();
    throw e;
  }
  return { dryRun: false, report, record: created.record, account: created.account, links, resources: records };
}

/**
 * Migrates an Insomnia account, its legacy resource groups and resources and its current (10.x VCS)
 * projects and blobs into `zkv1` records. The passphrase is normalised as the app does (trim, NFKD):
 * new salts, 600,000 PBKDF2 iterations, a new SRP verifier, new X25519 keys, new group keys with
 * HPKE self-links and context-bound envelopes. The source is only read. With `dryRun: true` it
 * reads and decrypts everything and reports what would change, creating nothing.
 * @param options - the Insomnia account and passphrase, tenant id, groups, resources and the new account's parameters.
 * @returns the report, plus (not in a dry run) the new account record, unlocked account, links and resource records.
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong passphrase or a tampered key, link, resource or blob (nothing is
 *   created); `VERIFY_FAILED` for a substituted public key or a blob that does not hash to its id; `TOO_LARGE` for a
 *   blob that would decompress past `maxBlobBytes` (a decompression bomb; inflation stops at the limit);
 *   `INVALID_RECORD` for malformed or duplicate source records; `INVALID_INPUT` for a bad option (for example an id
 *   the model refuses).
 * @example
 * ```ts
 * import {
 *   deriveInsomniaKey, encryptInsomnia, insomniaAesJwk, migrateInsomniaAccount, wrapInsomniaGroupKey,
 * } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * // An account as the app's signup makes it (normally the server's /auth/whoami answer):
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
 * const saltEnc = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const symAccount = crypto.getRandomValues(new Uint8Array(32));
 * const whoami = {
 *   email, saltEnc,
 *   encSymmetricKey: JSON.stringify(await encryptInsomnia(JSON.stringify(insomniaAesJwk(symAccount)), await deriveInsomniaKey(passphrase, { email, salt: saltEnc }))),
 *   encPrivateKey: JSON.stringify(await encryptInsomnia(JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.privateKey)), symAccount)),
 *   publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)),
 * };
 * const account = whoami;
 * const groupKey = crypto.getRandomValues(new Uint8Array(32));
 * const resourceGroups = [{ id: 'grp_1', encSymmetricKey: await wrapInsomniaGroupKey(groupKey, whoami.publicKey) }];
 * const resources = [{ id: 'wrk_1', resourceGroupId: 'grp_1', encContent: JSON.stringify(await encryptInsomnia('{"name":"My workspace"}', groupKey)) }];
 * const plan = await migrateInsomniaAccount({ account, passphrase, tenantId: 'org1', resourceGroups, resources, dryRun: true });
 * console.log(plan.report.changes.join('\n'));
 * // kdf and srp: test strength, to keep the example fast; omit both in production (600,000 iterations, 3072 bits)
 * const done = await migrateInsomniaAccount({
 *   account, passphrase, tenantId: 'org1', resourceGroups, resources, kdf: { iterations: 1000 }, srp: { bits: 2048 },
 * });
 * console.log(done.links.length, done.resources.length); // 1 1: store done.record, done.links and done.resources
 * done.account.dispose();
 * ```
 */
export function migrateInsomniaAccount(options: MigrateInsomniaOptions & { dryRun: true }): Promise<InsomniaMigrationDryRun>;
export function migrateInsomniaAccount(options: MigrateInsomniaOptions & { dryRun?: false }): Promise<InsomniaMigration>;
export function migrateInsomniaAccount(options: MigrateInsomniaOptions): Promise<InsomniaMigration | InsomniaMigrationDryRun>;
export function migrateInsomniaAccount(options: MigrateInsomniaOptions): Promise<InsomniaMigration | InsomniaMigrationDryRun> {
  return migrateInsomniaAccountWith({ ...INSOMNIA_DEPS, ...INSOMNIA_BLOB_DEPS }, options);
}
