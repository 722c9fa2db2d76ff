// ENVELOPE_NONCE_BUDGET is enforced: an EnvelopeKey refuses the seal past its budget (issue 10 §5).
// The internal seam sets the seal counter, so the test does not need 2^32 seals.
import { describe, expect, it } from 'vitest';
import { envelopeKey, ENVELOPE_NONCE_BUDGET } from '../../src/envelope/index.js';
import { setSealCountForTesting } from '../../src/envelope/envelope-key.js';
import { errorCode } from '../helpers/errors.js';

const pt = new TextEncoder().encode('x');

describe('envelope nonce budget', () => {
  it('is 2^32 envelopes per key', () => {
    expect(ENVELOPE_NONCE_BUDGET).toBe(2 ** 32);
  });

  it('seals the last envelope of the budget, refuses the next with NONCE_BUDGET_EXHAUSTED', async () => {
    const k = await envelopeKey(new Uint8Array(32).fill(9));
    setSealCountForTesting(k, ENVELOPE_NONCE_BUDGET - 2);
    const a = await k.seal(pt);
    const b = await k.seal(pt); // the 2^32-th
    expect(await k.open(a)).toEqual(pt);
    expect(await k.open(b)).toEqual(pt);
    expect(await errorCode(k.seal(pt))).toBe('NONCE_BUDGET_EXHAUSTED');
    expect(await errorCode(k.sealString(pt))).toBe('NONCE_BUDGET_EXHAUSTED');
    // Opening does not use nonces: it keeps working after the budget is spent.
    expect(await k.open(a)).toEqual(pt);
  });

  it('counts every seal (a fresh key starts at 0; each seal adds one)', async () => {
    const k = await envelopeKey(new Uint8Array(32).fill(1));
    setSealCountForTesting(k, ENVELOPE_NONCE_BUDGET - 3);
    await k.seal(pt);
    await k.seal(pt);
    await k.seal(pt);
    expect(await errorCode(k.seal(pt))).toBe('NONCE_BUDGET_EXHAUSTED');
    // Rotation: a new key (e.g. the next group key version) has its own full budget.
    const next = await envelopeKey(new Uint8Array(32).fill(2));
    expect(await next.open(await next.seal(pt))).toEqual(pt);
  });

  it('the error carries no key material and names the remedy', async () => {
    const raw = new Uint8Array(32).fill(0xab);
    const k = await envelopeKey(raw);
    setSealCountForTesting(k, ENVELOPE_NONCE_BUDGET);
    const e = (await k.seal(pt).then(() => undefined, (x: unknown) => x)) as Error;
    expect(e.message).toMatch(/rotate/);
    expect(e.message).not.toMatch(/ab{2}|q6ur/i);
  });
});
