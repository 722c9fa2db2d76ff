#!/usr/bin/env node
// Runs a TypeScript entry (bench, vector generators, demo) from the source tree: esbuild bundles it
// for Node with `#backend/<family>` mapped to src/backend/node, then Node runs the bundle.
// Usage: node scripts/run-ts.mjs [node flags...] <file.ts> [args...]   (e.g. --expose-gc)
// Each run bundles into its own folder .tmp/run-ts/<name>-XXXXXX/<name>.mjs, removed when the child
// exits: two runs at once (two entries named main.ts, or one entry twice) never share a bundle. The
// folder stays inside the package so Node resolves `zkvault` and node_modules from the bundle as
// from the source, and the file keeps the entry's name (bench/harness.ts `isMain` looks at it).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const argv = process.argv.slice(2);
const firstFile = argv.findIndex((a) => !a.startsWith('--'));
const nodeFlags = firstFile < 0 ? argv : argv.slice(0, firstFile);
const [entry, ...args] = firstFile < 0 ? [] : argv.slice(firstFile);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const name = basename(entry).replace(/\.ts$/, '');
mkdirSync(resolve(root, '.tmp/run-ts'), { recursive: true });
const outDir = mkdtempSync(resolve(root, '.tmp/run-ts', `${name}-`));
const cleanup = () => rmSync(outDir, { recursive: true, force: true });
const outfile = resolve(outDir, `${name}.mjs`);
const backendAlias = {
  name: 'backend-alias',
  setup(b) {
    b.onResolve({ filter: /^#backend\// }, (a) => ({ path: resolve(root, 'src/backend/node', a.path.slice('#backend/'.length) + '.ts') }));
  },
};
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  packages: 'external',
  plugins: [backendAlias],
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
}).catch((e) => {
  cleanup();
  throw e;
});
// The child gets SIGINT/SIGTERM/SIGHUP sent to this process (so `kill <pid>` of a server started this
// way stops it), and this process exits with the child's code, or 128 + signal number if the child
// died of a signal, as a shell would report it.
const child = spawn(process.execPath, [...nodeFlags, outfile, ...args], { stdio: 'inherit', cwd: process.cwd() });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1));
});
