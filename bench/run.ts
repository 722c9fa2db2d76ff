// `npm run bench [-- --quick] [-- --only NAME]`: runs every bench module, prints each group with
// ratios to its baseline (measured in the same run), writes bench/results/latest.json on full runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as envelope from './envelope.bench.js';
import { formatTable, type BenchOptions, type BenchRow } from './harness.js';

const MODULES: Record<string, { run(o: BenchOptions): Promise<BenchRow[]> }> = { envelope };

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const opts: BenchOptions = { quick: values.quick ?? false };
const all: BenchRow[] = [];
for (const [name, mod] of Object.entries(MODULES)) {
  if (values.only !== undefined && values.only !== name) continue;
  console.log(`\n== ${name}${opts.quick ? ' (quick)' : ''}`);
  const rows = await mod.run(opts);
  console.log(formatTable(rows));
  all.push(...rows.map((r) => ({ ...r, group: `${name}: ${r.group}` })));
}
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, Node ${process.version}, OpenSSL ${process.versions.openssl}`;
console.log(`\n${machine}`);
if (!opts.quick && values.only === undefined) {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify({ date: new Date().toISOString(), machine, rows: all }, null, 2) + '\n');
  console.log('wrote bench/results/latest.json');
}
