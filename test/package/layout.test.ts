// Layout rules of issue 11: published code (src/) never imports an example, and every example
// imports zkvault only through its public entry points (package.json "exports"), so it can be
// copied out of the repository as it stands. A static scan of every import specifier.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const ENTRIES = new Set(Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => `zkvault${k.slice(1)}`));
const THIRD_PARTY = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);

/** Every module specifier in static imports, re-exports, dynamic `import('…')` and `require('…')`. */
export function specifiers(code: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(?:[cm]?ts|[cm]?js)$/.test(e.name) ? [p] : [];
  });
}

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep);

/** Why `spec`, imported from `file` under src/, breaks the rules (undefined if it does not). */
export function srcViolation(file: string, spec: string): string | undefined {
  const target = spec.startsWith('.') ? resolve(dirname(file), spec) : undefined;
  if ((target !== undefined && inside(target, join(root, 'examples'))) || /^\/?examples\//.test(spec)) return `imports the example ${spec}`;
  return undefined;
}

/** Why `spec`, imported from `file` under examples/, breaks the rules (undefined if it does not). */
export function exampleViolation(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) {
    return inside(resolve(dirname(file), spec), join(root, 'examples')) ? undefined : `reaches outside examples/: ${spec}`;
  }
  if (spec.startsWith('node:')) return undefined;
  if (spec === 'zkvault' || spec.startsWith('zkvault/')) return ENTRIES.has(spec) ? undefined : `not a public entry point: ${spec}`;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return THIRD_PARTY.has(name) ? undefined : `neither a public entry point, a node: built-in nor a declared package: ${spec}`;
}

function scan(dir: string, rule: (file: string, spec: string) => string | undefined): string[] {
  return files(join(root, dir)).flatMap((f) =>
    specifiers(readFileSync(f, 'utf8')).flatMap((s) => {
      const why = rule(f, s);
      return why === undefined ? [] : [`${relative(root, f)}: ${why}`];
    }),
  );
}

describe('layout: src/ and examples/ stay apart', () => {
  it('nothing under src/ imports from examples/', () => {
    expect(files(join(root, 'src')).length).toBeGreaterThan(50);
    expect(scan('src', srcViolation)).toEqual([]);
  });

  it('examples/ import zkvault only by its public entry points (never src/, #backend or test code)', () => {
    const all = files(join(root, 'examples'));
    expect(all.length).toBeGreaterThan(3);
    expect(all.flatMap((f) => specifiers(readFileSync(f, 'utf8'))).filter((s) => s.startsWith('zkvault')).length).toBeGreaterThan(0);
    expect(scan('examples', exampleViolation)).toEqual([]);
  });

  it('the scan catches each kind of violation (self-test)', () => {
    const code = [
      "import { startServer } from '../../examples/server/index.js';",
      "export { x } from '../src/bytes/index.js';",
      "import type { Y } from \"../../src/model/index.js\";",
      "const m = await import('#backend/random');",
      "import 'zkvault/internal';",
      "const r = require('left-pad');",
      "import {\n  a,\n  b,\n} from 'zkvault/srp';",
    ].join('\n');
    expect(specifiers(code)).toEqual(
      expect.arrayContaining(['../../examples/server/index.js', '../src/bytes/index.js', '../../src/model/index.js', '#backend/random', 'zkvault/internal', 'left-pad', 'zkvault/srp']),
    );
    expect(srcViolation(join(root, 'src/cli/demo.ts'), '../../examples/server/index.js')).toMatch(/imports the example/);
    expect(srcViolation(join(root, 'src/cli/demo.ts'), '../model/index.js')).toBeUndefined();
    const ex = join(root, 'examples/server/server.ts');
    expect(exampleViolation(ex, '../../src/bytes/index.js')).toMatch(/outside examples/);
    expect(exampleViolation(ex, '#backend/random')).toMatch(/neither/);
    expect(exampleViolation(ex, 'zkvault/internal')).toMatch(/not a public entry point/);
    expect(exampleViolation(ex, 'left-pad')).toMatch(/neither/);
    for (const ok of ['zkvault', 'zkvault/srp', 'node:crypto', './db.js', '../demo/main.js', '@electric-sql/pglite', 'pg']) expect(exampleViolation(ex, ok), ok).toBeUndefined();
  });
});
