/**
 * M_Account passphrase change (docs/architecture.md section 6): new salts, derivations and SRP-6a
 * verifier (RFC 5054), `SYM_Account` re-locked (optionally replaced); `PRV_Account`, links and
 * resources untouched. Parameters come from what the account was unlocked with, never from the record.
 * @module
 */
import { aobject, equalBytes, fromBase64url, wipe } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { lockKeyWith } from '../keys/wrap.js';
import { storeKey, UnlockedKey } from '../keys/index.js';
import { signFieldsFor } from './account-keys.js';
import { xwingFieldsFor } from './account-xwing.js';
import { accountSecrets, replaceSymAccount, UnlockedAccount } from './account-state.js';
import { modelDeps } from './deps.js';
import { parseAccountRecord, type AccountRecord, type LoginParams } from './records.js';
import { apolicy, checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphrasePolicy } from './policy.js';
import {
  knownParams,
  knownOf,
  recordSalts,
  apassphrase,
  aiterations,
  asrp,
  prvAccountAad,
  passphraseRecord,
  type KnownParams,
} from './account-shared.js';
import { type CreateAccountOptions } from './account-signup.js';

/** Options of {@link changePassphrase}. */
export interface ChangePassphraseOptions {
  /** The new passphrase. */
  newPassphrase: string | Uint8Array;
  /** New PBKDF2 iterations; default: those the account was unlocked (or created) with, never the record's. */
  kdf?: CreateAccountOptions['kdf'];
  /** New SRP group and hash; default: those the account was unlocked (or created) with. */
  srp?: CreateAccountOptions['srp'];
  /** The client's policy; default: the one the account was unlocked (or created) under. */
  policy?: PassphrasePolicy;
  /**
   * Allow `kdf` or `srp` below the account's current parameters (still within the policy).
   * Default false: a change never weakens an account.
   */
  allowWeaken?: boolean;
  /**
   * Also replace `SYM_Account` with a fresh key and re-lock `PRV_Account` under it (O(1): no link
   * or resource is touched), so an old record plus the old passphrase no longer unlocks anything.
   * The response to a leaked passphrase. Default false.
   */
  rotateAccountKey?: boolean;
}

/**
 * Changes the passphrase: new salts, new derivations, new verifier, and `SYM_Account` re-locked.
 * `PUB_Account`, `PRV_Account` (its locked bytes too, unless `rotateAccountKey`), links and
 * resources are untouched, so the cost does not grow with the data. The account's secret key, if
 * any, stays the same.
 *
 * The record comes from the server and is untrusted: its KDF and SRP parameters and salts must be
 * the ones the account was unlocked (or created) with, and the new record is made with those (or
 * the stronger ones given in `options`), never with the record's. A change never weakens the
 * account unless `allowWeaken: true`, and never leaves the policy.
 *
 * Once it returns, `account` belongs to the new record: a later change must be given that record.
 *
 * With `rotateAccountKey: true`, `SYM_Account` is replaced too (in the record and in `account`):
 * whoever holds an old record and the old passphrase can no longer unlock `PRV_Account` from a
 * new record. It does not replace `PRV_Account`: anything already learnt with it stays learnt
 * (replacing it means re-sharing every link; use {@link resetAccount} for that).
 * @param record - the account's current record (from the server: untrusted).
 * @param account - the unlocked account.
 * @param options - the new passphrase; optionally new KDF / SRP parameters, policy, `allowWeaken`, `rotateAccountKey`.
 * @returns the new record (replaces the old one on the server).
 * @throws ZkvaultError `KDF_DOWNGRADE` for a record or new parameters with fewer iterations than
 *   the account's (or the policy's), or equal salts; `WEAK_GROUP` for a smaller SRP group than the
 *   account's (or the policy's); `INVALID_RECORD` on a bad record, one of another account, or one
 *   whose parameters differ from the account's; `INVALID_INPUT` on a bad option; `KEY_LOCKED` if
 *   the account was disposed.
 * @example
 * ```ts
 * import { changePassphrase, createAccount } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { record, account } = await createAccount({ accountId: 'jane', passphrase: 'old passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * const record2 = await changePassphrase(record, account, { newPassphrase: 'new passphrase' });
 * console.log(record2.PRV_Account === record.PRV_Account); // true: the locked private key is untouched
 *
 * // The old passphrase leaked: also replace SYM_Account, so old records stop unlocking PRV_Account.
 * const record3 = await changePassphrase(record2, account, { newPassphrase: 'another passphrase', rotateAccountKey: true });
 * console.log(record3.PUB_Account === record.PUB_Account); // true: links stay valid
 * ```
 */
export async function changePassphrase(record: AccountRecord, account: UnlockedAccount, options: ChangePassphraseOptions): Promise<AccountRecord> {
  const r = parseAccountRecord(record);
  if (!(account instanceof UnlockedAccount)) throw invalidInput('"account" expected an UnlockedAccount');
  if (r.accountId !== account.accountId || !equalBytes(fromBase64url(r.PUB_Account), account.publicKey)) {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: it belongs to another account');
  }
  const o = aobject(options, 'options');
  const known = knownParams.get(account);
  const policy = o['policy'] !== undefined ? apolicy(o['policy'], 'policy') : (known?.policy ?? DEFAULT_PASSPHRASE_POLICY);
  if (o['allowWeaken'] !== undefined && typeof o['allowWeaken'] !== 'boolean') throw invalidInput('"allowWeaken" expected boolean');
  if (o['rotateAccountKey'] !== undefined && typeof o['rotateAccountKey'] !== 'boolean') throw invalidInput('"rotateAccountKey" expected boolean');
  // The record first: a server-lowered record is refused as such, before anything is derived.
  checkPassphraseParams({ iterations: r.kdf.iterations, srp: r.srp, salts: recordSalts(r) }, policy);
  const current = known ?? knownOf(r, policy);
  checkSameParams(r, current);
  const iterations = o['kdf'] === undefined ? current.iterations : aiterations(aobject(o['kdf'], 'kdf')['iterations'], 'kdf.iterations');
  const srp = o['srp'] === undefined ? current.srp : asrp(o['srp']);
  if (o['allowWeaken'] !== true) {
    if (iterations < current.iterations) throw new ZkvaultError('KDF_DOWNGRADE', 'zkvault: the new parameters have fewer iterations than the account (pass allowWeaken to allow it)');
    if (srp.bits < current.srp.bits) throw new ZkvaultError('WEAK_GROUP', 'zkvault: the new SRP group is smaller than the account\'s (pass allowWeaken to allow it)');
  }
  checkPassphraseParams({ iterations, srp }, policy);
  const { symAccount, prvAccount, secretKey } = accountSecrets(account);
  if (r.secretKey !== (secretKey !== undefined)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: secret key flag does not match the account');
  const pw = apassphrase(o['newPassphrase'], 'newPassphrase');
  const deps = modelDeps();
  const rotate = o['rotateAccountKey'] === true;
  let sym = symAccount;
  if (rotate) {
    const raw = deps.random.randomBytes(32);
    sym = UnlockedKey.from('SYM_Account', raw);
    wipe(raw);
  }
  try {
    const half = await passphraseRecord(deps, r.accountId, pw, iterations, srp, secretKey, sym, policy);
    const sign = await signFieldsFor(deps, account, r, rotate ? sym : undefined);
    const { prvXWing } = accountSecrets(account);
    const xwingPub = account.xwingPublicKey;
    const xwingSig = account.xwingSignature;
    const pq = prvXWing === undefined || xwingPub === undefined || xwingSig === undefined ? {} : await xwingFieldsFor(deps, prvXWing, xwingPub, xwingSig, symAccount, r, rotate ? sym : undefined);
    const prvLocked = rotate ? storeKey(await lockKeyWith(deps, sym, prvAccount, prvAccountAad(r.accountId, r.PUB_Account))) : r.PRV_Account;
    const next: AccountRecord = { ...half, PUB_Account: r.PUB_Account, PRV_Account: prvLocked, ...sign, ...pq };
    if (rotate) replaceSymAccount(account, sym);
    knownParams.set(account, knownOf(next, policy));
    return next;
  } catch (e) {
    if (rotate) sym.dispose();
    throw e;
  } finally {
    wipe(pw);
  }
}

/** The record must carry the parameters the account was unlocked (or created) with. */
function checkSameParams(r: LoginParams, k: KnownParams): void {
  if (r.kdf.iterations < k.iterations) throw new ZkvaultError('KDF_DOWNGRADE', 'zkvault: the record has fewer iterations than the account was unlocked with');
  if (r.srp.bits < k.srp.bits) throw new ZkvaultError('WEAK_GROUP', 'zkvault: the record has a smaller SRP group than the account was unlocked with');
  if (
    r.kdf.iterations !== k.iterations ||
    r.srp.bits !== k.srp.bits ||
    r.srp.hash !== k.srp.hash ||
    r.secretKey !== k.secretKey ||
    r.SLT_Auth_1 !== k.salts[0] ||
    r.SLT_Auth_2 !== k.salts[1] ||
    r.SLT_Enc !== k.salts[2]
  ) {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: its parameters are not those the account was unlocked with');
  }
}
