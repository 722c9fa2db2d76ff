#!/usr/bin/env node
// `npm run typecheck`: what `tsc -p tsconfig.json && tsc -p tsconfig.test.json` checks, in one
// TypeScript program instead of two (the second re-checked src/ and examples/ from scratch: about a
// third of npm test's typecheck CPU). tsconfig.test.json's files (src, examples, test, bench,
// scripts, configs) get every syntactic and semantic check; tsconfig.json's files (src, examples)
// also get the declaration checks of that config (`declaration` + `isolatedDeclarations`: each
// export's type must be written out, as scripts/build-dts.mjs needs). The test config only turns
// those two options off, so its semantic checks are the same under the library options; any other
// difference between the configs stops this script (then it would no longer check the same thing).
// Then the constant-time scan of src/ runs on the same program (below).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parse(name) {
  const file = join(root, name);
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file);
}

const lib = parse('tsconfig.json');
const test = parse('tsconfig.test.json');
const differing = [...new Set([...Object.keys(lib.options), ...Object.keys(test.options)])].filter(
  (k) => k !== 'configFilePath' && k !== 'declaration' && k !== 'isolatedDeclarations' && JSON.stringify(lib.options[k]) !== JSON.stringify(test.options[k]),
);
if (differing.length > 0) {
  console.error(`typecheck: tsconfig.json and tsconfig.test.json differ in ${differing.join(', ')}; run tsc on each instead`);
  process.exit(2);
}
const libFiles = new Set(lib.fileNames.map((f) => ts.sys.resolvePath(f)));
const missing = [...libFiles].filter((f) => !test.fileNames.some((g) => ts.sys.resolvePath(g) === f));
if (missing.length > 0) {
  console.error(`typecheck: tsconfig.test.json does not include ${missing.join(', ')}`);
  process.exit(2);
}

// JSDoc is parsed only where it can change a diagnostic (JS files; @see/@link in TS files), as `tsc`
// itself does since TypeScript 5.3: the .d.ts of node, the DOM and the browser-test tools are mostly JSDoc
// (docs/testing.md, "Round 5 (ts13)").
const compilerHost = ts.createCompilerHost(lib.options);
compilerHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
const program = ts.createProgram({ rootNames: test.fileNames, options: lib.options, host: compilerHost, configFileParsingDiagnostics: [...lib.errors, ...test.errors] });
const diagnostics = [
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
  ...program.getSourceFiles().filter((f) => libFiles.has(ts.sys.resolvePath(f.fileName))).flatMap((f) => program.getDeclarationDiagnostics(f)),
];
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnosticsWithColorAndContext(ts.sortAndDeduplicateDiagnostics(diagnostics), host));
  console.error(`typecheck: ${diagnostics.length} error(s)`);
  process.exit(1);
}

// The constant-time scan of src/ (test/helpers/ct-scan.ts; its rules and fixtures are tested by
// test/static/constant-time.test.ts) runs on this program: its checker has resolved every type of
// src/ above, so the scan costs ~0.3 s here against ~7 s for a program of its own in vitest
// (docs/testing.md, "Round 5 (ts13)"). The helper is TypeScript: transpiled in memory and imported
// with its one import, typescript, pointed at this script's copy (the checker's objects must come
// from the same module).
const scanSource = readFileSync(join(root, 'test/helpers/ct-scan.ts'), 'utf8');
const scanJs = ts.transpileModule(scanSource, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } }).outputText;
const imports = [...scanJs.matchAll(/^import\b.*$/gm)].map((m) => m[0]);
if (imports.length !== 1 || !/^import ts from 'typescript';$/.test(imports[0])) {
  console.error(`typecheck: test/helpers/ct-scan.ts must import only typescript (found ${imports.join('; ')})`);
  process.exit(2);
}
const scanUrl = `data:text/javascript;base64,${Buffer.from(scanJs.replace(imports[0], `import ts from ${JSON.stringify(import.meta.resolve('typescript'))};`)).toString('base64')}`;
const { checkSource } = await import(scanUrl);
const problems = checkSource(program, root);
if (problems.length > 0) {
  console.error(`typecheck: comparisons of bytes or authenticator text in src/ other than equalBytes (docs/api-conventions.md, "Errors"; allowances in test/helpers/ct-scan.ts):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
