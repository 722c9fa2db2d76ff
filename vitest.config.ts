import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { PGLITE_NODE_FLAGS } from './test/server/pglite-flags.js';

// Library code imports `#backend/<family>`; in the source tree (tests) that is the Node backend.
// Suites that must also cover the web backend import both backends explicitly and run per backend.
const nodeBackend = fileURLToPath(new URL('./src/backend/node/', import.meta.url));
const root = fileURLToPath(new URL('./', import.meta.url));

// Each project is a vite server of its own in vitest's process, and each transformed (TypeScript to
// JavaScript, import rewriting, source maps) every src/ module its files import: the same module once
// per project, about half of that process's CPU with its garbage collection. vitest's
// `experimental.fsModuleCache` keys a transform by the module's source, the resolved vite config
// (aliases, plugins) and vitest's version, the same for every project here, so with one cache
// directory each module is transformed once per run and the other projects read the result (which the
// forked workers read from a file either way).
// The directory is new for every run of vitest's process and removed when it exits: nothing outlives
// the run (a cache kept across runs would also keep import paths resolved before a file was added or
// moved). docs/testing.md, "Round 6 (vm13)". ZKVAULT_VITEST_FSCACHE=0 turns it off, to measure.
const RUN_CACHE = process.env['ZKVAULT_VITEST_FSCACHE'] === '0' ? undefined : join(tmpdir(), `zkvault-vitest-${process.pid}`);
// vitest loads this file once per project (`extends: true`), in the same process: one exit hook.
const CLEANUP = Symbol.for('zkvault.vitest.run-cache');
if (RUN_CACHE !== undefined && !(CLEANUP in globalThis)) {
  Object.defineProperty(globalThis, CLEANUP, { value: true });
  process.once('exit', () => rmSync(RUN_CACHE, { recursive: true, force: true }));
}

// examples/ import the library by package name, as a copied example would. Under vitest they get the
// source entry points (package.json "exports" maps `zkvault/<entry>` to dist/<entry>, built from
// src/<entry>/index.ts), so test/server runs without a build; `npm run demo` uses dist/.
const examplesUseSource: Plugin = {
  name: 'examples-use-source',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer === undefined || !importer.startsWith(`${root}examples/`)) return null;
    const m = /^zkvault(?:\/(.+))?$/.exec(source);
    if (m === null) return null;
    return m[1] === undefined ? `${root}src/index.ts` : `${root}src/${m[1]}/index.ts`;
  },
};

// Test files that replace or watch process-wide state each get a fresh module graph: vi.mock of
// node:crypto, node:fs or noble, WebCrypto stubbed without a restore in afterEach, forced gc and event-loop timing, module-level state that
// the test is about (named MODP groups); the `window`/`self` shim of the Insomnia peer bundle is PEER's
// (embedded PGlite databases, whose WebAssembly heaps are hundreds of MB, are in HEAVY below: one
// file at a time, in workers of their own). Every other
// file shares one module graph per worker (`isolate: false`): vitest and src load once per worker
// instead of once per file (docs/testing.md, "npm test budget"). A stub of `crypto` that the file
// removes in `afterEach` (backend/info, aead/web-engine) does not need a fresh graph: no src module
// reads `crypto.subtle` at load (docs/testing.md, "Round 4"); nor does one removed in `afterAll`, which
// runs when a test fails too (kdf/pbkdf2-vectors: the web KDF reads `crypto.subtle` per call).
const ISOLATED = [
  // Not for process-wide state: after test/package/release.test.ts in the same worker its heap reached
  // 390-460 MB (worker 500-630 MB RSS, also with --max-old-space-size=384); alone, 195 MB
  // (docs/testing.md, "Round 4"). A fresh fork exits after it.
  'test/api/bad-values.test.ts',
  'test/aead/short-input.test.ts',
  'test/hpke/x25519-zero.test.ts',
  // Forces collections between its 64 MiB steps; a fresh fork also returns its memory when it exits.
  'test/model/resource-size.test.ts',
  'test/srp/modpow-named.test.ts',
  'test/srp/prepare-worker.test.ts',
  'test/vault/migrate-fs-errors.test.ts',
];

// Files that load @getinsomnia/srp-js, a browser bundle that reads `window`/`self` at load: all load it
// through test/compat/insomnia-peer.ts, which installs the shim (`window = self = globalThis`) first and
// filters the bundle's one console.log line, so the bundle is evaluated the same way whichever file
// comes first. The shim must not reach other files (no src module reads `window`, but a test of
// environment detection could), so they were isolated; they are compatible with each other, so they
// share one module graph per worker in their own project (`peer`): a worker is reused only for the
// next file of the same project, so the shim never meets another project's file, and the bundle,
// vitest and src load once per worker instead of once per file (docs/testing.md, "Round 5 (iso13)").
const PEER = [
  'test/compat/insomnia-account.test.ts',
  'test/compat/insomnia-interop.test.ts',
  'test/compat/insomnia-migrate.test.ts',
  'test/compat/insomnia-srp.test.ts',
  'test/compat/insomnia-vectors.test.ts',
  'test/srp/interop.test.ts',
];

// Files that measure the event loop's turns or the heap: they run last, one at a time, so the other
// worker's CPU-bound tests do not starve their timers on 2 cores. The streaming envelope's two pacing
// tests live in event-loop.test.ts, so the rest of stream.test.ts (~4 s of CPU) runs in `shared`
// instead of alone on one core at the end.
const TIMING = ['test/envelope/event-loop.test.ts', 'test/envelope/stream-memory.test.ts'];

// The heavy group runs first, one worker at a time, for memory: the files with embedded PGlite in the
// test process (WebAssembly heaps of hundreds of MB; as isolated files two ran at a time, 940-1,200 MB
// together before vitest's own process: docs/testing.md, "Round 4").
// First, not last: vitest's own process is smallest at the start (docs/testing.md, "Round 3"), and
// npm test runs typedoc next to it on the core this group leaves free (scripts/test.mjs).
// The PGlite files share one worker and module graph (`pglite` project, `isolate: false`), one file
// after another: vitest, src and PGlite's compiled WebAssembly module load once instead of once per
// file (CPU 23.4 -> 15.8 s for the five, worker max RSS 345 -> 430 MB; each file closes its
// databases). Every PGlite process runs with V8's baseline WebAssembly compiler only
// (test/server/pglite-flags.ts: less CPU, ~85 MB less RSS). docs/testing.md, "Round 5 (pg13)".
const PGLITE = ['test/adversary/server.test.ts', 'test/server/**/*.test.ts'];
const PGLITE_IN_CHILDREN = ['test/server/faults.test.ts'];
// The fault tests' worker is small (~90 MB) and their servers run one at a time in child processes
// (~270 MB each): they run in the main group, a fresh fork (project `isolated`) first in the group's
// queue, next to the compiler project's files, instead of alone on one core in the heavy group
// (docs/decisions.md, "Single-threaded steps fill the idle core").
// The demo test is the same: its worker is small (~60 MB) and its server (~300 MB) is a child process.
// It runs in a fresh fork (project `isolated`), queued after the compiler project's files, by when the
// fault tests are usually done (both at once, with vitest's own process, would be ~930 MB RSS).
const DEMO = ['test/examples/demo.test.ts'];
// The 64 MiB resource test (test/model/resource-size.test.ts, in ISOLATED above) used to be the largest
// worker of all (~700-750 MB RSS) and ran alone in this group in a project `solo`; with the library's
// large-resource path lean and the test dropping each value between steps it peaks at ~345 MB, so it
// runs in the main group's two-worker queue (docs/testing.md, "Round 6 (mem13)").
const HEAVY = [...PGLITE];

// Shared files that load the TypeScript compiler or esbuild in-process: TypeScript's program stays in
// the worker's heap (~150-200 MB) after the file. They get their own shared project, `compiler`: vitest
// reuses a worker only for the next file of the same project, so its workers exit when its files are
// done instead of carrying that heap through the rest of the run (docs/testing.md, "Round 4").
const COMPILER = [
  'test/package/dts.test.ts',
  'test/package/bundle.test.ts',
  'test/static/constant-time.test.ts',
  'test/docs/tsdoc-examples.test.ts',
  'test/docs/tsdoc-examples-2.test.ts',
  'test/docs/readme.test.ts',
  'test/docs/snippet-runner.test.ts',
];

// Where a file of project `isolated` queues in its group: as if in a project of this name (vitest
// queues a group's projects in order of name, and LongestFirst below keeps that order by these
// names). They were projects of their own (`children`, `demo`) with the same settings as `isolated`;
// one project is one vite server and module graph less each in vitest's own process, which
// transformed the src/ files they import once per project (docs/testing.md, "Round 6 (vm13)").
const QUEUE_AS = new Map([
  ...PGLITE_IN_CHILDREN.map((f) => [f, 'children'] as const), // before `compiler`: first in the group
  ...DEMO.map((f) => [f, 'demo'] as const), // after `compiler`, before the other isolated files
]);

// Files of their own projects, so not in `shared`.
const MAIN_SEPARATE = [...ISOLATED, ...PEER, ...TIMING, ...HEAVY, ...PGLITE_IN_CHILDREN, ...DEMO, ...COMPILER];

// Run order (vitest's sequence.groupOrder; a negative order is silently never run, and order 0 with
// one worker goes last, so the orders start at 1): heavy, then compiler ‖ isolated ‖ shared, then timing.
const [HEAVY_ORDER, MAIN_ORDER, TIMING_ORDER] = [1, 2, 3];

const project = (name: string, isolate: boolean, files: { include: string[]; exclude?: string[] }): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, isolate, ...files, sequence: { groupOrder: MAIN_ORDER } },
});

// The longest files of their projects (seconds of wall each, measured: docs/testing.md, "Round 5,
// merged"), longest first. vitest queues a project's files longest first only from the durations of an
// earlier run (its cache); a fresh clone, which is what CI and a new user run, has none, and vitest then
// queues larger files first: crash.test.ts (~20 s) started near the end of `shared`'s queue, leaving
// the other worker idle while it ran. These files go first in their project's queue, in this order;
// the rest keep vitest's order. The groups and the projects' order are unchanged (QUEUE_AS: the
// fault tests and the demo keep the places of their former projects).
const LONGEST_FIRST = [
  'test/vault/crash.test.ts',
  'test/package/release.test.ts',
  'test/compat/insomnia-srp.test.ts',
  'test/docs/tsdoc-examples.test.ts',
  'test/docs/tsdoc-examples-2.test.ts',
  'test/srp/srp.test.ts',
  'test/compat/insomnia-interop.test.ts',
  'test/cli/cli.test.ts',
  'test/srp/interop.test.ts',
  'test/compat/insomnia-srp-js.test.ts',
  'test/adversary/group-log.test.ts',
  'test/backend/ed25519.test.ts',
  'test/docs/readme.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const at = new Map(base.map((f, i) => [f, i]));
    const path = (f: TestSpecification): string => relative(root, f.moduleId).replaceAll('\\', '/');
    const rank = (f: TestSpecification): number => {
      const i = LONGEST_FIRST.indexOf(path(f));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    const group = (f: TestSpecification): number => f.project.config.sequence.groupOrder;
    const queue = (f: TestSpecification): string => QUEUE_AS.get(path(f)) ?? f.project.name;
    // vitest's order of blocks (group, then project name, as QUEUE_AS names it); inside a block, the
    // listed files first, the rest in vitest's order.
    const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return [...base].sort((a, b) => group(a) - group(b) || byName(queue(a), queue(b)) || rank(a) - rank(b) || at.get(a)! - at.get(b)!);
  }
}

export default defineConfig({
  plugins: [examplesUseSource],
  resolve: {
    alias: [
      { find: /^#backend\/(.*)$/, replacement: `${nodeBackend}$1.ts` },
      // typescript through require() in the workers (test/helpers/typescript-cjs.ts says why).
      { find: /^typescript$/, replacement: `${root}test/helpers/typescript-cjs.ts` },
    ],
  },
  test: {
    // One transform of each module per run instead of one per project (above).
    ...(RUN_CACHE === undefined ? {} : { experimental: { fsModuleCache: true, fsModuleCachePath: RUN_CACHE } }),
    testTimeout: 60_000,
    // Logs each file's worker memory when ZKVAULT_MEMLOG=<path> is set; registers nothing otherwise.
    setupFiles: [`${root}test/helpers/memory-log.ts`],
    hookTimeout: 120_000,
    // vitest's default on 2 cores is one worker (cores - 1); the work is CPU-bound and the main
    // process mostly idle, so use both.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      project('shared', false, { include: ['test/**/*.test.ts'], exclude: MAIN_SEPARATE }),
      // Within a group the projects' files are queued in order of name (QUEUE_AS for two isolated
      // files): faults (isolated), compiler, demo (isolated), isolated, peer, shared.
      project('compiler', false, { include: COMPILER }),
      project('peer', false, { include: PEER }),
      // The heavy group, one worker at a time: pglite's files (one worker).
      {
        extends: true,
        test: { name: 'pglite', include: PGLITE, exclude: PGLITE_IN_CHILDREN, isolate: false, maxWorkers: 1, execArgv: [...PGLITE_NODE_FLAGS], sequence: { groupOrder: HEAVY_ORDER } },
      },
      { extends: true, test: { name: 'timing', include: TIMING, maxWorkers: 1, sequence: { groupOrder: TIMING_ORDER } } },
      {
        extends: true,
        test: {
          name: 'isolated',
          // A fresh fork per file (isolate: true is vitest's default).
          include: [...ISOLATED, ...PGLITE_IN_CHILDREN, ...DEMO],
          sequence: { groupOrder: MAIN_ORDER },
          // The type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) fail `npm run typecheck`,
          // which checks every file of tsconfig.test.json before vitest runs; vitest's own tsc run over
          // them repeated that work (and its memory) next to the workers, so it is off by default.
          // `ZKVAULT_TYPETESTS=1 npx vitest run` reports them as vitest tests (tsconfig.typetests.json).
          typecheck: { enabled: process.env['ZKVAULT_TYPETESTS'] === '1', include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.typetests.json' },
        },
      },
    ],
  },
});
