// A leaked passphrase (issue 10, finding 4): changePassphrase re-locks SYM_Account under the new
// passphrase, but whoever holds an old record and the old passphrase still has the old SYM_Account.
// Without rotation, PRV_Account stays locked under that key, so it keeps opening the current record's
// PRV_Account. With { rotateAccountKey: true } a fresh SYM_Account locks PRV_Account, and the old
// key opens nothing current. PUB_Account and every link stay as they are (O(1) in the data).
import { beforeEach, describe, expect, it } from 'vitest';
import { changePassphrase, createResourceGroup, openLink, type AccountRecord, type LinkRecord, type UnlockedAccount } from '../../src/model/index.js';
import { errorCode } from '../helpers/errors.js';
import { login, member, signup } from '../model/fixtures.js';

let jane: UnlockedAccount;
let leaked: AccountRecord; // the record and passphrase the attacker holds
let link: LinkRecord;

beforeEach(async () => {
  ({ record: leaked, account: jane } = await signup('jane', 'old passphrase'));
  ({ link } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane));
});

describe('changePassphrase with rotateAccountKey', () => {
  it('without rotation, the old record + old passphrase still unlock the current PRV_Account (the finding)', async () => {
    const current = await changePassphrase(leaked, jane, { newPassphrase: 'new passphrase' });
    expect(current.PRV_Account).toBe(leaked.PRV_Account);
    const attacker = await login({ ...leaked, PRV_Account: current.PRV_Account }, 'old passphrase');
    expect(attacker.publicKey).toEqual(jane.publicKey);
  });

  it('with rotation, the old record + old passphrase open nothing current → DECRYPT_FAILED', async () => {
    const current = await changePassphrase(leaked, jane, { newPassphrase: 'new passphrase', rotateAccountKey: true });
    expect(current.SYM_Account).not.toBe(leaked.SYM_Account);
    expect(current.PRV_Account).not.toBe(leaked.PRV_Account);
    expect(await errorCode(login({ ...leaked, PRV_Account: current.PRV_Account }, 'old passphrase'))).toBe('DECRYPT_FAILED');
  });

  it('the new passphrase unlocks the same key pair, and existing links still open (no re-sharing)', async () => {
    const current = await changePassphrase(leaked, jane, { newPassphrase: 'new passphrase', rotateAccountKey: true });
    expect(current.PUB_Account).toBe(leaked.PUB_Account);
    const again = await login(current, 'new passphrase');
    expect(again.publicKey).toEqual(jane.publicKey);
    expect(again.signPublicKey).toEqual(jane.signPublicKey);
    const group = await openLink(link, again, member(jane));
    expect(group.resourceGroupId).toBe('g');
    group.dispose();
  });

  it('with rotation, PRV_Sign is locked again too: the old SYM_Account cannot open the new record\'s PRV_Sign → DECRYPT_FAILED', async () => {
    const current = await changePassphrase(leaked, jane, { newPassphrase: 'new passphrase', rotateAccountKey: true });
    expect(current.PUB_Sign).toBe(leaked.PUB_Sign);
    expect(current.PRV_Sign).not.toBe(leaked.PRV_Sign);
    expect(await errorCode(login({ ...leaked, PRV_Sign: current.PRV_Sign! }, 'old passphrase'))).toBe('DECRYPT_FAILED');
  });

  it('the account in memory follows the rotation: a later change locks the new SYM_Account', async () => {
    const r2 = await changePassphrase(leaked, jane, { newPassphrase: 'second', rotateAccountKey: true });
    const r3 = await changePassphrase(r2, jane, { newPassphrase: 'third' });
    expect(r3.PRV_Account).toBe(r2.PRV_Account);
    expect((await login(r3, 'third')).publicKey).toEqual(jane.publicKey);
  });

  it('rotateAccountKey must be a boolean → INVALID_INPUT', async () => {
    expect(await errorCode(changePassphrase(leaked, jane, { newPassphrase: 'x', rotateAccountKey: 'yes' as never }))).toBe('INVALID_INPUT');
  });
});
