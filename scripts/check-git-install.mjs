#!/usr/bin/env node
// CI check of the `prepare` script: `npm install git+file://<repo>#<HEAD>` in a fresh consumer
// project (npm clones, installs dev dependencies, runs prepare, packs) must give a built dist/ that
// imports and requires. Tests the committed HEAD, as a git install would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'zkvault-git-install-'));
const fail = (msg) => {
  console.error(`git install: FAIL ${msg}`);
  process.exitCode = 1;
};
try {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const t0 = Date.now();
  const r = spawnSync('npm', ['install', `git+file://${root}#${head}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) fail(`npm install exited ${r.status}\n${r.stderr}`);
  const pkg = join(dir, 'node_modules/zkvault');
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'LICENSE']) if (!existsSync(join(pkg, f))) fail(`missing ${f}`);
  writeFileSync(join(dir, 'check.cjs'), "const m = require('zkvault/envelope'); if (typeof m.seal !== 'function') throw new Error('no seal'); console.log('ok');");
  const c = spawnSync(process.execPath, ['check.cjs'], { cwd: dir, encoding: 'utf8' });
  if (c.stdout.trim() !== 'ok') fail(`require failed\n${c.stderr}`);
  if (!process.exitCode) console.log(`git install: ok (${head.slice(0, 7)}, dist built by prepare, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
