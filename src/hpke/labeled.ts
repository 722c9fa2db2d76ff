/**
 * HKDF-SHA256 with RFC 9180's labels (section 4, "Cryptographic Dependencies"):
 *
 * ```
 * LabeledExtract(salt, label, ikm)     = Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm)
 * LabeledExpand(prk, label, info, L)   = Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖ label ‖ info, L)
 * ```
 *
 * Extract and Expand are RFC 5869's, computed from HMAC through the hash backend (node:crypto on
 * Node, @noble/hashes elsewhere) because the KDF backend only offers extract-then-expand in one call.
 * @module
 */
import type { HashBackend } from '../backend/types.js';
import { utf8ToBytes, wipe } from '../bytes/index.js';

/** Nh of HKDF-SHA256, in bytes. */
export const NH = 32;

const HPKE_V1 = utf8ToBytes('HPKE-v1');
const ONE = Uint8Array.of(1);

/**
 * Encodes an RFC 9180 label (an ASCII constant) as bytes.
 * @internal
 * @param text - the label.
 * @returns its bytes.
 * @throws ZkvaultError `INVALID_INPUT` if `text` is not a string.
 * @example
 * ```ts
 * const L_SECRET = label('secret');
 * ```
 */
export function label(text: string): Uint8Array {
  return utf8ToBytes(text);
}

/**
 * I2OSP(n, 2): `n` as 2 big-endian bytes.
 * @internal
 * @param n - an integer 0..65535 (callers pass constants and checked lengths).
 * @returns the 2 bytes.
 * @throws nothing.
 * @example
 * ```ts
 * i2osp2(0x0020); // [0x00, 0x20]
 * ```
 */
export function i2osp2(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

/**
 * LabeledExtract (RFC 9180 section 4). An empty salt is HMAC with an empty key, which RFC 2104
 * pads to the same block as Nh zero bytes, so it equals RFC 5869's default salt.
 * @internal
 * @param hash - backend.
 * @param suiteId - the KEM or HPKE suite_id.
 * @param salt - Extract salt (may be empty).
 * @param lbl - the label bytes.
 * @param ikm - input keying material.
 * @returns the pseudorandom key, Nh bytes.
 * @throws nothing for valid arguments (callers pass checked bytes).
 * @example
 * ```ts
 * const prk = labeledExtract(hash, suiteId, new Uint8Array(0), label('info_hash'), info);
 * ```
 */
export function labeledExtract(
  hash: HashBackend,
  suiteId: Uint8Array,
  salt: Uint8Array,
  lbl: Uint8Array,
  ikm: Uint8Array,
): Uint8Array {
  return hash.hmac('SHA-256', salt, HPKE_V1, suiteId, lbl, ikm);
}

/**
 * LabeledExpand (RFC 9180 section 4) with RFC 5869 section 2.3's Expand.
 * @internal
 * @param hash - backend.
 * @param suiteId - the KEM or HPKE suite_id.
 * @param prk - pseudorandom key (Nh bytes).
 * @param lbl - the label bytes.
 * @param info - context bytes.
 * @param length - L, 1..255·Nh (checked by callers that take it from users).
 * @returns `length` bytes.
 * @throws nothing for valid arguments.
 * @example
 * ```ts
 * const key = labeledExpand(hash, suiteId, secret, label('key'), keyScheduleContext, 32);
 * ```
 */
export function labeledExpand(
  hash: HashBackend,
  suiteId: Uint8Array,
  prk: Uint8Array,
  lbl: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  const len = i2osp2(length);
  // Most HPKE expansions are one block; a plain HMAC call skips the keyed-state setup.
  if (length <= NH) {
    const t1 = hash.hmac('SHA-256', prk, len, HPKE_V1, suiteId, lbl, info, ONE);
    if (length === NH) return t1;
    const out = t1.slice(0, length);
    wipe(t1);
    return out;
  }
  const mac = hash.hmacKey('SHA-256', prk);
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, off = 0; off < length; i++) {
    t = mac(t, len, HPKE_V1, suiteId, lbl, info, Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(t.length, length - off)), off);
    off += t.length;
  }
  return out;
}
