#!/usr/bin/env node
// `npm run mutate [area...]`: runs StrykerJS once per area of stryker/areas.mjs (all areas, in
// priority order, unless some are named), one after the other, and prints the wall time and the
// mutation score of every file. Reports: reports/mutation/<area>/index.html and mutation.json;
// summary: reports/mutation/summary.json. Not part of `npm test` (too slow for CI's budget).
// `--new-tests=a.test.ts,b.test.ts` runs only those test files against the area's mutants (minutes,
// not tens of minutes) and merges the result with the area's last full report: the summary then
// gives each file's score before and after the new tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AREAS } from '../stryker/areas.mjs';

const args = process.argv.slice(2);
const newTests = args.find((a) => a.startsWith('--new-tests='))?.slice('--new-tests='.length);
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !AREAS.some((a) => a.name === w));
if (unknown.length > 0) {
  console.error(`unknown area(s): ${unknown.join(', ')}; areas: ${AREAS.map((a) => a.name).join(', ')}`);
  process.exit(2);
}
const areas = wanted.length === 0 ? AREAS : AREAS.filter((a) => wanted.includes(a.name));

/** Stryker's mutation score: killed + timeout over all valid mutants (no-coverage counts as survived). */
function scores(report) {
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const n = (s) => mutants.filter((m) => m.status === s).length;
    const detected = n('Killed') + n('Timeout');
    const undetected = n('Survived') + n('NoCoverage');
    const total = detected + undetected;
    const survivors = mutants
      .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
      .map((m) => `${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status}: ${m.replacement ?? ''}`.slice(0, 200));
    return { file, detected, undetected, errors: n('CompileError') + n('RuntimeError'), score: total === 0 ? 100 : (100 * detected) / total, survivors };
  });
}

/** The base report with every mutant the new-tests report detects marked as killed (same source, same mutants). */
function merged(base, extra) {
  const key = (m) => `${m.location.start.line}:${m.location.start.column}:${m.mutatorName}:${m.replacement}`;
  const files = {};
  for (const [file, { mutants, ...rest }] of Object.entries(base.files)) {
    const killed = new Set((extra.files[file]?.mutants ?? []).filter((m) => m.status === 'Killed' || m.status === 'Timeout').map(key));
    files[file] = { ...rest, mutants: mutants.map((m) => (['Survived', 'NoCoverage'].includes(m.status) && killed.has(key(m)) ? { ...m, status: 'Killed' } : m)) };
  }
  return { files };
}

mkdirSync('reports/mutation', { recursive: true });
const summaryPath = 'reports/mutation/summary.json';
const summary = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : {};
let failed = false;
for (const area of areas) {
  console.log(`\n=== mutate ${area.name}: ${area.mutate.join(', ')} (tests: ${newTests ?? area.tests.join(', ')})`);
  const t0 = performance.now();
  const env = { ...process.env, ZKVAULT_MUTATE_AREA: area.name };
  if (newTests !== undefined) env.ZKVAULT_MUTATE_TESTS = newTests;
  const r = spawnSync('npx', ['stryker', 'run', 'stryker/stryker.config.mjs'], { stdio: 'inherit', env });
  const seconds = Math.round((performance.now() - t0) / 1000);
  if (r.status !== 0) {
    console.error(`stryker failed for ${area.name} (exit ${r.status})`);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(`reports/mutation/${area.name}/mutation.json`, 'utf8'));
  if (newTests === undefined) {
    summary[area.name] = { wallSeconds: seconds, finished: new Date().toISOString(), files: scores(report) };
  } else {
    const extra = JSON.parse(readFileSync(`reports/mutation/${area.name}+new/mutation.json`, 'utf8'));
    summary[area.name] = { ...summary[area.name], newTests: newTests.split(','), newTestsWallSeconds: seconds, after: scores(merged(report, extra)) };
  }
  const files = newTests === undefined ? summary[area.name].files : summary[area.name].after;
  writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  console.log(`--- ${area.name}: ${seconds} s wall`);
  for (const f of files) console.log(`${f.score.toFixed(1).padStart(6)}%  ${f.file}  (${f.detected} detected, ${f.undetected} undetected)`);
}
process.exit(failed ? 1 : 0);
