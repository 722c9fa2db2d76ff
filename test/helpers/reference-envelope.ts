// The v1 envelope as docs/formats.md specifies it, built from node:crypto alone (the independent
// implementation the envelope tests compare ours with, byte for byte).
import { createCipheriv, createHmac } from 'node:crypto';

/** @returns version ‖ suite ‖ nonce ‖ HMAC-SHA256(key, "zkvault/v1/commit" ‖ nonce) ‖ GCM(key, nonce, pt, header ‖ aad) ‖ tag. */
export function referenceEnvelope(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array): Buffer {
  const header = Buffer.concat([Buffer.of(1, 1), nonce, createHmac('sha256', key).update('zkvault/v1/commit').update(nonce).digest()]);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.concat([header, aad]));
  return Buffer.concat([header, c.update(pt), c.final(), c.getAuthTag()]);
}
