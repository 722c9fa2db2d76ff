// Type-level proofs of the calling convention (docs/api-conventions.md, "Calls" and "Values") for
// zkvault/envelope, zkvault/hpke, zkvault/kdf and the bytes-vs-text helpers (issue 11).
// Each @ts-expect-error line must be a compile error; if one ever compiles, tsc fails this file.
import { describe, expectTypeOf, it } from 'vitest';
import { decryptInsomniaResource, decryptInsomniaResourceString, encryptInsomniaRsa, type InsomniaRsaJwk } from '../../src/compat/insomnia/index.js';
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
import { generateSecretKey, generateSecretKeyString } from '../../src/model/index.js';

declare const bytes: Uint8Array;
declare const key: Uint8Array;
declare const ek: EnvelopeKey;
declare const sealed: HpkeSealResult;
declare const jwk: JsonWebKey;
declare const date: Date;

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
