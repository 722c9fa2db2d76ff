// Generates vectors/zkvault-group-log-policy-v1.json: golden group log entries for the PQ link
// policy (issue 18; docs/formats.md, "Group log"): a genesis that requires PQ links (the create
// payload's trailing policy flags byte), `set-policy` entries (op 7) that lift and set it, the
// policy each announced key version carries, and invalid logs with the error code each must give.
// Same fixed inputs as scripts/generate-group-log-vectors.ts (SHA-256 of labels: public, vectors only).
// Run: node scripts/run-ts.mjs scripts/generate-group-log-policy-vectors.ts          (writes the file)
//      node scripts/run-ts.mjs scripts/generate-group-log-policy-vectors.ts --check  (compares, exit 1 on a difference)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { signEntry } from '../src/model/grouplog/append.js';
import { decodeEntry, type GroupLogOperation } from '../src/model/grouplog/encoding.js';
import { stateData, type GroupLogState } from '../src/model/grouplog/state.js';
import { entryHash, signingInput, verifyGroupLog } from '../src/model/grouplog/verify.js';
import { codeOf, hex, IDS, opJson, resign, T0, vectorAuthor, versionOf, type VectorAuthor } from './generate-group-log-vectors.js';

const FILE = 'vectors/zkvault-group-log-policy-v1.json';

/** An entry whose body's last byte (a policy flags byte) is `flags`, signed by `by`. */
function withFlags(by: VectorAuthor, body: Uint8Array, flags: number): Uint8Array {
  const b = Uint8Array.of(...body.subarray(0, -1), flags);
  return Uint8Array.of(...b, ...by.sign(signingInput(b)));
}

/** @returns the vector file as an object (deterministic). */
export function generateGroupLogPolicyVectors(): Record<string, unknown> {
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map(vectorAuthor) as [VectorAuthor, VectorAuthor, VectorAuthor];
  const plan: [VectorAuthor, GroupLogOperation, string][] = [
    [alice, { op: 'create', identity: alice.identity, ...versionOf(1), legacy: [], requirePq: true }, 'genesis by the owner alice at version 1, requiring PQ links from the start (policy flags 0x01)'],
    [alice, { op: 'add', memberId: 'bob', identity: bob.identity, role: 'admin' }, 'alice adds bob as admin'],
    [alice, { op: 'add', memberId: 'carol', identity: carol.identity, role: 'writer' }, 'alice adds carol as writer'],
    [bob, { op: 'rotate', ...versionOf(2) }, 'bob rotates to version 2, announced under the policy'],
    [alice, { op: 'set-policy', requirePq: false }, 'the owner alice lifts the policy (set-policy, flags 0x00)'],
    [bob, { op: 'rotate', ...versionOf(3) }, 'bob rotates to version 3, announced without the policy'],
    [bob, { op: 'set-policy', requirePq: true }, 'the admin bob requires PQ links again (set-policy, flags 0x01)'],
    [alice, { op: 'rotate', ...versionOf(4) }, 'alice rotates to version 4, announced under the policy'],
  ];
  let state: GroupLogState | undefined;
  const entries: Record<string, unknown>[] = [];
  const raw: Uint8Array[] = [];
  plan.forEach(([by, op, description], i) => {
    const signed = signEntry(state, IDS, by, op, T0 + i * 60_000);
    const e = decodeEntry(signed.entry);
    entries.push({
      description,
      seq: e.seq,
      authorId: e.authorId,
      timestamp: e.timestamp,
      prevHash: hex(e.prevHash),
      operation: opJson(op),
      body: hex(signed.entry.subarray(0, e.bodyLength)),
      signature: hex(e.signature),
      entry: hex(signed.entry),
      hash: hex(entryHash(signed.entry)),
      requirePq: signed.state.requirePq,
    });
    raw.push(signed.entry);
    state = signed.state;
  });
  const s = state!;
  const at = (n: number) => verifyGroupLog(raw.slice(0, n + 1)).state;
  const body = (n: number) => raw[n]!.subarray(0, raw[n]!.length - 64);
  const lift = (by: VectorAuthor, n: number) => resign(by, at(n), { op: 'set-policy', requirePq: false });
  const invalid: [string, Uint8Array[], string][] = [
    ['the admin bob lifts the policy at seq 4', [...raw.slice(0, 4), lift(bob, 3)], 'NOT_AUTHORIZED'],
    ['the writer carol lifts the policy at seq 4', [...raw.slice(0, 4), lift(carol, 3)], 'NOT_AUTHORIZED'],
    ['the writer carol requires PQ links at seq 5', [...raw.slice(0, 5), resign(carol, at(4), { op: 'set-policy', requirePq: true })], 'NOT_AUTHORIZED'],
    ["the genesis policy flags byte stripped, alice's signature kept", [Uint8Array.of(...body(0).subarray(0, -1), ...raw[0]!.subarray(-64)), ...raw.slice(1)], 'VERIFY_FAILED'],
    ['the set-policy entry 4 dropped', [...raw.slice(0, 4), ...raw.slice(5)], 'LOG_CHAIN_BROKEN'],
    ['a genesis with policy flags 0x00 (signed: one encoding per policy)', [withFlags(alice, body(0), 0x00)], 'INVALID_RECORD'],
    ['a genesis with unknown policy flags 0x03 (signed)', [withFlags(alice, body(0), 0x03)], 'INVALID_RECORD'],
    ['a set-policy entry with unknown flags 0x81 (signed by the owner)', [...raw.slice(0, 4), withFlags(alice, body(4), 0x81)], 'INVALID_RECORD'],
  ];
  const d = stateData(s);
  return {
    source: 'zkvault docs/formats.md, section "Group log" (suite zkv1): the PQ link policy of issue 18; generated by scripts/generate-group-log-policy-vectors.ts',
    encoding: 'hex; every seed, key and group key is SHA-256("zkvault group log vectors: " + label), public, for vectors only (as zkvault-group-log-v1.json)',
    tenantId: IDS.tenantId,
    groupId: IDS.groupId,
    authors: [alice, bob, carol].map((a) => ({ accountId: a.accountId, signSeed: hex(a.seed), signPublicKey: hex(a.identity.signPublicKey), publicKey: hex(a.identity.publicKey) })),
    entries,
    final: {
      seq: s.seq,
      keyVersion: s.keyVersion,
      requirePq: s.requirePq,
      versionPolicy: s.keyVersions().map((v) => ({ keyVersion: v, requirePq: d.versions.get(v)!.requirePq })),
      checkpoint: s.checkpoint,
      fingerprint: s.fingerprint,
    },
    invalid: invalid.map(([description, list, code]) => {
      const got = codeOf(() => verifyGroupLog(list));
      if (got !== code) throw new Error(`${description}: expected ${code}, got ${got}`);
      return { description, entries: list.map(hex), code };
    }),
  };
}

const isMain = process.argv[1]?.endsWith('generate-group-log-policy-vectors.mjs') || process.argv[1]?.endsWith('generate-group-log-policy-vectors.ts');
if (isMain) {
  const path = resolve(process.cwd(), FILE);
  const text = `${JSON.stringify(generateGroupLogPolicyVectors(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(path, 'utf8') !== text) {
      console.error(`${FILE} differs from the generator`);
      process.exit(1);
    }
    console.log(`${FILE} is up to date`);
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
