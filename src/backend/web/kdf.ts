/**
 * PBKDF2 and HKDF for browsers and other runtimes. PBKDF2 uses WebCrypto (native, off the main
 * thread, and two calls run in parallel) and falls back to @noble/hashes where `crypto.subtle`
 * is missing (insecure contexts). HKDF uses @noble/hashes, which is 4-8x faster than WebCrypto's
 * async call for the short outputs zkvault derives.
 * @module
 */
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import type { HashName, KdfBackend } from '../types.js';
import { NOBLE_HASH } from './hash.js';

function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

export const kdf: KdfBackend = {
  name: 'web',
  async pbkdf2(h: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array> {
    const s = subtle();
    if (s !== undefined) {
      const key = await s.importKey('raw', password as Uint8Array<ArrayBuffer>, 'PBKDF2', false, ['deriveBits']);
      const bits = await s.deriveBits({ name: 'PBKDF2', hash: h, salt: salt as Uint8Array<ArrayBuffer>, iterations }, key, dkLen * 8);
      return new Uint8Array(bits);
    }
    return pbkdf2Async(NOBLE_HASH[h], password, salt, { c: iterations, dkLen });
  },
  hkdf(h: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    return nobleHkdf(NOBLE_HASH[h], ikm, salt, info, length);
  },
};
