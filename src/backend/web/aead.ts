/**
 * AES-GCM for browsers and other runtimes. WebCrypto is native but has a fixed cost of tens of
 * microseconds per call; @noble/ciphers is pure JS and wins on short messages. Each call picks by
 * size: below {@link WEBCRYPTO_MIN_BYTES} noble, at or above it WebCrypto (with the CryptoKey
 * imported once per key). Without `crypto.subtle` (insecure contexts) noble does everything.
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { decryptFailed } from '../../errors.js';
import type { AeadBackend, AesGcmKey } from '../types.js';
import { concatBytes, copyBytes } from '../../bytes/index.js';

/** Message size (bytes) from which WebCrypto is faster than @noble/ciphers; measured in bench/. */
export const WEBCRYPTO_MIN_BYTES = 256;

// WebCrypto's AES-GCM is not uniform across engines: Node's accepts only 12..128-byte IVs and
// Chromium refuses 192-bit keys. So only the common shape (96-bit IV, 128/256-bit key, which is
// what the envelope uses) goes native; every other shape is noble's, which supports them all.
function webShape(key: Uint8Array, nonce: Uint8Array): boolean {
  return nonce.length === 12 && key.length !== 24;
}

type Buf = Uint8Array<ArrayBuffer>;

class WebGcmKey implements AesGcmKey {
  readonly #raw: Uint8Array;
  readonly #subtle: SubtleCrypto | undefined;
  #cryptoKey: Promise<CryptoKey> | undefined;

  constructor(key: Uint8Array) {
    this.#raw = copyBytes(key);
    this.#subtle = globalThis.crypto?.subtle;
  }

  #webKey(subtle: SubtleCrypto): Promise<CryptoKey> {
    this.#cryptoKey ??= subtle.importKey('raw', this.#raw as Buf, 'AES-GCM', false, ['encrypt', 'decrypt']);
    return this.#cryptoKey;
  }

  async encrypt(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, reserve: number | Uint8Array = 0): Promise<Uint8Array> {
    // A header is copied now: the caller may reuse its buffer once this call returns (at the first await).
    const header = typeof reserve === 'number' ? undefined : new Uint8Array(reserve);
    const head = header === undefined ? (reserve as number) : header.length;
    const s = this.#subtle;
    let sealed: Uint8Array;
    if (s !== undefined && plaintext.length >= WEBCRYPTO_MIN_BYTES && webShape(this.#raw, nonce)) {
      const alg = { name: 'AES-GCM', iv: nonce as Buf, additionalData: aad as Buf, tagLength: 128 };
      sealed = new Uint8Array(await s.encrypt(alg, await this.#webKey(s), plaintext as Buf));
    } else {
      sealed = gcm(this.#raw, nonce, aad).encrypt(plaintext);
    }
    if (head === 0) return sealed;
    // Both engines allocate their own output, so framing costs one copy here.
    const out = new Uint8Array(head + sealed.length);
    if (header !== undefined) out.set(header);
    out.set(sealed, head);
    return out;
  }

  async encryptParts(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array[]> {
    return [await this.encrypt(nonce, plaintext, aad)];
  }

  decryptParts(nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    if (tag.length !== 16) return Promise.reject(decryptFailed());
    // Both engines take ciphertext ‖ tag in one array (and WebCrypto copies its input anyway).
    return this.decrypt(nonce, concatBytes(ciphertext, tag), aad);
  }

  async decrypt(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    if (ciphertextAndTag.length < 16) throw decryptFailed();
    const s = this.#subtle;
    try {
      if (s !== undefined && ciphertextAndTag.length - 16 >= WEBCRYPTO_MIN_BYTES && webShape(this.#raw, nonce)) {
        const alg = { name: 'AES-GCM', iv: nonce as Buf, additionalData: aad as Buf, tagLength: 128 };
        return new Uint8Array(await s.decrypt(alg, await this.#webKey(s), ciphertextAndTag as Buf));
      }
      return gcm(this.#raw, nonce, aad).decrypt(ciphertextAndTag);
    } catch {
      throw decryptFailed();
    }
  }
}

export const aead: AeadBackend = {
  name: 'web',
  aesGcmKey(key: Uint8Array): Promise<AesGcmKey> {
    return Promise.resolve(new WebGcmKey(key));
  },
};
