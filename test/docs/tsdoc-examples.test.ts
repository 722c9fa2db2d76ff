// Every `@example` in the public API's TSDoc runs. Each ```ts block inside an @example is run as a
// user would run it (test/helpers/snippets.ts: each bundled on its own, all run one after another in
// one Node process); it must exit 0 with no stderr. `npm run typecheck` type-checks each of them
// (scripts/typecheck.mjs, with the README's examples; test/helpers/examples.ts extracts them for both).
// Excluded: src/backend/ and src/cli/ (not public API) and doc blocks tagged @internal.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tsdocExamples } from '../helpers/examples.js';
import { root, runSnippets, type SnippetResult } from '../helpers/snippets.js';

const all = tsdocExamples(root);
let results: SnippetResult[] = [];

describe('TSDoc @example blocks', () => {
  beforeAll(async () => {
    results = await runSnippets(all.map((e, i) => ({ code: e.code, name: e.where, id: `example-${i}` })), 'tsdoc');
  }, 600_000);

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(50);
    console.info(`[examples] ${all.length} TSDoc examples`);
  });

  it('npm run typecheck type-checks them and the README examples', () => {
    const script = readFileSync(`${root}scripts/typecheck.mjs`, 'utf8');
    expect(script).toMatch(/const examples = \[\.\.\.tsdocExamples\(rootDir\), \.\.\.readmeExamples\(rootDir\)\]/);
    expect(script).toMatch(/rootNames: \[\.\.\.test\.fileNames, \.\.\.exampleFiles\.keys\(\)\]/);
  });

  it.each(all.map((e, i) => [e.where, i, e.code] as const))('%s runs', (where, i, code) => {
    const r = results[i]!;
    expect(r.stderr, `${where}\n${code}`).toBe('');
    expect(r.status, `${where}\n${code}`).toBe(0);
  });
});
