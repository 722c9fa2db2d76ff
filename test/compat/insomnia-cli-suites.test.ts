// The `zkvault vectors` suites of the Insomnia module (src/cli/suites/insomnia.ts) run clean over the
// shipped files: every case counted, none failed or skipped.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { insomniaSuites } from '../../src/cli/suites/insomnia.js';
import { reportCounts } from '../helpers/vectors.js';

const readText = (file: string): Promise<string> => readFile(`${process.cwd()}/vectors/${file}`, 'utf8');

describe('zkvault vectors: Insomnia suites', () => {
  it.each(insomniaSuites.map((s) => ({ name: s.name, s })))('$name passes every case', async ({ s }) => {
    const r = await s.run({ slow: false, readText });
    reportCounts(`cli ${r.suite} (${r.file})`, { vectors: r.vectors, passed: r.passed, failed: r.failed });
    expect(r.failures).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.skipped).toEqual({ slow: 0, rejected: 0 });
    expect(r.passed).toBe(r.vectors);
    expect(r.vectors).toBeGreaterThan(3);
  });
});
