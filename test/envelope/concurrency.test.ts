// EnvelopeKey reuses one scratch buffer for header ‖ aad on the node backend (its AEAD consumes the
// AAD synchronously). Many seals and opens started together, with different aads and sizes, must
// each give their own correct envelope on both backends.
import { describe, expect, it } from 'vitest';
import { EnvelopeKey } from '../../src/envelope/envelope-key.js';
import { BACKENDS } from '../helpers/backends.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { envelopeKey } from '../../src/envelope/api.js';

describe.each(BACKENDS)('concurrent use of one EnvelopeKey, $name backend', (b) => {
  it('64 interleaved seals and opens with distinct aads (growing past the scratch size) all round trip', async () => {
    const k = await withBackends({ aead: b.aead, hash: b.hash, random: b.random }, () => envelopeKey(new Uint8Array(32).fill(3)));
    const items = Array.from({ length: 64 }, (_, i) => ({
      pt: new Uint8Array(i * 37).fill(i),
      aad: new Uint8Array((i * 13) % 200).fill(255 - i),
    }));
    const envs = await Promise.all(items.map((x) => k.seal(x.pt, { aad: x.aad })));
    const back = await Promise.all(envs.map((e, i) => k.open(e, { aad: items[i]!.aad })));
    back.forEach((pt, i) => expect(pt).toEqual(items[i]!.pt));
    // And an envelope does not open under a neighbour's aad.
    await expect(k.open(envs[5]!, { aad: items[6]!.aad })).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});
