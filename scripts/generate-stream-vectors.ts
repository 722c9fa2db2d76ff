// Generates vectors/zkvault-stream-v1.json: the streaming envelope (docs/formats.md, "Streaming
// envelope") with fixed key, salt, nonce prefix, aad, chunk size and plaintext, plus invalid variants
// (truncation, reordering, dropped, duplicated and appended chunks, changed chunk size, flipped
// bytes) that every implementation must reject. Inputs are SHA-256 of labels, not typed by hand.
// Run: node scripts/run-ts.mjs scripts/generate-stream-vectors.ts
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { aead } from '../src/backend/node/aead.js';
import { kdf } from '../src/backend/node/kdf.js';
import type { RandomBackend } from '../src/backend/types.js';
import { checkStreamArgs, runIterable, sealerHeader, STREAM_DEFAULT_CHUNK_SIZE, StreamSealer } from '../src/envelope/stream.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
function bytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, off = 0; off < length; i++) {
    const block = createHash('sha256').update(`zkvault-stream-v1 vector ${label} ${i}`).digest();
    out.set(block.subarray(0, Math.min(32, length - off)), off);
    off += 32;
  }
  return out;
}
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A random backend that serves the given bytes in order (salt, then nonce prefix). */
function fixed(...parts: Uint8Array[]): RandomBackend {
  const queue = [...parts];
  return {
    name: 'node',
    randomBytes(length: number): Uint8Array {
      const next = queue.shift();
      if (next === undefined || next.length !== length) throw new Error('fixed random: unexpected request');
      return next;
    },
  };
}

async function sealFixed(key: Uint8Array, salt: Uint8Array, prefix: Uint8Array, aad: Uint8Array, chunkSize: number | undefined, plaintext: Uint8Array): Promise<Uint8Array> {
  const deps = { aead, kdf, random: fixed(salt, prefix) };
  // No chunkSize option: the sealer's default (its header is what the vector pins).
  const args = checkStreamArgs(key, chunkSize === undefined ? { aad } : { aad, chunkSize }, true);
  const parts: Uint8Array[] = [];
  for await (const p of runIterable([plaintext], () => StreamSealer.create(deps, args), sealerHeader)) parts.push(p);
  return Buffer.concat(parts);
}

const cases = [
  { comment: 'empty stream, empty aad (one empty last chunk)', n: 1, chunkSize: 64, aad: new Uint8Array(0), plaintext: new Uint8Array(0) },
  { comment: 'short text in one last chunk', n: 2, chunkSize: 64, aad: text('attachments/7'), plaintext: text('hello, streaming zkvault') },
  { comment: 'exactly one full chunk (it is the last)', n: 3, chunkSize: 64, aad: bytes('aad3', 20), plaintext: bytes('pt3', 64) },
  { comment: 'two full chunks and a 1-byte last chunk', n: 4, chunkSize: 64, aad: bytes('aad4', 20), plaintext: bytes('pt4', 129) },
  { comment: 'five chunks of 100 bytes, the last 50', n: 5, chunkSize: 100, aad: bytes('aad5', 60), plaintext: bytes('pt5', 450) },
  { comment: 'chunk size 1024, three chunks', n: 6, chunkSize: 1024, aad: text('zkvault/v1/resource'), plaintext: bytes('pt6', 2100) },
];

const HEADER = 77;
const TAG = 16;
const vectors = [];
let tcId = 1;
for (const c of cases) {
  const key = bytes(`key${c.n}`, 32);
  const salt = bytes(`salt${c.n}`, 32);
  const prefix = bytes(`prefix${c.n}`, 7);
  const stream = await sealFixed(key, salt, prefix, c.aad, c.chunkSize, c.plaintext);
  vectors.push({ tcId: tcId++, comment: c.comment, key: hex(key), salt: hex(salt), noncePrefix: hex(prefix), chunkSize: c.chunkSize, aad: hex(c.aad), plaintext: hex(c.plaintext), stream: hex(stream), result: 'valid' });
}

// Invalid variants of case 5 (chunk size 100: five segments of 116, 116, 116, 116, 66 bytes).
const base = vectors[4]!;
const s5 = Buffer.from(base.stream, 'hex');
const seg = 100 + TAG;
const header = s5.subarray(0, HEADER);
const chunks: Buffer[] = [];
for (let off = HEADER; off < s5.length; off += seg) chunks.push(s5.subarray(off, Math.min(s5.length, off + seg)));
const join = (...parts: Uint8Array[]): string => hex(Buffer.concat(parts));
const flip = (at: number): string => {
  const e = Buffer.from(s5);
  e[at]! ^= 0x01;
  return e.toString('hex');
};
const [c0, c1, c2, c3, c4] = chunks as [Buffer, Buffer, Buffer, Buffer, Buffer];
const otherChunkSize = Buffer.from(header);
otherChunkSize.writeUInt32BE(116, 2);
// The same plaintext sealed under the same key but as another stream: a chunk from it must not fit.
const other = Buffer.from(await sealFixed(bytes('key5', 32), bytes('salt5-other', 32), bytes('prefix5-other', 7), Buffer.from(base.aad, 'hex'), 100, Buffer.from(base.plaintext, 'hex')));
const invalid = [
  { comment: 'empty input', stream: '' },
  { comment: 'header only', stream: join(header) },
  { comment: 'truncated header', stream: join(header.subarray(0, 76)) },
  { comment: 'truncated at a chunk boundary (last chunk dropped)', stream: join(header, c0, c1, c2, c3) },
  { comment: 'truncated inside the last chunk', stream: hex(s5.subarray(0, s5.length - 1)) },
  { comment: 'truncated inside a middle chunk', stream: hex(s5.subarray(0, HEADER + seg + 50)) },
  { comment: 'chunks 1 and 2 swapped', stream: join(header, c0, c2, c1, c3, c4) },
  { comment: 'chunk 1 dropped', stream: join(header, c0, c2, c3, c4) },
  { comment: 'chunk 1 duplicated', stream: join(header, c0, c1, c1, c2, c3, c4) },
  { comment: 'a chunk appended after the last', stream: join(header, c0, c1, c2, c3, c4, c0) },
  { comment: 'one byte appended', stream: join(s5, Uint8Array.of(0)) },
  { comment: 'last chunk replaced by a full-size copy of chunk 3', stream: join(header, c0, c1, c2, c3, c3) },
  { comment: 'chunk size changed in the header (100 → 116)', stream: join(otherChunkSize, s5.subarray(HEADER)) },
  { comment: 'chunk spliced in from another stream under the same key', stream: join(header, c0, other.subarray(HEADER + seg, HEADER + 2 * seg), c2, c3, c4) },
  { comment: 'version byte changed', stream: flip(0) },
  { comment: 'suite byte changed', stream: flip(1) },
  { comment: 'salt bit flipped', stream: flip(10) },
  { comment: 'nonce prefix bit flipped', stream: flip(40) },
  { comment: 'commitment bit flipped', stream: flip(50) },
  { comment: 'ciphertext bit flipped in chunk 2', stream: flip(HEADER + 2 * seg + 3) },
  { comment: 'tag bit flipped in the last chunk', stream: flip(s5.length - 1) },
  { comment: 'aad differs (empty instead of the context)', stream: base.stream, aad: '' },
  { comment: 'wrong key', stream: base.stream, key: hex(bytes('other key', 32)) },
];
for (const v of invalid) {
  vectors.push({ tcId: tcId++, comment: v.comment, key: v.key ?? base.key, salt: '', noncePrefix: '', chunkSize: 100, aad: v.aad ?? base.aad, plaintext: '', stream: v.stream, result: 'invalid' });
}

// Appended after the invalid cases (tcIds of the others unchanged): the default chunk size, sealed
// without the option, so the header bytes pin the default (1 MiB since issue 14 round 3). One short
// last chunk keeps the vector small.
{
  const key = bytes('key-default', 32);
  const salt = bytes('salt-default', 32);
  const prefix = bytes('prefix-default', 7);
  const aad = text('zkvault/v1/resource');
  const plaintext = bytes('pt-default', 100);
  const stream = await sealFixed(key, salt, prefix, aad, undefined, plaintext);
  vectors.push({ tcId: tcId++, comment: 'default chunk size (1 MiB), sealed without the option: one short last chunk', key: hex(key), salt: hex(salt), noncePrefix: hex(prefix), chunkSize: STREAM_DEFAULT_CHUNK_SIZE, aad: hex(aad), plaintext: hex(plaintext), stream: hex(stream), result: 'valid' });
}

const doc = {
  source: 'zkvault streaming envelope golden vectors (docs/formats.md, "Streaming envelope"), generated by scripts/generate-stream-vectors.ts from the zkvault source; not typed by hand',
  format: 'header(77) = 0x02 | 0x01 | u32be chunkSize | salt(32) | noncePrefix(7) | commitment(32); okm = HKDF-SHA256(key, salt, "zkvault/v1/stream" | header[0,6), 64); streamKey = okm[0,32), commitment = okm[32,64); chunk i = AES-256-GCM(streamKey, noncePrefix | u32be(i) | last, P_i, A = header | aad) | tag(16)',
  encoding: 'lowercase hex; result "valid" means opening (key, stream, aad) gives plaintext and sealing with this salt and noncePrefix gives stream; "invalid" means opening must fail with DECRYPT_FAILED',
  vectors,
};
const out = resolve(process.cwd(), 'vectors/zkvault-stream-v1.json');
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${vectors.length} vectors to ${out}`);
