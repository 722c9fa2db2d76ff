#!/usr/bin/env node
// Runs the packed package in Deno, Bun and workerd (their npm packages, installed by .ci/run into
// .ci/runtimes): the model flow (test/runtimes/flow.mjs) in each, and every shipped vector suite
// (`zkvault vectors`) in Deno and Bun. Prints a runtime × tests-passed table; exits 1 if any check
// of an installed runtime fails. A runtime that is not installed is reported, not failed.
// Usage: node scripts/check-runtimes.mjs [bin dir]   (default .ci/runtimes/node_modules/.bin)
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = resolve(process.argv[2] ?? join(root, '.ci/runtimes/node_modules/.bin'));
const dir = mkdtempSync(join(tmpdir(), 'zkvault-runtimes-'));
const rows = [];
let failed = false;

function record(runtime, check, r, parse) {
  const out = `${r.stdout ?? ''}`;
  const ok = r.status === 0;
  const counts = parse(out);
  if (!ok) failed = true;
  rows.push({ runtime, check, result: ok ? `pass: ${counts}` : `FAIL (exit ${r.status}) ${counts}` });
  if (!ok) console.error(`--- ${runtime} ${check} ---\n${out}\n${r.stderr ?? ''}`);
}
const flowCount = (out) => (out.match(/^(\d+) passed$/m)?.[1] ?? '0') + '/7 flow steps, ' + (out.match(/^backend (\w+)/m)?.[1] ?? '?') + ' backend';
const vectorCount = (out) => out.trim().split('\n').at(-1) ?? '';

try {
  const tgz = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }))[0].filename;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', join(dir, tgz), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd: dir });
  for (const f of ['flow.mjs', 'worker.mjs', 'workerd.capnp']) copyFileSync(join(root, 'test/runtimes', f), join(dir, f));
  const cli = join(dir, 'node_modules/zkvault/dist/cli.js');
  const opts = { cwd: dir, encoding: 'utf8', timeout: 600_000 };

  for (const [name, args] of [['deno', ['run', '-A']], ['bun', []]]) {
    const exe = join(bin, name);
    if (!existsSync(exe)) {
      rows.push({ runtime: name, check: '-', result: `not installed (${exe})` });
      continue;
    }
    const version = spawnSync(exe, ['--version'], opts).stdout.split('\n')[0].replace(/ \(.*/, '').replace(/^deno /, '').trim();
    record(`${name} ${version}`, 'model flow', spawnSync(exe, [...args, 'flow.mjs'], opts), flowCount);
    record(`${name} ${version}`, 'zkvault vectors', spawnSync(exe, [...args, cli, 'vectors'], opts), vectorCount);
  }

  const workerd = join(bin, 'workerd');
  if (!existsSync(workerd)) rows.push({ runtime: 'workerd', check: '-', result: `not installed (${workerd})` });
  else {
    await build({ entryPoints: [join(dir, 'worker.mjs')], bundle: true, format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'], outfile: join(dir, 'worker.bundle.mjs'), logLevel: 'warning' });
    const version = spawnSync(workerd, ['--version'], opts).stdout.trim();
    const r = spawnSync(workerd, ['test', 'workerd.capnp'], opts);
    // workerd prints the worker's console output and its own [ PASS ] / [ FAIL ] lines to stderr.
    record(version, 'model flow', { ...r, stdout: `${r.stdout}${r.stderr}` }, flowCount);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const w = [Math.max(7, ...rows.map((r) => r.runtime.length)), Math.max(5, ...rows.map((r) => r.check.length))];
console.log(`${'runtime'.padEnd(w[0])}  ${'check'.padEnd(w[1])}  result`);
for (const r of rows) console.log(`${r.runtime.padEnd(w[0])}  ${r.check.padEnd(w[1])}  ${r.result}`);
console.log(failed ? 'runtimes: FAILED' : 'runtimes: all installed runtimes passed');
process.exitCode = failed ? 1 : 0;
