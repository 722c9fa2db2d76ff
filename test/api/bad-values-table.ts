// The table of the bad-values matrix (issue 11): one row per argument of every public function of
// every entry point, each a small lambda with valid values in every other argument. When a
// signature changes, its rows' `call`s change and nothing else. Fixtures are made once, on the
// default (node) backend; the matrix runs every row on both backends.
import * as root from '../../src/index.js';
import * as envelope from '../../src/envelope/index.js';
import * as kdf from '../../src/kdf/index.js';
import * as srp from '../../src/srp/index.js';
import * as hpke from '../../src/hpke/index.js';
import * as insomnia from '../../src/compat/insomnia/index.js';
import * as vault from '../../src/vault/index.js';
import { loadVectors } from '../helpers/vectors.js';
import {
  ARRAY,
  BOOLEAN,
  bytes,
  bytesRange,
  FIELDS,
  FUNCTION,
  INSTANCE,
  int,
  NONEMPTY_STRING,
  NONEMPTY_TEXT,
  OBJECT,
  RECORD,
  STRING,
  TEXT,
  type Row,
} from '../helpers/bad-values.js';
import { FAST, ITER, signup } from '../model/fixtures.js';

/** The entry points of package.json "exports", by export key. */
export const ENTRY_POINTS: Readonly<Record<string, Record<string, unknown>>> = {
  '.': root,
  './envelope': envelope,
  './kdf': kdf,
  './srp': srp,
  './hpke': hpke,
  './compat/insomnia': insomnia,
  './vault': vault,
};

/** Exported functions that take no argument: nothing to put a bad value in. */
export const NO_ARGUMENTS: ReadonlySet<string> = new Set([
  '.#backendInfo',
  '.#generateSecretKey',
  '.#generateSecretKeyString',
  './hpke#generateKeyPair',
  './hpke#generateXWingKeyPair',
  './vault#createMemoryStore',
]);

interface VcsVectors {
  accounts: { accountId: string; passphraseTyped: string; payload: Record<string, string>; handoff: { sessionId: string; key: string }; privateKeyJwk: object }[];
  projects: { teamKeys: { accountId: string; encSymmetricKey: string }[]; blobs: { id: string; content: string }[] }[];
}

/** Builds the fixtures, then the rows. */
export async function buildTable(): Promise<Row[]> {
  const te = new TextEncoder();
  const pt = te.encode('hello');
  const key = crypto.getRandomValues(new Uint8Array(32));
  const env = await envelope.seal(pt, key);
  const envText = await envelope.sealString(pt, key);
  const salt = crypto.getRandomValues(new Uint8Array(16));

  // SRP
  const P: srp.SrpParams = { group: srp.srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };
  const verifier = await srp.createVerifier(P, 'alice', 'pw', salt);
  const srpState = (await srp.SrpServer.start(P, 'alice', salt, verifier)).toJSON();

  // HPKE
  const kp = hpke.generateKeyPair();
  const sealed = await hpke.seal(pt, kp.publicKey);
  const xkp = hpke.generateXWingKeyPair();
  const xsealed = await hpke.sealXWing(pt, xkp.publicKey);

  // Model
  const jane = await signup('jane');
  const bob = await signup('bob');
  const ja = jane.account;
  const ids = { tenantId: 't1', resourceGroupId: 'g1' };
  const { group, link } = await root.createResourceGroup(ids, ja);
  const bobLink = await root.shareResourceGroup(group, ja, { accountId: bob.account.accountId, publicKey: bob.account.publicKey });
  const bobLinkV2 = await root.shareResourceGroupV2(group, ja, bob.account.identity as root.PqMember);
  const janeMember = { accountId: ja.accountId, publicKey: ja.publicKey, signPublicKey: ja.signPublicKey };
  const meta = { resourceId: 'r1', type: 'note' };
  const resource = await root.encryptResource({ ...meta, plaintext: pt }, group);
  const streamRecord = root.encryptResourceStream(meta, group).record;
  const params = root.loginParams(jane.record);
  const loginOptions = { accountId: 'jane', passphrase: 'pw of jane', params, minIterations: ITER };
  const client = await root.ClientLogin.start(loginOptions);
  const server = await root.ServerLogin.start(jane.record);
  const { M2 } = await server.verify(client.A, await client.respond(server.B));
  await client.verify(M2);
  const serverState = JSON.parse(JSON.stringify((await root.ServerLogin.start(jane.record)).toJSON())) as root.ServerLoginState;
  const log = await root.createGroupLog(ids, ja, { now: Date.now() });
  const state = log.state;
  const checkpoint = state.checkpoint;
  const logGroup = log.group;
  const addArgs = { group: logGroup, member: bob.account.identity, role: 'reader' as const };

  // Insomnia
  const vcs = loadVectors<VcsVectors>('insomnia-vcs.json');
  const ia = vcs.accounts[0]!;
  const payload = insomnia.parseInsomniaAccount(ia.payload);
  const unlocked = await insomnia.unlockInsomniaAccount(payload, ia.passphraseTyped);
  const teamKey = vcs.projects[0]!.teamKeys.find((k) => k.accountId === ia.accountId)!;
  const projectKey = await insomnia.unwrapInsomniaGroupKey(teamKey.encSymmetricKey, unlocked.privateKey);
  const blob = vcs.projects[0]!.blobs[0]!;
  const aesKey = crypto.getRandomValues(new Uint8Array(32));
  const aesMsg = await insomnia.encryptInsomnia('hello', aesKey);
  const publicJwk = JSON.parse(ia.payload['publicKey']!) as object;
  const rsaBlob = await insomnia.encryptInsomniaRsa('hello', publicJwk);
  const wrapped = await insomnia.wrapInsomniaGroupKey(aesKey, publicJwk);
  const igroup = { id: 'g1', encSymmetricKey: wrapped };
  const iresource = { id: 'r1', resourceGroupId: 'g1', encContent: JSON.stringify(aesMsg) };
  const saltKey = ia.payload['saltKey']!;
  const saltAuth = ia.payload['saltAuth']!;
  const srpRecord = { email: payload.email, saltKey, saltAuth, verifier: ia.payload['verifier']! };
  const loginS = insomnia.insomniaLoginS(srpRecord);
  const iclient = await insomnia.InsomniaLoginClient.start(payload.email, ia.passphraseTyped, loginS);
  const loginA = await insomnia.insomniaLoginA(iclient.loginARequest, srpRecord);
  const m1 = await iclient.respond(loginA.response);
  const { publicKey: _pk, saltKey: _sk, saltAuth: _sa, saltEnc: _se, verifier: _v, ...whoami } = ia.payload;
  const whoamiFull = { ...whoami, publicKey: ia.payload['publicKey']! };
  const migrateOptions = { account: payload, passphrase: ia.passphraseTyped, tenantId: 't1', dryRun: true as const };

  // Vault
  const store = vault.createMemoryStore();
  const unlock = { account: ja };
  const theVault = await vault.openVault(vault.createMemoryStore(), unlock, { create: true });

  // Instances whose methods are rows. Login steps change state before they check (a failed step
  // ends the session), so those rows start a fresh session per call.
  const ekey = await envelope.envelopeKey(key);
  const sender = await hpke.setupSender(kp.publicKey);
  const recipientCtx = await hpke.setupRecipient(sender.enc, kp.privateKey);
  const keyring = new root.ResourceGroupKeyring();
  const srpServerB = (await srp.SrpServer.start(P, 'alice', salt, verifier)).B;
  const srpClient = (): Promise<srp.SrpClient> => srp.SrpClient.start(P, 'alice', 'pw', salt);
  const respondedSrpClient = async (): Promise<srp.SrpClient> => {
    const c = await srpClient();
    await c.respond(srpServerB);
    return c;
  };
  const srpServer = (): Promise<srp.SrpServer> => srp.SrpServer.start(P, 'alice', salt, verifier);
  const srpA = (await srpClient()).A;
  const loginServer = (): Promise<root.ServerLogin> => root.ServerLogin.start(jane.record);
  const loginServerB = (await loginServer()).B;
  const respondedClient = async (): Promise<root.ClientLogin> => {
    const c = await root.ClientLogin.start(loginOptions);
    await c.respond(loginServerB);
    return c;
  };
  const iclient2 = await insomnia.InsomniaLoginClient.start(payload.email, ia.passphraseTyped, loginS);

  const E = '.';
  const r = (entry: string, fn: string, arg: string, kind: Row['kind'], call: Row['call'], extra: Partial<Row> = {}): Row => ({ entry, fn, arg, kind, call, ...extra });
  const valid = (v: unknown): Partial<Row> => ({ valid: () => v });
  // open and openXWing take the same arguments: what seal (sealXWing) returned, the private key, { info, aad, aead }.
  const openRows = (fn: 'open' | 'openXWing', msg: hpke.HpkeSealResult, sk: Uint8Array): Row[] => {
    const open = hpke[fn];
    return [
      // A plain object, `{}` included, must have both fields.
      r('./hpke', fn, 'sealed', FIELDS, (v) => open(v as never, sk)),
      // A malformed enc or ciphertext is a message that does not open: DECRYPT_FAILED (documented), so any length is accepted here.
      r('./hpke', fn, 'sealed.enc', bytes(), (v) => open({ enc: v as never, ciphertext: msg.ciphertext }, sk), valid(msg.enc)),
      r('./hpke', fn, 'sealed.ciphertext', bytes(), (v) => open({ enc: msg.enc, ciphertext: v as never }, sk), valid(msg.ciphertext)),
      r('./hpke', fn, 'recipientPrivateKey', bytes(32), (v) => open(msg, v as never), valid(sk)),
      r('./hpke', fn, 'options', OBJECT, (v) => open(msg, sk, v as never), { optional: true }),
      r('./hpke', fn, 'options.info', bytes(), (v) => open(msg, sk, { info: v as never }), { optional: true }),
      r('./hpke', fn, 'options.aad', bytes(), (v) => open(msg, sk, { aad: v as never }), { optional: true }),
      r('./hpke', fn, 'options.aead', NONEMPTY_STRING, (v) => open(msg, sk, { aead: v as never }), { optional: true }),
    ];
  };
  return [
    // ---- zkvault (root) ----
    r(E, 'requireNativeCrypto', 'options', OBJECT, (v) => root.requireNativeCrypto(v as never), { optional: true }),
    r(E, 'changePassphrase', 'account', INSTANCE, (v) => root.changePassphrase(jane.record, v as never, { newPassphrase: 'x' })),
    r(E, 'changePassphrase', 'record', RECORD, (v) => root.changePassphrase(v as never, ja, { newPassphrase: 'x' }), { code: 'INVALID_RECORD' }),
    r(E, 'changePassphrase', 'options', OBJECT, (v) => root.changePassphrase(jane.record, ja, v as never)),
    r(E, 'changePassphrase', 'options.newPassphrase', NONEMPTY_TEXT, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: v as never })),
    r(E, 'changePassphrase', 'options.kdf', OBJECT, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', kdf: v as never }), { optional: true }),
    r(E, 'changePassphrase', 'options.kdf.iterations', int(1, 2 ** 32 - 1), (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', kdf: { iterations: v as never } })),
    r(E, 'changePassphrase', 'options.srp', OBJECT, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', srp: v as never }), { optional: true }),
    r(E, 'changePassphrase', 'options.allowWeaken', BOOLEAN, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', allowWeaken: v as never }), { optional: true }),
    r(E, 'changePassphrase', 'options.rotateAccountKey', BOOLEAN, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', rotateAccountKey: v as never }), { optional: true }),
    r(E, 'changePassphrase', 'options.policy', OBJECT, (v) => root.changePassphrase(jane.record, ja, { newPassphrase: 'x', policy: v as never }), { optional: true }),
    r(E, 'createAccount', 'options', OBJECT, (v) => root.createAccount(v as never)),
    r(E, 'createAccount', 'options.accountId', NONEMPTY_STRING, (v) => root.createAccount({ ...FAST, passphrase: 'p', accountId: v as never })),
    r(E, 'createAccount', 'options.passphrase', NONEMPTY_TEXT, (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: v as never })),
    r(E, 'createAccount', 'options.kdf', OBJECT, (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', kdf: v as never }), { optional: true }),
    r(E, 'createAccount', 'options.kdf.iterations', int(1, 2 ** 32 - 1), (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', kdf: { iterations: v as never } })),
    r(E, 'createAccount', 'options.srp', OBJECT, (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', srp: v as never }), { optional: true }),
    r(E, 'createAccount', 'options.srp.bits', int(2048, 8192), (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', srp: { bits: v as never } }), { optional: true }),
    r(E, 'createAccount', 'options.srp.hash', NONEMPTY_STRING, (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', srp: { hash: v as never } }), { optional: true }),
    r(E, 'createAccount', 'options.secretKey', bytes(16), (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', secretKey: v as never }), { optional: true, names: ['secretKey'] }),
    r(E, 'createAccount', 'options.policy', OBJECT, (v) => root.createAccount({ ...FAST, accountId: 'a', passphrase: 'p', policy: v as never }), { optional: true }),
    r(E, 'resetAccount', 'options', OBJECT, (v) => root.resetAccount(v as never)),
    r(E, 'loginParams', 'record', RECORD, (v) => root.loginParams(v as never), { code: 'INVALID_RECORD' }),
    r(E, 'ServerLogin.fromJSON', 'json', RECORD, (v) => root.ServerLogin.fromJSON(v as never), { code: 'INVALID_RECORD' }),
    r(E, 'ServerLogin.fromJSON', 'options', OBJECT, (v) => root.ServerLogin.fromJSON(serverState, v as never), { optional: true }),
    r(E, 'ClientLogin.start', 'options', OBJECT, (v) => root.ClientLogin.start(v as never)),
    r(E, 'ClientLogin.start', 'options.params', RECORD, (v) => root.ClientLogin.start({ ...loginOptions, params: v as never }), { code: 'INVALID_RECORD' }),
    r(E, 'ClientLogin.start', 'options.accountId', NONEMPTY_STRING, (v) => root.ClientLogin.start({ ...loginOptions, accountId: v as never })),
    r(E, 'ClientLogin.start', 'options.passphrase', NONEMPTY_TEXT, (v) => root.ClientLogin.start({ ...loginOptions, passphrase: v as never })),
    r(E, 'ClientLogin.start', 'options.minIterations', int(1, 2 ** 32 - 1), (v) => root.ClientLogin.start({ ...loginOptions, minIterations: v as never }), { optional: true }),
    r(E, 'ClientLogin.start', 'options.maxIterations', int(1, 2 ** 32 - 1), (v) => root.ClientLogin.start({ ...loginOptions, maxIterations: v as never }), { optional: true }),
    r(E, 'ClientLogin.start', 'options.policy', OBJECT, (v) => root.ClientLogin.start({ ...loginOptions, policy: v as never }), { optional: true }),
    r(E, 'ClientLogin.start', 'options.secretKey', bytes(16), (v) => root.ClientLogin.start({ ...loginOptions, secretKey: v as never }), { optional: true, names: ['secretKey'] }),
    r(E, 'ServerLogin.start', 'record', RECORD, (v) => root.ServerLogin.start(v as never), { code: 'INVALID_RECORD' }),
    r(E, 'unlockAccount', 'record', RECORD, (v) => root.unlockAccount(v as never, client), { code: 'INVALID_RECORD' }),
    r(E, 'unlockAccount', 'login', INSTANCE, (v) => root.unlockAccount(jane.record, v as never)),
    r(E, 'checkPassphraseParams', 'params', RECORD, (v) => root.checkPassphraseParams(v as never), { code: 'INVALID_RECORD' }),
    r(E, 'checkPassphraseParams', 'policy', OBJECT, (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, v as never), { optional: true }),
    r(E, 'checkPassphraseParams', 'policy.minIterations', int(1, 2 ** 32 - 1), (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, { ...root.DEFAULT_PASSPHRASE_POLICY, minIterations: v as never }), { names: ['maxIterations'] }),
    r(E, 'checkPassphraseParams', 'policy.maxIterations', int(600_000, 2 ** 32 - 1), (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, { ...root.DEFAULT_PASSPHRASE_POLICY, maxIterations: v as never }), { names: ['minIterations'] }),
    r(E, 'checkPassphraseParams', 'policy.minSrpBits', int(2048, 8192), (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, { ...root.DEFAULT_PASSPHRASE_POLICY, minSrpBits: v as never })),
    r(E, 'checkPassphraseParams', 'policy.srpHashes', ARRAY, (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, { ...root.DEFAULT_PASSPHRASE_POLICY, srpHashes: v as never })),
    r(E, 'checkPassphraseParams', 'policy.saltLength', int(1, 1024), (v) => root.checkPassphraseParams({ iterations: 600_000, srpBits: 3072, srpHash: 'SHA-256' } as never, { ...root.DEFAULT_PASSPHRASE_POLICY, saltLength: v as never })),
    r(E, 'createResourceGroup', 'account', INSTANCE, (v) => root.createResourceGroup(ids, v as never)),
    r(E, 'createResourceGroup', 'ids', OBJECT, (v) => root.createResourceGroup(v as never, ja)),
    r(E, 'openLink', 'link', RECORD, (v) => root.openLink(v as never, bob.account, janeMember), { code: 'INVALID_RECORD' }),
    r(E, 'openLink', 'recipient', INSTANCE, (v) => root.openLink(bobLink, v as never, janeMember)),
    r(E, 'openLink', 'sender', FIELDS, (v) => root.openLink(bobLink, bob.account, v as never)),
    r(E, 'rotateResourceGroup', 'group', INSTANCE, (v) => root.rotateResourceGroup(v as never, ja, [])),
    r(E, 'rotateResourceGroup', 'sender', INSTANCE, (v) => root.rotateResourceGroup(group, v as never, [])),
    r(E, 'rotateResourceGroup', 'members', ARRAY, (v) => root.rotateResourceGroup(group, ja, v as never)),
    r(E, 'shareResourceGroup', 'group', INSTANCE, (v) => root.shareResourceGroup(v as never, ja, janeMember)),
    r(E, 'shareResourceGroup', 'sender', INSTANCE, (v) => root.shareResourceGroup(group, v as never, janeMember)),
    r(E, 'shareResourceGroup', 'recipient', FIELDS, (v) => root.shareResourceGroup(group, ja, v as never)),
    r(E, 'fingerprint', 'identity', FIELDS, (v) => root.fingerprint(v as never)),
    // The message names the secret key it is about, not the parameter.
    r(E, 'formatSecretKey', 'key', bytes(16), (v) => root.formatSecretKey(v as never), { ...valid(new Uint8Array(16)), names: ['secretKey'] }),
    // The message names the secret key it is about, not the parameter.
    r(E, 'parseSecretKey', 'text', NONEMPTY_STRING, (v) => root.parseSecretKey(v as never), { names: ['secretKey'] }),
    r(E, 'parseAccountRecord', 'value', RECORD, (v) => root.parseAccountRecord(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseLinkRecord', 'value', RECORD, (v) => root.parseLinkRecord(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseLoginParams', 'value', RECORD, (v) => root.parseLoginParams(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseResourceRecord', 'value', RECORD, (v) => root.parseResourceRecord(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseResourceStreamRecord', 'value', RECORD, (v) => root.parseResourceStreamRecord(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseLinkRecordV2', 'value', RECORD, (v) => root.parseLinkRecordV2(v), { code: 'INVALID_RECORD' }),
    r(E, 'parseGroupLogCheckpoint', 'value', RECORD, (v) => root.parseGroupLogCheckpoint(v), { code: 'INVALID_RECORD' }),
    r(E, 'decryptResource', 'record', RECORD, (v) => root.decryptResource(v as never, group), { code: 'INVALID_RECORD' }),
    r(E, 'decryptResource', 'groupOrKeyring', INSTANCE, (v) => root.decryptResource(resource, v as never)),
    r(E, 'decryptResource', 'options', OBJECT, (v) => root.decryptResource(resource, group, v as never), { optional: true }),
    r(E, 'decryptResource', 'options.expected', OBJECT, (v) => root.decryptResource(resource, group, { expected: v as never }), { optional: true }),
    r(E, 'encryptResource', 'resource', OBJECT, (v) => root.encryptResource(v as never, group)),
    r(E, 'encryptResource', 'resource.plaintext', TEXT, (v) => root.encryptResource({ ...meta, plaintext: v as never }, group), valid(pt)),
    r(E, 'encryptResource', 'group', INSTANCE, (v) => root.encryptResource({ ...meta, plaintext: pt }, v as never)),
    r(E, 'decryptResourceStream', 'record', RECORD, (v) => root.decryptResourceStream(v as never, group), { code: 'INVALID_RECORD' }),
    r(E, 'decryptResourceStream', 'groupOrKeyring', INSTANCE, (v) => root.decryptResourceStream(streamRecord, v as never)),
    r(E, 'decryptResourceStream', 'options', OBJECT, (v) => root.decryptResourceStream(streamRecord, group, v as never), { optional: true }),
    r(E, 'encryptResourceStream', 'meta', OBJECT, (v) => root.encryptResourceStream(v as never, group)),
    r(E, 'encryptResourceStream', 'group', INSTANCE, (v) => root.encryptResourceStream(meta, v as never)),
    r(E, 'encryptResourceStream', 'options', OBJECT, (v) => root.encryptResourceStream(meta, group, v as never), { optional: true }),
    r(E, 'addGroupMember', 'state', INSTANCE, (v) => root.addGroupMember(v as never, ja, addArgs)),
    r(E, 'addGroupMember', 'account', INSTANCE, (v) => root.addGroupMember(state, v as never, addArgs)),
    r(E, 'addGroupMember', 'args', OBJECT, (v) => root.addGroupMember(state, ja, v as never)),
    r(E, 'addGroupMember', 'options', OBJECT, (v) => root.addGroupMember(state, ja, addArgs, v as never), { optional: true }),
    r(E, 'checkMemberIdentity', 'identity', FIELDS, (v) => root.checkMemberIdentity(v as never, state)),
    r(E, 'checkMemberIdentity', 'state', INSTANCE, (v) => root.checkMemberIdentity(ja.identity, v as never)),
    r(E, 'confirmMemberKeys', 'state', INSTANCE, (v) => root.confirmMemberKeys(v as never, ja, { member: ja.identity })),
    r(E, 'confirmMemberKeys', 'account', INSTANCE, (v) => root.confirmMemberKeys(state, v as never, { member: ja.identity })),
    r(E, 'confirmMemberKeys', 'args', OBJECT, (v) => root.confirmMemberKeys(state, ja, v as never)),
    r(E, 'confirmMemberKeys', 'options', OBJECT, (v) => root.confirmMemberKeys(state, ja, { member: ja.identity }, v as never), { optional: true }),
    r(E, 'createGroupLog', 'account', INSTANCE, (v) => root.createGroupLog(ids, v as never)),
    r(E, 'createGroupLog', 'ids', OBJECT, (v) => root.createGroupLog(v as never, ja)),
    r(E, 'createGroupLog', 'options', OBJECT, (v) => root.createGroupLog(ids, ja, v as never), { optional: true }),
    r(E, 'createGroupLog', 'options.requirePq', BOOLEAN, (v) => root.createGroupLog(ids, ja, { requirePq: v as never }), { optional: true }),
    r(E, 'createGroupLog', 'options.now', int(0, Number.MAX_SAFE_INTEGER), (v) => root.createGroupLog(ids, ja, { now: v as never }), { optional: true }),
    r(E, 'encryptResourceVerified', 'resource', OBJECT, (v) => root.encryptResourceVerified(v as never, logGroup, state)),
    r(E, 'encryptResourceVerified', 'resource.plaintext', TEXT, (v) => root.encryptResourceVerified({ ...meta, plaintext: v as never }, logGroup, state), valid(pt)),
    r(E, 'encryptResourceVerified', 'group', INSTANCE, (v) => root.encryptResourceVerified({ ...meta, plaintext: pt }, v as never, state)),
    r(E, 'encryptResourceVerified', 'state', INSTANCE, (v) => root.encryptResourceVerified({ ...meta, plaintext: pt }, logGroup, v as never)),
    r(E, 'groupLogFingerprint', 'checkpoint', RECORD, (v) => root.groupLogFingerprint(v as never), { code: 'INVALID_RECORD' }),
    // A wrong type is INVALID_INPUT; text or bytes that do not parse are INVALID_RECORD (not in this list).
    r(E, 'groupLogRecord', 'entry', TEXT, (v) => root.groupLogRecord(v as never)),
    r(E, 'migrateGroupLog', 'group', INSTANCE, (v) => root.migrateGroupLog(v as never, ja)),
    r(E, 'migrateGroupLog', 'account', INSTANCE, (v) => root.migrateGroupLog(group, v as never)),
    r(E, 'migrateGroupLog', 'options', OBJECT, (v) => root.migrateGroupLog(group, ja, v as never), { optional: true }),
    r(E, 'openLinkVerified', 'link', RECORD, (v) => root.openLinkVerified(v as never, ja, state), { code: 'INVALID_RECORD' }),
    r(E, 'openLinkVerified', 'account', INSTANCE, (v) => root.openLinkVerified(log.links[0]!, v as never, state)),
    r(E, 'openLinkVerified', 'state', INSTANCE, (v) => root.openLinkVerified(log.links[0]!, ja, v as never)),
    r(E, 'removeGroupMember', 'state', INSTANCE, (v) => root.removeGroupMember(v as never, ja, { group: logGroup, memberId: 'bob' })),
    r(E, 'removeGroupMember', 'account', INSTANCE, (v) => root.removeGroupMember(state, v as never, { group: logGroup, memberId: 'bob' })),
    r(E, 'removeGroupMember', 'args', OBJECT, (v) => root.removeGroupMember(state, ja, v as never)),
    r(E, 'removeGroupMember', 'options', OBJECT, (v) => root.removeGroupMember(state, ja, { group: logGroup, memberId: 'bob' }, v as never), { optional: true }),
    r(E, 'rotateGroupKey', 'state', INSTANCE, (v) => root.rotateGroupKey(v as never, ja, { group: logGroup })),
    r(E, 'rotateGroupKey', 'account', INSTANCE, (v) => root.rotateGroupKey(state, v as never, { group: logGroup })),
    r(E, 'rotateGroupKey', 'args', OBJECT, (v) => root.rotateGroupKey(state, ja, v as never)),
    r(E, 'rotateGroupKey', 'options', OBJECT, (v) => root.rotateGroupKey(state, ja, { group: logGroup }, v as never), { optional: true }),
    r(E, 'setGroupPolicy', 'state', INSTANCE, (v) => root.setGroupPolicy(v as never, ja, { requirePq: true })),
    r(E, 'setGroupPolicy', 'account', INSTANCE, (v) => root.setGroupPolicy(state, v as never, { requirePq: true })),
    r(E, 'setGroupPolicy', 'args', OBJECT, (v) => root.setGroupPolicy(state, ja, v as never)),
    r(E, 'setGroupPolicy', 'options', OBJECT, (v) => root.setGroupPolicy(state, ja, { requirePq: true }, v as never), { optional: true }),
    r(E, 'setGroupRole', 'state', INSTANCE, (v) => root.setGroupRole(v as never, ja, { memberId: 'jane', role: 'owner' })),
    r(E, 'setGroupRole', 'account', INSTANCE, (v) => root.setGroupRole(state, v as never, { memberId: 'jane', role: 'owner' })),
    r(E, 'setGroupRole', 'args', OBJECT, (v) => root.setGroupRole(state, ja, v as never)),
    r(E, 'setGroupRole', 'options', OBJECT, (v) => root.setGroupRole(state, ja, { memberId: 'jane', role: 'owner' }, v as never), { optional: true }),
    r(E, 'shareGroupKey', 'state', INSTANCE, (v) => root.shareGroupKey(v as never, ja, { group: logGroup, recipient: ja.identity })),
    r(E, 'shareGroupKey', 'account', INSTANCE, (v) => root.shareGroupKey(state, v as never, { group: logGroup, recipient: ja.identity })),
    r(E, 'shareGroupKey', 'args', OBJECT, (v) => root.shareGroupKey(state, ja, v as never)),
    r(E, 'verifyGroupLog', 'entries', ARRAY, (v) => root.verifyGroupLog(v as never)),
    r(E, 'verifyGroupLog', 'trusted', INSTANCE, (v) => root.verifyGroupLog([log.entry], v as never), { optional: true, code: 'INVALID_RECORD' }),
    r(E, 'verifyGroupLog', 'options', OBJECT, (v) => root.verifyGroupLog([log.entry], undefined, v as never), { optional: true }),
    r(E, 'openGroupLink', 'link', RECORD, (v) => root.openGroupLink(v as never, bob.account, janeMember), { code: 'INVALID_RECORD' }),
    r(E, 'openGroupLink', 'recipient', INSTANCE, (v) => root.openGroupLink(bobLink, v as never, janeMember)),
    r(E, 'openGroupLink', 'sender', FIELDS, (v) => root.openGroupLink(bobLink, bob.account, v as never)),
    r(E, 'openGroupLink', 'policy', OBJECT, (v) => root.openGroupLink(bobLink, bob.account, janeMember, v as never), { optional: true }),
    r(E, 'openGroupLink', 'policy.requirePq', BOOLEAN, (v) => root.openGroupLink(bobLink, bob.account, janeMember, { requirePq: v as never })),
    r(E, 'openLinkV2', 'link', RECORD, (v) => root.openLinkV2(v as never, bob.account, janeMember), { code: 'INVALID_RECORD' }),
    r(E, 'openLinkV2', 'recipient', INSTANCE, (v) => root.openLinkV2(bobLinkV2, v as never, janeMember)),
    r(E, 'openLinkV2', 'sender', FIELDS, (v) => root.openLinkV2(bobLinkV2, bob.account, v as never)),
    r(E, 'rotateResourceGroupPq', 'group', INSTANCE, (v) => root.rotateResourceGroupPq(v as never, ja, [])),
    r(E, 'rotateResourceGroupPq', 'sender', INSTANCE, (v) => root.rotateResourceGroupPq(group, v as never, [])),
    r(E, 'rotateResourceGroupPq', 'members', ARRAY, (v) => root.rotateResourceGroupPq(group, ja, v as never)),
    r(E, 'rotateResourceGroupPq', 'policy', OBJECT, (v) => root.rotateResourceGroupPq(group, ja, [], v as never), { optional: true }),
    r(E, 'rotateResourceGroupPq', 'policy.requirePq', BOOLEAN, (v) => root.rotateResourceGroupPq(group, ja, [], { requirePq: v as never })),
    r(E, 'shareResourceGroupV2', 'group', INSTANCE, (v) => root.shareResourceGroupV2(v as never, ja, bob.account.identity as never)),
    r(E, 'shareResourceGroupV2', 'sender', INSTANCE, (v) => root.shareResourceGroupV2(group, v as never, bob.account.identity as never)),
    r(E, 'shareResourceGroupV2', 'recipient', FIELDS, (v) => root.shareResourceGroupV2(group, ja, v as never)),

    // Methods of the root's classes.
    // A B of the wrong type is INVALID_INPUT; of the wrong length SRP_BAD_PUBLIC (docs/errors.md). Same for A.
    r(E, 'ClientLogin#respond', 'B', bytesRange(1, 256), async (v) => (await root.ClientLogin.start(loginOptions)).respond(v as never), { lengthCode: 'SRP_BAD_PUBLIC' }),
    // A proof of any length is only wrong: SRP_BAD_PROOF, so lengths are not tried. Same for M1.
    r(E, 'ClientLogin#verify', 'M2', bytes(), async (v) => (await respondedClient()).verify(v as never)),
    r(E, 'ServerLogin#verify', 'A', bytesRange(1, 256), async (v) => (await loginServer()).verify(v as never, new Uint8Array(32)), { lengthCode: 'SRP_BAD_PUBLIC' }),
    r(E, 'ServerLogin#verify', 'M1', bytes(), async (v) => (await loginServer()).verify(client.A, v as never)),
    // A string is what JSON.stringify passes (the key name): it is taken as no options.
    r(E, 'ServerLogin#toJSON', 'options', OBJECT, async (v) => (await loginServer()).toJSON(v as never), { optional: true, accepts: ["'zkvault'", "''"] }),
    r(E, 'GroupLogState#member', 'accountId', STRING, (v) => state.member(v as never)),
    r(E, 'ResourceGroupKeyring#add', 'group', INSTANCE, (v) => keyring.add(v as never)),
    r(E, 'ResourceGroupKeyring#get', 'tenantId', STRING, (v) => keyring.get(v as never, 'g1')),
    r(E, 'ResourceGroupKeyring#get', 'resourceGroupId', STRING, (v) => keyring.get('t1', v as never)),
    r(E, 'UnlockedResourceGroup#merge', 'other', INSTANCE, (v) => group.merge(v as never)),

    // ---- zkvault/envelope ----
    r('./envelope', 'EnvelopeKey#seal', 'plaintext', bytes(), (v) => ekey.seal(v as never), valid(pt)),
    r('./envelope', 'EnvelopeKey#seal', 'options', OBJECT, (v) => ekey.seal(pt, v as never), { optional: true }),
    r('./envelope', 'EnvelopeKey#seal', 'options.aad', bytes(), (v) => ekey.seal(pt, { aad: v as never }), { ...valid(pt), optional: true }),
    r('./envelope', 'EnvelopeKey#open', 'envelope', bytes(), (v) => ekey.open(v as never), valid(env)),
    r('./envelope', 'EnvelopeKey#open', 'options', OBJECT, (v) => ekey.open(env, v as never), { optional: true }),
    r('./envelope', 'EnvelopeKey#open', 'options.aad', bytes(), (v) => ekey.open(env, { aad: v as never }), { optional: true }),
    r('./envelope', 'EnvelopeKey#sealString', 'plaintext', bytes(), (v) => ekey.sealString(v as never), valid(pt)),
    r('./envelope', 'EnvelopeKey#sealString', 'options', OBJECT, (v) => ekey.sealString(pt, v as never), { optional: true }),
    r('./envelope', 'EnvelopeKey#sealString', 'options.aad', bytes(), (v) => ekey.sealString(pt, { aad: v as never }), { ...valid(pt), optional: true }),
    r('./envelope', 'EnvelopeKey#openString', 'text', STRING, (v) => ekey.openString(v as never)),
    r('./envelope', 'EnvelopeKey#openString', 'options', OBJECT, (v) => ekey.openString(envText, v as never), { optional: true }),
    r('./envelope', 'EnvelopeKey#openString', 'options.aad', bytes(), (v) => ekey.openString(envText, { aad: v as never }), { optional: true }),
    r('./envelope', 'envelopeKey', 'key', bytes(32), (v) => envelope.envelopeKey(v as never), valid(key)),
    r('./envelope', 'seal', 'plaintext', bytes(), (v) => envelope.seal(v as never, key), valid(pt)),
    r('./envelope', 'seal', 'key', bytes(32), (v) => envelope.seal(pt, v as never), valid(key)),
    r('./envelope', 'seal', 'options', OBJECT, (v) => envelope.seal(pt, key, v as never), { optional: true }),
    r('./envelope', 'seal', 'options.aad', bytes(), (v) => envelope.seal(pt, key, { aad: v as never }), { ...valid(pt), optional: true }),
    r('./envelope', 'sealString', 'plaintext', bytes(), (v) => envelope.sealString(v as never, key), valid(pt)),
    r('./envelope', 'sealString', 'key', bytes(32), (v) => envelope.sealString(pt, v as never), valid(key)),
    r('./envelope', 'sealString', 'options', OBJECT, (v) => envelope.sealString(pt, key, v as never), { optional: true }),
    r('./envelope', 'sealString', 'options.aad', bytes(), (v) => envelope.sealString(pt, key, { aad: v as never }), { ...valid(new Uint8Array(1)), optional: true }),
    r('./envelope', 'open', 'envelope', bytes(), (v) => envelope.open(v as never, key), valid(env)),
    r('./envelope', 'open', 'key', bytes(32), (v) => envelope.open(env, v as never), valid(key)),
    r('./envelope', 'open', 'options', OBJECT, (v) => envelope.open(env, key, v as never), { optional: true }),
    r('./envelope', 'open', 'options.aad', bytes(), (v) => envelope.open(env, key, { aad: v as never }), { optional: true }),
    r('./envelope', 'openString', 'text', STRING, (v) => envelope.openString(v as never, key)),
    r('./envelope', 'openString', 'key', bytes(32), (v) => envelope.openString(envText, v as never), valid(key)),
    r('./envelope', 'openString', 'options', OBJECT, (v) => envelope.openString(envText, key, v as never), { optional: true }),
    r('./envelope', 'openString', 'options.aad', bytes(), (v) => envelope.openString(envText, key, { aad: v as never }), { optional: true }),
    r('./envelope', 'sealStream', 'key', bytes(32), (v) => envelope.sealStream(v as never), valid(key)),
    r('./envelope', 'sealStream', 'options', OBJECT, (v) => envelope.sealStream(key, v as never), { optional: true }),
    r('./envelope', 'sealStream', 'options.chunkSize', int(64, 2 ** 24), (v) => envelope.sealStream(key, { chunkSize: v as never }), { optional: true }),
    r('./envelope', 'sealStream', 'options.aad', bytes(), (v) => envelope.sealStream(key, { aad: v as never }), { optional: true }),
    r('./envelope', 'sealStream', 'options.onProgress', FUNCTION, (v) => envelope.sealStream(key, { onProgress: v as never }), { optional: true }),
    r('./envelope', 'openStream', 'key', bytes(32), (v) => envelope.openStream(v as never), valid(key)),
    r('./envelope', 'openStream', 'options', OBJECT, (v) => envelope.openStream(key, v as never), { optional: true }),
    // A source of non-bytes is refused chunk by chunk.
    r('./envelope', 'sealIterable', 'source', ARRAY, (v) => drain(envelope.sealIterable(v as never, key)), { names: ['chunk'] }),
    r('./envelope', 'sealIterable', 'key', bytes(32), (v) => drain(envelope.sealIterable([pt], v as never)), valid(key)),
    r('./envelope', 'sealIterable', 'options', OBJECT, (v) => drain(envelope.sealIterable([pt], key, v as never)), { optional: true }),
    // A source of non-bytes is refused chunk by chunk.
    r('./envelope', 'openIterable', 'source', ARRAY, (v) => drain(envelope.openIterable(v as never, key)), { names: ['chunk'] }),
    r('./envelope', 'openIterable', 'key', bytes(32), (v) => drain(envelope.openIterable([], v as never))),
    r('./envelope', 'openIterable', 'options', OBJECT, (v) => drain(envelope.openIterable([], key, v as never)), { optional: true }),

    // ---- zkvault/kdf ----
    r('./kdf', 'hkdf', 'ikm', bytes(), (v) => kdf.hkdf(v as never, { length: 32 }), valid(key)),
    r('./kdf', 'hkdf', 'options', OBJECT, (v) => kdf.hkdf(key, v as never)),
    r('./kdf', 'hkdf', 'options.length', int(1, 255 * 32), (v) => kdf.hkdf(key, { length: v as never })),
    r('./kdf', 'hkdf', 'options.salt', bytes(), (v) => kdf.hkdf(key, { length: 32, salt: v as never }), { optional: true }),
    r('./kdf', 'hkdf', 'options.info', bytes(), (v) => kdf.hkdf(key, { length: 32, info: v as never }), { optional: true }),
    r('./kdf', 'hkdf', 'options.hash', NONEMPTY_STRING, (v) => kdf.hkdf(key, { length: 32, hash: v as never }), { optional: true }),
    r('./kdf', 'passwordBytes', 'password', TEXT, (v) => kdf.passwordBytes(v as never), valid(pt)),
    r('./kdf', 'pbkdf2', 'password', TEXT, (v) => kdf.pbkdf2(v as never, { salt, iterations: 1 }), valid(pt)),
    r('./kdf', 'pbkdf2', 'options', OBJECT, (v) => kdf.pbkdf2('pw', v as never)),
    r('./kdf', 'pbkdf2', 'options.salt', bytes(), (v) => kdf.pbkdf2('pw', { salt: v as never, iterations: 1 }), valid(salt)),
    r('./kdf', 'pbkdf2', 'options.iterations', int(1, 2 ** 32 - 1), (v) => kdf.pbkdf2('pw', { salt, iterations: v as never, dkLen: 1 })),
    r('./kdf', 'pbkdf2', 'options.dkLen', int(1, 1024), (v) => kdf.pbkdf2('pw', { salt, iterations: 1, dkLen: v as never }), { optional: true }),
    r('./kdf', 'pbkdf2', 'options.hash', NONEMPTY_STRING, (v) => kdf.pbkdf2('pw', { salt, iterations: 1, hash: v as never }), { optional: true }),

    // ---- zkvault/srp ----
    r('./srp', 'srpGroup', 'bits', int(1024, 8192), (v) => srp.srpGroup(v as never)),
    r('./srp', 'prepareSrpGroup', 'group', OBJECT, (v) => srp.prepareSrpGroup(v as never)),
    r('./srp', 'createVerifier', 'params', OBJECT, (v) => srp.createVerifier(v as never, 'alice', 'pw', salt)),
    r('./srp', 'createVerifier', 'identity', TEXT, (v) => srp.createVerifier(P, v as never, 'pw', salt)),
    r('./srp', 'createVerifier', 'password', TEXT, (v) => srp.createVerifier(P, 'alice', v as never, salt)),
    r('./srp', 'createVerifier', 'salt', bytesRange(1), (v) => srp.createVerifier(P, 'alice', 'pw', v as never), valid(salt)),
    r('./srp', 'SrpClient.start', 'params', OBJECT, (v) => srp.SrpClient.start(v as never, 'alice', 'pw', salt)),
    r('./srp', 'SrpClient.start', 'identity', TEXT, (v) => srp.SrpClient.start(P, v as never, 'pw', salt)),
    r('./srp', 'SrpClient.start', 'password', TEXT, (v) => srp.SrpClient.start(P, 'alice', v as never, salt)),
    r('./srp', 'SrpClient.start', 'salt', bytesRange(1, 1024), (v) => srp.SrpClient.start(P, 'alice', 'pw', v as never), valid(salt)),
    r('./srp', 'SrpServer.start', 'params', OBJECT, (v) => srp.SrpServer.start(v as never, 'alice', salt, verifier)),
    r('./srp', 'SrpServer.start', 'identity', TEXT, (v) => srp.SrpServer.start(P, v as never, salt, verifier)),
    r('./srp', 'SrpServer.start', 'salt', bytesRange(1, 1024), (v) => srp.SrpServer.start(P, 'alice', v as never, verifier), valid(salt)),
    r('./srp', 'SrpServer.start', 'verifier', bytesRange(1, 256), (v) => srp.SrpServer.start(P, 'alice', salt, v as never), valid(verifier)),
    r('./srp', 'SrpServer.fromJSON', 'state', RECORD, (v) => srp.SrpServer.fromJSON(v as never, { params: P }), { code: 'INVALID_RECORD' }),
    r('./srp', 'SrpServer.fromJSON', 'options', OBJECT, (v) => srp.SrpServer.fromJSON(srpState, v as never)),
    r('./srp', 'SrpServer.fromJSON', 'options.params', OBJECT, (v) => srp.SrpServer.fromJSON(srpState, { params: v as never })),

    r('./srp', 'SrpClient#respond', 'B', bytesRange(1, 256), async (v) => (await srpClient()).respond(v as never), { lengthCode: 'SRP_BAD_PUBLIC' }),
    r('./srp', 'SrpClient#verify', 'M2', bytes(), async (v) => (await respondedSrpClient()).verify(v as never)),
    r('./srp', 'SrpServer#verify', 'A', bytesRange(1, 256), async (v) => (await srpServer()).verify(v as never, new Uint8Array(32)), { lengthCode: 'SRP_BAD_PUBLIC' }),
    r('./srp', 'SrpServer#verify', 'M1', bytes(), async (v) => (await srpServer()).verify(srpA, v as never)),

    // ---- zkvault/hpke ----
    r('./hpke', 'HpkeSenderContext#seal', 'plaintext', bytes(), (v) => sender.context.seal(v as never), valid(pt)),
    r('./hpke', 'HpkeSenderContext#seal', 'options', OBJECT, (v) => sender.context.seal(pt, v as never), { optional: true }),
    r('./hpke', 'HpkeSenderContext#seal', 'options.aad', bytes(), (v) => sender.context.seal(pt, { aad: v as never }), { ...valid(pt), optional: true }),
    r('./hpke', 'HpkeSenderContext#exportSecret', 'exporterContext', bytes(), (v) => sender.context.exportSecret(v as never, 32), valid(pt)),
    r('./hpke', 'HpkeSenderContext#exportSecret', 'length', int(1, 255 * 32), (v) => sender.context.exportSecret(pt, v as never)),
    r('./hpke', 'HpkeRecipientContext#open', 'ciphertext', bytes(), (v) => recipientCtx.open(v as never)),
    r('./hpke', 'HpkeRecipientContext#open', 'options', OBJECT, (v) => recipientCtx.open(pt, v as never), { optional: true }),
    r('./hpke', 'HpkeRecipientContext#open', 'options.aad', bytes(), (v) => recipientCtx.open(pt, { aad: v as never }), { optional: true }),
    r('./hpke', 'HpkeRecipientContext#exportSecret', 'exporterContext', bytes(), (v) => recipientCtx.exportSecret(v as never, 32), valid(pt)),
    r('./hpke', 'HpkeRecipientContext#exportSecret', 'length', int(1, 255 * 32), (v) => recipientCtx.exportSecret(pt, v as never)),
    r('./hpke', 'deriveKeyPair', 'ikm', bytesRange(32, 65535), (v) => hpke.deriveKeyPair(v as never), valid(key)),
    r('./hpke', 'x25519PublicKey', 'privateKey', bytes(32), (v) => hpke.x25519PublicKey(v as never), valid(kp.privateKey)),
    r('./hpke', 'seal', 'plaintext', bytes(), (v) => hpke.seal(v as never, kp.publicKey), valid(pt)),
    r('./hpke', 'seal', 'recipientPublicKey', bytes(32), (v) => hpke.seal(pt, v as never), valid(kp.publicKey)),
    r('./hpke', 'seal', 'options', OBJECT, (v) => hpke.seal(pt, kp.publicKey, v as never), { optional: true }),
    r('./hpke', 'seal', 'options.info', bytes(), (v) => hpke.seal(pt, kp.publicKey, { info: v as never }), { optional: true }),
    r('./hpke', 'seal', 'options.aad', bytes(), (v) => hpke.seal(pt, kp.publicKey, { aad: v as never }), { optional: true }),
    r('./hpke', 'seal', 'options.senderPrivateKey', bytes(32), (v) => hpke.seal(pt, kp.publicKey, { senderPrivateKey: v as never }), { ...valid(kp.privateKey), optional: true }),
    r('./hpke', 'seal', 'options.psk', bytesRange(32), (v) => hpke.seal(pt, kp.publicKey, { psk: v as never, pskId: pt }), { ...valid(key), optional: true, names: ['pskId'] }),
    r('./hpke', 'seal', 'options.pskId', bytesRange(1), (v) => hpke.seal(pt, kp.publicKey, { psk: key, pskId: v as never }), { ...valid(pt), optional: true, names: ['psk'] }),
    r('./hpke', 'seal', 'options.aead', NONEMPTY_STRING, (v) => hpke.seal(pt, kp.publicKey, { aead: v as never }), { optional: true }),
    ...openRows('open', sealed, kp.privateKey),
    r('./hpke', 'open', 'options.senderPublicKey', bytes(32), (v) => hpke.open(sealed, kp.privateKey, { senderPublicKey: v as never }), { optional: true }),
    r('./hpke', 'setupSender', 'recipientPublicKey', bytes(32), (v) => hpke.setupSender(v as never), valid(kp.publicKey)),
    r('./hpke', 'setupSender', 'options', OBJECT, (v) => hpke.setupSender(kp.publicKey, v as never), { optional: true }),
    r('./hpke', 'setupSender', 'options.senderPrivateKey', bytes(32), (v) => hpke.setupSender(kp.publicKey, { senderPrivateKey: v as never }), { ...valid(kp.privateKey), optional: true }),
    // A malformed enc is a message that does not open: DECRYPT_FAILED (documented), so any length is accepted here.
    r('./hpke', 'setupRecipient', 'enc', bytes(), (v) => hpke.setupRecipient(v as never, kp.privateKey), valid(sealed.enc)),
    r('./hpke', 'setupRecipient', 'recipientPrivateKey', bytes(32), (v) => hpke.setupRecipient(sealed.enc, v as never), valid(kp.privateKey)),
    r('./hpke', 'setupRecipient', 'options', OBJECT, (v) => hpke.setupRecipient(sealed.enc, kp.privateKey, v as never), { optional: true }),
    r('./hpke', 'setupRecipient', 'options.senderPublicKey', bytes(32), (v) => hpke.setupRecipient(sealed.enc, kp.privateKey, { senderPublicKey: v as never }), { ...valid(kp.publicKey), optional: true }),
    r('./hpke', 'sealXWing', 'plaintext', bytes(), (v) => hpke.sealXWing(v as never, xkp.publicKey), valid(pt)),
    r('./hpke', 'sealXWing', 'recipientPublicKey', bytes(1216), (v) => hpke.sealXWing(pt, v as never), valid(xkp.publicKey)),
    r('./hpke', 'sealXWing', 'options', OBJECT, (v) => hpke.sealXWing(pt, xkp.publicKey, v as never), { optional: true }),
    r('./hpke', 'sealXWing', 'options.info', bytes(), (v) => hpke.sealXWing(pt, xkp.publicKey, { info: v as never }), { ...valid(pt), optional: true }),
    r('./hpke', 'sealXWing', 'options.aad', bytes(), (v) => hpke.sealXWing(pt, xkp.publicKey, { aad: v as never }), { ...valid(pt), optional: true }),
    r('./hpke', 'sealXWing', 'options.aead', NONEMPTY_STRING, (v) => hpke.sealXWing(pt, xkp.publicKey, { aead: v as never }), { optional: true }),
    ...openRows('openXWing', xsealed, xkp.privateKey),

    // ---- zkvault/compat/insomnia ----
    r('./compat/insomnia', 'deriveInsomniaKey', 'passphrase', STRING, (v) => insomnia.deriveInsomniaKey(v as never, { email: payload.email, salt: saltKey })),
    r('./compat/insomnia', 'deriveInsomniaKey', 'options', OBJECT, (v) => insomnia.deriveInsomniaKey('pw', v as never)),
    r('./compat/insomnia', 'deriveInsomniaKey', 'options.email', NONEMPTY_STRING, (v) => insomnia.deriveInsomniaKey('pw', { email: v as never, salt: saltKey })),
    r('./compat/insomnia', 'deriveInsomniaKey', 'options.salt', NONEMPTY_STRING, (v) => insomnia.deriveInsomniaKey('pw', { email: payload.email, salt: v as never })),
    r('./compat/insomnia', 'insomniaEmail', 'email', NONEMPTY_STRING, (v) => insomnia.insomniaEmail(v as never)),
    r('./compat/insomnia', 'insomniaPassphrase', 'passphrase', STRING, (v) => insomnia.insomniaPassphrase(v as never)),
    r('./compat/insomnia', 'insomniaSalt', 'saltHex', NONEMPTY_STRING, (v) => insomnia.insomniaSalt(v as never)),
    r('./compat/insomnia', 'insomniaSalt', 'name', STRING, (v) => insomnia.insomniaSalt('zz', v as never), { optional: true }),
    r('./compat/insomnia', 'decryptInsomnia', 'message', RECORD, (v) => insomnia.decryptInsomnia(v as never, aesKey), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'decryptInsomnia', 'key', bytes(32), (v) => insomnia.decryptInsomnia(aesMsg, v as never), valid(aesKey)),
    r('./compat/insomnia', 'decryptInsomniaBytes', 'message', RECORD, (v) => insomnia.decryptInsomniaBytes(v as never, aesKey), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'decryptInsomniaBytes', 'key', bytes(32), (v) => insomnia.decryptInsomniaBytes(aesMsg, v as never), valid(aesKey)),
    r('./compat/insomnia', 'encryptInsomnia', 'plaintext', TEXT, (v) => insomnia.encryptInsomnia(v as never, aesKey), valid(pt)),
    r('./compat/insomnia', 'encryptInsomnia', 'key', bytes(32), (v) => insomnia.encryptInsomnia('x', v as never), valid(aesKey)),
    r('./compat/insomnia', 'encryptInsomnia', 'options', OBJECT, (v) => insomnia.encryptInsomnia('x', aesKey, v as never), { optional: true }),
    r('./compat/insomnia', 'encryptInsomnia', 'options.ad', TEXT, (v) => insomnia.encryptInsomnia('x', aesKey, { ad: v as never }), { ...valid(pt), optional: true }),
    r('./compat/insomnia', 'insomniaAesJwk', 'key', bytes(32), (v) => insomnia.insomniaAesJwk(v as never), valid(aesKey)),
    r('./compat/insomnia', 'insomniaAesKey', 'key', bytes(32), (v) => insomnia.insomniaAesKey(v as never), valid(aesKey)),
    r('./compat/insomnia', 'parseInsomniaMessage', 'message', RECORD, (v) => insomnia.parseInsomniaMessage(v), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'decryptInsomniaRsa', 'privateKey', INSTANCE, (v) => insomnia.decryptInsomniaRsa(rsaBlob, v as never)),
    // '' is a ciphertext of the wrong length: the one generic DECRYPT_FAILED, like any other.
    r('./compat/insomnia', 'decryptInsomniaRsa', 'blobHex', STRING, (v) => insomnia.decryptInsomniaRsa(v as never, ia.privateKeyJwk)),
    r('./compat/insomnia', 'encryptInsomniaRsa', 'publicKey', INSTANCE, (v) => insomnia.encryptInsomniaRsa('x', v as never)),
    r('./compat/insomnia', 'encryptInsomniaRsa', 'plaintext', STRING, (v) => insomnia.encryptInsomniaRsa(v as never, publicJwk)),
    // Named for what the JWK is, as in the functions that take either.
    r('./compat/insomnia', 'importInsomniaPrivateKey', 'jwk', INSTANCE, (v) => insomnia.importInsomniaPrivateKey(v), { names: ['privateKey'] }),
    // Named for what the JWK is, as in the functions that take either.
    r('./compat/insomnia', 'importInsomniaPublicKey', 'jwk', INSTANCE, (v) => insomnia.importInsomniaPublicKey(v), { names: ['publicKey'] }),
    r('./compat/insomnia', 'unwrapInsomniaGroupKey', 'privateKey', INSTANCE, (v) => insomnia.unwrapInsomniaGroupKey(wrapped, v as never)),
    // Checked by the RSA decryption it shares with decryptInsomniaRsa, whose parameter is blobHex.
    r('./compat/insomnia', 'unwrapInsomniaGroupKey', 'encSymmetricKey', STRING, (v) => insomnia.unwrapInsomniaGroupKey(v as never, ia.privateKeyJwk), { names: ['blobHex'] }),
    r('./compat/insomnia', 'wrapInsomniaGroupKey', 'publicKey', INSTANCE, (v) => insomnia.wrapInsomniaGroupKey(aesKey, v as never)),
    // Checked by insomniaAesKey, whose parameter is key.
    r('./compat/insomnia', 'wrapInsomniaGroupKey', 'groupKey', bytes(32), (v) => insomnia.wrapInsomniaGroupKey(v as never, publicJwk), { ...valid(aesKey), names: ['key'] }),
    // Checked by insomniaAesKey, whose parameter is key.
    r('./compat/insomnia', 'decryptInsomniaResource', 'groupKey', bytes(32), (v) => insomnia.decryptInsomniaResource(iresource, v as never), { ...valid(aesKey), names: ['key'] }),
    r('./compat/insomnia', 'decryptInsomniaResource', 'resource', RECORD, (v) => insomnia.decryptInsomniaResource(v as never, aesKey), { code: 'INVALID_RECORD' }),
    // Checked by insomniaAesKey, whose parameter is key.
    r('./compat/insomnia', 'decryptInsomniaResourceString', 'groupKey', bytes(32), (v) => insomnia.decryptInsomniaResourceString(iresource, v as never), { ...valid(aesKey), names: ['key'] }),
    r('./compat/insomnia', 'decryptInsomniaResourceString', 'resource', RECORD, (v) => insomnia.decryptInsomniaResourceString(v as never, aesKey), { code: 'INVALID_RECORD' }),
    // An account object without a usable privateKey is refused by the key import, which names the key.
    r('./compat/insomnia', 'openInsomniaResourceGroup', 'account', INSTANCE, (v) => insomnia.openInsomniaResourceGroup(igroup, v as never), { names: ['privateKey'] }),
    r('./compat/insomnia', 'openInsomniaResourceGroup', 'group', RECORD, (v) => insomnia.openInsomniaResourceGroup(v as never, unlocked), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'parseInsomniaAccount', 'account', RECORD, (v) => insomnia.parseInsomniaAccount(v), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'unlockInsomniaAccount', 'account', RECORD, (v) => insomnia.unlockInsomniaAccount(v as never, ia.passphraseTyped), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'unlockInsomniaAccount', 'passphrase', STRING, (v) => insomnia.unlockInsomniaAccount(payload, v as never), { accepts: ["''", "'zkvault'"] }),
    r('./compat/insomnia', 'createInsomniaVerifier', 'email', NONEMPTY_STRING, (v) => insomnia.createInsomniaVerifier(v as never, 'pw', saltKey, saltAuth)),
    r('./compat/insomnia', 'createInsomniaVerifier', 'passphrase', STRING, (v) => insomnia.createInsomniaVerifier(payload.email, v as never, saltKey, saltAuth)),
    // Checked by insomniaSalt, whose parameter is saltHex.
    r('./compat/insomnia', 'createInsomniaVerifier', 'saltKey', NONEMPTY_STRING, (v) => insomnia.createInsomniaVerifier(payload.email, 'pw', v as never, saltAuth), { names: ['saltHex'] }),
    r('./compat/insomnia', 'createInsomniaVerifier', 'saltAuth', NONEMPTY_STRING, (v) => insomnia.createInsomniaVerifier(payload.email, 'pw', saltKey, v as never)),
    r('./compat/insomnia', 'InsomniaLoginClient.start', 'email', NONEMPTY_STRING, (v) => insomnia.InsomniaLoginClient.start(v as never, 'pw', loginS)),
    r('./compat/insomnia', 'InsomniaLoginClient.start', 'passphrase', STRING, (v) => insomnia.InsomniaLoginClient.start(payload.email, v as never, loginS)),
    r('./compat/insomnia', 'InsomniaLoginClient.start', 'loginS', OBJECT, (v) => insomnia.InsomniaLoginClient.start(payload.email, 'pw', v as never)),
    r('./compat/insomnia', 'insomniaLoginS', 'account', OBJECT, (v) => insomnia.insomniaLoginS(v as never)),
    r('./compat/insomnia', 'insomniaLoginA', 'account', OBJECT, (v) => insomnia.insomniaLoginA(iclient.loginARequest, v as never)),
    r('./compat/insomnia', 'insomniaLoginA', 'request', OBJECT, (v) => insomnia.insomniaLoginA(v as never, srpRecord)),
    r('./compat/insomnia', 'insomniaLoginM1', 'state', RECORD, (v) => insomnia.insomniaLoginM1(m1, v as never), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'insomniaLoginM1', 'request', OBJECT, (v) => insomnia.insomniaLoginM1(v as never, loginA.state)),
    r('./compat/insomnia', 'absorbInsomniaKey', 'whoami', RECORD, (v) => insomnia.absorbInsomniaKey(v as never, ia.handoff), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'absorbInsomniaKey', 'handoff', OBJECT, (v) => insomnia.absorbInsomniaKey(whoamiFull as never, v as never)),
    r('./compat/insomnia', 'decryptInsomniaBlob', 'blob', RECORD, (v) => insomnia.decryptInsomniaBlob(v as never, projectKey), { code: 'INVALID_RECORD' }),
    // Checked by insomniaAesKey, whose parameter is key.
    r('./compat/insomnia', 'decryptInsomniaBlob', 'projectKey', bytes(32), (v) => insomnia.decryptInsomniaBlob(blob, v as never), { ...valid(projectKey), names: ['key'] }),
    r('./compat/insomnia', 'decryptInsomniaBlob', 'options', OBJECT, (v) => insomnia.decryptInsomniaBlob(blob, projectKey, v as never), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options', OBJECT, (v) => insomnia.migrateInsomniaAccount(v as never)),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.account', RECORD, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, account: v as never }), { code: 'INVALID_RECORD' }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.tenantId', NONEMPTY_STRING, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, tenantId: v as never })),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.passphrase', STRING, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, passphrase: v as never })),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.accountId', NONEMPTY_STRING, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, accountId: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.newPassphrase', NONEMPTY_STRING, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, newPassphrase: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.secretKey', bytes(16), (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, secretKey: v as never }), { optional: true, names: ['secretKey'] }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.dryRun', BOOLEAN, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, dryRun: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.resourceGroups', ARRAY, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, resourceGroups: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.resources', ARRAY, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, resources: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.kdf', OBJECT, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, kdf: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.srp', OBJECT, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, srp: v as never }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.kdf.iterations', int(1, 2 ** 32 - 1), (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, kdf: { iterations: v as never } })),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.srp.bits', int(2048, 8192), (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, srp: { bits: v as never } }), { optional: true }),
    r('./compat/insomnia', 'migrateInsomniaAccount', 'options.srp.hash', NONEMPTY_STRING, (v) => insomnia.migrateInsomniaAccount({ ...migrateOptions, srp: { hash: v as never } }), { optional: true }),

    r('./compat/insomnia', 'InsomniaLoginClient#respond', 'loginA', OBJECT, (v) => iclient2.respond(v as never)),
    r('./compat/insomnia', 'InsomniaLoginClient#verify', 'loginM1', OBJECT, (v) => iclient.verify(v as never)),

    // ---- zkvault/vault ----
    r('./vault', 'Vault#get', 'key', NONEMPTY_STRING, (v) => theVault.get(v as never)),
    r('./vault', 'Vault#put', 'key', NONEMPTY_STRING, (v) => theVault.put(v as never, pt)),
    r('./vault', 'Vault#put', 'value', bytes(), (v) => theVault.put('k', v as never), valid(pt)),
    r('./vault', 'Vault#put', 'options', OBJECT, (v) => theVault.put('k', pt, v as never), { optional: true }),
    r('./vault', 'Vault#put', 'options.collection', STRING, (v) => theVault.put('k', pt, { collection: v as never }), { optional: true }),
    r('./vault', 'Vault#list', 'options', OBJECT, (v) => drain(theVault.list(v as never)), { optional: true }),
    r('./vault', 'Vault#list', 'options.prefix', STRING, (v) => drain(theVault.list({ prefix: v as never })), { optional: true }),
    r('./vault', 'Vault#delete', 'key', NONEMPTY_STRING, (v) => theVault.delete(v as never)),
    r('./vault', 'Vault#transaction', 'fn', FUNCTION, (v) => theVault.transaction(v as never)),
    r('./vault', 'Vault#rekey', 'unlock', OBJECT, (v) => theVault.rekey(v as never)),
    r('./vault', 'Vault#rekey', 'options', OBJECT, (v) => theVault.rekey(unlock, v as never), { optional: true }),
    r('./vault', 'Vault#rekey', 'options.iterations', int(1, 2 ** 32 - 1), (v) => theVault.rekey(unlock, { iterations: v as never }), { optional: true }),
    r('./vault', 'openSqliteStore', 'path', NONEMPTY_STRING, (v) => vault.openSqliteStore(v as never)),
    r('./vault', 'openSqliteStore', 'options', OBJECT, (v) => vault.openSqliteStore(':memory:', v as never), { optional: true }),
    r('./vault', 'openIndexedDbStore', 'name', NONEMPTY_STRING, (v) => vault.openIndexedDbStore(v as never)),
    r('./vault', 'openIndexedDbStore', 'options', OBJECT, (v) => vault.openIndexedDbStore('db', v as never), { optional: true, code: 'INVALID_INPUT' }),
    r('./vault', 'openVault', 'store', INSTANCE, (v) => vault.openVault(v as never, unlock, { create: true })),
    r('./vault', 'openVault', 'unlock', OBJECT, (v) => vault.openVault(store, v as never, { create: true })),
    r('./vault', 'openVault', 'options', OBJECT, (v) => vault.openVault(store, unlock, v as never), { optional: true }),
    r('./vault', 'openVault', 'options.iterations', int(1, 2 ** 32 - 1), (v) => vault.openVault(store, unlock, { create: true, iterations: v as never }), { optional: true }),
    r('./vault', 'openVault', 'options.create', BOOLEAN, (v) => vault.openVault(store, unlock, { create: v as never }), { optional: true }),
    r('./vault', 'openVault', 'options.scan', BOOLEAN, (v) => vault.openVault(store, unlock, { create: true, scan: v as never }), { optional: true }),
    r('./vault', 'openVault', 'options.policy', OBJECT, (v) => vault.openVault(store, unlock, { create: true, policy: v as never }), { optional: true }),
    r('./vault', 'openVault', 'options.anchor', OBJECT, (v) => vault.openVault(store, unlock, { create: true, anchor: v as never }), { optional: true }),
    r('./vault', 'openVault', 'unlock.appKey', bytes(32), (v) => vault.openVault(store, { account: ja, appKey: v as never }, { create: true }), { optional: true }),
    r('./vault', 'repairVault', 'store', INSTANCE, (v) => vault.repairVault(v as never, unlock)),
    r('./vault', 'repairVault', 'unlock', OBJECT, (v) => vault.repairVault(store, v as never)),
    r('./vault', 'repairVault', 'options', OBJECT, (v) => vault.repairVault(store, unlock, v as never), { optional: true }),
    r('./vault', 'migrateFolder', 'folder', NONEMPTY_STRING, (v) => vault.migrateFolder(v as never, theVault, { dryRun: true })),
    r('./vault', 'migrateFolder', 'vault', INSTANCE, (v) => vault.migrateFolder('/nonexistent', v as never, { dryRun: true })),
    r('./vault', 'migrateFolder', 'options', OBJECT, (v) => vault.migrateFolder('/nonexistent', theVault, v as never), { optional: true }),
    r('./vault', 'migrateFolder', 'options.dryRun', BOOLEAN, (v) => vault.migrateFolder('/nonexistent', theVault, { dryRun: v as never }), { optional: true }),
    r('./vault', 'migrateFolder', 'options.extensions', ARRAY, (v) => vault.migrateFolder('/nonexistent', theVault, { dryRun: true, extensions: v as never }), { optional: true }),
  ];
}

/** Runs an async generator to its end, so every check it makes on the way runs. */
async function drain(g: AsyncGenerator<unknown>): Promise<void> {
  for await (const _ of g);
}
