/**
 * The vector-suite runner behind `zkvault vectors`: each suite loads one shipped vector file and
 * checks every case through the library's API, counting passed, failed and skipped cases.
 * @module
 */
import { fromHex } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';

/**
 * Why a case was skipped: `slow` (huge iteration count; runs with --slow) or `rejected` (outside
 * what zkvault supports by design, and checked to be refused rather than half-processed).
 */
export type SkipKind = 'slow' | 'rejected';

/** Outcome of one case: passed, failed (with a short reason) or skipped (with its kind and reason). */
export type CaseOutcome = { ok: true } | { ok: false; why: string } | { skip: SkipKind; why: string };

/** Counts for one suite. */
export interface SuiteResult {
  suite: string;
  file: string;
  vectors: number;
  passed: number;
  failed: number;
  /** Skipped cases per kind. */
  skipped: Record<SkipKind, number>;
  /** Skipped cases per reason, e.g. `{ "16777216 iterations": 1 }`. */
  skipReasons: Record<string, number>;
  failures: string[];
}

/** Options a suite sees. */
export interface SuiteContext {
  /** Run vectors marked slow (huge iteration counts). */
  slow: boolean;
  /** @returns the text of a vector file (path relative to the vectors directory). */
  readText(file: string): Promise<string>;
  /** Progress of a long case (a line for stderr); absent where nobody watches. */
  progress?: (line: string) => void;
}

/** A vector suite. */
export interface Suite {
  name: string;
  file: string;
  run(ctx: SuiteContext): Promise<SuiteResult>;
}

/** Reads and parses a vector file. */
export async function loadJson<T>(ctx: SuiteContext, file: string): Promise<T> {
  return JSON.parse(await ctx.readText(file)) as T;
}

/** @returns an empty result of suite `name` over `file`. */
function emptyResult(name: string, file: string): SuiteResult {
  return { suite: name, file, vectors: 0, passed: 0, failed: 0, skipped: { slow: 0, rejected: 0 }, skipReasons: {}, failures: [] };
}

/** Hex from a vector file. */
export function h(hex: string): Uint8Array {
  return fromHex(hex);
}

export const PASS: CaseOutcome = { ok: true };

/** @returns true unless the outcome is a pass. */
export function notPassed(o: CaseOutcome): boolean {
  return !('ok' in o) || !o.ok;
}

/** @returns the first outcome that is not a pass, or PASS. */
export function firstFailure(...outcomes: CaseOutcome[]): CaseOutcome {
  return outcomes.find(notPassed) ?? PASS;
}

/** @returns PASS if the two byte strings are equal, else a failure naming `what`. */
export function same(what: string, got: Uint8Array, want: Uint8Array): CaseOutcome {
  if (got.length === want.length && got.every((b, i) => b === want[i])) return PASS;
  return { ok: false, why: `${what} differs` };
}

/** Runs `check` expecting it to throw a ZkvaultError (optionally with one of `codes`). */
export async function mustThrow(check: () => Promise<unknown> | unknown, codes?: readonly string[]): Promise<CaseOutcome> {
  try {
    await check();
  } catch (e) {
    if (!(e instanceof ZkvaultError)) return { ok: false, why: `threw a non-ZkvaultError (${(e as Error)?.name})` };
    if (codes !== undefined && !codes.includes(e.code)) return { ok: false, why: `threw ${e.code}, expected ${codes.join('/')}` };
    return PASS;
  }
  return { ok: false, why: 'accepted an invalid vector' };
}

/** Builds a suite from a case list and a per-case check. */
export function defineSuite<T>(
  name: string,
  file: string,
  cases: (data: any, ctx: SuiteContext) => { id: string; value: T }[],
  check: (value: T, ctx: SuiteContext) => Promise<CaseOutcome>,
): Suite {
  return {
    name,
    file,
    async run(ctx: SuiteContext): Promise<SuiteResult> {
      const r = emptyResult(name, file);
      let list: { id: string; value: T }[];
      try {
        list = cases(await loadJson<unknown>(ctx, file), ctx);
      } catch (e) {
        // An unreadable or malformed file is one failing row, never a crash of the whole run.
        r.failed = 1;
        r.failures.push(`${file}: unreadable or malformed vector file (${(e as Error)?.name}: ${(e as Error)?.message})`);
        return r;
      }
      r.vectors = list.length;
      for (const c of list) {
        let out: CaseOutcome;
        try {
          out = await check(c.value, ctx);
        } catch (e) {
          out = { ok: false, why: e instanceof ZkvaultError ? `${e.code}: ${e.message}` : `crash: ${(e as Error)?.message}` };
        }
        if ('skip' in out) {
          r.skipped[out.skip]++;
          r.skipReasons[out.why] = (r.skipReasons[out.why] ?? 0) + 1;
        }
        else if (out.ok) r.passed++;
        else {
          r.failed++;
          r.failures.push(`${c.id}: ${out.why}`);
        }
      }
      return r;
    },
  };
}
