#!/usr/bin/env node
// Prints, per published entry point (package.json "exports"), how many value and type exports its
// source entry file has, read with the TypeScript compiler API (issue 11: before/after counts).
// Usage: node scripts/export-counts.mjs [repo root, default "."] [--json]
// A name exported as a class, function, const or enum is a value (a class is also a type, counted
// once, as a value); an interface, type alias or `export type { … }` is a type.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const json = args.includes('--json');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? '.');

/** `./dist/index.d.ts` → `src/index.ts`; `./dist/compat/insomnia.d.ts` → `src/compat/insomnia/index.ts`. */
function sourceOf(types) {
  const name = types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '');
  return resolve(root, name === 'index' ? 'src/index.ts' : `src/${name}/index.ts`);
}

function entries() {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target !== null && typeof target.types === 'string')
    .map(([spec, target]) => ({ entry: spec === '.' ? pkg.name : `${pkg.name}/${spec.slice(2)}`, file: sourceOf(target.types) }));
}

function isTypeOnlyExport(symbol) {
  return (symbol.declarations ?? []).some(
    (d) => (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) || (ts.isExportDeclaration(d) && d.isTypeOnly),
  );
}

function count(checker, file) {
  const source = checker.getSymbolAtLocation(file);
  const exports = source === undefined ? [] : checker.getExportsOfModule(source);
  let values = 0;
  let types = 0;
  for (const symbol of exports) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!isTypeOnlyExport(symbol) && target.flags & ts.SymbolFlags.Value) values++;
    else types++;
  }
  return { values, types, total: values + types };
}

const list = entries();
const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(
  list.map((e) => e.file),
  { ...(config?.options ?? {}), noEmit: true },
);
const checker = program.getTypeChecker();
const rows = list.map(({ entry, file }) => {
  const sf = program.getSourceFile(file);
  if (sf === undefined) throw new Error(`export-counts: no source file ${file} for ${entry}`);
  return { entry, ...count(checker, sf) };
});

if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('| entry point | value exports | type exports | total |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| \`${r.entry}\` | ${r.values} | ${r.types} | ${r.total} |`);
}
