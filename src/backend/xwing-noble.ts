/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10) and its ML-KEM-768 component (FIPS 203) through
 * @noble/post-quantum, the one implementation of both backends: Node 20 has no ML-KEM in
 * node:crypto and browsers none in WebCrypto. noble's `ml_kem768_x25519` is X-Wing (32-byte seed
 * expanded with SHAKE256, combiner SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\")); the draft's
 * Appendix C vectors pin that (vectors/xwing-draft-10.json). noble's own errors (plain `Error`s
 * naming lengths) become `ZkvaultError('INVALID_INPUT')` here, one message per operation.
 * @module
 */
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { ZkvaultError } from '../errors.js';
import type { XWingBackend } from './types.js';

/** X-Wing sizes (draft section 5.1 with the seed decapsulation key of section 5.2). */
export const XWING: Readonly<{ seed: number; publicKey: number; ciphertext: number; eseed: number; sharedSecret: number }> = Object.freeze({ seed: 32, publicKey: 1216, ciphertext: 1120, eseed: 64, sharedSecret: 32 });

function refused(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_INPUT', `zkvault: X-Wing refused the ${what}`);
}

function exact(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw refused(what);
}

/** Runs a noble call, turning its errors into the one typed error of `what`. */
function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch {
    throw refused(what);
  }
}

/**
 * @internal The X-Wing backend object named `name` (both platforms run the same code).
 * @param name - the backend's platform name.
 * @returns the backend.
 * @throws nothing.
 * @example
 * ```ts
 * export const xwing = xwingBackend('node');
 * ```
 */
export function xwingBackend(name: 'node' | 'web'): XWingBackend {
  return {
    name,
    publicKey(seed: Uint8Array): Uint8Array {
      exact(seed, XWING.seed, 'seed');
      return ml_kem768_x25519.getPublicKey(seed);
    },
    encapsulate(publicKey: Uint8Array, eseed: Uint8Array): { sharedSecret: Uint8Array; ciphertext: Uint8Array } {
      exact(publicKey, XWING.publicKey, 'public key');
      exact(eseed, XWING.eseed, 'encapsulation randomness');
      const { cipherText, sharedSecret } = guarded('public key', () => ml_kem768_x25519.encapsulate(publicKey, eseed));
      return { sharedSecret, ciphertext: cipherText };
    },
    decapsulate(seed: Uint8Array, ciphertext: Uint8Array): Uint8Array {
      exact(seed, XWING.seed, 'seed');
      exact(ciphertext, XWING.ciphertext, 'ciphertext');
      return guarded('ciphertext', () => ml_kem768_x25519.decapsulate(ciphertext, seed));
    },
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
