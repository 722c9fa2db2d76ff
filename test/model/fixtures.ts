// Shared helpers for the model, keys and adversary suites. Low KDF cost for speed: TEST/DEMO ONLY.
import {
  createAccount,
  loginParams,
  ClientLogin,
  ServerLogin,
  unlockAccount,
  type AccountRecord,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { newUnlockedAccount } from '../../src/model/account-state.js';
import { modelDeps } from '../../src/model/deps.js';
import { UnlockedKey } from '../../src/keys/index.js';

/** Test-only PBKDF2 cost; the library default (and client floor) is 600,000. */
export const ITER = 1000;
/** 2048-bit SRP keeps tests fast; the default is 3072. */
export const FAST = { kdf: { iterations: ITER }, srp: { bits: 2048, hash: 'SHA-256' } } as const;

export async function signup(accountId: string, passphrase: string | Uint8Array = `pw of ${accountId}`, secretKey?: string | Uint8Array) {
  return createAccount({ accountId, passphrase, ...FAST, ...(secretKey === undefined ? {} : { secretKey }) });
}

/** A full login: params → A → B → M1 → M2, with the server state passed through JSON in between. */
export async function login(
  record: AccountRecord,
  passphrase: string | Uint8Array,
  opts: { secretKey?: string | Uint8Array; accountId?: string } = {},
): Promise<UnlockedAccount> {
  const client = await ClientLogin.start({
    accountId: opts.accountId ?? record.accountId,
    passphrase,
    params: JSON.parse(JSON.stringify(loginParams(record))),
    minIterations: ITER,
    ...(opts.secretKey === undefined ? {} : { secretKey: opts.secretKey }),
  });
  const server0 = await ServerLogin.start(record);
  const server = ServerLogin.fromJSON(JSON.parse(JSON.stringify(server0.toJSON())));
  const M1 = await client.respond(server.B);
  const { M2, sessionKey } = await server.verify(client.A, M1);
  const c = await client.verify(M2);
  if (Buffer.compare(Buffer.from(c.sessionKey), Buffer.from(sessionKey)) !== 0) throw new Error('session keys differ');
  return unlockAccount(JSON.parse(JSON.stringify(record)), client);
}

/** Round-trips a record through JSON, as a server would store and serve it. */
export function viaJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

export function member(a: UnlockedAccount) {
  return { accountId: a.accountId, publicKey: a.publicKey };
}

/**
 * An account without an X-Wing key pair (as made before issue 18; unlock always adds one), built from
 * fresh keys. `pinnedSignPublicKey` replaces the `PUB_Sign` it carries, so its signatures do not
 * verify under its own identity (an author the group log verifier refuses).
 */
export function accountWithoutXWing(accountId: string, pinnedSignPublicKey?: Uint8Array): UnlockedAccount {
  const d = modelDeps();
  const [sk, seed] = [d.random.randomBytes(32), d.random.randomBytes(32)];
  return newUnlockedAccount(
    { accountId, publicKey: d.x25519.publicKey(sk), signPublicKey: pinnedSignPublicKey ?? d.ed25519.publicKey(seed) },
    { symAccount: UnlockedKey.from('SYM_Account', d.random.randomBytes(32)), prvAccount: UnlockedKey.from('PRV_Account', sk), prvSign: UnlockedKey.from('PRV_Sign', seed), deps: d, secretKey: undefined },
    undefined,
  );
}
