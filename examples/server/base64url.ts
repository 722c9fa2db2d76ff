// base64url (RFC 4648 section 5, no padding) with Node's Buffer: the example server imports only
// public zkvault entry points, and the library's own codec is not one of them.

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as unpadded base64url.
 * @param bytes - the bytes.
 * @returns the text.
 */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes unpadded, canonical base64url (Buffer alone would skip bad characters).
 * @param text - the text.
 * @returns the bytes.
 * @throws Error if the text is not canonical base64url.
 */
export function fromBase64url(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64url');
  if (!ALPHABET.test(text) || bytes.toString('base64url') !== text) throw new Error('not canonical base64url');
  return new Uint8Array(bytes);
}
