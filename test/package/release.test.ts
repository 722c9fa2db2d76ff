// Release checks: the packed tarball installs into a fresh consumer project, every subpath imports
// there (ESM import and CommonJS `require(esm)` from a .cjs file), a DOM-only strict TypeScript
// consumer typechecks against the shipped declarations, the shipped `zkvault vectors` runs from the installed copy, and the browser bundle of every
// entry point stays within its gzip budget. Needs dist/ (npm test builds first).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; version: string };
const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
const budget = JSON.parse(readFileSync(fileURLToPath(new URL('size-budget.json', import.meta.url)), 'utf8')) as Record<string, number>;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// scripts/test.mjs takes NODE_EXTRA_CA_CERTS out of the test processes' environment (start-up cost)
// and leaves it here for npm, which may reach the registry through a proxy.
const extraCa = process.env['ZKVAULT_NPM_EXTRA_CA_CERTS'];
const npmEnv = extraCa === undefined ? process.env : { ...process.env, NODE_EXTRA_CA_CERTS: extraCa };
const packed = process.env['ZKVAULT_PACKED_TARBALL'];

describe('packed package in a consumer project', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zkvault-consumer-'));
    // `npm test` packed dist/ in its package checks, after this run's build (scripts/check-package.mjs):
    // that tarball is installed as it is; run alone, this file packs its own.
    const tarball =
      packed ?? join(dir, (JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', env: npmEnv })) as { filename: string }[])[0]!.filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync(npm, ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', env: npmEnv });
  }, 240_000);
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('imports every subpath with ESM', () => {
    const script = subpaths.map((s) => `await import(${JSON.stringify(`zkvault${s.slice(1)}`)});`).join('\n') + '\nconsole.log("ok");';
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });

  it('requires every subpath from a .cjs file (require(esm), Node >= 20.19)', () => {
    const lines = subpaths.map((s) => {
      const spec = JSON.stringify(`zkvault${s.slice(1)}`);
      return `{ const m = require(${spec}); if (Object.keys(m).length === 0) throw new Error('empty ' + ${spec}); console.log(${spec}); }`;
    });
    // One real operation through require: an envelope round trip on the Node backend.
    lines.push(`const { seal, open } = require('zkvault/envelope');
(async () => {
  const key = require('node:crypto').randomBytes(32);
  const aad = new TextEncoder().encode('cjs');
  const back = await open(await seal(new TextEncoder().encode('require works'), key, { aad }), key, { aad });
  console.log(new TextDecoder().decode(back));
})().catch((e) => { console.error(e); process.exit(1); });`);
    writeFileSync(join(dir, 'require-all.cjs'), lines.join('\n'));
    const r = spawnSync(process.execPath, ['require-all.cjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([...subpaths.map((s) => `zkvault${s.slice(1)}`), 'require works']);
  });

  it('types pass a DOM-only strict consumer (lib es2022+dom, types [], skipLibCheck false)', () => {
    const imports = subpaths.map((s, i) => `import * as m${i} from ${JSON.stringify(`zkvault${s.slice(1)}`)};`);
    const uses = subpaths.map((_, i) => `m${i}`).join(', ');
    writeFileSync(join(dir, 'consumer.ts'), `${imports.join('\n')}\nexport const all: readonly object[] = [${uses}];\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, strict: true,
          module: 'esnext', moduleResolution: 'bundler', exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true,
        },
        files: ['consumer.ts'],
      }),
    );
    // skipDefaultLibCheck: TypeScript's own lib files are not re-checked (5 of the ~6.5 s of CPU).
    // The shipped declarations are still checked in full, and they cannot make an error appear in a
    // lib file as long as they declare nothing global, which this asserts first.
    const dts = readdirSync(join(dir, 'node_modules/zkvault/dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
    expect(dts.length).toBeGreaterThan(subpaths.length);
    for (const f of dts) expect(readFileSync(join(dir, 'node_modules/zkvault/dist', f), 'utf8'), f).not.toMatch(/\bdeclare\s+(global|module|namespace)\b/);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir, '--skipDefaultLibCheck'], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs the shipped vectors from the installed copy', () => {
    const r = spawnSync(join(dir, 'node_modules/.bin/zkvault'), ['vectors', '--suite', 'rfc5054'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rfc5054-srp\s+1\s+1\s+0/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed/m);
  });

  it('installs a working bin', () => {
    const r = spawnSync(join(dir, 'node_modules/.bin/zkvault'), ['--version'], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('browser bundle size per entry point (esbuild, minified, gzip)', () => {
  it.each(subpaths)('%s is within budget', async (sub) => {
    const file = (pkg.exports[sub] as { default: string }).default;
    const r = await build({ entryPoints: [join(root, file)], bundle: true, write: false, minify: true, format: 'esm', platform: 'browser', logLevel: 'silent', tsconfigRaw: {} });
    const bytes = gzipSync(r.outputFiles[0]!.contents).length;
    const limit = budget[sub];
    console.info(`[size] zkvault${sub.slice(1)}: ${(bytes / 1024).toFixed(1)} KiB gzip (budget ${limit === undefined ? 'none' : (limit / 1024).toFixed(1) + ' KiB'})`);
    expect(limit, `no budget for ${sub} in test/package/size-budget.json`).toBeDefined();
    expect(bytes).toBeLessThanOrEqual(limit!);
  });
});
