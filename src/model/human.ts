/**
 * Human-facing codes: the device-held secret key (`ZK1-…`) and identity fingerprints. Both use
 * Crockford's base32 alphabet (digits and upper-case letters without I, L, O, U), which survives
 * being read aloud or retyped; parsing maps I/L to 1 and O to 0.
 * @module
 */
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { assertBytes, concatBytes } from '../bytes/index.js';
import { invalidInput } from '../errors.js';
import { encodeContext } from './context.js';
import { identityKeys, type IdentityKeys } from './identity.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_KEY_PREFIX = 'ZK1';
const SECRET_KEY_LABEL = encodeContext('zkvault/v1/secret-key', []);
const FINGERPRINT_LABEL = encodeContext('zkvault/v1/identity-fingerprint', []);
const FINGERPRINT_XWING_LABEL = encodeContext('zkvault/v1/identity-fingerprint/xwing', []);
/** Secret key length in bytes (128 bits). */
export const SECRET_KEY_LENGTH = 16;

function toBits(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function base32(n: bigint, chars: number): string {
  let out = '';
  for (let i = chars - 1; i >= 0; i--) out += ALPHABET[Number((n >> BigInt(5 * i)) & 31n)];
  return out;
}

function group(s: string, size: number, sep: string): string {
  const parts: string[] = [];
  for (let i = 0; i < s.length; i += size) parts.push(s.slice(i, i + size));
  return parts.join(sep);
}

// 12-bit checksum: the first 12 bits of SHA-256(label ‖ key). 128 + 12 = 140 bits = 28 characters.
function checksum(key: Uint8Array): bigint {
  const d = hash.digest('SHA-256', SECRET_KEY_LABEL, key);
  return (BigInt(d[0]!) << 4n) | BigInt(d[1]! >> 4);
}

/**
 * Formats a 16-byte secret key for humans: `ZK1-` then 28 Crockford base32 characters (128 key
 * bits and a 12-bit checksum) in groups of 4.
 * @param key - 16 bytes.
 * @returns e.g. `ZK1-8W3K-…` (36 characters).
 * @throws ZkvaultError `INVALID_INPUT` if `key` is not 16 bytes.
 * @example
 * ```ts
 * import { formatSecretKey } from 'zkvault';
 *
 * const key = crypto.getRandomValues(new Uint8Array(16));
 * console.log(formatSecretKey(key)); // 'ZK1-0F3R-…'
 * ```
 */
export function formatSecretKey(key: Uint8Array): string {
  assertBytes(key, 'secretKey', SECRET_KEY_LENGTH);
  const n = (toBits(key) << 12n) | checksum(key);
  return `${SECRET_KEY_PREFIX}-${group(base32(n, 28), 4, '-')}`;
}

/**
 * Parses a secret key typed by a human (case, hyphens and spaces do not matter; I/L read as 1, O as 0).
 * @param text - the formatted key, as made by {@link formatSecretKey}.
 * @returns the 16 key bytes.
 * @throws ZkvaultError `INVALID_INPUT` on a wrong prefix, length, character or checksum (the
 *   message never echoes the key).
 * @example
 * ```ts
 * import { generateSecretKeyString, parseSecretKey } from 'zkvault';
 *
 * const typed = generateSecretKeyString().toLowerCase(); // as the user typed it: 'zk1-0f3r-…'
 * const key = parseSecretKey(typed);
 * console.log(key.length); // 16
 * ```
 */
export function parseSecretKey(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length > 128) throw invalidInput('"secretKey" expected a ZK1- string');
  const s = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!s.startsWith(SECRET_KEY_PREFIX) || s.length !== SECRET_KEY_PREFIX.length + 28) {
    throw invalidInput('"secretKey" expected ZK1- and 28 characters');
  }
  let n = 0n;
  for (const c of s.slice(SECRET_KEY_PREFIX.length)) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw invalidInput('"secretKey" has a character outside the alphabet');
    n = (n << 5n) | BigInt(v);
  }
  const key = new Uint8Array(SECRET_KEY_LENGTH);
  let k = n >> 12n;
  for (let i = SECRET_KEY_LENGTH - 1; i >= 0; i--) {
    key[i] = Number(k & 255n);
    k >>= 8n;
  }
  if ((n & 0xfffn) !== checksum(key)) throw invalidInput('"secretKey" checksum mismatch (typo?)');
  return key;
}

/**
 * Makes a new random secret key: 16 bytes from the platform CSPRNG. Keep it on the user's devices
 * only; show it with {@link formatSecretKey} (or make it with {@link generateSecretKeyString}).
 * @returns the 16 key bytes (the caller owns them; `createAccount` and `ClientLogin.start` copy them).
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * import { createAccount, formatSecretKey, generateSecretKey } from 'zkvault';
 *
 * const sk = generateSecretKey(); // store in the device keychain
 * console.log(formatSecretKey(sk)); // show once: 'ZK1-…'
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', secretKey: sk, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * ```
 */
export function generateSecretKey(): Uint8Array {
  return random.randomBytes(SECRET_KEY_LENGTH);
}

/**
 * {@link generateSecretKey} formatted for humans (see {@link formatSecretKey}); {@link parseSecretKey}
 * reads it back. The key bytes are wiped once formatted.
 * @returns the formatted key, `ZK1-` and seven groups of four characters.
 * @throws ZkvaultError `UNSUPPORTED` if the platform has no CSPRNG.
 * @example
 * ```ts
 * import { createAccount, generateSecretKeyString } from 'zkvault';
 *
 * const sk = generateSecretKeyString(); // show once, store in the device keychain
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * await createAccount({ accountId: 'jane', passphrase: 'correct horse battery staple', secretKey: sk, kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * ```
 */
export function generateSecretKeyString(): string {
  const key = generateSecretKey();
  try {
    return formatSecretKey(key);
  } finally {
    key.fill(0);
  }
}

/**
 * A short human-comparable code for an account's identity (both public keys), for out-of-band
 * checks against key substitution (docs/architecture.md section 5; docs/protocol.md, "Identity"). It is
 * the first 120 bits of SHA-256(u32be(31) ‖ "zkvault/v1/identity-fingerprint" ‖ PUB_Account ‖
 * PUB_Sign [‖ u32be(37) ‖ "zkvault/v1/identity-fingerprint/xwing" ‖ PUB_XWing]), the bracket only
 * for an identity with an X-Wing key (issue 18), as 24 Crockford base32 characters in six groups of four. Finding another key pair with
 * the same code takes about 2^120 work. The account id is not covered: the user compares the code
 * with the person the id names.
 *
 * There is deliberately no form over `PUB_Account` alone: a code that omits the signing key would
 * look the same as an identity code yet vouch for less (a raw `Uint8Array` is refused).
 * @param identity - `{ publicKey, signPublicKey }` (an {@link Identity} or an {@link UnlockedAccount}).
 * @returns e.g. `"7XQ2 M9KD 3B0A ZZ41 P8RT VC2N"`.
 * @throws ZkvaultError `INVALID_INPUT` if either key is not 32 bytes or `xwingPublicKey` is not 1216.
 * @example
 * ```ts
 * import { createAccount, fingerprint } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const bob = (await createAccount({ accountId: 'bob', passphrase: 'bob passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
 * const codeBobReadToMe = bob.fingerprint; // Bob reads it from his own device
 *
 * const served = bob.identity; // the identity the server says is Bob's
 * if (fingerprint(served) !== codeBobReadToMe) throw new Error('not Bob');
 * ```
 */
export function fingerprint(identity: IdentityKeys): string {
  const { publicKey, signPublicKey, xwingPublicKey } = identityKeys(identity, 'identity');
  // An X-Wing key (issue 18) is appended: identities without one keep their codes.
  const pq = xwingPublicKey === undefined ? [] : [FINGERPRINT_XWING_LABEL, xwingPublicKey];
  const d = hash.digest('SHA-256', concatBytes(FINGERPRINT_LABEL, publicKey, signPublicKey, ...pq));
  return group(base32(toBits(d.subarray(0, 15)), 24), 4, ' ');
}

/**
 * @internal Formats a digest as a fingerprint code: its first 120 bits as 24 Crockford base32
 * characters in six groups of four (the form {@link fingerprint} uses). Not exported from `zkvault`.
 * @param digest - at least 15 bytes (a SHA-256 output).
 * @returns the code.
 * @throws never for a 15-byte or longer digest.
 * @example
 * ```ts
 * fingerprintOf(hash.digest('SHA-256', label, data)); // '7XQ2 M9KD …'
 * ```
 */
export function fingerprintOf(digest: Uint8Array): string {
  return group(base32(toBits(digest.subarray(0, 15)), 24), 4, ' ');
}
