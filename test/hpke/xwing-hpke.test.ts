// HPKE with the X-Wing KEM (src/hpke/xwing.ts): the Tink interop vector (vectors/xwing-hpke-tink.json)
// opens on both backends, round trips, and every tamper (enc, ciphertext, info, aad, key) fails with
// the one DECRYPT_FAILED; bad public keys are INVALID_INPUT.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xwing as nodeXWing } from '../../src/backend/node/xwing.js';
import { xwing as webXWing } from '../../src/backend/web/xwing.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { ZkvaultError } from '../../src/errors.js';
import { generateXWingKeyPair, openXWing, sealXWing } from '../../src/hpke/index.js';
import { generateXWingKeyPairWith, openXWingWith, sealXWingWith, XWING_NENC, type XWingHpkeDeps } from '../../src/hpke/xwing.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

const TV = loadVectors('xwing-hpke-tink.json');
const XW = { node: nodeXWing, web: webXWing } as const;
const SETS: readonly { name: 'node' | 'web'; deps: XWingHpkeDeps }[] = BACKENDS.map((b) => ({
  name: b.name,
  deps: { xwing: XW[b.name], hash: b.hash, aead: b.aead, random: b.random },
}));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? 'non-zkvault error';
  }
  return 'accepted';
}

describe.each(SETS)('HPKE X-Wing on the $name backend', ({ deps }) => {
  it('opens the Tink X-Wing/HKDF-SHA256/AES-256-GCM vector', async () => {
    for (const v of TV.vectors) {
      const ct = hex(v.ciphertext);
      const pt = await openXWingWith(deps, { recipientPrivateKey: hex(v.skRm), enc: ct.subarray(0, XWING_NENC), ciphertext: ct.subarray(XWING_NENC), info: hex(v.info), aead: v.aead });
      expect(toHexT(pt)).toBe(v.pt);
    }
    reportCounts('xwing-hpke-tink', { vectors: TV.vectors.length });
  });

  it('round trips, and a flipped byte of enc or ciphertext, another info or aad, or another key fail alike', async () => {
    const me = generateXWingKeyPairWith(deps);
    const other = generateXWingKeyPairWith(deps);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 16 }), fc.nat(), fc.integer({ min: 0, max: 4 }), async (pt, info, at, what) => {
        const s = await sealXWingWith(deps, { recipientPublicKey: me.publicKey, plaintext: pt, info });
        const o = { recipientPrivateKey: me.privateKey, enc: s.enc, ciphertext: s.ciphertext, info };
        expect(toHexT(await openXWingWith(deps, o))).toBe(toHexT(pt));
        const enc = s.enc.slice();
        const ct = s.ciphertext.slice();
        if (what === 0) enc[at % enc.length]! ^= 1;
        if (what === 1) ct[at % ct.length]! ^= 1;
        const bad = { ...o, enc, ciphertext: ct, ...(what === 2 ? { info: Uint8Array.of(...info, 0) } : {}), ...(what === 3 ? { aad: Uint8Array.of(1) } : {}), ...(what === 4 ? { recipientPrivateKey: other.privateKey } : {}) };
        expect(await code(openXWingWith(deps, bad))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 12 },
    );
  });

  it('a wrong-length enc is DECRYPT_FAILED; a bad recipient public key is INVALID_INPUT', async () => {
    const me = generateXWingKeyPairWith(deps);
    const s = await sealXWingWith(deps, { recipientPublicKey: me.publicKey, plaintext: new Uint8Array(32) });
    for (const enc of [s.enc.subarray(1), Uint8Array.of(...s.enc, 0), new Uint8Array(0)]) {
      expect(await code(openXWingWith(deps, { recipientPrivateKey: me.privateKey, enc, ciphertext: s.ciphertext }))).toBe('DECRYPT_FAILED');
    }
    const unreduced = me.publicKey.slice();
    unreduced.fill(0xff, 0, 2);
    for (const pk of [me.publicKey.subarray(1), unreduced, new Uint8Array(1216)]) {
      expect(await code(sealXWingWith(deps, { recipientPublicKey: pk, plaintext: new Uint8Array(1) }))).toBe('INVALID_INPUT');
    }
  });
});

// The same through the public zkvault/hpke functions (issue 11), on each backend through the seam.
describe.each(BACKENDS)('public sealXWing / openXWing on the $name backend', (b) => {
  it('openXWing opens the Tink vector, and refuses it with another info or key', async () => {
    for (const v of TV.vectors) {
      const ct = hex(v.ciphertext);
      const sealed = { enc: ct.subarray(0, XWING_NENC), ciphertext: ct.subarray(XWING_NENC) };
      const pt = await withBackends(b, () => openXWing(sealed, hex(v.skRm), { info: hex(v.info), aead: v.aead }));
      expect(toHexT(pt)).toBe(v.pt);
      expect(await withBackends(b, () => code(openXWing(sealed, hex(v.skRm))))).toBe('DECRYPT_FAILED');
      const other = withBackends(b, () => generateXWingKeyPair());
      expect(await withBackends(b, () => code(openXWing(sealed, other.privateKey, { info: hex(v.info) })))).toBe('DECRYPT_FAILED');
    }
  });

  it('round trips any message, info and aad; a flipped byte of the result fails', async () => {
    const me = withBackends(b, () => generateXWingKeyPair());
    expect(me.privateKey).toHaveLength(32);
    expect(me.publicKey).toHaveLength(1216);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 }), fc.nat(), async (pt, info, aad, at) => {
        const sealed = await withBackends(b, () => sealXWing(pt, me.publicKey, { info, aad }));
        expect(sealed.enc).toHaveLength(XWING_NENC);
        expect(toHexT(await withBackends(b, () => openXWing(sealed, me.privateKey, { info, aad })))).toBe(toHexT(pt));
        const ct = sealed.ciphertext.slice();
        ct[at % ct.length]! ^= 1;
        expect(await withBackends(b, () => code(openXWing({ ...sealed, ciphertext: ct }, me.privateKey, { info, aad })))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 8 },
    );
  });

  it('names a bad argument in INVALID_INPUT', async () => {
    const me = withBackends(b, () => generateXWingKeyPair());
    const sealed = await withBackends(b, () => sealXWing(new Uint8Array(1), me.publicKey));
    const cases: [string, () => Promise<unknown>][] = [
      ['"recipientPublicKey"', () => sealXWing(new Uint8Array(1), me.publicKey.subarray(1))],
      ['"plaintext"', () => sealXWing('x' as never, me.publicKey)],
      ['"options"', () => sealXWing(new Uint8Array(1), me.publicKey, null as never)],
      ['"sealed"', () => openXWing(undefined as never, me.privateKey)],
      ['"sealed.ciphertext"', () => openXWing({ enc: sealed.enc } as never, me.privateKey)],
      ['"recipientPrivateKey"', () => openXWing(sealed, new Uint8Array(31))],
      ['"aead"', () => openXWing(sealed, me.privateKey, { aead: 'ChaCha20Poly1305' as never })],
    ];
    for (const [name, f] of cases) {
      const e = await withBackends(b, f).then(() => undefined, (x: unknown) => x);
      expect(e, name).toBeInstanceOf(ZkvaultError);
      expect((e as ZkvaultError).code, name).toBe('INVALID_INPUT');
      expect((e as ZkvaultError).message, name).toContain(name);
    }
  });
});
