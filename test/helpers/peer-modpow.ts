// The jsbn-based SRP peers (fast-srp-hap, @getinsomnia/srp-js) spend ~60 ms of CPU per 2048-bit
// modPow, over 85% of an interop handshake. For the many random-credential handshakes, their
// BigInteger's modPow is swapped for an independent one (not our backends, so a bug in our modpow
// still fails the handshake) and restored after; everything else the peer does (hashing, padding,
// proof formulas, byte conversions) stays the peer's own code. The peers' real jsbn arithmetic is
// still compared with ours unpatched: the "verifiers are identical" properties and the fixed vectors.
// docs/testing.md, "Round 4 (c13)" and "Round 6 (pe13)".
// The stand-in is OpenSSL: a DH object of this file for the group's prime, `computeSecret(base)`
// under `setPrivateKey(e)` (~1 ms per 2048-bit power against ~8.6 ms for the BigInt reference of
// modpow-reference.ts, which keeps the cases OpenSSL refuses). The object is made once per worker
// and modulus: its constructor's safe-prime check costs ~0.4 s of CPU.
import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import { expect } from 'vitest';
import { reference } from './modpow-reference.js';

/** The part of a jsbn BigInteger that the swap needs. */
interface Jsbn {
  toString(radix: number): string;
  signum(): number;
  modPow(e: Jsbn, m: Jsbn): Jsbn;
}
type JsbnCtor = new (hex: string, radix: number) => Jsbn;

const toBig = (x: Jsbn): bigint => (x.signum() < 0 ? -BigInt(`0x${x.toString(16).slice(1)}`) : BigInt(`0x${x.toString(16)}`));

const toBuffer = (n: bigint): Buffer => {
  const h = n.toString(16);
  return Buffer.from(h.length % 2 === 1 ? `0${h}` : h, 'hex');
};

/** OpenSSL DH objects by prime modulus, kept for the worker's life (the SRP peers share one group). */
const openssl = new Map<bigint, DiffieHellman>();

/**
 * @returns b^e mod n for a prime n, b in [0, n) and e >= 0: OpenSSL where it accepts the inputs
 * (1 < b < n-1 as a DH public value, 0 < e < n-1), the BigInt reference otherwise.
 */
function primePow(b: bigint, e: bigint, n: bigint): bigint {
  if (b <= 1n || b >= n - 1n || e <= 0n || e >= n - 1n) return reference(b, e, n);
  let dh = openssl.get(n);
  if (dh === undefined) {
    dh = createDiffieHellman(toBuffer(n), toBuffer(2n));
    openssl.set(n, dh);
  }
  dh.setPrivateKey(toBuffer(e));
  return BigInt(`0x${dh.computeSecret(toBuffer(b)).toString('hex')}`);
}

/**
 * Runs `body` with the modPow of `modulus`'s class (the peer's jsbn BigInteger: its group's N, a
 * prime) computed by OpenSSL modulo `modulus` and by the BigInt reference modulo anything else, after
 * checking on four inputs modulo `modulus` that the stand-in and jsbn agree. Negative exponents or
 * moduli (never in SRP) keep jsbn's own code.
 */
export async function withReferenceModPow<T>(modulus: unknown, body: () => Promise<T>): Promise<T> {
  const Ctor = (modulus as { constructor: JsbnCtor }).constructor;
  // The prototype that defines modPow: srp-js's class extends jsbn's and calls `super.modPow`.
  let proto = Object.getPrototypeOf(modulus) as Jsbn | null;
  while (proto !== null && !Object.prototype.hasOwnProperty.call(proto, 'modPow')) proto = Object.getPrototypeOf(proto) as Jsbn | null;
  if (proto === null) throw new Error('not a jsbn BigInteger');
  const original = proto.modPow;
  const prime = toBig(modulus as Jsbn);
  function modPow(this: Jsbn, e: Jsbn, m: Jsbn): Jsbn {
    if (e.signum() < 0 || m.signum() <= 0) return original.call(this, e, m);
    // jsbn reduces a negative base to its residue in [0, m) first (the client's B - kv is negative).
    const n = toBig(m);
    const b = ((toBig(this) % n) + n) % n;
    return new Ctor((n === prime ? primePow(b, toBig(e), n) : reference(b, toBig(e), n)).toString(16), 16);
  }
  // The swap must agree with jsbn before it stands in for it: b^e mod N for b = 5 and b = -N^2 - 5
  // (a negative base as in the client's S), e of 256 and 512 bits.
  const m = modulus as Jsbn;
  const bases = [new Ctor('5', 16), new Ctor((-(toBig(m) ** 2n) - 5n).toString(16), 16)];
  for (const e of [new Ctor(`${'f'.repeat(63)}1`, 16), new Ctor(`${'e'.repeat(127)}3`, 16)]) {
    for (const b of bases) expect(modPow.call(b, e, m).toString(16)).toBe(original.call(b, e, m).toString(16));
  }
  const owner = proto;
  owner.modPow = modPow;
  try {
    return await body();
  } finally {
    owner.modPow = original;
  }
}
