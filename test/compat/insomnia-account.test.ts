// Unlocking accounts and reading resource groups made by the Insomnia app's own code (its signup and
// sync steps replayed with @getinsomnia/srp-js), on both backends, plus the tamper and swap rules.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptInsomniaResourceWith,
  openInsomniaResourceGroupWith,
  parseInsomniaAccount,
  unlockInsomniaAccountWith,
} from '../../src/compat/insomnia/account.js';
import { decryptInsomniaResource, decryptInsomniaResourceString, openInsomniaResourceGroup, unlockInsomniaAccount, insomniaAesKey } from '../../src/compat/insomnia/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { toHexT } from '../helpers/vectors.js';
import { loadInsomniaPeer, peerCreateGroup, peerSignup, type InsomniaPeer, type PeerAccount, type PeerGroup } from './insomnia-peer.js';
import { errorCode } from '../helpers/errors.js';
import { oncePerKdfInput } from '../helpers/peer-once.js';


function flipMessage(json: string, member: 'iv' | 't' | 'd'): string {
  const m = JSON.parse(json) as Record<string, string>;
  const b = Buffer.from(m[member]!, 'hex');
  b[0]! ^= 0x80;
  return JSON.stringify({ ...m, [member]: b.toString('hex') });
}

let peer: InsomniaPeer;
let alice: PeerAccount;
let bob: PeerAccount;
let group: PeerGroup;

const DOCS = [
  { _id: 'wrk_1', type: 'Workspace', name: 'Payments API' },
  { _id: 'req_1', type: 'Request', url: 'https://api.example.com/v1/charges?amount=100&currency=eur', headers: [{ name: 'Authorization', value: 'Bearer sk_live_…' }] },
  { _id: 'env_1', type: 'Environment', data: { token: 'päss wörd 日本 %41 %' } },
];

beforeAll(async () => {
  peer = await loadInsomniaPeer();
  alice = await peerSignup(peer, '  Alice@Example.com ', 'correct horse battery staple ');
  bob = await peerSignup(peer, 'bob@example.com', 'pässwörd-日本');
  group = await peerCreateGroup(peer, alice, 'Team', DOCS);
});

describe.each(BACKENDS)('Insomnia account unlock [$name backend]', (backend) => {
  // These tests unlock Alice's account 11 times per backend with the same passphrase and salt; the
  // KDF (100,000 PBKDF2 iterations) is the subject of the first unlock only, the rest check refusals
  // of tampered, swapped or substituted records. This backend's PBKDF2 runs once per input (the
  // first time for real, test/helpers/peer-once.ts); a wrong passphrase or another salt is derived
  // afresh. Every unlock still runs in full: parsing, the KDF call, both messages, the key check.
  const deps = { ...backend, kdf: oncePerKdfInput(backend.kdf) };
  it('unlocks an app-made account and reads its group and documents', async () => {
    const acct = await unlockInsomniaAccountWith(deps, alice.payload, alice.passphrase);
    expect(acct.email).toBe('alice@example.com');
    expect(acct.accountId).toBe(alice.payload.id);
    expect(toHexT(acct.symmetricKey)).toBe(toHexT(insomniaAesKey(alice.symmetricKeyJwk as never)));
    expect(acct.privateKey.jwk.d).toBe(alice.privateKeyJwk.d);
    const groupKey = await openInsomniaResourceGroupWith(deps, acct, group.group);
    expect(toHexT(groupKey)).toBe(toHexT(insomniaAesKey(group.groupKeyJwk as never)));
    for (let i = 0; i < DOCS.length; i++) {
      expect(JSON.parse(await decryptInsomniaResourceWith(deps, groupKey, group.resources[i]!))).toEqual(DOCS[i]);
    }
  });

  it('unlocks a non-ASCII passphrase account (the app\'s WebCrypto KDF path)', async () => {
    const acct = await unlockInsomniaAccountWith(deps, bob.payload, bob.passphrase.normalize('NFC'));
    expect(acct.privateKey.jwk.n).toBe(bob.publicKeyJwk.n);
  });

  it('a wrong passphrase and every tampered key message give DECRYPT_FAILED', async () => {
    expect(await errorCode(unlockInsomniaAccountWith(deps, alice.payload, 'correct horse battery stapler'))).toBe('DECRYPT_FAILED');
    for (const member of ['iv', 't', 'd'] as const) {
      expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, encSymmetricKey: flipMessage(alice.payload.encSymmetricKey, member) }, alice.passphrase))).toBe('DECRYPT_FAILED');
      expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, encPrivateKey: flipMessage(alice.payload.encPrivateKey, member) }, alice.passphrase))).toBe('DECRYPT_FAILED');
    }
    // Another account's salt: a different SEC_PWD_Enc.
    expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, saltEnc: bob.payload.saltEnc }, alice.passphrase))).toBe('DECRYPT_FAILED');
    // An empty tag, which the app would accept, on the account key message.
    const m = JSON.parse(alice.payload.encSymmetricKey) as Record<string, string>;
    expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, encSymmetricKey: JSON.stringify({ ...m, t: '' }) }, alice.passphrase))).toBe('DECRYPT_FAILED');
  });

  it('a server-substituted publicKey is caught (VERIFY_FAILED); the app would accept it', async () => {
    expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, publicKey: bob.payload.publicKey }, alice.passphrase))).toBe('VERIFY_FAILED');
  });

  it('swapped key messages between accounts do not open', async () => {
    // Bob's encPrivateKey under Alice's SYM_Account: wrong key, DECRYPT_FAILED.
    expect(await errorCode(unlockInsomniaAccountWith(deps, { ...alice.payload, encPrivateKey: bob.payload.encPrivateKey }, alice.passphrase))).toBe('DECRYPT_FAILED');
  });

  it('a group link for another member, or tampered, does not open; a tampered document does not decrypt', async () => {
    const acct = await unlockInsomniaAccountWith(deps, alice.payload, alice.passphrase);
    const forBob = peer.encryptRSAWithJWK(bob.publicKeyJwk, JSON.stringify(group.groupKeyJwk));
    expect(await errorCode(openInsomniaResourceGroupWith(deps, acct, { ...group.group, encSymmetricKey: forBob }))).toBe('DECRYPT_FAILED');
    const blob = Buffer.from(group.group.encSymmetricKey, 'hex');
    blob[100]! ^= 1;
    expect(await errorCode(openInsomniaResourceGroupWith(deps, acct, { ...group.group, encSymmetricKey: blob.toString('hex') }))).toBe('DECRYPT_FAILED');
    const groupKey = await openInsomniaResourceGroupWith(deps, acct, group.group);
    const r = group.resources[1]!;
    expect(await errorCode(decryptInsomniaResourceWith(deps, groupKey, { ...r, encContent: flipMessage(r.encContent, 'd') }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(decryptInsomniaResourceWith(deps, new Uint8Array(32), r))).toBe('DECRYPT_FAILED');
  });
});

describe('Insomnia account records', () => {
  it('the public functions bind the platform backend', async () => {
    const acct = await unlockInsomniaAccount(alice.payload, alice.passphrase);
    const key = await openInsomniaResourceGroup(group.group, acct);
    expect(JSON.parse(await decryptInsomniaResourceString(group.resources[0]!, key))).toEqual(DOCS[0]);
    // Bytes by default (as decryptResource): the UTF-8 of the same JSON text.
    const bytes = await decryptInsomniaResource(group.resources[0]!, key);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(DOCS[0]);
  });

  it('malformed payloads are INVALID_RECORD before any key derivation', async () => {
    const p = alice.payload;
    const bad: unknown[] = [
      null,
      '{',
      [],
      { ...p, email: 5 },
      { ...p, saltEnc: undefined },
      { ...p, saltEnc: 'not hex' },
      { ...p, verifier: 12 },
      { ...p, encSymmetricKey: '{"iv":1}' },
      { ...p, encPrivateKey: 'nope' },
      { ...p, publicKey: '{"kty":"RSA"}' },
      { ...p, publicKey: JSON.stringify({ ...alice.publicKeyJwk, alg: 'RSA-OAEP' }) },
    ];
    for (const b of bad) expect(await errorCode(unlockInsomniaAccount(b as never, alice.passphrase))).toBe('INVALID_RECORD');
    expect(parseInsomniaAccount(JSON.stringify(p)).email).toBe(p.email);
    expect(await errorCode(openInsomniaResourceGroup({ id: 'x' } as never, await unlockInsomniaAccount(p, alice.passphrase)))).toBe('INVALID_RECORD');
    expect(await errorCode(decryptInsomniaResource({ id: 'x' } as never, new Uint8Array(32)))).toBe('INVALID_RECORD');
  });

  it('a key message that opens but holds no JWK is INVALID_RECORD', async () => {
    const secret = await peer.deriveKey(alice.passphrase.trim().normalize('NFKD'), alice.payload.email, alice.payload.saltEnc);
    const encSymmetricKey = JSON.stringify(peer.encryptAES(secret, 'not json'));
    expect(await errorCode(unlockInsomniaAccount({ ...alice.payload, encSymmetricKey }, alice.passphrase))).toBe('INVALID_RECORD');
  });
});
