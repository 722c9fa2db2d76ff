/**
 * The platform seam. Every family below has two implementations, `src/backend/node/<family>.ts`
 * (node:crypto / OpenSSL) and `src/backend/web/<family>.ts` (WebCrypto and @noble). Library code
 * imports `#backend/<family>`, which package.json `imports` resolves per platform at import time:
 * the `node` condition gets node:crypto, everything else (browsers, bundlers, Deno) the web module.
 * Nothing sniffs the runtime.
 *
 * Backend functions assume validated arguments (the public layer checks them) except where noted.
 * @module
 */

/** Hash functions used anywhere in zkvault. SHA-1 only for vectors and legacy formats. */
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-512';

/** Output length in bytes of each {@link HashName}. */
export const HASH_LENGTH: Readonly<Record<HashName, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-512': 64 };

/** Random bytes from the platform CSPRNG. */
export interface RandomBackend {
  readonly name: 'node' | 'web';
  /** @returns `length` bytes from the CSPRNG. */
  randomBytes(length: number): Uint8Array;
}

/** A MAC bound to one key, so per-key setup (key object, HMAC pads) happens once. */
export type PreparedMac = (...data: Uint8Array[]) => Uint8Array;

/** Synchronous hashing and HMAC. */
export interface HashBackend {
  readonly name: 'node' | 'web';
  /** @returns H(data[0] ‖ data[1] ‖ …). */
  digest(hash: HashName, ...data: Uint8Array[]): Uint8Array;
  /** @returns HMAC-H(key, data[0] ‖ data[1] ‖ …). */
  hmac(hash: HashName, key: Uint8Array, ...data: Uint8Array[]): Uint8Array;
  /** @returns a function computing HMAC-H(key, …) with the key setup cached. */
  hmacKey(hash: HashName, key: Uint8Array): PreparedMac;
}

/** Key derivation. */
export interface KdfBackend {
  readonly name: 'node' | 'web';
  /** PBKDF2 (RFC 8018). Runs off the main thread where the platform allows (Node threadpool, WebCrypto). */
  pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array>;
  /** HKDF (RFC 5869), extract then expand; `length` at most 255 × hash length. */
  hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}

/** AES-GCM bound to one key (16, 24 or 32 bytes). Tags are always 16 bytes, appended to the ciphertext. */
export interface AesGcmKey {
  /**
   * @param reserve - leading bytes to leave free in the output for the caller's header (default 0),
   *   so a framed message is built without copying the ciphertext again.
   * @returns (reserve zero bytes ‖) ciphertext ‖ tag. `nonce` is 8 bytes or more (12 recommended).
   */
  encrypt(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, reserve?: number): Promise<Uint8Array>;
  /** @returns the plaintext; throws `ZkvaultError('DECRYPT_FAILED')` on any failure. */
  decrypt(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
}

/** AES-GCM. */
export interface AeadBackend {
  readonly name: 'node' | 'web';
  /** Prepares per-key state (node KeyObject, WebCrypto CryptoKey, noble expanded key). */
  aesGcmKey(key: Uint8Array): Promise<AesGcmKey>;
}
