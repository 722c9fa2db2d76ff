#!/usr/bin/env node
// `npm test`: typecheck, build, vitest, package checks, API docs, in order, stopping at the first
// failure. Ends with one summary line, `npm test: PASS (…)` or `npm test: FAIL at <step> (…)`, so the
// last line of the log says how the run went. The line gives each step's wall time, the CPU time
// (user + sys) of the whole run and its peak memory: the largest sum of RSS over the process tree,
// sampled every 200 ms (Linux /proc; elsewhere the numbers are left out). docs/testing.md has the
// budget (2.5 min, 1 GB on 2 cores) and the measurements.
// `node scripts/test.mjs vitest docs` runs only the named steps (by first word), for measuring one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

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

/** Sum of RSS over `root` and its descendants, and the largest single RSS among them. */
function treeRss(root) {
  const all = processes();
  const children = new Map();
  for (const [pid, ppid] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(all.map(([pid, , r]) => [pid, r]));
  let sum = 0;
  let max = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop();
    const r = rss.get(pid) ?? 0;
    sum += r;
    max = Math.max(max, r);
    todo.push(...(children.get(pid) ?? []));
  }
  return { sum, max };
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
    const sample = () => {
      const { sum, max } = treeRss(child.pid);
      peak = Math.max(peak, sum);
      largest = Math.max(largest, max);
    };
    const timer = PROC ? setInterval(sample, 200) : undefined;
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code: code ?? signal, wall: (Date.now() - t) / 1000, cpu: PROC ? childCpu() - cpu0 : NaN, peak, largest });
    });
  });
}

const only = process.argv.slice(2);
const steps = only.length === 0 ? STEPS : STEPS.filter(([name]) => only.includes(name.split(' ')[0]));
const s = (x) => `${x.toFixed(0)} s`;
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
const t0 = Date.now();
const done = [];
let failed;
for (const [name, cmd] of steps) {
  const r = await run(cmd);
  done.push({ name: name.split(' ')[0], ...r });
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
const totals = `total ${s(wall)}${PROC ? `, cpu ${s(cpu)}, peak memory ${mb(peak)} (largest process ${mb(largest)})` : ''}`;
const what = failed === undefined ? `PASS (${done.length} steps` : `FAIL at ${failed.name} (exit ${failed.code}`;
console.log(`\nnpm test: ${what}; ${perStep}; ${totals})`);
process.exit(failed === undefined ? 0 : typeof failed.code === 'number' ? failed.code : 1);
