/**
 * `zkvault vectors`: runs every shipped vector file through the library and prints one row per
 * suite, ending with the line `N passed, N failed[, N skipped (S slow, R rejected by design)]`.
 * A vector file that cannot be read or parsed is a failing row (exit 1), in the table and in --json.
 * @module
 */
import type { Suite, SuiteContext, SuiteResult } from './suite.js';
import { aeadSuites } from './suites/aead.js';
import { ed25519Suites } from './suites/ed25519.js';
import { hpkeSuites } from './suites/hpke.js';
import { insomniaSuites } from './suites/insomnia.js';
import { kdfSuites } from './suites/kdf.js';
import { modelSuites } from './suites/model.js';
import { srpSuites } from './suites/srp.js';
import { xwingSuites } from './suites/xwing.js';

/** Every suite, in report order. */
export const SUITES: readonly Suite[] = [...kdfSuites, ...aeadSuites, ...srpSuites, ...hpkeSuites, ...xwingSuites, ...ed25519Suites, ...modelSuites, ...insomniaSuites];

/** Options of {@link runVectors}. */
export interface VectorsOptions {
  suite?: string;
  json: boolean;
  slow: boolean;
  /** @returns the text of a vector file, by path relative to the vectors directory. */
  readText: (file: string) => Promise<string>;
  out: (line: string) => void;
  progress: (line: string) => void;
}

/** @returns the exit code: 0 if nothing failed, 1 otherwise (2 for an unknown suite). */
export async function runVectors(o: VectorsOptions): Promise<number> {
  const chosen = o.suite === undefined ? SUITES : SUITES.filter((s) => s.name === o.suite || s.name.startsWith(`${o.suite}`));
  if (chosen.length === 0) {
    o.out(`unknown suite "${o.suite}"; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const ctx: SuiteContext = { slow: o.slow, readText: o.readText, progress: o.progress };
  const results: SuiteResult[] = [];
  for (const [i, s] of chosen.entries()) {
    o.progress(`[${i + 1}/${chosen.length}] ${s.name} (${s.file}) ...`);
    results.push(await s.run(ctx));
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const slow = results.reduce((n, r) => n + r.skipped.slow, 0);
  const rejected = results.reduce((n, r) => n + r.skipped.rejected, 0);
  const skipped = slow + rejected;
  if (o.json) {
    o.out(JSON.stringify({ passed, failed, skipped, skippedSlow: slow, skippedRejected: rejected, suites: results }, null, 2));
  } else {
    const w = Math.max(...results.map((r) => r.suite.length), 5);
    o.out(`${'suite'.padEnd(w)}  vectors  passed  failed  skipped(reason)`);
    for (const r of results) {
      const sk = Object.entries(r.skipReasons).map(([why, n]) => `${n} (${why})`).join(', ') || '0';
      o.out(`${r.suite.padEnd(w)}  ${String(r.vectors).padStart(7)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${sk}`);
      for (const f of r.failures.slice(0, 10)) o.out(`  FAILED ${f}`);
    }
    o.out(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped (${slow} slow: run with --slow, ${rejected} rejected by design)` : ''}`);
  }
  return failed > 0 ? 1 : 0;
}
