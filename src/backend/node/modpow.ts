/**
 * Modular exponentiation on Node: OpenSSL through node:crypto Diffie-Hellman objects.
 *
 * One `createDiffieHellman(N, g)` object per modulus, created by `prepare` and reused: creating one
 * runs OpenSSL's safe-prime check (measured here: 0.25 s for 2048 bits, 1.6 s for 3072, 3.7 s for
 * 4096, 12 s for 6144 and 32 s for 8192, blocking the event loop). With it, `setPrivateKey(e)` +
 * `generateKeys()` gives g^e and `computeSecret(y)` gives y^e, 5-10x faster than BigInt.
 *
 * It is created only when asked for (`prepare`, exposed as `prepareSrpGroup` in `zkvault/srp`), never
 * implicitly: a client doing one login would pay 1.6 s at 3072 bits for a handshake that costs
 * about 25 ms in BigInt, and a server should pay it once at startup, not inside a request.
 *
 * Fallbacks to BigInt (../bigint/node.ts): moduli above {@link OPENSSL_MAX_BITS} (the one-time
 * check would cost more than thousands of BigInt exponentiations), exponent 0, and the bases
 * OpenSSL refuses as public keys (0, 1, N-1, N and above; DH_check_pub_key).
 * @module
 */
import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import type { ModPowBackend } from '../types.js';
import { nodeBigint } from '../bigint/node.js';

/** Largest modulus (bits) for which an OpenSSL context is created; above it BigInt is used. */
export const OPENSSL_MAX_BITS = 4096;
const MAX_CONTEXTS = 16;

interface Context {
  readonly dh: DiffieHellman;
  readonly g: bigint;
  readonly bytes: number;
}

const contexts = new Map<bigint, Context>();

function toBuffer(n: bigint, length?: number): Buffer {
  let h = n.toString(16);
  if (h.length % 2 === 1) h = '0' + h;
  if (length !== undefined) h = h.padStart(2 * length, '0');
  return Buffer.from(h, 'hex');
}

function fromBuffer(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + b.toString('hex'));
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** The prepared OpenSSL context of `N`, or undefined where BigInt is used instead. */
function context(N: bigint): Context | undefined {
  return contexts.get(N);
}

function prepare(N: bigint, generator: bigint): void {
  const g = generator % N;
  if (contexts.has(N) || bitLength(N) > OPENSSL_MAX_BITS || g <= 1n || g >= N - 1n) return;
  if (contexts.size >= MAX_CONTEXTS) contexts.clear();
  const bytes = Math.ceil(bitLength(N) / 8);
  contexts.set(N, { dh: createDiffieHellman(toBuffer(N), toBuffer(g)), g, bytes });
}

/**
 * Reduces the exponent modulo N-1 (Fermat: y^(N-1) = 1 for y coprime to the prime N), so OpenSSL
 * always gets a private key shorter than N. @returns the reduced exponent.
 */
function reduce(e: bigint, N: bigint): bigint {
  return e < N - 1n ? e : e % (N - 1n);
}

export const modpow: ModPowBackend = {
  name: 'node',
  modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
    const y = base % modulus;
    // OpenSSL refuses these as public keys; their powers are trivial anyway.
    if (y <= 1n || y >= modulus - 1n) return nodeBigint().modPow(y, exponent, modulus);
    const e = reduce(exponent, modulus);
    if (e === 0n) return 1n;
    const c = context(modulus);
    if (c === undefined) return nodeBigint().modPow(y, e, modulus);
    c.dh.setPrivateKey(toBuffer(e));
    return fromBuffer(c.dh.computeSecret(toBuffer(y, c.bytes)));
  },
  modPowFixed(generator: bigint, exponent: bigint, modulus: bigint): bigint {
    const g = generator % modulus;
    if (g <= 1n || g >= modulus - 1n) return nodeBigint().modPow(g, exponent, modulus);
    const e = reduce(exponent, modulus);
    if (e === 0n) return 1n;
    const c = context(modulus);
    if (c === undefined) return nodeBigint().modPowFixed(g, e, modulus);
    c.dh.setPrivateKey(toBuffer(e));
    if (c.g !== g) return fromBuffer(c.dh.computeSecret(toBuffer(g, c.bytes)));
    c.dh.generateKeys();
    return fromBuffer(c.dh.getPublicKey());
  },
  prepare,
};
