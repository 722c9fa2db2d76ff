// Runs a TypeScript snippet as a user would: bundled by esbuild with `zkvault/*` mapped to the source
// entry points (as package.json "exports" maps them to dist) and executed as by `node <file>.mjs`,
// all of a test file's snippets in one fresh Node process (runSnippets).
import { build, stop, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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

/** One snippet to run: its TypeScript, a name for esbuild's messages, and a file-name-safe id. */
export interface Snippet {
  code: string;
  name: string;
  id: string;
}

/** How a snippet's run ended: the exit status its own Node process would have had, and its output. */
export interface SnippetResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Bundles each snippet into its own self-contained module (src included, so no module state is shared
 * between snippets) and runs them all in one fresh Node process (test/helpers/run-snippets.mjs), one
 * after another, each as `node <snippet>.mjs` would: one Node start-up instead of one per snippet.
 * Returns one result per snippet, in order; a snippet that does not bundle has status null.
 */
export async function runSnippets(snippets: readonly Snippet[], group: string): Promise<SnippetResult[]> {
  const outdir = `${root}.tmp/snippets/${group}`;
  mkdirSync(outdir, { recursive: true });
  const byId = new Map(snippets.map((s) => [s.id, s]));
  const virtual: Plugin = {
    name: 'snippet-source',
    setup(b) {
      b.onResolve({ filter: /^snippet:/ }, (a) => ({ path: a.path.slice('snippet:'.length), namespace: 'snippet' }));
      b.onLoad({ filter: /.*/, namespace: 'snippet' }, (a) => ({ contents: byId.get(a.path)!.code, loader: 'ts', resolveDir: root }));
    },
  };
  const bundle = async (entries: readonly Snippet[]): Promise<void> => {
    await build({
      entryPoints: Object.fromEntries(entries.map((s) => [s.id, `snippet:${s.id}`])),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir,
      outExtension: { '.js': '.mjs' },
      packages: 'external',
      plugins: [virtual, resolveSource],
      logLevel: 'silent',
    });
  };
  // One build per batch of 24 (esbuild parses src once per build; without splitting each output is
  // self-contained; one build of all 171 TSDoc examples grew esbuild's process to 337 MB RSS);
  // if one fails, one build per snippet finds which ones do not bundle.
  let built: (string | Error)[] = snippets.map((s) => `${outdir}/${s.id}.mjs`);
  try {
    for (let i = 0; i < snippets.length; i += 24) await bundle(snippets.slice(i, i + 24));
  } catch {
    built = await Promise.all(
      snippets.map(async (s) => {
        try {
          await bundle([s]);
          return `${outdir}/${s.id}.mjs`;
        } catch (e) {
          return e instanceof Error ? e : new Error(String(e));
        }
      }),
    );
  }
  // esbuild's service process keeps the memory of the builds; stopping it frees that now (the next
  // build starts a new one).
  await stop();
  const files = built.filter((f): f is string => typeof f === 'string');
  const results = `${outdir}/results.json`;
  const r = spawnSync(process.execPath, [`${root}test/helpers/run-snippets.mjs`, results, ...files], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`snippet runner exited with ${r.status ?? r.signal}: ${r.stderr}`);
  const ran = new Map((JSON.parse(readFileSync(results, 'utf8')) as (SnippetResult & { file: string })[]).map((x) => [x.file, x]));
  return built.map((f, i) => {
    if (typeof f !== 'string') return { status: null, stdout: '', stderr: `${snippets[i]!.name} does not bundle: ${f.message}` };
    const x = ran.get(f);
    return x === undefined ? { status: null, stdout: '', stderr: `${f} did not run` } : { status: x.status, stdout: x.stdout, stderr: x.stderr };
  });
}
