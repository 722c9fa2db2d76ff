// Type-level proofs of the calling convention (docs/api-conventions.md, "Calls" and "Values") for
// zkvault/envelope, zkvault/hpke, zkvault/kdf, the bytes-vs-text helpers, and the argument order
// `(input, key, options?)` of zkvault/compat/insomnia and the model (issue 11).
// Each @ts-expect-error line must be a compile error; if one ever compiles, tsc fails this file.
import { describe, expectTypeOf, it } from 'vitest';
import {
  decryptInsomnia,
  decryptInsomniaBytes,
  decryptInsomniaResource,
  decryptInsomniaResourceString,
  decryptInsomniaRsa,
  deriveInsomniaKey,
  encryptInsomnia,
  encryptInsomniaRsa,
  insomniaLoginA,
  insomniaLoginM1,
  openInsomniaResourceGroup,
  unwrapInsomniaGroupKey,
  wrapInsomniaGroupKey,
  type InsomniaAesMessage,
  type InsomniaLoginARequest,
  type InsomniaLoginM1Request,
  type InsomniaLoginServerState,
  type InsomniaResource,
  type InsomniaResourceGroup,
  type InsomniaRsaJwk,
  type InsomniaSrpRecord,
  type UnlockedInsomniaAccount,
} from '../../src/compat/insomnia/index.js';
import { open, openString, seal, sealString, type EnvelopeKey } from '../../src/envelope/index.js';
import {
  generateXWingKeyPair,
  open as hpkeOpen,
  openXWing,
  seal as hpkeSeal,
  sealXWing,
  setupRecipient,
  setupSender,
  type HpkeKeyPair,
  type HpkeSealResult,
  type HpkeSetupSenderResult,
} from '../../src/hpke/index.js';
import { hkdf, pbkdf2 } from '../../src/kdf/index.js';
import {
  changePassphrase,
  createGroupLog,
  createResourceGroup,
  decryptResource,
  decryptResourceStream,
  encryptResource,
  encryptResourceStream,
  encryptResourceVerified,
  generateSecretKey,
  generateSecretKeyString,
  type AccountRecord,
  type CreateResourceGroupResult,
  type GroupLogKeyResult,
  type GroupLogState,
  type ResourceGroupIds,
  type ResourceGroupKeyring,
  type ResourceMeta,
  type ResourceRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';

declare const bytes: Uint8Array;
declare const key: Uint8Array;
declare const ek: EnvelopeKey;
declare const sealed: HpkeSealResult;
declare const jwk: JsonWebKey;
declare const date: Date;
declare const iMessage: InsomniaAesMessage;
declare const iResource: InsomniaResource;
declare const iGroup: InsomniaResourceGroup;
declare const iAccount: UnlockedInsomniaAccount;
declare const srpRecord: InsomniaSrpRecord;
declare const loginA: InsomniaLoginARequest;
declare const loginM1: InsomniaLoginM1Request;
declare const serverState: InsomniaLoginServerState;
declare const mGroup: UnlockedResourceGroup;
declare const mRing: ResourceGroupKeyring;
declare const mAccount: UnlockedAccount;
declare const mRecord: ResourceRecord;
declare const mAccountRecord: AccountRecord;
declare const mMeta: ResourceMeta;
declare const mIds: ResourceGroupIds;
declare const mState: GroupLogState;

describe('envelope: (input, key, { aad })', () => {
  it('takes the aad in options only', () => {
    expectTypeOf(seal(bytes, key, { aad: bytes })).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(open(bytes, key, { aad: bytes })).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(sealString(bytes, key)).toEqualTypeOf<Promise<string>>();
    expectTypeOf(openString('text', key)).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: the aad is no longer positional
    void seal(bytes, key, bytes);
    // @ts-expect-error: nor on the prepared key
    void ek.open(bytes, bytes);
    // @ts-expect-error: sealToString is now sealString
    void ek.sealToString(bytes);
  });
});

describe('hpke: (input, key, options?) with named results', () => {
  it('seal/open and the setups', () => {
    expectTypeOf(hpkeSeal(bytes, key, { info: bytes })).toEqualTypeOf<Promise<HpkeSealResult>>();
    expectTypeOf(hpkeOpen(sealed, key, { info: bytes })).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(setupSender(key)).toEqualTypeOf<Promise<HpkeSetupSenderResult>>();
    // @ts-expect-error: the recipient key is positional, not an option
    void hpkeSeal({ recipientPublicKey: key, plaintext: bytes });
    // @ts-expect-error: setupRecipient takes enc first, then the private key
    void setupRecipient({ recipientPrivateKey: key, enc: bytes });
  });

  it('X-Wing is base mode only: no sender key or psk options', () => {
    expectTypeOf(generateXWingKeyPair()).toEqualTypeOf<HpkeKeyPair>();
    expectTypeOf(sealXWing(bytes, key, { info: bytes, aad: bytes })).toEqualTypeOf<Promise<HpkeSealResult>>();
    expectTypeOf(openXWing(sealed, key)).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: no auth mode with X-Wing
    void sealXWing(bytes, key, { senderPrivateKey: key });
    // @ts-expect-error: no psk mode either
    void openXWing(sealed, key, { psk: bytes, pskId: bytes });
  });
});

describe('kdf: the salt is an option in both', () => {
  it('pbkdf2 and hkdf', () => {
    expectTypeOf(pbkdf2('pw', { salt: bytes, iterations: 1 })).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(hkdf(bytes, { salt: bytes, length: 32 })).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: the salt is no longer positional
    void pbkdf2('pw', bytes, { iterations: 1 });
    // @ts-expect-error: and it is required
    void pbkdf2('pw', { iterations: 1 });
  });
});

describe('bytes by default, a …String helper for text', () => {
  it('secret keys and Insomnia resources', () => {
    expectTypeOf(generateSecretKey()).toEqualTypeOf<Uint8Array>();
    expectTypeOf(generateSecretKeyString()).toEqualTypeOf<string>();
    expectTypeOf(decryptInsomniaResource({ id: 'r', resourceGroupId: 'g', encContent: '' }, key)).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(decryptInsomniaResourceString({ id: 'r', resourceGroupId: 'g', encContent: '' }, key)).toEqualTypeOf<Promise<string>>();
  });

  it('RSA keys are a named JWK type: WebCrypto JWKs fit, objects of other shapes do not', () => {
    expectTypeOf(encryptInsomniaRsa('text', jwk)).toEqualTypeOf<Promise<string>>();
    expectTypeOf<JsonWebKey>().toMatchTypeOf<InsomniaRsaJwk>();
    // @ts-expect-error: any object was accepted before (the parameter was `object`)
    void encryptInsomniaRsa('text', date);
    // @ts-expect-error: members have JWK types
    void encryptInsomniaRsa('text', { kty: 'RSA', n: 1 });
  });
});

describe('zkvault/compat/insomnia: the message, blob or resource first, the key second', () => {

  it('AES: (plaintext, key, { ad }) and (message, key)', () => {
    expectTypeOf(encryptInsomnia('text', key, { ad: 'ad' })).toEqualTypeOf<Promise<InsomniaAesMessage>>();
    expectTypeOf(decryptInsomnia(iMessage, key)).toEqualTypeOf<Promise<string>>();
    expectTypeOf(decryptInsomniaBytes(iMessage, key)).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: the ad is an option now, not a third positional argument
    void encryptInsomnia('text', key, 'ad');
    // @ts-expect-error: the key is no longer first
    void decryptInsomnia(key, iMessage);
    // @ts-expect-error: nor here
    void decryptInsomniaBytes(key, iMessage);
  });

  it('RSA and group links: (blob or plaintext, JWK)', () => {
    expectTypeOf(decryptInsomniaRsa('00', jwk)).toEqualTypeOf<Promise<string>>();
    expectTypeOf(wrapInsomniaGroupKey(key, jwk)).toEqualTypeOf<Promise<string>>();
    expectTypeOf(unwrapInsomniaGroupKey('00', jwk)).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: the private key is no longer first
    void decryptInsomniaRsa(jwk, '00');
    // @ts-expect-error: the public key is no longer first
    void encryptInsomniaRsa(jwk, 'text');
    // @ts-expect-error: the group key comes first, the member's public key second
    void wrapInsomniaGroupKey(jwk, key);
    // @ts-expect-error: the link blob comes first
    void unwrapInsomniaGroupKey(jwk, '00');
  });

  it('resources, groups and the KDF', () => {
    expectTypeOf(openInsomniaResourceGroup(iGroup, iAccount)).toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(deriveInsomniaKey('pw', { email: 'a@example.com', salt: '00' })).toEqualTypeOf<Promise<Uint8Array>>();
    // @ts-expect-error: the resource comes first
    void decryptInsomniaResource(key, iResource);
    // @ts-expect-error: nor in the String variant
    void decryptInsomniaResourceString(key, iResource);
    // @ts-expect-error: the group comes first, the account second
    void openInsomniaResourceGroup(iAccount, iGroup);
    // @ts-expect-error: the email and salt are options, as the salt of pbkdf2
    void deriveInsomniaKey('pw', 'a@example.com', '00');
  });

  it('server login steps: (request, account or state)', () => {
    void insomniaLoginA(loginA, srpRecord);
    void insomniaLoginM1(loginM1, serverState);
    // @ts-expect-error: the request comes first, the stored account second
    void insomniaLoginA(srpRecord, loginA);
    // @ts-expect-error: the request comes first, the stored state second
    void insomniaLoginM1(serverState, loginM1);
  });
});

describe('zkvault (model): the resource, record or ids first, the group or account second', () => {

  it('resources: the same order as the streaming forms', () => {
    expectTypeOf(encryptResource({ ...mMeta, plaintext: 'text' }, mGroup)).toEqualTypeOf<Promise<ResourceRecord>>();
    expectTypeOf(decryptResource(mRecord, mRing, { expected: { resourceId: 'r1' } })).toEqualTypeOf<Promise<Uint8Array>>();
    void encryptResourceStream(mMeta, mGroup, { chunkSize: 1024 });
    void decryptResourceStream(mRecord as never, mGroup, { expected: { resourceId: 'r1' } });
    expectTypeOf(encryptResourceVerified({ ...mMeta, plaintext: bytes }, mGroup, mState)).toEqualTypeOf<Promise<ResourceRecord>>();
    // @ts-expect-error: the group is no longer first
    void encryptResource(mGroup, mMeta, 'text');
    // @ts-expect-error: the plaintext is part of the input, not a separate argument
    void encryptResource(mMeta, mGroup, 'text');
    // @ts-expect-error: the record comes first
    void decryptResource(mGroup, mRecord);
    // @ts-expect-error: expected is an option
    void decryptResource(mRecord, mGroup, { resourceId: 'r1' });
    // @ts-expect-error: the group and the log are no longer first
    void encryptResourceVerified(mGroup, mState, mMeta, 'text');
  });

  it('groups and passphrase changes', () => {
    expectTypeOf(createResourceGroup(mIds, mAccount)).toEqualTypeOf<Promise<CreateResourceGroupResult>>();
    expectTypeOf(createGroupLog(mIds, mAccount, { requirePq: true })).toEqualTypeOf<Promise<GroupLogKeyResult>>();
    expectTypeOf(changePassphrase(mAccountRecord, mAccount, { newPassphrase: 'new' })).toEqualTypeOf<Promise<AccountRecord>>();
    // @ts-expect-error: the ids come first, the account second
    void createResourceGroup(mAccount, mIds);
    // @ts-expect-error: nor for a group with a log
    void createGroupLog(mAccount, mIds);
    // @ts-expect-error: the record comes first, the account second
    void changePassphrase(mAccount, mAccountRecord, { newPassphrase: 'new' });
  });
});
