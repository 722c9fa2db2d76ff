// Envelope safeguards that a functional round trip cannot see (issue 19, from `npm run mutate`):
// bad arguments are named in the error, short envelopes are refused before the key is used, and
// `using` disposes the key.
import { describe, expect, it } from 'vitest';
import type { AeadBackend } from '../../src/backend/types.js';
import { EnvelopeKey, ENVELOPE_OVERHEAD, sealWithNonce } from '../../src/envelope/envelope-key.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode, zkvaultErrorOf } from '../helpers/errors.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { envelopeKey } from '../../src/envelope/api.js';

const notBytes = 'not bytes' as unknown as Uint8Array;

/** The backend's AES-GCM with every decrypt call counted. */
function countingAead(inner: AeadBackend): { aead: AeadBackend; calls: () => number } {
  let n = 0;
  return {
    calls: () => n,
    aead: {
      ...inner,
      async aesGcmKey(raw) {
        const k = await inner.aesGcmKey(raw);
        return {
          encrypt: (...a) => k.encrypt(...a),
          encryptParts: (...a) => k.encryptParts(...a),
          decrypt: (...a) => {
            n++;
            return k.decrypt(...a);
          },
          decryptParts: (...a) => {
            n++;
            return k.decryptParts(...a);
          },
        };
      },
    },
  };
}

describe.each(BACKENDS)('$name backend', (b) => {
  const deps = { aead: b.aead, hash: b.hash, random: b.random };
  const key = new Uint8Array(32).fill(5);

  it('names the bad argument in INVALID_INPUT', async () => {
    const k = await withBackends(deps, () => envelopeKey(key));
    const cases: [string, () => Promise<unknown>][] = [
      ['"plaintext"', () => k.seal(notBytes)],
      ['"options.aad"', () => k.seal(new Uint8Array(1), { aad: notBytes })],
      ['"options"', () => k.seal(new Uint8Array(1), notBytes as never)],
      ['"envelope"', () => k.open(notBytes)],
      ['"options.aad"', () => k.open(new Uint8Array(ENVELOPE_OVERHEAD), { aad: notBytes })],
      ['"text" expected string', () => k.openString(7 as unknown as string)],
      ['"nonce"', async () => sealWithNonce(k, new Uint8Array(11), new Uint8Array(1), new Uint8Array(0))],
    ];
    for (const [name, f] of cases) {
      const e = await zkvaultErrorOf(f());
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toContain(name);
    }
  });

  it('a disposed key says so (KEY_LOCKED), also through Symbol.dispose', async () => {
    const k = await withBackends(deps, () => envelopeKey(key));
    k[Symbol.dispose]();
    const e = await zkvaultErrorOf(k.seal(new Uint8Array(1)));
    expect(e.code).toBe('KEY_LOCKED');
    expect(e.message).toMatch(/disposed/);
    expect(await errorCode(k.open(new Uint8Array(ENVELOPE_OVERHEAD)))).toBe('KEY_LOCKED');
  });

  it('an envelope shorter than the overhead is refused before the key is used, even with a valid commitment', async () => {
    const counted = countingAead(b.aead);
    const k = await withBackends({ ...deps, aead: counted.aead }, () => envelopeKey(key));
    const full = await sealWithNonce(k, new Uint8Array(12).fill(1), new Uint8Array(0), new Uint8Array(0));
    expect(full.length).toBe(ENVELOPE_OVERHEAD);
    expect(await k.open(full)).toEqual(new Uint8Array(0));
    expect(counted.calls()).toBe(1);
    // Header (with this key's commitment) plus 0..15 bytes: not even a whole tag.
    for (let len = 46; len < ENVELOPE_OVERHEAD; len++) {
      expect(await errorCode(k.open(full.subarray(0, len)))).toBe('DECRYPT_FAILED');
    }
    expect(counted.calls()).toBe(1);
  });
});
