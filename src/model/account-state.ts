/**
 * The unlocked account (M_Account in client memory): `SYM_Account`, `PRV_Account`, `PRV_Sign` and,
 * when the account uses one, the device-held secret key. Internal accessors give the model flows the
 * key bytes (and {@link accountSigner} a signing function); nothing else can read them.
 * @module
 */
import { assertBytes, copyBytes, wipe } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import type { StoredKeyName, UnlockedKey } from '../keys/index.js';
import { fingerprint } from './human.js';
import type { Identity } from './identity.js';
import { forgetXWingKey, type ModelDeps } from './deps.js';
import type { AccountRecord } from './records.js';

interface AccountSecrets {
  readonly symAccount: UnlockedKey<'SYM_Account'>;
  readonly prvAccount: UnlockedKey<'PRV_Account'>;
  /** The Ed25519 seed (RFC 8032 section 5.1.5). */
  readonly prvSign: UnlockedKey<'PRV_Sign'>;
  /** The X-Wing seed (issue 18), what links v2 open with; absent only for accounts built without one. */
  readonly prvXWing?: UnlockedKey<'PRV_XWing'> | undefined;
  /** The backends that use the private keys; their cache entries are dropped on dispose. */
  readonly deps: AccountKeyDeps;
  readonly secretKey: Uint8Array | undefined;
}

/** The backend families that hold per-key state of the account's private keys. */
type AccountKeyDeps = Pick<ModelDeps, 'x25519' | 'ed25519'>;

/** The account's public keys, in the clear. */
interface AccountPublic {
  readonly accountId: string;
  readonly publicKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
  /** `PUB_XWing` (1216 bytes, issue 18), when the account has an X-Wing key pair. */
  readonly xwingPublicKey?: Uint8Array | undefined;
  /** `SIG_XWing` (64 bytes), the account's certificate of `PUB_XWing`; present exactly when it is. */
  readonly xwingSignature?: Uint8Array | undefined;
}

/**
 * What unlocking an account record made before signing keys (issue 12) adds to it. Upload
 * {@link AccountUpgrade.record} to replace the stored record before the account signs anything
 * (docs/protocol.md, "Migration of account records").
 */
export interface AccountUpgrade {
  /** The record with the added fields; every other field is unchanged. */
  readonly record: AccountRecord;
  /** The record fields the upgrade added (`PUB_Sign`, `PRV_Sign`, `PUB_XWing`, `PRV_XWing`, `SIG_XWing`). */
  readonly added: readonly (StoredKeyName | 'SIG_XWing')[];
}

let secretsOf: (a: UnlockedAccount) => AccountSecrets;
let makeAccount: (pub: AccountPublic, s: AccountSecrets, upgrade: AccountUpgrade | undefined) => UnlockedAccount;
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
  readonly #signPublicKey: Uint8Array;
  readonly #xwingPublicKey: Uint8Array | undefined;
  readonly #xwingSignature: Uint8Array | undefined;
  #secrets: AccountSecrets;
  readonly #upgrade: AccountUpgrade | undefined;
  #disposed = false;

  // Hands the private constructor and secrets to the model's module functions (the flows in
  // account-*.ts, login-*.ts, groups.ts): JavaScript has no package-private members, and public
  // ones would put the account's private keys in the published type.
  static {
    secretsOf = (a) => a.#open();
    makeAccount = (pub, s, upgrade) => new UnlockedAccount(pub, s, upgrade);
    setSymAccount = (a, sym) => {
      const old = a.#open().symAccount;
      a.#secrets = { ...a.#secrets, symAccount: sym };
      old.dispose();
    };
  }

  private constructor(pub: AccountPublic, secrets: AccountSecrets, upgrade: AccountUpgrade | undefined) {
    this.accountId = pub.accountId;
    this.#publicKey = copyBytes(pub.publicKey);
    this.#signPublicKey = copyBytes(pub.signPublicKey);
    this.#xwingPublicKey = pub.xwingPublicKey === undefined ? undefined : copyBytes(pub.xwingPublicKey);
    this.#xwingSignature = pub.xwingSignature === undefined ? undefined : copyBytes(pub.xwingSignature);
    this.#secrets = secrets;
    this.#upgrade = upgrade;
  }

  #open(): AccountSecrets {
    if (this.#disposed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the account was disposed');
    return this.#secrets;
  }

  /** `PUB_Account` (a copy). Share it with `{ accountId, publicKey }`. */
  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  /** `PUB_Sign` (a copy): the Ed25519 public key the account signs group log entries with. */
  get signPublicKey(): Uint8Array {
    return this.#signPublicKey.slice();
  }

  /** `PUB_XWing` (a copy; issue 18): the X-Wing public key links v2 are sealed to, if the account has one. */
  get xwingPublicKey(): Uint8Array | undefined {
    return this.#xwingPublicKey?.slice();
  }

  /**
   * `SIG_XWing` (a copy; issue 18): the account's Ed25519 certificate of its `PUB_XWing`, which a
   * sender verifies before sealing a link v2 to it.
   */
  get xwingSignature(): Uint8Array | undefined {
    return this.#xwingSignature?.slice();
  }

  /** The account's {@link Identity} (copies of its public keys and `SIG_XWing`), to share and to pin. */
  get identity(): Identity {
    const id = { accountId: this.accountId, publicKey: this.publicKey, signPublicKey: this.signPublicKey };
    if (this.#xwingPublicKey === undefined) return id;
    const pq = { ...id, xwingPublicKey: this.#xwingPublicKey.slice() };
    return this.#xwingSignature === undefined ? pq : { ...pq, xwingSignature: this.#xwingSignature.slice() };
  }

  /** {@link fingerprint} of the identity (`PUB_Account`, `PUB_Sign` and `PUB_XWing` if any), for out-of-band comparison. */
  get fingerprint(): string {
    const keys = { publicKey: this.#publicKey, signPublicKey: this.#signPublicKey };
    return fingerprint(this.#xwingPublicKey === undefined ? keys : { ...keys, xwingPublicKey: this.#xwingPublicKey });
  }

  /**
   * Set when unlocking added keys to an older record (issue 12: a signing key): upload
   * `recordUpgrade.record` to replace the stored record. `undefined` when the record was current.
   */
  get recordUpgrade(): AccountUpgrade | undefined {
    return this.#upgrade;
  }

  /** Whether {@link UnlockedAccount.dispose} was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Wipes `SYM_Account`, `PRV_Account`, `PRV_Sign` (and the backends' cached copies of both private
   * keys) and the secret key; later use throws `KEY_LOCKED`.
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
    const { deps, prvAccount, prvSign } = this.#secrets;
    deps.x25519.forget(prvAccount.bytes());
    prvAccount.dispose();
    deps.ed25519.forget(prvSign.bytes());
    prvSign.dispose();
    const { prvXWing } = this.#secrets;
    if (prvXWing !== undefined && !prvXWing.disposed) forgetXWingKey(prvXWing.bytes()); // the cached expansion
    prvXWing?.dispose();
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
 * @returns its `SYM_Account`, `PRV_Account`, `PRV_Sign` and secret key.
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
 * @internal Signs with the account's `PRV_Sign` (Ed25519, RFC 8032 section 5.1.6) without handing
 * out the key. The signer signs exactly the bytes it is given: callers domain-separate their
 * messages (a context prefix per purpose), so a signature made for one purpose never verifies for
 * another.
 * @param account - the unlocked account.
 * @returns a function from message bytes to the 64-byte signature; it throws `KEY_LOCKED` once the
 *   account is disposed and `INVALID_INPUT` for a non-Uint8Array message.
 * @throws ZkvaultError `KEY_LOCKED` if the account is disposed; `INVALID_INPUT` for a non-account.
 * @example
 * ```ts
 * const sign = accountSigner(author);
 * const signature = sign(entryBytes);
 * ```
 */
export function accountSigner(account: UnlockedAccount): (message: Uint8Array) => Uint8Array {
  accountSecrets(account);
  return (message) => {
    assertBytes(message, 'message');
    const { prvSign, deps } = secretsOf(account);
    return deps.ed25519.sign(prvSign.bytes(), message);
  };
}

/** @internal The keys {@link newUnlockedAccount} takes ownership of. */
export interface NewAccountKeys {
  /** Unlocked `SYM_Account`. */
  readonly symAccount: UnlockedKey<'SYM_Account'>;
  /** Unlocked `PRV_Account`. */
  readonly prvAccount: UnlockedKey<'PRV_Account'>;
  /** Unlocked `PRV_Sign`. */
  readonly prvSign: UnlockedKey<'PRV_Sign'>;
  /** Unlocked `PRV_XWing` (issue 18), if the account has an X-Wing key pair. */
  readonly prvXWing?: UnlockedKey<'PRV_XWing'> | undefined;
  /** The backends the private keys are used with (`x25519` for `prvAccount`, `ed25519` for `prvSign`). */
  readonly deps: AccountKeyDeps;
  /** The device secret key, if the account has one (copied). */
  readonly secretKey: Uint8Array | undefined;
}

/**
 * @internal Builds an unlocked account (takes ownership of the keys, copies the secret key).
 * @param pub - the account id, `PUB_Account` and `PUB_Sign`.
 * @param keys - the unlocked keys.
 * @param upgrade - what unlocking added to an older record, if anything.
 * @returns the account.
 * @throws never.
 * @example
 * ```ts
 * newUnlockedAccount({ accountId, publicKey, signPublicKey }, { symAccount, prvAccount, prvSign, deps, secretKey: undefined }, undefined);
 * ```
 */
export function newUnlockedAccount(pub: AccountPublic, keys: NewAccountKeys, upgrade: AccountUpgrade | undefined): UnlockedAccount {
  const secretKey = keys.secretKey === undefined ? undefined : copyBytes(keys.secretKey);
  return makeAccount(pub, { ...keys, secretKey }, upgrade);
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
