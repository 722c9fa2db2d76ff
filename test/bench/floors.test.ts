// Floors of the bench's goals (issue 14, round 6): a goal's row against a reference row of its group
// that does only what any design with that API or format must do, paired per round like every ratio.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../bench/harness.js';
import { checkGoals, FLOOR_TOLERANCE, floorVerdict, markdownReport, type Goal } from '../../bench/report.js';

const GROUP = 'envelope: seal 1 MiB';

/** A row of `n` rounds whose CPU and wall time per round are `f(round)` µs (rounds differ, as under load). */
function row(impl: string, f: (r: number) => number, n = 15, baseline = false): BenchRow {
  const xs = Array.from({ length: n }, (_, r) => f(r));
  const base = Array.from({ length: n }, (_, r) => load(r) * 100);
  return { group: GROUP, impl, medianUs: xs[n >> 1]!, cpuUs: xs[n >> 1]!, roundsUs: xs, cpuRoundsUs: xs, ...(baseline ? { baseline: true } : { baseUs: base, baseCpuUs: base }) };
}

/** A load factor that changes from round to round: paired ratios must cancel it. */
const load = (r: number): number => 1 + (r % 5) * 0.3;

function rows(oursOverFloor: number, floorOverRaw: number): BenchRow[] {
  return [
    row('raw', (r) => load(r) * 100, 15, true),
    row('floor', (r) => load(r) * 100 * floorOverRaw),
    row('ours', (r) => load(r) * 100 * floorOverRaw * oursOverFloor),
  ];
}

const goal: Goal = { text: 'seal 1 MiB ≤ 1.15x raw', group: GROUP, impl: 'ours', max: 1.15, floor: 'floor' };

describe('bench floors', () => {
  it('measures a miss against its floor: within the tolerance it is the floor', () => {
    const [g] = checkGoals(rows(1.04, 1.3), [goal]);
    expect(g!.met).toBe(false);
    expect(g!.floorResult!.ours.median).toBeCloseTo(1.04, 6);
    expect(g!.floorResult!.floor.median).toBeCloseTo(1.3, 6);
    expect(floorVerdict(g!)).toContain('platform/format floor');
  });

  it('says so when the floor does not explain a miss', () => {
    const [g] = checkGoals(rows(1.25, 1.3), [goal]);
    expect(g!.met).toBe(false);
    expect(floorVerdict(g!)).toContain('not explained by the floor');
  });

  it('tells a met goal at its floor from one above it', () => {
    expect(floorVerdict(checkGoals(rows(1.02, 1.05), [goal])[0]!)).toBe('met, at the floor');
    expect(floorVerdict(checkGoals(rows(1.12, 1.0), [goal])[0]!)).toBe('met');
  });

  it('measures the floor against the goal\'s `versus` row when it has one', () => {
    const rs = [...rows(1.0, 1.0), row('peer', (r) => load(r) * 50)];
    const [g] = checkGoals(rs, [{ ...goal, versus: 'peer', max: 1.3 }]);
    // floor = raw = 2x peer in every round.
    expect(g!.floorResult!.floor.median).toBeCloseTo(2, 6);
  });

  it('has no floor result without a floor, or when the floor row was not measured', () => {
    const rs = rows(1.04, 1.3);
    const { floor: _, ...noFloor } = goal;
    expect(checkGoals(rs, [noFloor])[0]!.floorResult).toBeUndefined();
    expect(checkGoals(rs.filter((r) => r.impl !== 'floor'), [goal])[0]!.floorResult).toBeUndefined();
    expect(floorVerdict(checkGoals(rs.filter((r) => r.impl !== 'floor'), [goal])[0]!)).toBe('no floor measured');
  });

  it('reports each floor in the goals section and in the missed goal\'s reason', () => {
    const rs = rows(1.04, 1.3);
    const md = markdownReport(rs, checkGoals(rs, [goal]), 'test machine', '');
    expect(md).toContain('### Floors, measured in the same run');
    expect(md).toMatch(/\| seal 1 MiB ≤ 1\.15x raw \| floor \| 1\.30x \([^)]*\) \| 1\.04x \([^)]*\) \| a platform\/format floor/);
    expect(md).toMatch(/- \*\*seal 1 MiB ≤ 1\.15x raw\*\* \(1\.35x against 1\.15x \(cpu\)\)\. In this run: floor 1\.30x/);
  });

  it('pairs the rounds: ours / floor is the per-round factor whatever the load does (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.array(fc.double({ min: 0.2, max: 20, noNaN: true }), { minLength: 3, maxLength: 40 }), (k, f, loads) => {
        const mk = (impl: string, scale: number, baseline = false): BenchRow => {
          const xs = loads.map((l) => l * 100 * scale);
          return { group: GROUP, impl, medianUs: 1, cpuUs: 1, roundsUs: xs, cpuRoundsUs: xs, ...(baseline ? { baseline: true } : { baseUs: loads.map((l) => l * 100), baseCpuUs: loads.map((l) => l * 100) }) };
        };
        const [g] = checkGoals([mk('raw', 1, true), mk('floor', f), mk('ours', f * k)], [goal]);
        expect(g!.floorResult!.ours.median).toBeCloseTo(k, 6);
        expect(g!.floorResult!.floor.median).toBeCloseTo(f, 6);
        expect(g!.cpuRatio).toBeCloseTo(f * k, 6);
        if (Math.abs(f * k - 1.15) > 1e-6) expect(g!.met).toBe(f * k < 1.15);
        const floorMiss = floorVerdict(g!).startsWith('a platform/format floor');
        expect(floorMiss).toBe(!g!.met && g!.floorResult!.ours.median <= FLOOR_TOLERANCE);
      }),
    );
  });
});
