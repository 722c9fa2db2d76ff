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
 * with an AAD naming both public keys, and a public-key check after unlocking.
 * @module
 */
import { equalBytes, fromBase64url, wipe } from '../bytes/index.js';
import { decryptFailed, ZkvaultError } from '../errors.js';
import { LockedKey, PublicValue, storeKey, UnlockedKey, type StoredKeyName, type StoredText } from '../keys/index.js';
import { lockKeyWith, unlockKeyWith } from '../keys/wrap.js';
import { accountSecrets, type UnlockedAccount } from './account-state.js';
import { encodeContext, PURPOSE } from './context.js';
import type { ModelDeps } from './deps.js';
import type { AccountRecord } from './records.js';

/** Length of an Ed25519 seed (RFC 8032 section 5.1.5). */
const SIGN_SEED_LENGTH = 32;
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

function prvSignAad(accountId: string, pubAccount: StoredText<'PUB_Account'>, pubSign: StoredText<'PUB_Sign'>): Uint8Array {
  return encodeContext(PURPOSE.prvSign, [accountId, pubAccount, pubSign]);
}

function disposeSign(deps: ModelDeps, prvSign: UnlockedKey<'PRV_Sign'>): void {
  if (!prvSign.disposed) deps.ed25519.forget(prvSign.bytes());
  prvSign.dispose();
}

/** Makes the pair from `seed` (wiped here) and locks the seed under `symAccount`. */
async function pairFromSeed(
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  accountId: string,
  pubAccount: StoredText<'PUB_Account'>,
  seed: Uint8Array,
  added: boolean,
): Promise<SignKeyPair> {
  const prvSign = UnlockedKey.from('PRV_Sign', seed);
  wipe(seed);
  try {
    const signPublicKey = deps.ed25519.publicKey(prvSign.bytes());
    const pubSign = storeKey(new PublicValue('PUB_Sign', signPublicKey));
    const locked = await lockKeyWith(deps, symAccount, prvSign, prvSignAad(accountId, pubAccount, pubSign));
    return { prvSign, signPublicKey, fields: { PUB_Sign: pubSign, PRV_Sign: storeKey(locked) }, added };
  } catch (e) {
    disposeSign(deps, prvSign);
    throw e;
  }
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
export function newSignKeyPair(
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  accountId: string,
  pubAccount: StoredText<'PUB_Account'>,
): Promise<SignKeyPair> {
  return pairFromSeed(deps, symAccount, accountId, pubAccount, deps.random.randomBytes(SIGN_SEED_LENGTH), false);
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
  if (r.PUB_Sign === undefined || r.PRV_Sign === undefined) {
    const info = encodeContext(PURPOSE.migrateSign, [r.accountId, r.PUB_Account]);
    const seed = deps.kdf.hkdf('SHA-256', symAccount.bytes(), new Uint8Array(0), info, SIGN_SEED_LENGTH);
    return pairFromSeed(deps, symAccount, r.accountId, r.PUB_Account, seed, true);
  }
  const aad = prvSignAad(r.accountId, r.PUB_Account, r.PUB_Sign);
  const prvSign = await unlockKeyWith(deps, symAccount, new LockedKey('PRV_Sign', fromBase64url(r.PRV_Sign)), aad);
  const signPublicKey = fromBase64url(r.PUB_Sign);
  if (!equalBytes(deps.ed25519.publicKey(prvSign.bytes()), signPublicKey)) {
    disposeSign(deps, prvSign);
    throw decryptFailed();
  }
  return { prvSign, signPublicKey, fields: { PUB_Sign: r.PUB_Sign, PRV_Sign: r.PRV_Sign }, added: false };
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
  if (r.PUB_Sign !== undefined && r.PRV_Sign !== undefined) {
    if (!equalBytes(fromBase64url(r.PUB_Sign), account.signPublicKey)) {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: it belongs to another account');
    }
    if (relockUnder === undefined) return { PUB_Sign: r.PUB_Sign, PRV_Sign: r.PRV_Sign };
  }
  const pubSign = storeKey(new PublicValue('PUB_Sign', account.signPublicKey));
  const locked = await lockKeyWith(deps, relockUnder ?? symAccount, prvSign, prvSignAad(r.accountId, r.PUB_Account, pubSign));
  return { PUB_Sign: pubSign, PRV_Sign: storeKey(locked) };
}
