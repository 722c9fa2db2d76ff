// `npm run bench [-- --quick] [-- --only NAME,NAME] [-- --repeat N] [-- --agree] [-- --write]`: runs the
// bench modules (all, or those named; `scaling` is the event-loop, stream and scaling sections), prints
// each group with ratios to its baseline (measured in the same run), and on full runs or with --write
// updates bench/results/latest.json (only the modules measured) and docs/benchmarks.md/.svg from it.
// --repeat pools the rounds of N runs per module; --agree runs the selection twice and prints how
// far the goal rows of the two runs differ (issue 14: within 15%).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as ed25519 from './ed25519.bench.js';
import * as envelope from './envelope.bench.js';
import { FLOOR_NODE, FLOOR_WEB } from './envelope.bench.js';
import * as groupLog from './group-log.bench.js';
import * as hpke from './hpke.bench.js';
import * as insomnia from './insomnia.bench.js';
import * as kdf from './kdf.bench.js';
import * as model from './model.bench.js';
import * as pqLinks from './pq-links.bench.js';
import * as srp from './srp.bench.js';
import * as stream from './stream.bench.js';
import { STREAM_FLOOR_SEAL, STREAM_FLOOR_SEAL_OPEN } from './stream.bench.js';
import * as vault from './vault.bench.js';
import { formatTable, roundsFor, type BenchOptions, type BenchRow } from './harness.js';
import { checkGoals, extraFromDocs, floorVerdict, mergeRepeats, readResults, RESULTS, writeReport, type Goal, type GoalResult, type ModuleRun, type Results } from './report.js';
import { envelopeScaling, memoryChild, memoryReport } from './scaling.js';
import { eventLoopReport, firstHandshakeChild, lagChild } from './event-loop.js';
import { streamChild, streamReport } from './stream.js';
import { prepareChild, serverThroughput, srpScaling } from './srp-scaling.js';

if (process.argv.includes('--memory-child')) {
  await memoryChild();
  process.exit(0);
}
if (process.argv.includes('--lag-child')) {
  await lagChild(process.argv[process.argv.indexOf('--lag-child') + 1]!);
  process.exit(0);
}
if (process.argv.includes('--stream-child')) {
  const at = (flag: string): string => process.argv[process.argv.indexOf(flag) + 1]!;
  await streamChild(at('--stream-child') as Parameters<typeof streamChild>[0], Number(at('--mib')));
  process.exit(0);
}
if (process.argv.includes('--first-handshake-child')) {
  await firstHandshakeChild();
  process.exit(0);
}
if (process.argv.includes('--prepare-child')) {
  await prepareChild(Number(process.argv[process.argv.indexOf('--prepare-child') + 1]));
  process.exit(0);
}

const MODULES: Record<string, { run(o: BenchOptions): Promise<BenchRow[]> }> = { envelope, stream, kdf, srp, hpke, ed25519, model, insomnia, 'group-log': groupLog, 'pq-links': pqLinks, vault };

const GOALS: Goal[] = [
  { text: 'group log: verify 10,000 entries ≤ 1.6x 10,000 raw node:crypto Ed25519 verifies (the absolute goal, ≤ 1 s, is read from the table)', group: 'group-log: verify 10,000 entries from scratch', impl: 'zkvault verifyGroupLog (node)', max: 1.6, why: 'Per entry, on top of one signature check: strict decoding, one SHA-256 for the chain, the signing-input copy, the strict public-key check, and the state update.' },
  { text: 'envelope seal 1 MiB ≤ 1.15x raw node:crypto (fair: KeyObject, pooled IV)', group: 'envelope: seal 1 MiB', impl: 'zkvault (node, EnvelopeKey)', max: 1.15, floor: FLOOR_NODE, why: "An envelope is header ‖ ciphertext ‖ tag in one buffer handed to the caller, and node:crypto's Cipher.update() allocates its own output (Node 20 has no cipher call that writes into a given buffer), so a seal allocates 2 MiB per MiB against the baseline's 1 MiB and copies the ciphertext once. Most of the gap is the fresh output memory (page faults, kernel zeroing): round 3 measured 1.22x with the output buffer reused across calls, 1.44x fresh. The piece size does not help: round 4 (load 7-9, 60 paired rounds of 20 seals, CPU) measured update() pieces of 32, 64, 128 and 256 KiB into a fresh output at 1.46-1.66x raw, all within the noise of one another. Opening copies nothing (≤ 1.0x). Not met without changing the v1 format or the platform. Round 6: the floor row (raw GCM plus one copy into a fresh framed output, what any single-buffer format costs on Node 20) is measured in the same run; see the floors table. Round 8 (bench/seal-pieces.ts, paired CPU, load 4-8, 15-61 rounds per run): update() pieces of 4 to 256 KiB copied into one unfilled framed output, the hypothesis being that small outputs stay in cache: 16-256 KiB measured 1.24-1.41x raw (ours 1.34-1.41x) in the runs at load 4-7 and 1.72-1.85x (ours 1.80-1.88x) in two at higher load, within the noise of one another and of ours; 4 and 8 KiB were slower (1.9x and 1.55x raw: each update() call costs a binding crossing and a fresh Buffer); a zero-filled output was 2-10% slower at every piece size. update()\'s outputs are freed only at the next scavenge, so a seal still makes 2 MiB of fresh memory per MiB (bench/hand-measured.md)." },
  { text: 'envelope seal 1 KiB ≤ 2x raw node:crypto (fair)', group: 'envelope: seal 1 KiB', impl: 'zkvault (node, EnvelopeKey)', max: 2, why: 'At 1 KiB the fixed per-call work dominates: the key commitment (HMAC-SHA256 of 29 bytes, now two pure-JS SHA-256 compressions from midstates prepared per key: about 3 µs under load, where two one-shot crypto.hash calls took 4.7 µs), the header written into the output, and one promise.' },
  { text: 'envelope open 1 KiB ≤ 2x raw node:crypto (fair)', group: 'envelope: open 1 KiB', impl: 'zkvault (node, EnvelopeKey)', max: 2, why: 'Opening recomputes the commitment (two SHA-256 compressions from prepared midstates, about 3 µs under load) and compares it in constant time before GCM runs; the raw baseline does neither.' },
  { text: 'envelope seal 64 B ≤ 3x raw node:crypto (fair)', group: 'envelope: seal 64 B', impl: 'zkvault (node, EnvelopeKey)', max: 3 },
  { text: 'envelope open 64 B ≤ 3x raw node:crypto (fair)', group: 'envelope: open 64 B', impl: 'zkvault (node, EnvelopeKey)', max: 3 },
  { text: 'envelope open 1 MiB ≤ 1.15x raw node:crypto (fair)', group: 'envelope: open 1 MiB', impl: 'zkvault (node, EnvelopeKey)', max: 1.15 },
  { text: 'envelope seal 1 MiB ≥ 20x faster than node-forge', group: 'envelope: seal 1 MiB', impl: 'zkvault (node, EnvelopeKey)', versus: 'node-forge AES-GCM', minSpeedup: 20 },
  { text: 'web backend seal 64 KiB within 1.3x of raw WebCrypto', group: 'envelope: seal 64 KiB', impl: 'zkvault (web backend)', versus: 'WebCrypto raw AES-GCM', max: 1.3, why: 'WebCrypto returns a fresh ArrayBuffer, so framing it behind the 46-byte header is one copy, and the commitment is a pure-JS HMAC (two SHA-256 compressions from prepared midstates, about 3 µs; a clone of the noble HMAC took about 10). On Node, WebCrypto calls also vary by tens of microseconds from call to call (thread-pool hand-off), which at 64 KiB is a large part of the total.' },
  { text: 'web backend seal 1 MiB within 1.3x of raw WebCrypto', group: 'envelope: seal 1 MiB', impl: 'zkvault (web backend)', versus: 'WebCrypto raw AES-GCM', max: 1.3, floor: FLOOR_WEB, why: 'As at 64 KiB: one copy of the WebCrypto output into a fresh, zero-filled framed envelope (2 MiB of new memory per seal against the baseline\'s 1 MiB); WebCrypto cannot write into a given buffer and Node 20 has no ArrayBuffer.prototype.transfer to grow its output in place.' },
  { text: 'stream seal (sealStream) ≥ 0.9x raw node:crypto GCM throughput (time ≤ 1.11x)', group: 'stream: seal 64 MiB in 1 MiB pieces', impl: 'zkvault sealStream (TransformStream)', max: 1.11, floor: STREAM_FLOOR_SEAL, why: 'The state machine is not the gap; the WHATWG TransformStream around it is. Round 4 (in-process, paired, CPU, load 9-13): a GCM set-up per 1 MiB chunk (createCipheriv, setAAD, final, getAuthTag) is 6-8 µs against about 0.9 ms of cipher pass (< 1%); on chunk-aligned input the held last chunk is sealed three times (≈ 3% at 64 MiB, 0.2% at 1 GiB); a bare TransformStream around one raw GCM, with nothing of ours, measured 1.06-1.17x raw and one doing a GCM per chunk (set-up and tag enqueued) 1.27x, the same as sealStream (1.27-1.30x in that run), while sealIterable, the same state machine in a for-await loop, is about 1.15x. In the profile the extra CPU is inside the cipher\'s update() (the pipeline keeps more 1 MiB buffers in flight, so it works out of cache less), not in our JavaScript. Raising the streams\' high-water marks did not help measurably. Round 6: the floor row (a bare TransformStream around raw GCM, one cipher per chunk) runs in the same group (floors table); in a separate paired run (CPU, one process, 15 and 21 rounds, load 9-12) sealStream cost 1.07-1.09x that floor, and feeding update() 128 or 256 KiB pieces changed the floor by 0.95-1.04x, within the noise (bench/hand-measured.md). Round 8 (paired, CPU, load 5-8): feeding update() 8, 16 or 64 KiB pieces made the floor slower, not faster: 1.25x, 1.11-1.23x and 1.04-1.07x raw with the pieces enqueued as they come (the floor itself 1.04-1.06x), 1.47x, 1.32-1.33x and 1.21-1.24x copied into one preallocated chunk buffer; sealStream measured 1.09-1.11x raw, 1.02-1.06x its floor, in the same runs.' },
  { text: 'stream seal+open (sealStream+openStream) ≥ 0.9x raw node:crypto GCM throughput (time ≤ 1.11x)', group: 'stream: seal+open 64 MiB in 1 MiB pieces', impl: 'zkvault sealStream+openStream', max: 1.11, floor: STREAM_FLOOR_SEAL_OPEN, why: 'Round 4 removed the opener\'s copy: an incremental decipher (decryptSegment on the node backend) decrypts each ciphertext piece as it arrives and releases the chunk once its tag verifies, instead of gathering every segment in a buffer. Against the round-3 opener in the same process (paired, CPU, 15-31 rounds per run, six runs at load 9-13): sealStream+openStream 1.38-1.59x raw before, 1.35-1.45x after (one run unchanged; after/before 0.92-0.93, faster in 20 of 25 and 17 of 21 rounds), sealIterable+openIterable 1.03-1.38x before, 0.94-1.31x after. What is left is two TransformStreams (see the seal row: the gap is the WHATWG machinery and its cache footprint, not our code) and, on chunk-aligned input, the last segment opened twice (≈ 3% at 64 MiB). Round 7 (paired, CPU, load 2-5): openStream costs 1.00x a bare TransformStream opener of the same format in the pipeline and 1.04-1.07x a bare opener fed pre-sealed pieces; no function of ours shows in the profile; the opener no longer joins the last segment twice (aligned 1 MiB streams open 0.77-0.87x the time; bench/hand-measured.md).' },
  { text: 'PBKDF2 ≤ 1.1x node:crypto', group: 'kdf: PBKDF2-SHA256 600k', impl: 'zkvault (node)', max: 1.1 },
  { text: 'two login derivations ≤ 1.3x one (two cores)', group: 'kdf: login: two PBKDF2 600k derivations', impl: 'zkvault two concurrent (node)', max: 1.3, why: 'The two derivations run on two libuv threads and need two free cores; on this shared 2-core machine any other load shows up directly (on an idle machine the same run measures 1.03–1.07x).', clock: 'wall', loadDependent: 'two threads need two free cores: the wall ratio measures how many of the 2 cores other jobs leave free, and the CPU ratio is 2x by construction (two derivations), so neither is stable on a shared machine' },
  { text: 'SRP 2048 handshake (node) ≤ 1.5x bare OpenSSL modexp', group: 'srp: handshake 2048-bit', impl: 'zkvault (node)', max: 1.5 },
  { text: 'SRP 2048 handshake (node) ≥ 25x faster than fast-srp-hap', group: 'srp: handshake 2048-bit', impl: 'zkvault (node)', versus: 'fast-srp-hap', minSpeedup: 25 },
  { text: 'SRP 2048 handshake (BigInt) ≥ 5x faster than fast-srp-hap', group: 'srp: handshake 2048-bit', impl: 'zkvault (BigInt)', versus: 'fast-srp-hap', minSpeedup: 5 },
  { text: 'vault put 1 KiB ≤ 1.5x the same SQLite store unencrypted', group: 'vault: put 1 KiB (SQLite, WAL, synchronous=FULL)', impl: 'zkvault vault.put', max: 1.5, why: 'A commit is one SQLite transaction with an fsync of the WAL either way; the vault adds one AES-GCM seal, three HMACs, the sealed header (a second row, about 400 bytes) and a read of the old row for the accumulator.' },
  { text: 'vault get 1 KiB ≤ 1.5x the same SQLite store unencrypted', group: 'vault: get 1 KiB (SQLite, WAL, synchronous=FULL)', impl: 'zkvault vault.get', max: 1.5, why: 'A read needs no fsync, so the fixed crypto cost (one HMAC for the id, the key commitment and AES-GCM) is a larger part of it than of a put.' },
  { text: 'HPKE seal+open (base) ≥ 5x faster than @hpke/core', group: 'hpke: HPKE seal+open 32 B, base mode', impl: 'zkvault (node backend)', minSpeedup: 5 },
  { text: 'links v2 (X-Wing + Ed25519) share+open ≤ 3x links v1 (issue 18)', group: 'pq-links: shareResourceGroup + openLink (one key version)', impl: 'v2: HPKE X-Wing + Ed25519 (node)', max: 3, why: 'ML-KEM-768 runs in JavaScript (@noble/post-quantum, SHA-3 included: Node 20 has no ML-KEM), about 0.75 ms of CPU per share+open against 0.8-0.9 ms for all of v1; v2 also signs and verifies one Ed25519 signature (about 0.19 ms) and does the X25519 half of X-Wing. The decapsulation key is expanded once per account and the recipient certificate verified once per member (cached); what remains is ML-KEM itself.' },
  { text: 'HPKE seal+open (auth) ≥ 5x faster than @hpke/core', group: 'hpke: HPKE seal+open 32 B, auth mode', impl: 'zkvault (node backend)', minSpeedup: 5, why: 'Auth mode adds the static-static X25519 on each side to base mode, and the ephemeral key costs an OpenSSL import (which derives its public key) plus X25519(k, 9) again: the secret must come from the random backend, and exporting the derived public key through DER costs more than the second multiplication. Public keys are imported once per array. Round 4 measured 6.0x and 6.5x faster (CPU, load 10-11, two quick runs).' },
];

if (process.argv.includes('--report')) {
  // Rebuilds docs/benchmarks.md and the SVG from bench/results/latest.json, measuring nothing
  // (after a change to the goals or their explanations).
  const r = readResults();
  if (r === undefined) throw new Error(`no ${RESULTS}`);
  writeReport(r.rows, checkGoals(r.rows, GOALS), r.machine, r.extra ?? extraFromDocs(), r.runs ?? []);
  console.log('wrote docs/benchmarks.md, docs/benchmarks.svg from', RESULTS);
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    agree: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    'memory-child': { type: 'boolean' },
    'stream-mib': { type: 'string' },
  },
});
const opts: BenchOptions = { quick: values.quick ?? false };
// `--only envelope,kdf,scaling`: the machine is shared, so run only the groups needed.
const only = values.only === undefined ? undefined : new Set(values.only.split(',').map((x) => x.trim()));
const selected = Object.entries(MODULES).filter(([name]) => only === undefined || only.has(name));
const repeat = Math.max(1, Number(values.repeat));
const load = (): string => os.loadavg()[0]!.toFixed(2);

/** Runs every selected module `repeat` times; rows of the repeats are merged (all their rounds pooled). */
async function runAll(label: string): Promise<{ rows: BenchRow[]; runs: ModuleRun[] }> {
  const rows: BenchRow[] = [];
  const runs: ModuleRun[] = [];
  for (const [name, mod] of selected) {
    const loadBefore = load();
    const reps: BenchRow[][] = [];
    for (let i = 0; i < repeat; i++) {
      console.log(`\n== ${name}${opts.quick ? ' (quick)' : ''}${repeat > 1 ? ` [run ${i + 1}/${repeat}]` : ''}${label}, load ${load()}`);
      const r = await mod.run(opts);
      console.log(formatTable(r));
      reps.push(r);
    }
    const merged = mergeRepeats(reps);
    if (repeat > 1) console.log(`\n== ${name}: ${repeat} runs pooled\n${formatTable(merged)}`);
    rows.push(...merged.map((r) => ({ ...r, group: `${name}: ${r.group}` })));
    runs.push({ module: name, date: new Date().toISOString(), quick: opts.quick, repeat, rounds: Math.max(roundsFor(opts), ...reps.flat().map((r) => r.roundsUs?.length ?? 0)), load: `${loadBefore} → ${load()}` });
  }
  return { rows, runs };
}

function printGoals(goals: GoalResult[]): void {
  if (goals.length === 0) return;
  console.log('\ngoals:');
  for (const g of goals) {
    const m = g.minSpeedup !== undefined ? `${(1 / g.ratio).toFixed(1)}x faster (IQR ${(1 / g.p75).toFixed(1)}–${(1 / g.p25).toFixed(1)})` : `${g.ratio.toFixed(2)}x (IQR ${g.p25.toFixed(2)}–${g.p75.toFixed(2)})`;
    const cpu = g.minSpeedup !== undefined ? `${(1 / g.cpuRatio).toFixed(1)}x faster` : `${g.cpuRatio.toFixed(2)}x`;
    const f = g.floorResult === undefined ? '' : `; floor ${g.floorResult.floor.median.toFixed(2)}x the reference, ours ${g.floorResult.ours.median.toFixed(2)}x the floor: ${floorVerdict(g)}`;
    console.log(`  ${g.met ? 'met ' : 'MISS'}  ${g.text}: wall ${m}; CPU ${cpu}; decided on ${g.clock ?? 'cpu'}${f}`);
  }
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, Node ${process.version}, OpenSSL ${process.versions.openssl}`;
const { rows: all, runs } = await runAll(values.agree === true ? ' [first of two]' : '');
console.log(`\n${machine}`);
const goals = checkGoals(all, GOALS);
printGoals(goals);
if (values.agree === true) {
  // Goal 4 of issue 14: two consecutive runs must agree within 15% on every goal row.
  const second = checkGoals((await runAll(' [second of two]')).rows, GOALS);
  printGoals(second);
  console.log('\nagreement of two consecutive runs (goal rows; |r2 / r1 - 1| ≤ 15%):');
  let n = 0;
  let wallOk = 0;
  let cpuOk = 0;
  let decidingOk = 0;
  for (const g of goals) {
    const h = second.find((x) => x.text === g.text);
    if (h === undefined) continue;
    const d = h.ratio / g.ratio - 1;
    const dc = h.cpuRatio / g.cpuRatio - 1;
    const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
    const flag = `${g.clock === 'wall' ? ' [decided on wall]' : ''}${g.loadDependent === undefined ? '' : ` [load-dependent, not counted: ${g.loadDependent}]`}`;
    if (g.loadDependent === undefined) {
      n++;
      if (Math.abs(d) <= 0.15) wallOk++;
      if (Math.abs(dc) <= 0.15) cpuOk++;
      if (Math.abs((g.clock ?? 'cpu') === 'cpu' ? dc : d) <= 0.15) decidingOk++;
    }
    console.log(
      `  wall ${Math.abs(d) <= 0.15 ? 'agree   ' : 'DISAGREE'} cpu ${Math.abs(dc) <= 0.15 ? 'agree   ' : 'DISAGREE'}  ${g.text}: wall ${g.ratio.toFixed(3)} then ${h.ratio.toFixed(3)} (${pct(d)}); cpu ${g.cpuRatio.toFixed(3)} then ${h.cpuRatio.toFixed(3)} (${pct(dc)})${flag}`,
    );
  }
  console.log(`  ${decidingOk}/${n} rows agree on the clock that decides them, ${cpuOk}/${n} on CPU time, ${wallOk}/${n} on wall time (load ${load()})`);
}
let extra: string | undefined;
if (only === undefined || only.has('scaling')) {
  const streamMib = Number(values['stream-mib'] ?? (opts.quick ? '256' : '1024'));
  const loadBefore = load();
  extra = [
    '## Event loop and large payloads',
    '',
    eventLoopReport(opts.quick ? 2 : 3),
    '',
    streamReport(streamMib, 3),
    '',
    '## Scaling',
    '',
    await envelopeScaling(opts),
    '',
    await srpScaling(opts),
    '',
    await serverThroughput(opts),
    '',
    memoryReport(),
  ].join('\n');
  runs.push({ module: 'scaling', date: new Date().toISOString(), quick: opts.quick, repeat: 1, load: `${loadBefore} → ${load()}` });
  console.log(`\n${extra}`);
}
if (values.write === true || (!opts.quick && only === undefined)) {
  // With --only, the modules measured replace theirs in bench/results/latest.json and the report is
  // rebuilt from all of it; each module's date, mode and load average are listed in the report.
  const previous = only === undefined ? undefined : readResults();
  const keep = (m: string): boolean => !runs.some((r) => r.module === m);
  const merged: Results = {
    date: new Date().toISOString(),
    machine,
    rows: [...(previous?.rows.filter((r) => keep(r.group.split(':')[0]!)) ?? []), ...all],
    runs: [...(previous === undefined ? [] : previousRuns(previous).filter((r) => keep(r.module))), ...runs],
    extra: extra ?? previous?.extra ?? extraFromDocs(),
  };
  merged.rows.sort((a, b) => moduleOrder(a.group) - moduleOrder(b.group));
  writeReport(merged.rows, checkGoals(merged.rows, GOALS), machine, merged.extra ?? '', merged.runs ?? []);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(merged, null, 2) + '\n');
  console.log(`wrote ${RESULTS}, docs/benchmarks.md, docs/benchmarks.svg`);
}

function moduleOrder(group: string): number {
  const i = Object.keys(MODULES).indexOf(group.split(':')[0]!);
  return i < 0 ? 1e9 : i;
}

/** The runs behind a previous results file; files written before runs were recorded get one entry per module. */
function previousRuns(p: Results): ModuleRun[] {
  if (p.runs !== undefined) return p.runs;
  const modules = [...new Set(p.rows.map((r) => r.group.split(':')[0]!))];
  return modules.map((module) => ({ module, date: p.date, quick: true, repeat: 1, load: 'not recorded' }));
}
