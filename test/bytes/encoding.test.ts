// src/bytes/encoding.ts: hex, base64url without padding (RFC 4648 section 5) and UTF-8, checked with
// fast-check against Node's Buffer encoders, plus strict rejection of every non-canonical text form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToUtf8, fromBase64url, fromHex, toBase64url, toHex, utf8ToBytes } from '../../src/bytes/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { syncZkvaultErrorOf } from '../helpers/errors.js';

type Any = any; // deliberately wrong types, as untyped JavaScript callers could pass

function invalid(f: () => unknown, messagePart?: string): void {
  const err = syncZkvaultErrorOf(f);
  expect(err.code).toBe('INVALID_INPUT');
  if (messagePart !== undefined) expect(err.message).toContain(messagePart);
}

const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

describe('hex', () => {
  it('toHex equals Buffer hex and fromHex inverts it (either case)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const h = toHex(b);
        expect(h).toBe(buf(b).toString('hex'));
        expect(buf(fromHex(h)).equals(buf(b))).toBe(true);
        expect(buf(fromHex(h.toUpperCase())).equals(buf(b))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('encodes subarray views by their own bytes only', () => {
    const whole = Uint8Array.of(0, 1, 2, 0xab, 0xcd, 5);
    expect(toHex(whole.subarray(3, 5))).toBe('abcd');
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('rejects odd lengths, non-hex characters, prefixes and whitespace with INVALID_INPUT', () => {
    invalid(() => fromHex('abc'), 'even-length');
    invalid(() => fromHex('0'), 'even-length');
    for (const bad of ['0g', 'g0', '0x00', ' 0', '0 ', '0\n', 'zz', '+1', '-1', '０ ', 'é0', '\u0000\u0000']) {
      invalid(() => fromHex(bad), 'non-hex character');
    }
    invalid(() => fromHex('0g', 'nonce'), '"nonce"');
    invalid(() => fromHex(12 as Any), '"hex"');
    invalid(() => toHex('00' as Any), '"bytes"');
    invalid(() => toHex([0] as Any), '"bytes"');
  });

  it('any string is either rejected with INVALID_INPUT or decodes to bytes that re-encode to it (lowercased)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxg '.split('')), maxLength: 20 }), (s) => {
        let out: Uint8Array | undefined;
        try {
          out = fromHex(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ZkvaultError);
          expect((e as ZkvaultError).code).toBe('INVALID_INPUT');
          expect(/^(?:[0-9a-fA-F]{2})*$/.test(s)).toBe(false);
          return;
        }
        expect(toHex(out)).toBe(s.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });
});

describe('base64url', () => {
  it('toBase64url equals Buffer base64url (no padding) and fromBase64url inverts it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = toBase64url(b);
        expect(s).toBe(buf(b).toString('base64url'));
        expect(s).not.toContain('=');
        expect(buf(fromBase64url(s)).equals(buf(b))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('handles the RFC 4648 section 10 lengths and the url-safe alphabet', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [text, encoded] of cases) {
      expect(toBase64url(new TextEncoder().encode(text))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64url(encoded))).toBe(text);
    }
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64url('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it('rejects padding, the standard alphabet, whitespace and impossible lengths with INVALID_INPUT', () => {
    for (const bad of ['Zg==', 'Zg=', 'Zm8=', '+_8', '-/8', 'Zm 9', 'Zm9\n', ' Zm9', 'Zm9.', 'Zé', '\u0000A']) {
      invalid(() => fromBase64url(bad), 'bad character');
    }
    for (const bad of ['Z', 'Zm9vY', 'Zm9vYmFyZ']) invalid(() => fromBase64url(bad), 'impossible length');
    invalid(() => fromBase64url('Z', 'envelope'), '"envelope"');
    invalid(() => fromBase64url(null as Any), '"base64url"');
    invalid(() => toBase64url('Zg' as Any), '"bytes"');
  });

  it('rejects non-canonical tails (non-zero unused bits) with INVALID_INPUT', () => {
    // 'Zg' is canonical for "f" (0x66); 'Zh'..'Zv' set unused low bits and decode to the same byte elsewhere.
    for (const bad of ['Zh', 'Zi', 'Zv', 'Zm9', 'Zm-', 'AB', 'AAB', 'A_']) {
      invalid(() => fromBase64url(bad), 'non-zero trailing bits');
    }
    expect(fromBase64url('Zm8')).toEqual(new TextEncoder().encode('fo'));
  });

  it('any alphabet string is either rejected with INVALID_INPUT or is the one canonical form of its bytes', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/'.split('');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 15 }), (s) => {
        let out: Uint8Array | undefined;
        try {
          out = fromBase64url(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ZkvaultError);
          expect((e as ZkvaultError).code).toBe('INVALID_INPUT');
          return;
        }
        expect(toBase64url(out)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('utf8', () => {
  it('utf8ToBytes equals Buffer utf8 and bytesToUtf8 inverts it for well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const b = utf8ToBytes(s);
        expect(buf(b).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(bytesToUtf8(b)).toBe(s);
      }),
      { numRuns: 100 },
    );
  });

  it('lone surrogates encode as U+FFFD, as Buffer and TextEncoder do', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        expect(buf(utf8ToBytes(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
      { numRuns: 100 },
    );
    expect(toHex(utf8ToBytes('\ud800'))).toBe('efbfbd');
  });

  it('keeps a leading byte order mark (decoding is lossless)', () => {
    const withBom = Uint8Array.of(0xef, 0xbb, 0xbf, 0x41);
    expect(bytesToUtf8(withBom)).toBe('\ufeffA');
    expect(buf(utf8ToBytes(bytesToUtf8(withBom))).equals(buf(withBom))).toBe(true);
  });

  it('rejects malformed UTF-8 with INVALID_INPUT (no replacement characters)', () => {
    const bad = [
      [0xff],
      [0x80],
      [0xc3], // truncated 2-byte sequence
      [0xc0, 0x80], // overlong NUL
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // encoded surrogate U+D800
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0x41, 0xe2, 0x82], // truncated at the end
    ];
    for (const b of bad) invalid(() => bytesToUtf8(Uint8Array.from(b)), 'valid UTF-8');
    invalid(() => bytesToUtf8('A' as Any), '"bytes"');
    invalid(() => utf8ToBytes(Uint8Array.of(65) as Any), '"text"');
  });

  it('random bytes either decode to a string that re-encodes to the same bytes, or are rejected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
        const valid = Buffer.from(buf(b).toString('utf8'), 'utf8').equals(buf(b));
        let s: string | undefined;
        try {
          s = bytesToUtf8(b);
        } catch (e) {
          expect((e as ZkvaultError).code).toBe('INVALID_INPUT');
          expect(valid).toBe(false);
          return;
        }
        expect(valid).toBe(true);
        expect(buf(utf8ToBytes(s)).equals(buf(b))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
