/** Hashing and HMAC on Node: node:crypto (OpenSSL, SHA-NI where the CPU has it). @module */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { HashBackend, HashName, PreparedMac } from '../types.js';

const ALG: Readonly<Record<HashName, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

// createSecretKey refuses empty keys; HMAC with an empty key is defined (it is all-zero padded).
function macKey(key: Uint8Array): KeyObject | Uint8Array {
  return key.length === 0 ? key : createSecretKey(key);
}

export const hash: HashBackend = {
  name: 'node',
  digest(h: HashName, ...data: Uint8Array[]): Uint8Array {
    const ctx = createHash(ALG[h]);
    for (const d of data) ctx.update(d);
    return toU8(ctx.digest());
  },
  hmac(h: HashName, key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
    const ctx = createHmac(ALG[h], key);
    for (const d of data) ctx.update(d);
    return toU8(ctx.digest());
  },
  hmacKey(h: HashName, key: Uint8Array): PreparedMac {
    const alg = ALG[h];
    const k = macKey(key);
    return (...data: Uint8Array[]): Uint8Array => {
      const ctx = createHmac(alg, k);
      for (const d of data) ctx.update(d);
      return toU8(ctx.digest());
    };
  },
};
