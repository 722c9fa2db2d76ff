/**
 * Modular exponentiation on Node: OpenSSL through node:crypto Diffie-Hellman objects.
 *
 * One OpenSSL DH object per modulus, reused: `setPrivateKey(e)` + `computeSecret(y)` gives y^e
 * (and `generateKeys()` g^e), 5-10x faster than BigInt. Two ways to get one:
 *
 * - **Named groups, instantly (3072-8192 bits).** The RFC 5054 primes of 3072, 4096, 6144 and 8192
 *   bits are the RFC 3526 MODP primes, which OpenSSL ships as `modp15`..`modp18`:
 *   `getDiffieHellman(name)` costs about 0.1 ms because OpenSSL does not re-check its own primes.
 *   Node gives those objects no `setPrivateKey` in JavaScript, but the native handle has it, so
 *   `DiffieHellman.prototype.setPrivateKey` is applied to them. Their generator is 2, not the
 *   group's (5 or 19), so g^e goes through `computeSecret(g)`. The object is built on first use
 *   after a self-test against BigInt (prime equal to N, one known power); any failure there (a
 *   future Node without the handle method) leaves the modulus on the paths below. No set-up call
 *   is needed and nothing blocks.
 * - **`createDiffieHellman(N, g)` in a worker thread (other moduli up to {@link OPENSSL_MAX_BITS},
 *   i.e. 2048 bits in practice)**, only when asked for (`prepare`, exposed as `prepareSrpGroup` in
 *   `zkvault/srp`): creating one runs OpenSSL's safe-prime check (0.25 s at 2048 bits on an idle
 *   machine, over 1 s under load), so it runs in a worker (../modpow-worker.ts) and never blocks the
 *   event loop; each exponentiation is then a synchronous call into that worker. Until the worker
 *   is ready, and for groups not listed, BigInt (../bigint/node.ts).
 *
 * Fallbacks to BigInt (../bigint/node.ts): moduli above {@link OPENSSL_MAX_BITS} (the one-time
 * check would cost more than thousands of BigInt exponentiations), exponent 0, and the bases
 * OpenSSL refuses as public keys (0, 1, N-1, N and above; DH_check_pub_key).
 * @module
 */
import { createDiffieHellman, DiffieHellman, getDiffieHellman } from 'node:crypto';
import type { ModPowBackend } from '../types.js';
import { nodeBigint } from '../bigint/node.js';
import { WorkerDh } from '../modpow-worker.js';

/** Largest modulus (bits) for which `prepare` builds a checked OpenSSL context; above it BigInt is used unless OpenSSL names the group. */
export const OPENSSL_MAX_BITS = 4096;
/** OpenSSL's built-in MODP groups (RFC 3526) whose primes are the RFC 5054 primes of these sizes. */
const NAMED_GROUPS: Readonly<Record<number, string>> = { 3072: 'modp15', 4096: 'modp16', 6144: 'modp17', 8192: 'modp18' };
const MAX_CONTEXTS = 16;

/** What both kinds of OpenSSL DH object offer (`DiffieHellman` and the named `DiffieHellmanGroup`). */
type DhObject = Pick<DiffieHellman, 'computeSecret' | 'generateKeys' | 'getPublicKey' | 'getPrime'>;

interface Context {
  /** @returns base^e mod N (base undefined: the context's generator), or undefined to use BigInt instead. */
  readonly pow: (e: Buffer, base: Buffer | undefined) => Uint8Array | undefined;
  /** The object's own generator: the group's g, or 2 for a named group. */
  readonly g: bigint;
  readonly bytes: number;
  readonly close?: () => void;
}

/** A context on an OpenSSL object of this thread. */
function localContext(dh: DhObject, g: bigint, bytes: number): Context {
  const pow = (e: Buffer, base: Buffer | undefined): Uint8Array => {
    setPrivateKeyOf.call(dh, e);
    if (base !== undefined) return dh.computeSecret(base);
    dh.generateKeys();
    return dh.getPublicKey();
  };
  return { pow, g, bytes };
}

const contexts = new Map<bigint, Context>();
/** Worker preparations under way, by modulus. */
const preparing = new Map<bigint, Promise<void>>();
/** Moduli for which the named-group route was tried and is not available. */
const unnamed = new Set<bigint>();
// Works on named-group objects too (they share the native handle type); see the module comment.
const setPrivateKeyOf = DiffieHellman.prototype.setPrivateKey as unknown as (this: DhObject, key: Buffer) => void;

function toBuffer(n: bigint, length?: number): Buffer {
  let h = n.toString(16);
  if (h.length % 2 === 1) h = '0' + h;
  if (length !== undefined) h = h.padStart(2 * length, '0');
  return Buffer.from(h, 'hex');
}

function fromBuffer(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex'));
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

function remember(N: bigint, c: Context): Context {
  if (contexts.size >= MAX_CONTEXTS) {
    for (const old of contexts.values()) old.close?.();
    contexts.clear();
  }
  contexts.set(N, c);
  return c;
}

/** The OpenSSL object of a named group equal to N, checked once; undefined if there is none. */
function namedContext(N: bigint): Context | undefined {
  const name = NAMED_GROUPS[bitLength(N)];
  if (name === undefined || unnamed.has(N)) return undefined;
  try {
    const dh = getDiffieHellman(name);
    const bytes = Math.ceil(bitLength(N) / 8);
    if (fromBuffer(dh.getPrime()) === N) {
      // Self-test of the borrowed setPrivateKey: 3^5 = 243 (mod N), on the native path.
      setPrivateKeyOf.call(dh, Buffer.from([5]));
      if (fromBuffer(dh.computeSecret(toBuffer(3n, bytes))) === 243n) return remember(N, localContext(dh, 2n, bytes));
    }
  } catch {
    // fall through: BigInt or a prepared context
  }
  unnamed.add(N);
  return undefined;
}

/** The OpenSSL context of `N` (named or prepared), or undefined where BigInt is used instead. */
function context(N: bigint): Context | undefined {
  return contexts.get(N) ?? namedContext(N);
}

/**
 * @internal Whether exponentiations mod `N` run in OpenSSL right now (a named group, or a prepared
 * context), without preparing anything. For tests and the bench.
 */
export function usesOpenSsl(N: bigint): boolean {
  return context(N) !== undefined;
}

function prepare(N: bigint, generator: bigint): Promise<void> {
  const g = generator % N;
  if (context(N) !== undefined || bitLength(N) > OPENSSL_MAX_BITS || g <= 1n || g >= N - 1n) return Promise.resolve();
  const under = preparing.get(N);
  if (under !== undefined) return under;
  const bytes = Math.ceil(bitLength(N) / 8);
  let w: WorkerDh;
  try {
    w = new WorkerDh(toBuffer(N), toBuffer(g));
  } catch {
    // A runtime without eval workers or SharedArrayBuffer (Bun's node compatibility, say): BigInt stays.
    return Promise.resolve();
  }
  const p = w.ready.then((ok) => {
    preparing.delete(N);
    if (ok) remember(N, { pow: (e, base) => w.pow(e, base), g, bytes, close: () => w.close() });
  });
  preparing.set(N, p);
  return p;
}

/**
 * @internal Blocking preparation on this thread (the safe-prime check runs here), for the bench's
 * one-time-cost row and for comparison with the worker; not used by the library.
 */
export function prepareBlocking(N: bigint, generator: bigint): void {
  const g = generator % N;
  if (context(N) !== undefined) return;
  remember(N, localContext(createDiffieHellman(toBuffer(N), toBuffer(g)), g, Math.ceil(bitLength(N) / 8)));
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
    const out = c?.pow(toBuffer(e), toBuffer(y, c.bytes));
    return out === undefined ? nodeBigint().modPow(y, e, modulus) : fromBuffer(out);
  },
  modPowFixed(generator: bigint, exponent: bigint, modulus: bigint): bigint {
    const g = generator % modulus;
    if (g <= 1n || g >= modulus - 1n) return nodeBigint().modPow(g, exponent, modulus);
    const e = reduce(exponent, modulus);
    if (e === 0n) return 1n;
    const c = context(modulus);
    const out = c?.pow(toBuffer(e), c.g !== g ? toBuffer(g, c.bytes) : undefined);
    return out === undefined ? nodeBigint().modPowFixed(g, e, modulus) : fromBuffer(out);
  },
  prepare,
};
