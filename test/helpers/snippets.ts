// Runs a TypeScript snippet as a user would: bundled by esbuild with `zkvault/*` mapped to the source
// entry points (as package.json "exports" maps them to dist) and executed by a fresh Node process.
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

const SOURCE: Record<string, string> = {
  zkvault: 'src/index.ts',
  'zkvault/envelope': 'src/envelope/index.ts',
  'zkvault/kdf': 'src/kdf/index.ts',
  'zkvault/srp': 'src/srp/index.ts',
  'zkvault/hpke': 'src/hpke/index.ts',
  'zkvault/compat/insomnia': 'src/compat/insomnia/index.ts',
  'zkvault/vault': 'src/vault/index.ts',
};

const resolveSource: Plugin = {
  name: 'zkvault-source',
  setup(b) {
    b.onResolve({ filter: /^zkvault(\/.*)?$/ }, (a) => {
      const file = SOURCE[a.path];
      return file === undefined ? { errors: [{ text: `snippet imports unknown entry ${a.path}` }] } : { path: root + file };
    });
    b.onResolve({ filter: /^#backend\// }, (a) => ({ path: `${root}src/backend/node/${a.path.slice('#backend/'.length)}.ts` }));
  },
};

/** Bundles and runs `code`; returns the child's exit status and output. */
export async function runSnippet(code: string, name: string, id: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  mkdirSync(`${root}.tmp/snippets`, { recursive: true });
  const outfile = `${root}.tmp/snippets/${id}.mjs`;
  await build({
    stdin: { contents: code, loader: 'ts', resolveDir: root, sourcefile: name },
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
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
