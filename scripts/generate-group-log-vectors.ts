// Generates vectors/zkvault-group-log-v1.json: golden group log entries (docs/formats.md, "Group
// log") with FIXED Ed25519 seeds, X25519 public keys, group keys and timestamps, covering every
// operation, plus invalid logs with the error code each must give. All inputs are SHA-256 of labels:
// every key here is public, for vectors only.
// Run: node scripts/run-ts.mjs scripts/generate-group-log-vectors.ts          (writes the file)
//      node scripts/run-ts.mjs scripts/generate-group-log-vectors.ts --check  (compares, exit 1 on a difference)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ZkvaultError } from '../src/errors.js';
import { modelDeps } from '../src/model/deps.js';
import { signEntry, type LogAuthor } from '../src/model/grouplog/append.js';
import { keyCommitment } from '../src/model/grouplog/commitment.js';
import { decodeEntry, encodeBody, type GroupLogOperation, type IdentityKeys } from '../src/model/grouplog/encoding.js';
import { GroupLogState } from '../src/model/grouplog/state.js';
import { entryHash, signingInput, verifyGroupLog } from '../src/model/grouplog/verify.js';

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fixed = (label: string): Uint8Array => new Uint8Array(createHash('sha256').update(`zkvault group log vectors: ${label}`).digest());

export const IDS = { tenantId: 'org1', groupId: 'g1' };
export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export interface VectorAuthor extends LogAuthor {
  readonly seed: Uint8Array;
  readonly identity: IdentityKeys;
}

export function vectorAuthor(accountId: string): VectorAuthor {
  const seed = fixed(`${accountId} PRV_Sign`);
  return {
    accountId,
    seed,
    identity: { publicKey: fixed(`${accountId} PUB_Account`), signPublicKey: modelDeps().ed25519.publicKey(seed) },
    sign: (m) => modelDeps().ed25519.sign(seed, m),
  };
}

export function versionOf(v: number): { keyVersion: number; commitment: Uint8Array } {
  return { keyVersion: v, commitment: keyCommitment(fixed(`group key v${v}`), IDS.tenantId, IDS.groupId, v) };
}

export function opJson(o: GroupLogOperation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v instanceof Uint8Array) out[k] = hex(v);
    else if (k === 'identity') out[k] = { publicKey: hex((v as IdentityKeys).publicKey), signPublicKey: hex((v as IdentityKeys).signPublicKey) };
    else if (k === 'legacy') out[k] = (v as { keyVersion: number; commitment: Uint8Array }[]).map((l) => ({ keyVersion: l.keyVersion, commitment: hex(l.commitment) }));
    else out[k] = v;
  }
  return out;
}

export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ZkvaultError) return e.code;
    throw e;
  }
  throw new Error('an invalid vector verified');
}

export function resign(by: LogAuthor, state: GroupLogState, op: GroupLogOperation, patch: Record<string, unknown> = {}): Uint8Array {
  const body = encodeBody({ ...IDS, seq: state.seq + 1, prevHash: state.headHash, authorId: by.accountId, timestamp: state.headTimestamp + 1000, operation: op, ...patch });
  const sig = by.sign(signingInput(body));
  return new Uint8Array([...body, ...sig]);
}

/**
 * Signs `plan` in order (entry i at T0 + i minutes) and describes each entry for the vector file;
 * `extra` adds fields from the state after the entry.
 */
export function signPlan(
  plan: readonly (readonly [LogAuthor, GroupLogOperation, string])[],
  extra: (s: GroupLogState) => Record<string, unknown> = () => ({}),
): { entries: Record<string, unknown>[]; raw: Uint8Array[]; state: GroupLogState } {
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
      ...extra(signed.state),
    });
    raw.push(signed.entry);
    state = signed.state;
  });
  return { entries, raw, state: state! };
}

/** @returns the vector file as an object (deterministic). */
export function generateGroupLogVectors(): Record<string, unknown> {
  const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(vectorAuthor) as [VectorAuthor, VectorAuthor, VectorAuthor, VectorAuthor];
  const plan: [VectorAuthor, GroupLogOperation, string][] = [
    [alice, { op: 'create', identity: alice.identity, ...versionOf(2), legacy: [versionOf(1)] }, 'genesis by the owner alice at version 2, committing to legacy version 1 (a migrated group)'],
    [alice, { op: 'add', memberId: 'bob', identity: bob.identity, role: 'admin' }, 'alice adds bob as admin, pinning his keys'],
    [bob, { op: 'add', memberId: 'carol', identity: carol.identity, role: 'writer' }, 'bob adds carol as writer'],
    [alice, { op: 'add', memberId: 'dave', identity: dave.identity, role: 'reader' }, 'alice adds dave as reader'],
    [bob, { op: 'rotate', ...versionOf(3) }, 'bob rotates to version 3'],
    [alice, { op: 'set-role', memberId: 'carol', role: 'admin' }, 'alice makes carol admin'],
    [carol, { op: 'remove', memberId: 'dave', ...versionOf(4) }, 'carol removes dave and rotates to version 4 (one entry)'],
    [alice, { op: 'update-keys', memberId: 'bob', identity: { publicKey: fixed('bob PUB_Account 2'), signPublicKey: bob.identity.signPublicKey } }, "alice records bob's new PUB_Account after a confirmed key change"],
  ];
  const { entries, raw, state: s } = signPlan(plan);
  const at = (n: number) => verifyGroupLog(raw.slice(0, n + 1)).state;
  const alt = resign(alice, at(5), { op: 'rotate', ...versionOf(4) });
  const invalid: [string, Uint8Array[], string, number?][] = [
    ['signature bit flipped in entry 3', raw.map((x, i) => (i === 3 ? Uint8Array.from(x, (b, j) => (j === x.length - 1 ? b ^ 1 : b)) : x)), 'VERIFY_FAILED'],
    ['entries 2 and 3 swapped', [raw[0]!, raw[1]!, raw[3]!, raw[2]!, ...raw.slice(4)], 'LOG_CHAIN_BROKEN'],
    ['entry 4 dropped', [...raw.slice(0, 4), ...raw.slice(5)], 'LOG_CHAIN_BROKEN'],
    ['entry 1 replayed at the end', [...raw, raw[1]!], 'LOG_CHAIN_BROKEN'],
    ['a writer (carol before entry 5) rotates', [...raw.slice(0, 5), resign(carol, at(4), { op: 'rotate', ...versionOf(4) })], 'NOT_AUTHORIZED'],
    ['the removed member dave appends after removal', [...raw, resign(dave, s, { op: 'rotate', ...versionOf(5) })], 'NOT_AUTHORIZED'],
    ['an admin (bob) removes the owner', [...raw, resign(bob, s, { op: 'remove', memberId: 'alice', ...versionOf(5) })], 'NOT_AUTHORIZED'],
    ['a rotation skips version 5', [...raw, resign(alice, s, { op: 'rotate', ...versionOf(6) })], 'VERSION_SKIPPED'],
    ['an entry signed by bob naming alice as author', [...raw, resign({ accountId: 'alice', sign: bob.sign }, s, { op: 'rotate', ...versionOf(5) })], 'VERIFY_FAILED'],
    ['a fork at seq 6 against the checkpoint at seq 6', [...raw.slice(0, 6), alt], 'FORK_DETECTED', 6],
    ['a rollback to seq 4 against the checkpoint at seq 7', raw.slice(0, 5), 'ROLLBACK_DETECTED', 7],
  ];
  return {
    source: 'zkvault docs/formats.md, section "Group log" (suite zkv1); generated by scripts/generate-group-log-vectors.ts',
    encoding: 'hex; every seed, key and group key is SHA-256("zkvault group log vectors: " + label), public, for vectors only',
    tenantId: IDS.tenantId,
    groupId: IDS.groupId,
    signLabel: hex(Buffer.from(new Uint8Array([0, 0, 0, 25, ...Buffer.from('zkvault/v1/group-log/sign')]))),
    hashLabel: hex(Buffer.from(new Uint8Array([0, 0, 0, 25, ...Buffer.from('zkvault/v1/group-log/hash')]))),
    authors: [alice, bob, carol, dave].map((a) => ({ accountId: a.accountId, signSeed: hex(a.seed), signPublicKey: hex(a.identity.signPublicKey), publicKey: hex(a.identity.publicKey) })),
    groupKeys: [1, 2, 3, 4].map((v) => ({ keyVersion: v, key: hex(fixed(`group key v${v}`)), commitment: hex(versionOf(v).commitment) })),
    entries,
    final: {
      seq: s.seq,
      keyVersion: s.keyVersion,
      keyVersions: s.keyVersions(),
      members: s.members().map((m) => ({ accountId: m.accountId, role: m.role, publicKey: hex(m.publicKey), signPublicKey: hex(m.signPublicKey) })),
      checkpoint: s.checkpoint,
      fingerprint: s.fingerprint,
    },
    invalid: invalid.map(([description, list, code, checkpointSeq]) => {
      const trusted = checkpointSeq === undefined ? undefined : at(checkpointSeq).checkpoint;
      const got = codeOf(() => verifyGroupLog(list, trusted));
      if (got !== code) throw new Error(`${description}: expected ${code}, got ${got}`);
      return { description, entries: list.map(hex), ...(trusted === undefined ? {} : { checkpoint: trusted }), code };
    }),
  };
}

const isMain = process.argv[1]?.endsWith('generate-group-log-vectors.mjs') || process.argv[1]?.endsWith('generate-group-log-vectors.ts');
if (isMain) {
  const path = resolve(process.cwd(), 'vectors/zkvault-group-log-v1.json');
  const text = `${JSON.stringify(generateGroupLogVectors(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(path, 'utf8') !== text) {
      console.error('vectors/zkvault-group-log-v1.json differs from the generator');
      process.exit(1);
    }
    console.log('vectors/zkvault-group-log-v1.json is up to date');
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
