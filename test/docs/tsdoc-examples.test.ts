// Every `@example` in the public API's TSDoc runs. Each ```ts block inside an @example is run as a
// user would run it (test/helpers/snippets.ts: each bundled on its own, all run one after another in
// one Node process); it must exit 0 with no stderr.
// Excluded: src/backend/ and src/cli/ (not public API) and doc blocks tagged @internal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, runSnippets, type SnippetResult } from '../helpers/snippets.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = `${dir}/${name}`;
    if (statSync(p).isDirectory()) return name === 'backend' || name === 'cli' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

interface Example {
  where: string;
  code: string;
}

/** Extracts the ```ts blocks of every @example in every non-@internal doc comment. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sourceFiles(`${root}src`)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      if (/@internal\b/.test(body)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      for (const ex of body.matchAll(/@example[\s\S]*?```ts\n([\s\S]*?)```/g)) {
        out.push({ where: `${file.slice(root.length)}:${line}`, code: ex[1]! });
      }
    }
  }
  return out;
}

const all = examples();
let results: SnippetResult[] = [];

describe('TSDoc @example blocks', () => {
  beforeAll(async () => {
    results = await runSnippets(all.map((e, i) => ({ code: e.code, name: e.where, id: `example-${i}` })), 'tsdoc');
  }, 600_000);

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(50);
    console.info(`[examples] ${all.length} TSDoc examples`);
  });

  it.each(all.map((e, i) => [e.where, i, e.code] as const))('%s runs', (where, i, code) => {
    const r = results[i]!;
    expect(r.stderr, `${where}\n${code}`).toBe('');
    expect(r.status, `${where}\n${code}`).toBe(0);
  });
});
