/**
 * gzip decompression (RFC 1952) in browsers and other runtimes: the Compression Streams API
 * (`DecompressionStream('gzip')`). A stream decompresses each written chunk in full, so the input is
 * written in 512-byte slices, one at a time under the stream's backpressure: at most one slice's
 * output (deflate expands at most about 1032:1, so about 512 KiB) is pending beyond what the reader
 * took. The reader cancels the stream as soon as the total would pass the limit, so a decompression
 * bomb never grows much past it.
 * @module
 */
import { ZkvaultError } from '../../errors.js';
import type { InflateBackend } from '../types.js';

const SLICE = 512;

function notGzip(): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', 'zkvault: data is not valid gzip');
}

export const inflate: InflateBackend = {
  name: 'web',
  async gunzip(data: Uint8Array, maxOutput: number): Promise<Uint8Array> {
    if (typeof DecompressionStream !== 'function') {
      throw new ZkvaultError('UNSUPPORTED', 'zkvault: no DecompressionStream on this platform');
    }
    if (data.length === 0) throw notGzip();
    const ds = new DecompressionStream('gzip');
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    // Runs beside the reader: each write resolves only once the stream wants more input.
    const pump = (async (): Promise<void> => {
      for (let i = 0; i < data.length; i += SLICE) await writer.write(data.slice(i, i + SLICE));
      await writer.close();
    })();
    pump.catch(() => undefined); // its failure (bad data, cancel) also surfaces through read()
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        throw notGzip();
      }
      if (step.done) break;
      total += step.value.length;
      if (total > maxOutput) {
        chunks.length = 0;
        await reader.cancel().catch(() => undefined);
        throw new ZkvaultError('TOO_LARGE', `zkvault: decompressed data exceeds the limit of ${maxOutput} bytes`);
      }
      chunks.push(step.value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  },
};
