// The SRP building blocks (src/srp/bigint.ts, groups.ts, protocol.ts) on their edges (issue 19,
// mutation testing): the empty and zero encodings, the integer checks with code and message, the
// group checks, and the RFC 2945 parts that only the interop suite reached: SHA_Interleave on an
// odd-length S (RFC 2945 section 3.1 drops the leading byte) and the SRP-3 proofs with A and B as
// minimal bytes. Expected values come from node:crypto following the RFC text.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash } from '../../src/backend/node/hash.js';
import { modpow } from '../../src/backend/node/modpow.js';
import { random } from '../../src/backend/node/random.js';
import { bigIntToBytes, bytesToBigInt, padBigInt } from '../../src/srp/bigint.js';
import { canonicalGroup, srpGroup } from '../../src/srp/groups.js';
import { computeM1, computeM2, makeSuite, shaInterleave, type SrpDeps } from '../../src/srp/protocol.js';
import { syncOutcome } from '../helpers/errors.js';

const deps: SrpDeps = { hash, random, modpow };

const sha1 = (...parts: Uint8Array[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const minimal = (n: bigint) => (n === 0n ? new Uint8Array(0) : new Uint8Array(Buffer.from(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0'), 'hex')));

describe('bigint encodings', () => {
  it('empty bytes are 0, and 0 is empty bytes', () => {
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bigIntToBytes(0n)).toEqual(new Uint8Array(0));
    expect(bigIntToBytes(1n)).toEqual(Uint8Array.of(1));
    expect(bigIntToBytes(0x1234n)).toEqual(Uint8Array.of(0x12, 0x34));
  });

  it('a negative integer, or one that does not fit, is refused with its message', () => {
    expect(syncOutcome(() => bigIntToBytes(-1n))).toBe('INVALID_INPUT: "n" expected a non-negative integer');
    expect(syncOutcome(() => padBigInt(0x10000n, 2))).toBe('INVALID_INPUT: "n" does not fit in 2 bytes');
    expect(padBigInt(0xffffn, 2)).toEqual(Uint8Array.of(0xff, 0xff));
    expect(padBigInt(0n, 2)).toEqual(Uint8Array.of(0, 0));
  });
});

describe('groups', () => {
  it('srpGroup returns the same frozen object every time, and names a bad size', () => {
    expect(srpGroup(2048)).toBe(srpGroup(2048));
    expect(Object.isFrozen(srpGroup(3072))).toBe(true);
    expect(syncOutcome(() => srpGroup(2000 as never))).toBe('INVALID_INPUT: "bits" expected one of 1024, 1536, 2048, 3072, 4096, 6144, 8192, got 2000');
    expect(syncOutcome(() => srpGroup('2048' as never))).toMatch(/^INVALID_INPUT: "bits" expected/);
  });

  it('canonicalGroup takes a structured clone of a built-in group and refuses anything else, with its message', () => {
    const g = srpGroup(2048);
    expect(canonicalGroup(structuredClone(g))).toBe(g);
    const msg = 'INVALID_INPUT: "params.group" expected an RFC 5054 group from srpGroup()';
    for (const bad of [null, undefined, 2048, { ...g, bits: 2000 }, { ...g, bits: '2048' }, { ...g, N: g.N + 2n }, { ...g, g: 5n }]) {
      expect(syncOutcome(() => canonicalGroup(bad))).toBe(msg);
    }
  });
});

describe('RFC 2945 parts', () => {
  const s = makeSuite(deps, srpGroup(1024), 'SHA-1', 'rfc2945');
  const legacy = makeSuite(deps, srpGroup(1024), 'SHA-1', 'legacy-srp3');

  /** SHA_Interleave as RFC 2945 section 3.1 states it. */
  function interleave(S: bigint): Uint8Array {
    let T = minimal(S);
    if (T.length % 2 === 1) T = T.subarray(1);
    const E = T.filter((_, i) => i % 2 === 0);
    const F = T.filter((_, i) => i % 2 === 1);
    const G = sha1(E);
    const H = sha1(F);
    const out = new Uint8Array(40);
    for (let i = 0; i < 20; i++) {
      out[2 * i] = G[i]!;
      out[2 * i + 1] = H[i]!;
    }
    return out;
  }

  it('SHA_Interleave drops the leading byte of an odd-length S, and only then', () => {
    const even = 0x0102030405060708n;
    const odd = 0x010203040506070809n;
    expect(minimal(even).length % 2).toBe(0);
    expect(minimal(odd).length % 2).toBe(1);
    expect(shaInterleave(s, even)).toEqual(interleave(even));
    expect(shaInterleave(s, odd)).toEqual(interleave(odd));
    // Dropping the byte is what makes these two agree.
    expect(shaInterleave(s, odd)).toEqual(shaInterleave(s, 0x0203040506070809n));
  });

  it('SRP-3 proofs write A and B as minimal bytes; SRP-6 (rfc2945) pads them', () => {
    const I = new TextEncoder().encode('alice');
    const salt = Uint8Array.of(1, 2, 3);
    const [A, B, K] = [0x05n, 0x0607n, new Uint8Array(40).fill(9)];
    const len = srpGroup(1024).byteLength;
    const hNxorHg = sha1(minimal(srpGroup(1024).N)).map((b, i) => b ^ sha1(minimal(srpGroup(1024).g))[i]!);
    const p = { I, salt, A, B, S: 7n, K };
    expect(computeM1(legacy, p)).toEqual(sha1(hNxorHg, sha1(I), salt, minimal(A), minimal(B), K));
    expect(computeM1(s, p)).toEqual(sha1(hNxorHg, sha1(I), salt, padBigInt(A, len), padBigInt(B, len), K));
    const M1 = computeM1(legacy, p);
    expect(computeM2(legacy, A, M1, K)).toEqual(sha1(minimal(A), M1, K));
    expect(computeM2(s, A, M1, K)).toEqual(sha1(padBigInt(A, len), M1, K));
  });
});
