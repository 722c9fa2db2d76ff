// Each refusal of src/compat/insomnia/aes.ts is made by its own check (issue 19, mutation testing):
// every bad input passes every other check, and the code and message name what was refused. Also the
// JWK forms the app writes or reads (no `alg`, padded `k`), and the public bytes reader.
import { describe, expect, it } from 'vitest';
import { decryptInsomniaBytesWith, encryptInsomniaWith, insomniaAesJwk, insomniaAesKey, parseInsomniaMessage } from '../../src/compat/insomnia/aes.js';
import { decryptInsomniaBytes, encryptInsomnia } from '../../src/compat/insomnia/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { toHexT } from '../helpers/vectors.js';
import { outcome } from '../helpers/errors.js';


const raw = new Uint8Array(32).map((_, i) => i + 1);
const k = Buffer.from(raw).toString('base64url');
const b = BACKENDS[0]!;

describe('insomniaAesKey: each key form is checked by its own rule', () => {
  it('names the key in each refusal', async () => {
    expect(await outcome(() => insomniaAesKey(new Uint8Array(31)))).toMatch(/^INVALID_INPUT: "key" expected Uint8Array of length 32/);
    expect(await outcome(() => insomniaAesKey('ab'.repeat(31)))).toBe('INVALID_INPUT: "key" expected 64 hex characters, got length=62');
    expect(await outcome(() => insomniaAesKey('zz'.repeat(32)))).toMatch(/^INVALID_INPUT: "key" /);
    expect(await outcome(() => insomniaAesKey(null as never))).toMatch(/^INVALID_INPUT: "key" expected/);
    expect(await outcome(() => insomniaAesJwk(new Uint8Array(31)))).toMatch(/^INVALID_INPUT: "key" expected Uint8Array of length 32/);
  });

  it('refuses a JWK whose kty is not "oct", even with a good 32-byte k', async () => {
    expect(await outcome(() => insomniaAesKey({ kty: 'RSA', k } as never))).toBe('INVALID_INPUT: "key" expected a JWK with kty "oct" and k');
  });

  it('refuses an "oct" JWK whose k is missing or not a string', async () => {
    for (const jwk of [{ kty: 'oct' }, { kty: 'oct', k: 5 }, { kty: 'oct', k: [...raw] }]) {
      expect(await outcome(() => insomniaAesKey(jwk as never))).toBe('INVALID_INPUT: "key" expected a JWK with kty "oct" and k');
    }
  });

  it('accepts a JWK without alg; refuses any alg but A256GCM', async () => {
    expect(toHexT(insomniaAesKey({ kty: 'oct', k }))).toBe(toHexT(raw));
    expect(await outcome(() => insomniaAesKey({ kty: 'oct', k, alg: 'A128GCM' }))).toBe('INVALID_INPUT: "key" expected JWK alg A256GCM');
  });

  it('tolerates trailing base64 padding on k, and only trailing padding', async () => {
    // 32 bytes are 43 base64url characters plus one "=" when padded.
    expect(toHexT(insomniaAesKey({ kty: 'oct', k: `${k}=` }))).toBe(toHexT(raw));
    expect(toHexT(insomniaAesKey({ kty: 'oct', k: `${k}==` }))).toBe(toHexT(raw));
    expect(await outcome(() => insomniaAesKey({ kty: 'oct', k: `${k.slice(0, 20)}=${k.slice(20)}` }))).toMatch(/^INVALID_INPUT: "key\.k" /);
  });

  it('names key.k when it is not 32 bytes', async () => {
    expect(await outcome(() => insomniaAesKey({ kty: 'oct', k: Buffer.alloc(16).toString('base64url') }))).toMatch(/^INVALID_INPUT: "key\.k" expected Uint8Array of length 32/);
  });
});

describe('parseInsomniaMessage: each refusal says what is wrong', () => {
  it('text that is not JSON', async () => {
    expect(await outcome(() => parseInsomniaMessage('{'))).toBe('INVALID_RECORD: zkvault: Insomnia message is not valid JSON');
  });

  it('JSON that is not a plain object', async () => {
    for (const m of [null, 5, '[]', '"x"', []]) {
      expect(await outcome(() => parseInsomniaMessage(m))).toBe('INVALID_RECORD: zkvault: Insomnia message expected a plain object');
    }
  });

  it('each of iv, t, d and ad must be a string, on its own', async () => {
    const good = { iv: '00', t: '00', d: '00', ad: '' };
    expect(await outcome(() => parseInsomniaMessage(good))).toBe('OK');
    for (const field of ['iv', 't', 'd', 'ad']) {
      for (const v of [1, undefined, null]) {
        expect(await outcome(() => parseInsomniaMessage({ ...good, [field]: v }))).toBe(
          'INVALID_RECORD: zkvault: Insomnia message expected string members iv, t, d and ad',
        );
      }
    }
  });
});

describe('encryptInsomnia: argument refusals name the argument', () => {
  it('a string with a lone surrogate', async () => {
    expect(await outcome(() => encryptInsomniaWith(b, raw, '\ud800'))).toBe('INVALID_INPUT: "plaintext" expected a well-formed string (no lone surrogates)');
  });

  it('a plaintext or ad that is neither string nor bytes', async () => {
    expect(await outcome(() => encryptInsomniaWith(b, raw, 5 as never))).toMatch(/^INVALID_INPUT: "plaintext" expected Uint8Array/);
    expect(await outcome(() => encryptInsomniaWith(b, raw, 'x', 5 as never))).toMatch(/^INVALID_INPUT: "ad" expected Uint8Array/);
  });
});

describe('decryptInsomniaBytes (the public buffer reader)', () => {
  it('opens a buffer-variant message and refuses a truncated tag', async () => {
    const m = await encryptInsomnia(Uint8Array.of(1, 2, 3), raw);
    expect([...(await decryptInsomniaBytes(m, raw))]).toEqual([1, 2, 3]);
    expect([...(await decryptInsomniaBytes(JSON.stringify(m), toHexT(raw)))]).toEqual([1, 2, 3]);
    expect(await outcome(() => decryptInsomniaBytes({ ...m, t: m.t.slice(0, 30) }, raw))).toMatch(/^DECRYPT_FAILED: /);
    expect(await outcome(() => decryptInsomniaBytesWith(b, raw, { ...m, t: m.t.slice(0, 30) }))).toMatch(/^DECRYPT_FAILED: /);
  });
});
