// Issue 14, goal 1: preparing the 2048-bit group (OpenSSL's safe-prime check) must not block the
// event loop. The Node backend builds that DH context in a worker thread and calls into it
// synchronously (src/backend/modpow-worker.ts); until it is ready, BigInt gives the same results.
import { describe, expect, it, vi } from 'vitest';
import { WorkerDh } from '../../src/backend/modpow-worker.js';
import { srpGroup } from '../../src/srp/groups.js';
import { reference } from '../helpers/modpow-reference.js';

const { N, g, byteLength } = srpGroup(2048);
const be = (n: bigint, len?: number): Uint8Array => Buffer.from(n.toString(16).padStart(2 * (len ?? Math.ceil(n.toString(16).length / 2)), '0'), 'hex');
const big = (b: Uint8Array): bigint => BigInt('0x' + Buffer.from(b).toString('hex'));

describe('2048-bit group preparation in a worker thread', () => {
  it('lets timers run while the context is built, gives BigInt results meanwhile, OpenSSL after', async () => {
    vi.resetModules(); // a fresh backend: no context from another test
    const { modpow, usesOpenSsl } = await import('../../src/backend/node/modpow.js');
    const e = (1n << 255n) + 12345n;
    const y = 0xdeadbeefn << 1000n;
    expect(usesOpenSsl(N)).toBe(false);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const ready = modpow.prepare(N, g);
    expect(modpow.modPow(y, e, N)).toBe(reference(y, e, N)); // BigInt while the worker works
    const again = modpow.prepare(N, g); // a second call joins the first
    await Promise.all([ready, again]);
    clearInterval(timer);
    // A blocking preparation returns before any timer can fire (0 ticks); the worker takes tens of ms.
    expect(ticks).toBeGreaterThan(0);
    expect(usesOpenSsl(N)).toBe(true);
    for (let i = 0n; i < 5n; i++) {
      expect(modpow.modPow(y + i, e + i, N)).toBe(reference(y + i, e + i, N));
      expect(modpow.modPowFixed(g, e * (i + 1n), N)).toBe(reference(g, e * (i + 1n), N));
    }
  });

  it('WorkerDh computes y^e and g^e, and answers undefined before ready and once closed', async () => {
    const w = new WorkerDh(be(N, byteLength), be(g));
    expect(w.pow(be(5n), undefined)).toBeUndefined(); // not ready yet: the caller uses BigInt
    expect(await w.ready).toBe(true);
    const e = 0x0123456789abcdefn << 100n;
    const y = 3n << 1500n;
    expect(big(w.pow(be(e), be(y, byteLength))!)).toBe(reference(y, e, N));
    expect(big(w.pow(be(e), undefined)!)).toBe(reference(g, e, N));
    w.close();
    expect(w.usable()).toBe(false);
    expect(w.pow(be(e), undefined)).toBeUndefined();
  });

  it('a context OpenSSL refuses (generator 1) reports not ready and is never used', async () => {
    const w = new WorkerDh(be(N, byteLength), Uint8Array.of(1));
    expect(await w.ready).toBe(false);
    expect(w.usable()).toBe(false);
    expect(w.pow(be(7n), undefined)).toBeUndefined();
  });

  it('a runtime where the worker cannot start keeps BigInt: prepare settles, results stay right', async () => {
    vi.resetModules();
    vi.doMock('node:worker_threads', () => ({
      Worker: class {
        constructor() {
          throw new Error('no eval workers here');
        }
      },
    }));
    try {
      const { modpow, usesOpenSsl } = await import('../../src/backend/node/modpow.js');
      await expect(modpow.prepare(N, g)).resolves.toBeUndefined();
      expect(usesOpenSsl(N)).toBe(false);
      const e = (1n << 200n) + 7n;
      expect(modpow.modPowFixed(g, e, N)).toBe(reference(g, e, N));
    } finally {
      vi.doUnmock('node:worker_threads');
      vi.resetModules();
    }
  });
});
