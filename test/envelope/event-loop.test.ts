// Large v1 envelopes on the node backend hand the event loop back while they run (issue 14: a 64 MiB
// seal used to block it for 826 ms). A 1 ms interval timer must keep ticking during a 32 MiB seal
// and open, and the results must be the same bytes as always (checked against node:crypto). The
// streaming envelope paces the same way (its other tests are in stream.test.ts, in a shared worker).
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeKey, openIterable, sealIterable } from '../../src/envelope/index.js';

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return Buffer.concat(parts);
}

async function ticksDuring(work: () => Promise<unknown>): Promise<{ ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { ticks, ms };
}

describe('large envelopes do not monopolise the event loop (node backend)', () => {
  it('a 32 MiB seal and open let timers run, and the envelope is standard AES-256-GCM', async () => {
    const raw = new Uint8Array(32).fill(7);
    const k = await envelopeKey(raw);
    const pt = new Uint8Array(32 << 20).map((_, i) => i & 0xff);
    const aad = new TextEncoder().encode('big');
    let env: Uint8Array = new Uint8Array(0);
    const s = await ticksDuring(async () => (env = await k.seal(pt, { aad })));
    expect(s.ticks).toBeGreaterThan(0);
    // node:crypto opens it as the format says (the paced path writes the same bytes).
    const d = createDecipheriv('aes-256-gcm', raw, env.subarray(2, 14));
    d.setAAD(Buffer.concat([env.subarray(0, 46), aad]));
    d.setAuthTag(env.subarray(env.length - 16));
    expect(Buffer.concat([d.update(env.subarray(46, env.length - 16)), d.final()]).equals(Buffer.from(pt))).toBe(true);
    let back: Uint8Array = new Uint8Array(0);
    const o = await ticksDuring(async () => (back = await k.open(env, { aad })));
    expect(o.ticks).toBeGreaterThan(0);
    expect(Buffer.from(back).equals(Buffer.from(pt))).toBe(true);
    env[env.length - 1]! ^= 1;
    await expect(k.open(env, { aad })).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  }, 60_000);
});

describe('large streams do not monopolise the event loop', () => {
  const key = new Uint8Array(32).fill(1);

  it('gives the event loop a turn while a large in-memory input is sealed', async () => {
    const { ticks, ms } = await ticksDuring(() => collect(sealIterable([new Uint8Array(32 << 20)], key)));
    // At least one timer tick per 10 ms pacing window (generous: the machine may be loaded).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
    expect(ticks).toBeGreaterThan(0);
  });

  it('gives the event loop a turn while a large in-memory stream is opened from one piece (16 MiB chunks)', async () => {
    const sealed = await collect(sealIterable([new Uint8Array(32 << 20)], key, { chunkSize: 2 ** 24 }));
    let n = 0;
    const { ticks, ms } = await ticksDuring(async () => (n = (await collect(openIterable([sealed], key))).length));
    expect(n).toBe(32 << 20);
    // The opener hands each segment to GCM in steps of at most 1 MiB and paces between them.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
    expect(ticks).toBeGreaterThan(0);
  });
});
