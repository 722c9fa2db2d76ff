// Every `@example` in the public API's TSDoc runs: the even-numbered half here, the odd-numbered half in
// tsdoc-examples-2.test.ts (test/helpers/tsdoc-examples.ts says how and why two files). `npm run
// typecheck` type-checks each of them (scripts/typecheck.mjs, with the README's examples;
// test/helpers/examples.ts extracts them for both).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/snippets.js';
import { allTsdocExamples, runTsdocExamples } from '../helpers/tsdoc-examples.js';

describe('TSDoc @example blocks', () => {
  it('finds the examples, and the other file runs the other half', () => {
    const all = allTsdocExamples();
    expect(all.length).toBeGreaterThan(50);
    expect(readFileSync(`${root}test/docs/tsdoc-examples-2.test.ts`, 'utf8')).toMatch(/^runTsdocExamples\(1\);$/m);
    console.info(`[examples] ${all.length} TSDoc examples`);
  });

  it('npm run typecheck type-checks them and the README examples', () => {
    const script = readFileSync(`${root}scripts/typecheck.mjs`, 'utf8');
    expect(script).toMatch(/const examples = \[\.\.\.tsdocExamples\(rootDir\), \.\.\.readmeExamples\(rootDir\)\]/);
    expect(script).toMatch(/rootNames: \[\.\.\.test\.fileNames, \.\.\.exampleFiles\.keys\(\)\]/);
  });
});

runTsdocExamples(0);
