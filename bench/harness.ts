// Minimal benchmark harness: interleaved rounds, medians, ratios to a named baseline.
// Each round runs every implementation of a group once (a calibrated batch), in rotating order,
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
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < impls.length; j++) {
      const i = (j + r) % impls.length;
      samples[i]!.push(await timeBatch(impls[i]!.fn, sizes[i]!));
    }
  }
  return impls.map((b, i) => {
    const row: BenchRow = { group, impl: b.impl, medianUs: median(samples[i]!) };
    if (b.baseline) row.baseline = true;
    return row;
  });
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
