/**
 * Which implementation each backend family uses on this platform, and a guard for platforms
 * without WebCrypto. In a browser page served over plain http from a non-localhost address (an
 * insecure context), `crypto.subtle` is missing and the web backend falls back to pure-JS @noble
 * code for AES-GCM and PBKDF2: correct, but much slower (docs/runtimes.md gives the measured cost,
 * about 13x for PBKDF2 at 600,000 iterations in Chromium). RSA-OAEP (Insomnia compatibility) has no
 * fallback and fails with `UNSUPPORTED`. These functions make that visible.
 * @module
 */
import { aead } from '#backend/aead';
import { aoneOf, aobject } from './bytes/index.js';
import { ZkvaultError } from './errors.js';

/** The backend families of zkvault (see `src/backend/types.ts`). */
export type BackendFamily = 'random' | 'hash' | 'kdf' | 'aead' | 'x25519' | 'rsa' | 'modpow';

/** What {@link backendInfo} reports. */
export interface BackendInfo {
  /** `node` (node:crypto / OpenSSL, chosen by the `node` export condition) or `web` (everything else). */
  readonly backend: 'node' | 'web';
  /** Whether `globalThis.crypto.subtle` exists (false in insecure browser contexts). */
  readonly webCrypto: boolean;
  /** The implementation each family uses here, e.g. `"WebCrypto"`, `"@noble/ciphers"`, `"unavailable"`. */
  readonly families: Readonly<Record<BackendFamily, string>>;
}

// Written "OpenSSL (node:crypto)": the browser-bundle test refuses any quoted "node:" specifier.
const NODE: Readonly<Record<BackendFamily, string>> = {
  random: 'OpenSSL (node:crypto)',
  hash: 'OpenSSL (node:crypto)',
  kdf: 'OpenSSL (node:crypto)',
  aead: 'OpenSSL (node:crypto)',
  x25519: 'OpenSSL (node:crypto)',
  rsa: 'OpenSSL (node:crypto)',
  modpow: 'OpenSSL (node:crypto, prepared groups) + BigInt',
};

// The web backend's choices, as src/backend/web/*.ts make them (each module header says why).
function webFamilies(subtle: boolean): Readonly<Record<BackendFamily, string>> {
  return {
    random: 'crypto.getRandomValues',
    hash: '@noble/hashes',
    kdf: subtle ? 'WebCrypto (PBKDF2) + @noble/hashes (HKDF)' : '@noble/hashes',
    aead: subtle ? 'WebCrypto (>= 256 bytes) + @noble/ciphers (short messages)' : '@noble/ciphers',
    x25519: '@noble/curves',
    rsa: subtle ? 'WebCrypto' : 'unavailable',
    modpow: 'BigInt (bigint-crypto-utils)',
  };
}

/**
 * Reports which implementation each backend family uses on this platform.
 * @returns the backend (`node` or `web`), whether WebCrypto is present, and each family's implementation.
 * @throws never.
 * @example
 * ```ts
 * import { backendInfo } from 'zkvault';
 * const info = backendInfo();
 * console.log(info.backend, info.webCrypto, info.families.kdf); // on Node: node true OpenSSL (node:crypto)
 * ```
 */
export function backendInfo(): BackendInfo {
  const webCrypto = globalThis.crypto?.subtle !== undefined;
  const backend = aead.name;
  return { backend, webCrypto, families: backend === 'node' ? NODE : webFamilies(webCrypto) };
}

/** Options of {@link requireNativeCrypto}. */
export interface RequireNativeCryptoOptions {
  /**
   * `"throw"` (default): throw when WebCrypto is missing. `"warn"`: call `warn` instead (default
   * `console.warn`) and go on with the slow pure-JS fallback.
   */
  readonly onMissing?: 'throw' | 'warn';
  /** Receives the warning text when `onMissing` is `"warn"`. */
  readonly warn?: (message: string) => void;
}

/** The message of the `UNSUPPORTED` error (and of the warning) when WebCrypto is missing. */
export const NATIVE_CRYPTO_MISSING_MESSAGE =
  'zkvault: crypto.subtle is missing (an insecure context, e.g. plain http on a LAN address); PBKDF2 and AES-GCM would run in slow pure JavaScript and RSA-OAEP is unavailable. Serve the page over https or from localhost.';

/**
 * Refuses (or warns) when the platform lacks WebCrypto, so an app does not silently run its
 * 600,000-iteration PBKDF2 and its AES-GCM in pure JavaScript. Call it once at startup. It is a
 * property read: the check itself costs well under a microsecond.
 * @param options - {@link RequireNativeCryptoOptions}; default: throw.
 * @returns the {@link BackendInfo} of this platform (also when it only warned).
 * @throws ZkvaultError `UNSUPPORTED` when `crypto.subtle` is missing and `onMissing` is `"throw"`;
 *   `INVALID_INPUT` for bad options.
 * @example
 * ```ts
 * import { requireNativeCrypto } from 'zkvault';
 * const info = requireNativeCrypto(); // throws UNSUPPORTED in an insecure browser context
 * console.log(info.webCrypto); // true
 * requireNativeCrypto({ onMissing: 'warn', warn: (m) => console.error(m) }); // warn and continue instead
 * ```
 */
export function requireNativeCrypto(options: RequireNativeCryptoOptions = {}): BackendInfo {
  const o = aobject(options, 'options');
  const onMissing = o['onMissing'] === undefined ? 'throw' : aoneOf(o['onMissing'], 'options.onMissing', ['throw', 'warn'] as const);
  const warn = o['warn'];
  if (warn !== undefined && typeof warn !== 'function') throw new ZkvaultError('INVALID_INPUT', '"options.warn" expected a function');
  const info = backendInfo();
  if (info.webCrypto) return info;
  if (onMissing === 'throw') throw new ZkvaultError('UNSUPPORTED', NATIVE_CRYPTO_MISSING_MESSAGE);
  ((warn as ((m: string) => void) | undefined) ?? console.warn)(NATIVE_CRYPTO_MISSING_MESSAGE);
  return info;
}
