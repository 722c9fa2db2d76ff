/**
 * BigInt modular exponentiation shared by both modpow backends (SRP, RFC 5054): a square-and-multiply
 * `modPow` supplied by the caller (bigint-crypto-utils, loaded per platform) plus a fixed-base window
 * table for the group generator g, because g^x, g^a and g^b are most of the exponentiations of an
 * SRP handshake.
 *
 * The `modPow` is injected rather than imported here so that the Node backend can load
 * bigint-crypto-utils' CommonJS build synchronously (see ./node.ts): its Node ESM build has a
 * top-level `await import("crypto")`, which would make `require('zkvault')` fail with
 * ERR_REQUIRE_ASYNC_MODULE.
 *
 * Not constant time: JavaScript BigInt arithmetic never is. SRP exponents are ephemeral, and the
 * peer libraries (jsbn) share this property.
 * @module
 */

/** base^exponent mod modulus for exponent ≥ 1 and modulus ≥ 2. */
export type ModPowFn = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

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

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The BigInt exponentiation functions built on one `modPow`. */
export interface BigintModPow {
  /** @returns base^exponent mod modulus. */
  readonly modPow: ModPowFn;
  /** @returns generator^exponent mod modulus, with the cached fixed-base table. */
  readonly modPowFixed: ModPowFn;
  /** Fills the table rows a 256-bit exponent uses; later rows still build lazily. */
  readonly prepare: (modulus: bigint, generator: bigint) => void;
}

/** @returns the BigInt exponentiation functions over `pow`, with their own table cache. */
export function bigintModPow(pow: ModPowFn): BigintModPow {
  const tables = new Map<bigint, FixedBase>();
  const table = (generator: bigint, modulus: bigint): FixedBase => {
    let t = tables.get(modulus);
    if (t === undefined || t.g !== generator) {
      if (tables.size >= MAX_TABLES) tables.clear();
      t = new FixedBase(generator, modulus);
      tables.set(modulus, t);
    }
    return t;
  };
  const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint =>
    exponent === 0n ? 1n % modulus : pow(base, exponent, modulus);
  return {
    modPow,
    modPowFixed(generator, exponent, modulus) {
      if (bitLength(exponent) > W * MAX_ROWS) return modPow(generator, exponent, modulus);
      return table(generator, modulus).pow(exponent);
    },
    prepare(modulus, generator) {
      table(generator % modulus, modulus).pow((1n << 256n) - 1n);
    },
  };
}
