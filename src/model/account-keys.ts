/**
 * The account's signing key pair (issue 12): `PUB_Sign` (Ed25519, RFC 8032) stored in the clear,
 * `PRV_Sign` (the 32-byte seed) locked under `SYM_Account` exactly as `PRV_Account` is:
 *
 * ```
 * PRV_Sign locked: envelope under SYM_Account, AAD ctx("zkvault/v1/prv-sign", I, PUB_Account, PUB_Sign)
 * new accounts:  PRV_Sign = 32 random bytes
 * older records (no PUB_Sign): on unlock,
 *   PRV_Sign = HKDF-SHA256(ikm = SYM_Account, salt = "", info = ctx("zkvault/v1/migrate/prv-sign", I, PUB_Account), 32)
 * ```
 *
 * The migration key is derived, not drawn, so every unlock of the same old record (two devices, a
 * failed upload, a retry) makes the same key until the upgraded record is stored. Another account
 * key pair (issue 18: X-Wing) follows the same four steps: a seed, its public key, the locked seed
 * with an AAD naming both public keys, and a public-key check after unlocking: both are
 * src/model/account-seeded-key.ts.
 * @module
 */
import type { StoredKeyName, StoredText, UnlockedKey } from '../keys/index.js';
import { newSeededKey, seededFieldsFor, unlockSeededKey, type SeededKey, type SeededKeySpec } from './account-seeded-key.js';
import { accountSecrets, type UnlockedAccount } from './account-state.js';
import { PURPOSE } from './context.js';
import type { ModelDeps } from './deps.js';
import type { AccountRecord } from './records.js';
/** The record fields a signing key pair adds. */
export const SIGN_FIELDS: readonly StoredKeyName[] = Object.freeze(['PUB_Sign', 'PRV_Sign']);

/** The two record fields of the signing key pair. */
export interface SignFields {
  /** `PUB_Sign`, base64url. */
  readonly PUB_Sign: StoredText<'PUB_Sign'>;
  /** `PRV_Sign` locked under `SYM_Account`, base64url. */
  readonly PRV_Sign: StoredText<'PRV_Sign'>;
}

/** An unlocked signing key pair and its record fields. */
export interface SignKeyPair {
  /** The unlocked seed (the caller owns it: dispose it, after `ed25519.forget`). */
  readonly prvSign: UnlockedKey<'PRV_Sign'>;
  /** `PUB_Sign`. */
  readonly signPublicKey: Uint8Array;
  /** The record fields. */
  readonly fields: SignFields;
  /** Whether the pair was made now for a record that had none (the record needs the fields). */
  readonly added: boolean;
}

/** The signing pair's record fields, purposes and public-key function. */
const SIGN: SeededKeySpec<{ pub: 'PUB_Sign'; prv: 'PRV_Sign' }> = {
  pub: 'PUB_Sign',
  prv: 'PRV_Sign',
  lockPurpose: PURPOSE.prvSign,
  migratePurpose: PURPOSE.migrateSign,
  publicKey: (deps, seed) => deps.ed25519.publicKey(seed),
  forget: (deps, seed) => deps.ed25519.forget(seed),
};

function signPair(k: SeededKey<{ pub: 'PUB_Sign'; prv: 'PRV_Sign' }>): SignKeyPair {
  return { prvSign: k.prv, signPublicKey: k.publicKey, fields: { PUB_Sign: k.pubText, PRV_Sign: k.prvText }, added: k.added };
}

/**
 * @internal A fresh random signing key pair for a new account.
 * @param deps - the backend families.
 * @param symAccount - the account's `SYM_Account`, which locks `PRV_Sign`.
 * @param accountId - the account id.
 * @param pubAccount - the account's `PUB_Account` text (bound into the AAD).
 * @returns the pair and its record fields.
 * @throws ZkvaultError from the backend only (never for valid inputs).
 * @example
 * ```ts
 * const sign = await newSignKeyPair(deps, symAccount, accountId, pub);
 * ```
 */
export async function newSignKeyPair(
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  accountId: string,
  pubAccount: StoredText<'PUB_Account'>,
): Promise<SignKeyPair> {
  return signPair(await newSeededKey(SIGN, deps, symAccount, { accountId, PUB_Account: pubAccount }));
}

/**
 * @internal Unlocks a record's signing key pair, or derives one for a record made before signing
 * keys (`added: true`; see the module comment).
 * @param deps - the backend families.
 * @param symAccount - the unlocked `SYM_Account`.
 * @param r - the validated record.
 * @returns the pair and its record fields.
 * @throws ZkvaultError `DECRYPT_FAILED` if `PRV_Sign` does not open under this account's context or
 *   does not match `PUB_Sign`.
 * @example
 * ```ts
 * const sign = await unlockSignKeyPair(deps, sym, record);
 * ```
 */
export async function unlockSignKeyPair(deps: ModelDeps, symAccount: UnlockedKey<'SYM_Account'>, r: AccountRecord): Promise<SignKeyPair> {
  return signPair(await unlockSeededKey(SIGN, deps, symAccount, r, r.PUB_Sign, r.PRV_Sign));
}

/**
 * @internal The signing fields a record rewritten for `account` (passphrase change) carries: the
 * record's own if it has them (they must be the account's), else `PRV_Sign` locked afresh.
 * @param deps - the backend families.
 * @param account - the unlocked account.
 * @param r - its validated current record.
 * @param relockUnder - a new `SYM_Account` (passphrase change with `rotateAccountKey`): `PRV_Sign` is
 *   locked again under it, so the old `SYM_Account` opens nothing of the new record.
 * @returns the fields.
 * @throws ZkvaultError `INVALID_RECORD` if the record's `PUB_Sign` is not the account's; `KEY_LOCKED`
 *   after dispose.
 * @example
 * ```ts
 * const fields = await signFieldsFor(deps, account, r);
 * ```
 */
export async function signFieldsFor(
  deps: ModelDeps,
  account: UnlockedAccount,
  r: AccountRecord,
  relockUnder?: UnlockedKey<'SYM_Account'>,
): Promise<SignFields> {
  const { symAccount, prvSign } = accountSecrets(account);
  const [PUB_Sign, PRV_Sign] = await seededFieldsFor(SIGN, deps, { prv: prvSign, publicKey: account.signPublicKey }, symAccount, r, [r.PUB_Sign, r.PRV_Sign], relockUnder);
  return { PUB_Sign, PRV_Sign };
}
