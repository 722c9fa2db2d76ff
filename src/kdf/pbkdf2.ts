/**
 * PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA-1, HMAC-SHA-256 or HMAC-SHA-512.
 * On Node it runs in OpenSSL on the libuv threadpool; in browsers through WebCrypto; @noble/hashes
 * where neither exists. Two concurrent calls run in parallel on the native paths.
 * @module
 */
import { kdf } from '#backend/kdf';
import { bindBackends } from '../backend/backend-deps.js';
import { assertBytes, ainteger, aobject, aoneOf, isBytes, utf8ToBytes } from '../bytes/index.js';
import { invalidInput } from '../errors.js';
import type { HashName, KdfBackend } from '../backend/types.js';

const deps: () => { kdf: KdfBackend } = bindBackends({ kdf });

/** Options of {@link pbkdf2}. */
export interface Pbkdf2Options {
  /** The salt (any length; use 16 or more random bytes and store it with what the key protects). */
  salt: Uint8Array;
  /** Iteration count, 1 to 2^32-1. Use at least 600,000 for SHA-256 passphrase hashing (OWASP 2023). */
  iterations: number;
  /** PRF hash; default `'SHA-256'`. `'SHA-1'` exists for RFC 6070 vectors and legacy formats. */
  hash?: HashName;
  /** Output length in bytes, 1 to 1024; default 32. */
  dkLen?: number;
}

const HASHES = ['SHA-1', 'SHA-256', 'SHA-512'] as const;

/**
 * Normalises a password: strings are NFKD-normalised then UTF-8 encoded (so "é" typed as one
 * code point or as e + combining accent gives the same key); bytes are used as they are.
 * @param password - the password.
 * @returns its bytes.
 * @throws ZkvaultError `INVALID_INPUT` if it is neither a string nor a Uint8Array.
 * @example
 * ```ts
 * import { passwordBytes } from 'zkvault/kdf';
 * const composed = passwordBytes('\u00e9'); // 'é' as one code point
 * const decomposed = passwordBytes('e\u0301'); // 'e' + combining acute accent
 * console.log(composed.join() === decomposed.join()); // true: both are the bytes of 'e\u0301'
 * ```
 */
export function passwordBytes(password: string | Uint8Array): Uint8Array {
  if (typeof password === 'string') return utf8ToBytes(password.normalize('NFKD'));
  if (isBytes(password)) return password;
  throw invalidInput('"password" expected string or Uint8Array');
}

/** @internal Backend-parameterised PBKDF2 with the salt apart, for tests that run per backend and the Insomnia KDF. */
export function pbkdf2With(
  kdf: KdfBackend,
  password: string | Uint8Array,
  salt: Uint8Array,
  options: Omit<Pbkdf2Options, 'salt'>,
): Promise<Uint8Array> {
  try {
    const pw = passwordBytes(password);
    assertBytes(salt, 'salt');
    aobject(options, 'options');
    const iterations = ainteger(options.iterations, 'iterations', 1, 2 ** 32 - 1);
    const hash = aoneOf(options.hash === undefined ? 'SHA-256' : options.hash, 'hash', HASHES);
    const dkLen = ainteger(options.dkLen === undefined ? 32 : options.dkLen, 'dkLen', 1, 1024);
    return kdf.pbkdf2(hash, pw, salt, iterations, dkLen);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Derives a key from a password with PBKDF2-HMAC.
 *
 * String passwords are NFKD-normalised and UTF-8 encoded first (see {@link passwordBytes});
 * pass a Uint8Array to hash bytes exactly as given.
 *
 * The salt is an option, as in {@link hkdf} (and WebCrypto's `Pbkdf2Params`): the password is the
 * one input, everything else parameterises the derivation (docs/decisions.md).
 *
 * @param password - the password, string or bytes.
 * @param options - salt and iterations (required), hash (default SHA-256) and dkLen (default 32).
 * @returns the derived key.
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a bad argument.
 * @example
 * ```ts
 * import { pbkdf2 } from 'zkvault/kdf';
 * const salt = crypto.getRandomValues(new Uint8Array(16)); // store it with the derived data
 * const key = await pbkdf2('correct horse', { salt, iterations: 600_000 });
 * console.log(key.length); // 32
 * ```
 */
export async function pbkdf2(password: string | Uint8Array, options: Pbkdf2Options): Promise<Uint8Array> {
  const pw = passwordBytes(password);
  const salt = assertBytes(aobject(options, 'options')['salt'], 'salt');
  return pbkdf2With(deps().kdf, pw, salt, options);
}
