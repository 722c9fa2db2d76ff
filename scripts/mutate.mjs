#!/usr/bin/env node
// `npm run mutate [area...]`: runs StrykerJS once per area of stryker/areas.mjs (all areas, in
// priority order, unless some are named), one after the other, and prints the wall time and the
// mutation score of every file. Reports: reports/mutation/<area>/index.html and mutation.json;
// summary: reports/mutation/summary.json. Not part of `npm test` (too slow for CI's budget).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AREAS } from '../stryker/areas.mjs';

const wanted = process.argv.slice(2);
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

mkdirSync('reports/mutation', { recursive: true });
const summaryPath = 'reports/mutation/summary.json';
const summary = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : {};
let failed = false;
for (const area of areas) {
  console.log(`\n=== mutate ${area.name}: ${area.mutate.join(', ')} (tests: ${area.tests.join(', ')})`);
  const t0 = performance.now();
  const r = spawnSync('npx', ['stryker', 'run', 'stryker/stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, ZKVAULT_MUTATE_AREA: area.name },
  });
  const seconds = Math.round((performance.now() - t0) / 1000);
  if (r.status !== 0) {
    console.error(`stryker failed for ${area.name} (exit ${r.status})`);
    failed = true;
    continue;
  }
  const files = scores(JSON.parse(readFileSync(`reports/mutation/${area.name}/mutation.json`, 'utf8')));
  summary[area.name] = { wallSeconds: seconds, finished: new Date().toISOString(), files };
  writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  console.log(`--- ${area.name}: ${seconds} s wall`);
  for (const f of files) console.log(`${f.score.toFixed(1).padStart(6)}%  ${f.file}  (${f.detected} detected, ${f.undetected} undetected)`);
}
process.exit(failed ? 1 : 0);
