// Malicious sender vs. the streaming envelope's key commitment, with a real two-key vector
// (vectors/zkvault-stream-v1-safeguards.json, scripts/generate-stream-safeguard-vectors.ts): a stream
// whose one chunk is valid AES-256-GCM under the stream keys that two different keys K1 and K2 derive
// (same salt, nonce and AAD; the header commits to K1). Plain GCM opens the chunk under both stream
// keys, so the chunk's tag cannot refuse K2: only the commitment check can.
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withBackends } from '../../src/backend/backend-deps.js';
import { openIterable, openStream } from '../../src/envelope/index.js';
import { checkStreamArgs, runIterable, sealerHeader, StreamOpener, type StreamDeps } from '../../src/envelope/stream.js';
import { refOpen } from '../envelope/stream-ref.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode } from '../helpers/errors.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface TwoKeyStream {
  k1: string;
  k2: string;
  salt: string;
  noncePrefix: string;
  chunkSize: number;
  aad: string;
  streamKey1: string;
  streamKey2: string;
  commitment1: string;
  commitment2: string;
  nonce: string;
  gcmAad: string;
  ciphertext: string;
  tag: string;
  plaintext1: string;
  plaintext2: string;
  stream: string;
}
const t = loadVectors<{ twoKey: TwoKeyStream }>('zkvault-stream-v1-safeguards.json').twoKey;

/** AES-256-GCM open by node:crypto alone (no zkvault code). */
function plainGcmOpen(key: string): string {
  const d = createDecipheriv('aes-256-gcm', hex(key), hex(t.nonce));
  d.setAAD(hex(t.gcmAad));
  d.setAuthTag(hex(t.tag));
  return toHexT(Buffer.concat([d.update(hex(t.ciphertext)), d.final()]));
}

/** Stream key ‖ commitment of a key, by RFC 5869 HKDF in node:crypto (docs/formats.md, "Streaming envelope"). */
function okm(key: string): string {
  const info = Buffer.concat([Buffer.from('zkvault/v1/stream', 'utf8'), hex(t.stream).subarray(0, 6)]);
  return Buffer.from(hkdfSync('sha256', hex(key), hex(t.salt), info, 64)).toString('hex');
}

async function collect(gen: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return toHexT(Buffer.concat(parts));
}

/** Through the public `openStream` (a WHATWG TransformStream). */
async function viaTransform(key: string): Promise<string> {
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(hex(t.stream));
      c.close();
    },
  });
  const body = source.pipeThrough(openStream(hex(key), { aad: hex(t.aad) }));
  return collect(body as unknown as AsyncIterable<Uint8Array>);
}

describe('two-key streaming envelope vector (key commitment)', () => {
  it('is a one-chunk stream whose header commits to K1, with both keys deriving their stream keys as the spec says', () => {
    reportCounts('zkvault-stream-v1-safeguards', { twoKey: 1 });
    const s = hex(t.stream);
    expect(t.k1).not.toBe(t.k2);
    expect(toHexT(s.subarray(0, 6))).toBe('0201' + t.chunkSize.toString(16).padStart(8, '0'));
    expect(toHexT(s.subarray(6, 38))).toBe(t.salt);
    expect(toHexT(s.subarray(38, 45))).toBe(t.noncePrefix);
    expect(okm(t.k1)).toBe(t.streamKey1 + t.commitment1);
    expect(okm(t.k2)).toBe(t.streamKey2 + t.commitment2);
    expect(toHexT(s.subarray(45, 77))).toBe(t.commitment1);
    expect(t.commitment2).not.toBe(t.commitment1);
    expect(t.nonce).toBe(t.noncePrefix + '00000000' + '01');
    expect(t.gcmAad).toBe(t.stream.slice(0, 154) + t.aad);
    expect(t.stream).toBe(t.stream.slice(0, 154) + t.ciphertext + t.tag);
    expect(hex(t.plaintext1).length).toBeLessThanOrEqual(t.chunkSize);
  });

  it('plain GCM (node:crypto) opens the chunk under both derived stream keys, to different plaintexts', () => {
    expect(plainGcmOpen(t.streamKey1)).toBe(t.plaintext1);
    expect(plainGcmOpen(t.streamKey2)).toBe(t.plaintext2);
    expect(t.plaintext1).not.toBe(t.plaintext2);
  });

  it('the node:crypto reference opener (stream-ref.ts) opens it under K1 and refuses K2 at the commitment', () => {
    expect(toHexT(refOpen(hex(t.k1), hex(t.stream), hex(t.aad)))).toBe(t.plaintext1);
    expect(() => refOpen(hex(t.k2), hex(t.stream), hex(t.aad))).toThrow('header/commitment mismatch');
  });

  describe.each(BACKENDS)('$name backend', (b) => {
    const deps: StreamDeps = { aead: b.aead, kdf: b.kdf, random: b.random };
    const open = (key: string) =>
      collect(runIterable([hex(t.stream)], () => Promise.resolve(new StreamOpener(deps, checkStreamArgs(hex(key), { aad: hex(t.aad) }, false))), sealerHeader));

    it("the backend's raw AES-GCM accepts the chunk under both stream keys", async () => {
      for (const [k, pt] of [[t.streamKey1, t.plaintext1], [t.streamKey2, t.plaintext2]] as const) {
        const gcm = await b.aead.aesGcmKey(hex(k));
        expect(toHexT(await gcm.decrypt(hex(t.nonce), hex(t.ciphertext + t.tag), hex(t.gcmAad)))).toBe(pt);
      }
    });

    it('the stream opens under K1 only: under K2 the commitment refuses it with DECRYPT_FAILED', async () => {
      expect(await open(t.k1)).toBe(t.plaintext1);
      expect(await errorCode(open(t.k2))).toBe('DECRYPT_FAILED');
    });

    it('openStream and openIterable: K1 opens, K2 is the one DECRYPT_FAILED', async () => {
      const backends = { aead: b.aead, kdf: b.kdf, random: b.random };
      expect(await withBackends(backends, () => viaTransform(t.k1))).toBe(t.plaintext1);
      expect(await errorCode(withBackends(backends, () => viaTransform(t.k2)))).toBe('DECRYPT_FAILED');
      expect(await withBackends(backends, () => collect(openIterable([hex(t.stream)], hex(t.k1), { aad: hex(t.aad) })))).toBe(t.plaintext1);
      expect(await errorCode(withBackends(backends, () => collect(openIterable([hex(t.stream)], hex(t.k2), { aad: hex(t.aad) }))))).toBe('DECRYPT_FAILED');
    });
  });
});
