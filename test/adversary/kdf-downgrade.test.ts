// Malicious server vs. every passphrase path (issue 10, finding 1): for every record field that
// affects key derivation, a tampered value is refused with a typed code BEFORE any key is derived.
// "Before any key is derived" is proven by a counting KDF (and AEAD) backend injected through the
// model deps seam: the counters stay at zero.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { kdf as nodeKdf } from '../../src/backend/node/kdf.js';
import type { AeadBackend, KdfBackend } from '../../src/backend/types.js';
import { migrateInsomniaAccountWith } from '../../src/compat/insomnia/migrate.js';
import { INSOMNIA_DEPS } from '../../src/compat/insomnia/account.js';
import { INSOMNIA_BLOB_DEPS } from '../../src/compat/insomnia/vcs.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import {
  changePassphrase,
  createAccount,
  DEFAULT_PASSPHRASE_POLICY,
  generateSecretKeyString,
  loginParams,
  resetAccount,
  ClientLogin,
  ServerLogin,
  unlockAccount,
  type AccountRecord,
  type LoginParams,
  type PassphrasePolicy,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { errorCode } from '../helpers/errors.js';
import { viaJson } from '../model/fixtures.js';

const count = { pbkdf2: 0, hkdf: 0, aeadKeys: 0 };
const countingKdf: KdfBackend = {
  ...nodeKdf,
  pbkdf2: (...a) => {
    count.pbkdf2++;
    return nodeKdf.pbkdf2(...a);
  },
  hkdf: (...a) => {
    count.hkdf++;
    return nodeKdf.hkdf(...a);
  },
};
const countingAead: AeadBackend = {
  ...nodeAead,
  aesGcmKey: (k) => {
    count.aeadKeys++;
    return nodeAead.aesGcmKey(k);
  },
};
const derived = () => count.pbkdf2 + count.hkdf;

/** The test client's policy: the default one, with the floor lowered so tests stay fast. */
const POLICY: PassphrasePolicy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 };
/** The account's own parameters: above the policy's floor, so "lower than the account" and "lower than the policy" differ. */
const ITERATIONS = 2000;
const PW = 'jane passphrase';

let record: AccountRecord;
let jane: UnlockedAccount;
let skRecord: AccountRecord;
const SK = generateSecretKeyString();

beforeAll(async () => {
  setBackends({ kdf: countingKdf, aead: countingAead });
  ({ record, account: jane } = await createAccount({ accountId: 'jane', passphrase: PW, kdf: { iterations: ITERATIONS }, srp: { bits: 3072 }, policy: POLICY }));
  ({ record: skRecord } = await createAccount({ accountId: 'jane', passphrase: PW, secretKey: SK, kdf: { iterations: ITERATIONS }, srp: { bits: 3072 }, policy: POLICY }));
});
afterAll(() => setBackends(undefined));
beforeEach(() => {
  count.pbkdf2 = 0;
  count.hkdf = 0;
  count.aeadKeys = 0;
});

const other = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
const short = (s: string | undefined) => Buffer.from(s ?? '', 'base64url').subarray(1).toString('base64url');

/**
 * Every tampering of a derivation-relevant field, with the code each path must give. `unlock` is
 * INVALID_RECORD throughout: the login already fixed the parameters, so any difference is a
 * mismatch; the others name the downgrade.
 */
function tamperings(r: AccountRecord): { name: string; patch: Record<string, unknown>; login: string; change: string }[] {
  return [
    { name: 'kdf.iterations = 1 (the review attack)', patch: { kdf: { alg: 'PBKDF2-SHA256', iterations: 1 } }, login: 'KDF_DOWNGRADE', change: 'KDF_DOWNGRADE' },
    { name: 'kdf.iterations below the account, above the floor', patch: { kdf: { alg: 'PBKDF2-SHA256', iterations: ITERATIONS - 1 } }, login: 'OK', change: 'KDF_DOWNGRADE' },
    { name: 'kdf.iterations above the ceiling (client DoS)', patch: { kdf: { alg: 'PBKDF2-SHA256', iterations: 2 ** 32 - 1 } }, login: 'INVALID_RECORD', change: 'INVALID_RECORD' },
    { name: 'kdf.iterations raised', patch: { kdf: { alg: 'PBKDF2-SHA256', iterations: ITERATIONS + 1 } }, login: 'OK', change: 'INVALID_RECORD' },
    { name: 'kdf.alg = PBKDF2-SHA1', patch: { kdf: { alg: 'PBKDF2-SHA1', iterations: ITERATIONS } }, login: 'INVALID_RECORD', change: 'INVALID_RECORD' },
    { name: 'srp.bits = 2048 (account has 3072)', patch: { srp: { bits: 2048, hash: 'SHA-256' } }, login: 'OK', change: 'WEAK_GROUP' },
    { name: 'srp.bits = 1024', patch: { srp: { bits: 1024, hash: 'SHA-256' } }, login: 'WEAK_GROUP', change: 'WEAK_GROUP' },
    { name: 'srp.bits = 1536', patch: { srp: { bits: 1536, hash: 'SHA-256' } }, login: 'WEAK_GROUP', change: 'WEAK_GROUP' },
    { name: 'srp.bits = 4096', patch: { srp: { bits: 4096, hash: 'SHA-256' } }, login: 'OK', change: 'INVALID_RECORD' },
    { name: 'srp.hash = SHA-1', patch: { srp: { bits: 3072, hash: 'SHA-1' } }, login: 'INVALID_RECORD', change: 'INVALID_RECORD' },
    { name: 'srp.hash = SHA-512', patch: { srp: { bits: 3072, hash: 'SHA-512' } }, login: 'OK', change: 'INVALID_RECORD' },
    ...(['SLT_Auth_1', 'SLT_Auth_2', 'SLT_Enc'] as const).flatMap((f) => [
      { name: `${f} replaced`, patch: { [f]: other() }, login: 'OK', change: 'INVALID_RECORD' },
      { name: `${f} truncated`, patch: { [f]: short(r[f]) }, login: 'INVALID_RECORD', change: 'INVALID_RECORD' },
    ]),
    { name: 'SLT_Auth_1 = SLT_Auth_2', patch: { SLT_Auth_2: r.SLT_Auth_1 }, login: 'KDF_DOWNGRADE', change: 'KDF_DOWNGRADE' },
    { name: 'SLT_Auth_1 = SLT_Enc', patch: { SLT_Enc: r.SLT_Auth_1 }, login: 'KDF_DOWNGRADE', change: 'KDF_DOWNGRADE' },
    { name: 'SLT_Auth_2 = SLT_Enc', patch: { SLT_Enc: r.SLT_Auth_2 }, login: 'KDF_DOWNGRADE', change: 'KDF_DOWNGRADE' },
    { name: 'secretKey flag set on an account without one', patch: { secretKey: true }, login: 'INVALID_INPUT', change: 'INVALID_RECORD' },
  ];
}

describe('changePassphrase: a tampered record is refused before any key is derived', () => {
  it.each(tamperings({} as AccountRecord).map((t) => t.name))('%s', async (name) => {
    const t = tamperings(record).find((x) => x.name === name)!;
    const served = { ...viaJson(record), ...t.patch } as AccountRecord;
    expect(await errorCode(changePassphrase(served, jane, { newPassphrase: 'new passphrase' }))).toBe(t.change);
    expect(derived()).toBe(0);
  });

  it('the review attack end to end: the server serves iterations: 1 and never receives a weak record', async () => {
    const served = { ...viaJson(record), kdf: { alg: 'PBKDF2-SHA256', iterations: 1 } } as AccountRecord;
    const uploaded = await changePassphrase(served, jane, { newPassphrase: 'new passphrase' }).catch(() => undefined);
    expect(uploaded).toBeUndefined();
  });

  it('secret key flag switched off on a secret-key account → INVALID_RECORD, nothing derived', async () => {
    const { account, record: r } = await createAccount({ accountId: 'jane', passphrase: PW, secretKey: SK, kdf: { iterations: ITERATIONS }, srp: { bits: 3072 }, policy: POLICY });
    count.pbkdf2 = 0;
    count.hkdf = 0;
    expect(await errorCode(changePassphrase({ ...viaJson(r), secretKey: false }, account, { newPassphrase: 'x' }))).toBe('INVALID_RECORD');
    expect(derived()).toBe(0);
  });
});

describe('changePassphrase: the new parameters never weaken the account', () => {
  let a: UnlockedAccount;
  let r: AccountRecord;
  beforeEach(async () => {
    ({ account: a, record: r } = await createAccount({ accountId: 'jane', passphrase: PW, kdf: { iterations: ITERATIONS }, srp: { bits: 3072 }, policy: POLICY }));
    count.pbkdf2 = 0;
    count.hkdf = 0;
  });

  it('fewer iterations or a smaller group than the account → KDF_DOWNGRADE / WEAK_GROUP, nothing derived', async () => {
    expect(await errorCode(changePassphrase(r, a, { newPassphrase: 'n', kdf: { iterations: ITERATIONS - 1 } }))).toBe('KDF_DOWNGRADE');
    expect(await errorCode(changePassphrase(r, a, { newPassphrase: 'n', srp: { bits: 2048 } }))).toBe('WEAK_GROUP');
    expect(derived()).toBe(0);
  });

  it('allowWeaken: true permits it, within the policy only', async () => {
    expect(await errorCode(changePassphrase(r, a, { newPassphrase: 'n', kdf: { iterations: 999 }, allowWeaken: true }))).toBe('KDF_DOWNGRADE');
    expect(derived()).toBe(0);
    const weaker = await changePassphrase(r, a, { newPassphrase: 'n', kdf: { iterations: 1000 }, srp: { bits: 2048 }, allowWeaken: true });
    expect(weaker.kdf.iterations).toBe(1000);
    expect(weaker.srp.bits).toBe(2048);
  });

  it('defaults to the account parameters, and stronger ones are accepted', async () => {
    const same = await changePassphrase(r, a, { newPassphrase: 'n' });
    expect(same.kdf.iterations).toBe(ITERATIONS);
    expect(same.srp).toEqual({ bits: 3072, hash: 'SHA-256' });
    const stronger = await changePassphrase(same, a, { newPassphrase: 'm', kdf: { iterations: ITERATIONS * 2 }, srp: { bits: 4096, hash: 'SHA-512' } });
    expect(stronger.kdf.iterations).toBe(ITERATIONS * 2);
    expect(stronger.srp).toEqual({ bits: 4096, hash: 'SHA-512' });
    // The stale record is now a mismatch: the account follows the record it made.
    expect(await errorCode(changePassphrase(same, a, { newPassphrase: 'o' }))).toBe('KDF_DOWNGRADE');
  });

  it('the default client policy (600,000) refuses a test-strength account record', async () => {
    expect(await errorCode(changePassphrase(r, a, { newPassphrase: 'n', policy: DEFAULT_PASSPHRASE_POLICY }))).toBe('KDF_DOWNGRADE');
    expect(derived()).toBe(0);
  });
});

describe('ClientLogin.start: tampered parameters are refused before any key is derived', () => {
  const start = (p: LoginParams, extra: Record<string, unknown> = {}) => ClientLogin.start({ accountId: 'jane', passphrase: PW, params: p, policy: POLICY, ...extra });

  it.each(tamperings({} as AccountRecord).map((t) => t.name))('%s', async (name) => {
    const t = tamperings(record).find((x) => x.name === name)!;
    const p = { ...viaJson(loginParams(record)), ...t.patch } as LoginParams;
    if (t.login === 'OK') {
      // A consistent value the client cannot tell from the real one: the login itself fails later (SRP proof).
      (await start(p)).dispose();
      return;
    }
    expect(await errorCode(start(p))).toBe(t.login);
    expect(derived()).toBe(0);
  });

  it('secret key flag switched off on a secret-key account → KDF_DOWNGRADE, nothing derived', async () => {
    const p = { ...viaJson(loginParams(skRecord)), secretKey: false } as LoginParams;
    expect(await errorCode(start(p, { secretKey: SK }))).toBe('KDF_DOWNGRADE');
    expect(derived()).toBe(0);
  });

  it('a stricter policy is honoured: group under minSrpBits, hash outside srpHashes → WEAK_GROUP', async () => {
    const p = viaJson(loginParams(record));
    expect(await errorCode(start(p, { policy: { ...POLICY, minSrpBits: 4096 } }))).toBe('WEAK_GROUP');
    expect(await errorCode(start(p, { policy: { ...POLICY, srpHashes: ['SHA-512'] } }))).toBe('WEAK_GROUP');
    expect(await errorCode(start(p, { policy: { ...POLICY, minIterations: ITERATIONS + 1 } }))).toBe('KDF_DOWNGRADE');
    expect(await errorCode(start(p, { policy: { ...POLICY, maxIterations: ITERATIONS - 1 } }))).toBe('INVALID_RECORD');
    expect(derived()).toBe(0);
  });
});

describe('unlockAccount: a record other than the verified login parameters is refused before any key is used', () => {
  it.each(tamperings({} as AccountRecord).map((t) => t.name))('%s', async (name) => {
    const t = tamperings(record).find((x) => x.name === name)!;
    const client = await ClientLogin.start({ accountId: 'jane', passphrase: PW, params: viaJson(loginParams(record)), policy: POLICY });
    const server = await ServerLogin.start(record);
    await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
    count.pbkdf2 = 0;
    count.hkdf = 0;
    count.aeadKeys = 0;
    const code = await errorCode(unlockAccount({ ...viaJson(record), ...t.patch } as AccountRecord, client));
    expect(['INVALID_RECORD', 'KDF_DOWNGRADE', 'WEAK_GROUP']).toContain(code);
    expect(derived() + count.aeadKeys).toBe(0);
  });
});

describe('createAccount / resetAccount: parameters outside the policy are refused before any key is derived', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['iterations under the policy floor', { kdf: { iterations: 999 }, policy: POLICY }, 'KDF_DOWNGRADE'],
    ['iterations under the default floor, with the default policy named', { kdf: { iterations: 1000 }, policy: DEFAULT_PASSPHRASE_POLICY }, 'KDF_DOWNGRADE'],
    ['iterations above the ceiling', { kdf: { iterations: 10_000_001 } }, 'INVALID_RECORD'],
    ['a 1024-bit group', { srp: { bits: 1024 } }, 'WEAK_GROUP'],
    ['a group under the policy', { srp: { bits: 2048 }, policy: { ...POLICY, minSrpBits: 3072 } }, 'WEAK_GROUP'],
    ['a hash outside the policy', { srp: { bits: 2048, hash: 'SHA-256' }, policy: { ...POLICY, srpHashes: ['SHA-512'] } }, 'WEAK_GROUP'],
  ];
  it.each(cases)('%s', async (_n, o, code) => {
    for (const f of [createAccount, resetAccount]) {
      expect(await errorCode(f({ accountId: 'jane', passphrase: PW, kdf: { iterations: 1000 }, ...o } as never))).toBe(code);
    }
    expect(derived()).toBe(0);
  });
});

describe('Insomnia migration: the new parameters pass the policy before the old passphrase is derived', () => {
  it.each([
    ['a 1024-bit group', { srp: { bits: 1024 } }, 'WEAK_GROUP'],
    ['iterations above the ceiling', { kdf: { iterations: 2 ** 31 } }, 'INVALID_RECORD'],
  ] as const)('%s', async (_n, o, code) => {
    let insomniaDerivations = 0;
    const kdf: KdfBackend = {
      ...INSOMNIA_DEPS.kdf,
      pbkdf2: (...a) => {
        insomniaDerivations++;
        return INSOMNIA_DEPS.kdf.pbkdf2(...a);
      },
      hkdf: (...a) => {
        insomniaDerivations++;
        return INSOMNIA_DEPS.kdf.hkdf(...a);
      },
    };
    const account = { email: 'a@example.com', saltEnc: '00', encSymmetricKey: '{}', encPrivateKey: '{}', publicKey: '{}' };
    const p = migrateInsomniaAccountWith({ ...INSOMNIA_BLOB_DEPS, ...INSOMNIA_DEPS, kdf }, { account: account as never, passphrase: 'pw', tenantId: 't', ...(o as object) });
    expect(await errorCode(p)).toBe(code);
    expect(insomniaDerivations + derived()).toBe(0);
  });
});
