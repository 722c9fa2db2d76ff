// X-Wing (draft-connolly-cfrg-xwing-kem-10 Appendix C, vectors/xwing-draft-10.json) and FIPS 203
// ML-KEM-768 (CCTV accumulated procedure, vectors/fips203-mlkem768-accumulated.json) on both
// backends, plus the sizes issue 18 relies on: @noble/post-quantum's ml_kem768_x25519 is X-Wing.
import { describe, expect, it } from 'vitest';
import { xwing as nodeXWing } from '../../src/backend/node/xwing.js';
import { xwing as webXWing } from '../../src/backend/web/xwing.js';
import { XWING } from '../../src/backend/xwing-noble.js';
import { checkXWingVector, mlKem768Accumulated } from '../../src/cli/suites/xwing.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

const XV = loadVectors('xwing-draft-10.json');
const MV = loadVectors('fips203-mlkem768-accumulated.json');
const SLOW = process.env['ZKVAULT_SLOW'] === '1';

describe.each([
  ['node', nodeXWing],
  ['web', webXWing],
] as const)('X-Wing on the %s backend', (_name, xwing) => {
  it('draft-10 Appendix C: public key, EncapsulateDerand and Decapsulate match every vector', () => {
    expect(XV.vectors).toHaveLength(3);
    for (const v of XV.vectors) expect(checkXWingVector(xwing, v), v.name).toEqual({ ok: true });
    reportCounts('xwing-draft-10', { vectors: XV.vectors.length });
  });

  it('sizes are the draft\'s (section 7): pk 1216, ct 1120, ss 32, seed 32; HPKE KEM id 0x647a', () => {
    const v = XV.vectors[0];
    expect(hex(v.pk).length).toBe(XWING.publicKey);
    expect(hex(v.ct).length).toBe(XWING.ciphertext);
    expect(hex(v.ss).length).toBe(XWING.sharedSecret);
    expect(hex(v.seed).length).toBe(XWING.seed);
    expect([XV.hpke.Npk, XV.hpke.Nenc, XV.hpke.Nsk, XV.hpke.kem_id]).toEqual([1216, 1120, 32, 0x647a]);
  });

  it('a changed byte of the ML-KEM or X25519 part of ct gives another secret (implicit rejection)', () => {
    const v = XV.vectors[1];
    for (const at of [0, 1087, 1088, 1119]) {
      const ct = hex(v.ct);
      ct[at]! ^= 1;
      expect(toHexT(xwing.decapsulate(hex(v.sk), ct)), `byte ${at}`).not.toBe(v.ss);
    }
  });

  it('wrong lengths and a public key failing the FIPS 203 modulus check are INVALID_INPUT', () => {
    const v = XV.vectors[2];
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(code(() => xwing.encapsulate(hex(v.pk).subarray(1), hex(v.eseed)))).toBe('INVALID_INPUT');
    expect(code(() => xwing.decapsulate(hex(v.sk), hex(v.ct).subarray(1)))).toBe('INVALID_INPUT');
    const unreduced = hex(v.pk);
    unreduced[0] = 0xff;
    unreduced[1] = 0xff; // first 12-bit coefficient 0xfff >= q = 3329
    expect(code(() => xwing.encapsulate(unreduced, hex(v.eseed)))).toBe('INVALID_INPUT');
  });

  const acc: { name: string; count: number; hash: string }[] = MV.vectors.filter((v: { slow?: boolean }) => SLOW || v.slow !== true);
  it.each(acc)('FIPS 203 ML-KEM-768, CCTV $name tests', (v) => {
    const r = mlKem768Accumulated(xwing, v.count);
    expect(toHexT(r.rngPrefix)).toBe(MV.rng_prefix);
    expect(r.mismatches).toBe(0);
    expect(toHexT(r.hash)).toBe(v.hash);
    reportCounts('fips203-mlkem768', { tests: v.count });
  }, 300_000);
});

describe('@noble/post-quantum ml_kem768_x25519 is X-Wing', () => {
  it('matches draft-10 Appendix C (public key, ciphertext, shared secret) with pk 1216 and ct 1120 bytes', async () => {
    const { ml_kem768_x25519 } = await import('@noble/post-quantum/hybrid.js');
    expect([ml_kem768_x25519.lengths.publicKey, ml_kem768_x25519.lengths.cipherText]).toEqual([1216, 1120]);
    for (const v of XV.vectors) {
      const { publicKey } = ml_kem768_x25519.keygen(hex(v.seed));
      const { cipherText, sharedSecret } = ml_kem768_x25519.encapsulate(publicKey, hex(v.eseed));
      expect([toHexT(publicKey), toHexT(cipherText), toHexT(sharedSecret)]).toEqual([v.pk, v.ct, v.ss]);
    }
  });
});

describe('the expanded-key cache', () => {
  it.each([
    ['node', nodeXWing],
    ['web', webXWing],
  ] as const)('%s: a seed changed in place is re-expanded; forget wipes nothing of the caller', (_n, xwing) => {
    const v = XV.vectors[0];
    const seed = hex(v.seed);
    expect(toHexT(xwing.publicKey(seed))).toBe(v.pk);
    seed.set(hex(XV.vectors[1].seed));
    expect(toHexT(xwing.publicKey(seed))).toBe(XV.vectors[1].pk);
    expect(toHexT(xwing.decapsulate(seed, hex(XV.vectors[1].ct)))).toBe(XV.vectors[1].ss);
    xwing.forget(seed);
    expect(toHexT(seed)).toBe(XV.vectors[1].seed);
    expect(toHexT(xwing.decapsulate(seed, hex(XV.vectors[1].ct)))).toBe(XV.vectors[1].ss);
  });
});
