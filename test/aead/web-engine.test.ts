// The web AES-GCM backend's engine choice (src/backend/web/aead.ts): WebCrypto from
// WEBCRYPTO_MIN_BYTES of plaintext with a 96-bit nonce and a 128/256-bit key, @noble/ciphers for
// everything else and when there is no `crypto.subtle`; the CryptoKey is not extractable. Both
// engines give the same bytes (cross-check.test.ts), so only counting calls shows the choice.
// Also: the Node backend's chunked encryption of messages longer than its 256 KiB chunk.
import { createCipheriv } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { aead as webAead, WEBCRYPTO_MIN_BYTES } from '../../src/backend/web/aead.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function spySubtle(): { encrypt: () => number; decrypt: () => number; importKey: ReturnType<typeof vi.spyOn> } {
  const subtle = globalThis.crypto.subtle;
  const enc = vi.spyOn(subtle, 'encrypt');
  const dec = vi.spyOn(subtle, 'decrypt');
  const importKey = vi.spyOn(subtle, 'importKey');
  return { encrypt: () => enc.mock.calls.length, decrypt: () => dec.mock.calls.length, importKey };
}

function reference(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array): Uint8Array {
  const alg = key.length === 16 ? 'aes-128-gcm' : key.length === 24 ? 'aes-192-gcm' : 'aes-256-gcm';
  const c = createCipheriv(alg, key, nonce);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

/** Seals and opens `ptLen` bytes; @returns how many WebCrypto encrypt and decrypt calls that took. */
async function roundTrip(keyLen: number, nonceLen: number, ptLen: number, spy: ReturnType<typeof spySubtle>): Promise<[number, number]> {
  const key = new Uint8Array(keyLen).fill(7);
  const nonce = new Uint8Array(nonceLen).fill(1);
  const pt = new Uint8Array(ptLen).fill(2);
  const [e0, d0] = [spy.encrypt(), spy.decrypt()];
  const k = await webAead.aesGcmKey(key);
  const sealed = await k.encrypt(nonce, pt, new Uint8Array(0));
  expect(sealed).toEqual(reference(key, nonce, pt));
  expect(await k.decrypt(nonce, sealed, new Uint8Array(0))).toEqual(pt);
  return [spy.encrypt() - e0, spy.decrypt() - d0];
}

describe('web backend engine choice', () => {
  it('uses WebCrypto from WEBCRYPTO_MIN_BYTES of plaintext, noble below', async () => {
    const spy = spySubtle();
    expect(await roundTrip(32, 12, WEBCRYPTO_MIN_BYTES - 1, spy)).toEqual([0, 0]);
    expect(await roundTrip(32, 12, WEBCRYPTO_MIN_BYTES, spy)).toEqual([1, 1]);
    expect(await roundTrip(16, 12, WEBCRYPTO_MIN_BYTES, spy)).toEqual([1, 1]);
  });

  it('keeps 192-bit keys and nonces other than 96 bits on noble', async () => {
    const spy = spySubtle();
    expect(await roundTrip(24, 12, 2 * WEBCRYPTO_MIN_BYTES, spy)).toEqual([0, 0]);
    expect(await roundTrip(32, 16, 2 * WEBCRYPTO_MIN_BYTES, spy)).toEqual([0, 0]);
    expect(await roundTrip(32, 8, 2 * WEBCRYPTO_MIN_BYTES, spy)).toEqual([0, 0]);
  });

  it('imports the key once, not extractable', async () => {
    const spy = spySubtle();
    const k = await webAead.aesGcmKey(new Uint8Array(32).fill(3));
    const nonce = new Uint8Array(12);
    await k.decrypt(nonce, await k.encrypt(nonce, new Uint8Array(WEBCRYPTO_MIN_BYTES), new Uint8Array(0)), new Uint8Array(0));
    expect(spy.importKey).toHaveBeenCalledTimes(1);
    expect(spy.importKey.mock.calls[0]![3]).toBe(false);
  });

  it('works on noble alone where there is no crypto.subtle', async () => {
    const subtle = globalThis.crypto.subtle;
    vi.stubGlobal('crypto', undefined);
    const key = new Uint8Array(32).fill(5);
    const nonce = new Uint8Array(12).fill(6);
    const pt = new Uint8Array(2 * WEBCRYPTO_MIN_BYTES).fill(4);
    const k = await webAead.aesGcmKey(key);
    vi.unstubAllGlobals();
    const enc = vi.spyOn(subtle, 'encrypt');
    const sealed = await k.encrypt(nonce, pt, new Uint8Array(0));
    expect(sealed).toEqual(reference(key, nonce, pt));
    expect(await k.decrypt(nonce, sealed, new Uint8Array(0))).toEqual(pt);
    expect(enc).not.toHaveBeenCalled();
  });
});

describe('node backend chunking', () => {
  it('encrypts a message of 2.5 chunks (640 KiB + 3) like one-shot node:crypto', async () => {
    const key = new Uint8Array(32).fill(8);
    const nonce = new Uint8Array(12).fill(9);
    const pt = new Uint8Array(640 * 1024 + 3).map((_, i) => i & 0xff);
    const k = await nodeAead.aesGcmKey(key);
    const sealed = await k.encrypt(nonce, pt, new Uint8Array(0), 5);
    // Buffer#equals: vitest's deep equality is far too slow on 640 KiB.
    const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
    expect(same(sealed.subarray(0, 5), new Uint8Array(5))).toBe(true);
    expect(same(sealed.subarray(5), reference(key, nonce, pt))).toBe(true);
    expect(same(await k.decrypt(nonce, sealed.subarray(5), new Uint8Array(0)), pt)).toBe(true);
  });
});
