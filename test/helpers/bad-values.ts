// The bad-values matrix of issue 11, in the style of noble's input tests: one list of bad values
// (wrong types, wrong lengths, NaN, negative, huge, `__proto__` objects, arrays and values of
// another realm), filtered by what an argument accepts, run through one argument of one public
// function at a time. A row is one argument: `{ fn: 'seal', arg: 'key', kind: bytes(32), call: (v) => seal(v, pt) }`,
// so a changed signature is one changed `call`.
import { createContext, runInContext, type Context } from 'node:vm';
import { isBytes, isPlainObject } from '../../src/bytes/index.js';
import type { ZkvaultErrorCode } from '../../src/errors.js';

/** What an argument accepts; every other value of {@link BAD_VALUES} must be refused. */
export type Kind =
  /** A Uint8Array (any realm); `lengths`: the only lengths allowed; `min`/`max`: a length range. */
  | { readonly t: 'bytes'; readonly lengths?: readonly number[]; readonly min?: number; readonly max?: number }
  /** A string; `nonEmpty`: '' is refused too. */
  | { readonly t: 'string'; readonly nonEmpty?: boolean }
  /** A string or a Uint8Array (passphrases, identities, plaintexts). */
  | { readonly t: 'text'; readonly nonEmpty?: boolean }
  /** `true` or `false` (a flag): `null` and every other value is refused. */
  | { readonly t: 'boolean' }
  /** A safe integer in `[min, max]`. */
  | { readonly t: 'int'; readonly min: number; readonly max: number }
  /** A plain options object or argument bag: `{}` may be valid. */
  | { readonly t: 'object' }
  /** An object of named fields, where a class instance is as good as a plain object (afields). */
  | { readonly t: 'fields' }
  /** An object of the library's own (an UnlockedAccount, a group, a store): nothing else will do. */
  | { readonly t: 'instance' }
  /** An array (of anything): every non-array is refused. */
  | { readonly t: 'array' }
  /** Server JSON or JSON text: every shape the parser does not accept, `{}` included. */
  | { readonly t: 'record' }
  /** A callback. */
  | { readonly t: 'function' };

export const bytes = (...lengths: number[]): Kind => (lengths.length === 0 ? { t: 'bytes' } : { t: 'bytes', lengths });
export const bytesRange = (min: number, max?: number): Kind => (max === undefined ? { t: 'bytes', min } : { t: 'bytes', min, max });
export const STRING: Kind = { t: 'string' };
export const NONEMPTY_STRING: Kind = { t: 'string', nonEmpty: true };
export const TEXT: Kind = { t: 'text' };
export const NONEMPTY_TEXT: Kind = { t: 'text', nonEmpty: true };
export const BOOLEAN: Kind = { t: 'boolean' };
export const int = (min: number, max: number): Kind => ({ t: 'int', min, max });
export const OBJECT: Kind = { t: 'object' };
export const FIELDS: Kind = { t: 'fields' };
export const INSTANCE: Kind = { t: 'instance' };
export const ARRAY: Kind = { t: 'array' };
export const RECORD: Kind = { t: 'record' };
export const FUNCTION: Kind = { t: 'function' };

/** One row of the matrix: one argument of one public function. */
export interface Row {
  /** Entry point: a key of package.json "exports" ('.' for the root). */
  readonly entry: string;
  /** The exported function, `Class.staticMethod` or `Class#method`. */
  readonly fn: string;
  /** The argument (or `options.field`). */
  readonly arg: string;
  readonly kind: Kind;
  /** `undefined` is accepted (an optional argument). */
  readonly optional?: boolean;
  /** The code every bad value gives; default INVALID_INPUT. */
  readonly code?: ZkvaultErrorCode;
  /** The code bytes of a wrong length give, where it is not `code` (an SRP public value: SRP_BAD_PUBLIC). */
  readonly lengthCode?: ZkvaultErrorCode;
  /**
   * Other names an INVALID_INPUT message may give this argument besides the parameter's own (the
   * last segment of `arg`). Each such row says why.
   */
  readonly names?: readonly string[];
  /** Labels of {@link BAD_VALUES} this argument accepts on purpose, each with its reason in a comment. */
  readonly accepts?: readonly string[];
  /** Calls the function with `v` in this argument and valid values everywhere else. */
  readonly call: (v: unknown) => unknown;
  /** A valid value for this argument: for bytes, a copy made in another realm must be accepted. */
  readonly valid?: () => unknown;
}

export interface BadValue {
  readonly label: string;
  readonly make: () => unknown;
  /** Bytes of a wrong length (the row's `lengthCode` applies). */
  readonly wrongLength?: true;
}

// One other realm for every value: a value of it fails `instanceof` here all the same, and a new
// context per value cost ~1.6 ms, most of the matrix's CPU (~10,000 values per backend).
let realm: Context | undefined;
const inOtherRealm = (code: string): unknown => runInContext(code, (realm ??= createContext()));
const other = <T>(code: string): (() => T) => () => inOtherRealm(code) as T;

/** Every value tried; {@link badValuesFor} keeps those the argument's kind refuses. */
export const BAD_VALUES: readonly BadValue[] = [
  { label: 'undefined', make: () => undefined },
  { label: 'null', make: () => null },
  { label: 'false', make: () => false },
  { label: '0', make: () => 0 },
  { label: '-1', make: () => -1 },
  { label: 'NaN', make: () => Number.NaN },
  { label: '1.5', make: () => 1.5 },
  { label: '2**53', make: () => 2 ** 53 },
  { label: 'Infinity', make: () => Number.POSITIVE_INFINITY },
  { label: '-Infinity', make: () => Number.NEGATIVE_INFINITY },
  { label: 'bigint', make: () => 1n },
  { label: 'symbol', make: () => Symbol('bad') },
  { label: 'function', make: () => () => 0 },
  { label: "'zkvault'", make: () => 'zkvault' },
  { label: "''", make: () => '' },
  { label: '{}', make: () => ({}) },
  { label: '__proto__ object', make: () => JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
  { label: 'other-realm __proto__ object', make: other('JSON.parse(\'{"__proto__":{"polluted":true}}\')') },
  { label: 'Date', make: () => new Date(0) },
  { label: '[]', make: () => [] },
  { label: '[1,2,3]', make: () => [1, 2, 3] },
  { label: 'other-realm array', make: other('[1, 2, 3]') },
  { label: 'Uint16Array', make: () => new Uint16Array(16) },
  { label: 'DataView', make: () => new DataView(new ArrayBuffer(32)) },
  { label: 'ArrayBuffer', make: () => new ArrayBuffer(32) },
  { label: 'other-realm Uint16Array', make: other('new Uint16Array(16)') },
];

const byteLabel = (n: number): string => `Uint8Array(${n})`;

/** Wrong lengths for a bytes kind, each also made in another realm. */
function wrongLengths(k: Extract<Kind, { t: 'bytes' }>): BadValue[] {
  const ok = (n: number): boolean =>
    (k.lengths === undefined || k.lengths.includes(n)) && (k.min === undefined || n >= k.min) && (k.max === undefined || n <= k.max);
  if (k.lengths === undefined && k.min === undefined && k.max === undefined) return []; // any length, 0 included
  const tries = new Set<number>([0]);
  for (const n of k.lengths ?? []) tries.add(n - 1).add(n + 1);
  if (k.min !== undefined) tries.add(k.min - 1);
  if (k.max !== undefined) tries.add(k.max + 1);
  const out: BadValue[] = [];
  for (const n of [...tries].filter((n) => n >= 0 && !ok(n)).sort((a, b) => a - b)) {
    out.push({ label: byteLabel(n), make: () => new Uint8Array(n), wrongLength: true });
    out.push({ label: `other-realm ${byteLabel(n)}`, make: other(`new Uint8Array(${n})`), wrongLength: true });
  }
  return out;
}

/** Ints just outside the range (when they are not already in the list). */
function outOfRange(k: Extract<Kind, { t: 'int' }>): BadValue[] {
  const out: BadValue[] = [];
  if (k.min - 1 !== -1 && k.min - 1 >= Number.MIN_SAFE_INTEGER) out.push({ label: `${k.min - 1} (min - 1)`, make: () => k.min - 1 });
  if (k.max + 1 <= Number.MAX_SAFE_INTEGER) out.push({ label: `${k.max + 1} (max + 1)`, make: () => k.max + 1 });
  return out;
}

/** Whether the kind accepts `v` as a type (content may still be refused, as a length or range is). */
function accepts(k: Kind, v: unknown): boolean {
  switch (k.t) {
    case 'bytes':
      return isBytes(v); // lengths are tried by wrongLengths
    case 'string':
      return typeof v === 'string' && !(k.nonEmpty === true && v === '');
    case 'text':
      return (typeof v === 'string' && !(k.nonEmpty === true && v === '')) || isBytes(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= k.min && v <= k.max;
    case 'object':
      return isPlainObject(v) && Object.keys(v).length === 0;
    case 'fields':
      return false;
    case 'instance':
      return false;
    case 'array':
      return Array.isArray(v);
    case 'record':
      return false;
    case 'function':
      return typeof v === 'function';
  }
}

/** Every bad value a kind refuses (for an internal function, outside the matrix). */
export function badValuesOfKind(k: Kind): BadValue[] {
  const extra = k.t === 'bytes' ? wrongLengths(k) : k.t === 'int' ? outOfRange(k) : [];
  return [...BAD_VALUES.filter((b) => !accepts(k, b.make())), ...extra];
}

/** The values of the matrix for one row: every bad value its kind refuses, minus `accepts` and (if optional) `undefined`. */
export function badValuesFor(row: Row): BadValue[] {
  return badValuesOfKind(row.kind).filter((b) => !(row.optional === true && b.label === 'undefined') && row.accepts?.includes(b.label) !== true);
}

/** A copy of `bytes` made in another realm (`vm`): `instanceof Uint8Array` is false for it. */
export function otherRealmCopy(bytes: Uint8Array): Uint8Array {
  const make = inOtherRealm('(a) => new Uint8Array(a)') as (a: number[]) => Uint8Array;
  return make([...bytes]);
}
