// Group logs (issue 12): verifying 10,000 entries from scratch (goal ≤ 1 s on Node), incremental
// verification from a state (cost of the new entries only, whatever the log's length), and the
// added cost of the log-aware share, open-link and encrypt against the plain flows. Baselines: raw
// node:crypto Ed25519 verifications of the same number of entries (the floor: one signature check
// per entry), and the plain flows.
import { createPublicKey, verify } from 'node:crypto';
import { ed25519 as webEd25519 } from '../src/backend/web/ed25519.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { setBackends } from '../src/backend/backend-deps.js';
import { modelDeps } from '../src/model/deps.js';
import { signEntry, type LogAuthor } from '../src/model/grouplog/append.js';
import { decodeEntry, SIGN_LABEL } from '../src/model/grouplog/encoding.js';
import type { GroupLogState } from '../src/model/grouplog/state.js';
import {
  addGroupMember,
  createAccount,
  createGroupLog,
  encryptResource,
  encryptResourceVerified,
  openLink,
  openLinkVerified,
  parseLinkRecord,
  shareGroupKey,
  shareResourceGroup,
  verifyGroupLog,
} from '../src/model/index.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';

interface BuiltLog {
  entries: Uint8Array[];
  states: GroupLogState[];
}

/** A log of `n` entries: 100 members added, then rotations and role changes by several admins. */
function buildLog(n: number): BuiltLog {
  const seeds = Array.from({ length: 101 }, (_, i) => modelDeps().hash.digest('SHA-256', new TextEncoder().encode(`bench author ${i}`)));
  const authors: (LogAuthor & { identity: { publicKey: Uint8Array; signPublicKey: Uint8Array } })[] = seeds.map((seed, i) => ({
    accountId: `member-${i}`,
    identity: { publicKey: modelDeps().hash.digest('SHA-256', seed), signPublicKey: modelDeps().ed25519.publicKey(seed) },
    sign: (m: Uint8Array) => modelDeps().ed25519.sign(seed, m),
  }));
  const ids = { tenantId: 'bench', groupId: 'g' };
  const owner = authors[0]!;
  const entries: Uint8Array[] = [];
  const states: GroupLogState[] = [];
  let state: GroupLogState | undefined;
  let t = 1_767_225_600_000;
  const push = (by: LogAuthor, op: Parameters<typeof signEntry>[3]) => {
    const s = signEntry(state, ids, by, op, (t += 1000));
    entries.push(s.entry);
    states.push(s.state);
    state = s.state;
  };
  const commitment = (v: number) => modelDeps().hash.digest('SHA-256', new TextEncoder().encode(`v${v}`));
  push(owner, { op: 'create', identity: owner.identity, keyVersion: 1, commitment: commitment(1), legacy: [] });
  for (let i = 1; i < authors.length && entries.length < n; i++) {
    push(owner, { op: 'add', memberId: authors[i]!.accountId, identity: authors[i]!.identity, role: i <= 5 ? 'admin' : 'writer' });
  }
  let v = 1;
  for (let i = 0; entries.length < n; i++) {
    const by = authors[i % 6]!; // the owner and the five admins take turns
    if (i % 2 === 0) push(by, { op: 'rotate', keyVersion: ++v, commitment: commitment(v) });
    else push(by, { op: 'set-role', memberId: authors[6 + (i % 95)]!.accountId, role: i % 4 === 1 ? 'reader' : 'writer' });
  }
  return { entries, states };
}

/** The floor: one raw node:crypto Ed25519 verification per entry (key objects prepared once per author). */
function rawVerifier(log: BuiltLog): () => void {
  const keys = new Map<string, ReturnType<typeof createPublicKey>>();
  const prepared = log.entries.map((bytes, i) => {
    const e = decodeEntry(bytes);
    const m = log.states[i]!.member(e.authorId) ?? log.states[Math.max(0, i - 1)]!.member(e.authorId)!;
    let k = keys.get(e.authorId);
    if (k === undefined) {
      k = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), m.signPublicKey]), format: 'der', type: 'spki' });
      keys.set(e.authorId, k);
    }
    return { key: k, msg: Buffer.concat([SIGN_LABEL, bytes.subarray(0, e.bodyLength)]), sig: e.signature };
  });
  return () => {
    for (const p of prepared) if (!verify(null, p.msg, p.key, p.sig)) throw new Error('bad signature');
  };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const big = buildLog(10_000);

  rows.push(
    ...(await measureGroup(
      'verify 10,000 entries from scratch',
      [
        { impl: 'limit: 10,000 raw node:crypto Ed25519 verifies', fn: rawVerifier(big), baseline: true },
        { impl: 'zkvault verifyGroupLog (node)', fn: () => void verifyGroupLog(big.entries) },
      ],
      opts,
    )),
  );

  // Incremental: the same 100 new entries' worth of work, from a state early and late in the log.
  const from = (at: number, k: number) => () => void verifyGroupLog(big.entries.slice(at, at + k + 1), big.states[at]!);
  rows.push(
    ...(await measureGroup(
      'incremental: 100 new entries',
      [
        { impl: 'from the state at seq 200', fn: from(200, 100), baseline: true },
        { impl: 'from the state at seq 9,899', fn: from(9_899, 100) },
      ],
      opts,
    )),
  );
  rows.push(
    ...(await measureGroup(
      'incremental: 1 new entry',
      [
        { impl: 'from the state at seq 200', fn: from(200, 1), baseline: true },
        { impl: 'from the state at seq 9,998', fn: from(9_998, 1) },
      ],
      opts,
    )),
  );

  // The web backend (@noble/curves, pure JS), 1,000 entries.
  const small = big.entries.slice(0, 1_000);
  rows.push(
    ...(await measureGroup(
      'verify 1,000 entries from scratch',
      [
        { impl: 'zkvault verifyGroupLog (node)', fn: () => void verifyGroupLog(small), baseline: true },
        {
          impl: 'zkvault verifyGroupLog (web backend)',
          fn: () => {
            setBackends({ hash: webHash, ed25519: webEd25519 });
            try {
              verifyGroupLog(small);
            } finally {
              setBackends(undefined);
            }
          },
        },
      ],
      opts,
    )),
  );

  // Added cost of the log-aware flows against the plain ones.
  const signUp = async (accountId: string) => (await createAccount({ accountId, passphrase: `${accountId} pw`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
  const alice = await signUp('alice');
  const bob = await signUp('bob');
  const c = await createGroupLog({ tenantId: 'org', resourceGroupId: 'g' }, alice);
  const added = await addGroupMember(c.state, alice, { group: c.group, member: bob.identity, role: 'writer' });
  const state = added.state;
  rows.push(
    ...(await measureGroup(
      'share (seal a link)',
      [
        { impl: 'shareResourceGroup (plain)', fn: () => shareResourceGroup(c.group, alice, { accountId: 'bob', publicKey: bob.publicKey }), baseline: true },
        { impl: 'shareGroupKey (held to the log)', fn: () => shareGroupKey(state, alice, { group: c.group, recipient: bob.identity }) },
      ],
      opts,
    )),
  );
  // A group without the PQ policy: addGroupMember makes a v1 link.
  const link = parseLinkRecord(added.link);
  rows.push(
    ...(await measureGroup(
      'open a link',
      [
        { impl: 'openLink (plain)', fn: async () => (await openLink(link, bob, { accountId: 'alice', publicKey: alice.publicKey })).dispose(), baseline: true },
        { impl: 'openLinkVerified (held to the log)', fn: async () => (await openLinkVerified(link, bob, state)).dispose() },
      ],
      opts,
    )),
  );
  const pt = new Uint8Array(1024);
  rows.push(
    ...(await measureGroup(
      'encrypt a 1 KiB resource',
      [
        { impl: 'encryptResource (plain)', fn: () => encryptResource({ resourceId: 'r', type: 't', plaintext: pt }, c.group), baseline: true },
        { impl: 'encryptResourceVerified (log version)', fn: () => encryptResourceVerified({ resourceId: 'r', type: 't', plaintext: pt }, c.group, state) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('group-log.bench')) {
  console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
}
