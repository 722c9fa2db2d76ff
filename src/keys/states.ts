/**
 * Typed key states (docs/architecture.md section 2, "Typed states").
 *
 * - {@link UnlockedKey}: secret bytes in client memory. Never serialisable (`toJSON` throws
 *   `NOT_STORABLE`), wipeable with `dispose()` / `using`.
 * - {@link LockedKey}: the encrypted form of a key whose seed flag says "locked".
 * - {@link PublicValue}: a stored, non-secret value (salt, public key, verifier).
 * - {@link StoredText}: the base64url text of a stored name, the only key-shaped thing a server
 *   record's key fields accept. It is made only by {@link storeKey}, which accepts only locked keys and
 *   public values of stored names, so persisting `SEC_PWD_Enc` or a raw `SYM_ResourceGroup` does not
 *   compile, and throws at run time for untyped callers.
 *
 * The classes use ECMAScript private fields, so TypeScript treats them nominally: a LockedKey is never
 * assignable to an UnlockedKey, whatever their names.
 * @module
 */
import { assertBytes, copyBytes, fromBase64url, toBase64url, wipe } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import {
  KEY_TABLE,
  isKeyName,
  type LockedKeyName,
  type PublicKeyName,
  type SecretKeyName,
  type StoredKeyName,
} from './names.js';

declare const storedBrand: unique symbol;

/**
 * Base64url text of a stored key name `N`, as it appears in a server record. A plain string is not
 * assignable to it: the library makes one when it locks a key (the internal `storeKey`), and the
 * `parse*Record` functions give one when they validate a record you received.
 */
export type StoredText<N extends StoredKeyName> = string & {
  /** Compile-time brand only (no run-time property): the stored name the text belongs to. */
  readonly [storedBrand]: N;
};

function keyLocked(what: string): ZkvaultError {
  return new ZkvaultError('KEY_LOCKED', `zkvault: ${what}`);
}

/**
 * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
 * A secret key in the clear, in client memory. The name is part of the type, so a `SEC_PWD_Enc`
 * cannot be passed where a `SYM_Account` is needed.
 * @example
 * ```ts
 * import { UnlockedKey } from 'zkvault';
 *
 * {
 *   using k = UnlockedKey.from('SYM_ResourceGroup', crypto.getRandomValues(new Uint8Array(32)));
 *   console.log(k.name, k.bytes().length); // the 32 bytes, until disposed
 * } // `using` wiped the key here
 * ```
 */
export class UnlockedKey<N extends SecretKeyName> {
  /** The key's name in the seed's table. */
  readonly name: N;
  /** Discriminant: always `'unlocked'`. */
  readonly state: 'unlocked' = 'unlocked';
  readonly #bytes: Uint8Array;
  #disposed = false;

  private constructor(name: N, bytes: Uint8Array) {
    this.name = name;
    this.#bytes = bytes;
  }

  /**
   * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
   * Wraps secret bytes as an unlocked key (copies them; wipe your own copy if you no longer need it).
   * @param name - a secret key name.
   * @param bytes - the key bytes.
   * @returns the unlocked key.
   * @throws ZkvaultError `INVALID_INPUT` if `name` is not a secret key name or `bytes` is not a Uint8Array.
   * @example
   * ```ts
   * import { UnlockedKey } from 'zkvault';
   *
   * const raw = crypto.getRandomValues(new Uint8Array(32));
   * const k = UnlockedKey.from('SYM_ResourceGroup', raw);
   * raw.fill(0); // the key holds its own copy
   * console.log(k.state); // 'unlocked'
   * ```
   */
  static from<N extends SecretKeyName>(name: N, bytes: Uint8Array): UnlockedKey<N> {
    if (!isKeyName(name) || !KEY_TABLE[name].secret) {
      throw new ZkvaultError('INVALID_INPUT', '"name" expected a secret key name');
    }
    assertBytes(bytes, 'bytes');
    return new UnlockedKey(name, copyBytes(bytes));
  }

  /**
   * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
   * The key bytes (a view of this object's copy: do not keep it beyond the call that needs it).
   * @returns the key bytes.
   * @throws ZkvaultError `KEY_LOCKED` after {@link UnlockedKey.dispose}.
   * @example
   * ```ts
   * import { UnlockedKey } from 'zkvault';
   * import { envelopeKey } from 'zkvault/envelope';
   *
   * const k = UnlockedKey.from('SYM_ResourceGroup', crypto.getRandomValues(new Uint8Array(32)));
   * const ek = await envelopeKey(k.bytes()); // use the bytes right away, do not keep them
   * console.log((await ek.seal(new TextEncoder().encode('hello'))).length);
   * ```
   */
  bytes(): Uint8Array {
    if (this.#disposed) throw keyLocked(`${this.name} was disposed`);
    return this.#bytes;
  }

  /** Whether {@link UnlockedKey.dispose} has been called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
   * Zeroes the key bytes; later use throws `KEY_LOCKED`. Idempotent.
   * @returns nothing.
   * @throws never.
   * @example
   * ```ts
   * import { UnlockedKey, ZkvaultError } from 'zkvault';
   *
   * const k = UnlockedKey.from('SYM_ResourceGroup', crypto.getRandomValues(new Uint8Array(32)));
   * k.dispose();
   * try {
   *   k.bytes();
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'KEY_LOCKED') throw e;
   *   console.log('disposed:', k.disposed); // true
   * }
   * ```
   */
  dispose(): void {
    if (!this.#disposed) wipe(this.#bytes);
    this.#disposed = true;
  }

  /** Same as {@link UnlockedKey.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
   * Refuses serialisation, so `JSON.stringify` of anything holding an unlocked key throws.
   * @returns never.
   * @throws ZkvaultError `NOT_STORABLE`, always.
   * @example
   * ```ts
   * import { UnlockedKey, ZkvaultError } from 'zkvault';
   *
   * const k = UnlockedKey.from('SYM_ResourceGroup', crypto.getRandomValues(new Uint8Array(32)));
   * try {
   *   JSON.stringify({ k }); // throws NOT_STORABLE
   * } catch (e) {
   *   if (!(e instanceof ZkvaultError) || e.code !== 'NOT_STORABLE') throw e;
   *   console.log('refused:', e.code);
   * }
   * ```
   */
  toJSON(): never {
    throw new ZkvaultError('NOT_STORABLE', `zkvault: an unlocked ${this.name} must never be stored`);
  }
}

// Keeps key bytes out of console.log / util.inspect.
Object.defineProperty(UnlockedKey.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: UnlockedKey<SecretKeyName>): string {
    return `UnlockedKey<${this.name}>${this.disposed ? ' (disposed)' : ''}`;
  },
});

/**
 * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
 * The locked (encrypted) form of a key whose seed flag says "locked": an envelope for
 * `SYM_Account` and `PRV_Account`, an HPKE ciphertext for `SYM_Link`.
 * @example
 * ```ts
 * import { LockedKey, storeKey } from 'zkvault';
 * import { seal } from 'zkvault/envelope';
 *
 * const kek = crypto.getRandomValues(new Uint8Array(32)); // stands in for SEC_PWD_Enc
 * const envelopeBytes = await seal(crypto.getRandomValues(new Uint8Array(32)), kek);
 * const locked = new LockedKey('SYM_Account', envelopeBytes);
 * console.log(storeKey(locked)); // base64url text for the record
 * ```
 */
export class LockedKey<N extends LockedKeyName> {
  /** The key's name in the seed's table. */
  readonly name: N;
  /** Discriminant: always `'locked'`. */
  readonly state: 'locked' = 'locked';
  /** The ciphertext. */
  readonly ciphertext: Uint8Array;
  readonly #brand = true;

  /**
   * @param name - a locked key name.
   * @param ciphertext - the encrypted key.
   * @throws ZkvaultError `INVALID_INPUT` if `name` is not a locked name or `ciphertext` is not bytes.
   */
  constructor(name: N, ciphertext: Uint8Array) {
    if (!isKeyName(name) || !KEY_TABLE[name].locked) throw new ZkvaultError('INVALID_INPUT', '"name" expected a locked key name');
    this.name = name;
    this.ciphertext = copyBytes(assertBytes(ciphertext, 'ciphertext'));
    void this.#brand;
  }
}

/**
 * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
 * A stored value that is public by the seed's table (not locked, not secret): salts, `PUB_Account`,
 * `SRP_Verifier`.
 * @example
 * ```ts
 * import { PublicValue } from 'zkvault';
 *
 * const salt = new PublicValue('SLT_Enc', crypto.getRandomValues(new Uint8Array(32)));
 * console.log(salt.name, salt.state, salt.value.length); // SLT_Enc public 32
 * ```
 */
export class PublicValue<N extends PublicKeyName> {
  /** The value's name in the seed's table. */
  readonly name: N;
  /** Discriminant: always `'public'`. */
  readonly state: 'public' = 'public';
  /** The value. */
  readonly value: Uint8Array;
  readonly #brand = true;

  /**
   * @param name - a public stored name.
   * @param value - the bytes.
   * @throws ZkvaultError `INVALID_INPUT` if `name` is not a public stored name or `value` is not bytes.
   */
  constructor(name: N, value: Uint8Array) {
    if (!isKeyName(name) || !KEY_TABLE[name].stored || KEY_TABLE[name].locked || KEY_TABLE[name].secret) {
      throw new ZkvaultError('INVALID_INPUT', '"name" expected a public stored name');
    }
    this.name = name;
    this.value = copyBytes(assertBytes(value, 'value'));
    void this.#brand;
  }
}

/** What {@link storeKey} accepts for a stored name `N`: its locked form if locked, else its public value. */
export type Storable<N extends StoredKeyName> = N extends LockedKeyName
  ? LockedKey<N>
  : N extends PublicKeyName
    ? PublicValue<N>
    : never;

/**
 * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
 * Serialises a storable key for a server record. The only way to make a {@link StoredText}.
 * @param key - a {@link LockedKey} or a {@link PublicValue} of a stored name.
 * @returns its base64url text, typed with its name.
 * @throws ZkvaultError `NOT_STORABLE` for anything else (an unlocked key, a non-stored name, raw bytes),
 *   which the types already forbid; the check is for untyped callers.
 * @example
 * ```ts
 * import { PublicValue, storeKey, type StoredText } from 'zkvault';
 *
 * const salt = crypto.getRandomValues(new Uint8Array(32));
 * const text: StoredText<'SLT_Enc'> = storeKey(new PublicValue('SLT_Enc', salt));
 * console.log(text); // base64url, 43 characters
 * ```
 */
export function storeKey<N extends StoredKeyName>(key: Storable<N>): StoredText<N> {
  const k: unknown = key;
  if (k instanceof LockedKey && isKeyName(k.name) && KEY_TABLE[k.name].stored) {
    return toBase64url(k.ciphertext) as StoredText<N>;
  }
  if (k instanceof PublicValue && isKeyName(k.name) && KEY_TABLE[k.name].stored) {
    return toBase64url(k.value) as StoredText<N>;
  }
  const name = typeof k === 'object' && k !== null && 'name' in k && isKeyName(k.name) ? k.name : 'value';
  throw new ZkvaultError('NOT_STORABLE', `zkvault: ${name} cannot be stored in this form`);
}

/**
 * @internal Asserts that `key` is an unlocked, not disposed key of one of `names` (not exported from
 * `zkvault`).
 * @param key - the value to check.
 * @param argName - the argument name for the message.
 * @param names - accepted key names.
 * @returns the key, typed.
 * @throws ZkvaultError `KEY_LOCKED` for a locked key or a disposed key; `INVALID_INPUT` for anything else.
 * @example
 * ```ts
 * const sym = requireUnlocked(x, 'symAccount', 'SYM_Account');
 * ```
 */
export function requireUnlocked<N extends SecretKeyName>(key: unknown, argName: string, ...names: N[]): UnlockedKey<N> {
  if (key instanceof LockedKey) throw keyLocked(`"${argName}" is locked; unlock it first`);
  if (!(key instanceof UnlockedKey) || !(names as string[]).includes(key.name)) {
    throw new ZkvaultError('INVALID_INPUT', `"${argName}" expected an unlocked ${names.join(' or ')}`);
  }
  if (key.disposed) throw keyLocked(`"${argName}" was disposed`);
  return key as UnlockedKey<N>;
}

/**
 * @internal Reads stored text back into bytes (strict base64url; not exported from `zkvault`).
 * @param text - the stored text.
 * @param name - the field name, for the message.
 * @returns the bytes.
 * @throws ZkvaultError `INVALID_RECORD` if it is not canonical base64url.
 * @example
 * ```ts
 * const salt = loadStored(record.SLT_Enc, 'SLT_Enc');
 * ```
 */
export function loadStored(text: unknown, name: string): Uint8Array {
  if (typeof text !== 'string') throw new ZkvaultError('INVALID_RECORD', `zkvault: "${name}" expected base64url text`);
  try {
    return fromBase64url(text, name);
  } catch {
    throw new ZkvaultError('INVALID_RECORD', `zkvault: "${name}" expected canonical base64url`);
  }
}
