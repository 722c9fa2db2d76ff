/**
 * HMAC-SHA256 (RFC 2104, SHA-256 from FIPS 180-4) of short messages with the key's pads absorbed
 * once: H((K ^ opad) ‖ H((K ^ ipad) ‖ m)) where both pad blocks are already compressed into two
 * midstates, so a message of at most {@link ONE_BLOCK_MAX} bytes costs exactly two SHA-256
 * compressions (@noble/hashes' own, reached through its exported `_SHA256` class) and no native call.
 *
 * Why: the envelope's key commitment is an HMAC of 29 bytes on every seal and open. Two one-shot
 * `crypto.hash` calls cost 4-5 µs there (the native call, not the hashing, dominates), a third of an
 * open at 1 KiB; noble's `hmac.clone()` costs about 10 µs. SHA-256 is pure add/rotate/xor, so this
 * path has no key-dependent branch or table lookup.
 * @module
 */
import { _SHA256 } from '@noble/hashes/sha2.js';
import { copyBytes, equalBytes, wipe } from '../bytes/index.js';
import type { PreparedMac } from './types.js';

/** Longest message that fits one padded block after the key's pad block (64 - 1 - 8). */
export const ONE_BLOCK_MAX = 55;

const BLOCK = 64;

/** noble's SHA-256 engine with its protected compression exposed: state in, one block, state out. */
class Compressor extends _SHA256 {
  compress(state: Int32Array, block: DataView): void {
    this.set(state[0]!, state[1]!, state[2]!, state[3]!, state[4]!, state[5]!, state[6]!, state[7]!);
    this.process(block, 0);
  }

  /** Writes the current state big-endian into `out` (32 bytes) and clears the engine. */
  output(out: DataView): void {
    out.setInt32(0, this.A);
    out.setInt32(4, this.B);
    out.setInt32(8, this.C);
    out.setInt32(12, this.D);
    out.setInt32(16, this.E);
    out.setInt32(20, this.F);
    out.setInt32(24, this.G);
    out.setInt32(28, this.H);
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    this.roundClean(); // the shared message schedule held words of the block
  }

  /** The midstate after one full block from the SHA-256 IV. */
  midstate(block: Uint8Array): Int32Array {
    this.update(block); // a full block is compressed at once; nothing stays buffered
    const s = Int32Array.of(this.A, this.B, this.C, this.D, this.E, this.F, this.G, this.H);
    this.destroy();
    return s;
  }
}

function padBlock(key: Uint8Array, pad: number): Uint8Array {
  const b = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) b[i] = (key[i] ?? 0) ^ pad;
  return b;
}

/**
 * @internal Used by both backends' `hmacKey`.
 * @param key - the HMAC key; keys longer than a block are hashed first (RFC 2104 section 2) by `sha256`.
 * @param sha256 - SHA-256 of the platform (only for keys longer than 64 bytes).
 * @returns a MAC over messages (given in parts) of at most {@link ONE_BLOCK_MAX} bytes in total; the
 *   caller routes longer ones elsewhere (the function throws a RangeError on them).
 * @throws never (for the key).
 * @example
 * ```ts
 * const mac = hmacSha256OneBlock(key, (k) => sha256(k));
 * const tag = mac(label, nonce); // HMAC-SHA256(key, label ‖ nonce), label ‖ nonce ≤ 55 bytes
 * ```
 */
export function hmacSha256OneBlock(key: Uint8Array, sha256: (data: Uint8Array) => Uint8Array): PreparedMac {
  const k = key.length > BLOCK ? sha256(key) : copyBytes(key);
  const ipad = padBlock(k, 0x36);
  const opad = padBlock(k, 0x5c);
  const inner = new Compressor().midstate(ipad);
  const outer = new Compressor().midstate(opad);
  wipe(k, ipad, opad);
  const engine = new Compressor();
  // Scratch blocks owned by this closure (the calls are synchronous, so never shared). The outer
  // block's padding and length (64 + 32 bytes = 768 bits) never change.
  const mBlock = new Uint8Array(BLOCK);
  const mView = new DataView(mBlock.buffer);
  const oBlock = new Uint8Array(BLOCK);
  const oView = new DataView(oBlock.buffer);
  oBlock[32] = 0x80;
  oView.setUint32(60, (BLOCK + 32) * 8);
  return (...data: Uint8Array[]): Uint8Array => {
    let n = 0;
    for (const d of data) n += d.length;
    // Checked before anything is written: the scratch block must stay zero past the message.
    if (n > ONE_BLOCK_MAX) throw new RangeError('hmacSha256OneBlock: message longer than 55 bytes');
    n = 0;
    for (const d of data) {
      mBlock.set(d, n);
      n += d.length;
    }
    mBlock[n] = 0x80;
    mView.setUint32(60, (BLOCK + n) * 8); // bytes 56..59 (the length's high word) stay zero
    engine.compress(inner, mView);
    engine.output(oView);
    engine.compress(outer, oView);
    const out = new Uint8Array(32);
    engine.output(new DataView(out.buffer));
    // The message and the inner hash do not outlive the call.
    mBlock.fill(0, 0, n + 1);
    oBlock.fill(0, 0, 32);
    return out;
  };
}

/**
 * @internal Whether `make` gives HMAC-SHA256: one known answer (a 32-byte key, 29 bytes in two
 * parts) compared with RFC 2104's formula over the platform's `sha256`,
 * H((K ^ opad) ‖ H((K ^ ipad) ‖ m)).
 * @param make - builds the MAC for a key, as {@link hmacSha256OneBlock} does.
 * @param sha256 - SHA-256 of the platform.
 * @returns true when the answers are equal; false when they differ or `make` throws.
 * @throws never.
 * @example
 * ```ts
 * checkOneBlockHmac((k) => hmacSha256OneBlock(k, sha256), sha256); // true
 * ```
 */
export function checkOneBlockHmac(make: (key: Uint8Array) => PreparedMac, sha256: (data: Uint8Array) => Uint8Array): boolean {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const msg = Uint8Array.from({ length: 29 }, (_, i) => 0xa0 + i);
  const inner = new Uint8Array(BLOCK + msg.length);
  inner.set(padBlock(key, 0x36));
  inner.set(msg, BLOCK);
  const outer = new Uint8Array(BLOCK + 32);
  outer.set(padBlock(key, 0x5c));
  outer.set(sha256(inner), BLOCK);
  try {
    return equalBytes(make(key)(msg.subarray(0, 13), msg.subarray(13)), sha256(outer));
  } catch {
    return false;
  }
}

let engineOk: boolean | undefined;

/**
 * @internal Whether the compression path above computes HMAC-SHA256. It reaches into members of
 * noble's `_SHA256` that are not its public API (`set`, `process`, `A`..`H`); a noble release that
 * renamed one would otherwise give wrong MACs (a commitment that commits to nothing) without an
 * error. Checked once per process ({@link checkOneBlockHmac}); the backends' `hmacKey` takes the
 * one-block path only when this holds, and their general HMAC otherwise.
 * @param sha256 - SHA-256 of the platform (the reference for the check).
 * @returns the cached result of the check.
 * @throws never.
 * @example
 * ```ts
 * const oneBlock = oneBlockHmacWorks(sha256) ? hmacSha256OneBlock(key, sha256) : undefined;
 * ```
 */
export function oneBlockHmacWorks(sha256: (data: Uint8Array) => Uint8Array): boolean {
  engineOk ??= checkOneBlockHmac((k) => hmacSha256OneBlock(k, sha256), sha256);
  return engineOk;
}
