/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10) and its ML-KEM-768 component (FIPS 203), one
 * construction for both backends: ML-KEM-768 from @noble/post-quantum (Node 20 has no ML-KEM in
 * node:crypto, browsers none in WebCrypto), X25519, SHA3-256 and SHAKE256 from the platform's
 * backend (OpenSSL on Node, @noble elsewhere), composed exactly as the draft's sections 5.2-5.5:
 *
 * ```
 * expand(seed) = SHAKE256(seed, 96 bytes): (pk_M, sk_M) = ML-KEM-768.KeyGen_internal(e[0:32], e[32:64]); sk_X = e[64:96]; pk_X = X25519(sk_X, 9)
 * pk = pk_M ‖ pk_X;  ct = ct_M ‖ ct_X;  ss = SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\")
 * ```
 *
 * @noble/post-quantum's own `ml_kem768_x25519` is the same function (test/hpke/xwing-vectors.test.ts
 * checks both against the draft's Appendix C); composing it here lets Node run X25519 and SHA-3 in
 * OpenSSL and cache the expanded decapsulation key per seed array (the draft's section 5.5 note),
 * so a decapsulation does not redo ML-KEM key generation, and keep noble's prepared ML-KEM keys
 * (`ml_kem768.prepare`: the public matrix Â expanded once, marked experimental by noble) for the
 * decapsulation key and for recipients' public keys. {@link XWingBackend.forget} drops a cached
 * expansion. Errors become `ZkvaultError('INVALID_INPUT')`, one message per operation.
 * @module
 */
import { ml_kem768, type KEMPrepared } from '@noble/post-quantum/ml-kem.js';
import { concatBytes, equalBytes, isBytes, wipe } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import type { X25519Backend, XWingBackend } from './types.js';

/** X-Wing sizes (draft section 5.1 with the seed decapsulation key of section 5.2). */
export const XWING: Readonly<{ seed: number; publicKey: number; ciphertext: number; eseed: number; sharedSecret: number }> = Object.freeze({
  seed: 32,
  publicKey: 1216,
  ciphertext: 1120,
  eseed: 64,
  sharedSecret: 32,
});

/** ML-KEM-768 sizes (FIPS 203 section 8). */
const PK_M = 1184;
const CT_M = 1088;
/** XWingLabel, the 6 ASCII bytes "\.//^\" (draft section 5.3). */
const LABEL = Uint8Array.of(0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c);

/** The platform primitives X-Wing is composed of. */
export interface XWingParts {
  readonly x25519: X25519Backend;
  /** @returns SHA3-256(data). */
  sha3_256(data: Uint8Array): Uint8Array;
  /** @returns the first `length` bytes of SHAKE256(data). */
  shake256(data: Uint8Array, length: number): Uint8Array;
}

type Prepared = KEMPrepared;

interface Expanded {
  readonly seed: Uint8Array;
  /** ML-KEM with the public matrix Â expanded once (noble's `prepare`; public data only). */
  readonly kem: Prepared;
  readonly skM: Uint8Array;
  readonly skX: Uint8Array;
  readonly pkM: Uint8Array;
  readonly pkX: Uint8Array;
}

function refused(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_INPUT', `zkvault: X-Wing refused the ${what}`);
}

function exact(bytes: Uint8Array, length: number, what: string): void {
  if (!isBytes(bytes) || bytes.length !== length) throw refused(what);
}

function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch {
    throw refused(what);
  }
}

/**
 * @internal The X-Wing backend named `name` over the platform parts.
 * @param name - the backend's platform name.
 * @param parts - X25519, SHA3-256 and SHAKE256 of the platform.
 * @returns the backend.
 * @throws nothing.
 * @example
 * ```ts
 * export const xwing = xwingBackend('node', { x25519, sha3_256, shake256 });
 * ```
 */
export function xwingBackend(name: 'node' | 'web', parts: XWingParts): XWingBackend {
  // Keyed by the seed array, like the X25519 and Ed25519 caches: an account decapsulating many
  // links expands its PRV_XWing once. A copy of the seed is checked on every hit.
  const cache = new WeakMap<Uint8Array, Expanded>();

  function expand(seed: Uint8Array): Expanded {
    const hit = cache.get(seed);
    if (hit !== undefined && equalBytes(hit.seed, seed)) return hit;
    if (hit !== undefined) forget(seed);
    const e = parts.shake256(seed, 96);
    const { publicKey: pkM, secretKey: skM } = ml_kem768.keygen(e.subarray(0, 64));
    const skX = e.slice(64, 96);
    wipe(e);
    const entry = { seed: seed.slice(), kem: ml_kem768.prepare(pkM), skM, skX, pkM, pkX: parts.x25519.publicKey(skX) };
    cache.set(seed, entry);
    return entry;
  }

  function forget(seed: Uint8Array): void {
    const hit = cache.get(seed);
    if (hit === undefined) return;
    cache.delete(seed);
    parts.x25519.forget(hit.skX);
    hit.kem.clean();
    wipe(hit.seed, hit.skM, hit.skX);
  }

  // Senders share with the same member keys again and again (every rotation): the prepared
  // (expanded, validated) ML-KEM public key is kept per public-key array, with a copy checked on use.
  const prepared = new WeakMap<Uint8Array, { copy: Uint8Array; kem: Prepared }>();
  function preparedFor(publicKey: Uint8Array): Prepared {
    const hit = prepared.get(publicKey);
    if (hit !== undefined && equalBytes(hit.copy, publicKey)) return hit.kem;
    const kem = guarded('public key', () => ml_kem768.prepare(publicKey.slice(0, PK_M)));
    prepared.set(publicKey, { copy: publicKey.slice(), kem });
    return kem;
  }

  const combine = (ssM: Uint8Array, ssX: Uint8Array, ctX: Uint8Array, pkX: Uint8Array): Uint8Array => {
    const input = concatBytes(ssM, ssX, ctX, pkX, LABEL);
    const ss = parts.sha3_256(input);
    wipe(input, ssM, ssX);
    return ss;
  };

  return {
    name,
    publicKey(seed: Uint8Array): Uint8Array {
      exact(seed, XWING.seed, 'seed');
      const e = expand(seed);
      return concatBytes(e.pkM, e.pkX);
    },
    encapsulate(publicKey: Uint8Array, eseed: Uint8Array): { sharedSecret: Uint8Array; ciphertext: Uint8Array } {
      exact(publicKey, XWING.publicKey, 'public key');
      exact(eseed, XWING.eseed, 'encapsulation randomness');
      const kem = preparedFor(publicKey);
      const pkX = publicKey.slice(PK_M);
      const ekX = eseed.slice(32, 64);
      try {
        const ctX = parts.x25519.publicKey(ekX);
        const ssX = guarded('public key', () => parts.x25519.sharedSecret(ekX, pkX));
        const { cipherText: ctM, sharedSecret: ssM } = guarded('public key', () => kem.encapsulate(eseed.subarray(0, 32)));
        return { sharedSecret: combine(ssM, ssX, ctX, pkX), ciphertext: concatBytes(ctM, ctX) };
      } finally {
        parts.x25519.forget(ekX);
        wipe(ekX);
      }
    },
    decapsulate(seed: Uint8Array, ciphertext: Uint8Array): Uint8Array {
      exact(seed, XWING.seed, 'seed');
      exact(ciphertext, XWING.ciphertext, 'ciphertext');
      const e = expand(seed);
      const ctX = ciphertext.slice(CT_M);
      const ssM = guarded('ciphertext', () => e.kem.decapsulate(ciphertext.subarray(0, CT_M), e.skM));
      const ssX = guarded('ciphertext', () => parts.x25519.sharedSecret(e.skX, ctX));
      return combine(ssM, ssX, ctX, e.pkX);
    },
    forget,
    mlKem768: {
      keygen(dz: Uint8Array) {
        exact(dz, 64, 'ML-KEM seed');
        const { publicKey, secretKey } = ml_kem768.keygen(dz);
        return { encapsulationKey: publicKey, decapsulationKey: secretKey };
      },
      encapsulate(encapsulationKey: Uint8Array, m: Uint8Array) {
        exact(m, 32, 'ML-KEM message');
        const { cipherText, sharedSecret } = guarded('ML-KEM encapsulation key', () => ml_kem768.encapsulate(encapsulationKey, m));
        return { sharedSecret, ciphertext: cipherText };
      },
      decapsulate(decapsulationKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
        return guarded('ML-KEM ciphertext', () => ml_kem768.decapsulate(ciphertext, decapsulationKey));
      },
    },
  };
}
