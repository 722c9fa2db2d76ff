// Issue 11: one bad-values matrix. Every bad value of test/helpers/bad-values.ts, in every argument
// of every public function of every entry point (test/api/bad-values-table.ts), on the node and the
// web backend, gives a ZkvaultError with the row's code (INVALID_INPUT, or INVALID_RECORD where the
// argument is a record): never a TypeError, a RangeError, a success or a hang. A valid Uint8Array
// made in another realm is accepted wherever bytes are.
import { beforeAll, describe, expect, it } from 'vitest';
import { withBackends } from '../../src/backend/backend-deps.js';
import { ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { badValuesFor, otherRealmCopy, type Row } from '../helpers/bad-values.js';
import { buildTable, ENTRY_POINTS, NO_ARGUMENTS } from './bad-values-table.js';

/** A call that has not settled after this long is a hang. */
const HANG_MS = 5000;

let table: Row[] = [];

beforeAll(async () => {
  table = await buildTable();
  const cases = table.reduce((n, row) => n + badValuesFor(row).length, 0);
  const fns = new Set(table.map((row) => `${row.entry}#${row.fn}`)).size;
  // The matrix size, for the closing note of issue 11.
  console.log(`[bad-values] ${table.length} arguments of ${fns} functions, ${cases} cases per backend, ${cases * BACKENDS.length} in all`);
}, 120_000);

/** What `call` did: the thrown or rejected value, 'ok' for a result, or 'hang'. */
async function outcome(call: () => unknown): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(call).then(() => 'ok'), hang]);
  } catch (e) {
    return e;
  } finally {
    clearTimeout(timer);
  }
}

/** Matches a message naming the row's argument, `"key"` or `"options.key"`, or a field of it (`"recipient.accountId"`, `"members[0]"`). */
function names(row: Row): RegExp {
  const all = [row.arg.split('.').pop()!, ...(row.names ?? [])].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`"([\\w.[\\]]*\\.)?(${all.join('|')})[".[]`);
}

/** `Class.static` and `Class#method` names of a class's own static and prototype methods that take arguments. */
function classMembers(name: string, cls: object): string[] {
  const proto = (cls as { prototype: object }).prototype;
  const methods = (o: object): [string, (...a: unknown[]) => unknown][] =>
    Object.getOwnPropertyNames(o)
      .filter((k) => k !== 'constructor')
      .map((k) => [k, Object.getOwnPropertyDescriptor(o, k)!.value] as [string, unknown])
      .filter((e): e is [string, (...a: unknown[]) => unknown] => typeof e[1] === 'function');
  return [
    ...methods(cls).map(([k]) => `${name}.${k}`),
    ...methods(proto)
      .filter(([, f]) => f.length > 0)
      .map(([k]) => `${name}#${k}`),
  ];
}

function describeOutcome(o: unknown): string {
  if (o instanceof ZkvaultError) return `ZkvaultError ${o.code}: ${o.message}`;
  if (o instanceof Error) return `${o.name}: ${o.message}`;
  return String(o);
}

describe.each(BACKENDS)('bad values through every public argument [$name backend]', (backend) => {
  it('every bad value gives the row\'s ZkvaultError code: no TypeError, RangeError, success or hang', async () => {
    const failures: string[] = [];
    const unnamed: string[] = [];
    for (const row of table) {
      for (const bad of badValuesFor(row)) {
        const want = (bad.wrongLength === true ? row.lengthCode : undefined) ?? row.code ?? 'INVALID_INPUT';
        const o = await withBackends(backend, () => outcome(() => row.call(bad.make())));
        if (!(o instanceof ZkvaultError) || o.code !== want) {
          failures.push(`${row.entry} ${row.fn}(${row.arg} = ${bad.label}): want ${want}, got ${describeOutcome(o)}`);
        } else if (want === 'INVALID_INPUT' && !names(row).test(o.message)) {
          unnamed.push(`${row.entry} ${row.fn}(${row.arg} = ${bad.label}): ${o.message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(unnamed).toEqual([]);
  }, 300_000);

  it('a valid Uint8Array of another realm is accepted wherever bytes are', async () => {
    const rows = table.filter((row) => row.valid !== undefined && row.kind.t === 'bytes');
    expect(rows.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const row of rows) {
      const value = row.valid!() as Uint8Array;
      const foreign = otherRealmCopy(value);
      expect(foreign instanceof Uint8Array).toBe(false);
      const o = await withBackends(backend, () => outcome(() => row.call(foreign)));
      if (o !== 'ok') failures.push(`${row.entry} ${row.fn}(${row.arg} = other-realm Uint8Array(${value.length})): ${describeOutcome(o)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('the table covers the public API', () => {
  it('every exported function (and static method) of every entry point has a row, or takes no argument', () => {
    const missing: string[] = [];
    const exported: string[] = [];
    for (const [entry, mod] of Object.entries(ENTRY_POINTS)) {
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function') continue;
        const isClass = /^class\b/.test(Function.prototype.toString.call(value));
        // A class: its static methods and the methods of its instances that take an argument (its
        // constructor is private or internal: instances come from the library).
        const names = isClass ? classMembers(name, value) : [name];
        for (const fn of names) {
          const id = `${entry}#${fn}`;
          exported.push(id);
          if (NO_ARGUMENTS.has(id)) {
            const f = isClass ? undefined : (value as (...a: unknown[]) => unknown);
            if (f !== undefined) expect(f.length, id).toBe(0);
            continue;
          }
          if (!table.some((row) => row.entry === entry && row.fn === fn)) missing.push(id);
        }
      }
    }
    expect(missing).toEqual([]);
    // Every row names an export (no row for a function that is gone).
    for (const row of table) expect(exported, `${row.entry}#${row.fn}`).toContain(`${row.entry}#${row.fn}`);
  });

  it('every entry point of package.json "exports" is in the table', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { exports: Record<string, unknown> };
    const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    expect(Object.keys(ENTRY_POINTS).sort()).toEqual(entries.sort());
  });

  it('every argument of a function has a row: as many rows as the function declares parameters', () => {
    // Function.length counts parameters before the first default; rows for `options.field` are extra.
    const short: string[] = [];
    for (const [entry, mod] of Object.entries(ENTRY_POINTS)) {
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || /^class\b/.test(Function.prototype.toString.call(value))) continue;
        const rows = table.filter((row) => row.entry === entry && row.fn === name && !row.arg.includes('.'));
        if (rows.length < (value as (...a: unknown[]) => unknown).length) short.push(`${entry}#${name}: ${rows.length} rows, ${(value as (...a: unknown[]) => unknown).length} parameters`);
      }
    }
    expect(short).toEqual([]);
  });
});
