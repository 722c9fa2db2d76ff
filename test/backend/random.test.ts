// The CSPRNG backends, including the Node backend's small-request pool.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';

describe.each(BACKENDS)('$name random', (b) => {
  it('returns the requested lengths, across pool refills', () => {
    for (const n of [0, 1, 12, 32, 64, 65, 4096, 70_000]) expect(b.random.randomBytes(n)).toHaveLength(n);
  });

  it('never hands out the same 12-byte nonce twice in 20,000 draws (pool refilled many times)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(Buffer.from(b.random.randomBytes(12)).toString('hex'));
    expect(seen.size).toBe(20_000);
  });

  it('returns independent arrays: changing one does not change the next', () => {
    const a = b.random.randomBytes(32);
    const before = Buffer.from(b.random.randomBytes(32)).toString('hex');
    a.fill(0);
    expect(Buffer.from(b.random.randomBytes(32)).toString('hex')).not.toBe(before);
    expect(a.buffer).not.toBe(b.random.randomBytes(32).buffer);
  });

  it('looks uniform: every byte value appears in 64 KiB of small draws', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2048; i++) for (const x of b.random.randomBytes(32)) counts[x]!++;
    expect(Math.min(...counts)).toBeGreaterThan(150); // expected 256 each; a stuck or zeroed pool fails
  });
});
