// Multi-key collisions for AES-256-GCM, shared by the safeguard vector generators (issue 19): one
// nonce, ciphertext and tag that are valid under two different keys ("invisible salamanders",
// Dodis, Grubbs, Ristenpart, Woodage, CRYPTO 2018; "partitioning oracle attacks", Len, Grubbs,
// Ristenpart, USENIX Security 2021, section 3).
//
// Independent of src/: node:crypto (AES-256-ECB for E_K, AES-256-GCM) and BigInt GF(2^128)
// arithmetic, so the vectors test zkvault rather than restate it.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Deterministic inputs: `length` bytes of SHA-256(`<prefix> <label> <i>`), i = 0, 1, …. */
export function labelBytes(prefix: string): (label: string, length: number) => Buffer {
  return (label, length) => {
    const out = Buffer.alloc(length);
    for (let i = 0, off = 0; off < length; i++, off += 32) createHash('sha256').update(`${prefix} ${label} ${i}`).digest().copy(out, off);
    return out;
  };
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

/** E_K(block): one AES-256 block encryption. */
export function aesBlock(key: Uint8Array, block: Uint8Array): Buffer {
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

/** The GCM tag of `ct` (96-bit nonce), computed from the definition. */
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
 * X = (E_1(J0) + E_2(J0) + G_1 + G_2) / (H_1^p + H_2^p). `ct` must be whole blocks.
 */
export function solveTwoKey(k1: Uint8Array, k2: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Buffer, freeBlock: number): { ct: Buffer; tag: Buffer } {
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

/**
 * A two-block ciphertext whose first block encrypts `chosen` (16 bytes) under `k1` (CTR keystream
 * from counter 2) and whose second block is solved for, so one tag is valid under `k1` and `k2`.
 */
export function twoKeyCiphertext(k1: Uint8Array, k2: Uint8Array, nonce: Uint8Array, aad: Uint8Array, chosen: Uint8Array): { ct: Buffer; tag: Buffer } {
  if (chosen.length !== 16) throw new Error('chosen block must be 16 bytes');
  const ks1 = aesBlock(k1, Buffer.concat([nonce, Buffer.from([0, 0, 0, 2])]));
  const start = Buffer.concat([Buffer.from(chosen.map((b, i) => b ^ ks1[i]!)), Buffer.alloc(16)]);
  return solveTwoKey(k1, k2, nonce, aad, start, 1);
}

/** Opens with node:crypto's own AES-256-GCM; throws if the tag does not verify. */
export function gcmOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]);
}

/**
 * Checks the GF(2^128) and GHASH code against node:crypto's GCM before it is trusted.
 * @param bytes - deterministic input bytes for a label.
 */
export function selfCheck(bytes: (label: string, length: number) => Buffer): void {
  const k = bytes('selfcheck key', 32);
  const n = bytes('selfcheck nonce', 12);
  const a = bytes('selfcheck aad', 37);
  const c = createCipheriv('aes-256-gcm', k, n).setAAD(a);
  const ct = Buffer.concat([c.update(bytes('selfcheck pt', 45)), c.final()]);
  if (!gcmTag(k, n, a, ct).equals(c.getAuthTag())) throw new Error('GHASH self-check failed');
  const x = toInt(bytes('selfcheck x', 16));
  if (gfMul(x, gfInv(x)) !== 1n << 127n) throw new Error('GF(2^128) inverse self-check failed');
}
