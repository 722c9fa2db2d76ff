// Every TypeScript example in README.md runs: each ```ts block is bundled with `zkvault/*` mapped to
// the source entry points (as package.json "exports" maps them to dist) and executed in Node.
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

const SOURCE: Record<string, string> = {
  zkvault: 'src/index.ts',
  'zkvault/envelope': 'src/envelope/index.ts',
  'zkvault/kdf': 'src/kdf/index.ts',
  'zkvault/srp': 'src/srp/index.ts',
  'zkvault/hpke': 'src/hpke/index.ts',
  'zkvault/compat/insomnia': 'src/compat/insomnia/index.ts',
};
const resolveSource: Plugin = {
  name: 'zkvault-source',
  setup(b) {
    b.onResolve({ filter: /^zkvault(\/.*)?$/ }, (a) => {
      const file = SOURCE[a.path];
      return file === undefined ? { errors: [{ text: `README imports unknown entry ${a.path}` }] } : { path: root + file };
    });
    b.onResolve({ filter: /^#backend\// }, (a) => ({ path: `${root}src/backend/node/${a.path.slice('#backend/'.length)}.ts` }));
  },
};

describe('README examples', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs', async (i, code) => {
    mkdirSync(`${root}.tmp`, { recursive: true });
    const outfile = `${root}.tmp/readme-example-${i}.mjs`;
    await build({
      stdin: { contents: code, loader: 'ts', resolveDir: root, sourcefile: `README example ${i}` },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      packages: 'external',
      plugins: [resolveSource],
      logLevel: 'silent',
    });
    const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
