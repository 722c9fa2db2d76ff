// src/bytes/util.ts: concatBytes, constant-time equalBytes and wipe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes, wipe } from '../../src/bytes/index.js';
import { syncZkvaultErrorOf } from '../helpers/errors.js';

type Any = any; // deliberately wrong types, as untyped JavaScript callers could pass

function expectInvalid(f: () => unknown, argName: string): void {
  const err = syncZkvaultErrorOf(f);
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.message).toContain(`"${argName}"`);
}

describe('equalBytes', () => {
  it('agrees with Buffer.equals on random pairs, including equal ones', () => {
    const pair = fc.oneof(
      fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
      fc.uint8Array({ maxLength: 40 }).map((a) => [a, a.slice()] as [Uint8Array, Uint8Array]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(equalBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(equalBytes(b, a)).toBe(equalBytes(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('detects a difference in any single bit, at any position', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (a, pick) => {
        const b = a.slice();
        const bit = pick % (8 * a.length);
        b[bit >> 3]! ^= 1 << (bit & 7);
        expect(equalBytes(a, b)).toBe(false);
        expect(equalBytes(a, a.slice())).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('treats different lengths as unequal, even when one is a prefix of the other', () => {
    const a = Uint8Array.of(1, 2, 3);
    expect(equalBytes(a, a.subarray(0, 2))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(1))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it('compares views by their own bytes, and accepts Buffers (Uint8Array subclasses)', () => {
    const backing = Uint8Array.of(9, 1, 2, 3, 9, 1, 2, 3);
    expect(equalBytes(backing.subarray(1, 4), backing.subarray(5, 8))).toBe(true);
    expect(equalBytes(backing.subarray(0, 3), backing.subarray(1, 4))).toBe(false);
    expect(equalBytes(Buffer.from([1, 2, 3]), Uint8Array.of(1, 2, 3))).toBe(true);
  });

  it('refuses non-Uint8Array arguments with INVALID_INPUT instead of comparing them', () => {
    expectInvalid(() => equalBytes('abc' as Any, Uint8Array.of(1)), 'a');
    expectInvalid(() => equalBytes(Uint8Array.of(1), [1] as Any), 'b');
    expectInvalid(() => equalBytes(undefined as Any, undefined as Any), 'a');
    expectInvalid(() => equalBytes(Uint8Array.of(1), new Uint16Array(1) as Any), 'b');
  });
});

describe('concatBytes', () => {
  it('equals Buffer.concat and returns a fresh array', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 6 }), (parts) => {
        const out = concatBytes(...parts);
        expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
        for (const p of parts) expect(out.buffer).not.toBe(p.buffer);
      }),
      { numRuns: 100 },
    );
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });

  it('names the bad part', () => {
    expectInvalid(() => concatBytes(Uint8Array.of(1), 'x' as Any), 'parts[1]');
    expectInvalid(() => concatBytes(null as Any), 'parts[0]');
  });
});

describe('wipe', () => {
  it('zeroes every array passed, and only the bytes of each view', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }), (arrays) => {
        wipe(...arrays);
        for (const a of arrays) expect(a.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 50 },
    );
    const backing = Uint8Array.of(1, 2, 3, 4, 5);
    wipe(backing.subarray(1, 3));
    expect(Array.from(backing)).toEqual([1, 0, 0, 4, 5]);
    wipe(); // nothing to do, no error
  });

  it('refuses non-Uint8Array arguments with INVALID_INPUT, naming which one', () => {
    const ok = Uint8Array.of(7);
    expectInvalid(() => wipe(ok, 'secret' as Any), 'arrays[1]');
    expectInvalid(() => wipe([1, 2] as Any), 'arrays[0]');
  });
});
