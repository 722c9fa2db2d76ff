/**
 * M_Account flows (docs/architecture.md sections 2, 3 and 6): sign-up, the SRP-6a login (RFC 5054 /
 * RFC 2945 proofs), unlocking, passphrase change and reset.
 *
 * ```
 * SEC_PWD_Auth = PBKDF2-HMAC-SHA256(NFKD(passphrase), "zkvault/v1/auth" ‖ SLT_Auth_1, iterations, 32)
 * SEC_PWD_Enc  = PBKDF2-HMAC-SHA256(NFKD(passphrase), "zkvault/v1/enc"  ‖ SLT_Enc,    iterations, 32)
 * with a secret key SK (two-secret key derivation):
 *   SEC_PWD_Auth = HKDF-SHA256(ikm = PBKDF2 output, salt = SK, info = ctx("zkvault/v1/2skd/auth", I), 32)
 *   SEC_PWD_Enc  = HKDF-SHA256(ikm = PBKDF2 output, salt = SK, info = ctx("zkvault/v1/2skd/enc", I), 32)
 * SRP_Verifier = g^x, x = H(SLT_Auth_2 ‖ H(I ‖ ":" ‖ SEC_PWD_Auth)), I = account id
 * SYM_Account  locked: envelope under SEC_PWD_Enc, AAD ctx("zkvault/v1/sym-account", I)
 * PRV_Account  locked: envelope under SYM_Account, AAD ctx("zkvault/v1/prv-account", I, PUB_Account)
 * PRV_Sign     locked: envelope under SYM_Account (src/model/account-keys.ts)
 * ```
 * @module
 */
import { ainteger, aobject, copyBytes, equalBytes, fromBase64url, isBytes, isPlainObject, toBase64url, utf8ToBytes, wipe } from '../bytes/index.js';
import { invalidInput, decryptFailed, ZkvaultError } from '../errors.js';
import { passwordBytes } from '../kdf/pbkdf2.js';
import { deriveKeyPairWith, publicKeyWith } from '../hpke/dhkem.js';
import { lockKeyWith, unlockKeyWith } from '../keys/wrap.js';
import { LockedKey, PublicValue, storeKey, UnlockedKey } from '../keys/index.js';
import { newSignKeyPair, SIGN_FIELDS, signFieldsFor, unlockSignKeyPair } from './account-keys.js';
import { newXWingKeyPair, unlockXWingKeyPair, XWING_FIELDS, xwingFieldsFor } from './account-xwing.js';
import { accountSecrets, newUnlockedAccount, replaceSymAccount, UnlockedAccount } from './account-state.js';
import { aid, encodeContext, PURPOSE } from './context.js';
import { forgetX25519Key, modelDeps, type ModelDeps } from './deps.js';
import { parseSecretKey, SECRET_KEY_LENGTH } from './human.js';
import {
  parseAccountRecord,
  parseLoginParams,
  SALT_LENGTH,
  SRP_BITS,
  SRP_HASHES,
  type AccountRecord,
  type LoginParams,
  type SrpParamsRecord,
} from './records.js';
import { srpClientStart, srpServerResume, srpServerStart, srpVerifier, type SrpClientSession, type SrpServerSession } from './srp-link.js';
import { apolicy, checkCreationParams, checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphrasePolicy } from './policy.js';

/** Default PBKDF2-SHA256 iterations (OWASP 2023). */
export const DEFAULT_ITERATIONS = 600_000;
/** Default client floor: `startLogin` refuses parameters below this unless `minIterations` is given. */
export const DEFAULT_MIN_ITERATIONS = 600_000;
/**
 * Default client ceiling: `startLogin` refuses parameters above this (a server asking for 2^32
 * iterations would otherwise hang the client for hours).
 */
export const DEFAULT_MAX_ITERATIONS = 10_000_000;
/** Default SRP group and hash for new accounts (docs/architecture.md section 3). */
export const DEFAULT_SRP: SrpParamsRecord = { bits: 3072, hash: 'SHA-256' };
/** Smallest SRP group a client accepts. */
const MIN_SRP_BITS = 2048;
const MAX_PASSPHRASE = 4096;

const AUTH_LABEL = utf8ToBytes('zkvault/v1/auth');
const ENC_LABEL = utf8ToBytes('zkvault/v1/enc');

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

/** Options of {@link startLogin}. */
export interface StartLoginOptions {
  /** The account id the user typed (must match the parameters' account id). */
  accountId: string;
  /** The passphrase. */
  passphrase: string | Uint8Array;
  /** Login parameters from the server (untrusted). */
  params: LoginParams;
  /** The device-held secret key, if the account has one. */
  secretKey?: string | Uint8Array;
  /**
   * The client's KDF floor: parameters with fewer iterations are refused (`KDF_DOWNGRADE`).
   * Default 600,000. Lower it only in tests and demos.
   */
  minIterations?: number;
  /** The client's KDF ceiling: more iterations are refused (`INVALID_RECORD`). Default 10,000,000. */
  maxIterations?: number;
  /**
   * The client's parameter policy (default {@link DEFAULT_PASSPHRASE_POLICY}); `minIterations` and
   * `maxIterations`, when given, override its bounds. It also governs {@link unlockAccount} and a
   * later {@link changePassphrase} of the unlocked account.
   */
  policy?: PassphrasePolicy;
}

/** The parameters an unlocked account was made or verified with, and the policy in force then. */
interface KnownParams {
  readonly iterations: number;
  readonly srp: SrpParamsRecord;
  readonly secretKey: boolean;
  readonly salts: readonly [string, string, string];
  readonly policy: PassphrasePolicy;
}

// Filled by createAccount, unlockAccount and changePassphrase: changePassphrase takes its
// parameters from here, never from the (untrusted) record it is given.
const knownParams = new WeakMap<UnlockedAccount, KnownParams>();
// The policy each login was started under, for unlockAccount.
const loginPolicy = new WeakMap<ClientLogin, PassphrasePolicy>();

function knownOf(r: LoginParams, policy: PassphrasePolicy): KnownParams {
  return { iterations: r.kdf.iterations, srp: r.srp, secretKey: r.secretKey, salts: [r.SLT_Auth_1, r.SLT_Auth_2, r.SLT_Enc], policy };
}

function recordSalts(r: LoginParams): Uint8Array[] {
  return [fromBase64url(r.SLT_Auth_1), fromBase64url(r.SLT_Auth_2), fromBase64url(r.SLT_Enc)];
}


function apassphrase(p: unknown, name: string): Uint8Array {
  if (typeof p === 'string') {
    if (p.length === 0 || p.length > MAX_PASSPHRASE) throw invalidInput(`"${name}" expected a non-empty string of at most ${MAX_PASSPHRASE} characters`);
    return passwordBytes(p);
  }
  if (isBytes(p)) {
    if (p.length === 0 || p.length > 4 * MAX_PASSPHRASE) throw invalidInput(`"${name}" expected 1..${4 * MAX_PASSPHRASE} bytes`);
    return copyBytes(p);
  }
  throw invalidInput(`"${name}" expected string or Uint8Array`);
}

function asecretKey(sk: unknown): Uint8Array | undefined {
  if (sk === undefined) return undefined;
  if (typeof sk === 'string') return parseSecretKey(sk);
  if (isBytes(sk) && sk.length === SECRET_KEY_LENGTH) return copyBytes(sk);
  throw invalidInput('"secretKey" expected a ZK1- string or 16 bytes');
}

function aiterations(value: unknown, name: string): number {
  return ainteger(value, name, 1, 2 ** 32 - 1);
}

function asrp(o: unknown): SrpParamsRecord {
  if (o === undefined) return DEFAULT_SRP;
  const s = aobject(o, 'srp');
  const bits = s['bits'] ?? DEFAULT_SRP.bits;
  const hash = s['hash'] ?? DEFAULT_SRP.hash;
  if (typeof bits !== 'number' || !(SRP_BITS as readonly number[]).includes(bits)) throw invalidInput('"srp.bits" expected an RFC 5054 group size');
  if (bits < MIN_SRP_BITS) throw new ZkvaultError('WEAK_GROUP', `zkvault: SRP groups under ${MIN_SRP_BITS} bits are refused`);
  if (typeof hash !== 'string' || !(SRP_HASHES as readonly string[]).includes(hash)) throw invalidInput('"srp.hash" expected SHA-256 or SHA-512');
  return { bits: bits as SrpParamsRecord['bits'], hash: hash as SrpParamsRecord['hash'] };
}

interface PassphraseKeys {
  readonly auth: UnlockedKey<'SEC_PWD_Auth'>;
  readonly enc: UnlockedKey<'SEC_PWD_Enc'>;
}

/** Both derivations start together (they run in parallel on the Node threadpool / WebCrypto). */
async function derivePassphraseKeys(
  deps: ModelDeps,
  accountId: string,
  pw: Uint8Array,
  sltAuth1: Uint8Array,
  sltEnc: Uint8Array,
  iterations: number,
  secretKey: Uint8Array | undefined,
): Promise<PassphraseKeys> {
  const [a, e] = await Promise.all([
    deps.kdf.pbkdf2('SHA-256', pw, concat(AUTH_LABEL, sltAuth1), iterations, 32),
    deps.kdf.pbkdf2('SHA-256', pw, concat(ENC_LABEL, sltEnc), iterations, 32),
  ]);
  let authRaw = a;
  let encRaw = e;
  if (secretKey !== undefined) {
    authRaw = deps.kdf.hkdf('SHA-256', a, secretKey, encodeContext(PURPOSE.secretKeyAuth, [accountId]), 32);
    encRaw = deps.kdf.hkdf('SHA-256', e, secretKey, encodeContext(PURPOSE.secretKeyEnc, [accountId]), 32);
    wipe(a, e);
  }
  const keys = { auth: UnlockedKey.from('SEC_PWD_Auth', authRaw), enc: UnlockedKey.from('SEC_PWD_Enc', encRaw) };
  wipe(authRaw, encRaw);
  return keys;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function symAccountAad(accountId: string): Uint8Array {
  return encodeContext(PURPOSE.symAccount, [accountId]);
}

function prvAccountAad(accountId: string, pubText: string): Uint8Array {
  return encodeContext(PURPOSE.prvAccount, [accountId, pubText]);
}

function freshSalts(deps: ModelDeps): [Uint8Array, Uint8Array, Uint8Array] {
  for (;;) {
    const s: [Uint8Array, Uint8Array, Uint8Array] = [
      deps.random.randomBytes(SALT_LENGTH),
      deps.random.randomBytes(SALT_LENGTH),
      deps.random.randomBytes(SALT_LENGTH),
    ];
    // Equal salts are what the client refuses; never make them (a broken RNG would).
    if (!equalBytes(s[0], s[1]) && !equalBytes(s[0], s[2]) && !equalBytes(s[1], s[2])) return s;
  }
}

/** Builds the login half of a record and the new verifier, and locks SYM_Account, for a passphrase. */
async function passphraseRecord(
  deps: ModelDeps,
  accountId: string,
  pw: Uint8Array,
  iterations: number,
  srp: SrpParamsRecord,
  secretKey: Uint8Array | undefined,
  symAccount: UnlockedKey<'SYM_Account'>,
  policy: PassphrasePolicy,
): Promise<Omit<AccountRecord, 'PUB_Account' | 'PRV_Account'>> {
  const [sltAuth1, sltAuth2, sltEnc] = freshSalts(deps);
  checkPassphraseParams({ iterations, srp, salts: [sltAuth1, sltAuth2, sltEnc] }, policy);
  const { auth, enc } = await derivePassphraseKeys(deps, accountId, pw, sltAuth1, sltEnc, iterations, secretKey);
  try {
    const verifier = await srpVerifier(srp, accountId, auth.bytes(), sltAuth2);
    const lockedSym = await lockKeyWith(deps, enc, symAccount, symAccountAad(accountId));
    return {
      v: 1,
      suite: 'zkv1',
      accountId,
      kdf: { alg: 'PBKDF2-SHA256', iterations },
      srp: { bits: srp.bits, hash: srp.hash },
      secretKey: secretKey !== undefined,
      SLT_Auth_1: storeKey(new PublicValue('SLT_Auth_1', sltAuth1)),
      SLT_Auth_2: storeKey(new PublicValue('SLT_Auth_2', sltAuth2)),
      SLT_Enc: storeKey(new PublicValue('SLT_Enc', sltEnc)),
      SRP_Verifier: storeKey(new PublicValue('SRP_Verifier', verifier)),
      SYM_Account: storeKey(lockedSym),
    };
  } finally {
    auth.dispose();
    enc.dispose();
  }
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
 * import { createAccount, generateSecretKey } from 'zkvault';
 *
 * const secretKey = generateSecretKey(); // show it once; it stays on the user's devices
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
export async function createAccount(options: CreateAccountOptions): Promise<{
  /** The account record: store it on the server (public values and locked keys only). */
  record: AccountRecord;
  /** The unlocked account, for this session. */
  account: UnlockedAccount;
}> {
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
export function resetAccount(options: CreateAccountOptions): Promise<{
  /** The new account record: it replaces the old one on the server. */
  record: AccountRecord;
  /** The new unlocked account, for this session. */
  account: UnlockedAccount;
}> {
  return createAccount(options);
}

/**
 * Server side, login step 1: the public parameters a client needs to log in (no verifier, no
 * locked keys).
 * @param record - the stored account record.
 * @returns the login parameters.
 * @throws ZkvaultError `INVALID_RECORD` on a bad record.
 * @example
 * ```ts
 * import { createAccount, loginParams } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * // Server: answer the client's first request with the public parameters only.
 * console.log(JSON.stringify(loginParams(record)));
 * ```
 */
export function loginParams(record: AccountRecord): LoginParams {
  const r = parseAccountRecord(record);
  return {
    v: 1,
    suite: 'zkv1',
    accountId: r.accountId,
    kdf: r.kdf,
    srp: r.srp,
    secretKey: r.secretKey,
    SLT_Auth_1: r.SLT_Auth_1,
    SLT_Auth_2: r.SLT_Auth_2,
    SLT_Enc: r.SLT_Enc,
  };
}

let encOf: (l: ClientLogin) => { enc: UnlockedKey<'SEC_PWD_Enc'>; params: LoginParams; secretKey: Uint8Array | undefined };

/**
 * The client side of one login. Send {@link ClientLogin.A}; give the server's B to
 * {@link ClientLogin.respond} and send the returned M1; give the server's M2 to
 * {@link ClientLogin.verify}. Then {@link unlockAccount} uses the `SEC_PWD_Enc` derived here.
 * @example
 * ```ts
 * import { createAccount, loginParams, startLogin, startLoginServer, unlockAccount } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * using login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const server = await startLoginServer(record); // the server's side, here in the same process
 * const M1 = await login.respond(server.B); // send login.A, receive B
 * const { M2 } = await server.verify(login.A, M1); // send M1, receive M2
 * const { sessionKey } = await login.verify(M2);
 * using account = await unlockAccount(record, login);
 * console.log(account.accountId, sessionKey.length);
 * ```
 */
export class ClientLogin {
  /** The account id this login is for. */
  readonly accountId: string;
  readonly #srp: SrpClientSession;
  readonly #params: LoginParams;
  readonly #enc: UnlockedKey<'SEC_PWD_Enc'>;
  readonly #secretKey: Uint8Array | undefined;
  #verified = false;

  // Hands the login's secrets to unlockAccount (a module function) once M2 is verified: a public
  // member would put SEC_PWD_Enc in the published type and let callers skip the verification.
  static {
    encOf = (l) => {
      if (!l.#verified) throw new ZkvaultError('SRP_STATE', 'zkvault: finish the login (verify M2) before unlocking');
      return { enc: l.#enc, params: l.#params, secretKey: l.#secretKey };
    };
  }

  /** @internal Use {@link startLogin}. */
  constructor(params: LoginParams, srp: SrpClientSession, enc: UnlockedKey<'SEC_PWD_Enc'>, secretKey: Uint8Array | undefined) {
    this.accountId = params.accountId;
    this.#params = params;
    this.#srp = srp;
    this.#enc = enc;
    this.#secretKey = secretKey;
  }

  /** The client's public ephemeral value A (send it to the server). */
  get A(): Uint8Array {
    return this.#srp.A;
  }

  /**
   * Step 4: computes M1 from the server's B.
   * @param B - the server's public ephemeral value.
   * @returns M1, the client's proof (send it to the server).
   * @throws ZkvaultError `SRP_BAD_PUBLIC` / `SRP_BAD_U` for a bad B; `SRP_STATE` if called twice.
   * @example
   * ```ts
   * import { createAccount, loginParams, startLogin, startLoginServer } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await startLoginServer(record);
   *
   * const M1 = await login.respond(server.B); // send M1 to the server
   * console.log(M1.length);
   * ```
   */
  async respond(B: Uint8Array): Promise<Uint8Array> {
    return this.#srp.respond(fromBase64url(this.#params.SLT_Auth_2, 'SLT_Auth_2'), B);
  }

  /**
   * Step 6: checks the server's proof M2. Only after this may the client trust the session.
   * @param M2 - the server's proof.
   * @returns the shared session key.
   * @throws ZkvaultError `SRP_BAD_PROOF` if the server does not know the verifier; `SRP_STATE` out of order.
   * @example
   * ```ts
   * import { createAccount, loginParams, startLogin, startLoginServer } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await startLoginServer(record);
   * const { M2 } = await server.verify(login.A, await login.respond(server.B));
   *
   * const { sessionKey } = await login.verify(M2); // throws SRP_BAD_PROOF if the server does not know the verifier
   * console.log(sessionKey.length);
   * ```
   */
  async verify(M2: Uint8Array): Promise<{
    /** The SRP session key K, shared with the server. */
    sessionKey: Uint8Array;
  }> {
    const sessionKey = await this.#srp.verify(M2);
    this.#verified = true;
    return { sessionKey };
  }

  /**
   * Wipes `SEC_PWD_Enc` and the secret key held for {@link unlockAccount}.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { createAccount, loginParams, startLogin, startLoginServer, unlockAccount } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   *
   * const login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await startLoginServer(record);
   * await login.verify((await server.verify(login.A, await login.respond(server.B))).M2);
   * const account = await unlockAccount(record, login);
   * login.dispose(); // SEC_PWD_Enc is no longer needed
   * console.log(account.accountId);
   * ```
   */
  dispose(): void {
    this.#enc.dispose();
    if (this.#secretKey) wipe(this.#secretKey);
  }

  /** Same as {@link ClientLogin.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Client, login step 2: checks the server's parameters (floor, distinct salts, group size, secret
 * key flag), derives `SEC_PWD_Auth` and `SEC_PWD_Enc` concurrently and starts SRP.
 * @param options - account id, passphrase, parameters from the server, secret key, KDF floor.
 * @returns the login in progress (`.A` to send).
 * @throws ZkvaultError `INVALID_RECORD` on malformed parameters, another account's parameters or
 *   iterations above `maxIterations`; `KDF_DOWNGRADE` for iterations below `minIterations`, two
 *   equal salts, or a secret-key account presented as one without; `WEAK_GROUP` for an SRP group
 *   under the policy's `minSrpBits` (2048 by default) or a hash outside its `srpHashes`;
 *   `INVALID_INPUT` on a bad option or a missing secret key. All before any key is derived.
 * @example
 * ```ts
 * import { createAccount, generateSecretKey, loginParams, startLogin } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * const secretKey = generateSecretKey();
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, secretKey, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const params = loginParams(record); // in a real app: fetched from the server (untrusted)
 *
 * const login = await startLogin({ accountId, passphrase, params, secretKey, minIterations: 1000 });
 * console.log(login.A.length); // send A to the server
 * ```
 */
export async function startLogin(options: StartLoginOptions): Promise<ClientLogin> {
  const o = aobject(options, 'options');
  const accountId = aid(o['accountId'], 'accountId');
  const base = apolicy(o['policy'] ?? DEFAULT_PASSPHRASE_POLICY, 'policy');
  const minIterations = o['minIterations'] === undefined ? base.minIterations : aiterations(o['minIterations'], 'minIterations');
  const maxIterations = o['maxIterations'] === undefined ? base.maxIterations : aiterations(o['maxIterations'], 'maxIterations');
  const policy = apolicy({ ...base, minIterations, maxIterations }, 'policy');
  const params = parseLoginParams(o['params']);
  if (params.accountId !== accountId) throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: the parameters are for another account');
  const [a1, a2, en] = recordSalts(params) as [Uint8Array, Uint8Array, Uint8Array];
  checkPassphraseParams({ iterations: params.kdf.iterations, srp: params.srp, salts: [a1, a2, en] }, policy);
  const secretKey = asecretKey(o['secretKey']);
  if (params.secretKey && secretKey === undefined) throw invalidInput('"secretKey" is required for this account');
  if (!params.secretKey && secretKey !== undefined) {
    // Deriving without the secret key would hand a malicious server an offline-guessable SRP transcript.
    throw new ZkvaultError('KDF_DOWNGRADE', 'zkvault: the server says this account has no secret key, but it has one');
  }
  const pw = apassphrase(o['passphrase'], 'passphrase');
  const deps = modelDeps();
  let keys: PassphraseKeys;
  try {
    keys = await derivePassphraseKeys(deps, accountId, pw, a1, en, params.kdf.iterations, secretKey);
  } finally {
    wipe(pw);
  }
  try {
    const srp = await srpClientStart(params.srp, accountId, keys.auth.bytes());
    const login = new ClientLogin(params, srp, keys.enc, secretKey);
    loginPolicy.set(login, policy);
    return login;
  } catch (e) {
    keys.enc.dispose();
    throw e;
  } finally {
    keys.auth.dispose();
  }
}

/**
 * Client, after login: unlocks `SYM_Account` with the `SEC_PWD_Enc` derived during the login (no
 * second KDF run), then `PRV_Account`, and checks that it matches `PUB_Account`.
 * @param record - the account record from the server (untrusted).
 * @param login - the finished login ({@link ClientLogin.verify} succeeded).
 * @returns the unlocked account.
 * @throws ZkvaultError `INVALID_RECORD` on a bad record or one that does not match the login's
 *   parameters (checked, with the login's policy, before any key is used); `SRP_STATE` before the
 *   login finished; `DECRYPT_FAILED` if a locked key does not open.
 * @example
 * ```ts
 * import { createAccount, loginParams, startLogin, startLoginServer, unlockAccount } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * using login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const server = await startLoginServer(record);
 * await login.verify((await server.verify(login.A, await login.respond(server.B))).M2);
 *
 * using account = await unlockAccount(record, login); // the record as fetched from the server
 * console.log(account.fingerprint);
 * ```
 */
export async function unlockAccount(record: AccountRecord, login: ClientLogin): Promise<UnlockedAccount> {
  const r = parseAccountRecord(record);
  if (!(login instanceof ClientLogin)) throw invalidInput('"login" expected a ClientLogin');
  const { enc, params, secretKey } = encOf(login);
  if (
    r.accountId !== params.accountId ||
    r.kdf.iterations !== params.kdf.iterations ||
    r.srp.bits !== params.srp.bits ||
    r.srp.hash !== params.srp.hash ||
    r.secretKey !== params.secretKey ||
    r.SLT_Auth_1 !== params.SLT_Auth_1 ||
    r.SLT_Auth_2 !== params.SLT_Auth_2 ||
    r.SLT_Enc !== params.SLT_Enc
  ) {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: it does not match the login parameters');
  }
  const policy = loginPolicy.get(login) ?? DEFAULT_PASSPHRASE_POLICY;
  checkPassphraseParams({ iterations: r.kdf.iterations, srp: r.srp, salts: recordSalts(r) }, policy);
  const deps = modelDeps();
  const sym = await unlockKeyWith(deps, enc, new LockedKey('SYM_Account', fromBase64url(r.SYM_Account)), symAccountAad(r.accountId));
  let prv: UnlockedKey<'PRV_Account'>;
  try {
    prv = await unlockKeyWith(deps, sym, new LockedKey('PRV_Account', fromBase64url(r.PRV_Account)), prvAccountAad(r.accountId, r.PUB_Account));
  } catch (e) {
    sym.dispose();
    throw e;
  }
  const pub = fromBase64url(r.PUB_Account);
  let sign: Awaited<ReturnType<typeof unlockSignKeyPair>>;
  let pq: Awaited<ReturnType<typeof unlockXWingKeyPair>>;
  try {
    if (!equalBytes(publicKeyWith(deps.x25519, prv.bytes()), pub)) throw decryptFailed();
    sign = await unlockSignKeyPair(deps, sym, r);
    try {
      const prvSign = sign.prvSign;
      pq = await unlockXWingKeyPair(deps, sym, r, (m) => deps.ed25519.sign(prvSign.bytes(), m));
    } catch (e) {
      deps.ed25519.forget(sign.prvSign.bytes());
      sign.prvSign.dispose();
      throw e;
    }
  } catch (e) {
    sym.dispose();
    deps.x25519.forget(prv.bytes()); // publicKeyWith cached it
    prv.dispose();
    throw e;
  }
  // A record made before signing (issue 12) or X-Wing (issue 18) keys gains them now; the app uploads the upgraded record.
  // SIG_XWing is remade on every unlock (Ed25519 is deterministic): a record without it (made before
  // the certificate), or whose PRV_Sign was just added, gets the current one.
  const certAdded = r.SIG_XWing !== pq.fields.SIG_XWing;
  const added = [...(sign.added ? SIGN_FIELDS : []), ...(pq.added ? XWING_FIELDS : []), ...(certAdded ? ['SIG_XWing' as const] : [])];
  const upgrade = added.length > 0 ? { record: { ...r, ...sign.fields, ...pq.fields }, added } : undefined;
  const ids = { accountId: r.accountId, publicKey: pub, signPublicKey: sign.signPublicKey, xwingPublicKey: pq.xwingPublicKey, xwingSignature: pq.xwingSignature };
  const keys = { symAccount: sym, prvAccount: prv, prvSign: sign.prvSign, prvXWing: pq.prvXWing, deps, secretKey };
  const account = newUnlockedAccount(ids, keys, upgrade);
  knownParams.set(account, knownOf(r, policy));
  return account;
}

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
 * @param account - the unlocked account.
 * @param record - its current record (from the server: untrusted).
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
 * const record2 = await changePassphrase(account, record, { newPassphrase: 'new passphrase' });
 * console.log(record2.PRV_Account === record.PRV_Account); // true: the locked private key is untouched
 *
 * // The old passphrase leaked: also replace SYM_Account, so old records stop unlocking PRV_Account.
 * const record3 = await changePassphrase(account, record2, { newPassphrase: 'another passphrase', rotateAccountKey: true });
 * console.log(record3.PUB_Account === record.PUB_Account); // true: links stay valid
 * ```
 */
export async function changePassphrase(account: UnlockedAccount, record: AccountRecord, options: ChangePassphraseOptions): Promise<AccountRecord> {
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

/** Serialised server login state: the SRP state plus the parameters to rebuild it. Keep it server-side. */
export interface ServerLoginState {
  /** Format version of this state: always 1. */
  readonly v: 1;
  /** The account id the login is for. */
  readonly accountId: string;
  /** The account's SRP group and hash, to rebuild the session. */
  readonly srp: SrpParamsRecord;
  /** The SRP server state: opaque, and it holds the secret ephemeral b, so it never leaves the server. */
  readonly state: unknown;
  /** HMAC-SHA256 of the state under the server's key (base64url), when `toJSON({ key })` made it. */
  readonly mac?: string;
}

/** Options of {@link ServerLogin.toJSON}. */
export interface ServerLoginOptions {
  /**
   * The server's own MAC key (32 bytes or more, random, never sent anywhere): the state gets an
   * HMAC-SHA256 tag, so a state parked in a shared store (Redis, a database) that this server did
   * not write is refused by {@link ServerLogin.fromJSON} given the same key.
   */
  key?: Uint8Array;
}

/** Options of {@link ServerLogin.fromJSON}. */
export interface ServerLoginResumeOptions extends ServerLoginOptions {
  /** The account's stored record: the state's account, group, salt and verifier must be its. */
  record?: AccountRecord;
}

const STATE_MAC_PURPOSE = 'zkvault/v1/server-login-state';
const MIN_MAC_KEY = 32;

function badState(): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: bad server login state');
}

function amacKey(options: unknown): Uint8Array | undefined {
  if (options === undefined || typeof options === 'string') return undefined; // JSON.stringify passes a key name
  const key = aobject(options, 'options')['key'];
  if (key === undefined) return undefined;
  if (!isBytes(key) || key.length < MIN_MAC_KEY) throw invalidInput(`"options.key" expected at least ${MIN_MAC_KEY} bytes`);
  return key;
}

/** HMAC-SHA256 over the canonical (length-prefixed) encoding of every field of the state. */
function stateMac(key: Uint8Array, accountId: unknown, srp: unknown, state: unknown): Uint8Array {
  const sp = typeof srp === 'object' && srp !== null ? (srp as Record<string, unknown>) : {};
  const st = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  const fields = [accountId, sp['bits'], sp['hash'], st['v'], st['group'], st['hash'], st['proof'], st['identity'], st['salt'], st['verifier'], st['b'], st['B']];
  const types = ['string', 'number', 'string', 'number', 'number', 'string', 'string', 'string', 'string', 'string', 'string', 'string'];
  if (fields.some((f, i) => typeof f !== types[i])) throw badState();
  let data: Uint8Array;
  try {
    data = encodeContext(STATE_MAC_PURPOSE, fields as (string | number)[]);
  } catch {
    throw badState();
  }
  return modelDeps().hash.hmac('SHA-256', key, data);
}

/**
 * The server side of one login (SRP-6a). Send {@link ServerLogin.B}; check the client's A and M1
 * with {@link ServerLogin.verify} and send back M2. Between the two round trips, store
 * `toJSON()` server-side (it holds the secret b) and rebuild with {@link ServerLogin.fromJSON}.
 * @example
 * ```ts
 * import { createAccount, loginParams, ServerLogin, startLogin, startLoginServer } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const cache = new Map<string, string>(); // a server-side store shared by the server's instances
 *
 * const s = await startLoginServer(record);
 * cache.set('login-1', JSON.stringify(s.toJSON())); // and send s.B
 * const M1 = await login.respond(s.B);
 * // … later, any instance:
 * const { M2 } = await ServerLogin.fromJSON(JSON.parse(cache.get('login-1')!)).verify(login.A, M1);
 * await login.verify(M2);
 * ```
 */
export class ServerLogin {
  /** The account id. */
  readonly accountId: string;
  readonly #srp: SrpServerSession;
  readonly #params: SrpParamsRecord;

  /** @internal Use {@link startLoginServer} or {@link ServerLogin.fromJSON}. */
  constructor(accountId: string, params: SrpParamsRecord, srp: SrpServerSession) {
    this.accountId = accountId;
    this.#params = params;
    this.#srp = srp;
  }

  /** The server's public ephemeral value B (send it to the client). */
  get B(): Uint8Array {
    return this.#srp.B;
  }

  /**
   * Step 5: checks the client's A and proof M1, and only then computes M2.
   * @param A - the client's public ephemeral value.
   * @param M1 - the client's proof.
   * @returns M2 (send it to the client) and the session key.
   * @throws ZkvaultError `SRP_BAD_PUBLIC` for a bad A; `SRP_BAD_PROOF` for a wrong passphrase; `SRP_STATE` if reused.
   * @example
   * ```ts
   * import { createAccount, loginParams, startLogin, startLoginServer } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await startLogin({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const s = await startLoginServer(record);
   * const M1 = await login.respond(s.B);
   *
   * const { M2 } = await s.verify(login.A, M1); // throws SRP_BAD_PROOF for a wrong passphrase
   * await login.verify(M2); // send M2 to the client, which checks it
   * ```
   */
  async verify(A: Uint8Array, M1: Uint8Array): Promise<{
    /** The server's proof M2: send it to the client. */
    M2: Uint8Array;
    /** The SRP session key K, shared with the client. */
    sessionKey: Uint8Array;
  }> {
    return this.#srp.verify(A, M1);
  }

  /**
   * The state to keep server-side between the round trips (it contains the secret b). With
   * `{ key }`, the state carries an HMAC-SHA256 tag that {@link ServerLogin.fromJSON} checks.
   * @param options - optional `key`: the server's MAC key (32 bytes or more).
   * @returns a JSON-serialisable object.
   * @throws ZkvaultError `SRP_STATE` after verify; `INVALID_INPUT` for a bad key.
   * @example
   * ```ts
   * import { createAccount, startLoginServer } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const s = await startLoginServer(record);
   * const stored = JSON.stringify(s.toJSON()); // keep it server-side until the client's proof arrives
   * console.log(stored.length);
   * ```
   */
  toJSON(options?: ServerLoginOptions): ServerLoginState {
    const key = amacKey(options);
    const srp = { bits: this.#params.bits, hash: this.#params.hash };
    const state = this.#srp.toJSON();
    if (key === undefined) return { v: 1, accountId: this.accountId, srp, state };
    return { v: 1, accountId: this.accountId, srp, state, mac: toBase64url(stateMac(key, this.accountId, srp, state)) };
  }

  /**
   * Rebuilds a server login from {@link ServerLogin.toJSON}'s output. The state is checked whole:
   * the account id must be the SRP identity inside it, its group and hash the outer ones, B must
   * equal k*v + g^b mod N; with `key`, its MAC must verify (constant-time); with `record`, its
   * account, group, salt and verifier must be the record's.
   * @param json - the stored state.
   * @param options - optional `key` (the MAC key given to `toJSON`) and `record` (the stored account record).
   * @returns the server login.
   * @throws ZkvaultError `INVALID_RECORD` for any bad, forged or mismatched state; `INVALID_INPUT` for bad options.
   * @example
   * ```ts
   * import { createAccount, ServerLogin, startLoginServer } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const stored = JSON.stringify((await startLoginServer(record)).toJSON());
   *
   * const s = ServerLogin.fromJSON(JSON.parse(stored));
   * console.log(s.accountId, s.B.length);
   * ```
   */
  static fromJSON(json: ServerLoginState, options?: ServerLoginResumeOptions): ServerLogin {
    const key = amacKey(options);
    const rec = options === undefined ? undefined : aobject(options, 'options')['record'];
    const record = rec === undefined ? undefined : parseAccountRecord(rec);
    if (!isPlainObject(json) || json.v !== 1) throw badState();
    if (key !== undefined) {
      // Refuse anything this server did not write before looking further.
      if (typeof json.mac !== 'string') throw badState();
      let tag: Uint8Array;
      try {
        tag = fromBase64url(json.mac);
      } catch {
        throw badState();
      }
      if (!equalBytes(stateMac(key, json.accountId, json.srp, json.state), tag)) throw badState();
    } else if (json.mac !== undefined) {
      throw badState(); // a MACed state: the caller forgot the key
    }
    let accountId: string;
    let srp: SrpParamsRecord;
    try {
      accountId = aid(json.accountId, 'accountId');
      if (!isPlainObject(json.srp)) throw badState();
      srp = asrp(json.srp);
    } catch {
      throw badState();
    }
    const st = json.state;
    if (!isPlainObject(st)) throw badState();
    const inner = st as Record<string, unknown>;
    // The outer account id is the SRP identity I inside: a state pairing one account with another's SRP state is refused.
    if (inner['identity'] !== toBase64url(utf8ToBytes(accountId))) throw badState();
    if (
      record !== undefined &&
      (record.accountId !== accountId ||
        record.srp.bits !== srp.bits ||
        record.srp.hash !== srp.hash ||
        inner['salt'] !== record.SLT_Auth_2 ||
        inner['verifier'] !== record.SRP_Verifier)
    ) {
      throw badState();
    }
    return new ServerLogin(accountId, srp, srpServerResume(srp, st)); // the SRP layer recomputes B
  }
}

/**
 * Server, login step 3: starts SRP against the stored verifier.
 * @param record - the stored account record.
 * @returns the server login (`.B` to send).
 * @throws ZkvaultError `INVALID_RECORD` on a bad record.
 * @example
 * ```ts
 * import { createAccount, startLoginServer } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * const s = await startLoginServer(record); // record: the stored account record
 * console.log(JSON.stringify({ B: Buffer.from(s.B).toString('base64url') })); // send B to the client
 * ```
 */
export async function startLoginServer(record: AccountRecord): Promise<ServerLogin> {
  const r = parseAccountRecord(record);
  const srp = await srpServerStart(r.srp, r.accountId, fromBase64url(r.SLT_Auth_2), fromBase64url(r.SRP_Verifier));
  return new ServerLogin(r.accountId, r.srp, srp);
}
