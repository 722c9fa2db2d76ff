// Malicious server: cross-slot swaps, rollback and look-alike ids. Where the threat model says an
// attack is NOT prevented (rollback without client state), the test pins down exactly what happens.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  changePassphrase,
  createResourceGroup,
  decryptResource,
  encryptResource,
  openLink,
  rotateResourceGroup,
  shareResourceGroup,
  type AccountRecord,
  type LinkRecord,
  type ResourceRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { login, member, signup, viaJson } from '../model/fixtures.js';

let record: AccountRecord;
let jane: UnlockedAccount;
let bob: UnlockedAccount;
let group: UnlockedResourceGroup;
let link: LinkRecord;
let res: ResourceRecord;
const DECRYPT = { code: 'DECRYPT_FAILED' };
/** The server is not bound by our types: it puts any stored text in any field. */
const swap = (r: AccountRecord, patch: Record<string, string>): AccountRecord => ({ ...r, ...patch }) as unknown as AccountRecord;

beforeAll(async () => {
  ({ record, account: jane } = await signup('jane', 'pw1'));
  ({ account: bob } = await signup('bob'));
  ({ group } = await createResourceGroup({ tenantId: 'café', resourceGroupId: 'g' }, jane));
  link = await shareResourceGroup(group, jane, member(bob));
  res = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'data' }, group);
});

describe('cross-slot swaps (same lengths, other keys or contexts)', () => {
  it('PRV_Account envelope served in the SYM_Account slot (both 94 bytes) → DECRYPT_FAILED', async () => {
    await expect(login(swap(record, { SYM_Account: record.PRV_Account }), 'pw1')).rejects.toMatchObject(DECRYPT);
  });

  it('SYM_Account envelope served in the PRV_Account slot → DECRYPT_FAILED', async () => {
    await expect(login(swap(record, { PRV_Account: record.SYM_Account }), 'pw1')).rejects.toMatchObject(DECRYPT);
  });

  it('an account envelope served as a resource ciphertext → DECRYPT_FAILED', async () => {
    await expect(decryptResource({ ...viaJson(res), ciphertext: record.SYM_Account }, group)).rejects.toMatchObject(DECRYPT);
  });

  it("Jane's self-link re-addressed to Bob → DECRYPT_FAILED", async () => {
    const { link: self } = await createResourceGroup({ tenantId: 'café', resourceGroupId: 'g2' }, jane);
    await expect(openLink({ ...self, recipientId: 'bob' }, bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });
});

describe('look-alike ids', () => {
  it('tenant id in another Unicode normal form (café NFC → NFD) is another tenant → DECRYPT_FAILED', async () => {
    const nfd = 'café'.normalize('NFD');
    expect(nfd).not.toBe('café');
    await expect(decryptResource({ ...viaJson(res), tenantId: nfd }, group)).rejects.toMatchObject(DECRYPT);
    await expect(openLink({ ...viaJson(link), tenantId: nfd }, bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('resource id with different case or trailing space → DECRYPT_FAILED', async () => {
    for (const id of ['R', 'r ', ' r']) {
      await expect(decryptResource({ ...viaJson(res), resourceId: id }, group)).rejects.toMatchObject(DECRYPT);
    }
  });

  it('account id with different case in the login parameters → INVALID_RECORD', async () => {
    await expect(login(record, 'pw1', { accountId: 'Jane' })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
  });
});

describe('rollback (threat model: not prevented without client-side state)', () => {
  it('rolling back the account record after a passphrase change: the new passphrase fails, the old one works again', async () => {
    const r2 = await changePassphrase(record, jane, { newPassphrase: 'pw2' });
    await expect(login(record, 'pw2')).rejects.toMatchObject({ code: 'SRP_BAD_PROOF' });
    // Documented limitation (docs/threat-model.md, "Rollback"): the old record is still valid.
    expect((await login(record, 'pw1')).publicKey).toEqual(jane.publicKey);
    expect((await login(r2, 'pw2')).publicKey).toEqual(jane.publicKey);
  });

  it('withholding the rotated link: a member keeps only the old version and cannot read new resources', async () => {
    const { group: g2 } = await rotateResourceGroup(group, jane, [member(bob)]);
    const fresh = await encryptResource({ resourceId: 'r2', type: 't', plaintext: 'new' }, g2);
    const old = await openLink(link, bob, member(jane)); // the server serves only the version-1 link
    await expect(decryptResource(fresh, old)).rejects.toMatchObject(DECRYPT);
    expect(new TextDecoder().decode(await decryptResource(res, old))).toBe('data');
  });

  it('replaying an older ciphertext of the same resource decrypts to the older content (the app must track versions)', async () => {
    const v1 = await encryptResource({ resourceId: 'doc', type: 't', plaintext: 'first' }, group);
    const v2 = await encryptResource({ resourceId: 'doc', type: 't', plaintext: 'second' }, group);
    expect(new TextDecoder().decode(await decryptResource(v2, group))).toBe('second');
    expect(new TextDecoder().decode(await decryptResource(v1, group))).toBe('first');
  });
});
