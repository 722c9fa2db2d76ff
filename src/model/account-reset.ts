/**
 * M_Account reset (docs/architecture.md section 6): the user lost the passphrase, so the account
 * gets brand-new keys exactly as at sign-up (./account-signup.ts); everything locked to the old
 * keys is void.
 * @module
 */
import { createAccount, type CreateAccountOptions, type CreateAccountResult } from './account-signup.js';

/**
 * Resets an account (the user lost the passphrase): brand-new salts, verifier and account keys,
 * exactly as {@link createAccount}. Everything locked to the old keys is void: other members must
 * re-issue links to the new `PUB_Account`, and groups only this account held are lost.
 * @param options - as {@link createAccount}.
 * @returns the new record (replaces the old one on the server) and the unlocked account.
 * @throws ZkvaultError as {@link createAccount}.
 * @example
 * ```ts
 * import { resetAccount } from 'zkvault';
 *
 * // The user lost the passphrase: new keys under the same account id; the old ones are void.
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { record, account } = await resetAccount({ accountId: 'jane', passphrase: 'a new passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * console.log(record.accountId, account.fingerprint); // the record replaces the old one on the server
 * ```
 */
export function resetAccount(options: CreateAccountOptions): Promise<CreateAccountResult> {
  return createAccount(options);
}
