// Minimal benchmark harness: interleaved rounds, medians, ratios to a named baseline.
// Each round runs every implementation of a group once (a calibrated batch), in a fresh random order,
// so drift on a shared, noisy machine hits all of them alike; the median over rounds is reported.

export interface BenchRow {
  group: string;
  impl: string;
  medianUs: number;
  baseline?: boolean;
}

export interface BenchImpl {
  impl: string;
  fn: () => unknown | Promise<unknown>;
  baseline?: boolean;
}

export interface BenchOptions {
  quick: boolean;
}

async function timeBatch(fn: BenchImpl['fn'], n: number): Promise<number> {
  // With --expose-gc (npm run bench sets it) each batch starts on a clean heap, so the garbage one
  // implementation leaves behind is not collected on the next one's clock.
  globalThis.gc?.();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1000) / n;
}

/** Measures every impl of one group; returns one row per impl (median µs per call). */
export async function measureGroup(group: string, impls: BenchImpl[], opts: BenchOptions): Promise<BenchRow[]> {
  const rounds = opts.quick ? 5 : 15;
  const batchMs = opts.quick ? 20 : 60;
  // Warm up and calibrate the batch size per impl.
  const sizes: number[] = [];
  for (const b of impls) {
    await timeBatch(b.fn, 3);
    const one = Math.max(await timeBatch(b.fn, 3), 0.05);
    sizes.push(Math.max(1, Math.round((batchMs * 1000) / one)));
  }
  const samples: number[][] = impls.map(() => []);
  let seed = 0x9e3779b9;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let r = 0; r < rounds; r++) {
    // A fresh random order every round: no implementation always follows the same neighbour.
    const order = impls.map((_, i) => i);
    for (let k = order.length - 1; k > 0; k--) {
      const m = Math.floor(rand() * (k + 1));
      [order[k], order[m]] = [order[m]!, order[k]!];
    }
    for (const i of order) samples[i]!.push(await timeBatch(impls[i]!.fn, sizes[i]!));
  }
  return impls.map((b, i) => {
    const row: BenchRow = { group, impl: b.impl, medianUs: median(samples[i]!) };
    if (b.baseline) row.baseline = true;
    return row;
  });
}

/**
 * True when `name` (e.g. 'srp.bench') is the script being run, not a module bundled into the runner.
 * (Inside the runner's bundle `import.meta.url` is the runner's own URL, so it cannot tell them apart.)
 */
export function isMain(name: string): boolean {
  const script = process.argv[1] ?? '';
  return script.endsWith(`/${name}.mjs`) || script.endsWith(`/${name}.ts`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Formats rows as a text table with the ratio of each row to its group's baseline. */
export function formatTable(rows: BenchRow[]): string {
  const out: string[] = [];
  const groups = [...new Set(rows.map((r) => r.group))];
  const w = Math.max(...rows.map((r) => r.impl.length), 10);
  const gw = Math.max(...rows.map((r) => r.group.length), 10);
  out.push(`${'group'.padEnd(gw)}  ${'impl'.padEnd(w)}  ${'median'.padStart(12)}  ${'ratio'.padStart(9)}`);
  for (const g of groups) {
    const rs = rows.filter((r) => r.group === g);
    const base = rs.find((r) => r.baseline) ?? rs[0]!;
    for (const r of rs) {
      const ratio = r.medianUs / base.medianUs;
      out.push(`${g.padEnd(gw)}  ${r.impl.padEnd(w)}  ${fmtTime(r.medianUs).padStart(12)}  ${(ratio.toFixed(2) + 'x').padStart(9)}${r.baseline ? '  (baseline)' : ''}`);
    }
  }
  return out.join('\n');
}

export function fmtTime(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${us.toFixed(2)} µs`;
}
