#!/usr/bin/env node
// `npm test`: typecheck, build, vitest, package checks, API docs, in order, stopping at the first
// failure. Ends with one summary line, `npm test: PASS (…)` or `npm test: FAIL at <step> (…)`, so the
// last line of the log says how the run went. The line gives each step's wall time and CPU time
// (user + sys) and the run's peak memory: the largest sum of PSS (proportional set size: shared pages
// such as the node binary counted once, not once per process) over the process tree, sampled every
// 200 ms, with the largest single RSS (Linux /proc; elsewhere the numbers are left out). Before the
// summary, one line per step names the biggest processes at its peak. docs/testing.md has the budget
// (2.5 min, 1 GB on 2 cores) and the measurements.
// `node scripts/test.mjs vitest docs` runs only the named steps (by first word), for measuring one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const s = (x) => `${x.toFixed(0)} s`;
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;

const STEPS = [
  ['typecheck', 'npm run --silent typecheck'],
  ['build', 'npm run --silent build'],
  ['vitest', 'npx vitest run'],
  ['package checks (publint, attw)', 'npm run --silent check:package'],
  ['docs (typedoc)', 'npx typedoc --logLevel Warn'],
];

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

/** Runs one step; resolves with its exit code, wall and CPU seconds, peak tree RSS and largest process. */
function run(cmd) {
  return new Promise((resolve) => {
    const t = Date.now();
    const cpu0 = PROC ? childCpu() : 0;
    const child = spawn(cmd, { shell: true, stdio: 'inherit' });
    let peak = 0;
    let largest = 0;
    let atPeak = '';
    const sample = () => {
      const { sum, max, tree } = treeMemory(child.pid);
      largest = Math.max(largest, max);
      if (sum <= peak) return;
      peak = sum;
      const top = tree.sort((a, b) => b[1] - a[1]).slice(0, 4);
      atPeak = top.map(([pid, r]) => `${command(pid)} ${mb(r)}`).join('; ');
    };
    const timer = PROC ? setInterval(sample, 200) : undefined;
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code: code ?? signal, wall: (Date.now() - t) / 1000, cpu: PROC ? childCpu() - cpu0 : NaN, peak, largest, atPeak });
    });
  });
}

const only = process.argv.slice(2);
const steps = only.length === 0 ? STEPS : STEPS.filter(([name]) => only.includes(name.split(' ')[0]));
const t0 = Date.now();
const done = [];
let failed;
for (const [name, cmd] of steps) {
  const r = await run(cmd);
  done.push({ name: name.split(' ')[0], ...r });
  if (PROC) console.log(`[npm test] ${name}: ${s(r.wall)}, cpu ${s(r.cpu)}, peak ${mb(r.peak)} PSS; largest RSS at that peak: ${r.atPeak}`);
  if (r.code !== 0) {
    failed = { name, code: r.code };
    break;
  }
}
const wall = (Date.now() - t0) / 1000;
const cpu = done.reduce((a, r) => a + r.cpu, 0);
const peak = Math.max(...done.map((r) => r.peak));
const largest = Math.max(...done.map((r) => r.largest));
const perStep = done.map((r) => `${r.name} ${s(r.wall)}${PROC ? ` (cpu ${s(r.cpu)}, ${mb(r.peak)})` : ''}`).join(', ');
const totals = `total ${s(wall)}${PROC ? `, cpu ${s(cpu)}, peak memory ${mb(peak)} PSS (largest process ${mb(largest)} RSS)` : ''}`;
const what = failed === undefined ? `PASS (${done.length} steps` : `FAIL at ${failed.name} (exit ${failed.code}`;
console.log(`\nnpm test: ${what}; ${perStep}; ${totals})`);
process.exit(failed === undefined ? 0 : typeof failed.code === 'number' ? failed.code : 1);
