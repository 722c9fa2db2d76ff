// V8 flags for the test processes that run embedded PGlite: the `heavy` vitest workers
// (vitest.config.ts), the server children (process.ts) and the demo's child (test/examples/demo.test.ts).
// Liftoff, V8's baseline WebAssembly compiler, only: by default V8 also recompiles PGlite's hot
// functions with TurboFan on background threads at every start-up, CPU and memory that a test
// process's few hundred queries never win back (test/server/load.test.ts: 10.4 -> 6.4 s of CPU, worker
// 400 -> 314 MB max RSS, logins no slower; docs/testing.md, "Round 5 (pg13)"). Test-only: `npm run
// demo` and the example server run with V8's defaults. ZKVAULT_PGLITE_FLAGS="<flags>" replaces the
// list (an empty value: none), to measure without it.
const override = process.env['ZKVAULT_PGLITE_FLAGS'];

export const PGLITE_NODE_FLAGS: readonly string[] = override === undefined ? ['--liftoff-only'] : override.split(' ').filter((f) => f !== '');
