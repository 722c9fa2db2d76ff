/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10: ML-KEM-768 per FIPS 203 + X25519) on Node: ML-KEM-768
 * from @noble/post-quantum (node:crypto on Node 20 has none), X25519, SHA3-256 and SHAKE256 from
 * node:crypto (OpenSSL), composed in src/backend/xwing-noble.ts.
 * @module
 */
import { createHash } from 'node:crypto';
import type { XWingBackend } from '../types.js';
import { xwingBackend } from '../xwing-noble.js';
import { x25519 } from './x25519.js';

function digest(alg: string, data: Uint8Array, outputLength?: number): Uint8Array {
  const h = createHash(alg, outputLength === undefined ? undefined : { outputLength }).update(data).digest();
  return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
}

/** X-Wing with OpenSSL X25519 and SHA-3. */
export const xwing: XWingBackend = xwingBackend('node', {
  x25519,
  sha3_256: (data) => digest('sha3-256', data),
  shake256: (data, length) => digest('shake256', data, length),
});
