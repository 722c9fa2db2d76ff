// Runtime guards of the typed key states: what the types forbid also throws for untyped callers.
import { describe, expect, it } from 'vitest';
import {
  KEY_TABLE,
  LockedKey,
  PublicValue,
  UnlockedKey,
  isKeyName,
  loadStored,
  lockKey,
  requireUnlocked,
  storeKey,
  unlockKey,
} from '../../src/keys/index.js';
import { inspect } from 'node:util';
import { badValuesOfKind, bytes as bytesKind, INSTANCE, STRING } from '../helpers/bad-values.js';
import { syncErrorCode } from '../helpers/errors.js';

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);
const any = (x: unknown) => x as never;

describe('KEY_TABLE', () => {
  it('has the seed table flags', () => {
    const stored = Object.entries(KEY_TABLE).filter(([, f]) => f.stored).map(([n]) => n).sort();
    expect(stored).toEqual(['PRV_Account', 'PRV_Sign', 'PRV_XWing', 'PUB_Account', 'PUB_Sign', 'PUB_XWing', 'SLT_Auth_1', 'SLT_Auth_2', 'SLT_Enc', 'SRP_Verifier', 'SYM_Account', 'SYM_Link']);
    const locked = Object.entries(KEY_TABLE).filter(([, f]) => f.locked).map(([n]) => n).sort();
    expect(locked).toEqual(['PRV_Account', 'PRV_Sign', 'PRV_XWing', 'SYM_Account', 'SYM_Link']);
    // The seed's eleven names and zkvault's signing key pair (issue 12).
    expect(Object.keys(KEY_TABLE)).toHaveLength(15);
    expect(KEY_TABLE.PRV_Sign).toEqual({ stored: true, locked: true, secret: true });
    expect(KEY_TABLE.PUB_Sign).toEqual({ stored: true, locked: false, secret: false });
    expect(isKeyName('SEC_PWD_Enc')).toBe(true);
    expect(isKeyName('toString')).toBe(false);
  });
});

describe('runtime guards', () => {
  it('storeKey refuses unlocked keys, raw bytes and secrets with NOT_STORABLE', () => {
    for (const name of ['SEC_PWD_Enc', 'SEC_PWD_Auth', 'SYM_ResourceGroup', 'SYM_Account', 'PRV_Account', 'PRV_Sign'] as const) {
      expect(() => storeKey(any(UnlockedKey.from(name, bytes(32))))).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
    }
    expect(() => storeKey(any(bytes(32)))).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
    expect(() => storeKey(any({ name: 'SLT_Enc', state: 'public', value: bytes(32) }))).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
    expect(() => storeKey(any('text'))).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
  });

  it('the bad values of the matrix (internal since issue 11): storeKey NOT_STORABLE, UnlockedKey.from INVALID_INPUT', () => {
    for (const bad of badValuesOfKind(INSTANCE)) expect(syncErrorCode(() => storeKey(any(bad.make()))), bad.label).toBe('NOT_STORABLE');
    for (const bad of badValuesOfKind(STRING)) expect(syncErrorCode(() => UnlockedKey.from(any(bad.make()), bytes(32))), bad.label).toBe('INVALID_INPUT');
    for (const bad of badValuesOfKind(bytesKind())) expect(syncErrorCode(() => UnlockedKey.from('SYM_ResourceGroup', any(bad.make()))), bad.label).toBe('INVALID_INPUT');
  });

  it('non-stored names have no locked or public form', () => {
    expect(() => new LockedKey(any('SYM_ResourceGroup'), bytes(48))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => new LockedKey(any('SEC_PWD_Enc'), bytes(48))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => new PublicValue(any('SEC_PWD_Auth'), bytes(32))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => new PublicValue(any('PRV_Account'), bytes(32))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => UnlockedKey.from(any('SLT_Enc'), bytes(32))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('stores locked and public values as base64url and reads them back', () => {
    const l = new LockedKey('SYM_Link', bytes(80, 1));
    expect(loadStored(storeKey(l), 'SYM_Link')).toEqual(bytes(80, 1));
    expect(storeKey(new PublicValue('SLT_Enc', bytes(3, 255)))).toBe('____');
    expect(() => loadStored('a=', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    expect(() => loadStored(5, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
  });

  it('unlocked keys refuse JSON and hide their bytes from inspect', () => {
    const k = UnlockedKey.from('SEC_PWD_Enc', bytes(32, 0xab));
    expect(() => JSON.stringify({ k })).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
    expect(inspect(k)).toBe('UnlockedKey<SEC_PWD_Enc>');
    expect(inspect({ k })).not.toMatch(/171|ab/);
  });

  it('dispose wipes; a disposed key throws KEY_LOCKED', () => {
    const k = UnlockedKey.from('SYM_ResourceGroup', bytes(32, 9));
    const view = k.bytes();
    {
      using scoped = k;
      expect(scoped.disposed).toBe(false);
    }
    expect(k.disposed).toBe(true);
    expect(view.every((b) => b === 0)).toBe(true);
    expect(() => k.bytes()).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    expect(() => requireUnlocked(k, 'k', 'SYM_ResourceGroup')).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    k.dispose(); // idempotent
  });

  it('a locked key where an unlocked one is needed throws KEY_LOCKED', async () => {
    const enc = UnlockedKey.from('SEC_PWD_Enc', bytes(32, 1));
    const sym = UnlockedKey.from('SYM_Account', bytes(32, 2));
    const locked = await lockKey(enc, sym, bytes(4));
    expect(() => requireUnlocked(locked, 'kek', 'SYM_Account')).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    await expect(lockKey(any(locked), UnlockedKey.from('PRV_Account', bytes(32)), bytes(1))).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    await expect(unlockKey(any(locked), locked, bytes(4))).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    // the wrong key-encryption key name is refused even when unlocked
    await expect(lockKey(any(UnlockedKey.from('SEC_PWD_Auth', bytes(32))), sym, bytes(4))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lock / unlock round trip; wrong kek or context → DECRYPT_FAILED', async () => {
    const enc = UnlockedKey.from('SEC_PWD_Enc', bytes(32, 1));
    const sym = UnlockedKey.from('SYM_Account', bytes(32, 2));
    const locked = await lockKey(enc, sym, bytes(4));
    expect(locked.ciphertext).toHaveLength(94);
    expect((await unlockKey(enc, locked, bytes(4))).bytes()).toEqual(bytes(32, 2));
    await expect(unlockKey(UnlockedKey.from('SEC_PWD_Enc', bytes(32, 3)), locked, bytes(4))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(unlockKey(enc, locked, bytes(5))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    const prv = await lockKey(sym, UnlockedKey.from('PRV_Account', bytes(32, 5)), bytes(2));
    expect((await unlockKey(sym, prv, bytes(2))).name).toBe('PRV_Account');
  });
});
