// PBKDF2-SHA256 at 600,000 iterations: zkvault (node and web backends) vs node:crypto (the limit)
// and @noble/hashes; plus the login's two concurrent derivations vs one.
import { pbkdf2Async as noblePbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { pbkdf2 as nodePbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { kdf as nodeKdf } from '../src/backend/node/kdf.js';
import { kdf as webKdf } from '../src/backend/web/kdf.js';
import { pbkdf2With } from '../src/kdf/pbkdf2.js';
import { measureGroup, type BenchOptions, type BenchRow } from './harness.js';

const pbkdf2Node = promisify(nodePbkdf2);

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const c = 600_000;
  const pw = 'correct horse battery staple';
  const salt = new Uint8Array(32).fill(1);
  const salt2 = new Uint8Array(32).fill(2);
  const rows = await measureGroup(
    'PBKDF2-SHA256 600k',
    [
      { impl: 'node:crypto pbkdf2', fn: () => pbkdf2Node(pw, salt, c, 32, 'sha256'), baseline: true },
      { impl: 'zkvault (node)', fn: () => pbkdf2With(nodeKdf, pw, salt, { iterations: c }) },
      { impl: 'zkvault (web backend, WebCrypto)', fn: () => pbkdf2With(webKdf, pw, salt, { iterations: c }) },
      ...(opts.quick ? [] : [{ impl: '@noble/hashes pbkdf2Async', fn: () => noblePbkdf2(sha256, pw, salt, { c, dkLen: 32 }) }]),
    ],
    opts,
  );
  rows.push(
    ...(await measureGroup(
      'login: two PBKDF2 600k derivations',
      [
        { impl: 'one derivation (node)', fn: () => pbkdf2With(nodeKdf, pw, salt, { iterations: c }), baseline: true },
        { impl: 'zkvault two concurrent (node)', fn: () => Promise.all([pbkdf2With(nodeKdf, pw, salt, { iterations: c }), pbkdf2With(nodeKdf, pw, salt2, { iterations: c })]) },
      ],
      opts,
    )),
  );
  return rows;
}
