// The ed25519 backend family (RFC 8032) on both backends: RFC 8032 section 7.1, every Wycheproof
// ed25519_test.json case (valid verifies, invalid is refused), round trips and tamper properties,
// a cross-check against node:crypto, and the strict rule both backends share
// (src/backend/ed25519-strict.ts) where raw OpenSSL and @noble/curves disagree.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { ed25519 as noble } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isStrictPublicKey } from '../../src/backend/ed25519-strict.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

interface Rfc8032 { name: string; secret_key: string; public_key: string; message: string; signature: string }
interface WyTest { tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }
interface WyGroup { publicKey: { pk: string }; tests: WyTest[] }

const rfc = loadVectors<{ vectors: Rfc8032[] }>('rfc8032-ed25519.json');
const wy = loadVectors<{ numberOfTests: number; testGroups: WyGroup[] }>('wycheproof/ed25519_test.json');

const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
/** Raw OpenSSL, without zkvault's public-key rule. */
const openssl = {
  sign: (seed: Uint8Array, msg: Uint8Array) => new Uint8Array(nodeSign(null, msg, createPrivateKey({ key: Buffer.concat([PKCS8, seed]), format: 'der', type: 'pkcs8' }))),
  verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
    try {
      return nodeVerify(null, msg, createPublicKey({ key: Buffer.concat([SPKI, pk]), format: 'der', type: 'spki' }), sig);
    } catch {
      return false;
    }
  },
};

const flipBit = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
};

describe.each(BACKENDS)('Ed25519, $name backend', ({ name, ed25519 }) => {
  it('RFC 8032 section 7.1: public key, signature, verification', () => {
    for (const v of rfc.vectors) {
      const sk = hex(v.secret_key);
      expect(toHexT(ed25519.publicKey(sk)), v.name).toBe(v.public_key);
      expect(toHexT(ed25519.sign(sk, hex(v.message))), v.name).toBe(v.signature);
      expect(ed25519.verify(hex(v.public_key), hex(v.message), hex(v.signature)), v.name).toBe(true);
    }
    reportCounts(`rfc8032-ed25519.json (${name})`, { vectors: rfc.vectors.length });
  });

  describe('Wycheproof ed25519_test.json', () => {
    const counts = { valid: 0, invalidRefused: 0 };
    afterAll(() => reportCounts(`wycheproof/ed25519_test.json (${name})`, counts));
    it('every valid case verifies and every invalid case is refused', () => {
      let n = 0;
      for (const g of wy.testGroups) {
        for (const t of g.tests) {
          n++;
          const ok = ed25519.verify(hex(g.publicKey.pk), hex(t.msg), hex(t.sig));
          expect(t.result, `tc${t.tcId}`).not.toBe('acceptable');
          expect(ok, `tc${t.tcId} ${t.comment}`).toBe(t.result === 'valid');
          if (ok) counts.valid++;
          else counts.invalidRefused++;
        }
      }
      expect(n).toBe(wy.numberOfTests);
    });
  });

  it('round trip, and any bit flip of signature, message or key is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), (seed, msg, at) => {
        const pk = ed25519.publicKey(seed);
        const sig = ed25519.sign(seed, msg);
        expect(sig).toHaveLength(64);
        expect(ed25519.verify(pk, msg, sig)).toBe(true);
        expect(ed25519.verify(pk, msg, flipBit(sig, at % 512))).toBe(false);
        expect(ed25519.verify(flipBit(pk, at % 256), msg, sig)).toBe(false);
        if (msg.length > 0) expect(ed25519.verify(pk, flipBit(msg, at % (8 * msg.length)), sig)).toBe(false);
        else expect(ed25519.verify(pk, Uint8Array.of(0), sig)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('a signature made with another key is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), (a, b, msg) => {
        fc.pre(toHexT(a) !== toHexT(b));
        expect(ed25519.verify(ed25519.publicKey(b), msg, ed25519.sign(a, msg))).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('verify never throws: any length and any bytes are simply invalid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 70 }), (pk, msg, sig) => {
        expect(ed25519.verify(pk, msg, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('forget drops the cached seed; the backend recomputes on next use', () => {
    const seed = hex(rfc.vectors[0]!.secret_key);
    const pk = ed25519.publicKey(seed);
    ed25519.forget(seed);
    ed25519.forget(seed); // idempotent
    ed25519.forget(new Uint8Array(32)); // never seen: nothing to do
    expect(toHexT(ed25519.publicKey(seed))).toBe(toHexT(pk));
  });
});

describe('node backend public-key cache', () => {
  it('stays correct past its bound: 1,100 keys, then the first again, each with its own signature only', () => {
    const node = BACKENDS[0].ed25519;
    const msg = new TextEncoder().encode('entry');
    const keys = Array.from({ length: 1100 }, (_, i) => {
      const seed = new Uint8Array(32);
      new DataView(seed.buffer).setUint32(0, i + 1);
      return { pk: node.publicKey(seed), sig: node.sign(seed, msg) };
    });
    for (const { pk, sig } of keys) expect(node.verify(pk, msg, sig)).toBe(true);
    expect(node.verify(keys[0]!.pk, msg, keys[0]!.sig)).toBe(true); // evicted and imported again
    expect(node.verify(keys[0]!.pk, msg, keys[1]!.sig)).toBe(false);
    expect(node.verify(keys[1099]!.pk, msg, keys[0]!.sig)).toBe(false);
  });
});

describe('cross-check against node:crypto (OpenSSL)', () => {
  it('both backends sign exactly as OpenSSL, and OpenSSL verifies their signatures', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, msg) => {
        const want = toHexT(openssl.sign(seed, msg));
        for (const { ed25519 } of BACKENDS) {
          const sig = ed25519.sign(seed, msg);
          expect(toHexT(sig)).toBe(want);
          expect(openssl.verify(ed25519.publicKey(seed), msg, sig)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the strict rule both backends share (src/backend/ed25519-strict.ts)', () => {
  const Point = noble.Point;
  const L = Point.Fn.ORDER;
  const le = (b: Uint8Array): bigint => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
  const toLe = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
  // The eight points of small order: [L]P of a point P outside the prime-order subgroup is torsion;
  // find one of order 8 and take its multiples (computed here, nothing pasted).
  const torsion8 = (() => {
    for (let i = 0; ; i++) {
      let p;
      try {
        p = Point.fromBytes(sha512(Uint8Array.of(i)).subarray(0, 32), false);
      } catch {
        continue; // not a point
      }
      const t = p.multiplyUnsafe(L - 1n).add(p);
      if (!t.multiplyUnsafe(4n).equals(Point.ZERO)) return t;
    }
  })();
  const smallOrder = Array.from({ length: 8 }, (_, i) => (i === 0 ? Point.ZERO : torsion8.multiplyUnsafe(BigInt(i))));

  it('small-order and non-canonical public keys: raw OpenSSL accepts R = identity, S = 0 for any message; both backends refuse', () => {
    const forgery = new Uint8Array(64);
    forgery[0] = 1; // R = identity, S = 0
    let opensslAccepted = 0;
    const keys = smallOrder.map((p) => p.toBytes());
    // Non-canonical encodings: y + p for the small y values, and x = 0 with the sign bit set.
    const pLe = (1n << 255n) - 19n;
    for (const y of [0n, 1n, 2n, 3n]) keys.push(toLe(y + pLe));
    keys.push(toLe(1n | (1n << 255n)), toLe(pLe - 1n + (1n << 255n)));
    for (const pk of keys) {
      expect(isStrictPublicKey(pk), toHexT(pk)).toBe(false);
      for (const msg of [new Uint8Array(0), Uint8Array.of(0x78), new TextEncoder().encode('pay mallory')]) {
        if (openssl.verify(pk, msg, forgery)) opensslAccepted++;
        for (const { name, ed25519 } of BACKENDS) expect(ed25519.verify(pk, msg, forgery), `${name} ${toHexT(pk)}`).toBe(false);
      }
    }
    // The gap is real: without the rule, the Node backend would accept these forgeries.
    expect(opensslAccepted).toBeGreaterThan(0);
  });

  it('a key with a torsion component: noble (cofactored) accepts a crafted signature that OpenSSL (cofactorless) refuses; both backends refuse', () => {
    const a = le(sha512(new TextEncoder().encode('mallory'))) % L;
    const A = Point.BASE.multiply(a).add(smallOrder[1]!); // aB + T, T of order 8
    const pk = A.toBytes();
    expect(isStrictPublicKey(pk)).toBe(true); // not small order: only the cofactor would tell
    let crafted = 0;
    for (let i = 0; crafted < 4 && i < 64; i++) {
      const msg = new TextEncoder().encode(`entry ${i}`);
      const r = (le(sha512(msg)) % (L - 1n)) + 1n;
      const R = Point.BASE.multiply(r).toBytes();
      const k = le(sha512.create().update(R).update(pk).update(msg).digest()) % L;
      if (k % 8n === 0n) continue; // then both equations agree
      const sig = new Uint8Array(64);
      sig.set(R);
      sig.set(toLe((r + k * a) % L), 32);
      crafted++;
      expect(noble.verify(sig, msg, pk, { zip215: false })).toBe(true);
      expect(openssl.verify(pk, msg, sig)).toBe(false);
      for (const { name, ed25519 } of BACKENDS) expect(ed25519.verify(pk, msg, sig), name).toBe(false);
    }
    expect(crafted).toBe(4);
  });

  it('an honest key passes the rule', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        expect(isStrictPublicKey(noble.getPublicKey(seed))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
