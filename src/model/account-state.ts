/**
 * The unlocked account (M_Account in client memory): `SYM_Account`, `PRV_Account` and, when the
 * account uses one, the device-held secret key. Internal accessors give the model flows the key
 * bytes; nothing else can read them.
 * @module
 */
import { copyBytes, wipe } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import type { UnlockedKey } from '../keys/index.js';
import { fingerprint } from './human.js';
import { forgetX25519Key } from './deps.js';

interface AccountSecrets {
  readonly symAccount: UnlockedKey<'SYM_Account'>;
  readonly prvAccount: UnlockedKey<'PRV_Account'>;
  readonly secretKey: Uint8Array | undefined;
}

let secretsOf: (a: UnlockedAccount) => AccountSecrets;
let makeAccount: (accountId: string, publicKey: Uint8Array, s: AccountSecrets) => UnlockedAccount;
let setSymAccount: (a: UnlockedAccount, sym: UnlockedKey<'SYM_Account'>) => void;

/**
 * An account whose keys are unlocked in memory. Get one from `createAccount`, `resetAccount` or
 * `unlockAccount`; wipe it with `dispose()` (or `using`) when the session ends.
 * @example
 * ```ts
 * import { createAccount } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const options = { accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } } as const;
 * using account = (await createAccount(options)).account; // or unlockAccount(record, login) when logging in
 * console.log(account.accountId, account.fingerprint);
 * ```
 */
export class UnlockedAccount {
  /** The account id (SRP identity). */
  readonly accountId: string;
  readonly #publicKey: Uint8Array;
  #secrets: AccountSecrets;
  #disposed = false;

  static {
    secretsOf = (a) => a.#open();
    makeAccount = (id, pk, s) => new UnlockedAccount(id, pk, s);
    setSymAccount = (a, sym) => {
      const old = a.#open().symAccount;
      a.#secrets = { ...a.#secrets, symAccount: sym };
      old.dispose();
    };
  }

  private constructor(accountId: string, publicKey: Uint8Array, secrets: AccountSecrets) {
    this.accountId = accountId;
    this.#publicKey = copyBytes(publicKey);
    this.#secrets = secrets;
  }

  #open(): AccountSecrets {
    if (this.#disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the account was disposed');
    return this.#secrets;
  }

  /** `PUB_Account` (a copy). Share it with `{ accountId, publicKey }`. */
  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  /** {@link fingerprint} of `PUB_Account`, for out-of-band comparison. */
  get fingerprint(): string {
    return fingerprint(this.#publicKey);
  }

  /** Whether {@link UnlockedAccount.dispose} was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Wipes `SYM_Account`, `PRV_Account` and the secret key; later use throws `KEY_LOCKED`.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { createAccount } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * account.dispose(); // when the session ends
   * console.log(account.disposed); // true
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#secrets.symAccount.dispose();
    // The X25519 backends cache per private-key array (a copy, and on Node a KeyObject): evict and
    // wipe that entry before zeroing the array, or a copy of PRV_Account would outlive dispose.
    if (!this.#secrets.prvAccount.disposed) forgetX25519Key(this.#secrets.prvAccount.bytes());
    this.#secrets.prvAccount.dispose();
    if (this.#secrets.secretKey) wipe(this.#secrets.secretKey);
  }

  /** Same as {@link UnlockedAccount.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Refuses serialisation: an unlocked account never goes into a record.
   * @returns never.
   * @throws ZkvaultError `NOT_STORABLE`, always.
   * @example
   * ```ts
   * import { createAccount, ZkvaultError } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { account } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * try {
   *   JSON.stringify(account); // throws NOT_STORABLE
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'NOT_STORABLE') throw e;
   *   console.log('refused:', e.code);
   * }
   * ```
   */
  toJSON(): never {
    throw new ZkvaultError('NOT_STORABLE', 'zkvault: an unlocked account must never be stored');
  }
}

/**
 * @internal The account's unlocked keys, for the model flows.
 * @param a - the account.
 * @returns its `SYM_Account`, `PRV_Account` and secret key.
 * @throws ZkvaultError `KEY_LOCKED` after dispose; `INVALID_INPUT` for a non-account.
 * @example
 * ```ts
 * const { prvAccount } = accountSecrets(sender);
 * ```
 */
export function accountSecrets(a: UnlockedAccount): AccountSecrets {
  if (!(a instanceof UnlockedAccount)) throw new ZkvaultError('INVALID_INPUT', '"account" expected an UnlockedAccount');
  return secretsOf(a);
}

/**
 * @internal Builds an unlocked account (takes ownership of the keys, copies the secret key).
 * @param accountId - the account id.
 * @param publicKey - `PUB_Account`.
 * @param symAccount - unlocked `SYM_Account`.
 * @param prvAccount - unlocked `PRV_Account`.
 * @param secretKey - the device secret key, if the account has one.
 * @returns the account.
 * @throws never.
 * @example
 * ```ts
 * newUnlockedAccount(id, pub, sym, prv, undefined);
 * ```
 */
export function newUnlockedAccount(
  accountId: string,
  publicKey: Uint8Array,
  symAccount: UnlockedKey<'SYM_Account'>,
  prvAccount: UnlockedKey<'PRV_Account'>,
  secretKey: Uint8Array | undefined,
): UnlockedAccount {
  return makeAccount(accountId, publicKey, { symAccount, prvAccount, secretKey: secretKey === undefined ? undefined : copyBytes(secretKey) });
}

/**
 * @internal Replaces the account's `SYM_Account` (after `changePassphrase` with `rotateAccountKey`)
 * and wipes the old one.
 * @param a - the account.
 * @param sym - the new `SYM_Account` (the account takes ownership).
 * @returns nothing.
 * @throws ZkvaultError `KEY_LOCKED` after dispose.
 * @example
 * ```ts
 * replaceSymAccount(account, newSym);
 * ```
 */
export function replaceSymAccount(a: UnlockedAccount, sym: UnlockedKey<'SYM_Account'>): void {
  setSymAccount(a, sym);
}
