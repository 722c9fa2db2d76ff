// Generates vectors/insomnia-vcs.json: a 10.x-shaped Insomnia account (signup formulas of
// session.ts/crypt.ts) with two members, two VCS projects whose keys are RSA-OAEP-wrapped to each
// member, their gzip'd + encryptAESBuffer'd blobs, the accounts-website hand-off (sessionId, key),
// and a decompression-bomb blob. The app's formulas are re-implemented with node:crypto and
// node:zlib (what the Electron app runs: WebCrypto for keys and PBKDF2, zlib for the store hook) and
// every message is checked here against node-forge (what the app's crypt.ts encrypts and decrypts
// with) and the verifier against srp-js 0.2.1 (what its session code uses).
// Sources read (Kong/insomnia): packages/insomnia/src/sync/vcs/vcs.ts, sync/vcs/util.ts,
// sync/store/index.ts, sync/store/hooks/compress.ts, account/crypt.ts, account/session.ts
// (commits in vectors/PROVENANCE.md).
// Salts, AES keys, ids and IVs are SHA-256 of labels; RSA keys come from the CSPRNG, so a rerun
// gives new (equally valid) values.
// Run: node scripts/run-ts.mjs scripts/generate-insomnia-vcs-vectors.ts
import { constants, createCipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, pbkdf2Sync, privateDecrypt, publicEncrypt, type JsonWebKey as NodeJwk } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import forge from 'node-forge';
import { loadSrpJs } from '../test/compat/srp-js-peer.js';

type Msg = { iv: string; t: string; d: string; ad: string };
type Jwk = Record<string, unknown>;

const sha = (label: string): Buffer => createHash('sha256').update(`zkvault insomnia vcs ${label}`).digest();
const hexOf = (label: string, bytes = 32): string => sha(label).subarray(0, bytes).toString('hex');

// crypt.ts encryptAES / encryptAESBuffer: AES-256-GCM, 12-byte IV, 16-byte tag, all hex; the string
// variant encrypts encodeURIComponent(text).
function gcm(keyHex: string, pt: Buffer, ivLabel: string): Msg {
  const iv = sha(`iv ${ivLabel}`).subarray(0, 12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const d = Buffer.concat([c.update(pt), c.final()]);
  return { iv: iv.toString('hex'), t: c.getAuthTag().toString('hex'), d: d.toString('hex'), ad: '' };
}
const encryptAES = (keyHex: string, text: string, ivLabel: string): Msg => gcm(keyHex, Buffer.from(encodeURIComponent(text), 'utf8'), ivLabel);
const encryptAESBuffer = (keyHex: string, buf: Buffer, ivLabel: string): Msg => gcm(keyHex, buf, ivLabel);

// The app's decryptAES / decryptAESToBuffer are node-forge: every message is opened with forge too.
function forgeOpen(keyHex: string, m: Msg): Buffer {
  const decipher = forge.cipher.createDecipher('AES-GCM', forge.util.hexToBytes(keyHex));
  decipher.start({
    iv: forge.util.hexToBytes(m.iv),
    tagLength: m.t.length * 4,
    tag: forge.util.createBuffer(forge.util.hexToBytes(m.t)),
    additionalData: forge.util.hexToBytes(m.ad),
  });
  decipher.update(forge.util.createBuffer(forge.util.hexToBytes(m.d)));
  if (!decipher.finish()) throw new Error('forge refused a message');
  return Buffer.from(decipher.output.toHex(), 'hex');
}

// WebCrypto's exportKey('jwk') of an AES-256-GCM key (crypt.ts generateAES256Key).
const aesJwk = (keyHex: string): Jwk => ({ key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k: Buffer.from(keyHex, 'hex').toString('base64url'), alg: 'A256GCM' });
const jwkHex = (jwk: Jwk): string => Buffer.from(jwk['k'] as string, 'base64url').toString('hex');

// crypt.ts generateKeyPairJWK: RSA-OAEP 2048, e = 65537, SHA-256, as WebCrypto exports it.
function rsaPair(): { publicKey: Jwk; privateKey: Jwk } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  return {
    publicKey: { alg: 'RSA-OAEP-256', ext: true, key_ops: ['encrypt'], ...(publicKey.export({ format: 'jwk' }) as Jwk) },
    privateKey: { alg: 'RSA-OAEP-256', ext: true, key_ops: ['decrypt'], ...(privateKey.export({ format: 'jwk' }) as Jwk) },
  };
}

// crypt.ts encryptRSAWithJWK: RSAES-OAEP SHA-256 (MGF1-SHA-256) of encodeURIComponent(text), hex.
function encryptRSA(pub: Jwk, text: string): string {
  return publicEncrypt({ key: createPublicKey({ key: pub as NodeJwk, format: 'jwk' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(encodeURIComponent(text), 'utf8')).toString('hex');
}
// ...checked with node-forge as decryptRSAWithJWK does it.
function forgeRsaOpen(prv: Jwk, blobHex: string): string {
  const big = (m: string): forge.jsbn.BigInteger => new forge.jsbn.BigInteger(Buffer.from(prv[m] as string, 'base64url').toString('hex'), 16);
  const key = forge.pki.rsa.setPrivateKey(big('n'), big('e'), big('d'), big('p'), big('q'), big('dp'), big('dq'), big('qi'));
  return decodeURIComponent(key.decrypt(forge.util.hexToBytes(blobHex), 'RSA-OAEP', { md: forge.md.sha256.create() }));
}

// crypt.ts deriveKey with session.ts normalisation (WebCrypto PBKDF2 path: UTF-8 passphrase).
function deriveKey(rawPassphrase: string, email: string, saltHex: string): string {
  const passphrase = rawPassphrase.trim().normalize('NFKD');
  const salt = Buffer.from(hkdfSync('sha256', Buffer.from(email, 'utf8'), Buffer.from(saltHex, 'utf8'), Buffer.alloc(0), 32));
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, 100_000, 32, 'sha256').toString('hex');
}

const srp = loadSrpJs();
function signup(name: string, email: string, passphraseTyped: string) {
  const saltKey = hexOf(`${name} saltKey`);
  const saltAuth = hexOf(`${name} saltAuth`);
  const saltEnc = hexOf(`${name} saltEnc`);
  const authSecret = deriveKey(passphraseTyped, email, saltKey);
  const secPwdEnc = deriveKey(passphraseTyped, email, saltEnc);
  const verifier = srp.computeVerifier(srp.params[2048]!, Buffer.from(saltAuth, 'hex'), Buffer.from(email, 'utf8'), Buffer.from(authSecret, 'hex')).toString('hex');
  const pair = rsaPair();
  const symKey = aesJwk(hexOf(`${name} SYM_Account`));
  const encSymmetricKey = encryptAES(secPwdEnc, JSON.stringify(symKey), `${name} encSymmetricKey`);
  const encPrivateKey = encryptAES(jwkHex(symKey), JSON.stringify(pair.privateKey), `${name} encPrivateKey`);
  if (JSON.parse(decodeURIComponent(forgeOpen(secPwdEnc, encSymmetricKey).toString('utf8'))).k !== symKey['k']) throw new Error('forge: encSymmetricKey');
  if (JSON.parse(decodeURIComponent(forgeOpen(jwkHex(symKey), encPrivateKey).toString('utf8'))).d !== pair.privateKey['d']) throw new Error('forge: encPrivateKey');
  const accountId = `act_${hexOf(`${name} id`)}`;
  return {
    accountId,
    passphraseTyped,
    payload: {
      id: accountId,
      email,
      firstName: name,
      lastName: 'Example',
      saltKey,
      saltAuth,
      saltEnc,
      verifier,
      encSymmetricKey: JSON.stringify(encSymmetricKey),
      encPrivateKey: JSON.stringify(encPrivateKey),
      publicKey: JSON.stringify(pair.publicKey),
    },
    // session.ts absorbKey(sessionId, key): key is the derived SEC_PWD_Enc as hex.
    handoff: { sessionId: hexOf(`${name} session`), key: secPwdEnc },
    privateKey: pair.privateKey,
  };
}

// sync/lib/deterministic-stringify: JSON with object keys sorted (the blob text the id hashes).
function deterministicStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(deterministicStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${deterministicStringify(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const alice = signup('alice', 'alice@example.com', '  pässwörd-日本 ');
const bob = signup('bob', 'bob@example.com', 'bob has a long passphrase');
const members = [alice, bob];

function project(name: string, docs: Record<string, unknown>[]) {
  const id = `proj_${hexOf(`${name} project id`, 16)}`;
  const keyJwk = aesJwk(hexOf(`${name} project key`));
  // vcs.ts _queryCreateProject: the key JSON RSA-wrapped to every member's public key.
  const teamKeys = members.map((m) => {
    const encSymmetricKey = encryptRSA(JSON.parse(m.payload.publicKey) as Jwk, JSON.stringify(keyJwk));
    if (JSON.parse(forgeRsaOpen(m.privateKey, encSymmetricKey)).k !== keyJwk['k']) throw new Error('forge: project key');
    return { accountId: m.accountId, encSymmetricKey, autoLinked: false };
  });
  const blobs: { id: string; content: string }[] = [];
  const documents: { blobId: string; text: string }[] = [];
  for (const doc of docs) {
    // util.ts hashDocument + vcs.ts _storeBlobs (gzip hook) + _queryPushBlobs (encryptAESBuffer, 2-space JSON).
    const text = deterministicStringify(doc);
    const blobId = createHash('sha1').update(text, 'utf8').digest('hex');
    const gz = gzipSync(Buffer.from(text, 'utf8'));
    const msg = encryptAESBuffer(jwkHex(keyJwk), gz, `${name} blob ${blobId}`);
    if (!forgeOpen(jwkHex(keyJwk), msg).equals(gz)) throw new Error('forge: blob');
    blobs.push({ id: blobId, content: JSON.stringify(msg, null, 2) });
    documents.push({ blobId, text });
  }
  return { id, name, rootDocumentId: docs[0]!['_id'] as string, keyJwk, teamKeys, blobs, documents };
}

const big = 'x'.repeat(6000);
const team = project('Team API', [
  { _id: 'wrk_team', type: 'Workspace', name: 'Team API', scope: 'collection', parentId: null },
  { _id: 'fld_users', type: 'RequestGroup', name: 'Users', parentId: 'wrk_team' },
  { _id: 'req_list', type: 'Request', name: 'List users', method: 'GET', url: 'https://api.example.com/v1/users?q=%20x', parentId: 'fld_users' },
  { _id: 'req_create', type: 'Request', name: 'Créer 日本', method: 'POST', body: { mimeType: 'application/json', text: `{"pad":"${big}"}` }, parentId: 'fld_users' },
  { _id: 'env_base', type: 'Environment', name: 'Base', data: { token: 'päss 日本 secret' }, parentId: 'wrk_team' },
]);
const scratch = project('Scratch', [{ _id: 'wrk_scratch', type: 'Workspace', name: 'Scratch', parentId: null }]);

// A member holding the project key uploads a blob whose gzip inflates to 40 MiB (zeros): valid app
// format, so only the decompressed-size limit stops it.
const bombText = Buffer.alloc(40 * 1024 * 1024);
const bombGz = gzipSync(bombText, { level: 9 });
const bombMsg = encryptAESBuffer(jwkHex(scratch.keyJwk), bombGz, 'bomb');
if (!forgeOpen(jwkHex(scratch.keyJwk), bombMsg).equals(bombGz)) throw new Error('forge: bomb');
const bomb = { projectId: scratch.id, decompressedBytes: bombText.length, blob: { id: createHash('sha1').update(bombText).digest('hex'), content: JSON.stringify(bombMsg, null, 2) } };

// Sanity: node:crypto (OpenSSL) opens alice's wrap with her key, as forge did above.
privateDecrypt({ key: createPrivateKey({ key: alice.privateKey as NodeJwk, format: 'jwk' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(team.teamKeys[0]!.encSymmetricKey, 'hex'));

const out = {
  source:
    'Generated by scripts/generate-insomnia-vcs-vectors.ts: the Insomnia app 10.x signup, VCS project-key and blob formulas (Kong/insomnia sync/vcs/vcs.ts, sync/vcs/util.ts, sync/store, account/crypt.ts, account/session.ts) re-implemented with node:crypto and node:zlib; every AES and RSA message opened with node-forge and the verifiers recomputed with srp-js 0.2.1. Interoperability fixture, not an RFC vector.',
  encoding: 'hex lowercase; account key members and blob contents are JSON text as the app stores and sends them',
  accounts: members.map((m) => ({ accountId: m.accountId, passphraseTyped: m.passphraseTyped, payload: m.payload, handoff: m.handoff, privateKeyJwk: m.privateKey })),
  projects: [team, scratch].map((p) => ({ id: p.id, name: p.name, rootDocumentId: p.rootDocumentId, teamKeys: p.teamKeys, blobs: p.blobs, documents: p.documents })),
  bomb,
};
writeFileSync(resolve('vectors/insomnia-vcs.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote vectors/insomnia-vcs.json: ${members.length} accounts, ${team.blobs.length + scratch.blobs.length} blobs, bomb ${bombGz.length} B -> ${bombText.length} B`);
