/**
 * The Insomnia app's passphrase KDF (its `deriveKey`, used for both SEC_PWD_Auth and SEC_PWD_Enc):
 *
 * 1. email ← trim(email).toLowerCase(); passphrase ← NFKD(trim(passphrase)) (the app's session code);
 * 2. salt' ← HKDF-SHA256(IKM = UTF-8(email), salt = UTF-8(saltHex) — the hex *string*, not the bytes it
 *    spells —, info = empty, L = 32) (RFC 5869);
 * 3. key ← PBKDF2-HMAC-SHA256(UTF-8(passphrase), salt', c = 100,000, dkLen = 32) (RFC 8018 section 5.2).
 *
 * The app runs step 3 through WebCrypto when it exists (UTF-8 bytes). Its node-forge fallback passes
 * the JavaScript string to forge, which takes each UTF-16 code unit modulo 256, so non-ASCII
 * passphrases give a different key there. We follow the WebCrypto path (the one the desktop app uses);
 * `vectors/insomnia-interop.json` pins both values.
 * @module
 */
import { kdf as defaultKdf } from '#backend/kdf';
import { aobject, astring, utf8ToBytes } from '../../bytes/index.js';
import type { KdfBackend } from '../../backend/types.js';
import { invalidInput } from '../../errors.js';
import { hkdfWith } from '../../kdf/hkdf.js';
import { pbkdf2With } from '../../kdf/pbkdf2.js';

/** The app's PBKDF2 iteration count (fixed; not stored anywhere in its records). */
export const INSOMNIA_PBKDF2_ITERATIONS = 100_000;

/** Length of every key the app derives (bytes). */
export const INSOMNIA_KEY_LENGTH = 32;

const MAX_TEXT = 4096;
const HEX_RE = /^[0-9a-fA-F]+$/;

/**
 * The app's email normalisation: trim, then lower case.
 * @param email - the email as typed.
 * @returns the normalised email (the SRP identity and the HKDF input).
 * @throws ZkvaultError `INVALID_INPUT` if it is not a string of at most 4096 characters, or empty after trimming.
 * @example
 * ```ts
 * import { insomniaEmail } from 'zkvault/compat/insomnia';
 * console.log(insomniaEmail('  Alice@Example.com ')); // 'alice@example.com'
 * ```
 */
export function insomniaEmail(email: string): string {
  const out = astring(email, 'email', MAX_TEXT).trim().toLowerCase();
  if (out.length === 0) throw invalidInput('"email" expected a non-empty string');
  return out;
}

/**
 * The app's passphrase normalisation: trim, then Unicode NFKD.
 * @param passphrase - the passphrase as typed.
 * @returns the normalised passphrase.
 * @throws ZkvaultError `INVALID_INPUT` if it is not a string of at most 4096 characters.
 * @example
 * ```ts
 * import { insomniaPassphrase } from 'zkvault/compat/insomnia';
 * console.log(insomniaPassphrase(' pässwörd ') === 'pa\u0308sswo\u0308rd'); // true
 * ```
 */
export function insomniaPassphrase(passphrase: string): string {
  return astring(passphrase, 'passphrase', MAX_TEXT).trim().normalize('NFKD');
}

/**
 * Checks an Insomnia salt: a non-empty hex string (the app makes 64 lowercase hex characters).
 * @param saltHex - the salt as stored by the app.
 * @param name - argument name for the error message.
 * @returns the same string (used as text, so its case is kept).
 * @throws ZkvaultError `INVALID_INPUT` if it is not 2..4096 hex characters.
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { insomniaSalt } from 'zkvault/compat/insomnia';
 * const account = { saltEnc: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' };
 * insomniaSalt(account.saltEnc, 'saltEnc'); // returned as it is
 * try {
 *   insomniaSalt('not hex', 'saltEnc');
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'INVALID_INPUT') throw e;
 * }
 * ```
 */
export function insomniaSalt(saltHex: string, name = 'saltHex'): string {
  astring(name, 'name', MAX_TEXT);
  astring(saltHex, name, MAX_TEXT);
  if (saltHex.length < 2 || !HEX_RE.test(saltHex)) throw invalidInput(`"${name}" expected a hex string`);
  return saltHex;
}

/** Options of {@link deriveInsomniaKey}: what the app's `deriveKey(passphrase, email, salt)` takes besides the passphrase. */
export interface DeriveInsomniaKeyOptions {
  /** The account email as typed (trimmed and lower-cased before use). */
  email: string;
  /** The app's hex salt string: the account's `saltKey` (SEC_PWD_Auth) or `saltEnc` (SEC_PWD_Enc). */
  salt: string;
}

/** @internal Backend-parameterised {@link deriveInsomniaKey}, for tests that run per backend. */
export async function deriveInsomniaKeyWith(
  kdf: KdfBackend,
  passphrase: string,
  email: string,
  saltHex: string,
): Promise<Uint8Array> {
  const pw = utf8ToBytes(insomniaPassphrase(passphrase));
  const ikm = utf8ToBytes(insomniaEmail(email));
  const salt = utf8ToBytes(insomniaSalt(saltHex));
  const pbkdfSalt = hkdfWith(kdf, ikm, { salt, length: INSOMNIA_KEY_LENGTH, hash: 'SHA-256' });
  // Bytes, not the string: pbkdf2With would NFKD again, which is harmless but hides what is hashed.
  return pbkdf2With(kdf, pw, pbkdfSalt, { iterations: INSOMNIA_PBKDF2_ITERATIONS, hash: 'SHA-256', dkLen: INSOMNIA_KEY_LENGTH });
}

/**
 * Derives an Insomnia account key exactly as the app does (its `deriveKey` plus its input
 * normalisation): SEC_PWD_Auth with the account's `saltKey`, SEC_PWD_Enc with its `saltEnc`.
 * @param passphrase - the passphrase as typed (trimmed and NFKD-normalised here).
 * @param options - `email`: the account email as typed (trimmed and lower-cased here); `salt`: the app's
 *   hex salt string (`saltKey` or `saltEnc`). Both required, as the salt of `pbkdf2` in `zkvault/kdf`.
 * @returns the 32-byte key (the app keeps it as 64 lowercase hex characters, e.g. `Buffer.from(key).toString("hex")` on Node).
 * @throws ZkvaultError `INVALID_INPUT` (rejected promise) on a non-string argument, an empty email or a non-hex salt.
 * @example
 * ```ts
 * import { deriveInsomniaKey } from 'zkvault/compat/insomnia';
 * const account = { saltEnc: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex') }; // 64 hex characters, as the app makes it
 * const secPwdEnc = await deriveInsomniaKey('correct horse battery staple', { email: 'alice@example.com', salt: account.saltEnc });
 * console.log(secPwdEnc.length); // 32
 * ```
 */
export function deriveInsomniaKey(passphrase: string, options: DeriveInsomniaKeyOptions): Promise<Uint8Array> {
  try {
    const o = aobject(options, 'options');
    return deriveInsomniaKeyWith(defaultKdf, passphrase, o['email'] as string, insomniaSalt(o['salt'] as string, 'options.salt'));
  } catch (e) {
    return Promise.reject(e);
  }
}
