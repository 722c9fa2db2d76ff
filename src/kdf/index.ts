/**
 * `zkvault/kdf`: PBKDF2 (RFC 8018) and HKDF (RFC 5869).
 * @module
 */
export { hkdf, type HkdfOptions } from './hkdf.js';
export { passwordBytes, pbkdf2, type Pbkdf2Options } from './pbkdf2.js';
export type { HashName } from '../backend/types.js';
