// Every `@example` in the public API's TSDoc runs. Each ```ts block inside an @example is bundled
// with `zkvault/*` mapped to the source entry points and executed in Node; it must exit 0 with no
// stderr. Excluded: src/backend/ and src/cli/ (not public API) and doc blocks tagged @internal.
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

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
      return file === undefined ? { errors: [{ text: `example imports unknown entry ${a.path}` }] } : { path: root + file };
    });
    b.onResolve({ filter: /^#backend\// }, (a) => ({ path: `${root}src/backend/node/${a.path.slice('#backend/'.length)}.ts` }));
  },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = `${dir}/${name}`;
    if (statSync(p).isDirectory()) return name === 'backend' || name === 'cli' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

interface Example {
  where: string;
  code: string;
}

/** Extracts the ```ts blocks of every @example in every non-@internal doc comment. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sourceFiles(`${root}src`)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      if (/@internal\b/.test(body)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      for (const ex of body.matchAll(/@example[\s\S]*?```ts\n([\s\S]*?)```/g)) {
        out.push({ where: `${file.slice(root.length)}:${line}`, code: ex[1]! });
      }
    }
  }
  return out;
}

const all = examples();

describe('TSDoc @example blocks', () => {
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(50);
    console.info(`[examples] ${all.length} TSDoc examples`);
  });

  it.each(all.map((e, i) => [e.where, i, e.code] as const))('%s runs', async (where, i, code) => {
    mkdirSync(`${root}.tmp/examples`, { recursive: true });
    const outfile = `${root}.tmp/examples/example-${i}.mjs`;
    await build({
      stdin: { contents: code, loader: 'ts', resolveDir: root, sourcefile: where },
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
    expect(r.stderr, `${where}\n${code}`).toBe('');
    expect(r.status, `${where}\n${code}`).toBe(0);
  });
});
