#!/usr/bin/env node
// `npm test`: typecheck, build, vitest, package checks, API docs, in order, stopping at the first
// failure. Ends with one summary line, `npm test: PASS (…)` or `npm test: FAIL at <step> (…)`, so the
// last line of the log says how the run went.
import { spawnSync } from 'node:child_process';

const STEPS = [
  ['typecheck', 'npm run --silent typecheck'],
  ['build', 'npx tsup --silent'],
  ['vitest', 'npx vitest run'],
  ['package checks (publint, attw)', 'npm run --silent check:package'],
  ['docs (typedoc)', 'npx typedoc --logLevel Warn'],
];

const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(0)} s`;
const times = [];
for (const [name, cmd] of STEPS) {
  const t = Date.now();
  const r = spawnSync(cmd, { shell: true, stdio: 'inherit' });
  times.push(`${name.split(' ')[0]} ${secs(t)}`);
  if (r.status !== 0) {
    console.log(`\nnpm test: FAIL at ${name} (exit ${r.status ?? r.signal}; ${times.join(', ')}; total ${secs(t0)})`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\nnpm test: PASS (${STEPS.length} steps: ${times.join(', ')}; total ${secs(t0)})`);
