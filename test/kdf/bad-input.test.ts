// Bad input to the public zkvault/kdf functions (src/kdf/index.ts): every wrong type, length or range
// is a rejected promise carrying ZkvaultError('INVALID_INPUT') that names the argument, never a
// synchronous throw, and never a message that repeats the password.
import { describe, expect, it } from 'vitest';
import { hkdf, passwordBytes, pbkdf2 } from '../../src/kdf/index.js';
import { ZkvaultError } from '../../src/errors.js';

const SECRET = 'hunter2-correct-horse';
const salt = new Uint8Array(16);

async function expectInvalid(call: () => Promise<Uint8Array>, argName: string): Promise<void> {
  let p: Promise<Uint8Array> | undefined;
  expect(() => {
    p = call();
  }).not.toThrow();
  expect(p).toBeInstanceOf(Promise);
  const err: unknown = await p!.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZkvaultError);
  const z = err as ZkvaultError;
  expect(z.code).toBe('INVALID_INPUT');
  expect(z.message).toContain(`"${argName}"`);
  expect(z.message).not.toContain(SECRET);
}

type Any = any; // deliberately wrong types, as untyped JavaScript callers could pass

describe('pbkdf2 bad input', () => {
  const cases: [string, string, () => Promise<Uint8Array>][] = [
    ['password: number', 'password', () => pbkdf2(42 as Any, { salt, iterations: 1 })],
    ['password: null', 'password', () => pbkdf2(null as Any, { salt, iterations: 1 })],
    ['password: array', 'password', () => pbkdf2([1, 2] as Any, { salt, iterations: 1 })],
    ['salt: string', 'salt', () => pbkdf2(SECRET, { salt: 'salt' as Any, iterations: 1 })],
    ['salt: missing', 'salt', () => pbkdf2(SECRET, { salt: undefined as Any, iterations: 1 })],
    ['salt: ArrayBuffer', 'salt', () => pbkdf2(SECRET, { salt: new ArrayBuffer(8) as Any, iterations: 1 })],
    ['options: missing', 'options', () => pbkdf2(SECRET, undefined as Any)],
    ['options: null', 'options', () => pbkdf2(SECRET, null as Any)],
    ['options: array', 'options', () => pbkdf2(SECRET, [salt] as Any)],
    ['options: bare salt (the old positional form)', 'options', () => pbkdf2(SECRET, salt as Any)],
    ['salt: absent', 'salt', () => pbkdf2(SECRET, { iterations: 1 } as Any)],
    ['iterations: missing', 'iterations', () => pbkdf2(SECRET, { salt } as Any)],
    ['iterations: 0', 'iterations', () => pbkdf2(SECRET, { salt, iterations: 0 })],
    ['iterations: -1', 'iterations', () => pbkdf2(SECRET, { salt, iterations: -1 })],
    ['iterations: NaN', 'iterations', () => pbkdf2(SECRET, { salt, iterations: Number.NaN })],
    ['iterations: 1.5', 'iterations', () => pbkdf2(SECRET, { salt, iterations: 1.5 })],
    ['iterations: Infinity', 'iterations', () => pbkdf2(SECRET, { salt, iterations: Number.POSITIVE_INFINITY })],
    ['iterations: 2^32 (huge)', 'iterations', () => pbkdf2(SECRET, { salt, iterations: 2 ** 32 })],
    ['iterations: string', 'iterations', () => pbkdf2(SECRET, { salt, iterations: '1000' as Any })],
    ['iterations: bigint', 'iterations', () => pbkdf2(SECRET, { salt, iterations: 1000n as Any })],
    ['dkLen: 0', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: 0 })],
    ['dkLen: -32', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: -32 })],
    ['dkLen: 1025 (huge)', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: 1025 })],
    ['dkLen: 2^53 (huge)', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: 2 ** 53 })],
    ['dkLen: 16.5', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: 16.5 })],
    ['dkLen: NaN', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: Number.NaN })],
    ['hash: MD5', 'hash', () => pbkdf2(SECRET, { salt, iterations: 1, hash: 'MD5' as Any })],
    ['hash: sha256 (wrong case)', 'hash', () => pbkdf2(SECRET, { salt, iterations: 1, hash: 'sha256' as Any })],
    ['hash: empty', 'hash', () => pbkdf2(SECRET, { salt, iterations: 1, hash: '' as Any })],
    ['hash: number', 'hash', () => pbkdf2(SECRET, { salt, iterations: 1, hash: 256 as Any })],
    // null is a wrong type, not "absent": it must not silently select the default.
    ['hash: null', 'hash', () => pbkdf2(SECRET, { salt, iterations: 1, hash: null as Any })],
    ['dkLen: null', 'dkLen', () => pbkdf2(SECRET, { salt, iterations: 1, dkLen: null as Any })],
  ];
  it.each(cases)('%s → INVALID_INPUT naming "%s"', async (_label, arg, call) => {
    await expectInvalid(call, arg);
  });

  it('accepts the edges of every range', async () => {
    await expect(pbkdf2(new Uint8Array(0), { salt: new Uint8Array(0), iterations: 1, dkLen: 1 })).resolves.toHaveLength(1);
    await expect(pbkdf2('', { salt, iterations: 1, dkLen: 1024, hash: 'SHA-512' })).resolves.toHaveLength(1024);
  });

  it('passwordBytes refuses non-string, non-bytes values with INVALID_INPUT', () => {
    for (const v of [undefined, null, 1, {}, [1], new ArrayBuffer(2)]) {
      expect(() => passwordBytes(v as Any)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    const raw = Uint8Array.of(0xff, 0xfe);
    expect(passwordBytes(raw)).toBe(raw); // bytes are used exactly as given (no normalisation)
  });
});

describe('hkdf bad input', () => {
  const ikm = new Uint8Array(32);
  const cases: [string, string, () => Promise<Uint8Array>][] = [
    ['ikm: string', 'ikm', () => hkdf(SECRET as Any, { length: 32 })],
    ['ikm: missing', 'ikm', () => hkdf(undefined as Any, { length: 32 })],
    ['ikm: number[]', 'ikm', () => hkdf([1, 2, 3] as Any, { length: 32 })],
    ['options: missing', 'options', () => hkdf(ikm, undefined as Any)],
    ['options: null', 'options', () => hkdf(ikm, null as Any)],
    ['length: missing', 'length', () => hkdf(ikm, {} as Any)],
    ['length: 0', 'length', () => hkdf(ikm, { length: 0 })],
    ['length: -1', 'length', () => hkdf(ikm, { length: -1 })],
    ['length: NaN', 'length', () => hkdf(ikm, { length: Number.NaN })],
    ['length: 2.5', 'length', () => hkdf(ikm, { length: 2.5 })],
    ['length: 8161 (over 255 × 32)', 'length', () => hkdf(ikm, { length: 255 * 32 + 1 })],
    ['length: 5101 with SHA-1 (over 255 × 20)', 'length', () => hkdf(ikm, { length: 255 * 20 + 1, hash: 'SHA-1' })],
    ['length: 16321 with SHA-512 (over 255 × 64)', 'length', () => hkdf(ikm, { length: 255 * 64 + 1, hash: 'SHA-512' })],
    ['length: 2^40 (huge)', 'length', () => hkdf(ikm, { length: 2 ** 40 })],
    ['length: string', 'length', () => hkdf(ikm, { length: '32' as Any })],
    ['salt: string', 'salt', () => hkdf(ikm, { length: 32, salt: 'salt' as Any })],
    ['salt: null', 'salt', () => hkdf(ikm, { length: 32, salt: null as Any })],
    ['info: string', 'info', () => hkdf(ikm, { length: 32, info: 'info' as Any })],
    ['info: number', 'info', () => hkdf(ikm, { length: 32, info: 7 as Any })],
    ['hash: SHA-384', 'hash', () => hkdf(ikm, { length: 32, hash: 'SHA-384' as Any })],
    ['hash: null', 'hash', () => hkdf(ikm, { length: 32, hash: null as Any })],
  ];
  it.each(cases)('%s → INVALID_INPUT naming "%s"', async (_label, arg, call) => {
    await expectInvalid(call, arg);
  });

  it('accepts the edges of every range', async () => {
    await expect(hkdf(new Uint8Array(0), { length: 1 })).resolves.toHaveLength(1);
    await expect(hkdf(ikm, { length: 255 * 32 })).resolves.toHaveLength(255 * 32);
    await expect(hkdf(ikm, { length: 255 * 20, hash: 'SHA-1' })).resolves.toHaveLength(255 * 20);
  });
});
