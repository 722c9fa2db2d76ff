/**
 * Hashing and HMAC for browsers and other runtimes: @noble/hashes. WebCrypto `digest` is async and
 * costs ~60 µs per call, far more than hashing the short inputs zkvault hashes, so pure JS wins here.
 * @module
 */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { hmacSha256OneBlock, ONE_BLOCK_MAX, oneBlockHmacWorks } from '../hmac-sha256-block.js';
import type { HashBackend, HashName, PreparedMac } from '../types.js';

/** noble hash constructors by name. */
export const NOBLE_HASH: Readonly<Record<HashName, CHash>> = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-512': sha512 };

export const hash: HashBackend = {
  name: 'web',
  digest(h: HashName, ...data: Uint8Array[]): Uint8Array {
    const ctx = NOBLE_HASH[h].create();
    for (const d of data) ctx.update(d);
    return ctx.digest();
  },
  hmac(h: HashName, key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
    const ctx = nobleHmac.create(NOBLE_HASH[h], key);
    for (const d of data) ctx.update(d);
    return ctx.digest();
  },
  hmacKey(h: HashName, key: Uint8Array): PreparedMac {
    // Keyed once: inner and outer pads are absorbed here, each call clones that state.
    const base = nobleHmac.create(NOBLE_HASH[h], key);
    // SHA-256 messages of one block (the envelope commitment): two compressions from prepared
    // midstates, without the clone (about 3 against 10 µs per call on Node, issue 14 en14).
    const oneBlock = h === 'SHA-256' && oneBlockHmacWorks(sha256) ? hmacSha256OneBlock(key, sha256) : undefined;
    return (...data: Uint8Array[]): Uint8Array => {
      if (oneBlock !== undefined) {
        let n = 0;
        for (const d of data) n += d.length;
        if (n <= ONE_BLOCK_MAX) return oneBlock(...data);
      }
      const ctx = base.clone();
      for (const d of data) ctx.update(d);
      return ctx.digest();
    };
  },
};
