#!/usr/bin/env node
// npm "prepare": runs on `npm install <git url or path>` (npm clones, installs dev dependencies,
// then packs), so a git install gets a built dist/. It also runs on a plain `npm install`/`npm ci`
// in this repository, where it builds only when dist/ is missing (npm test rebuilds anyway).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (existsSync(new URL('../dist/index.js', import.meta.url))) process.exit(0);
const r = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
process.exit(r.status ?? 1);
