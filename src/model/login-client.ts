/**
 * The client side of the M_Account login (docs/architecture.md sections 3 and 6, steps 2, 4 and 6):
 * SRP-6a (RFC 5054 arithmetic, RFC 2945 proofs) over `SEC_PWD_Auth`, then unlocking the account
 * with the `SEC_PWD_Enc` derived during the login.
 * @module
 */
import { aobject, equalBytes, fromBase64url, wipe } from '../bytes/index.js';
import { invalidInput, decryptFailed, ZkvaultError } from '../errors.js';
import { publicKeyWith } from '../hpke/dhkem.js';
import { unlockKeyWith } from '../keys/wrap.js';
import { LockedKey, UnlockedKey } from '../keys/index.js';
import { SIGN_FIELDS, unlockSignKeyPair } from './account-keys.js';
import { unlockXWingKeyPair, XWING_FIELDS } from './account-xwing.js';
import { newUnlockedAccount, UnlockedAccount } from './account-state.js';
import { aid } from './context.js';
import { modelDeps } from './deps.js';
import { parseAccountRecord, parseLoginParams, type AccountRecord, type LoginParams } from './records.js';
import type { SrpClientVerifyResult } from '../srp/srp.js';
import { srpClientStart, type SrpClientSession } from './srp-link.js';
import { apolicy, checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphrasePolicy } from './policy.js';
import {
  knownParams,
  knownOf,
  recordSalts,
  apassphrase,
  asecretKey,
  aiterations,
  derivePassphraseKeys,
  symAccountAad,
  prvAccountAad,
  type PassphraseKeys,
} from './account-shared.js';

/** Options of {@link ClientLogin.start}. */
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

/** Result of {@link ClientLogin.verify}: the same as `SrpClient.verify`'s in `zkvault/srp`. */
export type ClientLoginVerifyResult = SrpClientVerifyResult;

/** What a finished login hands to {@link unlockAccount}. */
interface LoginSecrets {
  readonly enc: UnlockedKey<'SEC_PWD_Enc'>;
  readonly params: LoginParams;
  readonly secretKey: Uint8Array | undefined;
  /** The policy the login was started under. */
  readonly policy: PassphrasePolicy;
}

let secretsOf: (l: ClientLogin) => LoginSecrets;

/**
 * The client side of one login. Send {@link ClientLogin.A}; give the server's B to
 * {@link ClientLogin.respond} and send the returned M1; give the server's M2 to
 * {@link ClientLogin.verify}. Then {@link unlockAccount} uses the `SEC_PWD_Enc` derived here.
 * @example
 * ```ts
 * import { createAccount, loginParams, ClientLogin, ServerLogin, unlockAccount } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * using login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const server = await ServerLogin.start(record); // the server's side, here in the same process
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
  readonly #policy: PassphrasePolicy;
  #verified = false;

  // Hands the login's secrets to unlockAccount (a module function) once M2 is verified: a public
  // member would put SEC_PWD_Enc in the published type and let callers skip the verification.
  // A static block runs inside the class, so it may read #private fields (docs/api-conventions.md, "Files").
  static {
    secretsOf = (l) => {
      if (!l.#verified) throw new ZkvaultError('SRP_STATE', 'zkvault: finish the login (verify M2) before unlocking');
      return { enc: l.#enc, params: l.#params, secretKey: l.#secretKey, policy: l.#policy };
    };
  }

  private constructor(params: LoginParams, srp: SrpClientSession, enc: UnlockedKey<'SEC_PWD_Enc'>, secretKey: Uint8Array | undefined, policy: PassphrasePolicy) {
    this.accountId = params.accountId;
    this.#params = params;
    this.#srp = srp;
    this.#enc = enc;
    this.#secretKey = secretKey;
    this.#policy = policy;
  }

  /**
   * Client, login step 2 (the factory of this class): checks the server's parameters (floor, distinct salts, group size, secret
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
   * import { createAccount, generateSecretKey, loginParams, ClientLogin } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * const secretKey = generateSecretKey();
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, secretKey, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const params = loginParams(record); // in a real app: fetched from the server (untrusted)
   *
   * const login = await ClientLogin.start({ accountId, passphrase, params, secretKey, minIterations: 1000 });
   * console.log(login.A.length); // send A to the server
   * ```
   */
  static async start(options: StartLoginOptions): Promise<ClientLogin> {
    const { params, srp, enc, secretKey, policy } = await beginLogin(options);
    return new ClientLogin(params, srp, enc, secretKey, policy);
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
   * import { createAccount, loginParams, ClientLogin, ServerLogin } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await ServerLogin.start(record);
   *
   * const M1 = await login.respond(server.B); // send M1 to the server
   * console.log(M1.length);
   * ```
   */
  async respond(B: Uint8Array): Promise<Uint8Array> {
    return this.#srp.respond(B);
  }

  /**
   * Step 6: checks the server's proof M2. Only after this may the client trust the session.
   * @param M2 - the server's proof.
   * @returns the shared session key.
   * @throws ZkvaultError `SRP_BAD_PROOF` if the server does not know the verifier; `SRP_STATE` out of order.
   * @example
   * ```ts
   * import { createAccount, loginParams, ClientLogin, ServerLogin } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await ServerLogin.start(record);
   * const { M2 } = await server.verify(login.A, await login.respond(server.B));
   *
   * const { sessionKey } = await login.verify(M2); // throws SRP_BAD_PROOF if the server does not know the verifier
   * console.log(sessionKey.length);
   * ```
   */
  async verify(M2: Uint8Array): Promise<ClientLoginVerifyResult> {
    const result = await this.#srp.verify(M2);
    this.#verified = true;
    return result;
  }

  /**
   * Wipes `SEC_PWD_Enc` and the secret key held for {@link unlockAccount}.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { createAccount, loginParams, ClientLogin, ServerLogin, unlockAccount } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   *
   * const login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const server = await ServerLogin.start(record);
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
 * import { createAccount, loginParams, ClientLogin, ServerLogin, unlockAccount } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 *
 * using login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const server = await ServerLogin.start(record);
 * await login.verify((await server.verify(login.A, await login.respond(server.B))).M2);
 *
 * using account = await unlockAccount(record, login); // the record as fetched from the server
 * console.log(account.fingerprint);
 * ```
 */
export async function unlockAccount(record: AccountRecord, login: ClientLogin): Promise<UnlockedAccount> {
  const r = parseAccountRecord(record);
  if (!(login instanceof ClientLogin)) throw invalidInput('"login" expected a ClientLogin');
  const { enc, params, secretKey, policy } = secretsOf(login);
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

/** Checks the options and parameters, derives both passphrase keys and starts SRP (the work of {@link ClientLogin.start}). */
async function beginLogin(options: StartLoginOptions): Promise<LoginSecrets & { srp: SrpClientSession }> {
  const o = aobject(options, 'options');
  const accountId = aid(o['accountId'], 'accountId');
  const base = apolicy(o['policy'] === undefined ? DEFAULT_PASSPHRASE_POLICY : o['policy'], 'policy');
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
    const srp = await srpClientStart(params.srp, accountId, keys.auth.bytes(), a2);
    return { params, srp, enc: keys.enc, secretKey, policy };
  } catch (e) {
    keys.enc.dispose();
    throw e;
  } finally {
    keys.auth.dispose();
  }
}
