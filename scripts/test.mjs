#!/usr/bin/env node
// `npm test`: typecheck ‖ build, then vitest, then package checks ‖ API docs (‖: at the same time),
// stopping after the first stage with a failure. Ends with one summary line, `npm test: PASS (…)` or
// `npm test: FAIL at <step> (…)`, so the last line of the log says how the run went. The line gives each step's wall time and CPU time
// (user + sys) and the run's peak memory: the largest sum of PSS (proportional set size: shared pages
// such as the node binary counted once, not once per process) over the process tree, sampled every
// 200 ms, with the largest single RSS (Linux /proc; elsewhere the numbers are left out). Before the
// summary, one line per step names the biggest processes at its peak. docs/testing.md has the budget
// (2.5 min, 1 GB on 2 cores) and the measurements.
// `node scripts/test.mjs vitest docs` runs only the named steps (by first word), for measuring one;
// named steps of one stage still run together.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const s = (x) => `${x.toFixed(0)} s`;
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;

// Stages run in order; the steps of one stage run at the same time (‖), and a step with `after` starts
// when that step of its stage has passed (→). A failing step stops the run after its stage
// (docs/decisions.md, "Single-threaded steps fill the idle core"). The plan keeps both cores busy
// inside the 1 GB budget:
// - tsc (~590 MB, one core for ~25 s) runs next to the build (~220 MB, ~9 s of CPU) and then the
//   package checks (publint, attw: ~190 MB, ~9 s), which need dist/;
// - vitest starts with its `heavy` group, one worker at a time (vitest.config.ts), which leaves a core
//   free for ~30 s: typedoc (~330 MB, ~15 s of CPU) runs there.
// Single tools run as `node <bin>`, not through npm/npx, which would keep an extra Node process
// (~60 MB) alive for the whole step. The build and the package checks are package.json's scripts (the
// one place they are written), run as `npm run` runs them, by the shell with node_modules/.bin first
// on PATH (stepEnv), but without npm's own process (~0.25 s of CPU per start, ~55 MB RSS for the step).
const BIN = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
const SCRIPTS = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
const STAGES = [
  [
    ['typecheck', 'node scripts/typecheck.mjs'], // = npm run typecheck
    ['build', SCRIPTS.build],
    // = npm run check:package; it packs the tarball that test/package/release.test.ts installs.
    ['package checks (publint, attw)', SCRIPTS['check:package'], { after: 'build' }],
  ],
  [
    ['vitest', 'node node_modules/vitest/vitest.mjs run', { vitest: true }],
    // --skipErrorChecking: typedoc's own type check of tsconfig.json's program repeats what the
    // typecheck step (stage 1, a superset of its files and the same options) has passed; its
    // validation (links, undocumented exports) still runs. CPU 21.6 → 15.0 s, 415 → 377 MB RSS
    // (docs/testing.md, "Round 4"). `npm run docs` alone still type-checks. dist/cli.js, not bin/typedoc:
    // the bin only forks cli.js (to restart in watch mode) and stays alive next to it (~40 MB RSS).
    // scripts/require-typescript.mjs: typedoc's `import ts from "typescript"` through require(), ~0.6 s
    // less CPU (docs/testing.md, "Round 7 (vt13)").
    ['docs (typedoc)', 'node --import ./scripts/require-typescript.mjs node_modules/typedoc/dist/cli.js --logLevel Warn --skipErrorChecking'],
  ],
];

// NODE_EXTRA_CA_CERTS (set on the project machine) makes every Node start-up parse the CA file:
// `node -e 0` costs ~90 ms of CPU with it, ~30 ms without, and the vitest step starts a few hundred
// Node processes (forks, CLI and server children). No test makes a TLS connection except `npm install`
// in test/package/release.test.ts, which gets the file back from ZKVAULT_NPM_EXTRA_CA_CERTS. No other
// step connects anywhere either (tsc, tsup, publint, attw's local `npm pack`, typedoc), and they start
// a dozen more Node processes (npm, its shells' tools, `npm pack` and its prepare script): the file is
// left out for every step (docs/testing.md, "Round 7 (vt13)").
function stepEnv(opts) {
  const { NODE_EXTRA_CA_CERTS: ca, ...rest } = process.env;
  const env = { ...rest, PATH: `${BIN}${delimiter}${process.env['PATH'] ?? ''}` };
  if (!opts?.vitest) return env;
  // The package checks of this run packed dist/ (scripts/check-package.mjs): the release test installs
  // that tarball instead of packing again (~1.7 s of CPU). Only a tarball of this run: a vitest step
  // run alone packs its own.
  if (packed !== undefined) env['ZKVAULT_PACKED_TARBALL'] = packed;
  // glibc gives each thread that allocates its own malloc arena (up to 8 per core), and freed memory
  // stays in them: the workers' RSS beyond the JS heap (docs/testing.md, "Round 3"). Its mmap
  // threshold also grows with every large block freed (up to 32 MiB), after which the tests' big
  // buffers come from the heap and are not returned when freed; fixed thresholds hand every block of
  // 128 KiB or more back to the system. Measured: largest worker 1,100 → 664 MB RSS, peak 1,578 →
  // 1,386 MB PSS, vitest CPU 309 → 277 s. vite 8's native transformer (the rolldown binding, in
  // vitest's own process) allocates with mimalloc, which commits its arenas eagerly: vitest's process
  // held ~100-130 MB of committed, mostly unused arena beyond its JS heap (docs/testing.md, "Round
  // 4"); MIMALLOC_ARENA_EAGER_COMMIT=0 commits on use: 294 → 163 MB RSS, same CPU. A value already
  // set wins.
  const malloc = {
    MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2',
    MALLOC_MMAP_THRESHOLD_: process.env['MALLOC_MMAP_THRESHOLD_'] ?? '131072',
    MALLOC_TRIM_THRESHOLD_: process.env['MALLOC_TRIM_THRESHOLD_'] ?? '262144',
    MIMALLOC_ARENA_EAGER_COMMIT: process.env['MIMALLOC_ARENA_EAGER_COMMIT'] ?? '0',
  };
  return ca === undefined ? { ...env, ...malloc } : { ...env, ...malloc, ZKVAULT_NPM_EXTRA_CA_CERTS: ca };
}

/** The tarball the package checks packed in this run, once they have passed. */
let packed;
const PACK_DIR = new URL('../.tmp/pack/', import.meta.url);

const PROC = existsSync('/proc/self/stat');
const PAGE = 4096;
const TICK = 100; // USER_HZ: /proc reports CPU times in 1/100 s on every Linux ABI node runs on

/** PSS of a process in bytes (RSS if smaps_rollup is not readable). */
function pss(pid, rss) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : rss;
  } catch {
    return rss;
  }
}

/** Short command line of a process, for the peak report. */
function command(pid) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return argv.map((a) => a.replace(/^.*node_modules\//, '').replace(/^\/\S*\//, '')).join(' ').slice(0, 60);
  } catch {
    return `pid ${pid}`;
  }
}

/** [pid, ppid, rss bytes] of every process, from /proc/<pid>/stat. */
function processes() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push([Number(name), Number(f[1]), Number(f[21]) * PAGE]);
    } catch {
      // the process ended between readdir and read
    }
  }
  return out;
}

/** Sum of PSS over `root` and its descendants, the largest single RSS, and the [pid, rss] list. */
function treeMemory(root) {
  const all = processes();
  const children = new Map();
  for (const [pid, ppid] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(all.map(([pid, , r]) => [pid, r]));
  let sum = 0;
  let max = 0;
  const tree = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop();
    const r = rss.get(pid) ?? 0;
    sum += pss(pid, r);
    max = Math.max(max, r);
    tree.push([pid, r]);
    todo.push(...(children.get(pid) ?? []));
  }
  return { sum, max, tree };
}

/** CPU seconds (user + sys) of this process's waited-for descendants so far (cutime + cstime). */
function childCpu() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / TICK;
}

/**
 * Runs the steps of one stage: each at once, or, with `after`, when that step has exited 0 (a step
 * whose `after` failed is not started: code 'skipped'). Resolves with each one's exit code and wall
 * time, and the stage's CPU seconds, peak memory (PSS summed over all its process trees at once),
 * largest single RSS and the biggest processes at the peak. Output of concurrent steps interleaves by line.
 */
function run(steps) {
  return new Promise((resolve) => {
    const t = Date.now();
    const cpu0 = PROC ? childCpu() : 0;
    const first = (name) => name.split(' ')[0];
    const children = [];
    const exits = new Map();
    const start = ([name, cmd, opts]) => {
      const dep = opts?.after === undefined ? undefined : exits.get(opts.after);
      const go = () => {
        const child = spawn(cmd, { shell: true, stdio: 'inherit', env: stepEnv(opts) });
        children.push(child);
        return new Promise((done) => child.on('exit', (code, signal) => done({ code: code ?? signal, wall: (Date.now() - t) / 1000 })));
      };
      // A dependency filtered out by the command line (`node scripts/test.mjs package`) is not waited for.
      const exit = dep === undefined ? go() : dep.then((d) => (d.code === 0 ? go() : { code: 'skipped', wall: 0 }));
      exits.set(first(name), exit);
      return exit;
    };
    let peak = 0;
    let largest = 0;
    let atPeak = '';
    const sample = () => {
      const trees = children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => treeMemory(c.pid));
      const sum = trees.reduce((a, m) => a + m.sum, 0);
      largest = Math.max(largest, ...trees.map((m) => m.max));
      if (sum <= peak) return;
      peak = sum;
      const top = trees.flatMap((m) => m.tree).sort((a, b) => b[1] - a[1]).slice(0, 4);
      atPeak = top.map(([pid, r]) => `${command(pid)} ${mb(r)}`).join('; ');
    };
    const timer = PROC ? setInterval(sample, 200) : undefined;
    void Promise.all(steps.map(start)).then((results) => {
      clearInterval(timer);
      resolve({ steps: results, wall: (Date.now() - t) / 1000, cpu: PROC ? childCpu() - cpu0 : NaN, peak, largest, atPeak });
    });
  });
}

const only = process.argv.slice(2);
// An unknown name would otherwise run nothing and print PASS.
const unknown = only.filter((name) => !STAGES.flat().some(([n]) => n.split(' ')[0] === name));
if (unknown.length > 0) {
  console.error(`npm test: no step named ${unknown.join(', ')} (steps: ${STAGES.flat().map(([n]) => n.split(' ')[0]).join(', ')})`);
  process.exit(2);
}
const stages = STAGES.map((stage) => (only.length === 0 ? stage : stage.filter(([name]) => only.includes(name.split(' ')[0])))).filter((st) => st.length > 0);
const t0 = Date.now();
const done = [];
let failed;
for (const stage of stages) {
  const r = await run(stage);
  // Concurrent steps share one CPU and memory measurement: they are reported together, as `a ‖ b`
  // (`a → b`: b started when a had passed).
  const join = (names) => names.map((n, i) => (i === 0 ? '' : stage[i][2]?.after === undefined ? ' ‖ ' : ' → ') + n).join('');
  const name = join(stage.map(([n]) => n));
  const walls = stage.length > 1 ? ` (${stage.map(([n], i) => `${n.split(' ')[0]} ${s(r.steps[i].wall)}`).join(', ')})` : '';
  done.push({ name: join(stage.map(([n]) => n.split(' ')[0])).replaceAll(' ', ''), count: stage.length, ...r });
  if (PROC) console.log(`[npm test] ${name}: ${s(r.wall)}${walls}, cpu ${s(r.cpu)}, peak ${mb(r.peak)} PSS; largest RSS at that peak: ${r.atPeak}`);
  const pack = stage.findIndex(([n]) => n.startsWith('package '));
  if (pack >= 0 && r.steps[pack].code === 0) {
    const tgz = readdirSync(PACK_DIR).filter((f) => f.endsWith('.tgz'));
    if (tgz.length === 1) packed = fileURLToPath(new URL(tgz[0], PACK_DIR));
  }
  const bad = stage.findIndex((_, i) => r.steps[i].code !== 0 && r.steps[i].code !== 'skipped');
  if (bad >= 0) {
    failed = { name: stage[bad][0], code: r.steps[bad].code };
    break;
  }
}
const wall = (Date.now() - t0) / 1000;
const cpu = done.reduce((a, r) => a + r.cpu, 0);
const peak = Math.max(...done.map((r) => r.peak));
const largest = Math.max(...done.map((r) => r.largest));
const perStep = done.map((r) => `${r.name} ${s(r.wall)}${PROC ? ` (cpu ${s(r.cpu)}, ${mb(r.peak)})` : ''}`).join(', ');
const totals = `total ${s(wall)}${PROC ? `, cpu ${s(cpu)}, peak memory ${mb(peak)} PSS (largest process ${mb(largest)} RSS)` : ''}`;
const what = failed === undefined ? `PASS (${done.reduce((a, r) => a + r.count, 0)} steps` : `FAIL at ${failed.name} (exit ${failed.code}`;
console.log(`\nnpm test: ${what}; ${perStep}; ${totals})`);
process.exit(failed === undefined ? 0 : typeof failed.code === 'number' ? failed.code : 1);
