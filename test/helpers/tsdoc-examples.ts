// The TSDoc @example run, in two halves (test/docs/tsdoc-examples.test.ts and
// tsdoc-examples-2.test.ts): the one file was the longest file of its vitest project (18 s of wall,
// most of it the examples' own crypto in one Node process), so the other worker sat idle at its end;
// two files of half the examples each balance the two workers (docs/testing.md, "Round 5, merged").
// Each ```ts block inside an @example is run as a user would run it (test/helpers/snippets.ts: each
// bundled on its own, all of one half run one after another in one Node process); it must exit 0
// with no stderr. Excluded: src/backend/ and src/cli/ (not public API) and doc blocks tagged @internal.
import { beforeAll, describe, expect, it } from 'vitest';
import { tsdocExamples } from './examples.js';
import { root, runSnippets, type SnippetResult } from './snippets.js';

/** Every TSDoc example, in source order, with its index in that list. */
export function allTsdocExamples(): { where: string; code: string; index: number }[] {
  return tsdocExamples(root).map((e, index) => ({ ...e, index }));
}

/** Declares the tests that run half `half` (0 or 1) of the examples: the even or the odd indexes. */
export function runTsdocExamples(half: 0 | 1): void {
  const mine = allTsdocExamples().filter((e) => e.index % 2 === half);
  let results: SnippetResult[] = [];
  describe(`TSDoc @example blocks (half ${half + 1} of 2)`, () => {
    beforeAll(async () => {
      results = await runSnippets(mine.map((e) => ({ code: e.code, name: e.where, id: `example-${e.index}` })), `tsdoc-${half}`);
    }, 600_000);

    it.each(mine.map((e, i) => [e.where, i, e.code] as const))('%s runs', (where, i, code) => {
      const r = results[i]!;
      expect(r.stderr, `${where}\n${code}`).toBe('');
      expect(r.status, `${where}\n${code}`).toBe(0);
    });
  });
}
