// X25519 through zkvault's one X25519 path (x25519With → backend), on both backends:
// Wycheproof x25519_test.json (every case; an all-zero shared secret must be refused, every other
// case, twist, non-canonical and edge-case points included, must give the file's value) and
// RFC 7748 sections 5.2 and 6.1 (the 1,000,000-iteration vector only with ZKVAULT_SLOW set).
import { afterAll, describe, expect, it } from 'vitest';
import { X25519_FAILED_MESSAGE } from '../../src/backend/types.js';
import { publicKeyWith, x25519With } from '../../src/hpke/dhkem.js';
import { ZkvaultError } from '../../src/errors.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { BACKENDS } from '../helpers/backends.js';
import { syncZkvaultErrorOf } from '../helpers/errors.js';

interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  public: string;
  private: string;
  shared: string;
  result: 'valid' | 'acceptable' | 'invalid';
}
interface Rfc7748Vector {
  type: 'x25519' | 'x25519-iterated' | 'x25519-dh';
  scalar?: string;
  u?: string;
  k?: string;
  iterations?: number;
  output?: string;
  alice_private?: string;
  alice_public?: string;
  bob_private?: string;
  bob_public?: string;
  shared?: string;
}

const wycheproof = loadVectors<{ numberOfTests: number; testGroups: { curve: string; tests: WycheproofTest[] }[] }>(
  'wycheproof/x25519_test.json',
);
const rfc7748 = loadVectors<{ vectors: Rfc7748Vector[] }>('rfc7748-x25519.json');
const SLOW = process.env['ZKVAULT_SLOW'] !== undefined;
const ZERO = '00'.repeat(32);

function expectX25519Failure(f: () => unknown): void {
  const e = syncZkvaultErrorOf(f);
  expect(e.code).toBe('INVALID_INPUT');
  expect(e.message).toBe(X25519_FAILED_MESSAGE);
}

describe.each(BACKENDS)('X25519, $name backend', ({ name, ...deps }) => {
  const x = deps.x25519;

  describe('Wycheproof x25519_test.json', () => {
    const counts = { valid: 0, acceptableComputed: 0, rejectedZeroShared: 0, invalidRejected: 0 };
    afterAll(() => reportCounts(`wycheproof/x25519_test.json (${name})`, counts));

    it('passes every case', () => {
      let seen = 0;
      for (const group of wycheproof.testGroups) {
        expect(group.curve).toBe('curve25519');
        for (const t of group.tests) {
          seen++;
          const run = (): Uint8Array => x25519With(x, hex(t.private), hex(t.public));
          if (t.result === 'invalid') {
            expect(run, `tcId ${t.tcId}`).toThrow(ZkvaultError);
            counts.invalidRejected++;
          } else if (t.shared === ZERO) {
            // RFC 7748 section 6.1 / RFC 9180 DHKEM: refuse the all-zero shared secret.
            expectX25519Failure(run);
            counts.rejectedZeroShared++;
          } else {
            expect(toHexT(run()), `tcId ${t.tcId} ${t.comment}`).toBe(t.shared);
            if (t.result === 'valid') counts.valid++;
            else counts.acceptableComputed++;
          }
        }
      }
      expect(seen).toBe(wycheproof.numberOfTests);
    });
  });

  describe('RFC 7748', () => {
    // The 1,000,000-iteration vector: only with ZKVAULT_SLOW, and only on the native backend
    // (about 2 minutes there; pure-JS noble would need most of an hour). Skipped ones get no test.
    const runSlow = SLOW && name === 'node';
    const runnable = rfc7748.vectors.filter((v) => v.iterations === undefined || v.iterations <= 1000 || runSlow);
    const counts = { function: 0, iterated: 0, dh: 0, skippedSlow: rfc7748.vectors.length - runnable.length };
    afterAll(() => {
      reportCounts(`rfc7748-x25519.json (${name})`, counts);
      if (counts.skippedSlow > 0) {
        const why = SLOW ? 'runs on the node backend only' : 'set ZKVAULT_SLOW=1 to run it (node backend)';
        console.info(`[vectors] rfc7748 (${name}): 1,000,000-iteration vector skipped; ${why}`);
      }
    });

    it('has the 6 vectors of sections 5.2 and 6.1', () => {
      expect(rfc7748.vectors.map((v) => v.type)).toEqual(['x25519', 'x25519', 'x25519-iterated', 'x25519-iterated', 'x25519-iterated', 'x25519-dh']);
    });

    it.each(runnable.map((v, i) => [`${v.type} #${i}${v.iterations ? ` x${v.iterations}` : ''}`, v] as const))(
      '%s',
      (_, v) => {
        if (v.type === 'x25519') {
          expect(toHexT(x25519With(x, hex(v.scalar!), hex(v.u!)))).toBe(v.output);
          counts.function++;
        } else if (v.type === 'x25519-iterated') {
          // (k, u) <- (X25519(k, u), k)
          let k = hex(v.k!);
          let u = hex(v.u!);
          for (let i = 0; i < v.iterations!; i++) {
            const next = x25519With(x, k, u);
            u = k;
            k = next;
          }
          expect(toHexT(k)).toBe(v.output);
          counts.iterated++;
        } else {
          expect(toHexT(publicKeyWith(x, hex(v.alice_private!)))).toBe(v.alice_public);
          expect(toHexT(publicKeyWith(x, hex(v.bob_private!)))).toBe(v.bob_public);
          expect(toHexT(x25519With(x, hex(v.alice_private!), hex(v.bob_public!)))).toBe(v.shared);
          expect(toHexT(x25519With(x, hex(v.bob_private!), hex(v.alice_public!)))).toBe(v.shared);
          counts.dh++;
        }
      },
      runSlow ? 900_000 : 60_000,
    );
  });

  it('rejects wrong key lengths with INVALID_INPUT naming the argument', () => {
    expect(() => x25519With(x, new Uint8Array(31), new Uint8Array(32))).toThrow(/"privateKey"/);
    expect(() => x25519With(x, new Uint8Array(32), new Uint8Array(33))).toThrow(/"publicKey"/);
    expect(() => publicKeyWith(x, new Uint8Array(0))).toThrow(/"privateKey"/);
  });

  it('gives the same public key as X25519(k, 9) and keeps results independent of cache hits', () => {
    const sk = deps.random.randomBytes(32);
    const nine = new Uint8Array(32);
    nine[0] = 9;
    const pub = publicKeyWith(x, sk);
    expect(toHexT(x25519With(x, sk, nine))).toBe(toHexT(pub));
    // The node backend caches per array: mutating the array must not return the old key's result.
    const before = toHexT(publicKeyWith(x, sk));
    sk[0]! ^= 0x40;
    const after = toHexT(publicKeyWith(x, sk));
    expect(after).not.toBe(before);
    expect(after).toBe(toHexT(publicKeyWith(x, sk.slice())));
    // A returned public key is a copy: changing it does not change the next answer.
    const p1 = publicKeyWith(x, sk);
    p1.fill(0);
    expect(toHexT(publicKeyWith(x, sk))).toBe(after);
  });
});

it('both backends agree on random keys', () => {
  const [a, b] = BACKENDS;
  for (let i = 0; i < 20; i++) {
    const sk = a.random.randomBytes(32);
    const pk = b.x25519.publicKey(b.random.randomBytes(32));
    expect(toHexT(a.x25519.publicKey(sk))).toBe(toHexT(b.x25519.publicKey(sk)));
    expect(toHexT(a.x25519.sharedSecret(sk, pk))).toBe(toHexT(b.x25519.sharedSecret(sk, pk)));
  }
});

describe('X25519 key caches take private copies', () => {
  it.each(BACKENDS)('$name: a Buffer private key mutated after use gives the new key\'s results', (b) => {
    const sk = Buffer.alloc(32, 5);
    const x = b.x25519;
    const peer = x.publicKey(new Uint8Array(32).fill(9));
    const first = x.sharedSecret(sk, peer);
    sk.fill(6);
    const fresh = x.sharedSecret(new Uint8Array(32).fill(6), peer);
    expect(x.sharedSecret(sk, peer)).toEqual(fresh);
    expect(fresh).not.toEqual(first);
  });
  it.each(BACKENDS)('$name: a public key array refilled after use gives the new key\'s results (node caches public imports per array)', (b) => {
    const x = b.x25519;
    const sk = new Uint8Array(32).fill(11);
    const pub = x.publicKey(new Uint8Array(32).fill(12)).slice();
    const first = x.sharedSecret(sk, pub);
    expect(x.sharedSecret(sk, pub)).toEqual(first); // a cache hit answers the same
    pub.set(x.publicKey(new Uint8Array(32).fill(13)));
    const fresh = x.sharedSecret(sk, pub.slice());
    expect(x.sharedSecret(sk, pub)).toEqual(fresh);
    expect(fresh).not.toEqual(first);
    // A refill with a point of low order is refused, not answered from the cache.
    pub.fill(0);
    expect(() => x.sharedSecret(sk, pub)).toThrow(ZkvaultError);
  });
  it.each(BACKENDS)('$name: forget drops the cached key; the backend recomputes on next use', (b) => {
    const x = b.x25519;
    const sk = new Uint8Array(32).fill(7);
    const pub = x.publicKey(sk);
    x.forget(sk);
    x.forget(sk); // idempotent
    x.forget(new Uint8Array(32)); // never seen: nothing to do
    expect(x.publicKey(sk)).toEqual(pub);
  });
});
