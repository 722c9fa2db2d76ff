/**
 * `zkvault/envelope`: the v1 key-committing, context-bound AES-256-GCM envelope.
 * @module
 */
export { envelopeKey, open, openString, seal, sealToString } from './api.js';
export {
  ENVELOPE_HEADER_LENGTH,
  ENVELOPE_NONCE_BUDGET,
  ENVELOPE_OVERHEAD,
  ENVELOPE_SUITE,
  ENVELOPE_VERSION,
  EnvelopeKey,
} from './envelope-key.js';
