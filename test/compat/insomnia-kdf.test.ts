// The Insomnia KDF against the fixture produced by the app's own package (vectors/insomnia-interop.json),
// on both backends, plus its input normalisation and bad-input rules.
import { describe, expect, it } from 'vitest';
import { hkdfWith } from '../../src/kdf/hkdf.js';
import { deriveInsomniaKeyWith, insomniaEmail, insomniaPassphrase, INSOMNIA_PBKDF2_ITERATIONS } from '../../src/compat/insomnia/kdf.js';
import { deriveInsomniaKey } from '../../src/compat/insomnia/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface KdfVector {
  name: string;
  email: string;
  passphrase: string;
  saltKey: string;
  saltEnc?: string;
  hkdfSaltKey?: string;
  secPwdAuth: string;
  secPwdEnc?: string;
  note?: string;
}

const fixture = loadVectors<{ vectors: KdfVector[] }>('insomnia-interop.json');

describe.each(BACKENDS)('Insomnia deriveKey fixture [$name backend]', (b) => {
  it('reproduces every fixture entry (ASCII and non-ASCII passphrases)', async () => {
    let n = 0;
    for (const v of fixture.vectors) {
      const auth = await deriveInsomniaKeyWith(b.kdf, v.passphrase, v.email, v.saltKey);
      expect(toHexT(auth), v.name).toBe(v.secPwdAuth);
      n++;
      if (v.saltEnc !== undefined && v.secPwdEnc !== undefined) {
        expect(toHexT(await deriveInsomniaKeyWith(b.kdf, v.passphrase, v.email, v.saltEnc))).toBe(v.secPwdEnc);
        n++;
      }
      if (v.hkdfSaltKey !== undefined) {
        // The intermediate: HKDF over the UTF-8 of the hex salt *string*, not the bytes it spells.
        const salt = hkdfWith(b.kdf, new TextEncoder().encode(v.email), { salt: new TextEncoder().encode(v.saltKey), length: 32 });
        expect(toHexT(salt)).toBe(v.hkdfSaltKey);
        n++;
      }
    }
    reportCounts(`insomnia-interop.json kdf [${b.name}]`, { passed: n });
    expect(n).toBe(4);
  });

  it('the non-ASCII entry differs from the app\'s forge fallback value (we follow the WebCrypto path)', async () => {
    const v = fixture.vectors.find((x) => x.note !== undefined)!;
    const forgeValue = /yields ([0-9a-f]{64})/.exec(v.note!)![1]!;
    const ours = toHexT(await deriveInsomniaKeyWith(b.kdf, v.passphrase, v.email, v.saltKey));
    expect(ours).toBe(v.secPwdAuth);
    expect(ours).not.toBe(forgeValue);
  });

  it('normalises email (trim, lower case) and passphrase (trim, NFKD) as the app does', async () => {
    const v = fixture.vectors[0]!;
    const k = await deriveInsomniaKeyWith(b.kdf, `  ${v.passphrase}\t`, `  ${v.email.toUpperCase()} `, v.saltKey);
    expect(toHexT(k)).toBe(v.secPwdAuth);
    const v2 = fixture.vectors[1]!;
    const composed = v2.passphrase.normalize('NFC');
    const decomposed = v2.passphrase.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(toHexT(await deriveInsomniaKeyWith(b.kdf, decomposed, v2.email, v2.saltKey))).toBe(v2.secPwdAuth);
    expect(toHexT(await deriveInsomniaKeyWith(b.kdf, composed, v2.email, v2.saltKey))).toBe(v2.secPwdAuth);
  });
});

describe('Insomnia KDF inputs', () => {
  it('uses the app constants', () => {
    expect(INSOMNIA_PBKDF2_ITERATIONS).toBe(100_000);
    expect(insomniaEmail(' A@B.C ')).toBe('a@b.c');
    expect(insomniaPassphrase(' x ')).toBe('x');
  });

  it('the public function binds the platform backend', async () => {
    const v = fixture.vectors[0]!;
    expect(toHexT(await deriveInsomniaKey(v.passphrase, { email: v.email, salt: v.saltKey }))).toBe(v.secPwdAuth);
  });

  it('rejects bad input with INVALID_INPUT, never a crash', async () => {
    const bad: [unknown, unknown, unknown][] = [
      [123, 'a@b.c', '00'],
      ['pw', '   ', '00'],
      ['pw', null, '00'],
      ['pw', 'a@b.c', ''],
      ['pw', 'a@b.c', 'xyz'],
      ['pw', 'a@b.c', 42],
      ['pw', 'a@b.c', 'a'.repeat(5000)],
    ];
    for (const [p, e, s] of bad) {
      const err = await deriveInsomniaKey(p as string, { email: e as string, salt: s as string }).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(ZkvaultError);
      expect((err as ZkvaultError).code).toBe('INVALID_INPUT');
    }
  });

  it('a different salt string gives a different key (upper-case hex is a different salt, as in the app)', async () => {
    const v = fixture.vectors[0]!;
    const upper = await deriveInsomniaKey(v.passphrase, { email: v.email, salt: 'ab'.repeat(32) });
    const lower = await deriveInsomniaKey(v.passphrase, { email: v.email, salt: 'AB'.repeat(32) });
    expect(toHexT(upper)).not.toBe(toHexT(lower));
    expect(hex(v.secPwdAuth)).toHaveLength(32);
  });
});
