/**
 * Vector suites for X-Wing (draft-connolly-cfrg-xwing-kem-10 Appendix C) and its ML-KEM-768
 * component (FIPS 203, through C2SP/CCTV's accumulated pq-crystals procedure), on the platform's
 * X-Wing backend.
 * @module
 */
import { shake128 } from '@noble/hashes/sha3.js';
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { ed25519 } from '#backend/ed25519';
import { random } from '#backend/random';
import { xwing } from '#backend/xwing';
import { openXWingWith, XWING_NENC } from '../../hpke/xwing.js';
import { linkV2SignedBytes, parseLinkRecordV2 } from '../../model/links-v2.js';
import type { XWingBackend } from '../../backend/types.js';
import { equalBytes, fromBase64url } from '../../bytes/index.js';
import { defineSuite, firstFailure, h, PASS, same, type CaseOutcome, type Suite } from '../suite.js';

interface XWingVector { name: string; seed: string; sk: string; pk: string; eseed: string; ct: string; ss: string }
interface TinkVector { name: string; aead: 'AES-256-GCM' | 'AES-128-GCM'; skRm: string; info: string; pt: string; ciphertext: string }
interface LinkV2Vector { name: string; inputs: { recipientXWingSeed: string; groupKey: string }; recipientXWingPublicKey: string; senderSignPublicKey: string; info: string; link: unknown }
interface AccumulatedVector { name: string; count: number; hash: string; slow?: boolean }

/** Bytes an ML-KEM-768 ciphertext has (FIPS 203 section 8, Table 3). */
const MLKEM768_CIPHERTEXT = 1088;

/**
 * Runs `count` tests of the CCTV accumulated procedure (vectors/PROVENANCE.md) on `backend`.
 * @param backend - the X-Wing backend whose ML-KEM-768 component is tested.
 * @param count - number of consecutive tests.
 * @returns the RNG's first 16 bytes, the 32-byte accumulated hash, and how many honest decapsulations disagreed.
 * @throws ZkvaultError from the backend only.
 * @example
 * ```ts
 * const { hash } = mlKem768Accumulated(xwing, 100);
 * ```
 */
export function mlKem768Accumulated(backend: XWingBackend, count: number): { rngPrefix: Uint8Array; hash: Uint8Array; mismatches: number } {
  const rng = shake128.create({});
  const acc = shake128.create({});
  const kem = backend.mlKem768;
  let rngPrefix = new Uint8Array(0);
  let mismatches = 0;
  for (let i = 0; i < count; i++) {
    const d = rng.xof(32);
    if (i === 0) rngPrefix = d.slice(0, 16);
    const dz = new Uint8Array(64);
    dz.set(d);
    dz.set(rng.xof(32), 32);
    const m = rng.xof(32);
    const randomCt = rng.xof(MLKEM768_CIPHERTEXT);
    const { encapsulationKey: ek, decapsulationKey: dk } = kem.keygen(dz);
    const { ciphertext, sharedSecret } = kem.encapsulate(ek, m);
    const back = kem.decapsulate(dk, ciphertext);
    if (!equalBytes(back, sharedSecret)) mismatches++;
    acc.update(ek).update(dk).update(ciphertext).update(sharedSecret).update(kem.decapsulate(dk, randomCt));
  }
  return { rngPrefix, hash: acc.xof(32), mismatches };
}

/**
 * Checks one draft Appendix C vector: key generation, EncapsulateDerand and Decapsulate.
 * @param backend - the backend under test.
 * @param v - the vector.
 * @returns the first failure, or PASS.
 * @throws ZkvaultError from the backend only.
 * @example
 * ```ts
 * const outcome = checkXWingVector(xwing, v);
 * ```
 */
export function checkXWingVector(backend: XWingBackend, v: XWingVector): CaseOutcome {
  const enc = backend.encapsulate(h(v.pk), h(v.eseed));
  return firstFailure(
    same('pk', backend.publicKey(h(v.seed)), h(v.pk)),
    same('ct', enc.ciphertext, h(v.ct)),
    same('ss (encapsulate)', enc.sharedSecret, h(v.ss)),
    same('ss (decapsulate)', backend.decapsulate(h(v.sk), h(v.ct)), h(v.ss)),
  );
}

export const xwingSuites: Suite[] = [
  defineSuite<XWingVector>('xwing-draft-10', 'xwing-draft-10.json', (d: { vectors: XWingVector[] }) => d.vectors.map((v) => ({ id: v.name, value: v })), async (v) =>
    checkXWingVector(xwing, v),
  ),
  defineSuite<TinkVector>('xwing-hpke-tink', 'xwing-hpke-tink.json', (d: { vectors: TinkVector[] }) => d.vectors.map((v) => ({ id: v.name, value: v })), async (v) => {
    const ct = h(v.ciphertext);
    const pt = await openXWingWith({ xwing, hash, aead, random }, { recipientPrivateKey: h(v.skRm), enc: ct.subarray(0, XWING_NENC), ciphertext: ct.subarray(XWING_NENC), info: h(v.info), aead: v.aead });
    return same('plaintext', pt, h(v.pt));
  }),
  defineSuite<LinkV2Vector>('zkvault-links-v2', 'zkvault-links-v2.json', (d: { vectors: LinkV2Vector[] }) => d.vectors.map((v) => ({ id: v.name, value: v })), async (v) => {
    const l = parseLinkRecordV2(v.link);
    const signed = linkV2SignedBytes(l, h(v.recipientXWingPublicKey));
    if (!ed25519.verify(h(v.senderSignPublicKey), signed, fromBase64url(l.SIG_Link))) return { ok: false, why: 'signature refused' };
    const sym = fromBase64url(l.SYM_Link);
    const pt = await openXWingWith({ xwing, hash, aead, random }, { recipientPrivateKey: h(v.inputs.recipientXWingSeed), enc: sym.subarray(0, XWING_NENC), ciphertext: sym.subarray(XWING_NENC), info: h(v.info) });
    return same('group key', pt, h(v.inputs.groupKey));
  }),
  defineSuite<AccumulatedVector & { prefix: string }>(
    'fips203-mlkem768',
    'fips203-mlkem768-accumulated.json',
    (d: { vectors: AccumulatedVector[]; rng_prefix: string }) => d.vectors.map((v) => ({ id: v.name, value: { ...v, prefix: d.rng_prefix } })),
    async (v, ctx) => {
      if (v.slow === true && !ctx.slow) return { skip: 'slow', why: `${v.count} ML-KEM-768 tests` };
      const r = mlKem768Accumulated(xwing, v.count);
      if (r.mismatches > 0) return { ok: false, why: `${r.mismatches} decapsulations disagreed with encapsulation` };
      return firstFailure(same('rng prefix', r.rngPrefix, h(v.prefix)), same('accumulated hash', r.hash, h(v.hash)), PASS);
    },
  ),
];
