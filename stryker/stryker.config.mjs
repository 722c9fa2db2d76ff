// StrykerJS config for one area of stryker/areas.mjs, chosen by ZKVAULT_MUTATE_AREA. Run all areas
// through `npm run mutate` (scripts/mutate.mjs), which sets the variable and collects the scores.
import { AREAS } from './areas.mjs';

const name = process.env.ZKVAULT_MUTATE_AREA;
const area = AREAS.find((a) => a.name === name);
if (area === undefined) throw new Error(`ZKVAULT_MUTATE_AREA must be one of: ${AREAS.map((a) => a.name).join(', ')}`);
// `npm run mutate -- --new-tests=a,b <area>` runs only the given (new) test files against the area's
// mutants: its report goes to reports/mutation/<area>+new/, and scripts/mutate.mjs merges it with the
// area's last full report (a mutant is killed if any test kills it).
const newTests = process.env.ZKVAULT_MUTATE_TESTS;
const out = newTests === undefined ? area.name : `${area.name}+new`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'stryker/vitest.config.ts', related: false },
  // Type errors in a mutant are not test results; the checker is too slow for this machine, so
  // mutants that do not compile still run (vitest strips types) and are counted like any other.
  mutate: area.mutate,
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants such as labels and group primes) rerun every test of the
  // area each; on this shared 2-core machine they are skipped unless ZKVAULT_MUTATE_STATIC=1.
  ignoreStatic: process.env.ZKVAULT_MUTATE_STATIC !== '1',
  concurrency: Number(process.env.ZKVAULT_MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${out}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${out}/mutation.json` },
  // Incremental: a rerun after new tests only re-tests the mutants whose code or covering tests
  // changed (result file per area); ZKVAULT_MUTATE_FULL=1 forces every mutant to run again.
  incremental: newTests === undefined,
  incrementalFile: `reports/mutation/${out}/stryker-incremental.json`,
  force: process.env.ZKVAULT_MUTATE_FULL === '1',
  tempDirName: `.stryker-tmp/${out}`,
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
  // Only what the tests need in the sandbox.
  ignorePatterns: ['docs', 'bench', 'examples', 'reports', 'dist', 'coverage', '.tmp'],
};
