/**
 * The SRP arithmetic and proofs, as pure functions of a resolved parameter set ({@link SrpSuite}).
 *
 * - RFC 5054 section 2.5 / 2.6 (SRP-6a): k = H(N | PAD(g)), x = H(s | H(I | ":" | P)), v = g^x,
 *   A = g^a, B = k*v + g^b, u = H(PAD(A) | PAD(B)), client S = (B - k*g^x)^(a + u*x),
 *   server S = (A * v^u)^b, all mod N.
 * - RFC 2945 section 3 (SRP-3, legacy): k = 1 and u = the first 32 bits of H(B), MSB first.
 * - Proofs: RFC 2945 section 3, M1 = H(H(N) xor H(g) | H(I) | s | A | B | K), M2 = H(A | M1 | K);
 *   K = H(PAD(S)) (`srp6a`) or SHA_Interleave(S) (RFC 2945 section 3.1, `rfc2945` and SRP-3).
 * - The `insomnia` variant: K = H(PAD(S)), M1 = H(PAD(A) | PAD(B) | PAD(S)), M2 = H(PAD(A) | M1 | K).
 *
 * The public classes in ./srp.ts add validation, safeguards and state; these functions trust
 * their arguments.
 * @module
 */
import { HASH_LENGTH, type HashBackend, type HashName, type ModPowBackend, type RandomBackend } from '../backend/types.js';
import { utf8ToBytes } from '../bytes/index.js';
import { bigIntToBytes, bytesToBigInt, padBigInt } from './bigint.js';
import type { SrpGroup } from './groups.js';

/** Hash functions SRP accepts. SHA-1 exists for the RFC 5054 vectors and legacy peers. */
export type SrpHash = 'SHA-1' | 'SHA-256' | 'SHA-512';

/**
 * Key and proof variant:
 * - `'srp6a'` (default choice): K = H(PAD(S)); M1 = H(H(N) xor H(g) | H(I) | s | PAD(A) | PAD(B) | K);
 *   M2 = H(PAD(A) | M1 | K). What fast-srp-hap computes with SHA-256.
 * - `'rfc2945'`: as `srp6a` but K = SHA_Interleave(S) (RFC 2945 section 3.1), generalised to the hash.
 * - `'insomnia'`: K = H(PAD(S)); M1 = H(PAD(A) | PAD(B) | PAD(S)); M2 = H(PAD(A) | M1 | K) (@getinsomnia/srp-js).
 * - `'legacy-srp3'`: the SRP-3 protocol exactly as RFC 2945 section 3 writes it (k = 1, u = 32 bits of
 *   H(B), unpadded A and B, SHA_Interleave). Weaker: SRP-3 allows a two-for-one password guess by
 *   an impersonated server and has no protection from k. Only for talking to old peers.
 */
export type SrpProof = 'srp6a' | 'rfc2945' | 'insomnia' | 'legacy-srp3';

/** The backend families SRP needs; the public API binds the platform's. */
export interface SrpDeps {
  readonly hash: HashBackend;
  readonly random: RandomBackend;
  readonly modpow: ModPowBackend;
}

/** A checked parameter set with its derived constants. */
export interface SrpSuite {
  readonly group: SrpGroup;
  readonly N: bigint;
  readonly g: bigint;
  /** Byte length of N (PAD width). */
  readonly len: number;
  readonly hash: HashName;
  readonly proof: SrpProof;
  /** The multiplier: H(N | PAD(g)) for SRP-6a (RFC 5054 section 2.5.3), 1 for SRP-3. */
  readonly k: bigint;
  /** H(N) xor H(g), N and g in their minimal bytes (RFC 2945 section 3). */
  readonly hNxorHg: Uint8Array;
  readonly deps: SrpDeps;
}

const COLON = utf8ToBytes(':');
const suites = new WeakMap<SrpDeps, Map<string, SrpSuite>>();

/**
 * @internal Builds (and caches per backend) the suite for already-validated parameters.
 * @returns the suite.
 */
export function makeSuite(deps: SrpDeps, group: SrpGroup, hash: SrpHash, proof: SrpProof): SrpSuite {
  let perDeps = suites.get(deps);
  if (perDeps === undefined) {
    perDeps = new Map();
    suites.set(deps, perDeps);
  }
  const key = `${group.bits}/${hash}/${proof}`;
  const cached = perDeps.get(key);
  if (cached !== undefined) return cached;
  const len = group.byteLength;
  const H = (...parts: Uint8Array[]): Uint8Array => deps.hash.digest(hash, ...parts);
  const hN = H(bigIntToBytes(group.N));
  const hg = H(bigIntToBytes(group.g));
  for (let i = 0; i < hN.length; i++) hN[i]! ^= hg[i]!;
  const k = proof === 'legacy-srp3' ? 1n : bytesToBigInt(H(padBigInt(group.N, len), padBigInt(group.g, len)));
  const suite: SrpSuite = Object.freeze({ group, N: group.N, g: group.g, len, hash, proof, k, hNxorHg: hN, deps });
  perDeps.set(key, suite);
  return suite;
}

function H(s: SrpSuite, ...parts: Uint8Array[]): Uint8Array {
  return s.deps.hash.digest(s.hash, ...parts);
}

/** @internal PAD(n) to the byte length of N. */
export function pad(s: SrpSuite, n: bigint): Uint8Array {
  return padBigInt(n, s.len);
}

/** @internal @returns x = H(s | H(I | ":" | P)) (RFC 5054 section 2.6, RFC 2945 section 3). */
export function computeX(s: SrpSuite, salt: Uint8Array, I: Uint8Array, P: Uint8Array): bigint {
  return bytesToBigInt(H(s, salt, H(s, I, COLON, P)));
}

/** @internal @returns v = g^x % N. */
export function computeV(s: SrpSuite, x: bigint): bigint {
  return s.deps.modpow.modPowFixed(s.g, x, s.N);
}

/** @internal @returns A = g^a % N (client) or g^b % N; the server adds k*v in {@link computeB}. */
export function computeA(s: SrpSuite, a: bigint): bigint {
  return s.deps.modpow.modPowFixed(s.g, a, s.N);
}

/** @internal @returns B = (k*v + g^b) % N (RFC 5054 section 2.5.3; k = 1 in SRP-3). */
export function computeB(s: SrpSuite, v: bigint, b: bigint): bigint {
  return (s.k * v + s.deps.modpow.modPowFixed(s.g, b, s.N)) % s.N;
}

/**
 * @internal
 * @returns u = H(PAD(A) | PAD(B)) (RFC 5054 section 2.6), or for SRP-3 the first 32 bits of
 *   H(B), MSB first, B in its minimal bytes (RFC 2945 section 3).
 */
export function computeU(s: SrpSuite, A: bigint, B: bigint): bigint {
  if (s.proof === 'legacy-srp3') return bytesToBigInt(H(s, bigIntToBytes(B)).subarray(0, 4));
  return bytesToBigInt(H(s, pad(s, A), pad(s, B)));
}

/** @internal @returns the client's premaster secret S = (B - k*g^x)^(a + u*x) % N. */
export function clientS(s: SrpSuite, B: bigint, x: bigint, a: bigint, u: bigint): bigint {
  const base = (((B - s.k * computeV(s, x)) % s.N) + s.N) % s.N;
  return s.deps.modpow.modPow(base, a + u * x, s.N);
}

/** @internal @returns the server's premaster secret S = (A * v^u)^b % N. */
export function serverS(s: SrpSuite, A: bigint, v: bigint, u: bigint, b: bigint): bigint {
  const base = (A * s.deps.modpow.modPow(v, u, s.N)) % s.N;
  return s.deps.modpow.modPow(base, b, s.N);
}

/**
 * SHA_Interleave (RFC 2945 section 3.1), with H in place of SHA-1: drop the leading zero bytes of S,
 * and one more byte if the length is then odd; hash the even-numbered bytes and the odd-numbered
 * bytes separately; interleave the two digests. Output: 2 × the hash length.
 * @internal
 * @returns the interleaved key.
 */
export function shaInterleave(s: SrpSuite, S: bigint): Uint8Array {
  let T = bigIntToBytes(S);
  if (T.length % 2 === 1) T = T.subarray(1);
  const E = new Uint8Array(T.length / 2);
  const F = new Uint8Array(T.length / 2);
  for (let i = 0; i < E.length; i++) {
    E[i] = T[2 * i]!;
    F[i] = T[2 * i + 1]!;
  }
  const G = H(s, E);
  const Hf = H(s, F);
  const out = new Uint8Array(2 * HASH_LENGTH[s.hash]);
  for (let i = 0; i < G.length; i++) {
    out[2 * i] = G[i]!;
    out[2 * i + 1] = Hf[i]!;
  }
  return out;
}

/** @internal @returns the session key K of the suite's variant. */
export function computeK(s: SrpSuite, S: bigint): Uint8Array {
  return s.proof === 'rfc2945' || s.proof === 'legacy-srp3' ? shaInterleave(s, S) : H(s, pad(s, S));
}

/** The values both proofs are computed from. */
export interface ProofInput {
  readonly I: Uint8Array;
  readonly salt: Uint8Array;
  readonly A: bigint;
  readonly B: bigint;
  readonly S: bigint;
  readonly K: Uint8Array;
}

/** @internal @returns the client proof M1 of the suite's variant. */
export function computeM1(s: SrpSuite, p: ProofInput): Uint8Array {
  switch (s.proof) {
    case 'insomnia':
      return H(s, pad(s, p.A), pad(s, p.B), pad(s, p.S));
    case 'legacy-srp3':
      // RFC 2945 section 3 writes A and B as plain integers: minimal bytes.
      return H(s, s.hNxorHg, H(s, p.I), p.salt, bigIntToBytes(p.A), bigIntToBytes(p.B), p.K);
    default:
      return H(s, s.hNxorHg, H(s, p.I), p.salt, pad(s, p.A), pad(s, p.B), p.K);
  }
}

/** @internal @returns the server proof M2 = H(A | M1 | K) (A padded except in SRP-3). */
export function computeM2(s: SrpSuite, A: bigint, M1: Uint8Array, K: Uint8Array): Uint8Array {
  return H(s, s.proof === 'legacy-srp3' ? bigIntToBytes(A) : pad(s, A), M1, K);
}
