/**
 * Modular exponentiation for browsers and other runtimes (SRP, RFC 5054): native BigInt through
 * bigint-crypto-utils `modPow`, plus a fixed-base window table for the group generator g
 * (../bigint/table.ts). In browsers the package resolves to its browser ESM build, which has no
 * top-level await.
 *
 * Not constant time: JavaScript BigInt arithmetic never is. SRP exponents are ephemeral, and the
 * peer libraries (jsbn) share this property.
 * @module
 */
import { modPow as bcuModPow } from 'bigint-crypto-utils';
import type { ModPowBackend } from '../types.js';
import { bigintModPow } from '../bigint/table.js';

const bigint = bigintModPow(bcuModPow);

export const modpow: ModPowBackend = {
  name: 'web',
  modPow: bigint.modPow,
  modPowFixed: bigint.modPowFixed,
  prepare(modulus: bigint, generator: bigint): Promise<void> {
    bigint.prepare(modulus, generator);
    return Promise.resolve();
  },
};
