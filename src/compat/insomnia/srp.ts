/**
 * The Insomnia app's SRP login, for both ends: the client steps of its session code and a server
 * that keeps serving Insomnia-style logins (for example during a migration to zkvault).
 *
 * Parameters: RFC 5054 2048-bit group, SHA-256, I = UTF-8(normalised email), P = SEC_PWD_Auth bytes
 * (./kdf.ts with `saltKey`), s = the bytes of `saltAuth`; the `insomnia` proof variant of zkvault/srp
 * (K = H(PAD(S)), M1 = H(PAD(A) ‖ PAD(B) ‖ PAD(S)), M2 = H(PAD(A) ‖ M1 ‖ K); docs/architecture.md section 3).
 * Messages, all values lowercase hex:
 *
 * 1. `POST /auth/login-s` `{ email }` → `{ saltKey, saltAuth }`;
 * 2. `POST /auth/login-a` `{ srpA, email }` → `{ sessionStarterId, srpB }`;
 * 3. `POST /auth/login-m1` `{ srpM1, sessionStarterId }` → `{ srpM2 }`;
 * 4. the client checks M2; the session id is hex(K).
 *
 * Note M1 does not cover I or s (unlike RFC 2945's M1); it still proves knowledge of S.
 * @module
 */
import { hash as defaultHash } from '#backend/hash';
import { kdf as defaultKdf } from '#backend/kdf';
import { modpow as defaultModpow } from '#backend/modpow';
import { random as defaultRandom } from '#backend/random';
import { bindBackends } from '../../backend/backend-deps.js';
import type { KdfBackend } from '../../backend/types.js';
import { aobject, astring, fromHex, isPlainObject, toHex } from '../../bytes/index.js';
import { invalidInput, ZkvaultError } from '../../errors.js';
import { srpGroup } from '../../srp/groups.js';
import type { SrpDeps } from '../../srp/protocol.js';
import { createVerifier, SrpClient, SrpServer, type SrpParams, type SrpServerState } from '../../srp/srp.js';
import { deriveInsomniaKeyWith, insomniaEmail, insomniaSalt } from './kdf.js';

/** The app's SRP parameters: RFC 5054 2048-bit group, SHA-256, the `insomnia` proof variant. */
export const insomniaSrpParams: SrpParams = Object.freeze({ group: srpGroup(2048), hash: 'SHA-256', proof: 'insomnia' });

/** Backends used by the SRP helpers. */
interface InsomniaSrpDeps extends SrpDeps {
  readonly kdf: KdfBackend;
}

/** The platform's backends, or a test's (src/backend/backend-deps.ts); SrpClient and SrpServer read the same seam. */
const deps: () => InsomniaSrpDeps = bindBackends<InsomniaSrpDeps>({ hash: defaultHash, random: defaultRandom, modpow: defaultModpow, kdf: defaultKdf });

/** `/auth/login-s` response. */
export interface InsomniaLoginSResponse {
  /** Salt of SEC_PWD_Auth (hex text; used as text by the KDF). */
  saltKey: string;
  /** SRP salt s (hex of the bytes). */
  saltAuth: string;
}
/** `/auth/login-a` request. */
export interface InsomniaLoginARequest {
  /** The client's public value A (hex). */
  srpA: string;
  /** The normalised email. */
  email: string;
}
/** `/auth/login-a` response. */
export interface InsomniaLoginAResponse {
  /** Id of this login attempt (hex); the client sends it back with M1. */
  sessionStarterId: string;
  /** The server's public value B (hex). */
  srpB: string;
}
/** `/auth/login-m1` request. */
export interface InsomniaLoginM1Request {
  /** The client's proof M1 (hex). */
  srpM1: string;
  /** The id from the `login-a` response. */
  sessionStarterId: string;
}
/** `/auth/login-m1` response. */
export interface InsomniaLoginM1Response {
  /** The server's proof M2 (hex). */
  srpM2: string;
}

/** Result of {@link InsomniaLoginClient.verify}. */
export interface InsomniaLoginVerifyResult {
  /** The session id: hex(K), as in the app. */
  sessionId: string;
}

/** Result of {@link insomniaLoginA}. */
export interface InsomniaLoginAResult {
  /** The `login-a` response body `{ sessionStarterId, srpB }`. */
  response: InsomniaLoginAResponse;
  /** The state to keep server-side until `login-m1` (it holds the SRP secret b). */
  state: InsomniaLoginServerState;
}

/** Result of {@link insomniaLoginM1}. */
export interface InsomniaLoginM1Result {
  /** The `login-m1` response body `{ srpM2 }`. */
  response: InsomniaLoginM1Response;
  /** The session id: hex(K), the same the client computes. */
  sessionId: string;
}

/** What a server stores for an Insomnia login (members of the account row). */
export interface InsomniaSrpRecord {
  /** The account email (normalised when read). */
  email: string;
  /** Salt of SEC_PWD_Auth (hex text). */
  saltKey: string;
  /** SRP salt s (hex of the bytes). */
  saltAuth: string;
  /** SRP verifier v (hex), from {@link createInsomniaVerifier}. */
  verifier: string;
}

/**
 * The server's state between `login-a` and `login-m1`: plain JSON, so any instance can finish the
 * login. It holds the SRP secret b: keep it server-side and delete it after use.
 */
export interface InsomniaLoginServerState {
  /** Format version, 1. */
  readonly v: 1;
  /** The id sent in the `login-a` response; `login-m1` must carry the same. */
  readonly sessionStarterId: string;
  /** The normalised email. */
  readonly email: string;
  /** The client's A, hex, from `login-a`. */
  readonly srpA: string;
  /** The SRP server's state (holds the secret b). */
  readonly srp: SrpServerState;
}

function hexField(value: unknown, name: string): Uint8Array {
  astring(value, name, 8192);
  return fromHex(value as string, name);
}

/**
 * Computes an account's SRP verifier as the app's `signup` does.
 * @param email - the email (normalised here).
 * @param passphrase - the passphrase (normalised here).
 * @param saltKey - the KDF salt (hex text).
 * @param saltAuth - the SRP salt (hex of its bytes).
 * @returns v, hex, padded to 256 bytes.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) for a bad email, passphrase or salt.
 * @example
 * ```ts
 * import { createInsomniaVerifier } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * const account = { email, saltKey: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex') }; // new random salts
 * const verifier = await createInsomniaVerifier(email, passphrase, account.saltKey, account.saltAuth);
 * console.log(verifier.length); // 512 hex characters
 * ```
 */
export async function createInsomniaVerifier(email: string, passphrase: string, saltKey: string, saltAuth: string): Promise<string> {
  const I = insomniaEmail(email);
  const salt = fromHex(insomniaSalt(saltAuth, 'saltAuth'), 'saltAuth');
  const secPwdAuth = await deriveInsomniaKeyWith(deps().kdf, passphrase, I, saltKey);
  try {
    return toHex(await createVerifier(insomniaSrpParams, I, secPwdAuth, salt));
  } finally {
    secPwdAuth.fill(0);
  }
}

/**
 * The client side of an Insomnia login, in the shape of `SrpClient` and the model's `ClientLogin`
 * (docs/api-conventions.md, "Logins"): `start` with the `login-s` answer → send `loginARequest`
 * (it carries A) → `respond` with the `login-a` answer (send the result, which carries M1, to
 * `login-m1`) → `verify` with the `login-m1` answer, which returns the session id.
 *
 * @example
 * ```ts
 * import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, insomniaLoginM1, insomniaLoginS } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
 * // The server's answers are computed in-process here; a real client POSTs to /auth/login-s, -a and -m1.
 * const salts = insomniaLoginS(account);
 * const client = await InsomniaLoginClient.start(email, passphrase, salts);
 * const a = await insomniaLoginA(client.loginARequest, account);
 * const m1 = await insomniaLoginM1(await client.respond(a.response), a.state);
 * const { sessionId } = await client.verify(m1.response);
 * console.log(sessionId === m1.sessionId); // true
 * ```
 */
export class InsomniaLoginClient {
  /** The `login-a` request body: `{ srpA, email }`. */
  readonly loginARequest: InsomniaLoginARequest;
  readonly #srp: SrpClient;
  #sessionStarterId: string | undefined;

  private constructor(srp: SrpClient, email: string) {
    this.#srp = srp;
    this.loginARequest = { srpA: toHex(srp.A), email };
  }

  /**
   * Derives SEC_PWD_Auth (100,000 PBKDF2 iterations) and starts SRP.
   * @param email - the email as typed (normalised here).
   * @param passphrase - the passphrase as typed (normalised here).
   * @param loginS - the server's `login-s` answer `{ saltKey, saltAuth }`.
   * @returns the client; send {@link InsomniaLoginClient.loginARequest}.
   * @throws ZkvaultError `INVALID_INPUT` for a bad email, passphrase or salt.
   * @example
   * ```ts
   * import { createInsomniaVerifier, InsomniaLoginClient } from 'zkvault/compat/insomnia';
   * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
   * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
   * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
   * const client = await InsomniaLoginClient.start(email, passphrase, { saltKey, saltAuth }); // the /auth/login-s answer
   * console.log(client.loginARequest.email); // 'alice@example.com': POST client.loginARequest to /auth/login-a
   * ```
   */
  static async start(email: string, passphrase: string, loginS: InsomniaLoginSResponse): Promise<InsomniaLoginClient> {
    const I = insomniaEmail(email);
    aobject(loginS, 'loginS');
    const saltAuth = fromHex(insomniaSalt(loginS.saltAuth, 'saltAuth'), 'saltAuth');
    const secPwdAuth = await deriveInsomniaKeyWith(deps().kdf, passphrase, I, loginS.saltKey);
    try {
      // SrpClient keeps its own copy of P.
      return new InsomniaLoginClient(await SrpClient.start(insomniaSrpParams, I, secPwdAuth, saltAuth), I);
    } finally {
      secPwdAuth.fill(0);
    }
  }

  /**
   * Takes the `login-a` answer and computes the proof.
   * @param loginA - `{ sessionStarterId, srpB }`.
   * @returns the `login-m1` request body `{ srpM1, sessionStarterId }`.
   * @throws ZkvaultError `SRP_BAD_PUBLIC` for a bad B, `SRP_BAD_U` for u = 0, `INVALID_INPUT` for bad hex,
   *   `SRP_STATE` if called twice.
   * @example
   * ```ts
   * import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, insomniaLoginS } from 'zkvault/compat/insomnia';
   * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
   * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
   * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
   * const client = await InsomniaLoginClient.start(email, passphrase, insomniaLoginS(account));
   * const a = await insomniaLoginA(client.loginARequest, account); // the server's /auth/login-a
   * const m1 = await client.respond(a.response); // POST m1 to /auth/login-m1
   * ```
   */
  async respond(loginA: InsomniaLoginAResponse): Promise<InsomniaLoginM1Request> {
    aobject(loginA, 'loginA');
    const sessionStarterId = astring(loginA.sessionStarterId, 'sessionStarterId', 1024);
    const B = hexField(loginA.srpB, 'srpB');
    const M1 = await this.#srp.respond(B);
    this.#sessionStarterId = sessionStarterId;
    return { srpM1: toHex(M1), sessionStarterId };
  }

  /**
   * Checks the server's proof; the session id is hex(K), as in the app.
   * @param loginM1 - `{ srpM2 }`.
   * @returns `{ sessionId }`.
   * @throws ZkvaultError `SRP_BAD_PROOF` if M2 is wrong (the server does not hold the verifier); `INVALID_INPUT`
   *   for bad hex; `SRP_STATE` out of order.
   * @example
   * ```ts
   * import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, insomniaLoginM1, insomniaLoginS } from 'zkvault/compat/insomnia';
   * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
   * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
   * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
   * const client = await InsomniaLoginClient.start(email, passphrase, insomniaLoginS(account));
   * const a = await insomniaLoginA(client.loginARequest, account);
   * const m1 = await insomniaLoginM1(await client.respond(a.response), a.state); // the server's /auth/login-m1
   * const { sessionId } = await client.verify(m1.response); // rejects with SRP_BAD_PROOF for a wrong M2
   * ```
   */
  async verify(loginM1: InsomniaLoginM1Response): Promise<InsomniaLoginVerifyResult> {
    if (this.#sessionStarterId === undefined) throw new ZkvaultError('SRP_STATE', 'zkvault: Insomnia login verified before respond');
    aobject(loginM1, 'loginM1');
    const { sessionKey } = await this.#srp.verify(hexField(loginM1.srpM2, 'srpM2'));
    return { sessionId: toHex(sessionKey) };
  }
}

function record(account: InsomniaSrpRecord): { email: string; saltAuth: Uint8Array; verifier: Uint8Array } {
  aobject(account, 'account');
  const bad = (m: string): ZkvaultError => new ZkvaultError('INVALID_RECORD', `zkvault: Insomnia account ${m}`);
  if (typeof account.email !== 'string') throw bad('has no email');
  for (const m of ['saltKey', 'saltAuth', 'verifier'] as const) {
    if (typeof account[m] !== 'string' || account[m].length < 2 || account[m].length > 8192 || !/^[0-9a-fA-F]+$/.test(account[m])) {
      throw bad(`member ${m} expected hex`);
    }
  }
  if (account.saltAuth.length % 2 !== 0 || account.verifier.length % 2 !== 0) throw bad('has odd-length hex');
  return { email: insomniaEmail(account.email), saltAuth: fromHex(account.saltAuth), verifier: fromHex(account.verifier) };
}

/**
 * Server, `login-s`: the account's salts.
 * @param account - the stored account (`saltKey`, `saltAuth`).
 * @returns `{ saltKey, saltAuth }`.
 * @throws ZkvaultError `INVALID_RECORD` if the stored salts are not hex.
 * @example
 * ```ts
 * import { createInsomniaVerifier, insomniaLoginS } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
 * const body = JSON.stringify(insomniaLoginS(account)); // the /auth/login-s response body
 * ```
 */
export function insomniaLoginS(account: InsomniaSrpRecord): InsomniaLoginSResponse {
  record(account);
  return { saltKey: account.saltKey, saltAuth: account.saltAuth };
}

/**
 * Server, `login-a`: starts SRP for the account and answers B. Store `state` (server-side, it holds b)
 * under `response.sessionStarterId` until `login-m1`.
 * @param request - the client's `{ srpA, email }`.
 * @param account - the stored account (`email`, `saltAuth`, `verifier`).
 * @returns the response `{ sessionStarterId, srpB }` and the state to keep.
 * @throws ZkvaultError `INVALID_INPUT` for bad hex or another account's email; `SRP_BAD_PUBLIC` for an A of
 *   the wrong length; `INVALID_RECORD` for a malformed stored account.
 * @example
 * ```ts
 * import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, type InsomniaLoginServerState } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
 * const sessions = new Map<string, InsomniaLoginServerState>(); // server-side store
 * const req = { body: (await InsomniaLoginClient.start(email, passphrase, account)).loginARequest }; // the client's request
 * const { response, state } = await insomniaLoginA(req.body, account);
 * sessions.set(response.sessionStarterId, state); // then answer with response
 * ```
 */
export async function insomniaLoginA(request: InsomniaLoginARequest, account: InsomniaSrpRecord): Promise<InsomniaLoginAResult> {
  const r = record(account);
  aobject(request, 'request');
  if (insomniaEmail(request.email) !== r.email) throw invalidInput('"request.email" is not this account\'s email');
  const A = hexField(request.srpA, 'srpA');
  if (A.length === 0 || A.length > insomniaSrpParams.group.byteLength) {
    throw new ZkvaultError('SRP_BAD_PUBLIC', 'zkvault: SRP public value A has a bad length');
  }
  const server = await SrpServer.start(insomniaSrpParams, r.email, r.saltAuth, r.verifier);
  const sessionStarterId = toHex(deps().random.randomBytes(16));
  return {
    response: { sessionStarterId, srpB: toHex(server.B) },
    state: { v: 1, sessionStarterId, email: r.email, srpA: toHex(A), srp: server.toJSON() },
  };
}

/**
 * Server, `login-m1`: checks M1 (constant time) and only then answers M2. The session id is hex(K).
 * @param request - the client's `{ srpM1, sessionStarterId }`.
 * @param state - the state stored at `login-a`.
 * @returns the response `{ srpM2 }` and the session id.
 * @throws ZkvaultError `SRP_BAD_PROOF` for a wrong M1 (wrong passphrase); `SRP_BAD_PUBLIC` for A = 0 mod N;
 *   `SRP_STATE` for another session's id; `INVALID_RECORD` for a malformed state.
 * @example
 * ```ts
 * import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, insomniaLoginM1 } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * const saltKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'), saltAuth = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, passphrase, saltKey, saltAuth) }; // the server's row
 * const client = await InsomniaLoginClient.start(email, passphrase, account);
 * const a = await insomniaLoginA(client.loginARequest, account);
 * const sessions = new Map([[a.response.sessionStarterId, a.state]]); // kept server-side since login-a
 * const req = { body: await client.respond(a.response) }; // the client's /auth/login-m1 request
 * const { response, sessionId } = await insomniaLoginM1(req.body, sessions.get(req.body.sessionStarterId)!);
 * await client.verify(response);
 * ```
 */
export async function insomniaLoginM1(
  request: InsomniaLoginM1Request,
  state: InsomniaLoginServerState,
): Promise<InsomniaLoginM1Result> {
  if (!isPlainObject(state) || state['v'] !== 1 || typeof state['srpA'] !== 'string') {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia login state is malformed');
  }
  aobject(request, 'request');
  if (request.sessionStarterId !== state.sessionStarterId) {
    throw new ZkvaultError('SRP_STATE', 'zkvault: Insomnia login-m1 for another session');
  }
  const M1 = hexField(request.srpM1, 'srpM1');
  const server = SrpServer.fromJSON(state.srp, { params: insomniaSrpParams });
  const { M2, sessionKey } = await server.verify(fromHex(state.srpA, 'state.srpA'), M1);
  return { response: { srpM2: toHex(M2) }, sessionId: toHex(sessionKey) };
}

