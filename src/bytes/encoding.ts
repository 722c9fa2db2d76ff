/**
 * Byte encodings: lowercase hex, base64url without padding (RFC 4648 section 5) and UTF-8.
 * Decoders are strict: they reject any character outside the alphabet, odd hex lengths,
 * padding and non-canonical base64url tails, so one value has exactly one text form.
 * @module
 */
import { invalidInput } from '../errors.js';
import { assertBytes, astring } from './assert.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Encodes bytes as lowercase hex.
 * @internal Not exported from a public entry point.
 * @param bytes - the bytes.
 * @returns the hex string.
 * @throws ZkvaultError `INVALID_INPUT` if `bytes` is not a Uint8Array.
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 255])); // '01ff'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/**
 * Decodes a hex string (either case).
 * @internal Not exported from a public entry point.
 * @param hex - the hex string, even length.
 * @param name - argument name for error messages.
 * @returns the bytes.
 * @throws ZkvaultError `INVALID_INPUT` on odd length or a non-hex character.
 * @example
 * ```ts
 * fromHex('01ff'); // Uint8Array [1, 255]
 * ```
 */
export function fromHex(hex: string, name = 'hex'): Uint8Array {
  astring(hex, name);
  if (hex.length % 2 !== 0) throw invalidInput(`"${name}" expected even-length hex, got length=${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw invalidInput(`"${name}" expected hex, got a non-hex character at ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_CODES = new Uint8Array(64);
const B64URL_REV = new Int16Array(256).fill(-1);
for (let i = 0; i < B64URL.length; i++) {
  B64URL_CODES[i] = B64URL.charCodeAt(i);
  B64URL_REV[B64URL.charCodeAt(i)] = i;
}
// Text is built as ASCII bytes and decoded once: far faster than growing a string per character.
const ASCII = new TextDecoder('latin1');

/**
 * Encodes bytes as base64url without padding.
 * @internal Not exported from a public entry point.
 * @param bytes - the bytes.
 * @returns the base64url string.
 * @throws ZkvaultError `INVALID_INPUT` if `bytes` is not a Uint8Array.
 * @example
 * ```ts
 * toBase64url(new Uint8Array([251, 255])); // '-_8'
 * ```
 */
export function toBase64url(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  if (bytes.length > B64URL_WHOLE_MAX) return new Base64urlWriter().push(bytes).end();
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  return ASCII.decode(out.subarray(0, encodeB64url(bytes, out)));
}

/** Input bytes per text piece of a large encoding (a multiple of 3): 48 KiB in, 64 KiB of text out. */
const B64URL_PIECE = 3 << 14;
/** Up to 4 MiB the text is built as bytes in one go (the fastest); above, in pieces ({@link Base64urlWriter}). */
const B64URL_WHOLE_MAX = 1 << 22;

/** Writes base64url of `bytes` (no padding) into `out` from index 0; @returns the characters written. */
function encodeB64url(bytes: Uint8Array, out: Uint8Array): number {
  const n = bytes.length;
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64URL_CODES[v >> 18]!;
    out[o++] = B64URL_CODES[(v >> 12) & 63]!;
    out[o++] = B64URL_CODES[(v >> 6) & 63]!;
    out[o++] = B64URL_CODES[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out[o++] = B64URL_CODES[v >> 18]!;
    out[o++] = B64URL_CODES[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out[o++] = B64URL_CODES[v >> 18]!;
    out[o++] = B64URL_CODES[(v >> 12) & 63]!;
    out[o++] = B64URL_CODES[(v >> 6) & 63]!;
  }
  return o;
}

/**
 * @internal Base64url (no padding) of bytes given in pieces, as one string: the same text as
 * {@link toBase64url} of their concatenation, without that concatenation or a whole-size byte copy
 * of the text. Each 48 KiB of input becomes a 64 KiB text piece appended to the result (V8 keeps
 * the appends as a rope and flattens it once, when the text is first read), so a large envelope's
 * encoding holds its bytes and its text, not also the text as bytes (issue 13, mem13).
 */
export class Base64urlWriter {
  #text = '';
  readonly #held = new Uint8Array(B64URL_PIECE);
  #n = 0;
  readonly #out = new Uint8Array((B64URL_PIECE / 3) * 4);

  /** Appends `bytes` (not kept: the caller may reuse them). @returns this writer. */
  push(bytes: Uint8Array): this {
    let i = 0;
    while (i < bytes.length) {
      // Whole pieces straight from the input when nothing is held; otherwise fill the held piece.
      if (this.#n === 0 && bytes.length - i >= B64URL_PIECE) {
        this.#emit(bytes.subarray(i, i + B64URL_PIECE));
        i += B64URL_PIECE;
        continue;
      }
      const take = Math.min(B64URL_PIECE - this.#n, bytes.length - i);
      this.#held.set(bytes.subarray(i, i + take), this.#n);
      this.#n += take;
      i += take;
      if (this.#n === B64URL_PIECE) {
        this.#emit(this.#held);
        this.#n = 0;
      }
    }
    return this;
  }

  /** @returns the text of every byte pushed. */
  end(): string {
    if (this.#n > 0) this.#emit(this.#held.subarray(0, this.#n));
    this.#n = 0;
    return this.#text;
  }

  #emit(piece: Uint8Array): void {
    this.#text += ASCII.decode(this.#out.subarray(0, encodeB64url(piece, this.#out)));
  }
}

/**
 * Decodes base64url without padding, strictly (canonical form only).
 * @internal Not exported from a public entry point.
 * @param text - the base64url string.
 * @param name - argument name for error messages.
 * @returns the bytes.
 * @throws ZkvaultError `INVALID_INPUT` on a bad character, padding, impossible length or non-zero trailing bits.
 * @example
 * ```ts
 * fromBase64url('-_8'); // Uint8Array [251, 255]
 * ```
 */
export function fromBase64url(text: string, name = 'base64url'): Uint8Array {
  astring(text, name);
  const len = text.length;
  if (len % 4 === 1) throw invalidInput(`"${name}" expected base64url, got impossible length=${len}`);
  const bad = (i: number): never => {
    throw invalidInput(`"${name}" expected base64url without padding, got a bad character at ${i}`);
  };
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  const lookup = (i: number): number => {
    const c = text.charCodeAt(i);
    const v = c < 256 ? B64URL_REV[c]! : -1;
    return v < 0 ? bad(i) : v;
  };
  let o = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const v = (lookup(i) << 18) | (lookup(i + 1) << 12) | (lookup(i + 2) << 6) | lookup(i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = len - i;
  if (rest === 2) {
    const v = (lookup(i) << 6) | lookup(i + 1);
    if ((v & 0xf) !== 0) throw invalidInput(`"${name}" expected canonical base64url, got non-zero trailing bits`);
    out[o++] = v >> 4;
  } else if (rest === 3) {
    const v = (lookup(i) << 12) | (lookup(i + 1) << 6) | lookup(i + 2);
    if ((v & 0x3) !== 0) throw invalidInput(`"${name}" expected canonical base64url, got non-zero trailing bits`);
    out[o++] = v >> 10;
    out[o++] = (v >> 2) & 0xff;
  }
  return out;
}

const ENCODER = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as a character: stripping it would make decoding lossy
// (bytes → string → bytes would drop three bytes), and these bytes are data, not a text file.
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Encodes a string as UTF-8 (lone surrogates become U+FFFD, as TextEncoder does).
 * @internal Not exported from a public entry point.
 * @param text - the string.
 * @returns its UTF-8 bytes.
 * @throws ZkvaultError `INVALID_INPUT` if `text` is not a string.
 * @example
 * ```ts
 * utf8ToBytes('é'); // Uint8Array [195, 169]
 * ```
 */
export function utf8ToBytes(text: string): Uint8Array {
  astring(text, 'text');
  return ENCODER.encode(text);
}

/**
 * Decodes UTF-8 strictly.
 * @internal Not exported from a public entry point.
 * @param bytes - UTF-8 bytes.
 * @returns the string.
 * @throws ZkvaultError `INVALID_INPUT` on malformed UTF-8.
 * @example
 * ```ts
 * bytesToUtf8(new Uint8Array([195, 169])); // 'é'
 * ```
 */
export function bytesToUtf8(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  try {
    return DECODER.decode(bytes);
  } catch {
    throw invalidInput('"bytes" expected valid UTF-8');
  }
}
