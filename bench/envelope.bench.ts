// Envelope seal/open vs the platform limit (raw node:crypto AES-256-GCM with a KeyObject made once and
// pooled IVs: the fair baseline, issue 14), raw WebCrypto,
// @noble/ciphers and node-forge (what the Insomnia app encrypts with).
import { gcm } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, webcrypto } from 'node:crypto';
import { aead as nodeAead } from '../src/backend/node/aead.js';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { aead as webAead } from '../src/backend/web/aead.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { random as webRandom } from '../src/backend/web/random.js';
import { ENVELOPE_HEADER_LENGTH, EnvelopeKey } from '../src/envelope/envelope-key.js';
import { seal as sealOneShot } from '../src/envelope/index.js';
import { forgeGcmSeal, pooledIv, rawNodeGcmSeal, rawNodeGcmSealFramed, rawWebGcmSealFramed } from './peers.js';
import { measureGroup, type BenchImpl, type BenchOptions, type BenchRow } from './harness.js';
import { withBackends } from '../src/backend/backend-deps.js';
import { envelopeKey } from '../src/envelope/api.js';

const SIZES: [string, number][] = [
  ['64 B', 64],
  ['256 B', 256],
  ['1 KiB', 1024],
  ['64 KiB', 65536],
  ['1 MiB', 1 << 20],
];

/** Floor rows (names used by the goals in bench/run.ts). */
export const FLOOR_NODE = 'floor: node:crypto raw + one copy into a framed output';
export const FLOOR_WEB = 'floor: WebCrypto raw + one copy into a framed output';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const key = new Uint8Array(randomBytes(32));
  const aad = new Uint8Array(48).fill(1);
  const nodeKey = await withBackends({ aead: nodeAead, hash: nodeHash, random: nodeRandom }, () => envelopeKey(key));
  const webKey = await withBackends({ aead: webAead, hash: webHash, random: webRandom }, () => envelopeKey(key));
  const cryptoKey = await webcrypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const ko = createSecretKey(key); // the raw baselines get a prepared key too, as EnvelopeKey has
  const rows: BenchRow[] = [];

  for (const [label, size] of SIZES) {
    if (opts.quick && size === 65536) continue;
    const pt = new Uint8Array(randomBytes(size));
    const iv = new Uint8Array(randomBytes(12));
    const sealImpls: BenchImpl[] = [
      { impl: 'node:crypto raw AES-256-GCM', fn: rawNodeGcmSeal(key, pt, aad), baseline: true },
      { impl: 'zkvault (node, EnvelopeKey)', fn: () => nodeKey.seal(pt, { aad }) },
      { impl: 'zkvault (node, one-shot seal)', fn: () => sealOneShot(pt, key, { aad }) },
      { impl: 'zkvault (web backend)', fn: () => webKey.seal(pt, { aad }) },
      { impl: 'WebCrypto raw AES-GCM', fn: () => webcrypto.subtle.encrypt({ name: 'AES-GCM', iv: pooledIv() as Uint8Array<ArrayBuffer>, additionalData: aad }, cryptoKey, pt) },
      { impl: '@noble/ciphers gcm', fn: () => gcm(key, pooledIv(), aad).encrypt(pt) },
    ];
    // Reference rows at 1 MiB (issue 14, round 6): what one copy into a framed output costs any
    // single-buffer format, so the seal goals' misses are measured against their floor in the same run.
    if (size === 1 << 20) {
      sealImpls.push(
        { impl: FLOOR_NODE, fn: rawNodeGcmSealFramed(key, pt, aad, ENVELOPE_HEADER_LENGTH) },
        { impl: FLOOR_WEB, fn: rawWebGcmSealFramed(cryptoKey, pt, aad, ENVELOPE_HEADER_LENGTH) },
      );
    }
    if (!(opts.quick && size > 1024)) sealImpls.push({ impl: 'node-forge AES-GCM', fn: forgeGcmSeal(key, pt, aad) });
    rows.push(...(await measureGroup(`seal ${label}`, sealImpls, opts)));

    const nodeEnv = await nodeKey.seal(pt, { aad });
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(pt), c.final()]);
    const tag = c.getAuthTag();
    const ctTag = Buffer.concat([ct, tag]);
    const openImpls: BenchImpl[] = [
      {
        impl: 'node:crypto raw AES-256-GCM',
        baseline: true,
        fn: () => {
          const d = createDecipheriv('aes-256-gcm', ko, iv);
          d.setAAD(aad);
          d.setAuthTag(tag);
          return [d.update(ct), d.final()];
        },
      },
      { impl: 'zkvault (node, EnvelopeKey)', fn: () => nodeKey.open(nodeEnv, { aad }) },
      { impl: 'zkvault (web backend)', fn: () => webKey.open(nodeEnv, { aad }) },
      { impl: 'WebCrypto raw AES-GCM', fn: () => webcrypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, cryptoKey, ctTag) },
      { impl: '@noble/ciphers gcm', fn: () => gcm(key, iv, aad).decrypt(ctTag) },
    ];
    rows.push(...(await measureGroup(`open ${label}`, openImpls, opts)));
  }
  return rows;
}
