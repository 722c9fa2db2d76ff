// Every TypeScript example in README.md runs, as a user would run it (test/helpers/snippets.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { root, runSnippet } from '../helpers/snippets.js';

const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README examples', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs', async (i, code) => {
    const r = await runSnippet(code, `README example ${i}`, `readme-${i}`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
