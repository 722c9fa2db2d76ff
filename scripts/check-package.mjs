#!/usr/bin/env node
// `npm run check:package`: publint on the package folder, then attw on the packed tarball. The
// tarball is packed once, into .tmp/pack/ (attw's `--pack` packed it again and deleted it), and
// `npm test` hands it to test/package/release.test.ts (ZKVAULT_PACKED_TARBALL), which installs that
// tarball instead of packing the same dist/ a second time (docs/testing.md, "Round 7 (dx13)").
// Prints the tarball's path as its last line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const dir = join(root, '.tmp/pack');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const tarball = join(dir, JSON.parse(out)[0].filename);

run([bin('publint', 'src/cli.js'), '--strict']);
// attw loads TypeScript through require() (scripts/require-typescript.mjs: docs/testing.md, "Round 7 (vt13)").
run(['--import', pathToFileURL(join(root, 'scripts/require-typescript.mjs')).href, bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'table-flipped']);
console.log(tarball);
