// The snippet runner (test/helpers/snippets.ts, run-snippets.mjs) runs every snippet of a test file in
// one Node process; each snippet must still fail on its own as `node <snippet>.mjs` would fail, and its
// late output, rejections and exit code must be charged to it, not to the next snippet.
import { beforeAll, describe, expect, it } from 'vitest';
import { runSnippets, type SnippetResult } from '../helpers/snippets.js';

const CASES = {
  ok: "import { ZkvaultError } from 'zkvault';\nconsole.log(typeof ZkvaultError);",
  throws: "throw new Error('top-level throw');",
  lateRejection: "setTimeout(() => void Promise.reject(new Error('late rejection')), 50);",
  stderr: "console.error('to stderr');",
  exitCode: 'process.exitCode = 3;',
  lateOutput: "setTimeout(() => console.log('late output'), 300);",
  awaitRejects: "await Promise.reject(new Error('awaited rejection'));",
  after: "console.log('after');",
  // Module state: the snippets share chunks of src/ on disk, never module instances.
  stateFirst: "import { ZkvaultError } from 'zkvault';\n(globalThis as { first?: unknown }).first = ZkvaultError;",
  stateSecond: "import { ZkvaultError } from 'zkvault';\nconsole.log((globalThis as { first?: unknown }).first === ZkvaultError ? 'shared' : 'own');",
};
let r: Record<keyof typeof CASES, SnippetResult>;

describe('runSnippets: many snippets, one process, one result each', () => {
  beforeAll(async () => {
    const names = Object.keys(CASES) as (keyof typeof CASES)[];
    const out = await runSnippets(names.map((n) => ({ code: CASES[n], name: n, id: n })), 'runner-test');
    r = Object.fromEntries(names.map((n, i) => [n, out[i]!])) as typeof r;
  }, 120_000);

  it('a snippet that works exits 0 with its own output', () => {
    expect(r.ok).toEqual({ status: 0, stdout: 'function\n', stderr: '' });
    expect(r.after).toEqual({ status: 0, stdout: 'after\n', stderr: '' });
  });

  it('a throw, an awaited rejection and a rejection in a timer fail that snippet', () => {
    expect(r.throws.status).toBe(1);
    expect(r.throws.stderr).toMatch(/top-level throw/);
    expect(r.awaitRejects.status).toBe(1);
    expect(r.awaitRejects.stderr).toMatch(/awaited rejection/);
    expect(r.lateRejection.status).toBe(1);
    expect(r.lateRejection.stderr).toMatch(/late rejection/);
  });

  it('stderr output and process.exitCode are the snippet’s own', () => {
    expect(r.stderr).toEqual({ status: 0, stdout: '', stderr: 'to stderr\n' });
    expect(r.exitCode.status).toBe(3);
    expect(r.lateOutput).toEqual({ status: 0, stdout: 'late output\n', stderr: '' });
  });

  it('each snippet has its own instances of the library\'s modules, as in a process of its own', () => {
    expect(r.stateFirst).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(r.stateSecond).toEqual({ status: 0, stdout: 'own\n', stderr: '' });
  });

  it('a snippet that does not bundle fails with status null', async () => {
    const [bad, good] = await runSnippets([{ code: "import { nope } from 'zkvault';\nconsole.log(nope);", name: 'bad import', id: 'bad' }, { code: "console.log('fine');", name: 'good', id: 'good' }], 'runner-test-bundle');
    expect(bad!.status).toBeNull();
    expect(bad!.stderr).toMatch(/bad import does not bundle/);
    expect(good).toEqual({ status: 0, stdout: 'fine\n', stderr: '' });
  }, 120_000);
});
