/** AES-GCM on Node: node:crypto (OpenSSL with AES-NI and CLMUL). @module */
import { createCipheriv, createDecipheriv, createSecretKey, type CipherGCMTypes, type DecipherGCM, type KeyObject } from 'node:crypto';
import { decryptFailed } from '../../errors.js';
import type { AeadBackend, AesGcmKey, GcmEncryption, GcmSegment } from '../types.js';

const TAG = 16;
/**
 * Bytes per update() call of a framed seal or a paced open: 256 KiB. A cache-sized piece copies
 * faster than a 1 MiB one; 16-256 KiB pieces measured the same and 4-8 KiB slower, the per-call
 * cost showing (issue 14, rounds 4 and 8: bench/seal-pieces.ts, docs/benchmarks.md).
 */
export const CHUNK: number = 1 << 18;
/** Above this size (4 MiB) a call hands the event loop back every {@link YIELD_EVERY} bytes. */
export const YIELD_BYTES: number = 1 << 22;
/** 1 MiB: about 0.5 ms of AES-GCM idle, and still under 50 ms on a heavily loaded core (4 MiB was not). */
const YIELD_EVERY = 1 << 20;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function cipherName(len: number): CipherGCMTypes {
  return len === 16 ? 'aes-128-gcm' : len === 24 ? 'aes-192-gcm' : 'aes-256-gcm';
}

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

class NodeGcmKey implements AesGcmKey {
  readonly #alg: CipherGCMTypes;
  readonly #key: KeyObject;

  constructor(key: Uint8Array) {
    this.#alg = cipherName(key.length);
    this.#key = createSecretKey(key);
  }

  encrypt(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, reserve: number | Uint8Array = 0): Promise<Uint8Array> {
    if (plaintext.length > YIELD_BYTES) return this.#encryptPaced(nonce, plaintext, aad, reserve);
    const c = createCipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
    c.setAAD(aad);
    // One output buffer with room for the caller's header. update() cannot write into it, so large
    // inputs go through in chunks: peak memory stays near one output, not two.
    const head = typeof reserve === 'number' ? reserve : reserve.length;
    // Every byte of the output is written below (header, ciphertext, tag) unless the caller asked
    // for free space, so it skips the zero-fill: at 1 MiB that fill cost as much as the copy.
    const out = typeof reserve === 'number' && reserve > 0 ? new Uint8Array(head + plaintext.length + TAG) : toU8(Buffer.allocUnsafeSlow(head + plaintext.length + TAG));
    if (typeof reserve !== 'number') out.set(reserve);
    let off = head;
    for (let i = 0; i < plaintext.length; i += CHUNK) {
      const part = c.update(plaintext.subarray(i, Math.min(plaintext.length, i + CHUNK)));
      out.set(part, off);
      off += part.length;
    }
    const fin = c.final(); // empty for GCM
    out.set(fin, off);
    off += fin.length;
    out.set(c.getAuthTag(), off);
    // GCM's update() returns exactly as many bytes as it is given, so this holds; the check keeps an
    // uninitialised byte from ever leaving here should that change.
    if (off + TAG !== out.length) throw new Error('zkvault: AES-GCM output length mismatch');
    return Promise.resolve(out);
  }

  // Large inputs: the same work in CHUNK steps, handing the event loop back every YIELD_EVERY bytes, so a
  // 64 MiB envelope does not stall a server for the whole cipher pass (issue 14: 826 ms).
  async #encryptPaced(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, reserve: number | Uint8Array): Promise<Uint8Array> {
    const c = createCipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
    c.setAAD(aad);
    const head = typeof reserve === 'number' ? reserve : reserve.length;
    const out = new Uint8Array(head + plaintext.length + TAG);
    if (typeof reserve !== 'number') out.set(reserve);
    let off = head;
    for (let i = 0; i < plaintext.length; i += CHUNK) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToLoop();
      const part = c.update(plaintext.subarray(i, Math.min(plaintext.length, i + CHUNK)));
      out.set(part, off);
      off += part.length;
    }
    c.final();
    out.set(c.getAuthTag(), off);
    return out;
  }

  encryptParts(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array[]> {
    // The cipher's own output buffers go out as they are: a stream needs no framed buffer, so the
    // copy that encrypt() makes into one is skipped (issue 14: it was a sixth of sealStream's CPU).
    const c = createCipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
    c.setAAD(aad);
    const parts: Uint8Array[] = [];
    if (plaintext.length > 0) parts.push(toU8(c.update(plaintext)));
    c.final(); // empty for GCM
    // The 16-byte tag is copied, not viewed: a typed array that small lives on V8's heap, and reading
    // its .buffer (toU8) makes V8 move it out first, which showed in the stream profile.
    parts.push(new Uint8Array(c.getAuthTag()));
    return Promise.resolve(parts);
  }

  // `out` is a fresh array, or the ciphertext itself (decryptInPlace): each piece is read by
  // update() before its plaintext is written over it.
  async #decryptPaced(nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array, out: Uint8Array = new Uint8Array(ciphertext.length)): Promise<Uint8Array> {
    const ctLen = ciphertext.length;
    try {
      const d = createDecipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
      d.setAAD(aad);
      d.setAuthTag(tag);
      for (let i = 0; i < ctLen; i += CHUNK) {
        if (i > 0 && i % YIELD_EVERY === 0) await yieldToLoop();
        out.set(d.update(ciphertext.subarray(i, Math.min(ctLen, i + CHUNK))), i);
      }
      d.final(); // throws on a bad tag; nothing was returned before this point
      return out;
    } catch {
      out.fill(0); // unverified plaintext, also when it was written over the caller's ciphertext
      throw decryptFailed();
    }
  }

  decryptInPlace(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    const ctLen = ciphertextAndTag.length - TAG;
    // Small inputs gain nothing: node's update() allocates its output anyway.
    if (ctLen <= YIELD_BYTES) return this.decrypt(nonce, ciphertextAndTag, aad);
    const ciphertext = ciphertextAndTag.subarray(0, ctLen);
    return this.#decryptPaced(nonce, ciphertext, ciphertextAndTag.subarray(ctLen), aad, ciphertext);
  }

  encryptSegment(nonce: Uint8Array, aad: Uint8Array): GcmEncryption {
    const c = createCipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
    c.setAAD(aad);
    return {
      update: (plaintext) => toU8(c.update(plaintext)),
      final: () => {
        c.final(); // empty for GCM
        return new Uint8Array(c.getAuthTag());
      },
    };
  }

  decrypt(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    if (ciphertextAndTag.length < TAG) return Promise.reject(decryptFailed());
    const ctLen = ciphertextAndTag.length - TAG;
    return this.decryptParts(nonce, ciphertextAndTag.subarray(0, ctLen), ciphertextAndTag.subarray(ctLen), aad);
  }

  decryptSegment(nonce: Uint8Array, aad: Uint8Array): GcmSegment {
    return new NodeGcmSegment(this.#alg, this.#key, nonce, aad);
  }

  decryptParts(nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    if (tag.length !== TAG) return Promise.reject(decryptFailed());
    if (ciphertext.length > YIELD_BYTES) return this.#decryptPaced(nonce, ciphertext, tag, aad);
    try {
      const d = createDecipheriv(this.#alg, this.#key, nonce, { authTagLength: TAG });
      d.setAAD(aad);
      d.setAuthTag(tag);
      const body = d.update(ciphertext);
      const fin = d.final(); // throws on a bad tag, before we return anything
      if (fin.length === 0) return Promise.resolve(toU8(body));
      const out = new Uint8Array(body.length + fin.length);
      out.set(body);
      out.set(fin, body.length);
      return Promise.resolve(out);
    } catch {
      return Promise.reject(decryptFailed());
    }
  }
}

/**
 * An incremental GCM decryption (the stream opener's seam, issue 14 round 4): each piece of
 * ciphertext is decrypted as it arrives, while cache-hot, and nothing is gathered. The plaintext
 * pieces stay here until the tag verifies. GCM's counter mode is its own inverse under one nonce,
 * so `recover` gets the ciphertext back by encrypting the held output again: a stream's last
 * segment, opened first as "not last", is redone that way (two passes over one segment, once per
 * stream, with no joined copy) instead of every segment being copied.
 */
class NodeGcmSegment implements GcmSegment {
  readonly #alg: CipherGCMTypes;
  readonly #key: KeyObject;
  readonly #nonce: Uint8Array;
  readonly #d: DecipherGCM;
  #held: Buffer[] = [];

  constructor(alg: CipherGCMTypes, key: KeyObject, nonce: Uint8Array, aad: Uint8Array) {
    this.#alg = alg;
    this.#key = key;
    this.#nonce = new Uint8Array(nonce);
    this.#d = createDecipheriv(alg, key, nonce, { authTagLength: TAG }) as DecipherGCM;
    this.#d.setAAD(aad);
  }

  update(ciphertext: Uint8Array): void {
    if (ciphertext.length > 0) this.#held.push(this.#d.update(ciphertext));
  }

  finish(tag: Uint8Array): Promise<Uint8Array[] | undefined> {
    if (tag.length !== TAG) return Promise.resolve(undefined);
    try {
      this.#d.setAuthTag(tag);
      this.#d.final(); // throws on a bad tag: the held pieces are then never handed out
    } catch {
      return Promise.resolve(undefined);
    }
    const out = this.#held.map(toU8);
    this.#held = [];
    return Promise.resolve(out);
  }

  recover(): Uint8Array[] {
    // Piece by piece, as the cipher hands them out: joining them cost a 1 MiB allocation and copy
    // per stream (issue 14, round 7).
    const c = createCipheriv(this.#alg, this.#key, this.#nonce, { authTagLength: TAG });
    const out = this.#held.map((b) => toU8(c.update(b)));
    this.discard();
    return out;
  }

  discard(): void {
    for (const b of this.#held) b.fill(0);
    this.#held = [];
  }
}

export const aead: AeadBackend = {
  name: 'node',
  aesGcmKey(key: Uint8Array): Promise<AesGcmKey> {
    return Promise.resolve(new NodeGcmKey(key));
  },
};
