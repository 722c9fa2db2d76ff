/**
 * SRP login (RFC 5054 SRP-6a arithmetic, RFC 2945 proofs): verifier creation, the client and the
 * server, with the safeguards of RFC 5054 section 2.5.4 and more:
 * - the server aborts if A % N = 0, the client if B % N = 0 (RFC 5054 sections 2.5.4, 2.6);
 * - the client aborts if u = 0 (SRP-6a design; a zero u would make S independent of the password);
 * - public values must be 1 to |N| bytes long and below N;
 * - proofs are compared in constant time, and the server checks M1 before it computes M2;
 * - each step runs once, in order; after any failure the session is dead.
 * @module
 */
import { hash } from '#backend/hash';
import { modpow } from '#backend/modpow';
import { random } from '#backend/random';
import { bindBackends } from '../backend/backend-deps.js';
import { assertBytes, assertBytesRange, aobject, aoneOf, equalBytes, isBytes, isPlainObject, fromBase64url, toBase64url, utf8ToBytes, wipe } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { bytesToBigInt, padBigInt } from './bigint.js';
import { canonicalGroup, SRP_MIN_GROUP_BITS, type SrpGroup, type SrpGroupBits } from './groups.js';
import {
  clientS,
  computeA,
  computeB,
  computeK,
  computeM1,
  computeM2,
  computeU,
  computeV,
  computeX,
  makeSuite,
  serverS,
  type SrpDeps,
  type SrpHash,
  type SrpProof,
  type SrpSuite,
} from './protocol.js';

/** SRP parameters shared by client and server. Both sides must use the same ones. */
export interface SrpParams {
  /** An RFC 5054 group from {@link srpGroup}. 2048 bits or more unless `allowWeakGroup`. */
  group: SrpGroup;
  /** The hash H. */
  hash: SrpHash;
  /** Key and proof variant; see {@link SrpProof}. */
  proof: SrpProof;
  /** Allow the 1024- and 1536-bit groups (RFC 5054 vectors, legacy peers). Default false. */
  allowWeakGroup?: boolean;
}

/** Result of {@link SrpClient.verify}: the login's shared key. */
export interface SrpClientVerifyResult {
  /** The shared session key K (hash length; twice that for SHA_Interleave variants). */
  sessionKey: Uint8Array;
}

/** Result of {@link SrpServer.verify}: the proof to send back and the login's shared key. */
export interface SrpServerVerifyResult {
  /** The server's proof M2: send it to the client. */
  M2: Uint8Array;
  /** The shared session key K (hash length; twice that for SHA_Interleave variants). */
  sessionKey: Uint8Array;
}

/** Options of {@link SrpServer.fromJSON}. */
export interface SrpServerResumeOptions {
  /** The SRP parameters the state must have been made with (checked against the state). */
  params: SrpParams;
}

/**
 * A server's state between the two round trips (after {@link SrpServer.start}, before
 * {@link SrpServer.verify}). Plain JSON, so another server instance can finish the login.
 * It holds the secret b: keep it server-side, and delete it once the login is finished.
 */
export interface SrpServerState {
  /** Format version, 1. */
  readonly v: 1;
  /** Size of the SRP group, in bits (must match the parameters given to `fromJSON`). */
  readonly group: SrpGroupBits;
  /** The hash H (must match the parameters given to `fromJSON`). */
  readonly hash: SrpHash;
  /** The key and proof variant (must match the parameters given to `fromJSON`). */
  readonly proof: SrpProof;
  /** The user name I, base64url without padding (as are all the values below). */
  readonly identity: string;
  /** The user's salt s. */
  readonly salt: string;
  /** The stored verifier v, padded to the byte length of N. */
  readonly verifier: string;
  /** The server's secret ephemeral b, padded to the byte length of N. */
  readonly b: string;
  /** The server's public value B, padded to the byte length of N. */
  readonly B: string;
}

const HASHES = ['SHA-1', 'SHA-256', 'SHA-512'] as const;
const PROOFS = ['srp6a', 'rfc2945', 'insomnia', 'legacy-srp3'] as const;
/** Random ephemeral secrets: 256 bits (RFC 5054 section 2.5.4 asks for at least 256). */
const SECRET_BYTES = 32;
/** Salts: 1 to 1024 bytes (RFC 5054 carries s in a 1-byte-length field, so 255 on the wire). */
const MAX_SALT = 1024;
const MAX_IDENTITY = 4096;
const MAX_PASSWORD = 4096;

/**
 * @internal Validates parameters and resolves them to a suite.
 * @throws ZkvaultError `INVALID_INPUT` for a bad group, hash or proof name; `WEAK_GROUP` for a
 *   group under 2048 bits without `allowWeakGroup`.
 */
export function resolveParams(deps: SrpDeps, params: SrpParams): SrpSuite {
  aobject(params, 'params');
  const group = canonicalGroup(params.group);
  const hash = aoneOf(params.hash, 'params.hash', HASHES);
  const proof = aoneOf(params.proof, 'params.proof', PROOFS);
  if (params.allowWeakGroup !== undefined && typeof params.allowWeakGroup !== 'boolean') {
    throw invalidInput('"params.allowWeakGroup" expected boolean');
  }
  if (group.bits < SRP_MIN_GROUP_BITS && params.allowWeakGroup !== true) {
    throw new ZkvaultError('WEAK_GROUP', `zkvault: "params.group" is ${group.bits} bits, below ${SRP_MIN_GROUP_BITS}; set allowWeakGroup to use it`);
  }
  return makeSuite(deps, group, hash, proof);
}

function textOrBytes(value: unknown, name: string, max: number): Uint8Array {
  if (typeof value === 'string') {
    const bytes = utf8ToBytes(value);
    if (bytes.length > max) throw invalidInput(`"${name}" expected at most ${max} bytes`);
    return bytes;
  }
  return copy(assertBytesRange(value, name, 0, max));
}

/**
 * A private copy. Not `.slice()`: on a Node Buffer that returns a view, and wiping the view
 * would zero the caller's buffer.
 */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/**
 * Ephemeral secret: 256 CSPRNG bits. Known-answer tests fix it through the random backend
 * (src/backend/scripted-random.ts), never through a public option.
 */
function ephemeral(s: SrpSuite): bigint {
  // A zero exponent from the CSPRNG is a 2^-256 event; drawing again keeps A and B away from 1.
  for (;;) {
    const r = bytesToBigInt(s.deps.random.randomBytes(SECRET_BYTES));
    if (r !== 0n) return r;
  }
}

/**
 * Checks a received public value (A or B): 1 to |N| bytes, and 0 < value < N.
 * Values >= N are refused too, not only multiples of N: an honest peer always sends a reduced value.
 */
function publicValue(s: SrpSuite, value: unknown, name: 'A' | 'B'): bigint {
  if (!isBytes(value)) throw invalidInput(`"${name}" expected Uint8Array`);
  if (value.length === 0 || value.length > s.len) {
    throw new ZkvaultError('SRP_BAD_PUBLIC', `zkvault: SRP public value ${name} must be 1 to ${s.len} bytes`);
  }
  const n = bytesToBigInt(value);
  if (n % s.N === 0n) throw new ZkvaultError('SRP_BAD_PUBLIC', `zkvault: SRP public value ${name} is 0 mod N`);
  if (n >= s.N) throw new ZkvaultError('SRP_BAD_PUBLIC', `zkvault: SRP public value ${name} is not below N`);
  return n;
}

function badU(): ZkvaultError {
  return new ZkvaultError('SRP_BAD_U', 'zkvault: SRP scrambling parameter u is 0');
}

function stateError(message: string): ZkvaultError {
  return new ZkvaultError('SRP_STATE', `zkvault: SRP ${message}`);
}

/** @internal Backend-parameterised {@link createVerifier}. */
export async function createVerifierWith(
  deps: SrpDeps,
  params: SrpParams,
  identity: string | Uint8Array,
  password: string | Uint8Array,
  salt: Uint8Array,
): Promise<Uint8Array> {
  const s = resolveParams(deps, params);
  const I = textOrBytes(identity, 'identity', MAX_IDENTITY);
  const P = textOrBytes(password, 'password', MAX_PASSWORD);
  assertBytesRange(salt, 'salt', 1, MAX_SALT);
  try {
    return padBigInt(computeV(s, computeX(s, salt, I, P)), s.len);
  } finally {
    wipe(P);
  }
}

/** Client states, in order. */
type ClientStep = 'started' | 'responded' | 'verified' | 'dead';

/**
 * The client side of an SRP login. Flow: `start` with the user's salt (send A) → `respond(B)`
 * (send M1) → `verify(M2)`, which returns the session key. The same shape as the model's
 * `ClientLogin` and the Insomnia `InsomniaLoginClient` (docs/api-conventions.md, "Logins").
 *
 * @example
 * ```ts
 * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
 * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
 * const salt = crypto.getRandomValues(new Uint8Array(32));
 * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
 * const server = await SrpServer.start(params, 'alice', salt, verifier); // server side, for the demo
 * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
 * // send client.A; receive salt and B
 * const M1 = await client.respond(server.B);
 * // send M1; receive M2
 * const { M2 } = await server.verify(client.A, M1);
 * const { sessionKey } = await client.verify(M2); // equal to the server's sessionKey
 * ```
 */
export class SrpClient {
  /** The client's public value A = g^a % N, padded to the byte length of N. */
  readonly A: Uint8Array;
  readonly #s: SrpSuite;
  readonly #I: Uint8Array;
  readonly #P: Uint8Array;
  readonly #salt: Uint8Array;
  readonly #a: bigint;
  readonly #Anum: bigint;
  #step: ClientStep = 'started';
  #M2: Uint8Array | undefined;
  #K: Uint8Array | undefined;

  private constructor(s: SrpSuite, I: Uint8Array, P: Uint8Array, salt: Uint8Array, a: bigint) {
    this.#s = s;
    this.#I = I;
    this.#P = P;
    this.#salt = salt;
    this.#a = a;
    this.#Anum = computeA(s, a);
    this.A = padBigInt(this.#Anum, s.len);
  }

  /**
   * Starts a login: draws the secret a and computes A.
   * @param params - the SRP parameters (the server's).
   * @param identity - the user name I (strings are UTF-8 encoded as they are, not normalised).
   * @param password - the password P (strings: UTF-8, not normalised; pass bytes for exact control).
   * @param salt - the user's salt s, from the server (RFC 5054 sends it with B; 1 to 1024 bytes).
   * @returns the client; send `client.A` to the server.
   * @throws ZkvaultError `INVALID_INPUT` for bad parameters or salt; `WEAK_GROUP` for a group under 2048 bits without `allowWeakGroup`.
   * @example
   * ```ts
   * import { SrpClient, srpGroup } from 'zkvault/srp';
   * const salt = crypto.getRandomValues(new Uint8Array(32)); // in a real app: the server's stored salt
   * const client = await SrpClient.start({ group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' }, 'alice', 'correct horse battery staple', salt);
   * console.log(client.A.length); // 384: send it to the server
   * ```
   */
  static async start(params: SrpParams, identity: string | Uint8Array, password: string | Uint8Array, salt: Uint8Array): Promise<SrpClient> {
    const s = resolveParams(srpDeps(), params);
    const I = textOrBytes(identity, 'identity', MAX_IDENTITY);
    const sCopy = copy(assertBytesRange(salt, 'salt', 1, MAX_SALT));
    const P = textOrBytes(password, 'password', MAX_PASSWORD);
    return new SrpClient(s, I, P, sCopy, ephemeral(s));
  }

  /**
   * Takes the server's B, computes the session key and returns the proof M1.
   * @param B - the server's public value.
   * @returns M1, to send to the server.
   * @throws ZkvaultError `SRP_BAD_PUBLIC` if B is empty, longer than N, 0 mod N or not below N;
   *   `SRP_BAD_U` if u = 0; `SRP_STATE` if called twice or after a failure. Any failure ends the session.
   * @example
   * ```ts
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * const M1 = await client.respond(server.B); // send M1 to the server
   * ```
   */
  async respond(B: Uint8Array): Promise<Uint8Array> {
    if (this.#step !== 'started') throw stateError(this.#step === 'dead' ? 'session has failed' : 'respond called twice');
    this.#step = 'dead';
    try {
      const s = this.#s;
      const salt = this.#salt;
      const Bn = publicValue(s, B, 'B');
      const u = computeU(s, this.#Anum, Bn);
      if (u === 0n) throw badU();
      const x = computeX(s, salt, this.#I, this.#P);
      const S = clientS(s, Bn, x, this.#a, u);
      const K = computeK(s, S);
      const M1 = computeM1(s, { I: this.#I, salt, A: this.#Anum, B: Bn, S, K });
      this.#M2 = computeM2(s, this.#Anum, M1, K);
      this.#K = K;
      this.#step = 'responded';
      return copy(M1);
    } finally {
      wipe(this.#P);
    }
  }

  /**
   * Checks the server's proof M2; only then is the session key released.
   * @param M2 - the server's proof.
   * @returns nothing; resolves only if M2 is right.
   * @throws ZkvaultError `SRP_BAD_PROOF` if M2 is wrong (the server does not know the verifier);
   *   `SRP_STATE` if called before `respond`, twice, or after a failure.
   * @example
   * ```ts
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * const { M2 } = await server.verify(client.A, await client.respond(server.B));
   * await client.verify(M2); // rejects with SRP_BAD_PROOF unless the server holds the verifier
   * ```
   */
  async verify(M2: Uint8Array): Promise<SrpClientVerifyResult> {
    if (this.#step !== 'responded') {
      throw stateError(this.#step === 'started' ? 'verify called before respond' : 'session already verified or failed');
    }
    this.#step = 'dead';
    assertBytes(M2, 'M2');
    if (!equalBytes(this.#M2!, M2)) throw new ZkvaultError('SRP_BAD_PROOF', 'zkvault: SRP server proof M2 is wrong');
    this.#step = 'verified';
    return { sessionKey: copy(this.#K!) };
  }

  /**
   * The shared session key K (also returned by `verify`), once the server's proof has been verified.
   * @returns a copy of K (hash length; twice that for SHA_Interleave variants).
   * @throws ZkvaultError `SRP_STATE` before a successful {@link SrpClient.verify}.
   * @example
   * ```ts
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
   * const K = client.sessionKey; // 32 bytes, equal to server.sessionKey
   * ```
   */
  get sessionKey(): Uint8Array {
    if (this.#step !== 'verified') throw stateError('session key is only available after verify');
    return copy(this.#K!);
  }
}

/** Server states, in order. */
type ServerStep = 'started' | 'verified' | 'dead';

/**
 * The server side of an SRP login. Flow: `start` with the stored salt and verifier (send salt and
 * B) → `verify(A, M1)` (send M2) → `sessionKey`. Between the two round trips the state can be
 * moved to another instance with `toJSON` / `fromJSON`.
 *
 * @example
 * ```ts
 * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
 * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
 * const salt = crypto.getRandomValues(new Uint8Array(32));
 * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
 * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt); // client side, for the demo
 * const server = await SrpServer.start(params, 'alice', salt, verifier);
 * // send salt and server.B; receive A and M1
 * const M1 = await client.respond(server.B);
 * const { M2, sessionKey } = await server.verify(client.A, M1); // throws unless the client knows the password
 * // send M2; sessionKey is the shared key K
 * console.log(sessionKey.length); // 32
 * ```
 */
export class SrpServer {
  /** The server's public value B = (k*v + g^b) % N, padded to the byte length of N. */
  readonly B: Uint8Array;
  readonly #s: SrpSuite;
  readonly #I: Uint8Array;
  readonly #salt: Uint8Array;
  readonly #v: bigint;
  readonly #b: bigint;
  readonly #Bnum: bigint;
  #step: ServerStep = 'started';
  #K: Uint8Array | undefined;

  private constructor(s: SrpSuite, I: Uint8Array, salt: Uint8Array, v: bigint, b: bigint, B: bigint) {
    this.#s = s;
    this.#I = I;
    this.#salt = salt;
    this.#v = v;
    this.#b = b;
    this.#Bnum = B;
    this.B = padBigInt(B, s.len);
  }

  /**
   * Starts a login for a stored (identity, salt, verifier): draws b and computes B.
   * @param params - the SRP parameters the verifier was made with.
   * @param identity - the user name I, as given to {@link createVerifier}.
   * @param salt - the stored salt s (send it to the client with B).
   * @param verifier - the stored verifier v (1 to |N| bytes, 0 < v < N).
   * @returns the server; send `salt` and `server.B` to the client.
   * @throws ZkvaultError `INVALID_INPUT` for bad parameters, salt or verifier; `WEAK_GROUP` for a group under 2048 bits without `allowWeakGroup`.
   * @example
   * ```ts
   * import { createVerifier, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const record = { salt, verifier: await createVerifier(params, 'alice', 'correct horse battery staple', salt) };
   * const server = await SrpServer.start(params, 'alice', record.salt, record.verifier);
   * // send record.salt and server.B to the client
   * ```
   */
  static async start(
    params: SrpParams,
    identity: string | Uint8Array,
    salt: Uint8Array,
    verifier: Uint8Array,
  ): Promise<SrpServer> {
    const s = resolveParams(srpDeps(), params);
    const I = textOrBytes(identity, 'identity', MAX_IDENTITY);
    const sCopy = copy(assertBytesRange(salt, 'salt', 1, MAX_SALT));
    const v = bytesToBigInt(assertBytesRange(verifier, 'verifier', 1, s.len));
    if (v === 0n || v >= s.N) throw invalidInput('"verifier" expected a value in 1..N-1');
    const b = ephemeral(s);
    return new SrpServer(s, I, sCopy, v, b, computeB(s, v, b));
  }

  /**
   * Checks the client's A and proof M1 and, only if M1 is right, returns the server proof M2.
   * @param A - the client's public value.
   * @param M1 - the client's proof.
   * @returns M2, to send to the client, and the session key.
   * @throws ZkvaultError `SRP_BAD_PUBLIC` if A is empty, longer than N, 0 mod N or not below N;
   *   `SRP_BAD_U` if u = 0; `SRP_BAD_PROOF` if M1 is wrong (wrong password);
   *   `SRP_STATE` if called twice. One call per session, whatever its outcome.
   * @example
   * ```ts
   * import { ZkvaultError } from 'zkvault';
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'wrong password', salt);
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * const M1 = await client.respond(server.B);
   * try {
   *   const { M2 } = await server.verify(client.A, M1); // right password: send M2 to the client
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'SRP_BAD_PROOF') throw e;
   *   console.log('login refused'); // wrong password
   * }
   * ```
   */
  async verify(A: Uint8Array, M1: Uint8Array): Promise<SrpServerVerifyResult> {
    if (this.#step !== 'started') throw stateError('server session already used');
    this.#step = 'dead';
    const s = this.#s;
    const An = publicValue(s, A, 'A');
    assertBytes(M1, 'M1');
    const u = computeU(s, An, this.#Bnum);
    if (u === 0n) throw badU();
    const S = serverS(s, An, this.#v, u, this.#b);
    const K = computeK(s, S);
    const expected = computeM1(s, { I: this.#I, salt: this.#salt, A: An, B: this.#Bnum, S, K });
    if (!equalBytes(expected, M1)) throw new ZkvaultError('SRP_BAD_PROOF', 'zkvault: SRP client proof M1 is wrong');
    // M2 is computed only now, after M1 matched.
    const M2 = computeM2(s, An, expected, K);
    this.#K = K;
    this.#step = 'verified';
    return { M2, sessionKey: copy(K) };
  }


  /**
   * The shared session key K (also returned by `verify`), once the client's proof has been verified.
   * @returns a copy of K (hash length; twice that for SHA_Interleave variants).
   * @throws ZkvaultError `SRP_STATE` before a successful {@link SrpServer.verify}.
   * @example
   * ```ts
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * await server.verify(client.A, await client.respond(server.B));
   * const K = server.sessionKey; // 32 bytes, equal to client.sessionKey once the client verified M2
   * ```
   */
  get sessionKey(): Uint8Array {
    if (this.#step !== 'verified') throw stateError('session key is only available after verify');
    return copy(this.#K!);
  }

  /**
   * Serialises the state between `start` and `verify`, so another instance can finish the login.
   * The result holds the secret b: keep it server-side and delete it after use.
   * @returns the plain JSON state.
   * @throws ZkvaultError `SRP_STATE` after `verify` has been called.
   * @example
   * ```ts
   * import { createVerifier, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const store = new Map<string, string>(); // server-side session store
   * const server = await SrpServer.start(params, 'alice', salt, verifier);
   * store.set('session-1', JSON.stringify(server)); // calls toJSON
   * ```
   */
  toJSON(): SrpServerState {
    if (this.#step !== 'started') throw stateError('only a started session can be serialised');
    const s = this.#s;
    return {
      v: 1,
      group: s.group.bits,
      hash: s.hash,
      proof: s.proof,
      identity: toBase64url(this.#I),
      salt: toBase64url(this.#salt),
      verifier: toBase64url(padBigInt(this.#v, s.len)),
      b: toBase64url(padBigInt(this.#b, s.len)),
      B: toBase64url(this.B),
    };
  }

  /**
   * Restores a server from {@link SrpServer.toJSON} output, to finish the login with `verify`.
   * @param state - the stored state.
   * @param options - `params`: the SRP parameters; must be the ones the state was made with.
   * @returns the server, ready for {@link SrpServer.verify}.
   * @throws ZkvaultError `INVALID_RECORD` if the state is malformed, was made with other
   *   parameters, has b, B or v out of range (0, or N and above) or a B other than k*v + g^b mod N;
   *   `INVALID_INPUT` for bad parameters; `WEAK_GROUP` for a group under 2048 bits without `allowWeakGroup`.
   * @example
   * ```ts
   * import { createVerifier, SrpClient, SrpServer, srpGroup } from 'zkvault/srp';
   * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
   * const salt = crypto.getRandomValues(new Uint8Array(32));
   * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt); // stored at signup
   * const client = await SrpClient.start(params, 'alice', 'correct horse battery staple', salt);
   * const first = await SrpServer.start(params, 'alice', salt, verifier); // round trip 1, on one instance
   * const state = JSON.stringify(first);
   * const M1 = await client.respond(first.B);
   * const server = SrpServer.fromJSON(JSON.parse(state), { params }); // round trip 2, on another
   * const { M2 } = await server.verify(client.A, M1);
   * ```
   */
  static fromJSON(state: SrpServerState, options: SrpServerResumeOptions): SrpServer {
    const s = resolveParams(srpDeps(), aobject(options, 'options')['params'] as SrpParams);
    const bad = (why: string): ZkvaultError => new ZkvaultError('INVALID_RECORD', `zkvault: SRP server state ${why}`);
    if (!isPlainObject(state)) throw bad('is not an object');
    if (state.v !== 1) throw bad('has an unknown version');
    if (state.group !== s.group.bits || state.hash !== s.hash || state.proof !== s.proof) {
      throw bad('was made with other SRP parameters');
    }
    const field = (name: keyof SrpServerState, min: number, max: number): Uint8Array => {
      const text = state[name];
      if (typeof text !== 'string') throw bad(`has no "${name}"`);
      let bytes: Uint8Array;
      try {
        bytes = fromBase64url(text);
      } catch {
        throw bad(`has a malformed "${name}"`);
      }
      if (bytes.length < min || bytes.length > max) throw bad(`has a "${name}" of the wrong length`);
      return bytes;
    };
    const I = field('identity', 0, MAX_IDENTITY);
    const salt = field('salt', 1, MAX_SALT);
    const v = bytesToBigInt(field('verifier', s.len, s.len));
    const b = bytesToBigInt(field('b', s.len, s.len));
    const B = bytesToBigInt(field('B', s.len, s.len));
    if (v === 0n || v >= s.N || b === 0n || b >= s.N || B === 0n || B >= s.N) throw bad('has out-of-range values');
    // B must be the one b and v give: a state with a B of its own would make the server prove a
    // login against values it never drew.
    if (computeB(s, v, b) !== B) throw bad('has a B that b and v do not give');
    return new SrpServer(s, I, salt, v, b, B);
  }
}

/**
 * Creates the verifier v = g^x % N, x = H(s | H(I | ":" | P)) (RFC 5054 section 2.4), for the
 * server to store with the salt. The server never sees the password again.
 * @param params - the SRP parameters (group, hash; the proof variant does not change v).
 * @param identity - the user name I (strings are UTF-8 encoded as they are).
 * @param password - the password P (strings: UTF-8, not normalised).
 * @param salt - the salt s: 1 to 1024 bytes; use 16 or more random bytes (RFC 5054 section 2.4).
 * @returns v, left-padded to the byte length of N.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) for bad parameters or arguments; `WEAK_GROUP` for a group under 2048 bits without `allowWeakGroup`.
 * @example
 * ```ts
 * import { createVerifier, srpGroup } from 'zkvault/srp';
 * const params = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' } as const;
 * const salt = crypto.getRandomValues(new Uint8Array(32));
 * const verifier = await createVerifier(params, 'alice', 'correct horse battery staple', salt);
 * // store { identity: 'alice', salt, verifier } server-side
 * ```
 */
export function createVerifier(
  params: SrpParams,
  identity: string | Uint8Array,
  password: string | Uint8Array,
  salt: Uint8Array,
): Promise<Uint8Array> {
  return createVerifierWith(srpDeps(), params, identity, password, salt);
}

/** The platform's backends, or a test's (src/backend/backend-deps.ts). */
const srpDeps: () => SrpDeps = bindBackends<SrpDeps>({ hash, random, modpow });

/**
 * Optional warm-up of a group for fast exponentiation, once per process; nothing blocks the event
 * loop. On Node the 3072, 4096, 6144 and 8192-bit groups need it not: they use OpenSSL's built-in
 * MODP objects from the first handshake (made in about 0.1 ms), and this call only makes that object
 * now. For a 2048-bit group it builds OpenSSL's context in a worker thread (its one-time safe-prime
 * check takes about 0.25 s on an idle machine, off the main thread); handshakes until then, and
 * without this call, run in BigInt (a few ms each), and after it about 4x faster. Elsewhere it
 * precomputes the fixed-base table of g.
 * @param group - the group, from {@link srpGroup}.
 * @returns a promise that settles when the group is ready (awaiting it is optional: handshakes work
 *   meanwhile, in BigInt). It does not reject: if the context cannot be built, BigInt stays in use.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) if `group` is not an SrpGroup.
 * @example
 * ```ts
 * import { prepareSrpGroup, srpGroup } from 'zkvault/srp';
 * await prepareSrpGroup(srpGroup(2048)); // at server startup, if it serves 2048-bit accounts
 * ```
 */
export async function prepareSrpGroup(group: SrpGroup): Promise<void> {
  if (!isPlainObject(group) || typeof group['N'] !== 'bigint' || typeof group['g'] !== 'bigint') {
    throw invalidInput('"group" expected an SrpGroup from srpGroup()');
  }
  await srpDeps().modpow.prepare(group.N, group.g);
}

