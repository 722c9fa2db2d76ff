// Golden vectors of the streaming envelope (vectors/zkvault-stream-v1.json), checked three ways: our
// sealer with the fixed salt and prefix reproduces the bytes on each backend, our opener accepts or
// rejects them, and the independent node:crypto construction (stream-ref.ts) gives the same bytes.
import { describe, expect, it } from 'vitest';
import type { RandomBackend } from '../../src/backend/types.js';
import { checkStreamArgs, runIterable, sealerHeader, STREAM_DEFAULT_CHUNK_SIZE, StreamOpener, StreamSealer } from '../../src/envelope/stream.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { errorCode } from '../helpers/errors.js';
import { canonicalChunks, refHeader, refOpen, refSealChunks } from './stream-ref.js';

interface StreamVector { tcId: number; comment: string; key: string; salt: string; noncePrefix: string; chunkSize: number; aad: string; plaintext: string; stream: string; result: 'valid' | 'invalid' }
const file = loadVectors<{ vectors: StreamVector[] }>('zkvault-stream-v1.json');
const valid = file.vectors.filter((v) => v.result === 'valid');
const invalid = file.vectors.filter((v) => v.result === 'invalid');

function fixedRandom(...parts: Uint8Array[]): RandomBackend {
  return { name: 'node', randomBytes: () => parts.shift()! };
}

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return Buffer.concat(parts);
}

describe('zkvault-stream-v1.json', () => {
  it('has valid and invalid vectors', () => {
    expect(valid.length).toBeGreaterThanOrEqual(6);
    expect(invalid.length).toBeGreaterThanOrEqual(20);
    reportCounts('zkvault-stream-v1', { valid: valid.length, invalid: invalid.length });
  });

  it.each(valid)('independent node:crypto layout matches tc $tcId ($comment)', (v) => {
    const p = refHeader(hex(v.key), hex(v.salt), hex(v.noncePrefix), v.chunkSize);
    const pt = hex(v.plaintext);
    expect(toHexT(refSealChunks(p, hex(v.aad), canonicalChunks(pt, v.chunkSize)))).toBe(v.stream);
    expect(toHexT(refOpen(hex(v.key), hex(v.stream), hex(v.aad)))).toBe(v.plaintext);
  });

  describe.each(BACKENDS)('$name backend', (b) => {
    it.each(valid)('seal reproduces and open accepts tc $tcId ($comment)', async (v) => {
      const deps = { aead: b.aead, kdf: b.kdf, random: fixedRandom(hex(v.salt), hex(v.noncePrefix)) };
      const args = checkStreamArgs(hex(v.key), { aad: hex(v.aad), chunkSize: v.chunkSize }, true);
      const sealed = await collect(runIterable([hex(v.plaintext)], () => StreamSealer.create(deps, args), sealerHeader));
      expect(toHexT(sealed)).toBe(v.stream);
      const oargs = checkStreamArgs(hex(v.key), { aad: hex(v.aad) }, false);
      const opened = await collect(runIterable([hex(v.stream)], () => Promise.resolve(new StreamOpener(deps, oargs)), sealerHeader));
      expect(toHexT(opened)).toBe(v.plaintext);
    });

    it('sealing without a chunkSize option reproduces the default-chunk-size vector (the default is pinned)', async () => {
      const v = valid.find((x) => x.chunkSize === STREAM_DEFAULT_CHUNK_SIZE);
      expect(v?.chunkSize).toBe(1 << 20);
      const deps = { aead: b.aead, kdf: b.kdf, random: fixedRandom(hex(v!.salt), hex(v!.noncePrefix)) };
      const args = checkStreamArgs(hex(v!.key), { aad: hex(v!.aad) }, true);
      expect(toHexT(await collect(runIterable([hex(v!.plaintext)], () => StreamSealer.create(deps, args), sealerHeader)))).toBe(v!.stream);
    });

    it.each(invalid)('open rejects tc $tcId ($comment) with DECRYPT_FAILED', async (v) => {
      const deps = { aead: b.aead, kdf: b.kdf, random: b.random };
      const oargs = checkStreamArgs(hex(v.key), { aad: hex(v.aad) }, false);
      const run = collect(runIterable([hex(v.stream)], () => Promise.resolve(new StreamOpener(deps, oargs)), sealerHeader));
      expect(await errorCode(run)).toBe('DECRYPT_FAILED');
    });
  });
});
