// The published declarations carry no test hook (docs/api-conventions.md, "No test hooks in public
// signatures"): starting from every `types` file of package.json `exports`, it follows each exported
// symbol through the types its declaration names (parameters, results, members, bases, aliases),
// across tsup's shared chunks, and fails if one of them is a backend (`*Backend`) or `*Deps` type,
// or if a reachable class or interface has a member named like a hook (`*With`, `*ForTesting`).
// Tests inject backends through src/backend/backend-deps.ts instead. Needs dist/ (`npm run build`;
// `npm test` builds first).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) =>
  typeof target === 'object' && target.types !== undefined ? [[subpath, join(root, target.types)] as const] : [],
);

const BAD_TYPE = /(?:Backend|Deps)$/;
const BAD_MEMBER = /(?:With|ForTesting)$/;

/** What an entry point's exports reach: every named type, and the members of reachable classes and interfaces. */
export interface Reach {
  types: Set<string>;
  members: Set<string>;
}

/** @returns the types and members reachable from the exports of `file` in `program`. */
export function reachable(program: ts.Program, file: string): Reach {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`not in the program: ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`not a module: ${file}`);
  const out: Reach = { types: new Set(), members: new Set() };
  const seen = new Set<ts.Symbol>();
  const queue: ts.Symbol[] = [...checker.getExportsOfModule(moduleSymbol)];
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  while (queue.length > 0) {
    const symbol = resolve(queue.pop()!);
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    for (const decl of symbol.declarations ?? []) {
      if (decl.getSourceFile().isDeclarationFile && decl.getSourceFile().fileName.includes('/node_modules/')) continue;
      if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isEnumDeclaration(decl)) {
        if (decl.name !== undefined) out.types.add(decl.name.text);
      }
      if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
        for (const m of decl.members) if (m.name !== undefined && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) out.members.add(m.name.text);
      }
      const visit = (node: ts.Node): void => {
        if (ts.isJSDoc(node)) return;
        if (ts.isIdentifier(node) && (ts.isTypeReferenceNode(node.parent) || ts.isExpressionWithTypeArguments(node.parent) || ts.isTypeQueryNode(node.parent) || ts.isQualifiedName(node.parent))) {
          const s = checker.getSymbolAtLocation(node);
          if (s !== undefined) queue.push(s);
        }
        ts.forEachChild(node, visit);
      };
      visit(decl);
    }
  }
  return out;
}

/** @returns the offending names of `reach`, as `type X` / `member Y`. */
export function hooks(reach: Reach): string[] {
  return [
    ...[...reach.types].filter((t) => BAD_TYPE.test(t)).map((t) => `type ${t}`),
    ...[...reach.members].filter((m) => BAD_MEMBER.test(m)).map((m) => `member ${m}`),
  ].sort();
}

// JSDoc is parsed only where a type error could depend on it, as `tsc` does: the walk never reads it.
// `types` names the global @types packages (otherwise every one in node_modules: chai, pg, ...): node's
// for the published files, as a Node consumer has them (imports of other packages still resolve), none
// for the fixtures.
function program(files: readonly string[], types?: string[]): ts.Program {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, ...(types === undefined ? {} : { types }) };
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return ts.createProgram({ rootNames: files, options, host });
}

describe('published .d.ts (dist/)', () => {
  it('exists for every entry point (run `npm run build` first)', () => {
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const [subpath, file] of entries) expect(existsSync(file), `${subpath}: ${file}`).toBe(true);
  });

  const p = entries.every(([, f]) => existsSync(f)) ? program(entries.map(([, f]) => f), ['node']) : undefined;
  it.each(entries)('%s names no backend or *Deps type and no test hook', (_subpath, file) => {
    expect(p).toBeDefined();
    const reach = reachable(p!, file);
    expect(reach.types.size).toBeGreaterThan(0);
    expect(hooks(reach)).toEqual([]);
  });
});

describe('the reachability check itself', () => {
  // A miniature published package, written to a temporary directory: a hook on a class reached
  // only through a function's result, and backend types defined in a shared chunk, as tsup emits them.
  const dir = mkdtempSync(join(tmpdir(), 'zkvault-dts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'chunk.d.ts': 'export interface AeadBackend { readonly name: string }\nexport interface EnvelopeDeps { readonly aead: AeadBackend }\nexport type HashName = "SHA-256";\n',
    'clean.d.ts': 'import type { HashName } from "./chunk.js";\nexport declare class Key { private constructor(); static from(h: HashName): Key; #private; }\n',
    'hooked.d.ts': 'import type { EnvelopeDeps } from "./chunk.js";\ndeclare class Key { private constructor(); static startWith(d: EnvelopeDeps): Key; }\nexport declare function key(): Promise<Key>;\n',
    'member.d.ts': 'export interface Server { fromJSONWith(state: string): Server }\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const mini = program(Object.keys(files).map((f) => join(dir, f)), []);

  it('passes a clean declaration that uses a shared chunk', () => {
    const reach = reachable(mini, join(dir, 'clean.d.ts'));
    expect([...reach.types].sort()).toEqual(['HashName', 'Key']);
    expect(hooks(reach)).toEqual([]);
  });

  it('catches a hook and its *Deps/*Backend types reached through a result type', () => {
    expect(hooks(reachable(mini, join(dir, 'hooked.d.ts')))).toEqual(['member startWith', 'type AeadBackend', 'type EnvelopeDeps']);
  });

  it('catches a hook-named member', () => {
    expect(hooks(reachable(mini, join(dir, 'member.d.ts')))).toEqual(['member fromJSONWith']);
  });
});
