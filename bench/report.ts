// Writes docs/benchmarks.md (tables with ratios) and docs/benchmarks.svg (bar chart of ratios to
// each group's baseline, log scale) from one run's rows.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmtTime, median, pairedRatio, type BenchRow, type PairedRatio } from './harness.js';

export const RESULTS = 'bench/results/latest.json';

/** When and how one module's rows were measured (listed in the report). */
export interface ModuleRun {
  module: string;
  date: string;
  quick: boolean;
  repeat: number;
  /** Measured rounds per group and run (not recorded before issue 14 round 2); since round 3 adaptive, so the most any group of the module took. */
  rounds?: number;
  /** 1-minute load average before → after (os.loadavg; the machine has 2 cores). */
  load: string;
}

/** bench/results/latest.json. */
export interface Results {
  date: string;
  machine: string;
  rows: BenchRow[];
  runs?: ModuleRun[];
  extra?: string;
}

export function readResults(): Results | undefined {
  return existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : undefined;
}

/** The event-loop and scaling sections of the current docs/benchmarks.md (for a run that did not redo them). */
export function extraFromDocs(): string {
  if (!existsSync('docs/benchmarks.md')) return '';
  const md = readFileSync('docs/benchmarks.md', 'utf8');
  const from = md.indexOf('## Event loop and large payloads');
  const to = md.indexOf('## Browser:');
  return from < 0 ? '' : md.slice(from, to < 0 ? undefined : to).trimEnd();
}

/** One row per impl from several runs of a module: the rounds of all runs pooled, medians over them. */
export function mergeRepeats(runs: BenchRow[][]): BenchRow[] {
  if (runs.length === 1) return runs[0]!;
  return runs[0]!.map((row) => {
    const same = runs.map((rs) => rs.find((r) => r.group === row.group && r.impl === row.impl)!);
    const rounds = same.flatMap((r) => r.roundsUs ?? [r.medianUs]);
    const cpuRounds = same.flatMap((r) => r.cpuRoundsUs ?? (r.cpuUs === undefined ? [] : [r.cpuUs]));
    const out: BenchRow = { ...row, medianUs: median(rounds), roundsUs: rounds };
    // The adjacent-baseline series pool alike (only when every run recorded them, so indices stay paired).
    if (same.every((r) => r.baseUs !== undefined)) out.baseUs = same.flatMap((r) => r.baseUs!);
    else delete out.baseUs;
    if (same.every((r) => r.baseCpuUs !== undefined)) out.baseCpuUs = same.flatMap((r) => r.baseCpuUs!);
    else delete out.baseCpuUs;
    if (cpuRounds.length > 0) {
      out.cpuUs = median(cpuRounds);
      out.cpuRoundsUs = cpuRounds;
    }
    return out;
  });
}

export interface Goal {
  /** What is promised, e.g. "envelope seal 1 MiB ≤ 1.3x raw node:crypto". */
  text: string;
  group: string;
  impl: string;
  /** Compare against this impl instead of the group baseline (for "≥ Nx faster than peer"). */
  versus?: string;
  /** ratio = impl / (versus ?? baseline); pass when ratio ≤ max (or 1/ratio ≥ minSpeedup). */
  max?: number;
  minSpeedup?: number;
  /** Why the ratio is what it is (printed when the goal is missed), with the evidence. */
  why?: string;
  /**
   * Set when the row measures something the machine's load decides (free cores), not the code: the
   * reason. Such a row is reported, but left out of the run-to-run agreement check.
   */
  loadDependent?: string;
  /**
   * The clock that decides met or not (default CPU: the process's CPU time, all its threads, which a
   * loaded machine's descheduling does not move; wall time there mostly measures waiting for a core).
   * Wall for a row about concurrency, where CPU time cannot show the gain.
   */
  clock?: 'wall' | 'cpu';
  /**
   * A reference row of the same group that does the least any design with this API or format must do
   * (e.g. raw GCM plus one copy into a framed output): the miss is then measured against its floor.
   */
  floor?: string;
}

/** Our row against its floor and the floor against the goal's reference, both paired, on the deciding clock. */
export interface FloorResult {
  impl: string;
  /** ours / floor: ≤ FLOOR_TOLERANCE means the gap to the goal is the floor's, not our code's. */
  ours: PairedRatio;
  /** floor / the goal's reference (the baseline, or `versus`). */
  floor: PairedRatio;
}

/** Within this of its floor, a missed goal is a platform/format floor (issue 14, round 6). */
export const FLOOR_TOLERANCE = 1.1;

export interface GoalResult extends Goal {
  /** Paired ratio (median of per-round ratios) and its interquartile range. */
  ratio: number;
  p25: number;
  p75: number;
  /** The same on process CPU time (what a loaded machine's descheduling does not move). */
  cpuRatio: number;
  cpuP25: number;
  cpuP75: number;
  met: boolean;
  floorResult?: FloorResult;
}

function baselineOf(rows: BenchRow[], group: string): BenchRow | undefined {
  const rs = rows.filter((r) => r.group === group);
  return rs.find((r) => r.baseline) ?? rs[0];
}

export function checkGoals(rows: BenchRow[], goals: Goal[]): GoalResult[] {
  const out: GoalResult[] = [];
  for (const g of goals) {
    const row = rows.find((r) => r.group === g.group && r.impl === g.impl);
    const ref = g.versus === undefined ? baselineOf(rows, g.group) : rows.find((r) => r.group === g.group && r.impl === g.versus);
    if (row === undefined || ref === undefined) continue;
    const p = pairedRatio(row, ref);
    const c = pairedRatio(row, ref, 'cpu');
    const decide = (g.clock ?? 'cpu') === 'cpu' ? c.median : p.median;
    const ratio = p.median;
    const met = g.max !== undefined ? decide <= g.max : g.minSpeedup !== undefined ? 1 / decide >= g.minSpeedup : true;
    const result: GoalResult = { ...g, ratio, p25: p.p25, p75: p.p75, cpuRatio: c.median, cpuP25: c.p25, cpuP75: c.p75, met };
    const floorRow = g.floor === undefined ? undefined : rows.find((r) => r.group === g.group && r.impl === g.floor);
    if (floorRow !== undefined) {
      const clock = g.clock ?? 'cpu';
      result.floorResult = { impl: floorRow.impl, ours: pairedRatio(row, floorRow, clock), floor: pairedRatio(floorRow, ref, clock) };
    }
    out.push(result);
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A horizontal bar chart of the paired ratio to each group's named baseline (log10), with absolute times and a legend. */
export function svgChart(rows: BenchRow[]): string {
  const bars = rows
    .map((r) => ({ r, base: baselineOf(rows, r.group)! }))
    .filter(({ r, base }) => r !== base)
    .map(({ r, base }) => {
      const p = pairedRatio(r, base);
      return { label: `${r.group} — ${r.impl}`, ratio: p.median, p25: p.p25, p75: p.p75, abs: fmtTime(r.medianUs), base: `${base.impl} ${fmtTime(base.medianUs)}` };
    });
  const lo = Math.min(-1, Math.floor(Math.log10(Math.min(...bars.map((b) => b.p25)))));
  const hi = Math.max(1, Math.ceil(Math.log10(Math.max(...bars.map((b) => b.p75)))));
  const labelW = 520;
  const plotW = 480;
  const textW = 420;
  const rowH = 16;
  const top = 62;
  const height = top + bars.length * rowH + 30;
  const x = (ratio: number): number => labelW + ((Math.log10(ratio) - lo) / (hi - lo)) * plotW;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + textW}" height="${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<text x="10" y="14" font-weight="bold">Time relative to each group's baseline (paired per-round ratio, log scale; left of 1x = faster than the baseline)</text>`);
  parts.push(`<rect x="10" y="24" width="12" height="10" fill="#2b6cb0"/><text x="26" y="33">zkvault</text>`);
  parts.push(`<rect x="90" y="24" width="12" height="10" fill="#a0aec0"/><text x="106" y="33">peer library or platform API</text>`);
  parts.push(`<line x1="290" y1="29" x2="320" y2="29" stroke="#000"/><text x="326" y="33">interquartile range of the per-round ratios</text>`);
  parts.push(`<text x="10" y="50">Right column: the row's median time per call, then the group's baseline (named) and its median time. Machine shared and loaded: see docs/benchmarks.md.</text>`);
  for (let p = lo; p <= hi; p++) {
    const xx = x(10 ** p);
    parts.push(`<line x1="${xx}" y1="${top - 6}" x2="${xx}" y2="${height - 24}" stroke="${p === 0 ? '#000' : '#ccc'}"/>`);
    parts.push(`<text x="${xx}" y="${height - 10}" text-anchor="middle">${10 ** p}x</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const x0 = x(1);
    const x1 = x(b.ratio);
    const color = b.label.includes('zkvault') ? '#2b6cb0' : '#a0aec0';
    parts.push(`<text x="${labelW - 6}" y="${y + 11}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect x="${Math.min(x0, x1)}" y="${y + 2}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${rowH - 4}" fill="${color}"/>`);
    parts.push(`<line x1="${x(b.p25)}" y1="${y + 8}" x2="${x(b.p75)}" y2="${y + 8}" stroke="#000"/>`);
    parts.push(`<text x="${labelW + plotW + 8}" y="${y + 11}">${b.ratio.toFixed(2)}x · ${esc(b.abs)} (baseline ${esc(b.base)})</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export function markdownReport(rows: BenchRow[], goals: GoalResult[], machine: string, extra: string, runs: ModuleRun[] = []): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(`Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`);
  out.push('Every time is the median of interleaved rounds (wall time, and CPU time of the process next to it). In each round');
  out.push('the baseline runs before and after every other implementation (B X1 B X2 B ..., a fresh order per round), and every');
  out.push('ratio is the median of per-round ratios to the mean of the two baseline batches around it, with the interquartile');
  out.push('range (IQR) as its spread. Rounds continue past the minimum until the 95% confidence interval of each median ratio');
  out.push('is within ±4% (quick) or ±3% (full), or the group\'s time budget (15 s quick, 45 s full) runs out. The machine has 2');
  out.push('cores and is shared with other jobs, so absolute times vary with its load (listed per module below, as the 1-minute');
  out.push('load average before → after); compare ratios, and read CPU time next to wall time.', '');
  if (runs.length > 0) {
    out.push('| module | measured (UTC) | mode | runs pooled | load average |', '|---|---|---|---|---|');
    for (const r of runs) out.push(`| ${r.module} | ${r.date.slice(0, 16).replace('T', ' ')} | ${r.quick ? 'quick' : 'full'}${r.rounds === undefined ? '' : ` (${r.rounds} rounds)`} | ${r.repeat} | ${r.load} |`);
    out.push('');
  }
  if (goals.length > 0) {
    out.push('## Goals', '', 'Met or not is decided on the CPU time of the process (all its threads) unless the row says wall: on this shared, loaded', 'machine wall time mostly measures waiting for a core. Both ratios of the same rounds are shown.', '');
    out.push('| goal | decided on | measured (wall) | spread (IQR) | CPU time ratio (IQR) | met |', '|---|---|---|---|---|---|');
    for (const g of goals) {
      const fast = g.minSpeedup !== undefined;
      const measured = fast ? `${(1 / g.ratio).toFixed(1)}x faster` : `${g.ratio.toFixed(2)}x`;
      const spread = fast ? `${(1 / g.p75).toFixed(1)}–${(1 / g.p25).toFixed(1)}x faster` : `${g.p25.toFixed(2)}–${g.p75.toFixed(2)}x`;
      const cpu = fast ? `${(1 / g.cpuRatio).toFixed(1)}x faster (${(1 / g.cpuP75).toFixed(1)}–${(1 / g.cpuP25).toFixed(1)})` : `${g.cpuRatio.toFixed(2)}x (${g.cpuP25.toFixed(2)}–${g.cpuP75.toFixed(2)})`;
      out.push(`| ${g.text}${g.loadDependent === undefined ? '' : ' (load-dependent)'} | ${g.clock ?? 'cpu'} | ${measured} | ${spread} | ${cpu} | ${g.met ? 'yes' : '**no**'} |`);
    }
    out.push('');
    const floored = goals.filter((g) => g.floorResult !== undefined);
    if (floored.length > 0) {
      out.push(
        '### Floors, measured in the same run',
        '',
        'A floor is a reference row in the goal\'s group that does only what any design with the same API or format must do, with',
        'nothing of ours (named in the table). Paired ratios on the clock that decides the goal, with their IQR. Within',
        `${FLOOR_TOLERANCE}x of its floor, the gap to the goal is the platform's or the format's, not our code's.`,
        '',
        '| goal | floor | floor / reference (IQR) | ours / floor (IQR) | verdict |',
        '|---|---|---|---|---|',
      );
      for (const g of floored) out.push(`| ${g.text} | ${g.floorResult!.impl} | ${fmtRatio(g.floorResult!.floor)} | ${fmtRatio(g.floorResult!.ours)} | ${floorVerdict(g)} |`);
      out.push('');
    }
    const missed = goals.filter((g) => !g.met);
    if (missed.length > 0) {
      out.push('### Goals missed in this run, and why', '');
      for (const g of missed) {
        const r = (g.clock ?? 'cpu') === 'cpu' ? g.cpuRatio : g.ratio;
        const by = `${g.minSpeedup !== undefined ? `${(1 / r).toFixed(1)}x faster against ${g.minSpeedup}x` : `${r.toFixed(2)}x against ${g.max}x`} (${g.clock ?? 'cpu'})`;
        const f = g.floorResult === undefined ? '' : ` In this run: ${g.floorResult.impl} ${fmtRatio(g.floorResult.floor)} of the reference, ours ${fmtRatio(g.floorResult.ours)} of that floor: ${floorVerdict(g)}.`;
        out.push(`- **${g.text}** (${by}).${f} ${g.why ?? 'Within the run-to-run noise of this shared machine; see the other runs in bench/results/.'}`);
      }
      out.push('');
    }
  }
  out.push('## Results', '', '![ratios](benchmarks.svg)', '');
  const groups = [...new Set(rows.map((r) => r.group))];
  out.push('| group | implementation | median wall | median CPU | ratio to baseline | IQR |', '|---|---|---|---|---|---|');
  for (const g of groups) {
    const base = baselineOf(rows, g)!;
    for (const r of rows.filter((x) => x.group === g)) {
      const p = pairedRatio(r, base);
      out.push(`| ${g} | ${r.impl}${r === base ? ' (baseline)' : ''} | ${fmtTime(r.medianUs)} | ${r.cpuUs === undefined ? '' : fmtTime(r.cpuUs)} | ${p.median.toFixed(2)}x | ${p.p25.toFixed(2)}–${p.p75.toFixed(2)}x |`);
    }
  }
  out.push('', extra);
  // Hand-recorded browser timings (test/browser/pq-timings.browser.ts): kept across regenerations.
  // Relative to the working directory, like docs/benchmarks.md below: `npm run bench` runs a bundle
  // under .tmp/, so a path relative to this module would point there and silently drop the section.
  // Experiments measured by hand (issue 14, round 6 on: what was tried and its numbers), kept alike.
  const hand = 'bench/hand-measured.md';
  if (existsSync(hand)) out.push('', readFileSync(hand, 'utf8').trimEnd());
  const browser = 'bench/browser-timings.md';
  if (existsSync(browser)) out.push('', readFileSync(browser, 'utf8').trimEnd());
  return out.join('\n') + '\n';
}

function fmtRatio(p: PairedRatio): string {
  return `${p.median.toFixed(2)}x (${p.p25.toFixed(2)}–${p.p75.toFixed(2)})`;
}

/** @returns whether a goal's result is explained by its floor (ours within FLOOR_TOLERANCE of it). */
export function floorVerdict(g: GoalResult): string {
  if (g.floorResult === undefined) return 'no floor measured';
  const near = g.floorResult.ours.median <= FLOOR_TOLERANCE;
  if (g.met) return near ? 'met, at the floor' : 'met';
  return near ? `a platform/format floor (ours ≤ ${FLOOR_TOLERANCE}x the floor)` : `not explained by the floor (ours > ${FLOOR_TOLERANCE}x the floor)`;
}

export function writeReport(rows: BenchRow[], goals: GoalResult[], machine: string, extra: string, runs: ModuleRun[] = []): void {
  writeFileSync('docs/benchmarks.md', markdownReport(rows, goals, machine, extra, runs));
  writeFileSync('docs/benchmarks.svg', svgChart(rows));
}
