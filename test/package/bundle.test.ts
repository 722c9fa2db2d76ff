// The backend is chosen by package.json "imports" conditions, not by sniffing the runtime: a browser
// bundle of the built `zkvault/envelope` has no `node:` import, a Node bundle uses node:crypto.
// Needs `dist/` (npm test builds before running vitest).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { default?: string }> };
// Every public entry point, as dist file names: '.' → 'index', './compat/insomnia' → 'compat/insomnia'.
const entries = Object.entries(pkg.exports)
  .filter(([k]) => k !== './package.json')
  .map(([, v]) => v.default!.replace(/^\.\/dist\//, '').replace(/\.js$/, ''));

async function bundle(entry: string, platform: 'browser' | 'node'): Promise<string> {
  const r = await build({
    entryPoints: [`${dist}${entry}.js`],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    minify: false,
    logLevel: 'silent',
    tsconfigRaw: {}, // as a consumer sees it: our tsconfig `paths` (source-tree mapping) must not apply
    external: platform === 'node' ? ['node:*'] : [],
  });
  return r.outputFiles[0]!.text;
}

describe('platform selection through package.json imports', () => {
  it('dist exists (run `npm run build` first)', () => {
    expect(existsSync(`${dist}envelope.js`)).toBe(true);
  });

  it.each(entries)('browser bundle of dist/%s.js has no node: import and uses the web backend', async (entry) => {
    const code = await bundle(entry, 'browser');
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/createCipheriv|pbkdf2Sync|randomFillSync/);
    expect(code).toMatch(/name: "web"/);
  });

  it.each(entries)('node bundle of dist/%s.js uses node:crypto', async (entry) => {
    const code = await bundle(entry, 'node');
    expect(code).toMatch(/from "(node:)?crypto"/);
    expect(code).toMatch(/name: "node"/);
    expect(code).not.toMatch(/name: "web"/);
  });
});
