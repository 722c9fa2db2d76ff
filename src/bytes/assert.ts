/**
 * Input assertions. Each names the bad argument, in the style of noble:
 * `"nonce" expected Uint8Array of length 12, got length=11`. They never print the value itself.
 * @module
 */
import { invalidInput } from '../errors.js';

/** @returns a short description of what `value` is, without printing its contents. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `length=${value.length}`;
  if (Array.isArray(value)) return 'array';
  return `type=${typeof value}`;
}

/** @returns like {@link describe}, but where bytes are the wrong type at all, says so rather than giving a length. */
function describeType(value: unknown): string {
  return value instanceof Uint8Array ? 'type=Uint8Array' : describe(value);
}

/**
 * Asserts that `value` is a Uint8Array (optionally of one of the given lengths).
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param lengths - allowed lengths; none means any length.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * abytes(nonce, 'nonce', 12);
 * ```
 */
export function abytes(value: unknown, name: string, ...lengths: number[]): Uint8Array {
  const ok =
    value instanceof Uint8Array && (lengths.length === 0 || lengths.includes(value.length));
  if (!ok) {
    const want = lengths.length === 0 ? 'Uint8Array' : `Uint8Array of length ${lengths.join(' or ')}`;
    throw invalidInput(`"${name}" expected ${want}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Asserts that `value` is a Uint8Array whose length is within `[min, max]`.
 * @internal Not exported from a public entry point.
 * @param value - the argument to check.
 * @param name - its name, used in the message.
 * @param min - smallest allowed length.
 * @param max - largest allowed length.
 * @returns the same value, typed.
 * @throws ZkvaultError `INVALID_INPUT` if it is not.
 * @example
 * ```ts
 * abytesRange(salt, 'salt', 16, 1024);
 * ```
 */
export function abytesRange(value: unknown, name: string, min: number, max: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length < min || value.length > max) {
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
 * set-ups), where `instanceof Uint8Array` is false.
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
 * Asserts that `value` is a plain options/record object: not null, not an array, with the
 * prototype `Object.prototype` or `null` (so class instances and prototype tricks are refused).
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
  const proto = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    (proto !== Object.prototype && proto !== null)
  ) {
    throw invalidInput(`"${name}" expected a plain object, got ${describeType(value)}`);
  }
  return value as Record<string, unknown>;
}
