// The two modpow backends (OpenSSL DH objects on Node, BigInt elsewhere) must give identical
// results, equal to a plain square-and-multiply reference, for every RFC 5054 group.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { modpow as nodeModpow, OPENSSL_MAX_BITS } from '../../src/backend/node/modpow.js';
import { modpow as webModpow } from '../../src/backend/web/modpow.js';
import { SRP_GROUP_BITS, srpGroup } from '../../src/srp/groups.js';
import { reference } from '../helpers/modpow-reference.js';

const toBig = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex')));

describe.each(SRP_GROUP_BITS.map((bits) => [bits]))('modpow backends agree, %i-bit group', (bits) => {
  const { N, g, byteLength } = srpGroup(bits);
  // Build the OpenSSL context where the Node backend uses one (in a worker thread for 2048 bits),
  // so its native path is what is tested.
  beforeAll(async () => {
    await nodeModpow.prepare(N, g);
    await webModpow.prepare(N, g);
  });
  // The big groups cost tens of milliseconds per exponentiation in BigInt: fewer runs.
  const numRuns = bits <= 2048 ? 30 : bits <= 4096 ? 6 : 2;
  const exponent = fc.uint8Array({ minLength: 0, maxLength: 80 }).map(toBig);
  const base = fc.uint8Array({ minLength: 1, maxLength: byteLength + 1 }).map(toBig);

  it('modPow(y, e, N) for random bases and exponents', () => {
    fc.assert(
      fc.property(base, exponent, (y, e) => {
        const want = reference(y, e, N);
        expect(nodeModpow.modPow(y, e, N)).toBe(want);
        expect(webModpow.modPow(y, e, N)).toBe(want);
      }),
      { numRuns },
    );
  });

  it('modPowFixed(g, e, N) for random exponents (fixed-base table and DH generateKeys)', () => {
    fc.assert(
      fc.property(exponent, (e) => {
        const want = reference(g, e, N);
        expect(nodeModpow.modPowFixed(g, e, N)).toBe(want);
        expect(webModpow.modPowFixed(g, e, N)).toBe(want);
      }),
      { numRuns },
    );
  });

  it('edge bases and exponents (the bases OpenSSL refuses fall back to BigInt)', () => {
    const bases = [0n, 1n, 2n, N - 2n, N - 1n, N, N + 1n, 2n * N, 3n * N + 5n];
    const exps = [0n, 1n, 2n, (1n << 300n) + 12345n];
    for (const y of bases) {
      for (const e of exps) {
        const want = reference(y, e, N);
        expect(nodeModpow.modPow(y, e, N)).toBe(want);
        expect(webModpow.modPow(y, e, N)).toBe(want);
      }
    }
    // Exponents of N's size or more: Node reduces them mod N-1 before OpenSSL sees them (above
    // OPENSSL_MAX_BITS both backends are BigInt, and such exponents cost seconds there).
    // N is prime, so y^(N-1) = 1 (Fermat) and y^e = y^(e-(N-1)): the expected values of the big
    // exponents come from exponents -1..2 (-1: y * result = 1), not from a reference
    // exponentiation of N's size (0.1-0.4 s each at 3072-4096 bits).
    const big = bits <= OPENSSL_MAX_BITS ? [N - 2n, N - 1n, N, N + 1n] : [];
    const expectPow = (y: bigint, e: bigint, got: bigint): void => {
      if (e < N - 2n) expect(got).toBe(reference(y, e, N));
      else if (e === N - 2n) expect((got * y) % N).toBe(1n);
      else expect(got).toBe(reference(y, e - (N - 1n), N));
    };
    for (const e of [...exps, ...big]) {
      const fixed = nodeModpow.modPowFixed(g, e, N);
      expectPow(g, e, fixed);
      expect(webModpow.modPowFixed(g, e, N)).toBe(fixed);
      expectPow(N - 3n, e, nodeModpow.modPow(N - 3n, e, N));
    }
  });

  it(`uses OpenSSL only up to ${OPENSSL_MAX_BITS} bits`, () => {
    expect(OPENSSL_MAX_BITS).toBe(4096);
    expect(nodeModpow.name).toBe('node');
    expect(webModpow.name).toBe('web');
  });
});
