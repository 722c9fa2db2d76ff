// Runs examples/server/main.ts as a real child process (built once with esbuild, like
// scripts/run-ts.mjs, but spawned directly so signals reach the server itself).
import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGLITE_NODE_FLAGS } from './pglite-flags.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export async function buildServerMain(): Promise<string> {
  const outDir = resolve(root, '.tmp');
  mkdirSync(outDir, { recursive: true });
  const outfile = resolve(outDir, `server-main-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [resolve(root, 'examples/server/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'warning',
    // `#backend/*` and the example's `zkvault/*` imports resolve to the source tree (no build needed).
    plugins: [
      {
        name: 'source',
        setup: (b) => {
          b.onResolve({ filter: /^#backend\// }, (a) => ({ path: resolve(root, 'src/backend/node', `${a.path.slice(9)}.ts`) }));
          b.onResolve({ filter: /^zkvault(\/.*)?$/ }, (a) => ({ path: resolve(root, 'src', a.path.slice('zkvault/'.length), 'index.ts') }));
        },
      },
    ],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

// Children still running, so a failed assertion does not leave a server (and its PGlite) behind.
const running = new Set<ChildProcess>();

/** SIGKILLs every server child still running (for `afterEach`: a failed test skips its own SIGTERM). */
export function killStrayServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Starts the server on a free port; resolves once it prints its URL (150 s at most: PGlite starts slowly on a loaded machine). */
export function spawnServer(mainFile: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...PGLITE_NODE_FLAGS, mainFile, '0'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  running.add(child);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => (running.delete(child), r(code))));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`server did not start: ${out}`))), 150_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: m[1]!, child, exited, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before starting: ${out}`));
    });
  });
}
