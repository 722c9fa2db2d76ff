/** PBKDF2 and HKDF on Node: node:crypto. PBKDF2 runs on the libuv threadpool, off the event loop. @module */
import { hkdfSync, pbkdf2 as nodePbkdf2 } from 'node:crypto';
import { ZkvaultError } from '../../errors.js';
import { HASH_LENGTH, type HashName, type KdfBackend } from '../types.js';
import { hash } from './hash.js';

const ALG: Readonly<Record<HashName, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

export const kdf: KdfBackend = {
  name: 'node',
  pbkdf2(h: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      nodePbkdf2(password, salt, iterations, dkLen, ALG[h], (err, key) => {
        if (err) reject(new ZkvaultError('UNSUPPORTED', 'zkvault: PBKDF2 failed in the platform', { cause: err }));
        else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
      });
    });
  },
  hkdf(h: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    if (info.length > 1024) {
      // OpenSSL caps info at 1024 bytes; RFC 5869 does not. Compute it from HMAC instead.
      const prk = hash.hmac(h, salt.length === 0 ? new Uint8Array(HASH_LENGTH[h]) : salt, ikm);
      return expand(h, prk, info, length);
    }
    return new Uint8Array(hkdfSync(ALG[h], ikm, salt, info, length));
  },
};

// RFC 5869 section 2.3.
function expand(h: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const mac = hash.hmacKey(h, prk);
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, off = 0; off < length; i++) {
    t = mac(t, info, Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(t.length, length - off)), off);
    off += t.length;
  }
  return out;
}
