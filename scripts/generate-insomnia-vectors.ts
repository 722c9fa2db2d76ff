// Generates vectors/insomnia-aes.json with @getinsomnia/srp-js (a bundle of the Insomnia app's crypt.ts
// formulas): AES-GCM {iv,t,d,ad} messages (string and buffer variants, hex and JWK keys),
// RSA-OAEP-256 link blobs, a complete app-made account with a resource group and documents, and the
// attack cases (empty, truncated and flipped tags, other IV lengths) with whether the app's own reader
// accepts each one (`appAccepts`, measured here by running it). zkvault must reject every invalid case.
// Keys are derived from SHA-256 of labels; IVs and RSA keys come from the app's CSPRNG, so a rerun
// gives new (equally valid) ciphertexts.
// Run: node scripts/run-ts.mjs scripts/generate-insomnia-vectors.ts
import { createCipheriv, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadInsomniaPeer, peerCreateGroup, peerSignup } from '../test/compat/insomnia-peer.js';

const peer = await loadInsomniaPeer();
type Msg = { iv: string; t: string; d: string; ad: string };

function keyHex(label: string): string {
  return createHash('sha256').update(`zkvault insomnia vector ${label}`).digest('hex');
}
function jwkOf(hex: string): JsonWebKey {
  return { key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k: Buffer.from(hex, 'hex').toString('base64url'), alg: 'A256GCM' };
}
function appAccepts(key: string, variant: 'string' | 'buffer', m: Msg): boolean {
  try {
    if (variant === 'string') peer.decryptAES(key, m);
    else peer.decryptAESToBuffer(key, m);
    return true;
  } catch {
    return false;
  }
}
function flip(hex: string, byte: number): string {
  const b = Buffer.from(hex, 'hex');
  b[byte]! ^= 0x01;
  return b.toString('hex');
}
// A well-formed GCM message with a non-96-bit IV (the app's reader takes any IV length).
function gcmWithIv(key: string, ivLen: number, pt: Buffer): Msg {
  const iv = createHash('sha256').update(`iv ${ivLen}`).digest().subarray(0, ivLen);
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'hex'), iv);
  const d = Buffer.concat([c.update(pt), c.final()]);
  return { iv: iv.toString('hex'), t: c.getAuthTag().toString('hex'), d: d.toString('hex'), ad: '' };
}

interface AesCase {
  tcId: number;
  comment: string;
  key: string;
  keyForm: 'hex' | 'jwk';
  variant: 'string' | 'buffer';
  message: Msg;
  plaintext?: string;
  plaintextHex?: string;
  result: 'valid' | 'invalid';
  appAccepts: boolean;
  flags: string[];
}

const aes: AesCase[] = [];
let tcId = 1;
const add = (c: Omit<AesCase, 'tcId' | 'appAccepts'>): AesCase => {
  const full = { tcId: tcId++, ...c, appAccepts: appAccepts(c.key, c.variant, c.message) };
  aes.push(full);
  return full;
};

const strings: [string, string][] = [
  ['empty string', ''],
  ['ASCII', 'hello, insomnia'],
  ['URI-reserved and non-ASCII characters', 'héllo {"a":1} 100% & ?=/ 日本 😀'],
  ['JSON document', JSON.stringify({ _id: 'req_1', type: 'Request', url: 'https://api.example.com/v1?q=a%20b' })],
];
for (const [i, [comment, text]] of strings.entries()) {
  const key = keyHex(`string ${i}`);
  const keyForm = i % 2 === 0 ? 'hex' : 'jwk';
  const ad = i === 3 ? 'resource req_1' : '';
  add({ comment: `string variant, ${comment}${ad ? ', with ad' : ''}`, key, keyForm, variant: 'string', message: peer.encryptAES(keyForm === 'hex' ? key : jwkOf(key), text, ad), plaintext: text, result: 'valid', flags: ['Normal'] });
}
const bufs: [string, Buffer][] = [
  ['empty buffer', Buffer.alloc(0)],
  ['binary bytes', createHash('sha512').update('buffer vector').digest()],
  ['one byte', Buffer.from([0xff])],
];
for (const [i, [comment, buf]] of bufs.entries()) {
  const key = keyHex(`buffer ${i}`);
  const keyForm = i % 2 === 0 ? 'jwk' : 'hex';
  add({ comment: `buffer variant, ${comment}`, key, keyForm, variant: 'buffer', message: peer.encryptAESBuffer(keyForm === 'hex' ? key : jwkOf(key), peer.Buffer.from(buf) as never, ''), plaintextHex: buf.toString('hex'), result: 'valid', flags: ['Normal'] });
}

// Attacks on a buffer message and a string message.
const bkey = keyHex('attack buffer');
const bpt = Buffer.from('transfer 10 EUR to alice');
const bm = peer.encryptAESBuffer(bkey, peer.Buffer.from(bpt) as never, '') as Msg;
add({ comment: 'attack base: valid buffer message', key: bkey, keyForm: 'hex', variant: 'buffer', message: bm, plaintextHex: bpt.toString('hex'), result: 'valid', flags: ['Normal'] });
add({ comment: 'empty tag (no authentication at all)', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, t: '' }, result: 'invalid', flags: ['EmptyTag'] });
add({ comment: 'empty tag with a modified ciphertext (forgery)', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, t: '', d: flip(bm.d, 0) }, result: 'invalid', flags: ['EmptyTag', 'Forgery'] });
for (const n of [15, 12, 9, 8, 4, 1]) {
  add({ comment: `tag truncated to ${n} bytes`, key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, t: bm.t.slice(0, 2 * n) }, result: 'invalid', flags: ['TruncatedTag'] });
}
add({ comment: 'tag with one bit flipped', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, t: flip(bm.t, 15) }, result: 'invalid', flags: ['ModifiedTag'] });
add({ comment: 'ciphertext with one bit flipped', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, d: flip(bm.d, 3) }, result: 'invalid', flags: ['ModifiedCiphertext'] });
add({ comment: 'iv with one bit flipped', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, iv: flip(bm.iv, 0) }, result: 'invalid', flags: ['ModifiedIv'] });
add({ comment: 'additional data added', key: bkey, keyForm: 'hex', variant: 'buffer', message: { ...bm, ad: '00' }, result: 'invalid', flags: ['ModifiedAd'] });
add({ comment: 'wrong key', key: keyHex('another key'), keyForm: 'hex', variant: 'buffer', message: bm, result: 'invalid', flags: ['WrongKey'] });
for (const ivLen of [8, 16]) {
  add({ comment: `authentic GCM message with a ${ivLen}-byte IV (not what the app writes)`, key: bkey, keyForm: 'hex', variant: 'buffer', message: gcmWithIv(bkey, ivLen, bpt), result: 'invalid', flags: ['IvLength'] });
}
const skey = keyHex('attack string');
const sm = peer.encryptAES(skey, 'approve', '') as Msg;
add({ comment: 'attack base: valid string message', key: skey, keyForm: 'hex', variant: 'string', message: sm, plaintext: 'approve', result: 'valid', flags: ['Normal'] });
add({ comment: 'string variant, empty tag', key: skey, keyForm: 'hex', variant: 'string', message: { ...sm, t: '' }, result: 'invalid', flags: ['EmptyTag'] });
add({ comment: 'string variant, empty tag with a modified ciphertext (forgery)', key: skey, keyForm: 'hex', variant: 'string', message: { ...sm, t: '', d: flip(sm.d, 0) }, result: 'invalid', flags: ['EmptyTag', 'Forgery'] });
add({ comment: 'string variant, tag truncated to 12 bytes', key: skey, keyForm: 'hex', variant: 'string', message: { ...sm, t: sm.t.slice(0, 24) }, result: 'invalid', flags: ['TruncatedTag'] });

// RSA-OAEP-256 link blobs under an app-made key pair.
const pair = (await peer.generateKeyPairJWK()) as { publicKey: JsonWebKey; privateKey: JsonWebKey };
const groupKey = keyHex('rsa group key');
const rsaTexts: [string, string][] = [
  ['group key link (JSON of the AES JWK)', JSON.stringify(jwkOf(groupKey))],
  ['short text', 'hello'],
  ['non-ASCII text', 'pässwörd 日本'],
];
const rsa = rsaTexts.map(([comment, plaintext], i) => ({ tcId: i + 1, comment, blob: peer.encryptRSAWithJWK(pair.publicKey, plaintext), plaintext, result: 'valid' as const }));
const b0 = rsa[0]!.blob;
rsa.push(
  { tcId: 4, comment: 'blob with one bit flipped', blob: flip(b0, 200), plaintext: '', result: 'invalid' as never },
  { tcId: 5, comment: 'blob one byte short', blob: b0.slice(2), plaintext: '', result: 'invalid' as never },
  { tcId: 6, comment: 'blob one byte long', blob: b0 + '00', plaintext: '', result: 'invalid' as never },
);

// A complete account, as the app's signup and sync make it.
const alice = await peerSignup(peer, 'alice@example.com', 'correct horse battery staple');
const docs = [
  { _id: 'wrk_1', type: 'Workspace', name: 'Payments API' },
  { _id: 'req_1', type: 'Request', method: 'POST', url: 'https://api.example.com/v1/charges?amount=100&currency=eur' },
];
const group = await peerCreateGroup(peer, alice, 'Team', docs);

const out = {
  source:
    'Generated by scripts/generate-insomnia-vectors.ts with @getinsomnia/srp-js 1.0.0-alpha.1 (a bundle of the Insomnia app\'s crypt.ts formulas; see vectors/PROVENANCE.md). ' +
    'appAccepts records whether the app\'s own reader accepted the case when generated; zkvault must reject every invalid case.',
  notes: [
    'aes: key is 32 bytes hex; keyForm says how it was given to the app (hex string or AES JWK { kty: oct, k: base64url(key), alg: A256GCM }).',
    'aes: variant string = encryptAES/decryptAES (encodeURIComponent before encryption); buffer = encryptAESBuffer/decryptAESToBuffer.',
    'rsa: RSAES-OAEP SHA-256/MGF1-SHA-256, plaintext = encodeURIComponent(text), blob = hex.',
    'account: payload as stored by the app (JSON text members), its passphrase, one resource group and its documents.',
  ],
  aes,
  rsa: { privateKeyJwk: pair.privateKey, publicKeyJwk: pair.publicKey, tests: rsa },
  account: { payload: alice.payload, passphrase: alice.passphrase, resourceGroup: group.group, resources: group.resources, docs },
};
const file = resolve(process.cwd(), 'vectors/insomnia-aes.json');
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file}: ${aes.length} aes (${aes.filter((c) => c.result === 'invalid' && c.appAccepts).length} invalid cases the app accepts), ${rsa.length} rsa, 1 account`);
