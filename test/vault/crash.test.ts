// Crash safety of the SQLite vault (issue 16): a child process commits transactions and
// acknowledges each one after its commit resolved; the parent kills it with SIGKILL at a random
// point (during start-up and open, or while it writes), reopens the vault and checks that
//   - the vault opens (header, count and row accumulator agree: no partial write),
//   - every acknowledged transaction is there (counter >= last ack) and at most the one in flight
//     beyond it (counter <= last ack + 1),
//   - the records equal, byte for byte, the model state after `counter` transactions (nothing
//     lost, nothing half-written, nothing decrypting to garbage; verify() authenticates every row).
// The same for an in-place migration killed mid-way and rerun until done. ≥ 200 kills in total
// (ZKVAULT_CRASH_KILLS to change it); the counts are printed as `[crash] {...}`.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import { openVault, type Vault } from '../../src/vault/vault.js';
import { root } from '../helpers/snippets.js';
import { crashChildBuild } from './crash-build.js';
import { applyCrashOps, nedbExpected, nedbFolder } from './crash-model.js';
import { tempDir, TEST_POLICY } from './helpers.js';

const unlock = { passphrase: 'crash test passphrase' };
/** Kills across the run (the migration's count towards it; the writer test makes up the rest, at least 150). */
const TOTAL_KILLS = Number(process.env['ZKVAULT_CRASH_KILLS'] ?? 200);
let child = '';
let tmp: ReturnType<typeof tempDir>;
const report = { kills: 0, killedBeforeReady: 0, killedWhileWriting: 0, acked: 0, inFlightFound: 0, migrationKills: 0, migrationMidway: 0 };

beforeAll(async () => {
  tmp = tempDir('zkvault-crash-');
  mkdirSync(`${root}.tmp`, { recursive: true });
  child = `${root}.tmp/vault-crash-child.cjs`;
  await build(crashChildBuild(child));
  // One child runs the write and migrate paths to completion and leaves V8's compiled code for the
  // others (test/vault/crash-loader.cjs).
  const warm = join(tmp.dir, 'warm');
  mkdirSync(warm);
  const run = runChild(['warm', warm]);
  await run.exit;
  expect(run.lines.at(-1)).toMatch(/^done 2 /);
});
afterAll(() => {
  tmp.cleanup();
  console.info(`[crash] ${JSON.stringify(report)}`);
});

// The child makes no TLS connection; NODE_EXTRA_CA_CERTS, if set, makes every Node start-up parse
// that CA file (about 60 ms of CPU each on the 2-core test machine, over 200 start-ups).
const { NODE_EXTRA_CA_CERTS: _unused, ...CHILD_ENV } = process.env;

interface Run {
  lines: string[];
  exit: Promise<void>;
}

/** When to SIGKILL a child: `delay` ms after spawn (`early`), after its `ready` line, or after its `afterAcks`-th `ack`. */
interface Kill {
  delay: number;
  early: boolean;
  afterAcks: number;
}

const loader = `${root}test/vault/crash-loader.cjs`;

/** Spawns the child through the code-cache loader; kills it as `k` says, or lets it finish. */
function runChild(args: string[], k?: Kill): Run {
  const p = spawn(process.execPath, [loader, child, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: CHILD_ENV });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  let ackBase = 0; // the counter the child opened at (`ready <counter>`); its acks continue from it
  const kill = (): void => void setTimeout(() => p.kill('SIGKILL'), k!.delay);
  if (k?.early === true) kill();
  p.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      if (k !== undefined && !k.early && (k.afterAcks === 0 ? l.startsWith('ready') : l === `ack ${ackBase + k.afterAcks}`)) kill();
      if (l.startsWith('ready ')) ackBase = Number(l.slice(6));
    }
  });
  p.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  const exit = new Promise<void>((resolve, reject) => {
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve();
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
  return { lines, exit };
}

async function entries(v: Vault): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of v.list()) out.set(e.key, e.value);
  return out;
}

/** Key → hex of the value: the same comparison as the bytes, without toEqual walking every byte (200+ times). */
const hexOf = (m: Map<string, Uint8Array>): Map<string, string> => new Map([...m].map(([k, b]) => [k, Buffer.from(b).toString('hex')]));

/** Kills a writer `kills` times on `file`, checking the vault against the model after each kill. */
async function writerLane(file: string, kills: number): Promise<void> {
  const model = new Map<string, Uint8Array>();
  let modelAt = 0;
  let lastAck = 0;
  for (let k = 0; k < kills; k++) {
    // A kill lands during start-up (20%), or 0-20 ms after the child's 0th-3rd acknowledged commit:
    // counted in commits, not in wall time, so the kills land in the writes however loaded the
    // machine is, and no child writes longer than it needs to (docs/testing.md, round 4).
    const early = Math.random() < 0.2;
    const run = runChild(['write', file], { delay: Math.floor(Math.random() * (early ? 80 : 20)), early, afterAcks: Math.floor(Math.random() * 4) });
    await run.exit;
    report.kills++;
    const acks = run.lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
    if (run.lines.some((l) => l.startsWith('ready'))) report.killedWhileWriting++;
    else report.killedBeforeReady++;
    report.acked += acks.length;
    if (acks.length > 0) lastAck = acks[acks.length - 1]!;
    const v = await openVault(openSqliteStore(file), unlock, { policy: TEST_POLICY });
    try {
      expect(v.counter).toBeGreaterThanOrEqual(lastAck);
      expect(v.counter).toBeLessThanOrEqual(lastAck + 1);
      if (v.counter === lastAck + 1) report.inFlightFound++;
      for (; modelAt < v.counter; ) applyCrashOps(model, ++modelAt);
      lastAck = v.counter; // the next child continues after what is on disk
      expect(hexOf(await entries(v))).toEqual(hexOf(model));
      if (k % 20 === 0) expect((await v.verify()).ok).toBe(true);
    } finally {
      await v.close();
    }
  }
}

describe('crash safety under SIGKILL', () => {
  it('an in-place migration killed mid-way resumes and loses nothing', async () => {
    const FILES = 12;
    const DOCS = 40;
    const dir = join(tmp.dir, 'insomnia');
    mkdirSync(dir);
    for (const [name, text] of nedbFolder(FILES, DOCS)) writeFileSync(join(dir, name), text);
    let done = false;
    for (let k = 0; k < 200 && !done; k++) {
      // The first rounds kill early (often mid-migration); later rounds give it time to finish.
      const run = runChild(['migrate', dir], { delay: Math.floor(Math.random() * (10 + 10 * k)), early: false, afterAcks: 0 });
      await run.exit;
      done = run.lines.some((l) => l.startsWith('done'));
      if (!done) {
        report.migrationKills++;
        report.kills++;
        const left = readdirSync(dir).filter((n) => n.endsWith('.db')).length;
        if (left > 0 && left < FILES) report.migrationMidway++;
      }
    }
    expect(done).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.db'))).toEqual([]);
    const v = await openVault(openSqliteStore(join(dir, 'zkvault.vault')), unlock, { policy: TEST_POLICY });
    const got = await entries(v);
    const want = nedbExpected(FILES, DOCS);
    for (const [k, json] of want) expect(new TextDecoder().decode(got.get(k))).toBe(json);
    expect([...got.keys()].filter((k) => !k.startsWith('zkvault.migration/')).length).toBe(want.size);
    expect((await v.verify()).ok).toBe(true);
    await v.close();
  }, 600_000);

  it('every acknowledged commit survives the kills; nothing partial, nothing garbage', async () => {
    const writeKills = Math.max(150, TOTAL_KILLS - report.kills);
    // Two lanes, each its own vault file and child, so two children start up at once (start-up, not
    // the writes, is most of each round's time).
    const half = Math.ceil(writeKills / 2);
    await Promise.all([writerLane(join(tmp.dir, 'crash-a.vault'), half), writerLane(join(tmp.dir, 'crash-b.vault'), writeKills - half)]);
    // The kills must land in the writes, not only in start-up: many acks, some commits found in flight.
    expect(report.killedWhileWriting).toBeGreaterThan(writeKills / 2);
    expect(report.acked).toBeGreaterThan(writeKills);
    expect(report.inFlightFound).toBeGreaterThan(0);
    expect(report.kills).toBeGreaterThanOrEqual(TOTAL_KILLS);
  }, 600_000);
});
