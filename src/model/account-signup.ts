/**
 * M_Account sign-up (docs/architecture.md sections 2 and 6): fresh salts, both passphrase
 * derivations (PBKDF2, RFC 8018; HKDF, RFC 5869, with a secret key), the SRP-6a verifier (RFC 5054),
 * the account key pairs and `SYM_Account`, locked into one server record. Formulas: ./account-shared.ts.
 * @module
 */
import { aobject, wipe } from '../bytes/index.js';
import { deriveKeyPairWith } from '../hpke/dhkem.js';
import { lockKeyWith } from '../keys/wrap.js';
import { PublicValue, storeKey, UnlockedKey } from '../keys/index.js';
import { newSignKeyPair } from './account-keys.js';
import { newXWingKeyPair } from './account-xwing.js';
import { newUnlockedAccount, UnlockedAccount } from './account-state.js';
import { aid } from './context.js';
import { forgetX25519Key, modelDeps } from './deps.js';
import { type AccountRecord, type SrpParamsRecord } from './records.js';
import { checkCreationParams, type PassphrasePolicy } from './policy.js';
import {
  DEFAULT_ITERATIONS,
  knownParams,
  knownOf,
  apassphrase,
  asecretKey,
  aiterations,
  asrp,
  prvAccountAad,
  passphraseRecord,
} from './account-shared.js';

/** Result of {@link createAccount} and {@link resetAccount}. */
export interface CreateAccountResult {
  /** The account record: store it on the server (public values and locked keys only); after a reset it replaces the old one. */
  record: AccountRecord;
  /** The unlocked account, for this session. */
  account: UnlockedAccount;
}

/** Options of {@link createAccount} and {@link resetAccount}. */
export interface CreateAccountOptions {
  /** Account id: the SRP identity, bound into every account key context. */
  accountId: string;
  /** The passphrase (NFKD-normalised, then UTF-8), or its bytes. */
  passphrase: string | Uint8Array;
  /**
   * PBKDF2 iterations; default 600,000. Values below the default are for tests and demos only
   * (a client with the default floor will refuse to log in).
   */
  kdf?: {
    /** PBKDF2-SHA256 iteration count (1..2^32-1). */
    iterations: number;
  };
  /** SRP group size (2048 and up) and hash; default 3072 bits, SHA-256. */
  srp?: {
    /** RFC 5054 group size in bits (2048 and up); default 3072. */
    bits?: SrpParamsRecord['bits'];
    /** SRP hash; default `'SHA-256'`. */
    hash?: SrpParamsRecord['hash'];
  };
  /** Device-held secret key (`ZK1-…` text or 16 bytes), mixed into both derivations. */
  secretKey?: string | Uint8Array;
  /**
   * The client's parameter policy, checked before anything is derived. Without it, the default
   * policy applies, except that an explicit `kdf.iterations` below its floor is taken as the
   * caller's own choice (tests and demos); with it, every bound applies.
   */
  policy?: PassphrasePolicy;
}

/**
 * Signs up: fresh salts, both passphrase derivations (concurrently), the SRP verifier, an X25519
 * key pair, `SYM_Account`, and the locked keys, as one record for the server.
 * @param options - account id, passphrase, optional KDF / SRP parameters and secret key.
 * @returns the record (store it on the server) and the unlocked account.
 * @throws ZkvaultError `INVALID_INPUT` on a bad option; `WEAK_GROUP` for an SRP group under 2048
 *   bits or the policy's `minSrpBits`; `KDF_DOWNGRADE` for iterations under the policy's floor (with
 *   a `policy`); `INVALID_RECORD` for iterations above its ceiling. All before any key is derived.
 * @example
 * ```ts
 * import { createAccount, generateSecretKeyString } from 'zkvault';
 *
 * const secretKey = generateSecretKeyString(); // show it once; it stays on the user's devices
 * const { record, account } = await createAccount({
 *   accountId: 'jane@example.com',
 *   passphrase: 'correct horse battery staple',
 *   secretKey,
 *   kdf: { iterations: 1000 }, // test strength; omit in production (default 600,000)
 *   srp: { bits: 2048 }, // test strength; omit in production (default 3072)
 * });
 * console.log(JSON.stringify(record)); // send the record to the server; keep `account` for this session
 * console.log(account.fingerprint);
 * ```
 */
export async function createAccount(options: CreateAccountOptions): Promise<CreateAccountResult> {
  const o = aobject(options, 'options');
  const accountId = aid(o['accountId'], 'accountId');
  const iterations = o['kdf'] === undefined ? DEFAULT_ITERATIONS : aiterations(aobject(o['kdf'], 'kdf')['iterations'], 'kdf.iterations');
  const srp = asrp(o['srp']);
  const policy = checkCreationParams(iterations, srp, o['policy']);
  const secretKey = asecretKey(o['secretKey']);
  const pw = apassphrase(o['passphrase'], 'passphrase');
  const deps = modelDeps();
  const symRaw = deps.random.randomBytes(32);
  const symAccount = UnlockedKey.from('SYM_Account', symRaw);
  const ikm = deps.random.randomBytes(32);
  const kp = deriveKeyPairWith(deps, ikm);
  const prvAccount = UnlockedKey.from('PRV_Account', kp.privateKey);
  forgetX25519Key(kp.privateKey); // deriving the public key cached a copy under this array
  wipe(symRaw, ikm, kp.privateKey);
  try {
    const half = await passphraseRecord(deps, accountId, pw, iterations, srp, secretKey, symAccount, policy);
    const pub = storeKey(new PublicValue('PUB_Account', kp.publicKey));
    const lockedPrv = await lockKeyWith(deps, symAccount, prvAccount, prvAccountAad(accountId, pub));
    const sign = await newSignKeyPair(deps, symAccount, accountId, pub);
    const pq = await newXWingKeyPair(deps, symAccount, accountId, pub, (m) => deps.ed25519.sign(sign.prvSign.bytes(), m));
    const record: AccountRecord = { ...half, PUB_Account: pub, PRV_Account: storeKey(lockedPrv), ...sign.fields, ...pq.fields };
    const ids = { accountId, publicKey: kp.publicKey, signPublicKey: sign.signPublicKey, xwingPublicKey: pq.xwingPublicKey, xwingSignature: pq.xwingSignature };
    const keys = { symAccount, prvAccount, prvSign: sign.prvSign, prvXWing: pq.prvXWing, deps, secretKey };
    const account = newUnlockedAccount(ids, keys, undefined);
    knownParams.set(account, knownOf(record, policy));
    return { record, account };
  } catch (e) {
    symAccount.dispose();
    prvAccount.dispose();
    throw e;
  } finally {
    wipe(pw);
    if (secretKey) wipe(secretKey);
  }
}
