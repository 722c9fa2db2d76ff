// Type-level proofs for the typed key states (docs/architecture.md section 2, "Typed states").
// Each @ts-expect-error line must be a compile error; if one ever compiles, tsc fails this file.
import { describe, expectTypeOf, it } from 'vitest';
import {
  LockedKey,
  PublicValue,
  storeKey,
  UnlockedKey,
  lockKey,
  unlockKey,
  type StoredKeyName,
  type StoredText,
  type LockedKeyName,
} from '../../src/keys/index.js';
import type { AccountRecord, LinkRecord, ResourceRecord } from '../../src/model/index.js';

declare const secPwdEnc: UnlockedKey<'SEC_PWD_Enc'>;
declare const secPwdAuth: UnlockedKey<'SEC_PWD_Auth'>;
declare const symRg: UnlockedKey<'SYM_ResourceGroup'>;
declare const symAccount: UnlockedKey<'SYM_Account'>;
declare const prvAccount: UnlockedKey<'PRV_Account'>;
declare const lockedSym: LockedKey<'SYM_Account'>;
declare const lockedPrv: LockedKey<'PRV_Account'>;
declare const record: AccountRecord;
declare const aad: Uint8Array;

describe('stored names', () => {
  it('the stored names are exactly the seed table Stored=Y names', () => {
    expectTypeOf<StoredKeyName>().toEqualTypeOf<
      'PUB_Account' | 'PRV_Account' | 'SYM_Account' | 'SYM_Link' | 'SLT_Auth_1' | 'SLT_Auth_2' | 'SLT_Enc' | 'SRP_Verifier' | 'PUB_Sign' | 'PRV_Sign' | 'PUB_XWing' | 'PRV_XWing'
    >();
    expectTypeOf<LockedKeyName>().toEqualTypeOf<'PRV_Account' | 'SYM_Account' | 'SYM_Link' | 'PRV_Sign' | 'PRV_XWing'>();
  });

  it('records have no field for SEC_PWD_Enc, SEC_PWD_Auth or SYM_ResourceGroup', () => {
    expectTypeOf<AccountRecord>().not.toHaveProperty('SEC_PWD_Enc');
    expectTypeOf<AccountRecord>().not.toHaveProperty('SEC_PWD_Auth');
    expectTypeOf<LinkRecord>().not.toHaveProperty('SYM_ResourceGroup');
    expectTypeOf<ResourceRecord>().not.toHaveProperty('SYM_ResourceGroup');
    expectTypeOf<AccountRecord['SYM_Account']>().toEqualTypeOf<StoredText<'SYM_Account'>>();
  });

  it('a record cannot hold SEC_PWD_Enc, SEC_PWD_Auth or a raw SYM_ResourceGroup', () => {
    // @ts-expect-error SEC_PWD_Enc is not a stored name: storeKey refuses it
    storeKey(secPwdEnc);
    // @ts-expect-error SEC_PWD_Auth is not a stored name
    storeKey(secPwdAuth);
    // @ts-expect-error a raw SYM_ResourceGroup is not storable
    storeKey(symRg);
    // @ts-expect-error there is no locked form of SYM_ResourceGroup (it travels as SYM_Link)
    new LockedKey('SYM_ResourceGroup', aad);
    // @ts-expect-error SEC_PWD_Enc has no public form either
    new PublicValue('SEC_PWD_Enc', aad);
    // @ts-expect-error an unlocked key in a record field
    const r1: AccountRecord = { ...record, SYM_Account: symAccount };
    // @ts-expect-error a plain string is not StoredText: only storeKey makes one
    const r2: AccountRecord = { ...record, SYM_Account: 'AAAA' };
    // @ts-expect-error a record has no SEC_PWD_Enc field (excess property)
    const r3: AccountRecord = { ...record, SEC_PWD_Enc: storeKey(lockedSym) };
    // @ts-expect-error StoredText of one name does not fit another name's field
    const r4: AccountRecord = { ...record, PRV_Account: storeKey(lockedSym) };
    void [r1, r2, r3, r4];
  });

  it('stored names go in', () => {
    expectTypeOf(storeKey(lockedSym)).toEqualTypeOf<StoredText<'SYM_Account'>>();
    expectTypeOf(storeKey(new PublicValue('SLT_Enc', aad))).toEqualTypeOf<StoredText<'SLT_Enc'>>();
    // @ts-expect-error an unlocked SYM_Account must be locked first
    storeKey(symAccount);
    // @ts-expect-error an unlocked PRV_Account must be locked first
    storeKey(prvAccount);
  });
});

describe('locked and unlocked are different types', () => {
  it('a locked key cannot be passed where an unlocked one is needed', () => {
    // @ts-expect-error lockKey needs an unlocked key-encryption key
    void lockKey(lockedSym, prvAccount, aad);
    // @ts-expect-error unlockKey's KEK must be unlocked
    void unlockKey(lockedSym, lockedPrv, aad);
    // @ts-expect-error a locked key is not an UnlockedKey
    const u: UnlockedKey<'SYM_Account'> = lockedSym;
    // @ts-expect-error an unlocked key is not a LockedKey
    const l: LockedKey<'SYM_Account'> = symAccount;
    void [u, l];
  });

  it('the wrong key-encryption key does not compile', () => {
    // @ts-expect-error SYM_Account is locked by SEC_PWD_Enc, not by SEC_PWD_Auth
    void lockKey(secPwdAuth, symAccount, aad);
    // @ts-expect-error PRV_Account is locked by SYM_Account
    void lockKey(secPwdEnc, prvAccount, aad);
    expectTypeOf(lockKey(secPwdEnc, symAccount, aad)).resolves.toEqualTypeOf<LockedKey<'SYM_Account'>>();
    expectTypeOf(unlockKey(symAccount, lockedPrv, aad)).resolves.toEqualTypeOf<UnlockedKey<'PRV_Account'>>();
  });

  it('names are part of the type', () => {
    // @ts-expect-error SEC_PWD_Enc is not SYM_Account
    const k: UnlockedKey<'SYM_Account'> = secPwdEnc;
    void k;
    expectTypeOf(symRg.dispose).toBeFunction();
    expectTypeOf(symRg[Symbol.dispose]).toBeFunction();
  });
});

// Issue 12: the account signing key pair follows the PRV_Account / PUB_Account rules exactly.
declare const prvSign: UnlockedKey<'PRV_Sign'>;
declare const lockedSign: LockedKey<'PRV_Sign'>;

describe('signing keys (PUB_Sign / PRV_Sign)', () => {
  it('PRV_Sign cannot be stored unwrapped, only locked under SYM_Account', () => {
    // @ts-expect-error an unlocked PRV_Sign must be locked first
    storeKey(prvSign);
    // @ts-expect-error PRV_Sign is secret: it has no public form
    new PublicValue('PRV_Sign', aad);
    // @ts-expect-error an unlocked key in the record's PRV_Sign field
    const r1: AccountRecord = { ...record, PRV_Sign: prvSign };
    // @ts-expect-error raw text is not StoredText<'PRV_Sign'>
    const r2: AccountRecord = { ...record, PRV_Sign: 'AAAA' };
    // @ts-expect-error the locked PRV_Account does not fit the PRV_Sign field
    const r3: AccountRecord = { ...record, PRV_Sign: storeKey(lockedPrv) };
    void [r1, r2, r3];
    expectTypeOf(storeKey(lockedSign)).toEqualTypeOf<StoredText<'PRV_Sign'>>();
    expectTypeOf<AccountRecord['PRV_Sign']>().toEqualTypeOf<StoredText<'PRV_Sign'> | undefined>();
  });

  it('PRV_Sign is locked by SYM_Account and by nothing else', () => {
    expectTypeOf(lockKey(symAccount, prvSign, aad)).resolves.toEqualTypeOf<LockedKey<'PRV_Sign'>>();
    expectTypeOf(unlockKey(symAccount, lockedSign, aad)).resolves.toEqualTypeOf<UnlockedKey<'PRV_Sign'>>();
    // @ts-expect-error PRV_Sign is locked by SYM_Account, not by SEC_PWD_Enc
    void lockKey(secPwdEnc, prvSign, aad);
    // @ts-expect-error a PRV_Account is not a PRV_Sign
    const k: UnlockedKey<'PRV_Sign'> = prvAccount;
    void k;
  });

  it('PUB_Sign is public: stored in the clear, never an unlocked or locked key', () => {
    expectTypeOf(storeKey(new PublicValue('PUB_Sign', aad))).toEqualTypeOf<StoredText<'PUB_Sign'>>();
    expectTypeOf<AccountRecord['PUB_Sign']>().toEqualTypeOf<StoredText<'PUB_Sign'> | undefined>();
    // @ts-expect-error PUB_Sign is not secret
    UnlockedKey.from('PUB_Sign', aad);
    // @ts-expect-error PUB_Sign is not locked
    new LockedKey('PUB_Sign', aad);
  });
});

// Issue 18: the account X-Wing key pair follows the same rules as PRV_Sign / PUB_Sign.
declare const prvXWing: UnlockedKey<'PRV_XWing'>;
declare const lockedXWing: LockedKey<'PRV_XWing'>;

describe('X-Wing keys (PUB_XWing / PRV_XWing)', () => {
  it('PRV_XWing cannot be stored unwrapped, only locked under SYM_Account', () => {
    // @ts-expect-error an unlocked PRV_XWing must be locked first
    storeKey(prvXWing);
    // @ts-expect-error PRV_XWing is secret: it has no public form
    new PublicValue('PRV_XWing', aad);
    // @ts-expect-error an unlocked key in the record's PRV_XWing field
    const r1: AccountRecord = { ...record, PRV_XWing: prvXWing };
    // @ts-expect-error the locked PRV_Sign does not fit the PRV_XWing field
    const r2: AccountRecord = { ...record, PRV_XWing: storeKey(lockedSign) };
    void [r1, r2];
    expectTypeOf(storeKey(lockedXWing)).toEqualTypeOf<StoredText<'PRV_XWing'>>();
    expectTypeOf<AccountRecord['PRV_XWing']>().toEqualTypeOf<StoredText<'PRV_XWing'> | undefined>();
  });

  it('PRV_XWing is locked by SYM_Account and by nothing else; it is not a PRV_Sign', () => {
    expectTypeOf(lockKey(symAccount, prvXWing, aad)).resolves.toEqualTypeOf<LockedKey<'PRV_XWing'>>();
    expectTypeOf(unlockKey(symAccount, lockedXWing, aad)).resolves.toEqualTypeOf<UnlockedKey<'PRV_XWing'>>();
    // @ts-expect-error PRV_XWing is locked by SYM_Account, not by SEC_PWD_Enc
    void lockKey(secPwdEnc, prvXWing, aad);
    // @ts-expect-error a PRV_Sign is not a PRV_XWing
    const k: UnlockedKey<'PRV_XWing'> = prvSign;
    void k;
  });

  it('PUB_XWing is public: stored in the clear', () => {
    expectTypeOf(storeKey(new PublicValue('PUB_XWing', aad))).toEqualTypeOf<StoredText<'PUB_XWing'>>();
    expectTypeOf<AccountRecord['PUB_XWing']>().toEqualTypeOf<StoredText<'PUB_XWing'> | undefined>();
  });
});
