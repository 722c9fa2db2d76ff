/**
 * The account's X-Wing key pair (issue 18; draft-connolly-cfrg-xwing-kem-10, ML-KEM-768 + X25519):
 * `PUB_XWing` (1216 bytes) stored in the clear, `PRV_XWing` (the 32-byte seed, which is the X-Wing
 * decapsulation key) locked under `SYM_Account`, the four steps of src/model/account-seeded-key.ts:
 *
 * ```
 * PRV_XWing locked: envelope under SYM_Account, AAD ctx("zkvault/v1/prv-xwing", I, PUB_Account, PUB_XWing)
 * new accounts:  PRV_XWing = 32 random bytes
 * older records (no PUB_XWing): on unlock,
 *   PRV_XWing = HKDF-SHA256(ikm = SYM_Account, salt = "", info = ctx("zkvault/v1/migrate/prv-xwing", I, PUB_Account), 32)
 * ```
 *
 * The account certifies its own `PUB_XWing` with its Ed25519 key, so a server cannot substitute it:
 *
 * ```
 * SIG_XWing = Ed25519(PRV_Sign, ctx("zkvault/v2/xwing-key", I, PUB_XWing))
 * ```
 *
 * Ed25519 is deterministic (RFC 8032 section 5.1.6), so the certificate is recomputed on every unlock.
 * Links v2 are sealed to `PUB_XWing` (src/model/links-v2.ts) only after `SIG_XWing` verifies.
 * @module
 */
import { hash } from '#backend/hash';
import type { Ed25519Backend } from '../backend/types.js';
import { toBase64url, utf8ToBytes } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import type { StoredKeyName, StoredText, UnlockedKey } from '../keys/index.js';
import { disposeSeededKey, newSeededKey, seededFieldsFor, unlockSeededKey, type SeededKey, type SeededKeySpec } from './account-seeded-key.js';
import { encodeContext, PURPOSE } from './context.js';
import { forgetXWingKey, type ModelDeps } from './deps.js';
import { SIG_XWING_LENGTH, type AccountRecord } from './records.js';
/** The record fields an X-Wing key pair adds. */
export const XWING_FIELDS: readonly StoredKeyName[] = Object.freeze(['PUB_XWing', 'PRV_XWing']);


/** Signs with the account's `PRV_Sign`. */
export type XWingCertifier = (message: Uint8Array) => Uint8Array;

/** The record fields of the X-Wing key pair. */
export interface XWingFields {
  /** `PUB_XWing`, base64url. */
  readonly PUB_XWing: StoredText<'PUB_XWing'>;
  /** `PRV_XWing` locked under `SYM_Account`, base64url. */
  readonly PRV_XWing: StoredText<'PRV_XWing'>;
  /** `SIG_XWing`, the account's Ed25519 certificate of `PUB_XWing`, base64url. */
  readonly SIG_XWing: string;
}

/** An unlocked X-Wing key pair and its record fields. */
export interface XWingKeyPair {
  /** The unlocked seed (the caller owns it: dispose it). */
  readonly prvXWing: UnlockedKey<'PRV_XWing'>;
  /** `PUB_XWing` (1216 bytes). */
  readonly xwingPublicKey: Uint8Array;
  /** `SIG_XWing` (64 bytes). */
  readonly xwingSignature: Uint8Array;
  /** The record fields. */
  readonly fields: XWingFields;
  /** Whether the pair was made now for a record that had none. */
  readonly added: boolean;
}

type XWingPair = { pub: 'PUB_XWing'; prv: 'PRV_XWing' };

/** The X-Wing pair's record fields, purposes and public-key function. */
const XWING: SeededKeySpec<XWingPair> = {
  pub: 'PUB_XWing',
  prv: 'PRV_XWing',
  lockPurpose: PURPOSE.prvXWing,
  migratePurpose: PURPOSE.migrateXWing,
  publicKey: (deps, seed) => deps.xwing.publicKey(seed),
  forget: (_deps, seed) => forgetXWingKey(seed),
};

/** Certifies the pair's public key (deterministic: remade on every unlock); disposes the seed if that fails. */
function certified(deps: ModelDeps, k: SeededKey<XWingPair>, accountId: string, certify: XWingCertifier): XWingKeyPair {
  let xwingSignature: Uint8Array;
  try {
    xwingSignature = certify(xwingKeySignedBytes(accountId, k.publicKey));
  } catch (e) {
    disposeSeededKey(XWING, deps, k.prv);
    throw e;
  }
  const fields = { PUB_XWing: k.pubText, PRV_XWing: k.prvText, SIG_XWing: toBase64url(xwingSignature) };
  return { prvXWing: k.prv, xwingPublicKey: k.publicKey, xwingSignature, fields, added: k.added };
}

/**
 * @internal The bytes `SIG_XWing` signs.
 * @param accountId - the account id.
 * @param xwingPublicKey - its `PUB_XWing`.
 * @returns ctx("zkvault/v2/xwing-key", I, b64(PUB_XWing)).
 * @throws ZkvaultError `INVALID_INPUT` on a bad id.
 * @example
 * ```ts
 * const msg = xwingKeySignedBytes('bob', bob.xwingPublicKey!);
 * ```
 */
export function xwingKeySignedBytes(accountId: string, xwingPublicKey: Uint8Array): Uint8Array {
  return encodeContext(PURPOSE.xwingKey, [accountId, toBase64url(xwingPublicKey)]);
}

/** The member fields a `SIG_XWing` check reads. */
type CertifiedXWingKey = { readonly accountId: string; readonly signPublicKey: Uint8Array; readonly xwingPublicKey: Uint8Array; readonly xwingSignature?: Uint8Array | undefined };

// Certificates that verified, per Ed25519 backend (a test's backend never sees the platform's
// results): a sender seals to the same members on every share and rotation, and an Ed25519 verify
// is the largest cost of a v2 seal after X-Wing itself. All four inputs are public; the key is a
// digest of every byte that was verified, so only the exact same (PUB_Sign, id, PUB_XWing,
// SIG_XWing) hits, and a failure is never stored. Bounded: the oldest entry leaves first.
const VERIFIED_MAX = 512;
const verified = new WeakMap<Ed25519Backend, Set<string>>();
/** Domain of the cache key's digest: no protocol value is a hash of these bytes. */
const CERTIFICATE_KEY_DOMAIN = utf8ToBytes('zkvault/cache/xwing-certificate\0');

/**
 * The cache key: SHA-256(domain ‖ u32 lengths of id, PUB_Sign, PUB_XWing ‖ id ‖ PUB_Sign ‖
 * SIG_XWing ‖ PUB_XWing), 32 bytes instead of a ~1.7 KB string of them (built on every v2 seal).
 * The lengths make the encoding injective (SIG_XWing is checked to be 64 bytes first). The
 * platform's SHA-256, not the injected backend's: an index, the same function under every backend.
 */
function certificateKey(m: CertifiedXWingKey, sig: Uint8Array): string {
  const id = utf8ToBytes(m.accountId);
  const lengths = new Uint8Array(12);
  const view = new DataView(lengths.buffer);
  view.setUint32(0, id.length);
  view.setUint32(4, m.signPublicKey.length);
  view.setUint32(8, m.xwingPublicKey.length);
  return toBase64url(hash.digest('SHA-256', CERTIFICATE_KEY_DOMAIN, lengths, id, m.signPublicKey, sig, m.xwingPublicKey));
}

/**
 * @internal Checks that `xwingPublicKey` is certified by `signPublicKey` for `accountId`, before
 * anything is sealed to it. A certificate that verified before is not verified again (see `verified`).
 * @param deps - the backend families (`ed25519`).
 * @param m - account id, the signing key to trust (pinned or checked), `PUB_XWing`, `SIG_XWing`.
 * @returns nothing.
 * @throws ZkvaultError `VERIFY_FAILED` if the certificate is missing or does not verify.
 * @example
 * ```ts
 * verifyXWingKey(deps, { accountId: 'bob', signPublicKey, xwingPublicKey, xwingSignature });
 * ```
 */
export function verifyXWingKey(deps: Pick<ModelDeps, 'ed25519'>, m: CertifiedXWingKey): void {
  const sig = m.xwingSignature;
  if (sig === undefined || sig.length !== SIG_XWING_LENGTH) throw notCertified();
  let seen = verified.get(deps.ed25519);
  const key = certificateKey(m, sig);
  if (seen?.has(key) === true) return;
  if (!deps.ed25519.verify(m.signPublicKey, xwingKeySignedBytes(m.accountId, m.xwingPublicKey), sig)) throw notCertified();
  if (seen === undefined) verified.set(deps.ed25519, (seen = new Set()));
  if (seen.size >= VERIFIED_MAX) seen.delete(seen.values().next().value as string);
  seen.add(key);
}

function notCertified(): ZkvaultError {
  return new ZkvaultError('VERIFY_FAILED', 'zkvault: the X-Wing key is not certified by the member\'s signing key');
}

/**
 * @internal A fresh random X-Wing key pair for a new account.
 * @param deps - the backend families.
 * @param symAccount - the account's `SYM_Account`, which locks `PRV_XWing`.
 * @param accountId - the account id.
 * @param pubAccount - the account's `PUB_Account` text (bound into the AAD).
 * @param certify - signs with the account's `PRV_Sign` (makes `SIG_XWing`).
 * @returns the pair and its record fields.
 * @throws ZkvaultError from the backend only.
 * @example
 * ```ts
 * const pq = await newXWingKeyPair(deps, symAccount, accountId, pub, certify);
 * ```
 */
export async function newXWingKeyPair(
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  accountId: string,
  pubAccount: StoredText<'PUB_Account'>,
  certify: XWingCertifier,
): Promise<XWingKeyPair> {
  return certified(deps, await newSeededKey(XWING, deps, symAccount, { accountId, PUB_Account: pubAccount }), accountId, certify);
}

/**
 * @internal Unlocks a record's X-Wing key pair, or derives one for a record made before X-Wing keys
 * (`added: true`; see the module comment).
 * @param deps - the backend families.
 * @param symAccount - the unlocked `SYM_Account`.
 * @param r - the validated record.
 * @param certify - signs with the account's `PRV_Sign` (remakes `SIG_XWing`, which is deterministic).
 * @returns the pair and its record fields.
 * @throws ZkvaultError `DECRYPT_FAILED` if `PRV_XWing` does not open under this account's context or
 *   does not match `PUB_XWing`.
 * @example
 * ```ts
 * const pq = await unlockXWingKeyPair(deps, sym, record, certify);
 * ```
 */
export async function unlockXWingKeyPair(deps: ModelDeps, symAccount: UnlockedKey<'SYM_Account'>, r: AccountRecord, certify: XWingCertifier): Promise<XWingKeyPair> {
  return certified(deps, await unlockSeededKey(XWING, deps, symAccount, r, r.PUB_XWing, r.PRV_XWing), r.accountId, certify);
}

/**
 * @internal The X-Wing fields a record rewritten for an account (passphrase change) carries: the
 * record's own if it has them (they must be the account's), else `PRV_XWing` locked afresh.
 * @param deps - the backend families.
 * @param prvXWing - the account's unlocked `PRV_XWing`.
 * @param xwingPublicKey - the account's `PUB_XWing`.
 * @param xwingSignature - the account's `SIG_XWing`.
 * @param symAccount - the account's current `SYM_Account`.
 * @param r - its validated current record.
 * @param relockUnder - a new `SYM_Account` (`rotateAccountKey`): `PRV_XWing` is locked again under it.
 * @returns the fields.
 * @throws ZkvaultError `INVALID_RECORD` if the record's `PUB_XWing` is not the account's.
 * @example
 * ```ts
 * const fields = await xwingFieldsFor(deps, prvXWing, pub, sig, sym, r);
 * ```
 */
export async function xwingFieldsFor(
  deps: ModelDeps,
  prvXWing: UnlockedKey<'PRV_XWing'>,
  xwingPublicKey: Uint8Array,
  xwingSignature: Uint8Array,
  symAccount: UnlockedKey<'SYM_Account'>,
  r: AccountRecord,
  relockUnder?: UnlockedKey<'SYM_Account'>,
): Promise<XWingFields> {
  const [PUB_XWing, PRV_XWing] = await seededFieldsFor(XWING, deps, { prv: prvXWing, publicKey: xwingPublicKey }, symAccount, r, [r.PUB_XWing, r.PRV_XWing], relockUnder);
  return { PUB_XWing, PRV_XWing, SIG_XWing: toBase64url(xwingSignature) };
}
