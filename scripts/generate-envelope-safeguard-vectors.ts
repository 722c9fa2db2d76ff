// Generates vectors/zkvault-envelope-v1-safeguards.json: envelopes that AES-256-GCM itself accepts,
// so that only the envelope's own checks can refuse them (issue 19).
//
// 1. twoKey: one nonce, ciphertext and tag that are valid AES-256-GCM under two different keys K1
//    and K2 ("invisible salamanders", Dodis, Grubbs, Ristenpart, Woodage, CRYPTO 2018; "partitioning
//    oracle attacks", Len, Grubbs, Ristenpart, USENIX Security 2021, section 3). Built into a v1
//    envelope whose commitment names K1: GCM opens it under both keys, the envelope only under K1.
// 2. headerBytes: envelopes with another version or suite byte, a correct commitment and a correct
//    GCM tag over that header; the envelope must refuse them on the header bytes alone.
//
// Independent of src/: built from node:crypto (AES-256-ECB/GCM, HMAC-SHA256) and BigInt GF(2^128)
// arithmetic, so the vectors test zkvault rather than restate it.
// Run: node scripts/run-ts.mjs scripts/generate-envelope-safeguard-vectors.ts
import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
function bytes(label: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, off = 0; off < length; i++, off += 32) {
    createHash('sha256').update(`zkvault-envelope-v1 safeguard ${label} ${i}`).digest().copy(out, off);
  }
  return out;
}

// --- GF(2^128) as GCM defines it (NIST SP 800-38D section 6.3): bit 0 is the MSB of byte 0. ---
const R = 0xe1n << 120n;
const MASK = (1n << 128n) - 1n;
const toInt = (b: Uint8Array): bigint => BigInt('0x' + (hex(b) || '0'));
const toBlock = (x: bigint): Buffer => Buffer.from(x.toString(16).padStart(32, '0'), 'hex');

function gfMul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK;
}
function gfPow(x: bigint, e: bigint): bigint {
  let r = 1n << 127n; // the field's one
  for (let b = x; e > 0n; e >>= 1n, b = gfMul(b, b)) if (e & 1n) r = gfMul(r, b);
  return r;
}
// The multiplicative group has order 2^128 - 1, so x^(2^128 - 2) = x^-1.
const gfInv = (x: bigint): bigint => gfPow(x, (1n << 128n) - 2n);

function aesBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** 16-byte blocks of `data`, the last one zero-padded (GHASH's padding). */
function blocks(data: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < data.length; i += 16) out.push(toInt(Buffer.concat([data.subarray(i, i + 16), Buffer.alloc(16)]).subarray(0, 16)));
  return out;
}

/** GHASH_H over the GCM input blocks A ‖ C ‖ len(A) ‖ len(C) (SP 800-38D section 7.1 step 5). */
function ghash(h: bigint, aad: Uint8Array, ct: Uint8Array): bigint {
  const lens = (BigInt(aad.length * 8) << 64n) | BigInt(ct.length * 8);
  let y = 0n;
  for (const x of [...blocks(aad), ...blocks(ct), lens]) y = gfMul(y ^ x, h);
  return y;
}

function gcmTag(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Buffer {
  const h = toInt(aesBlock(key, Buffer.alloc(16)));
  const j0 = Buffer.concat([nonce, Buffer.from([0, 0, 0, 1])]);
  return toBlock(toInt(aesBlock(key, j0)) ^ ghash(h, aad, ct));
}

/**
 * Finds the ciphertext block at `freeBlock` that makes `ct` a valid GCM ciphertext under both keys
 * with one tag. The tag is T_k = E_k(J0) + GHASH_Hk(A, C), and GHASH is linear in each C block: with
 * C_j = X, GHASH_H(A, C) = GHASH_H(A, C with C_j = 0) + X * H^p, where p counts the GHASH blocks from
 * C_j to the end (1 for the length block, plus the blocks after C_j, plus one). T_1 = T_2 gives
 * X = (E_1(J0) + E_2(J0) + G_1 + G_2) / (H_1^p + H_2^p).
 */
function solveTwoKey(k1: Uint8Array, k2: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Buffer, freeBlock: number): { ct: Buffer; tag: Buffer } {
  const zeroed = Buffer.from(ct);
  zeroed.fill(0, freeBlock * 16, freeBlock * 16 + 16);
  const h1 = toInt(aesBlock(k1, Buffer.alloc(16)));
  const h2 = toInt(aesBlock(k2, Buffer.alloc(16)));
  const p = BigInt(ct.length / 16 - freeBlock + 1);
  const rhs = toInt(gcmTag(k1, nonce, aad, zeroed)) ^ toInt(gcmTag(k2, nonce, aad, zeroed));
  const x = gfMul(rhs, gfInv(gfPow(h1, p) ^ gfPow(h2, p)));
  const out = Buffer.from(zeroed);
  toBlock(x).copy(out, freeBlock * 16);
  const tag = gcmTag(k1, nonce, aad, out);
  if (!tag.equals(gcmTag(k2, nonce, aad, out))) throw new Error('two-key solve failed');
  return { ct: out, tag };
}

/** Opens with node:crypto's own AES-256-GCM; throws if the tag does not verify. */
function gcmOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]);
}

const commit = (key: Uint8Array, nonce: Uint8Array): Buffer => createHmac('sha256', key).update('zkvault/v1/commit').update(nonce).digest();
const header = (version: number, suite: number, key: Uint8Array, nonce: Uint8Array): Buffer =>
  Buffer.concat([Buffer.from([version, suite]), nonce, commit(key, nonce)]);

// Self-check of the GF(2^128) and GHASH code against node:crypto's GCM before it is trusted.
{
  const k = bytes('selfcheck key', 32);
  const n = bytes('selfcheck nonce', 12);
  const a = bytes('selfcheck aad', 37);
  const c = createCipheriv('aes-256-gcm', k, n).setAAD(a);
  const ct = Buffer.concat([c.update(bytes('selfcheck pt', 45)), c.final()]);
  if (!gcmTag(k, n, a, ct).equals(c.getAuthTag())) throw new Error('GHASH self-check failed');
  const x = toInt(bytes('selfcheck x', 16));
  if (gfMul(x, gfInv(x)) !== 1n << 127n) throw new Error('GF(2^128) inverse self-check failed');
}

// --- 1. The two-key envelope. ---
const k1 = bytes('two-key K1', 32);
const k2 = bytes('two-key K2', 32);
const nonce = bytes('two-key nonce', 12);
const aad = Buffer.from('zkvault/v1/resource|two-key vector', 'utf8');
const hdr = header(0x01, 0x01, k1, nonce);
const gcmAad = Buffer.concat([hdr, aad]);
// Two blocks: the first encrypts a chosen message under K1 (CTR keystream from counter 2), the second
// is solved for.
const chosen = Buffer.from('opens under K1..', 'utf8');
const ks1 = aesBlock(k1, Buffer.concat([nonce, Buffer.from([0, 0, 0, 2])]));
const start = Buffer.concat([Buffer.from(chosen.map((b, i) => b ^ ks1[i]!)), Buffer.alloc(16)]);
const { ct, tag } = solveTwoKey(k1, k2, nonce, gcmAad, start, 1);
const plaintext1 = gcmOpen(k1, nonce, gcmAad, ct, tag);
const plaintext2 = gcmOpen(k2, nonce, gcmAad, ct, tag);
if (plaintext1.equals(plaintext2) || !plaintext1.subarray(0, 16).equals(chosen)) throw new Error('unexpected plaintexts');

const twoKey = {
  comment: 'one AES-256-GCM (nonce, ciphertext, tag) valid under both K1 and K2, wrapped in a v1 envelope whose commitment is HMAC-SHA256(K1, "zkvault/v1/commit" | nonce)',
  k1: hex(k1),
  k2: hex(k2),
  nonce: hex(nonce),
  aad: hex(aad),
  gcmAad: hex(gcmAad),
  ciphertext: hex(ct),
  tag: hex(tag),
  plaintext1: hex(plaintext1),
  plaintext2: hex(plaintext2),
  envelope: hex(Buffer.concat([hdr, ct, tag])),
};

// --- 2. Valid GCM, correct commitment, wrong version or suite byte. ---
const key = bytes('header key', 32);
const headerNonce = bytes('header nonce', 12);
const headerAad = Buffer.from('zkvault/v1/resource|header bytes', 'utf8');
const pt = Buffer.from('{"secret":"must not come out"}', 'utf8');
const headerBytes = [
  { comment: 'version 0x02 (a future version)', version: 0x02, suite: 0x01 },
  { comment: 'version 0x00', version: 0x00, suite: 0x01 },
  { comment: 'version 0xff', version: 0xff, suite: 0x01 },
  { comment: 'suite 0x02 (unassigned)', version: 0x01, suite: 0x02 },
  { comment: 'suite 0x00', version: 0x01, suite: 0x00 },
  { comment: 'version 0x02 and suite 0x02', version: 0x02, suite: 0x02 },
].map((c, i) => {
  const h = header(c.version, c.suite, key, headerNonce);
  const cipher = createCipheriv('aes-256-gcm', key, headerNonce).setAAD(Buffer.concat([h, headerAad]));
  const body = Buffer.concat([cipher.update(pt), cipher.final(), cipher.getAuthTag()]);
  return { tcId: i + 1, ...c, key: hex(key), nonce: hex(headerNonce), aad: hex(headerAad), plaintext: hex(pt), envelope: hex(Buffer.concat([h, body])), result: 'invalid' };
});

const doc = {
  source:
    'zkvault envelope v1 safeguard vectors (docs/formats.md, issue 19), generated by scripts/generate-envelope-safeguard-vectors.ts from node:crypto and BigInt GF(2^128) arithmetic (not from the zkvault source); not typed by hand',
  references: [
    'Dodis, Grubbs, Ristenpart, Woodage: Fast Message Franking: From Invisible Salamanders to Encryptment, CRYPTO 2018',
    'Len, Grubbs, Ristenpart: Partitioning Oracle Attacks, USENIX Security 2021, section 3 (multi-key collisions for AES-GCM)',
    'NIST SP 800-38D sections 6.3 (GF(2^128) multiplication) and 7.1 (GHASH, tag)',
  ],
  encoding:
    'lowercase hex. twoKey: AES-256-GCM(key, nonce, gcmAad) opens ciphertext|tag to plaintext1 under k1 and to plaintext2 under k2; gcmAad = envelope[0,46) | aad; the v1 envelope must open to plaintext1 under k1 and fail with DECRYPT_FAILED under k2. headerBytes: each envelope is valid AES-256-GCM over its own header with a correct commitment, and open must fail with DECRYPT_FAILED',
  twoKey,
  headerBytes,
};
const out = resolve(process.cwd(), 'vectors/zkvault-envelope-v1-safeguards.json');
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote the two-key vector and ${headerBytes.length} header-byte vectors to ${out}`);
