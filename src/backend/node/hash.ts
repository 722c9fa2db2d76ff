/** Hashing and HMAC on Node: node:crypto (OpenSSL, SHA-NI where the CPU has it). @module */
import { createHash, createHmac } from 'node:crypto';
import type { HashBackend, HashName, PreparedMac } from '../types.js';
import { copyBytes } from '../../bytes/index.js';

const ALG: Readonly<Record<HashName, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
    // A private copy of the raw key: createHmac with raw bytes measured faster than with a KeyObject.
    const k = copyBytes(key);
    return (...data: Uint8Array[]): Uint8Array => {
      const ctx = createHmac(alg, k);
      for (const d of data) ctx.update(d);
      return toU8(ctx.digest());
    };
  },
};
