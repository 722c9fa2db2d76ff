/**
 * Input assertions. Each names the bad argument, in the style of noble:
 * `"nonce" expected Uint8Array of length 12, got length=11`. They never print the value itself.
 * Byte checks accept a Uint8Array from any realm ({@link isBytes}); the byte check is named
 * `assertBytes(value, name, ...lengths)`, not `abytes`, so it is not confused with noble's
 * `abytes(value, length?, title)`, whose arguments come in another order (issue 11).
 * @module
 */
import { invalidInput } from '../errors.js';

/** @returns a short description of what `value` is, without printing its contents. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (isBytes(value)) return `length=${value.length}`;
  if (Array.isArray(value)) return 'array';
  return `type=${typeof value}`;
}

/** @returns like {@link describe}, but where bytes are the wrong type at all, says so rather than giving a length. */
function describeType(value: unknown): string {
  return isBytes(value) ? 'type=Uint8Array' : describe(value);
}

/**
 * Asserts that `value` is a Uint8Array from any realm (optionally of one of the given lengths).
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param lengths - allowed lengths; none means any length.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * assertBytes(nonce, 'nonce', 12);
 * ```
 */
export function assertBytes(value: unknown, name: string, ...lengths: number[]): Uint8Array {
  if (!isBytes(value) || (lengths.length > 0 && !lengths.includes(value.length))) {
    const want = lengths.length === 0 ? 'Uint8Array' : `Uint8Array of length ${lengths.join(' or ')}`;
    throw invalidInput(`"${name}" expected ${want}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Asserts that `value` is a Uint8Array from any realm whose length is within `[min, max]`.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param min - smallest allowed length.
 * @param max - largest allowed length.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * assertBytesRange(salt, 'salt', 16, 1024);
 * ```
 */
export function assertBytesRange(value: unknown, name: string, min: number, max: number): Uint8Array {
  if (!isBytes(value) || value.length < min || value.length > max) {
    throw invalidInput(`"${name}" expected Uint8Array of length ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Asserts that `value` is a safe integer within `[min, max]`.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param min - smallest allowed value.
 * @param max - largest allowed value.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * ainteger(iterations, 'iterations', 1, 2 ** 32 - 1);
 * ```
 */
export function ainteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? `${value}` : describeType(value);
    throw invalidInput(`"${name}" expected integer in ${min}..${max}, got ${got}`);
  }
  return value;
}

/**
 * Asserts that `value` is one of the allowed strings.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param allowed - the allowed values.
 * @returns the same value, typed as the union of `allowed`.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * const h = aoneOf(hash, 'hash', ['SHA-256', 'SHA-512'] as const);
 * ```
 */
export function aoneOf<const T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 32)) : describeType(value);
    throw invalidInput(`"${name}" expected one of ${allowed.join(', ')}, got ${got}`);
  }
  return value as T;
}

/**
 * Asserts that `value` is a string (optionally of bounded length).
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param maxLength - largest allowed length in UTF-16 code units.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * astring(accountId, 'accountId', 256);
 * ```
 */
export function astring(value: unknown, name: string, maxLength: number = Number.MAX_SAFE_INTEGER): string {
  if (typeof value !== 'string' || value.length > maxLength) {
    const got = typeof value === 'string' ? `length=${value.length}` : describeType(value);
    throw invalidInput(`"${name}" expected string of length <= ${maxLength}, got ${got}`);
  }
  return value;
}

/**
 * True for any `Uint8Array`, including one made in another realm (iframe, `vm`, some Electron
 * set-ups), where `instanceof Uint8Array` is false. The same test as noble's `isBytes`:
 * a view whose tag is `Uint8Array` (a Node `Buffer` is one; a `DataView` or `Uint16Array` is not).
 * @internal Not exported from a public entry point.
 * @param value - the value to test.
 * @returns whether `value` is a Uint8Array from any realm.
 * @example
 * ```ts
 * if (!isBytes(x)) throw invalidInput('"x" expected Uint8Array');
 * ```
 */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]')
  );
}

/**
 * True for a plain object: prototype `Object.prototype` (of any realm) or `null`, not an array,
 * and no own `__proto__` key (what `JSON.parse('{"__proto__":…}')` makes, which a later spread or
 * `Object.assign` would turn into a prototype change).
 * @internal Not exported from a public entry point.
 * @param value - the value to test.
 * @returns whether `value` is a plain object.
 * @example
 * ```ts
 * if (!isPlainObject(json)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record');
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Another realm's Object.prototype has no prototype itself; a class instance's prototype does.
  const plain = proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
  return plain && !Object.prototype.hasOwnProperty.call(value, '__proto__');
}

/**
 * Asserts that `value` is a plain options object ({@link isPlainObject}): refuses null, arrays,
 * class instances (bytes included) and own `__proto__` keys, per docs/api-conventions.md.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @returns the same value, typed as a string-keyed record.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * const o = aobject(options, 'options');
 * ```
 */
export function aobject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidInput(`"${name}" expected a plain object, got ${describeType(value)}`);
  return value;
}

/**
 * Like {@link aobject}, for an optional argument: `undefined` gives an empty object.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @returns the value, or a fresh empty object for `undefined`.
 * @throws ZkvaultError `INVALID_INPUT` if it is neither `undefined` nor a plain object.
 * @example
 * ```ts
 * const o = aoptionalObject(options, 'options');
 * ```
 */
export function aoptionalObject(value: unknown, name: string): Record<string, unknown> {
  return value === undefined ? {} : aobject(value, name);
}

/**
 * Asserts that `value` is an object to read named fields from, where a class instance is as good
 * as a plain object (an `UnlockedAccount` is an `IdentityKeys` and a `Member`): any non-null object
 * except arrays and byte arrays. Options objects use {@link aobject} instead.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @returns the same value, typed as a string-keyed record.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * const { accountId, publicKey } = afields(member, 'member');
 * ```
 */
export function afields(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw invalidInput(`"${name}" expected an object, got ${describeType(value)}`);
  }
  return value as Record<string, unknown>;
}
