/**
 * Modular exponentiation for browsers and other runtimes (SRP, RFC 5054): native BigInt through
 * bigint-crypto-utils `modPow`, plus a fixed-base window table for the group generator g, because
 * g^x, g^a and g^b are most of the exponentiations of an SRP handshake.
 *
 * Not constant time: JavaScript BigInt arithmetic never is. SRP exponents are ephemeral, and the
 * peer libraries (jsbn) share this property.
 * @module
 */
import { modPow as bcuModPow } from 'bigint-crypto-utils';
import type { ModPowBackend } from '../types.js';

/** Window width of the fixed-base table, in bits: each row holds g^(j·2^(W·i)) for j < 2^W. */
const W = 4;
const MASK = (1n << BigInt(W)) - 1n;
/** Rows cover exponents up to W·MAX_ROWS = 1024 bits (x, a, b and u·x all fit); longer ones use plain modPow. */
const MAX_ROWS = 256;
/** A handful of groups at most; the cap keeps a caller that passes many moduli from growing memory. */
const MAX_TABLES = 16;

/** Lazily grown table of g^(j·16^i) mod N. */
class FixedBase {
  readonly g: bigint;
  readonly N: bigint;
  readonly rows: bigint[][] = [];

  constructor(g: bigint, N: bigint) {
    this.g = g;
    this.N = N;
  }

  #row(i: number): bigint[] {
    let row = this.rows[i];
    if (row !== undefined) return row;
    // Rows are built in order, so row i-1 exists; its base raised to 2^W is this row's base.
    const prev = i === 0 ? undefined : this.#row(i - 1);
    const base = prev === undefined ? this.g % this.N : (prev[(1 << W) - 1]! * prev[1]!) % this.N;
    row = [1n, base];
    for (let j = 2; j < 1 << W; j++) row.push((row[j - 1]! * base) % this.N);
    this.rows[i] = row;
    return row;
  }

  pow(e: bigint): bigint {
    let r = 1n;
    for (let i = 0; e > 0n; i++, e >>= BigInt(W)) {
      const d = Number(e & MASK);
      if (d !== 0) r = (r * this.#row(i)[d]!) % this.N;
    }
    return r;
  }
}

const tables = new Map<bigint, FixedBase>();

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** @internal BigInt base^exponent mod modulus (shared with the Node backend for its fallbacks). */
export function bigintModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (exponent === 0n) return 1n % modulus;
  return bcuModPow(base, exponent, modulus);
}

function table(generator: bigint, modulus: bigint): FixedBase {
  let t = tables.get(modulus);
  if (t === undefined || t.g !== generator) {
    if (tables.size >= MAX_TABLES) tables.clear();
    t = new FixedBase(generator, modulus);
    tables.set(modulus, t);
  }
  return t;
}

/** @internal BigInt generator^exponent mod modulus with the cached fixed-base table. */
export function bigintModPowFixed(generator: bigint, exponent: bigint, modulus: bigint): bigint {
  if (bitLength(exponent) > W * MAX_ROWS) return bigintModPow(generator, exponent, modulus);
  return table(generator, modulus).pow(exponent);
}

export const modpow: ModPowBackend = {
  name: 'web',
  modPow: bigintModPow,
  modPowFixed: bigintModPowFixed,
  prepare(modulus: bigint, generator: bigint): void {
    // Fill the rows a 256-bit exponent (the SRP secrets a, b) uses; later rows still build lazily.
    table(generator % modulus, modulus).pow((1n << 256n) - 1n);
  },
};
