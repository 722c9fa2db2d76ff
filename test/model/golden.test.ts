// Golden vectors vectors/zkvault-model-v1.json: (1) the generator reproduces the file exactly;
// (2) the records open with the library; (3) they open with independent code (node:crypto PBKDF2,
// HKDF and X25519, @hpke/core for the link), following the spec in docs/formats.md, "Model records v1".
import { createPrivateKey, createPublicKey, hkdfSync, pbkdf2Sync, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { loadVectors, reportCounts } from '../helpers/vectors.js';
import { open as envelopeOpen } from '../../src/envelope/index.js';
import {
  decryptResource,
  fingerprint,
  openLink,
  parseAccountRecord,
  parseLinkRecord,
  parseResourceRecord,
  parseSecretKey,
} from '../../src/model/index.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { generateModelVectors } from '../../scripts/generate-model-vectors.js';
import { login } from './fixtures.js';

const V = loadVectors('zkvault-model-v1.json');
/** A fresh ArrayBuffer holding exactly the bytes (what @hpke/core takes). */
const ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

/** Independent account unlock: the spec, with node:crypto and the envelope only. */
async function unlockIndependently(rec: any, passphrase: string, secretKey?: Uint8Array) {
  const pw = Buffer.from(passphrase.normalize('NFKD'), 'utf8');
  let enc = pbkdf2Sync(pw, Buffer.concat([Buffer.from('zkvault/v1/enc'), b64(rec.SLT_Enc)]), rec.kdf.iterations, 32, 'sha256');
  let auth = pbkdf2Sync(pw, Buffer.concat([Buffer.from('zkvault/v1/auth'), b64(rec.SLT_Auth_1)]), rec.kdf.iterations, 32, 'sha256');
  if (secretKey) {
    enc = Buffer.from(hkdfSync('sha256', enc, secretKey, encodeContext(PURPOSE.secretKeyEnc, [rec.accountId]), 32));
    auth = Buffer.from(hkdfSync('sha256', auth, secretKey, encodeContext(PURPOSE.secretKeyAuth, [rec.accountId]), 32));
  }
  const sym = await envelopeOpen(b64(rec.SYM_Account), new Uint8Array(enc), { aad: encodeContext('zkvault/v1/sym-account', [rec.accountId]) });
  const prv = await envelopeOpen(b64(rec.PRV_Account), sym, { aad: encodeContext('zkvault/v1/prv-account', [rec.accountId, rec.PUB_Account]) });
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), prv]);
  const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(12);
  return { auth, enc, sym, prv, pub: new Uint8Array(pub) };
}

/** Ed25519 public key of a seed, through node:crypto. */
function ed25519Public(seed: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(12).toString('base64url');
}

/** Independent PRV_Sign unlock (docs/formats.md, "Model records v1"): envelope under SYM_Account, AAD naming both public keys. */
async function signSeedOf(rec: any, sym: Uint8Array): Promise<Uint8Array> {
  return envelopeOpen(b64(rec.PRV_Sign), sym, { aad: encodeContext('zkvault/v1/prv-sign', [rec.accountId, rec.PUB_Account, rec.PUB_Sign]) });
}

describe('zkvault-model-v1 golden vectors', () => {
  it('the generator reproduces the file byte for byte', async () => {
    expect(JSON.parse(JSON.stringify(await generateModelVectors()))).toEqual(V);
  });

  it('records are valid v1 records', () => {
    for (const a of Object.values(V.accounts)) expect(parseAccountRecord(a)).toEqual(a);
    for (const l of Object.values(V.links)) expect(parseLinkRecord(l)).toEqual(l);
    for (const r of V.resources) expect(parseResourceRecord(r)).toEqual(r);
  });

  it('independent implementation: PBKDF2 / HKDF / envelope / X25519 per the spec', async () => {
    const jane = await unlockIndependently(V.accounts.jane, V.inputs.jane.passphrase);
    expect(jane.auth.toString('hex')).toBe(V.intermediate.jane.SEC_PWD_Auth);
    expect(jane.enc.toString('hex')).toBe(V.intermediate.jane.SEC_PWD_Enc);
    expect(Buffer.from(jane.pub).toString('base64url')).toBe(V.accounts.jane.PUB_Account);
    const bobSk = parseSecretKey(V.intermediate.bob.secretKeyFormatted);
    expect(Buffer.from(bobSk).toString('hex')).toBe(V.inputs.bob.secretKeyHex);
    const bob = await unlockIndependently(V.accounts.bob, V.inputs.bob.passphrase, bobSk);
    expect(Buffer.from(bob.pub).toString('base64url')).toBe(V.accounts.bob.PUB_Account);

    // The link, opened by @hpke/core in auth mode, then the resource with the envelope.
    const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
    const l = V.links.janeToBob;
    const sym = b64(l.SYM_Link);
    const groupKey = new Uint8Array(
      await suite.open(
        {
          recipientKey: await suite.kem.importKey('raw', ab(bob.prv), false),
          senderPublicKey: await suite.kem.importKey('raw', ab(jane.pub), true),
          enc: ab(sym.slice(0, 32)),
          info: encodeContext('zkvault/v1/link', [l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId]),
        },
        ab(sym.slice(32)),
      ),
    );
    const r = V.resources[0];
    const aad = encodeContext('zkvault/v1/resource', [r.tenantId, r.resourceGroupId, r.keyVersion, r.resourceId, r.type]);
    expect(new TextDecoder().decode(await envelopeOpen(b64(r.ciphertext), groupKey, { aad }))).toBe(V.inputs.resource.plaintext);
  });

  it('independent implementation: PRV_Sign opens under SYM_Account and matches PUB_Sign; the migration derives the golden key', async () => {
    const jane = await unlockIndependently(V.accounts.jane, V.inputs.jane.passphrase);
    expect(ed25519Public(await signSeedOf(V.accounts.jane, jane.sym))).toBe(V.accounts.jane.PUB_Sign);
    const bob = await unlockIndependently(V.accounts.bob, V.inputs.bob.passphrase, parseSecretKey(V.intermediate.bob.secretKeyFormatted));
    expect(ed25519Public(await signSeedOf(V.accounts.bob, bob.sym))).toBe(V.accounts.bob.PUB_Sign);
    // Migration: the legacy record is Jane's without the signing pair; the added seed is derived.
    const m = V.migration;
    expect({ ...m.legacy, PUB_Sign: V.accounts.jane.PUB_Sign, PRV_Sign: V.accounts.jane.PRV_Sign, SIG_XWing: V.accounts.jane.SIG_XWing }).toEqual(V.accounts.jane);
    const seed = new Uint8Array(hkdfSync('sha256', jane.sym, new Uint8Array(0), encodeContext('zkvault/v1/migrate/prv-sign', [m.legacy.accountId, m.legacy.PUB_Account]), 32));
    expect(ed25519Public(seed)).toBe(m.upgraded.PUB_Sign);
    expect(Buffer.from(await signSeedOf(m.upgraded, jane.sym)).equals(Buffer.from(seed))).toBe(true);
    expect({ ...m.upgraded, PUB_Sign: undefined, PRV_Sign: undefined, SIG_XWing: undefined }).toEqual({ ...m.legacy, PUB_Sign: undefined, PRV_Sign: undefined, SIG_XWing: undefined });
  });

  it('independent implementation: SIG_XWing verifies under PUB_Sign over ctx("zkvault/v2/xwing-key", I, PUB_XWing) (node:crypto)', () => {
    for (const rec of [V.accounts.jane, V.accounts.bob, V.migration.upgraded]) {
      const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), b64(rec.PUB_Sign)]), format: 'der', type: 'spki' });
      const msg = encodeContext('zkvault/v2/xwing-key', [rec.accountId, rec.PUB_XWing]);
      expect(nodeVerify(null, msg, spki, b64(rec.SIG_XWing))).toBe(true);
      expect(nodeVerify(null, encodeContext('zkvault/v2/xwing-key', ['mallory', rec.PUB_XWing]), spki, b64(rec.SIG_XWing))).toBe(false);
    }
  });

  it('the library upgrades the legacy record to the golden one (same signing key, same fingerprint)', async () => {
    const m = V.migration;
    const a = await login(m.legacy, V.inputs.jane.passphrase);
    expect(a.recordUpgrade?.added).toEqual(m.added);
    expect(a.recordUpgrade?.record.PUB_Sign).toBe(m.upgraded.PUB_Sign);
    expect(a.fingerprint).toBe(m.fingerprint);
    const b = await login(m.upgraded, V.inputs.jane.passphrase);
    expect(b.recordUpgrade).toBeUndefined();
    expect(b.fingerprint).toBe(m.fingerprint);
  });

  it('the library logs in, opens the links and decrypts the resource', async () => {
    const jane = await login(V.accounts.jane, V.inputs.jane.passphrase.normalize('NFC'));
    const bob = await login(V.accounts.bob, V.inputs.bob.passphrase, { secretKey: V.intermediate.bob.secretKeyFormatted });
    expect(jane.fingerprint).toBe(V.fingerprints.jane);
    expect(fingerprint(bob)).toBe(V.fingerprints.bob);
    const janeRef = { accountId: jane.accountId, publicKey: jane.publicKey };
    const g1 = await openLink(V.links.self, jane, janeRef);
    const g2 = await openLink(V.links.janeToBob, bob, janeRef);
    for (const g of [g1, g2]) {
      expect(new TextDecoder().decode(await decryptResource(V.resources[0], g, { expected: { resourceId: 'req_0001' } }))).toBe(V.inputs.resource.plaintext);
    }
    reportCounts('zkvault-model-v1.json', {
      accounts: Object.keys(V.accounts).length,
      links: Object.keys(V.links).length,
      resources: V.resources.length,
    });
  });
});
