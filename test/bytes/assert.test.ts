// src/bytes/assert.ts: the assertion helpers name the argument, describe what they got without
// printing its contents, and throw ZkvaultError('INVALID_INPUT').
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  ainteger,
  afields,
  aobject,
  aoneOf,
  aoptionalObject,
  assertBytes,
  assertBytesRange,
  astring,
  isBytes,
  isPlainObject,
} from '../../src/bytes/index.js';
import { ZkvaultError } from '../../src/errors.js';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    expect((e as ZkvaultError).code).toBe('INVALID_INPUT');
    expect((e as ZkvaultError).name).toBe('ZkvaultError');
    return (e as ZkvaultError).message;
  }
  throw new Error('expected the assertion to throw');
}

describe('assertBytes', () => {
  it('names the argument and the length it got', () => {
    expect(messageOf(() => assertBytes(new Uint8Array(11), 'nonce', 12))).toBe(
      '"nonce" expected Uint8Array of length 12, got length=11',
    );
    expect(messageOf(() => assertBytes(new Uint8Array(20), 'key', 16, 24, 32))).toBe(
      '"key" expected Uint8Array of length 16 or 24 or 32, got length=20',
    );
    expect(messageOf(() => assertBytes(undefined, 'salt'))).toBe('"salt" expected Uint8Array, got type=undefined');
    expect(messageOf(() => assertBytes(null, 'salt'))).toBe('"salt" expected Uint8Array, got null');
    expect(messageOf(() => assertBytes([1, 2], 'salt'))).toBe('"salt" expected Uint8Array, got array');
    expect(messageOf(() => assertBytes(new ArrayBuffer(4), 'salt'))).toBe('"salt" expected Uint8Array, got type=object');
    expect(messageOf(() => assertBytes(new Int8Array(4), 'salt'))).toBe('"salt" expected Uint8Array, got type=object');
  });

  it('never prints the value itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }), (secret) => {
        expect(messageOf(() => assertBytes(secret, 'key', 32))).not.toContain(secret);
        expect(messageOf(() => assertBytesRange(secret, 'key', 1, 2))).not.toContain(secret);
      }),
      { numRuns: 50 },
    );
    const keyBytes = new TextEncoder().encode('0123456789abcdef0123456789abcdefXX');
    expect(messageOf(() => assertBytes(keyBytes, 'key', 32))).toBe('"key" expected Uint8Array of length 32, got length=34');
  });

  it('returns the same array when it passes', () => {
    const a = new Uint8Array(12);
    expect(assertBytes(a, 'nonce', 12)).toBe(a);
    expect(assertBytes(a, 'any')).toBe(a);
    const b = Buffer.alloc(32);
    expect(assertBytes(b, 'key', 32)).toBe(b);
  });
});

describe('assertBytesRange', () => {
  it('accepts the bounds and names the argument outside them', () => {
    expect(assertBytesRange(new Uint8Array(8), 'iv', 8, 128)).toHaveLength(8);
    expect(assertBytesRange(new Uint8Array(128), 'iv', 8, 128)).toHaveLength(128);
    expect(messageOf(() => assertBytesRange(new Uint8Array(7), 'iv', 8, 128))).toBe(
      '"iv" expected Uint8Array of length 8..128, got length=7',
    );
    expect(messageOf(() => assertBytesRange(new Uint8Array(129), 'iv', 8, 128))).toBe(
      '"iv" expected Uint8Array of length 8..128, got length=129',
    );
    expect(messageOf(() => assertBytesRange('x', 'iv', 8, 128))).toBe('"iv" expected Uint8Array of length 8..128, got type=string');
  });
});

describe('ainteger', () => {
  it('accepts safe integers in range, refuses everything else', () => {
    expect(ainteger(1, 'iterations', 1, 10)).toBe(1);
    expect(ainteger(10, 'iterations', 1, 10)).toBe(10);
    expect(messageOf(() => ainteger(0, 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got 0');
    expect(messageOf(() => ainteger(11, 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got 11');
    expect(messageOf(() => ainteger(1.5, 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got 1.5');
    expect(messageOf(() => ainteger(Number.NaN, 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got NaN');
    expect(messageOf(() => ainteger('5', 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got type=string');
    expect(messageOf(() => ainteger(5n, 'iterations', 1, 10))).toBe('"iterations" expected integer in 1..10, got type=bigint');
    expect(messageOf(() => ainteger(2 ** 53, 'n', 0, Number.MAX_VALUE))).toContain('"n"');
    // Bytes where a number belongs are reported as a type error, not by their length.
    expect(messageOf(() => ainteger(new Uint8Array(5), 'n', 1, 10))).toBe('"n" expected integer in 1..10, got type=Uint8Array');
  });
});

describe('aoneOf', () => {
  it('accepts listed strings only (case-sensitive) and caps what it echoes', () => {
    const allowed = ['SHA-256', 'SHA-512'] as const;
    expect(aoneOf('SHA-256', 'hash', allowed)).toBe('SHA-256');
    expect(messageOf(() => aoneOf('sha256', 'hash', allowed))).toBe('"hash" expected one of SHA-256, SHA-512, got "sha256"');
    expect(messageOf(() => aoneOf(256, 'hash', allowed))).toBe('"hash" expected one of SHA-256, SHA-512, got type=number');
    expect(messageOf(() => aoneOf(new Uint8Array(7), 'hash', allowed))).toBe(
      '"hash" expected one of SHA-256, SHA-512, got type=Uint8Array',
    );
    expect(messageOf(() => aoneOf('x'.repeat(1000), 'hash', allowed))).toHaveLength(
      '"hash" expected one of SHA-256, SHA-512, got ""'.length + 32,
    );
  });
});

describe('astring', () => {
  it('accepts strings up to the limit and names the argument', () => {
    expect(astring('abc', 'id', 3)).toBe('abc');
    expect(astring('', 'id')).toBe('');
    expect(messageOf(() => astring('abcd', 'id', 3))).toBe('"id" expected string of length <= 3, got length=4');
    expect(messageOf(() => astring(new Uint8Array(2), 'id', 3))).toBe('"id" expected string of length <= 3, got type=Uint8Array');
    expect(messageOf(() => astring(undefined, 'id', 3))).toBe('"id" expected string of length <= 3, got type=undefined');
  });
});

describe('isBytes', () => {
  it('accepts Uint8Arrays from this realm and from another realm', () => {
    const foreign: unknown = runInNewContext('new Uint8Array([1, 2, 3])');
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(isBytes(foreign)).toBe(true);
    expect(isBytes(new Uint8Array(0))).toBe(true);
    expect(isBytes(Buffer.from('ab'))).toBe(true);
  });
  it('refuses other views, arrays and look-alikes', () => {
    for (const v of [new Uint16Array(2), new Int8Array(2), new DataView(new ArrayBuffer(2)), [1, 2], { length: 2 }, null, undefined, 'ab']) {
      expect(isBytes(v)).toBe(false);
    }
    expect(isBytes(runInNewContext('new Uint16Array(2)'))).toBe(false);
  });
});

describe('aobject', () => {
  it('accepts plain and null-prototype objects', () => {
    const plain = { a: 1 };
    expect(aobject(plain, 'options')).toBe(plain);
    const bare = Object.create(null) as object;
    expect(aobject(bare, 'options')).toBe(bare);
  });
  it('refuses null, arrays, primitives and class instances, naming the argument', () => {
    expect(messageOf(() => aobject(null, 'options'))).toBe('"options" expected a plain object, got null');
    expect(messageOf(() => aobject([1], 'options'))).toBe('"options" expected a plain object, got array');
    expect(messageOf(() => aobject(7, 'options'))).toBe('"options" expected a plain object, got type=number');
    expect(messageOf(() => aobject(new Date(0), 'options'))).toBe('"options" expected a plain object, got type=object');
    expect(messageOf(() => aobject(new Uint8Array(1), 'options'))).toBe('"options" expected a plain object, got type=Uint8Array');
  });
});

describe('assertBytes (issue 11: not named abytes, whose noble namesake takes (value, length?, title))', () => {
  it('no helper named abytes is left in src/, so the two argument orders cannot be confused', async () => {
    const mod: Record<string, unknown> = await import('../../src/bytes/index.js');
    expect(Object.keys(mod)).toContain('assertBytes');
    expect(Object.keys(mod).filter((k) => /^abytes/.test(k))).toEqual([]);
    const calls = sourceFiles('src').filter((f) => /(^|[^\w.])abytes(Range)?\s*\(/m.test(readFileSync(f, 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '')));
    expect(calls).toEqual([]);
  });
  it('accepts a Uint8Array from another realm, with the length checked', () => {
    const foreign: unknown = runInNewContext('new Uint8Array(12)');
    expect(assertBytes(foreign, 'nonce', 12)).toBe(foreign);
    expect(assertBytesRange(foreign, 'nonce', 1, 12)).toBe(foreign);
    expect(messageOf(() => assertBytes(foreign, 'nonce', 16))).toBe('"nonce" expected Uint8Array of length 16, got length=12');
    expect(messageOf(() => assertBytes(runInNewContext('[1, 2]'), 'nonce'))).toBe('"nonce" expected Uint8Array, got array');
  });
});

describe('aobject: own __proto__ keys and other realms', () => {
  it('refuses an own __proto__ key (JSON.parse makes one), wherever it comes from', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    expect(isPlainObject(parsed)).toBe(false);
    expect(messageOf(() => aobject(parsed, 'options'))).toBe('"options" expected a plain object, got type=object');
    expect(isPlainObject(runInNewContext('JSON.parse(\'{"__proto__":{}}\')'))).toBe(false);
  });
  it('accepts a plain object of another realm, refuses its arrays and class instances', () => {
    expect(isPlainObject(runInNewContext('({ a: 1 })'))).toBe(true);
    expect(isPlainObject(runInNewContext('Object.create(null)'))).toBe(true);
    expect(isPlainObject(runInNewContext('[1]'))).toBe(false);
    expect(isPlainObject(runInNewContext('new Date(0)'))).toBe(false);
    expect(isPlainObject(runInNewContext('new (class A {})()'))).toBe(false);
    expect(isPlainObject(new (class B {})())).toBe(false);
    expect(isPlainObject(Object.create({ inherited: 1 }))).toBe(false);
  });
  it('aoptionalObject: undefined is an empty object, anything else as aobject', () => {
    expect(aoptionalObject(undefined, 'options')).toEqual({});
    const o = { a: 1 };
    expect(aoptionalObject(o, 'options')).toBe(o);
    expect(messageOf(() => aoptionalObject(null, 'options'))).toBe('"options" expected a plain object, got null');
  });
});

describe('afields (arguments typed by their fields: identities, members, senders)', () => {
  it('accepts plain objects and class instances, refuses the rest, naming the argument', () => {
    const plain = { accountId: 'a' };
    expect(afields(plain, 'member')).toBe(plain);
    class Account {
      get accountId(): string {
        return 'a';
      }
    }
    const account = new Account();
    expect(afields(account, 'member')).toBe(account);
    expect(messageOf(() => afields(null, 'member'))).toBe('"member" expected an object, got null');
    expect(messageOf(() => afields([1], 'member'))).toBe('"member" expected an object, got array');
    expect(messageOf(() => afields(new Uint8Array(2), 'member'))).toBe('"member" expected an object, got type=Uint8Array');
    expect(messageOf(() => afields(runInNewContext('new Uint8Array(2)'), 'member'))).toBe('"member" expected an object, got type=Uint8Array');
    expect(messageOf(() => afields('a', 'member'))).toBe('"member" expected an object, got type=string');
  });
});

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
