// Every TypeScript example in README.md runs, as a user would run it (test/helpers/snippets.ts: each
// bundled on its own, all run one after another in one Node process).
// `npm run typecheck` type-checks each (scripts/typecheck.mjs; test/helpers/examples.ts extracts them).
import { beforeAll, describe, expect, it } from 'vitest';
import { readmeExamples } from '../helpers/examples.js';
import { root, runSnippets, type SnippetResult } from '../helpers/snippets.js';

const blocks = readmeExamples(root).map((e) => e.code);

let results: SnippetResult[] = [];

describe('README examples', () => {
  beforeAll(async () => {
    results = await runSnippets(blocks.map((code, i) => ({ code, name: `README example ${i + 1}`, id: `readme-${i + 1}` })), 'readme');
  }, 600_000);

  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs', (i) => {
    const r = results[i - 1]!;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
