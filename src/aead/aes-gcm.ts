/**
 * Raw AES-GCM (NIST SP 800-38D) over the backend seam, for the GCM spec and Wycheproof vectors
 * and for formats that are not ours (Insomnia's `{iv,t,d,ad}`). Not a public entry point: raw GCM
 * is neither key-committing nor misuse-resistant; use `zkvault/envelope`.
 *
 * Supported: 16/24/32-byte keys, IVs of 8 to 128 bytes (noble refuses shorter IVs, OpenSSL 3 and so
 * node:crypto longer ones; both ends are rejected with INVALID_INPUT on every backend, so the
 * backends agree), 16-byte tags only (truncated tags are rejected, SP 800-38D Appendix C).
 * @module
 */
import type { AeadBackend } from '../backend/types.js';
import { assertBytes, assertBytesRange } from '../bytes/index.js';

/** Smallest IV length (bytes) accepted. */
export const GCM_IV_MIN = 8;
/** Largest IV length (bytes) accepted. */
export const GCM_IV_MAX = 128;

/**
 * Encrypts with AES-GCM.
 * @param aead - backend.
 * @param key - 16, 24 or 32 bytes.
 * @param iv - 8 to 128 bytes (12 recommended).
 * @param plaintext - data.
 * @param aad - additional data.
 * @returns ciphertext ‖ 16-byte tag.
 * @throws ZkvaultError `INVALID_INPUT` on an unsupported key or IV length.
 */
export async function aesGcmEncrypt(
  aead: AeadBackend,
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  assertBytes(key, 'key', 16, 24, 32);
  assertBytesRange(iv, 'iv', GCM_IV_MIN, GCM_IV_MAX);
  assertBytes(plaintext, 'plaintext');
  assertBytes(aad, 'aad');
  return (await aead.aesGcmKey(key)).encrypt(iv, plaintext, aad);
}

/**
 * Decrypts with AES-GCM.
 * @param aead - backend.
 * @param key - 16, 24 or 32 bytes.
 * @param iv - 8 to 128 bytes.
 * @param ciphertextAndTag - ciphertext ‖ 16-byte tag.
 * @param aad - additional data.
 * @returns the plaintext.
 * @throws ZkvaultError `INVALID_INPUT` on an unsupported key or IV length; `DECRYPT_FAILED` on a bad tag.
 */
export async function aesGcmDecrypt(
  aead: AeadBackend,
  key: Uint8Array,
  iv: Uint8Array,
  ciphertextAndTag: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  assertBytes(key, 'key', 16, 24, 32);
  assertBytesRange(iv, 'iv', GCM_IV_MIN, GCM_IV_MAX);
  assertBytes(ciphertextAndTag, 'ciphertextAndTag');
  assertBytes(aad, 'aad');
  return (await aead.aesGcmKey(key)).decrypt(iv, ciphertextAndTag, aad);
}
