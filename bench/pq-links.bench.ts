// Links v2 (issue 18) against v1 on Node: shareResourceGroup + openLink of one group key version,
// v1 (HPKE auth mode, DHKEM(X25519)) vs v2 (HPKE base mode with X-Wing = ML-KEM-768 + X25519 via
// @noble/post-quantum, plus an Ed25519 signature and its check). Also prints the link sizes.
import { createAccount, createResourceGroup, openLink, openLinkV2, shareResourceGroup, shareResourceGroupV2 } from '../src/model/index.js';
import { xwing } from '../src/backend/node/xwing.js';
import { formatTable, isMain, measureGroup, type BenchOptions, type BenchRow } from './harness.js';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const fast = { kdf: { iterations: 1000 }, srp: { bits: 2048 } } as const;
  const jane = (await createAccount({ accountId: 'jane', passphrase: 'jane pw', ...fast })).account;
  const bob = (await createAccount({ accountId: 'bob', passphrase: 'bob pw', ...fast })).account;
  const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane);
  const toBob = { accountId: 'bob', publicKey: bob.publicKey };
  const toBobPq = { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! };
  const v1 = await shareResourceGroup(group, jane, toBob);
  const v2 = await shareResourceGroupV2(group, jane, toBobPq);
  const size = (x: unknown): number => JSON.stringify(x).length;
  console.log(
    `link sizes (JSON): v1 ${size(v1)} B (SYM_Link 80 B), v2 ${size(v2)} B (SYM_Link ${Buffer.from(v2.SYM_Link, 'base64url').length} B + SIG_Link 64 B); ` +
      `PUB_XWing 1216 B (account record +${JSON.stringify({ PUB_XWing: '', PRV_XWing: '' }).length + Buffer.from(bob.xwingPublicKey!).toString('base64url').length + 126} chars)`,
  );
  const seed = new Uint8Array(32).fill(7);
  const pk = xwing.publicKey(seed);
  const eseed = new Uint8Array(64).fill(9);
  const { ciphertext } = xwing.encapsulate(pk, eseed);
  const rows: BenchRow[] = [];
  rows.push(
    ...(await measureGroup(
      'shareResourceGroup + openLink (one key version)',
      [
        { impl: 'v1: HPKE auth, X25519 (node)', fn: async () => (await openLink(await shareResourceGroup(group, jane, toBob), bob, jane.identity)).dispose(), baseline: true },
        { impl: 'v2: HPKE X-Wing + Ed25519 (node)', fn: async () => (await openLinkV2(await shareResourceGroupV2(group, jane, toBobPq), bob, jane.identity)).dispose() },
      ],
      opts,
    )),
    ...(await measureGroup(
      'X-Wing (noble ML-KEM-768 + OpenSSL X25519/SHA-3)',
      [
        { impl: 'encapsulate (prepared public key cached)', fn: () => xwing.encapsulate(pk, eseed), baseline: true },
        { impl: 'decapsulate (expanded key cached per seed)', fn: () => xwing.decapsulate(seed, ciphertext) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('pq-links.bench')) console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
