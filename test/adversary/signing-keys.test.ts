// Malicious server vs. the account signing key (issue 12): it stores PUB_Sign and the locked
// PRV_Sign, so it may swap, substitute or strip them. Every swap ends in DECRYPT_FAILED (the one
// decrypt error), never in an account that signs with a key the server chose; stripping the key
// makes a visible identity change, not a silent one.
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, type AccountRecord, type UnlockedAccount } from '../../src/model/index.js';
import { login, signup, viaJson } from '../model/fixtures.js';

const PW = 'jane passphrase';
let record: AccountRecord;
let jane: UnlockedAccount;
let mallory: AccountRecord;

beforeAll(async () => {
  ({ record, account: jane } = await signup('jane', PW));
  ({ record: mallory } = await signup('mallory', PW)); // same passphrase on purpose
});

const served = (patch: Partial<Record<keyof AccountRecord, unknown>>): AccountRecord => ({ ...viaJson(record), ...patch }) as AccountRecord;

describe('server tampers with the signing key', () => {
  it("substitutes its own PUB_Sign (keeps Jane's locked PRV_Sign) → DECRYPT_FAILED: the AAD binds PUB_Sign", async () => {
    await expect(login(served({ PUB_Sign: mallory.PUB_Sign }), PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED', message: 'zkvault: decryption failed' });
  });

  it("serves Mallory's signing pair in Jane's record → DECRYPT_FAILED (locked under another SYM_Account and context)", async () => {
    await expect(login(served({ PUB_Sign: mallory.PUB_Sign, PRV_Sign: mallory.PRV_Sign }), PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('moves the locked PRV_Account into PRV_Sign (or back) → DECRYPT_FAILED: each locked key has its own context', async () => {
    await expect(login(served({ PRV_Sign: record.PRV_Account }), PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(login(served({ PRV_Account: record.PRV_Sign }), PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('flips any byte of the locked PRV_Sign → DECRYPT_FAILED', async () => {
    const bytes = Buffer.from(record.PRV_Sign!, 'base64url');
    for (const at of [0, 1, 20, bytes.length - 1]) {
      const t = Buffer.from(bytes);
      t[at]! ^= 0x01;
      await expect(login(served({ PRV_Sign: t.toString('base64url') }), PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    }
  });

  it('strips the signing pair from a current record → the client derives another key: the identity visibly changes and recordUpgrade is set', async () => {
    const { PUB_Sign: _p, PRV_Sign: _s, ...stripped } = viaJson(record);
    void _p;
    void _s;
    const a = await login(stripped as AccountRecord, PW);
    // Not the key peers pinned: the fingerprint they compared no longer matches, and the app sees an
    // upgrade for an account that already had a signing key (docs/protocol.md, "Migration").
    expect(a.signPublicKey).not.toEqual(jane.signPublicKey);
    expect(fingerprint(a)).not.toBe(jane.fingerprint);
    expect(a.recordUpgrade).toBeDefined();
    expect(a.publicKey).toEqual(jane.publicKey);
  });

  it('serves half a pair → INVALID_RECORD before any key is derived', async () => {
    await expect(login(served({ PRV_Sign: undefined }), PW)).rejects.toMatchObject({ code: 'INVALID_RECORD' });
  });
});
