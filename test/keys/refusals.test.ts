// Each refusal of src/keys is made by its own check (issue 19, mutation testing): the code and the
// message say which key, which state and which argument.
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { isKeyName, KEY_TABLE, type KeyName } from '../../src/keys/names.js';
import { loadStored, LockedKey, PublicValue, requireUnlocked, storeKey, UnlockedKey } from '../../src/keys/states.js';
import { envelopeKey } from '../../src/envelope/api.js';
import { lockKey, unlockKey } from '../../src/keys/wrap.js';

/** A ZkvaultError of `code` whose message is `message` (or matches it). */
function refusal(code: string, message: string | RegExp): unknown {
  return expect.objectContaining({ name: 'ZkvaultError', code, message: typeof message === 'string' ? message : expect.stringMatching(message) });
}
const names = Object.keys(KEY_TABLE) as KeyName[];
const k32 = (b: number) => new Uint8Array(32).fill(b);

describe('key states: each constructor takes only its names', () => {
  it('UnlockedKey.from: secret names only', () => {
    for (const n of names) {
      const make = () => UnlockedKey.from(n as never, k32(1));
      if (KEY_TABLE[n].secret) expect(make().name).toBe(n);
      else expect(make).toThrow(refusal('INVALID_INPUT', '"name" expected a secret key name'));
    }
    expect(() => UnlockedKey.from('nope' as never, k32(1))).toThrow(refusal('INVALID_INPUT', '"name" expected a secret key name'));
    expect(() => UnlockedKey.from('SYM_Account', 'k' as never)).toThrow(refusal('INVALID_INPUT', /^"bytes" expected/));
  });

  it('LockedKey: locked names only; PublicValue: stored names that are neither locked nor secret', () => {
    for (const n of names) {
      const locked = () => new LockedKey(n as never, k32(2));
      if (KEY_TABLE[n].locked) expect(locked().name).toBe(n);
      else expect(locked).toThrow(refusal('INVALID_INPUT', '"name" expected a locked key name'));
      const pub = () => new PublicValue(n as never, k32(3));
      const f = KEY_TABLE[n];
      if (f.stored && !f.locked && !f.secret) expect(pub().name).toBe(n);
      else expect(pub).toThrow(refusal('INVALID_INPUT', '"name" expected a public stored name'));
    }
    expect(() => new PublicValue('nope' as never, k32(3))).toThrow(refusal('INVALID_INPUT', '"name" expected a public stored name'));
    expect(() => new LockedKey('nope' as never, k32(3))).toThrow(refusal('INVALID_INPUT', '"name" expected a locked key name'));
    expect(() => new LockedKey('SYM_Account', 'c' as never)).toThrow(refusal('INVALID_INPUT', /^"ciphertext" expected/));
    expect(() => new PublicValue('PUB_Account', 'v' as never)).toThrow(refusal('INVALID_INPUT', /^"value" expected/));
  });

  it('disposed, stored and required keys say which', () => {
    const k = UnlockedKey.from('SYM_Account', k32(4));
    expect(() => JSON.stringify({ k })).toThrow(refusal('NOT_STORABLE', 'zkvault: an unlocked SYM_Account must never be stored'));
    expect(() => storeKey(k as never)).toThrow(refusal('NOT_STORABLE', 'zkvault: SYM_Account cannot be stored in this form'));
    expect(() => storeKey(k32(1) as never)).toThrow(refusal('NOT_STORABLE', 'zkvault: value cannot be stored in this form'));
    expect(() => storeKey({ name: 'SYM_Account' } as never)).toThrow(refusal('NOT_STORABLE', 'zkvault: SYM_Account cannot be stored in this form'));
    expect(() => storeKey(null as never)).toThrow(refusal('NOT_STORABLE', 'zkvault: value cannot be stored in this form'));
    expect(() => storeKey({ name: 'nope' } as never)).toThrow(refusal('NOT_STORABLE', 'zkvault: value cannot be stored in this form'));
    expect(storeKey(new LockedKey('SYM_Account', k32(5)))).toBe(Buffer.from(k32(5)).toString('base64url'));
    expect(storeKey(new PublicValue('PUB_Account', k32(6)))).toBe(Buffer.from(k32(6)).toString('base64url'));
    expect(requireUnlocked(k, 'key', 'SYM_Account')).toBe(k);
    expect(() => requireUnlocked(new LockedKey('SYM_Account', k32(5)), 'key', 'SYM_Account')).toThrow(refusal('KEY_LOCKED', 'zkvault: "key" is locked; unlock it first'));
    expect(() => requireUnlocked(k, 'key', 'PRV_Account', 'PRV_Sign')).toThrow(refusal('INVALID_INPUT', '"key" expected an unlocked PRV_Account or PRV_Sign'));
    expect(() => requireUnlocked('k', 'key', 'SYM_Account')).toThrow(refusal('INVALID_INPUT', '"key" expected an unlocked SYM_Account'));
    k.dispose();
    expect(() => k.bytes()).toThrow(refusal('KEY_LOCKED', 'zkvault: SYM_Account was disposed'));
    expect(() => requireUnlocked(k, 'key', 'SYM_Account')).toThrow(refusal('KEY_LOCKED', 'zkvault: "key" was disposed'));
  });

  it('loadStored', () => {
    expect(loadStored(Buffer.from(k32(7)).toString('base64url'), 'x')).toEqual(k32(7));
    expect(() => loadStored(5, 'x')).toThrow(refusal('INVALID_RECORD', 'zkvault: "x" expected base64url text'));
    expect(() => loadStored('a', 'x')).toThrow(refusal('INVALID_RECORD', 'zkvault: "x" expected canonical base64url'));
  });
});

describe('names, discriminants and inspection', () => {
  it('isKeyName takes strings only (an object whose text is a key name is not one)', () => {
    expect(isKeyName('SYM_Link')).toBe(true);
    expect(isKeyName({ toString: () => 'SYM_Link' })).toBe(false);
    expect(isKeyName('toString')).toBe(false);
  });

  it('each state says what it is; an unlocked key shows its name and whether it was disposed, never its bytes', () => {
    expect(UnlockedKey.from('SYM_Account', k32(1)).state).toBe('unlocked');
    expect(new LockedKey('SYM_Account', k32(1)).state).toBe('locked');
    expect(new PublicValue('PUB_Account', k32(1)).state).toBe('public');
    const k = UnlockedKey.from('SYM_Account', k32(1));
    expect(inspect(k)).toBe('UnlockedKey<SYM_Account>');
    k.dispose();
    expect(inspect(k)).toBe('UnlockedKey<SYM_Account> (disposed)');
  });
});

describe('lockKey / unlockKey', () => {
  it('refuse the wrong key kind, a non-LockedKey and a non-bytes aad, naming them', async () => {
    const acct = UnlockedKey.from('SYM_Account', k32(8));
    const enc = UnlockedKey.from('SEC_PWD_Enc', k32(9));
    const aad = new Uint8Array([1]);
    await expect(lockKey(acct as never, UnlockedKey.from('SYM_ResourceGroup', k32(1)) as never, aad)).rejects.toThrow(
      refusal('INVALID_INPUT', '"key" expected an unlocked SYM_Account or PRV_Account or PRV_Sign or PRV_XWing'),
    );
    await expect(lockKey(acct as never, acct, aad)).rejects.toThrow(refusal('INVALID_INPUT', '"kek" expected an unlocked SEC_PWD_Enc'));
    await expect(lockKey(enc, acct, 'a' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"aad" expected/));
    const locked = await lockKey(enc, acct, aad);
    await expect(unlockKey(enc, 'l' as never, aad)).rejects.toThrow(refusal('INVALID_INPUT', '"locked" expected a LockedKey'));
    await expect(unlockKey(enc, new LockedKey('SYM_Link', locked.ciphertext) as never, aad)).rejects.toThrow(
      refusal('INVALID_INPUT', '"key" expected SYM_Account or PRV_Account or PRV_Sign or PRV_XWing'),
    );
    await expect(unlockKey(acct as never, locked, aad)).rejects.toThrow(refusal('INVALID_INPUT', '"kek" expected an unlocked SEC_PWD_Enc'));
    await expect(unlockKey(enc, locked, 'a' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"aad" expected/));
    expect((await unlockKey(enc, locked, aad)).bytes()).toEqual(k32(8));
  });

  it('a locked key that opens to anything but 32 bytes is not one of ours (DECRYPT_FAILED)', async () => {
    const enc = UnlockedKey.from('SEC_PWD_Enc', k32(9));
    const aad = new Uint8Array([2]);
    for (const n of [31, 33]) {
      const ek = await envelopeKey(enc.bytes());
      const forged = new LockedKey('SYM_Account', await ek.seal(new Uint8Array(n).fill(1), { aad }));
      ek.dispose();
      await expect(unlockKey(enc, forged, aad)).rejects.toThrow(refusal('DECRYPT_FAILED', /./));
    }
  });
});
