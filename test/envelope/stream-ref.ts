// The streaming envelope of docs/formats.md built from node:crypto alone (hkdfSync, createCipheriv),
// independent of src/: the cross-check for every chunk, and a way to build non-canonical streams.
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

export const HEADER = 77;
export const TAG = 16;

export interface RefParts { header: Buffer; streamKey: Buffer; prefix: Buffer; chunkSize: number }

/** Header and stream key for the given fields, following the spec line by line (another version or suite byte makes a header the spec refuses, with a correct commitment). */
export function refHeader(key: Uint8Array, salt: Uint8Array, prefix: Uint8Array, chunkSize: number, version = 0x02, suite = 0x01): RefParts {
  const head6 = Buffer.alloc(6);
  head6[0] = version;
  head6[1] = suite;
  head6.writeUInt32BE(chunkSize, 2);
  const okm = Buffer.from(hkdfSync('sha256', key, salt, Buffer.concat([Buffer.from('zkvault/v1/stream'), head6]), 64));
  const header = Buffer.concat([head6, salt, prefix, okm.subarray(32)]);
  return { header, streamKey: okm.subarray(0, 32), prefix: Buffer.from(prefix), chunkSize };
}

export function refNonce(prefix: Uint8Array, i: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  Buffer.from(prefix).copy(n);
  n.writeUInt32BE(i, 7);
  n[11] = last ? 1 : 0;
  return n;
}

/** Seals explicit chunks (the caller decides their sizes, so non-canonical streams can be made). */
export function refSealChunks(p: RefParts, aad: Uint8Array, chunks: Uint8Array[]): Buffer {
  const out: Buffer[] = [p.header];
  chunks.forEach((pt, i) => {
    const c = createCipheriv('aes-256-gcm', p.streamKey, refNonce(p.prefix, i, i === chunks.length - 1));
    c.setAAD(Buffer.concat([p.header, aad]));
    out.push(c.update(pt), c.final(), c.getAuthTag());
  });
  return Buffer.concat(out);
}

/** Splits plaintext the canonical way: full chunks, then a last chunk of 1..chunkSize bytes (0 only if empty). */
export function canonicalChunks(pt: Uint8Array, chunkSize: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  while (pt.length - off > chunkSize) {
    out.push(pt.subarray(off, off + chunkSize));
    off += chunkSize;
  }
  out.push(pt.subarray(off));
  return out;
}

/** Opens a whole stream with node:crypto: parses the header, checks the commitment, decrypts every chunk. */
export function refOpen(key: Uint8Array, stream: Uint8Array, aad: Uint8Array): Buffer {
  const s = Buffer.from(stream);
  const chunkSize = s.readUInt32BE(2);
  const p = refHeader(key, s.subarray(6, 38), s.subarray(38, 45), chunkSize);
  if (!p.header.equals(s.subarray(0, HEADER))) throw new Error('header/commitment mismatch');
  const seg = chunkSize + TAG;
  const out: Buffer[] = [];
  for (let off = HEADER, i = 0; off < s.length; off += seg, i++) {
    const part = s.subarray(off, Math.min(s.length, off + seg));
    const d = createDecipheriv('aes-256-gcm', p.streamKey, refNonce(p.prefix, i, off + seg >= s.length));
    d.setAAD(Buffer.concat([p.header, aad]));
    d.setAuthTag(part.subarray(part.length - TAG));
    out.push(d.update(part.subarray(0, part.length - TAG)), d.final());
  }
  return Buffer.concat(out);
}
