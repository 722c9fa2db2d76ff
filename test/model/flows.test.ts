import { describe, expect, it } from 'vitest';
import {
  createAccount,
  DEFAULT_ITERATIONS,
  DEFAULT_MIN_ITERATIONS,
  loginParams,
  ClientLogin,
  ServerLogin,
  unlockAccount,
  changePassphrase,
  createResourceGroup,
  decryptResource,
  encryptResource,
  fingerprint,
  openLink,
  parseAccountRecord,
  resetAccount,
  ResourceGroupKeyring,
  rotateResourceGroup,
  shareResourceGroup,
  generateSecretKey,
  generateSecretKeyString,
} from '../../src/model/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { FAST, login, member, signup, viaJson } from './fixtures.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('model flows', () => {
  it('sign up, log in, unlock: same keys', async () => {
    const { record, account } = await signup('jane@example.com', 'correct horse');
    expect(record.v).toBe(1);
    expect(parseAccountRecord(viaJson(record))).toEqual(record);
    const again = await login(record, 'correct horse');
    expect(again.publicKey).toEqual(account.publicKey);
    expect(again.fingerprint).toBe(fingerprint(account));
  });

  it('defaults: 600,000 iterations and SRP-3072; a default client logs in', async () => {
    const { record, account } = await createAccount({ accountId: 'dflt', passphrase: 'pw' });
    expect(record.kdf).toEqual({ alg: 'PBKDF2-SHA256', iterations: DEFAULT_ITERATIONS });
    expect(DEFAULT_ITERATIONS).toBe(600_000);
    expect(DEFAULT_MIN_ITERATIONS).toBe(600_000);
    expect(record.srp).toEqual({ bits: 3072, hash: 'SHA-256' });
    expect(Buffer.from(record.SRP_Verifier, 'base64url')).toHaveLength(384);
    const client = await ClientLogin.start({ accountId: 'dflt', passphrase: 'pw', params: loginParams(record) });
    const server = await ServerLogin.start(record);
    const { M2 } = await server.verify(client.A, await client.respond(server.B));
    await client.verify(M2);
    expect((await unlockAccount(record, client)).publicKey).toEqual(account.publicKey);
  });

  it('wrong passphrase fails SRP with SRP_BAD_PROOF', async () => {
    const { record } = await signup('a1', 'right');
    await expect(login(record, 'wrong')).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
  });

  it('create group, share, open, encrypt, decrypt', async () => {
    const { account: jane } = await signup('jane');
    const { account: bob } = await signup('bob');
    const { group, link } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane);
    const mine = await openLink(viaJson(link), jane, member(jane));
    const rec = await encryptResource({ resourceId: 'r1', type: 'Request', plaintext: 'GET /hello' }, group);
    expect(text(await decryptResource(viaJson(rec), mine))).toBe('GET /hello');
    const toBob = await shareResourceGroup(group, jane, member(bob));
    const bobs = await openLink(viaJson(toBob), bob, member(jane));
    expect(text(await decryptResource(viaJson(rec), bobs, { expected: { resourceId: 'r1', type: 'Request' } }))).toBe('GET /hello');
  });

  it('rotation: new version, old resources readable, removed member gets no link', async () => {
    const { account: jane } = await signup('jane');
    const { account: bob } = await signup('bob');
    const { account: carol } = await signup('carol');
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane);
    const old = await encryptResource({ resourceId: 'r0', type: 'x', plaintext: 'v1 data' }, group);
    const carolLink = await shareResourceGroup(group, jane, member(carol));
    const { group: g2, links } = await rotateResourceGroup(group, jane, [member(bob)]);
    expect(g2.keyVersion).toBe(2);
    expect(g2.keyVersions).toEqual([1, 2]);
    expect(links.map((l) => l.recipientId)).toEqual(['jane', 'bob']);
    expect(links.every((l) => l.keyVersion === 2)).toBe(true);
    const fresh = await encryptResource({ resourceId: 'r1', type: 'x', plaintext: 'v2 data' }, g2);
    expect(fresh.keyVersion).toBe(2);
    expect(text(await decryptResource(old, g2))).toBe('v1 data');
    const bobV2 = await openLink(links[1]!, bob, member(jane));
    await expect(decryptResource(old, bobV2)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(text(await decryptResource(fresh, bobV2))).toBe('v2 data');
    // Carol still holds version 1 only: the new data is out of her reach.
    const carolV1 = await openLink(carolLink, carol, member(jane));
    expect(text(await decryptResource(old, carolV1))).toBe('v1 data');
    await expect(decryptResource(fresh, carolV1)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    // A keyring holding both of Jane's links reads both generations.
    const janeV1 = await openLink((await createResourceGroup({ tenantId: 't', resourceGroupId: 'other' }, jane)).link, jane, member(jane));
    const ring = new ResourceGroupKeyring([janeV1, await openLink(links[0]!, jane, member(jane))]);
    expect(text(await decryptResource(fresh, ring))).toBe('v2 data');
    await expect(decryptResource(old, ring)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    ring.add(carolV1); // same tenant and group, version 1: merged
    expect(text(await decryptResource(old, ring))).toBe('v1 data');
  });

  it('keyring: merges versions from several links, picks the group a record names, disposes all', async () => {
    const { account: jane } = await signup('jane');
    const { group: a1 } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'a' }, jane);
    const { group: b1 } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'b' }, jane);
    const { group: a2 } = await rotateResourceGroup(a1, jane, []);
    const { group: a3 } = await rotateResourceGroup(a2, jane, []);
    const recs = [
      await encryptResource({ resourceId: 'r1', type: 'x', plaintext: 'a v1' }, a1),
      await encryptResource({ resourceId: 'r2', type: 'x', plaintext: 'a v2' }, a2),
      await encryptResource({ resourceId: 'r3', type: 'x', plaintext: 'a v3' }, a3),
      await encryptResource({ resourceId: 'r4', type: 'x', plaintext: 'b v1' }, b1),
    ];
    const ring = new ResourceGroupKeyring().add(a1).add(b1);
    await expect(decryptResource(recs[1]!, ring)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    ring.add(a2).add(a3);
    for (const [i, want] of ['a v1', 'a v2', 'a v3', 'b v1'].entries()) {
      expect(text(await decryptResource(recs[i]!, ring))).toBe(want);
    }
    expect(ring.get('t', 'a')!.keyVersions).toEqual([1, 2, 3]);
    ring.dispose();
    expect(b1.disposed).toBe(true);
    expect(a3.disposed).toBe(false); // merged copies were wiped; a3 itself was only merged from
    await expect(decryptResource(recs[3]!, ring)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('change passphrase: old fails, new works, PRV_Account unchanged', async () => {
    const { record, account } = await signup('jane', 'old pass');
    const r2 = await changePassphrase(record, account, { newPassphrase: 'new pass' });
    expect(r2.PRV_Account).toBe(record.PRV_Account);
    expect(r2.PUB_Account).toBe(record.PUB_Account);
    expect(r2.SYM_Account).not.toBe(record.SYM_Account);
    expect(r2.SLT_Enc).not.toBe(record.SLT_Enc);
    await expect(login(r2, 'old pass')).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
    const again = await login(r2, 'new pass');
    expect(again.publicKey).toEqual(account.publicKey);
  });

  it('secret key accounts need the secret key', async () => {
    const sk = generateSecretKeyString();
    expect(sk).toMatch(/^ZK1(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    const { record } = await signup('jane', 'pw', sk);
    expect(record.secretKey).toBe(true);
    const a = await login(record, 'pw', { secretKey: sk.toLowerCase() });
    expect(a.accountId).toBe('jane');
    await expect(login(record, 'pw')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const other = generateSecretKey(); // bytes work as well as the text form
    expect(other).toHaveLength(16);
    await expect(login(record, 'pw', { secretKey: other })).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
    const r2 = await changePassphrase(record, a, { newPassphrase: 'pw2' });
    expect((await login(r2, 'pw2', { secretKey: sk })).publicKey).toEqual(a.publicKey);
  });

  it('reset makes new keys; old links no longer open', async () => {
    const { account: jane } = await signup('jane');
    const { record: bobRec, account: bob } = await signup('bob');
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane);
    const link = await shareResourceGroup(group, jane, member(bob));
    const { record: bobRec2, account: bob2 } = await resetAccount({ accountId: 'bob', passphrase: 'new', ...FAST });
    expect(bobRec2.PUB_Account).not.toBe(bobRec.PUB_Account);
    await expect(openLink(link, bob2, member(jane))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(bob.publicKey).not.toEqual(bob2.publicKey);
  });

  it('disposed account and group refuse use with KEY_LOCKED', async () => {
    const { account } = await signup('jane');
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, account);
    group.dispose();
    await expect(encryptResource({ resourceId: 'r', type: 't', plaintext: 'x' }, group)).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    account.dispose();
    await expect(createResourceGroup({ tenantId: 't', resourceGroupId: 'g2' }, account)).rejects.toBeInstanceOf(ZkvaultError);
    await expect(createResourceGroup({ tenantId: 't', resourceGroupId: 'g2' }, account)).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    expect(() => JSON.stringify({ account })).toThrow(ZkvaultError);
  });
});
