/**
 * BigInt modular exponentiation for the Node backend's fallbacks (moduli above OpenSSL's limit,
 * bases OpenSSL refuses). bigint-crypto-utils is loaded through `createRequire`, which picks its
 * CommonJS build: its Node ESM build starts with a top-level `await import("crypto")`, and a static
 * import of it would make `require('zkvault')` (Node's require(esm)) throw ERR_REQUIRE_ASYNC_MODULE.
 * The load is synchronous and happens on first use, so modPow stays synchronous.
 * @module
 */
import { createRequire } from 'node:module';
import { bigintModPow, type BigintModPow, type ModPowFn } from './table.js';

let loaded: BigintModPow | undefined;

/** @returns the BigInt functions over bigint-crypto-utils' CommonJS `modPow`, loaded on first call. */
export function nodeBigint(): BigintModPow {
  if (loaded === undefined) {
    const bcu = createRequire(import.meta.url)('bigint-crypto-utils') as { modPow: ModPowFn };
    loaded = bigintModPow(bcu.modPow);
  }
  return loaded;
}
