// RSA-OAEP-256 (RFC 8017 section 7.1, SHA-256/MGF1-SHA-256) on both backends: Wycheproof through the
// same key-import path Insomnia keys take, round trips cross-checked with node:crypto's
// privateDecrypt as an independent OAEP, tamper rules and key validation.
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptInsomniaRsaWith,
  encryptInsomniaRsaWith,
  importInsomniaPrivateKey,
  importInsomniaPublicKey,
  unwrapInsomniaGroupKeyWith,
  wrapInsomniaGroupKeyWith,
} from '../../src/compat/insomnia/rsa.js';
import { insomniaAesJwk } from '../../src/compat/insomnia/aes.js';
import { DECRYPT_FAILED_MESSAGE, ZkvaultError } from '../../src/errors.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { zkvaultErrorOf } from '../helpers/errors.js';
import { BACKENDS } from '../helpers/backends.js';

const RSA = BACKENDS.map((b) => b.rsa);

interface WycheproofOaep {
  testGroups: {
    keySize: number;
    sha: string;
    mgfSha: string;
    privateKeyJwk: Record<string, string>;
    tests: { tcId: number; flags: string[]; msg: string; ct: string; label: string; result: 'valid' | 'invalid' | 'acceptable' }[];
  }[];
}

const wycheproof = loadVectors<WycheproofOaep>('wycheproof/rsa_oaep_2048_sha256_mgf1sha256_test.json');

let keyPair: { privateJwk: Record<string, string>; publicJwk: Record<string, string>; privateKey: KeyObject };

beforeAll(() => {
  // One 2048-bit key for the file: generation costs ~100 ms. Exported through JWK as the app stores it.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), alg: 'RSA-OAEP-256' };
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), alg: 'RSA-OAEP-256' };
  keyPair = { privateJwk, publicJwk, privateKey };
});

describe.each(RSA)('RSA-OAEP-256 [$name backend]', (rsa) => {
  it('passes Wycheproof rsa_oaep_2048_sha256_mgf1sha256 (invalid cases throw DECRYPT_FAILED)', async () => {
    const counts = { valid: 0, invalid: 0 };
    for (const g of wycheproof.testGroups) {
      expect([g.keySize, g.sha, g.mgfSha]).toEqual([2048, 'SHA-256', 'SHA-256']);
      const key = importInsomniaPrivateKey(g.privateKeyJwk);
      for (const t of g.tests) {
        const p = rsa.oaepDecrypt(key.jwk, hex(t.ct), hex(t.label));
        if (t.result === 'invalid') {
          const e = await zkvaultErrorOf(p);
          expect(e.code, `tcId ${t.tcId}`).toBe('DECRYPT_FAILED');
          expect(e.message).toBe(DECRYPT_FAILED_MESSAGE);
          counts.invalid++;
        } else {
          expect(toHexT(await p), `tcId ${t.tcId}`).toBe(t.msg);
          counts.valid++;
        }
      }
    }
    reportCounts(`wycheproof rsa_oaep_2048_sha256_mgf1sha256 [${rsa.name}]`, counts);
    expect(counts.valid + counts.invalid).toBe(37);
  });

  it('Wycheproof ciphertexts of the wrong length never reach RSA through the Insomnia blob reader', async () => {
    const g = wycheproof.testGroups[0]!;
    let n = 0;
    for (const t of g.tests.filter((x) => x.flags.includes('InvalidCiphertext'))) {
      const e = await zkvaultErrorOf(decryptInsomniaRsaWith(rsa, g.privateKeyJwk, t.ct));
      expect(e.code).toBe('DECRYPT_FAILED');
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });

  it('text round-trips and node:crypto privateDecrypt reads our blobs (and we read its)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 150 }), async (text) => {
        const blob = await encryptInsomniaRsaWith(rsa, keyPair.publicJwk, text);
        expect(blob).toMatch(/^[0-9a-f]{512}$/);
        const independent = privateDecrypt(
          { key: keyPair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
          Buffer.from(blob, 'hex'),
        );
        expect(independent.toString('utf8')).toBe(encodeURIComponent(text));
        expect(await decryptInsomniaRsaWith(rsa, keyPair.privateJwk, blob)).toBe(text);
        const theirs = publicEncrypt(
          { key: keyPair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
          Buffer.from(encodeURIComponent(text)),
        );
        expect(await decryptInsomniaRsaWith(rsa, JSON.stringify(keyPair.privateJwk), theirs.toString('hex'))).toBe(text);
      }),
      { numRuns: 15 },
    );
  });

  it('group keys wrap and unwrap; a bit flip anywhere in the blob gives DECRYPT_FAILED', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(2047), async (groupKey, bit) => {
        const blob = await wrapInsomniaGroupKeyWith(rsa, keyPair.publicJwk, groupKey);
        expect(toHexT(await unwrapInsomniaGroupKeyWith(rsa, keyPair.privateJwk, blob))).toBe(toHexT(groupKey));
        expect(toHexT(await unwrapInsomniaGroupKeyWith(rsa, keyPair.privateJwk, await wrapInsomniaGroupKeyWith(rsa, keyPair.publicJwk, insomniaAesJwk(groupKey))))).toBe(toHexT(groupKey));
        const b = Buffer.from(blob, 'hex');
        b[bit >> 3]! ^= 1 << (bit & 7);
        const e = await zkvaultErrorOf(unwrapInsomniaGroupKeyWith(rsa, keyPair.privateJwk, b.toString('hex')));
        expect(e.code).toBe('DECRYPT_FAILED');
        expect(e.message).toBe(DECRYPT_FAILED_MESSAGE);
      }),
      { numRuns: 12 },
    );
  });

  it('blobs of the wrong length or with bad hex are DECRYPT_FAILED; a link without an AES JWK is INVALID_RECORD', async () => {
    const blob = await encryptInsomniaRsaWith(rsa, keyPair.publicJwk, 'hi');
    for (const bad of ['', blob.slice(2), blob + '00', 'zz' + blob.slice(2), blob.slice(1)]) {
      expect((await zkvaultErrorOf(decryptInsomniaRsaWith(rsa, keyPair.privateJwk, bad))).code).toBe('DECRYPT_FAILED');
    }
    expect((await zkvaultErrorOf(unwrapInsomniaGroupKeyWith(rsa, keyPair.privateJwk, blob))).code).toBe('INVALID_RECORD');
    const rsaJwk = await encryptInsomniaRsaWith(rsa, keyPair.publicJwk, JSON.stringify({ kty: 'oct', k: 'AAAA' }));
    expect((await zkvaultErrorOf(unwrapInsomniaGroupKeyWith(rsa, keyPair.privateJwk, rsaJwk))).code).toBe('INVALID_RECORD');
  });

  it('refuses a plaintext too long for OAEP-SHA-256 with INVALID_INPUT', async () => {
    // k - 2·hLen - 2 = 256 - 66 = 190 bytes fit; one more does not.
    expect(await encryptInsomniaRsaWith(rsa, keyPair.publicJwk, 'a'.repeat(190))).toHaveLength(512);
    expect((await zkvaultErrorOf(encryptInsomniaRsaWith(rsa, keyPair.publicJwk, 'a'.repeat(191)))).code).toBe('INVALID_INPUT');
    expect((await zkvaultErrorOf(encryptInsomniaRsaWith(rsa, keyPair.publicJwk, '{'.repeat(64)))).code).toBe('INVALID_INPUT');
  });
});

describe('Insomnia RSA key validation', () => {
  it('accepts the app key shape and rejects every other with INVALID_INPUT', () => {
    expect(importInsomniaPublicKey(JSON.stringify(keyPair.publicJwk)).modulusBytes).toBe(256);
    expect(importInsomniaPrivateKey(keyPair.privateJwk).modulusBytes).toBe(256);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const e3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey.export({ format: 'jwk' });
    const pub = keyPair.publicJwk;
    const bad: unknown[] = [
      null,
      '{',
      [],
      { ...pub, kty: 'EC' },
      { ...pub, alg: 'RSA-OAEP' },
      { ...pub, key_ops: ['decrypt'] },
      { ...pub, n: undefined },
      { ...pub, n: 'AA' + pub['n'] },
      { ...pub, n: '!!' },
      small,
      e3,
    ];
    for (const k of bad) {
      expect(() => importInsomniaPublicKey(k)).toThrow(ZkvaultError);
      try {
        importInsomniaPublicKey(k);
      } catch (e) {
        expect((e as ZkvaultError).code).toBe('INVALID_INPUT');
      }
    }
    const { d: _d, ...noD } = keyPair.privateJwk;
    expect(() => importInsomniaPrivateKey(noD)).toThrow(ZkvaultError);
    expect(() => importInsomniaPrivateKey({ ...keyPair.privateJwk, key_ops: ['encrypt'] })).toThrow(ZkvaultError);
  });

  it('a private key with inconsistent CRT members never yields wrong plaintext or a crash', async () => {
    // OpenSSL re-checks CRT results and falls back to d (fault-attack protection), so it may still
    // decrypt correctly; otherwise it must be a ZkvaultError.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const mixed = { ...keyPair.privateJwk, p: other['p']!, q: other['q']! };
    for (const rsa of RSA) {
      const blob = await encryptInsomniaRsaWith(rsa, keyPair.publicJwk, 'x');
      const out = await decryptInsomniaRsaWith(rsa, { ...mixed }, blob).catch((e: unknown) => e);
      if (typeof out === 'string') expect(out).toBe('x');
      else expect(['INVALID_INPUT', 'DECRYPT_FAILED']).toContain((out as ZkvaultError).code);
    }
  });
});
