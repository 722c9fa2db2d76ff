// Each AES-GCM backend refuses a ciphertext shorter than the 16-byte tag itself, before the platform
// cipher sees it (issue 19: node:crypto and noble refuse it too, so only counting the calls shows
// the backend's own check decides). The platform primitives are wrapped, for this file only, to
// count the calls.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { aead as webAead } from '../../src/backend/web/aead.js';
import { errorCode } from '../helpers/errors.js';

const calls = vi.hoisted(() => ({ decipher: 0, gcm: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const createDecipheriv = ((...a: Parameters<typeof real.createDecipheriv>) => {
    calls.decipher++;
    return real.createDecipheriv(...a);
  }) as typeof real.createDecipheriv;
  return { ...real, createDecipheriv };
});

vi.mock('@noble/ciphers/aes.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/ciphers/aes.js')>();
  const gcm = ((...a: Parameters<typeof real.gcm>) => {
    calls.gcm++;
    return real.gcm(...a);
  }) as typeof real.gcm;
  return { ...real, gcm };
});

afterEach(() => {
  calls.decipher = 0;
  calls.gcm = 0;
});

const key = new Uint8Array(32).fill(9);
const nonce = new Uint8Array(12).fill(3);
const aad = new Uint8Array(0);

describe.each([
  ['node', nodeAead, () => calls.decipher],
  ['web', webAead, () => calls.gcm],
] as const)('%s backend', (_name, aead, used) => {
  it('opens a tag-only ciphertext (0-byte plaintext) through the platform cipher', async () => {
    const k = await aead.aesGcmKey(key);
    const sealed = await k.encrypt(nonce, new Uint8Array(0), aad);
    expect(sealed.length).toBe(16);
    const before = used();
    expect(await k.decrypt(nonce, sealed, aad)).toEqual(new Uint8Array(0));
    expect(used()).toBe(before + 1);
  });

  it('refuses 0 to 15 bytes with DECRYPT_FAILED before the platform cipher is called', async () => {
    const k = await aead.aesGcmKey(key);
    const sealed = await k.encrypt(nonce, new Uint8Array(0), aad);
    const before = used();
    for (let len = 0; len < 16; len++) {
      expect(await errorCode(k.decrypt(nonce, sealed.subarray(0, len), aad))).toBe('DECRYPT_FAILED');
    }
    expect(used()).toBe(before);
  });
});
