// Migration of an app-made Insomnia account (its signup and sync replayed with @getinsomnia/srp-js)
// into zkv1 records; the migrated account then logs in and decrypts through the normal zkvault API.
import { beforeAll, describe, expect, it } from 'vitest';
import { insomniaPassphrase, migrateInsomniaAccount, unlockInsomniaAccount, type InsomniaMigration, type InsomniaMigrationDryRun } from '../../src/compat/insomnia/index.js';
import {
  decryptResource,
  generateSecretKeyString,
  loginParams,
  openLink,
  parseAccountRecord,
  ClientLogin,
  ServerLogin,
  unlockAccount,
  type ResourceRecord,
} from '../../src/model/index.js';
import { loadInsomniaPeer, peerCreateGroup, peerSignup, type InsomniaPeer, type PeerAccount, type PeerGroup } from './insomnia-peer.js';
import { errorCode, outcome } from '../helpers/errors.js';
import { oncePerKdfInput } from '../helpers/peer-once.js';
import { INSOMNIA_DEPS } from '../../src/compat/insomnia/account.js';
import { migrateInsomniaAccountWith } from '../../src/compat/insomnia/migrate.js';
import { INSOMNIA_BLOB_DEPS } from '../../src/compat/insomnia/vcs.js';

// Lower than the 600k default only where a test does not log in (the login test uses the default).
const FAST_KDF = { iterations: 1000 };


let peer: InsomniaPeer;
let alice: PeerAccount;
let bob: PeerAccount;
let team: PeerGroup;
let personal: PeerGroup;

beforeAll(async () => {
  peer = await loadInsomniaPeer();
  alice = await peerSignup(peer, 'alice@example.com', 'correct horse battery staple');
  bob = await peerSignup(peer, 'bob@example.com', 'hunter2 hunter2');
  team = await peerCreateGroup(peer, alice, 'Team', [
    { _id: 'req_1', type: 'Request', url: 'https://api.example.com/v1?q=%20x' },
    { _id: 'env_1', type: 'Environment', data: { token: 'päss 日本' } },
  ]);
  personal = await peerCreateGroup(peer, alice, 'Personal', [{ _id: 'wrk_9', type: 'Workspace', name: 'Scratch' }]);
});

// The refusal, dry-run-equals-real and option tests below migrate Alice's account ~12 times, each deriving her
// SEC_PWD_Enc (100,000 PBKDF2 iterations) from the same passphrase and salt; they are about what the
// migration refuses, reports or carries over, not about the KDF. They call the function that
// migrateInsomniaAccount calls, with its deps (INSOMNIA_DEPS, INSOMNIA_BLOB_DEPS) except that the
// platform's PBKDF2 runs once per input (test/helpers/peer-once.ts): the first derivation is real, a
// wrong passphrase is derived afresh. The login, dry-run report, malformed-option and whitespace
// tests call migrateInsomniaAccount itself and derive every key.
const ONCE_DEPS = { ...INSOMNIA_DEPS, ...INSOMNIA_BLOB_DEPS, kdf: oncePerKdfInput(INSOMNIA_DEPS.kdf) };
const migrateOnceKdf = ((options: Parameters<typeof migrateInsomniaAccountWith>[1]) => migrateInsomniaAccountWith(ONCE_DEPS, options)) as typeof migrateInsomniaAccount;

function inputs() {
  return {
    account: alice.payload,
    passphrase: alice.passphrase,
    tenantId: 'org_acme',
    resourceGroups: [team.group, personal.group],
    resources: [...team.resources, ...personal.resources],
  };
}

describe('migrateInsomniaAccount', () => {
  it('migrates, and the new account logs in and decrypts every resource through the zkvault API', async () => {
    const source = inputs();
    const before = structuredClone(source);
    const m = await migrateInsomniaAccount({ ...source, accountId: 'acct_alice', newPassphrase: 'a much longer new passphrase' });
    expect(source).toEqual(before); // nothing of the source is modified
    expect(m.dryRun).toBe(false);
    const record = parseAccountRecord(JSON.parse(JSON.stringify(m.record)));
    expect(record.kdf).toEqual({ alg: 'PBKDF2-SHA256', iterations: 600_000 });
    expect(record.srp).toEqual({ bits: 3072, hash: 'SHA-256' });
    expect(m.links).toHaveLength(2);
    expect(m.resources).toHaveLength(3);
    m.account.dispose();

    // A normal zkvault login with the new passphrase.
    const login = await ClientLogin.start({ accountId: 'acct_alice', passphrase: 'a much longer new passphrase', params: loginParams(record) });
    const server = await ServerLogin.start(record);
    const M1 = await login.respond(server.B);
    const { M2, sessionKey } = await server.verify(login.A, M1);
    expect((await login.verify(M2)).sessionKey).toEqual(sessionKey);
    const account = await unlockAccount(record, login);
    const docs = [...team.docs, ...personal.docs];
    const resources = [...team.resources, ...personal.resources];
    for (const link of m.links) {
      const group = await openLink(JSON.parse(JSON.stringify(link)), account, { accountId: 'acct_alice', publicKey: account.publicKey });
      for (const rec of m.resources.filter((r) => r.resourceGroupId === link.resourceGroupId)) {
        const i = resources.findIndex((r) => r.id === rec.resourceId);
        const text = new TextDecoder().decode(await decryptResource(rec as ResourceRecord, group, { expected: { resourceId: rec.resourceId } }));
        expect(JSON.parse(text)).toEqual(docs[i]);
        expect(rec.type).toBe('Request');
        expect(rec.tenantId).toBe('org_acme');
      }
      group.dispose();
    }
    account.dispose();

    // The old Insomnia account still works: migration reads, never writes.
    await expect(unlockInsomniaAccount(alice.payload, alice.passphrase)).resolves.toBeDefined();
  }, 60_000);

  it('a dry run decrypts everything and reports the changes without creating anything', async () => {
    const source = inputs();
    const before = structuredClone(source);
    const dry = await migrateInsomniaAccount({ ...source, dryRun: true, resources: [...source.resources, { id: 'res_orphan', resourceGroupId: 'rg_unknown', encContent: '{}' }] });
    expect(source).toEqual(before);
    expect(dry.dryRun).toBe(true);
    expect(Object.keys(dry)).toEqual(['dryRun', 'report']);
    const r = dry.report;
    expect(r.accountId).toBe('alice@example.com');
    expect(r.from.iterations).toBe(100_000);
    expect(r.from.keyPair).toBe('RSA-2048 OAEP-SHA256 (JWK)');
    expect(r.to.iterations).toBe(600_000);
    expect(r.to.keyPair).toBe('X25519');
    expect(r.resources).toBe(3);
    expect(r.resourceGroups).toEqual([
      { resourceGroupId: team.group.id, resources: 2 },
      { resourceGroupId: personal.group.id, resources: 1 },
    ]);
    expect(r.skippedResources).toEqual(['res_orphan']);
    expect(r.changes.some((c) => c.includes('100000 -> 600000'))).toBe(true);
    // The report is safe to log: it holds no key material.
    const text = JSON.stringify(r);
    expect(text).not.toContain(alice.privateKeyJwk.d!);
    expect(text).not.toContain((alice.symmetricKeyJwk as { k: string }).k);
  });

  it('fails before creating anything on a wrong passphrase, a tampered resource, a foreign link or a swapped key', async () => {
    const base = { ...inputs(), kdf: FAST_KDF };
    expect(await errorCode(migrateOnceKdf({ ...base, passphrase: 'wrong' }))).toBe('DECRYPT_FAILED');
    const r0 = base.resources[0]!;
    const msg = JSON.parse(r0.encContent) as Record<string, string>;
    const tampered = { ...r0, encContent: JSON.stringify({ ...msg, t: msg.t!.slice(0, 24) }) };
    expect(await errorCode(migrateOnceKdf({ ...base, resources: [tampered] }))).toBe('DECRYPT_FAILED');
    const foreign = { ...team.group, encSymmetricKey: peer.encryptRSAWithJWK(bob.publicKeyJwk, JSON.stringify(team.groupKeyJwk)) };
    expect(await errorCode(migrateOnceKdf({ ...base, resourceGroups: [foreign] }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(migrateOnceKdf({ ...base, account: { ...alice.payload, publicKey: bob.payload.publicKey } }))).toBe('VERIFY_FAILED');
    // A resource moved by the server into another group of the same account no longer decrypts.
    const moved = { ...personal.resources[0]!, resourceGroupId: team.group.id };
    expect(await errorCode(migrateOnceKdf({ ...base, resources: [moved] }))).toBe('DECRYPT_FAILED');
  });

  it('rejects malformed options and duplicate records', async () => {
    const base = { ...inputs(), kdf: FAST_KDF, dryRun: true as const };
    expect(await errorCode(migrateInsomniaAccount(null as never))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateInsomniaAccount({ ...base, tenantId: '' }))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateInsomniaAccount({ ...base, resources: 'x' as never }))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateInsomniaAccount({ ...base, dryRun: 'yes' as never }))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateInsomniaAccount({ ...base, resourceGroups: [team.group, team.group] }))).toBe('INVALID_RECORD');
    expect(await errorCode(migrateInsomniaAccount({ ...base, resources: [team.resources[0]!, team.resources[0]!] }))).toBe('INVALID_RECORD');
    expect(await errorCode(migrateInsomniaAccount({ ...base, resourceGroups: [{ encSymmetricKey: 'x' } as never] }))).toBe('INVALID_RECORD');
  });

  it('a dry run reports exactly what the real run does with the same secretKey: the same refusal, or the same record', async () => {
    const base = { ...inputs(), kdf: FAST_KDF, srp: { bits: 2048 as const }, resourceGroups: [], resources: [] };
    const cases: unknown[] = [undefined, null, '', 'ZK1-not-a-key', 5, new Uint8Array(15), new Uint8Array(16).fill(7), generateSecretKeyString()];
    for (const secretKey of cases) {
      const options = { ...base, ...(secretKey === undefined ? {} : { secretKey: secretKey as never }) };
      let dry: InsomniaMigrationDryRun | undefined;
      let real: InsomniaMigration | undefined;
      const dryOutcome = await outcome(async () => (dry = await migrateOnceKdf({ ...options, dryRun: true })));
      const realOutcome = await outcome(async () => (real = await migrateOnceKdf(options)));
      expect(dryOutcome, `secretKey = ${String(secretKey)}`).toBe(realOutcome);
      if (real === undefined) continue;
      expect(dry!.report.to.secretKey).toBe(real.record.secretKey);
      expect(dry!.report).toEqual(real.report);
      real.account.dispose();
    }
  });

  it('carries options into the new record: iterations, SRP group, secret key', async () => {
    const m = await migrateOnceKdf({ ...inputs(), kdf: FAST_KDF, srp: { bits: 2048 }, secretKey: new Uint8Array(16).fill(5), resourceGroups: [], resources: [] });
    expect(m.record.kdf.iterations).toBe(1000);
    expect(m.record.srp.bits).toBe(2048);
    expect(m.record.secretKey).toBe(true);
    expect(m.links).toEqual([]);
    expect(m.report.changes.length).toBeGreaterThan(3);
    m.account.dispose();
  });
  it('whitespace: the passphrase the user types logs in after migration, as the app ignored the padding', async () => {
    // The app signs up with trim().normalize('NFKD'): the padded and the plain passphrase open the same account.
    const padded = '  pässwörd-日本 ';
    const plain = 'pässwörd-日本';
    const carol = await peerSignup(peer, 'carol@example.com', padded);
    await expect(unlockInsomniaAccount(carol.payload, plain)).resolves.toBeDefined();
    for (const typedAtMigration of [padded, plain]) {
      const m = await migrateInsomniaAccount({ account: carol.payload, passphrase: typedAtMigration, tenantId: 'org_acme', kdf: FAST_KDF, srp: { bits: 2048 } });
      const record = parseAccountRecord(JSON.parse(JSON.stringify(m.record)));
      m.account.dispose();
      // What the user types at login: the plain passphrase, composed (NFC) or decomposed (NFKD).
      for (const typed of [plain, plain.normalize('NFC'), plain.normalize('NFKD')]) {
        const login = await ClientLogin.start({ accountId: 'carol@example.com', passphrase: typed, params: loginParams(record), minIterations: FAST_KDF.iterations });
        const server = await ServerLogin.start(record);
        const { M2 } = await server.verify(login.A, await login.respond(server.B));
        await login.verify(M2);
        (await unlockAccount(record, login)).dispose();
      }
      // The padded form is not the new passphrase: zkvault does not trim, so apps pass typed input through insomniaPassphrase.
      const login = await ClientLogin.start({ accountId: 'carol@example.com', passphrase: padded, params: loginParams(record), minIterations: FAST_KDF.iterations });
      const server = await ServerLogin.start(record);
      expect(await errorCode(server.verify(login.A, await login.respond(server.B)))).toBe('SRP_BAD_PROOF');
      const normalised = await ClientLogin.start({ accountId: 'carol@example.com', passphrase: insomniaPassphrase(padded), params: loginParams(record), minIterations: FAST_KDF.iterations });
      const server2 = await ServerLogin.start(record);
      await normalised.verify((await server2.verify(normalised.A, await normalised.respond(server2.B))).M2);
    }
  }, 60_000);
});
