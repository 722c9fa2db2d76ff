// The TypeScript examples of the documentation, as a user would copy them: every ```ts block of an
// @example in a non-@internal TSDoc comment of the public API (src/, without src/backend/ and
// src/cli/), and every ```ts block of README.md. test/docs/tsdoc-examples*.test.ts and readme.test.ts
// run them; scripts/typecheck.mjs type-checks them in its program (each as a module of its own).
// Imports only node: modules (the typecheck imports this file from memory).
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** One example: where it is written (`src/file.ts:line` or `README example n`) and its code. */
export interface Example {
  where: string;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = `${dir}/${name}`;
    if (statSync(p).isDirectory()) return name === 'backend' || name === 'cli' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The ```ts blocks of every @example in every non-@internal doc comment under `<root>src/`. */
export function tsdocExamples(root: string): Example[] {
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

/** The ```ts blocks of `<root>README.md`. */
export function readmeExamples(root: string): Example[] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ where: `README example ${i + 1}`, code: m[1]! }));
}
