/**
 * The server side of the M_Account login (docs/architecture.md sections 3 and 6, steps 1, 3 and 5):
 * public login parameters, SRP-6a (RFC 5054) against the stored verifier, and the login state kept
 * between the two round trips (optionally tagged with HMAC-SHA256, RFC 2104).
 * @module
 */
import { aobject, equalBytes, fromBase64url, isBytes, isPlainObject, toBase64url, utf8ToBytes } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { aid, encodeContext } from './context.js';
import { modelDeps } from './deps.js';
import { parseAccountRecord, type AccountRecord, type LoginParams, type SrpParamsRecord } from './records.js';
import type { SrpServerVerifyResult } from '../srp/srp.js';
import { srpServerResume, srpServerStart, type SrpServerSession } from './srp-link.js';
import { asrp } from './account-shared.js';

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

/** Result of {@link ServerLogin.verify}: the same as `SrpServer.verify`'s in `zkvault/srp`. */
export type ServerLoginVerifyResult = SrpServerVerifyResult;

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
 * import { createAccount, loginParams, ServerLogin, ClientLogin } from 'zkvault';
 *
 * const accountId = 'jane';
 * const passphrase = 'correct horse battery staple';
 * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
 * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
 * const cache = new Map<string, string>(); // a server-side store shared by the server's instances
 *
 * const s = await ServerLogin.start(record);
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

  private constructor(accountId: string, params: SrpParamsRecord, srp: SrpServerSession) {
    this.accountId = accountId;
    this.#params = params;
    this.#srp = srp;
  }

/**
   * Server, login step 3 (the factory of this class, with {@link ServerLogin.fromJSON}): starts SRP against the stored verifier.
   * @param record - the stored account record.
   * @returns the server login (`.B` to send).
   * @throws ZkvaultError `INVALID_RECORD` on a bad record.
   * @example
   * ```ts
   * import { createAccount, ServerLogin } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   *
   * const s = await ServerLogin.start(record); // record: the stored account record
   * console.log(JSON.stringify({ B: Buffer.from(s.B).toString('base64url') })); // send B to the client
   * ```
   */
  static async start(record: AccountRecord): Promise<ServerLogin> {
    const r = parseAccountRecord(record);
    const verifier = fromBase64url(r.SRP_Verifier);
    // One encoding per verifier: createAccount writes v at N's length, so a leading zero byte dropped
    // or added is a tampered record, not the same verifier. Here, not in parseAccountRecord, so that
    // changePassphrase still reports a weakened group as WEAK_GROUP.
    if (verifier.length !== r.srp.bits / 8) {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: "SRP_Verifier" expected the byte length of N');
    }
    const srp = await srpServerStart(r.srp, r.accountId, fromBase64url(r.SLT_Auth_2), verifier);
    return new ServerLogin(r.accountId, r.srp, srp);
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
   * import { createAccount, loginParams, ClientLogin, ServerLogin } from 'zkvault';
   *
   * const accountId = 'jane';
   * const passphrase = 'correct horse battery staple';
   * // Test strength (kdf, srp, minIterations) keeps the example fast; use the defaults in production.
   * const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const login = await ClientLogin.start({ accountId, passphrase, params: loginParams(record), minIterations: 1000 });
   * const s = await ServerLogin.start(record);
   * const M1 = await login.respond(s.B);
   *
   * const { M2 } = await s.verify(login.A, M1); // throws SRP_BAD_PROOF for a wrong passphrase
   * await login.verify(M2); // send M2 to the client, which checks it
   * ```
   */
  async verify(A: Uint8Array, M1: Uint8Array): Promise<ServerLoginVerifyResult> {
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
   * import { createAccount, ServerLogin } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const s = await ServerLogin.start(record);
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
   * import { createAccount, ServerLogin } from 'zkvault';
   *
   * // kdf and srp at test strength to keep the example fast; omit them in production.
   * const { record } = await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
   * const stored = JSON.stringify((await ServerLogin.start(record)).toJSON());
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
