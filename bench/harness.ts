// Minimal benchmark harness: interleaved rounds, medians, ratios to a named baseline.
// Each round runs every implementation of a group once (a calibrated batch), in a fresh random order,
// with the baseline run between every two of them (B X1 B X2 B ...: issue 14 round 3), so each
// contender is timed back to back with a baseline batch on both sides. Ratios are *paired*: a
// contender's time is divided by the mean of its two neighbouring baseline batches (a load change
// that drifts across the three cancels to first order), and the median of those per-round ratios is
// reported with its interquartile range (the spread). Rounds continue past the minimum until the
// distribution-free 95% confidence interval of every contender's median ratio is within ±4% (quick)
// or ±3% (full), or the group's time budget runs out. CPU time per call (process.cpuUsage) is
// reported next to wall time: on a loaded machine wall time includes time the process waited for a
// core, CPU time does not.

export interface BenchRow {
  group: string;
  impl: string;
  /** Median wall time per call over the rounds (µs). */
  medianUs: number;
  /** Median CPU time per call over the rounds (µs); includes helper threads (libuv pool, GC). */
  cpuUs?: number;
  /** Wall time per call in each round (µs), in round order: the samples paired ratios use. */
  roundsUs?: number[];
  /** CPU time per call in each round (µs), in round order: paired CPU ratios, which descheduling does not move. */
  cpuRoundsUs?: number[];
  /** Per round, the mean wall time of the two baseline batches run right before and after this row's (µs). */
  baseUs?: number[];
  /** The same on CPU time. */
  baseCpuUs?: number[];
  baseline?: boolean;
}

/** Paired ratio of `row` to `ref`: median and interquartile range of the per-round ratios. */
export interface PairedRatio {
  median: number;
  p25: number;
  p75: number;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * @returns the paired ratio of two rows of one group (falls back to the ratio of medians), on wall
 *   time or, with `clock = 'cpu'`, on the process CPU time of the same rounds.
 */
export function pairedRatio(row: BenchRow, ref: BenchRow, clock: 'wall' | 'cpu' = 'wall'): PairedRatio {
  const a = clock === 'wall' ? row.roundsUs : row.cpuRoundsUs;
  // Against the group baseline, the batches that ran next to this row's (when recorded).
  const adjacent = ref.baseline === true ? (clock === 'wall' ? row.baseUs : row.baseCpuUs) : undefined;
  const b = adjacent ?? (clock === 'wall' ? ref.roundsUs : ref.cpuRoundsUs);
  if (a === undefined || b === undefined || a.length !== b.length || a.length === 0) {
    const r = clock === 'wall' ? row.medianUs / ref.medianUs : (row.cpuUs ?? NaN) / (ref.cpuUs ?? NaN);
    return { median: r, p25: r, p75: r };
  }
  const rs = a.map((x, i) => x / b[i]!);
  return { median: quantile(rs, 0.5), p25: quantile(rs, 0.25), p75: quantile(rs, 0.75) };
}

export interface BenchImpl {
  impl: string;
  fn: () => unknown | Promise<unknown>;
  baseline?: boolean;
}

export interface BenchOptions {
  quick: boolean;
}

/** `gc({ type: 'minor' })` of --expose-gc (V8 accepts the options object; the typings do not show it). */
const minorGc: (() => void) | undefined =
  globalThis.gc === undefined ? undefined : () => (globalThis.gc as unknown as (o: { type: 'minor' }) => void)({ type: 'minor' });

async function timeBatchCpu(fn: BenchImpl['fn'], n: number): Promise<{ wall: number; cpu: number }> {
  // With --expose-gc (npm run bench sets it) each batch starts on an empty young generation, so the
  // short-lived garbage one implementation leaves behind is not collected on the next one's clock.
  // A minor GC, not a full one: a forced full GC shrinks the heap and returns freed memory to the OS,
  // so every batch then ran on cold memory (page faults, kernel zeroing, a heap growing back). That
  // doubled raw node:crypto's 1 MiB seal (1.3-1.6 ms CPU against 0.56-0.63 ms with a minor GC or
  // none, same group, same process) and charged more to whatever allocates more (zkvault's framed
  // seal: 1.66-1.84x raw full-GC, 1.23-1.35x minor or none; @noble/ciphers 78 ms against 41 ms).
  // docs/decisions.md, "Bench: a minor GC between batches".
  minorGc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wall = ((performance.now() - t0) * 1000) / n;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / n };
}

/** @returns the minimum measured rounds per group in this mode (more run until the ratios are stable). */
export function roundsFor(opts: BenchOptions): number {
  return opts.quick ? 15 : 21;
}

/** Stopping rule of the adaptive rounds: CI half-width, round cap, time budget per group. */
function stopRule(opts: BenchOptions): { tol: number; maxRounds: number; budgetMs: number } {
  return opts.quick ? { tol: 0.04, maxRounds: 61, budgetMs: 15_000 } : { tol: 0.03, maxRounds: 101, budgetMs: 45_000 };
}

/**
 * Distribution-free 95% confidence interval of the median (order statistics, normal approximation
 * of the binomial): @returns its half-width relative to the median.
 */
export function medianCiHalfWidth(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const k = Math.max(0, Math.floor((n - 1.96 * Math.sqrt(n)) / 2));
  const m = median(s);
  return (s[n - 1 - k]! - s[k]!) / 2 / m;
}

/** Measures every impl of one group; returns one row per impl (median µs per call). */
export async function measureGroup(group: string, impls: BenchImpl[], opts: BenchOptions): Promise<BenchRow[]> {
  // Quick mode used 5 rounds and disagreed with itself by up to 2x under load; 11 were still not
  // enough at a load average of 5-10 on this 2-core machine (npm run bench -- --quick --agree), so 15,
  // and then as many more as the confidence interval needs (stopRule).
  // Two more rounds run first and are discarded: the first group of a process still read 3.1x
  // where the same group read 1.6x later in the process (lazy pools and JIT tiers settle there).
  const minRounds = roundsFor(opts);
  const { tol, maxRounds, budgetMs } = stopRule(opts);
  const discard = 2;
  // Batches are sized on CPU time, from a whole warm-up batch. The old sizing divided 20 ms of wall
  // by a 3-call wall sample: one preemption inside those few microseconds (common at load 10+)
  // inflated the estimate and left that contender with a batch of a fraction of a millisecond for
  // the whole group, where a GC pause or a timer interrupt is a large share of the batch's CPU.
  // process.cpuUsage() itself ticks in 1-2 µs steps on this kernel (docs/decisions.md), so a 20 ms
  // CPU batch has a clock error far below 1%.
  const batchCpuMs = opts.quick ? 20 : 60;
  // Warm up and calibrate the batch size per impl. Three calls did not get the JIT to its steady
  // state: the first group of a run (envelope seal 64 B) read 3.8x where later runs read 1.4x. So
  // each impl first runs for about one batch's time, then a second batch of that size is timed on
  // CPU for the calibration (3 calls of a 2 µs call last a few ticks of the 1-2 µs clock).
  const sizes: number[] = [];
  for (const b of impls) {
    const one0 = Math.max((await timeBatchCpu(b.fn, 3)).cpu, 0.05);
    const warm = Math.max(1, Math.round((batchCpuMs * 1000) / one0));
    await timeBatchCpu(b.fn, warm);
    const one = Math.max((await timeBatchCpu(b.fn, warm)).cpu, 0.05);
    sizes.push(Math.max(1, Math.round((batchCpuMs * 1000) / one)));
  }
  const bi = Math.max(0, impls.findIndex((b) => b.baseline === true));
  const samples: number[][] = impls.map(() => []);
  const cpus: number[][] = impls.map(() => []);
  const base: number[][] = impls.map(() => []);
  const baseCpu: number[][] = impls.map(() => []);
  let seed = 0x9e3779b9;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const started = performance.now();
  // Judged on the CPU ratios: the goals are decided on CPU time (bench/run.ts).
  const stable = (): boolean =>
    impls.every((_, i) => i === bi || medianCiHalfWidth(cpus[i]!.map((x, r) => x / baseCpu[i]![r]!)) <= tol);
  for (let r = 0; r < maxRounds + discard; r++) {
    const measured = r - discard;
    if (measured >= minRounds && (stable() || performance.now() - started > budgetMs)) break;
    // A fresh random order every round: no implementation always follows the same neighbour.
    const order = impls.map((_, i) => i).filter((i) => i !== bi);
    for (let k = order.length - 1; k > 0; k--) {
      const m = Math.floor(rand() * (k + 1));
      [order[k], order[m]] = [order[m]!, order[k]!];
    }
    let before = await timeBatchCpu(impls[bi]!.fn, sizes[bi]!);
    if (measured >= 0) {
      samples[bi]!.push(before.wall);
      cpus[bi]!.push(before.cpu);
    }
    for (const i of order) {
      const t = await timeBatchCpu(impls[i]!.fn, sizes[i]!);
      const after = await timeBatchCpu(impls[bi]!.fn, sizes[bi]!);
      if (measured >= 0) {
        samples[i]!.push(t.wall);
        cpus[i]!.push(t.cpu);
        base[i]!.push((before.wall + after.wall) / 2);
        baseCpu[i]!.push((before.cpu + after.cpu) / 2);
      }
      before = after;
    }
  }
  return impls.map((b, i) => {
    const row: BenchRow = { group, impl: b.impl, medianUs: median(samples[i]!), cpuUs: median(cpus[i]!), roundsUs: samples[i]!, cpuRoundsUs: cpus[i]! };
    if (i !== bi) {
      row.baseUs = base[i]!;
      row.baseCpuUs = baseCpu[i]!;
    }
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

/** Formats rows as a text table: wall and CPU medians, and the paired ratio to the group baseline with its IQR. */
export function formatTable(rows: BenchRow[]): string {
  const out: string[] = [];
  const groups = [...new Set(rows.map((r) => r.group))];
  const w = Math.max(...rows.map((r) => r.impl.length), 10);
  const gw = Math.max(...rows.map((r) => r.group.length), 10);
  out.push(`${'group'.padEnd(gw)}  ${'impl'.padEnd(w)}  ${'wall'.padStart(11)}  ${'cpu'.padStart(11)}  ${'ratio'.padStart(7)}  ${'IQR'.padStart(13)}  ${'cpu ratio'.padStart(9)}`);
  for (const g of groups) {
    const rs = rows.filter((r) => r.group === g);
    const base = rs.find((r) => r.baseline) ?? rs[0]!;
    for (const r of rs) {
      const p = pairedRatio(r, base);
      const pc = pairedRatio(r, base, 'cpu');
      const cpu = r.cpuUs === undefined ? '' : fmtTime(r.cpuUs);
      out.push(
        `${g.padEnd(gw)}  ${r.impl.padEnd(w)}  ${fmtTime(r.medianUs).padStart(11)}  ${cpu.padStart(11)}  ${(p.median.toFixed(2) + 'x').padStart(7)}  ${`${p.p25.toFixed(2)}–${p.p75.toFixed(2)}`.padStart(13)}  ${(pc.median.toFixed(2) + 'x').padStart(9)}${r === base ? '  (baseline)' : ''}`,
      );
    }
  }
  return out.join('\n');
}

export function fmtTime(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${us.toFixed(2)} µs`;
}

/**
 * Paired CPU rounds in one process (issue 14, rounds 7-8: bench/stream-open.ts, bench/seal-pieces.ts):
 * every mode runs once per round, in a fresh random order, after a minor GC (with --expose-gc); two
 * rounds are discarded. `check` sees each mode's result. @returns per mode, its CPU ms (user+sys) per
 * round divided by `calls`, in round order, so ratios can be paired per round.
 */
export async function pairedCpuRounds<T>(modes: Record<string, () => Promise<T>>, rounds: number, calls = 1, check?: (mode: string, result: T) => void): Promise<Map<string, number[]>> {
  const names = Object.keys(modes);
  const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = -2; r < rounds; r++) {
    const order = names.map((n) => [Math.random(), n] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    for (const m of order) {
      minorGc?.();
      const c0 = process.cpuUsage();
      const result = await modes[m]!();
      const c = process.cpuUsage(c0);
      check?.(m, result);
      if (r >= 0) cpu.get(m)!.push((c.user + c.system) / 1000 / calls);
    }
  }
  return cpu;
}
