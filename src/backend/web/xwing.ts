/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10: ML-KEM-768 per FIPS 203 + X25519) on the web backend:
 * @noble/post-quantum, shared with the other backend (src/backend/xwing-noble.ts), because neither
 * node:crypto (Node 20) nor WebCrypto offers ML-KEM.
 * @module
 */
import type { XWingBackend } from '../types.js';
import { xwingBackend } from '../xwing-noble.js';

/** X-Wing through @noble/post-quantum. */
export const xwing: XWingBackend = xwingBackend('web');
