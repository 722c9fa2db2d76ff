/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10: ML-KEM-768 per FIPS 203 + X25519) for browsers and other
 * runtimes: ML-KEM-768 from @noble/post-quantum, X25519 from this backend (@noble/curves), SHA3-256
 * and SHAKE256 from @noble/hashes, composed in src/backend/xwing-noble.ts.
 * @module
 */
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import type { XWingBackend } from '../types.js';
import { xwingBackend } from '../xwing-noble.js';
import { x25519 } from './x25519.js';

/** X-Wing with @noble X25519 and SHA-3. */
export const xwing: XWingBackend = xwingBackend('web', {
  x25519,
  sha3_256: (data) => sha3_256(data),
  shake256: (data, length) => shake256(data, { dkLen: length }),
});
