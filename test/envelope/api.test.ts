// The public `zkvault/envelope` API: bad input gets typed errors, text forms, disposal, big inputs.
import { describe, expect, it } from 'vitest';
import { envelopeKey, open, openString, seal, sealString } from '../../src/envelope/index.js';
import { ZkvaultError } from '../../src/errors.js';

const key = new Uint8Array(32).fill(3);
const pt = new TextEncoder().encode('attack at dawn');
const decryptFailed = { code: 'DECRYPT_FAILED', message: 'zkvault: decryption failed' };

describe('zkvault/envelope API', () => {
  it('round trips through seal/open and the text helpers', async () => {
    expect(await open(await seal(pt, key), key)).toEqual(pt);
    const text = await sealString(pt, key, { aad: new Uint8Array([1]) });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await openString(text, key, { aad: new Uint8Array([1]) })).toEqual(pt);
  });

  it.each([0, 1, 16, 31, 33, 64])('rejects a %i-byte key with INVALID_INPUT naming it', async (n) => {
    const k = new Uint8Array(n);
    await expect(seal(pt, k)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: `"key" expected Uint8Array of length 32, got length=${n}` });
    await expect(open(new Uint8Array(100), k)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(envelopeKey(k)).rejects.toBeInstanceOf(ZkvaultError);
  });

  it.each([
    ['a string key', () => seal(pt, 'k' as unknown as Uint8Array)],
    ['a number plaintext', () => seal(5 as unknown as Uint8Array, key)],
    ['an array plaintext', () => seal([1, 2] as unknown as Uint8Array, key)],
    ['a string aad', () => seal(pt, key, { aad: 'ctx' as unknown as Uint8Array })],
    ['a bare aad instead of options', () => seal(pt, key, new Uint8Array(1) as never)],
    ['an array for options', () => seal(pt, key, [] as never)],
    ['null options', () => open(new Uint8Array(100), key, null as never)],
    ['a null envelope', () => open(null as unknown as Uint8Array, key)],
    ['a number text', () => openString(7 as unknown as string, key)],
  ])('rejects %s with INVALID_INPUT', async (_name, call) => {
    await expect(call()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it.each([
    ['empty', ''],
    ['padding', 'AQ=='],
    ['bad characters', 'AQ+/'],
    ['impossible length', 'A'],
    ['valid base64url of garbage', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('openString fails %s text with DECRYPT_FAILED', async (_name, text) => {
    await expect(openString(text, key)).rejects.toMatchObject(decryptFailed);
  });

  it('gives byte-identical errors for every failure cause', async () => {
    const env = await seal(pt, key, { aad: new Uint8Array([1]) });
    const causes: Uint8Array[] = [new Uint8Array(0), env.subarray(0, 61), Uint8Array.of(2, ...env.subarray(1)), Uint8Array.of(1, 2, ...env.subarray(2))];
    const errs = await Promise.all(causes.map((e) => open(e, key, { aad: new Uint8Array([1]) }).catch((x: unknown) => x)));
    errs.push(await open(env, key, { aad: new Uint8Array([2]) }).catch((x: unknown) => x));
    errs.push(await open(env, new Uint8Array(32), { aad: new Uint8Array([1]) }).catch((x: unknown) => x));
    for (const e of errs) {
      expect(e).toBeInstanceOf(ZkvaultError);
      expect(e).toMatchObject(decryptFailed);
      expect((e as Error).cause).toBeUndefined();
    }
  });

  it('a disposed key refuses to work and wipes its copy', async () => {
    const raw = new Uint8Array(32).fill(5);
    const k = await envelopeKey(raw);
    const env = await k.seal(pt);
    k.dispose();
    await expect(k.seal(pt)).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    await expect(k.open(env)).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    expect(raw.every((x) => x === 5)).toBe(true); // the caller's array is not touched
    {
      using k2 = await envelopeKey(raw);
      expect(await k2.open(env)).toEqual(pt);
    }
  });

  it('keeps a private copy of a Node Buffer key (Buffer.slice would be a view)', async () => {
    const buf = Buffer.alloc(32, 7);
    const k = await envelopeKey(buf);
    const env = await k.seal(pt);
    buf.fill(1); // the caller reuses its buffer: the key object must not change
    expect(await k.open(env)).toEqual(pt);
    k.dispose(); // and disposing must not zero the caller's buffer
    expect(buf.every((x) => x === 1)).toBe(true);
  });

  it('handles a 16 MiB plaintext', async () => {
    const big = new Uint8Array(16 * 1024 * 1024).fill(0xab);
    const env = await seal(big, key);
    const back = await open(env, key);
    expect(back.length).toBe(big.length);
    expect(back[big.length - 1]).toBe(0xab);
  });

  it('does not mutate its inputs', async () => {
    const p = pt.slice();
    const aad = new Uint8Array([9, 9]);
    const env = await seal(p, key, { aad });
    const copy = env.slice();
    await open(env, key, { aad });
    expect(p).toEqual(pt);
    expect(env).toEqual(copy);
    expect(aad).toEqual(new Uint8Array([9, 9]));
  });
});
