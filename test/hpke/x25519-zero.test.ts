// RFC 7748 section 6.1: an all-zero X25519 output must be refused. OpenSSL and noble already refuse
// low-order points before zkvault's own check runs, so real inputs never reach that check. Here the
// platform primitive underneath each backend (node:crypto `diffieHellman`, noble's
// `x25519.getSharedSecret`) is replaced, for this file only, by one that returns 32 zero bytes; each
// backend must then give its typed refusal itself, and HPKE must pass it on (INVALID_INPUT when
// sealing, DECRYPT_FAILED when opening).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { X25519_FAILED_MESSAGE } from '../../src/backend/types.js';
import { ZkvaultError } from '../../src/errors.js';
import { generateKeyPairWith } from '../../src/hpke/dhkem.js';
import { openWith, sealWith } from '../../src/hpke/hpke.js';
import { zkvaultErrorOf } from '../helpers/errors.js';
import { BACKENDS } from '../helpers/backends.js';

const zeroDh = vi.hoisted(() => ({ on: false }));

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    diffieHellman: (o: Parameters<typeof real.diffieHellman>[0]): Buffer => (zeroDh.on ? Buffer.alloc(32) : real.diffieHellman(o)),
  };
});

vi.mock('@noble/curves/ed25519.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/curves/ed25519.js')>();
  const x25519 = {
    ...real.x25519,
    getSharedSecret: (sk: Uint8Array, pk: Uint8Array): Uint8Array => (zeroDh.on ? new Uint8Array(32) : real.x25519.getSharedSecret(sk, pk)),
  };
  return { ...real, x25519 };
});

afterEach(() => {
  zeroDh.on = false;
});

/** The error `f` throws or rejects with (sync backends throw, async flows reject). */
const refusal = (f: () => unknown): Promise<ZkvaultError> => zkvaultErrorOf((async () => f())());

describe.each(BACKENDS)('$name backend, X25519 primitive returning 32 zero bytes', (deps) => {
  const info = new TextEncoder().encode('zkvault test');
  const plaintext = new TextEncoder().encode('hello');

  it('sharedSecret refuses the all-zero output with INVALID_INPUT (X25519 failed)', async () => {
    const a = generateKeyPairWith(deps);
    const b = generateKeyPairWith(deps);
    const real = deps.x25519.sharedSecret(a.privateKey, b.publicKey);
    expect(real.some((x) => x !== 0)).toBe(true);
    zeroDh.on = true;
    const e = await refusal(() => deps.x25519.sharedSecret(a.privateKey, b.publicKey));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(X25519_FAILED_MESSAGE);
  });

  it('HPKE seal refuses with INVALID_INPUT and open with DECRYPT_FAILED', async () => {
    const r = generateKeyPairWith(deps);
    const sealed = await sealWith(deps, { recipientPublicKey: r.publicKey, info, plaintext });
    zeroDh.on = true;
    const s = await refusal(() => sealWith(deps, { recipientPublicKey: r.publicKey, info, plaintext }));
    expect([s.code, s.message]).toEqual(['INVALID_INPUT', X25519_FAILED_MESSAGE]);
    const o = await refusal(() => openWith(deps, { recipientPrivateKey: r.privateKey, enc: sealed.enc, ciphertext: sealed.ciphertext, info }));
    expect(o.code).toBe('DECRYPT_FAILED');
    zeroDh.on = false;
    const back = await openWith(deps, { recipientPrivateKey: r.privateKey, enc: sealed.enc, ciphertext: sealed.ciphertext, info });
    expect(back).toEqual(plaintext);
  });
});
