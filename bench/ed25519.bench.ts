// Ed25519 (RFC 8032) sign and verify of a 200-byte message (about a group log entry) on both
// backends, against the limit (node:crypto on a ready KeyObject) and @noble/curves' own verify.
// The strict rule (src/backend/ed25519-strict.ts) costs a byte check on Node; on the web backend the
// cofactorless equation replaces noble's cofactored one.
import { ed25519 as noble } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { ed25519 as nodeEd25519 } from '../src/backend/node/ed25519.js';
import { ed25519 as webEd25519 } from '../src/backend/web/ed25519.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const seed = new Uint8Array(randomBytes(32));
  const msg = new Uint8Array(randomBytes(200));
  const pk = nodeEd25519.publicKey(seed);
  const sig = nodeEd25519.sign(seed, msg);
  const skObj = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const pkObj = createPublicKey(skObj);
  const rows: BenchRow[] = [];
  rows.push(
    ...(await measureGroup(
      'Ed25519 sign 200 B',
      [
        { impl: 'node:crypto sign, KeyObject ready (limit)', fn: () => sign(null, msg, skObj), baseline: true },
        { impl: 'zkvault (node backend, raw seed)', fn: () => nodeEd25519.sign(seed, msg) },
        { impl: 'zkvault (web backend = @noble/curves)', fn: () => webEd25519.sign(seed, msg) },
      ],
      opts,
    )),
    ...(await measureGroup(
      'Ed25519 verify 200 B',
      [
        { impl: 'node:crypto verify, KeyObject ready (limit)', fn: () => verify(null, msg, pkObj, sig), baseline: true },
        { impl: 'zkvault (node backend, raw key, strict rule)', fn: () => nodeEd25519.verify(pk, msg, sig) },
        { impl: 'zkvault (web backend, strict cofactorless)', fn: () => webEd25519.verify(pk, msg, sig) },
        { impl: '@noble/curves verify (cofactored)', fn: () => noble.verify(sig, msg, pk, { zip215: false }) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('ed25519.bench')) {
  console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
}
