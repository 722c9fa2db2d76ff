/**
 * `zkvault/envelope`: the v1 key-committing, context-bound AES-256-GCM envelope, and the streaming
 * envelope for large payloads.
 * @module
 */
export { envelopeKey, open, openString, seal, sealString } from './api.js';
export {
  ENVELOPE_HEADER_LENGTH,
  ENVELOPE_NONCE_BUDGET,
  ENVELOPE_OVERHEAD,
  ENVELOPE_SUITE,
  ENVELOPE_VERSION,
  EnvelopeKey,
  type EnvelopeOptions,
} from './envelope-key.js';
export { openIterable, openStream, sealIterable, sealStream } from './stream-api.js';
export {
  STREAM_DEFAULT_CHUNK_SIZE,
  STREAM_HEADER_LENGTH,
  STREAM_MAX_CHUNK_SIZE,
  STREAM_MAX_CHUNKS,
  STREAM_MIN_CHUNK_SIZE,
  STREAM_SUITE,
  STREAM_TAG_LENGTH,
  STREAM_VERSION,
  type OpenStreamOptions,
  type SealStreamOptions,
} from './stream.js';
