#!/usr/bin/env node
// `npm run typecheck`: what `tsc -p tsconfig.json && tsc -p tsconfig.test.json` checks, in one
// TypeScript program instead of two (the second re-checked src/ and examples/ from scratch: about a
// third of npm test's typecheck CPU). tsconfig.test.json's files (src, examples, test, bench,
// scripts, configs) get every syntactic and semantic check; tsconfig.json's files (src, examples)
// also get the declaration checks of that config (`declaration` + `isolatedDeclarations`: each
// export's type must be written out, as scripts/build-dts.mjs needs). The test config only turns
// those two options off, so its semantic checks are the same under the library options; any other
// difference between the configs stops this script (then it would no longer check the same thing).
// The documentation's examples are checked in the same program, and the constant-time scan of src/
// runs on it (below).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// typescript is one 9 MB CommonJS file. Imported from ESM, Node 20 reads it twice before running it
// (module-syntax detection, then cjs-module-lexer for its named exports): require() skips both,
// ~0.75 s less CPU (docs/testing.md, "Round 7 (vt13)").
const require = createRequire(import.meta.url);
const ts = require('typescript');

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

// The test helpers this script runs are TypeScript: transpiled in memory and imported from a data:
// URL. They may import node: modules and typescript, which is this script's copy (a checker's
// objects must come from the module that made them), loaded with require() as above.
async function importTs(file) {
  const js = ts.transpileModule(readFileSync(join(root, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } }).outputText;
  const imports = [...js.matchAll(/^import\b.*? from '([^']+)';$/gm)];
  const other = imports.filter((m) => m[1] !== 'typescript' && !m[1].startsWith('node:'));
  if (other.length > 0 || /^import\b(?!.* from '[^']+';$)/m.test(js)) {
    console.error(`typecheck: ${file} may import only node: modules and typescript (found ${other.map((m) => m[1]).join(', ') || 'another import form'})`);
    process.exit(2);
  }
  // A default import becomes this script's require() of it; another form imports the same file.
  const code = js
    .replace(/^import (\w+) from 'typescript';$/m, (_, name) => `import { createRequire as requireFrom } from 'node:module';\nconst ${name} = requireFrom(${JSON.stringify(import.meta.url)})('typescript');`)
    .replace(/^(import\b.*? from )'typescript';$/m, (_, head) => `${head}${JSON.stringify(import.meta.resolve('typescript'))};`);
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

// The documentation's TypeScript examples (TSDoc @example blocks and README.md, as
// test/docs/tsdoc-examples*.test.ts and readme.test.ts run them) are files of this program too, each
// a module of its own (`export {}` appended: top-level await and its own scope, as the runner gives
// it), under .tmp/examples/ (never written: the host serves them from memory), so a wrong example
// fails here and not only when run.
const rootDir = `${root}/`;
const { tsdocExamples, readmeExamples } = await importTs('test/helpers/examples.ts');
const examples = [...tsdocExamples(rootDir), ...readmeExamples(rootDir)];
const exampleFiles = new Map(examples.map((e, i) => [ts.sys.resolvePath(join(root, `.tmp/examples/example-${i}.ts`)), e]));
const exampleText = (f) => {
  const e = exampleFiles.get(f);
  return e === undefined ? undefined : `${e.code}\nexport {};\n`;
};

// JSDoc is parsed only where it can change a diagnostic (JS files; @see/@link in TS files), as `tsc`
// itself does since TypeScript 5.3: the .d.ts of node, the DOM and the browser-test tools are mostly JSDoc
// (docs/testing.md, "Round 5 (ts13)").
const compilerHost = ts.createCompilerHost(lib.options);
compilerHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
const { getSourceFile, fileExists, readFile } = compilerHost;
compilerHost.getSourceFile = (f, version, ...rest) => {
  const text = exampleText(f);
  return text === undefined ? getSourceFile.call(compilerHost, f, version, ...rest) : ts.createSourceFile(f, text, version);
};
compilerHost.fileExists = (f) => exampleFiles.has(f) || fileExists.call(compilerHost, f);
compilerHost.readFile = (f) => exampleText(f) ?? readFile.call(compilerHost, f);
const program = ts.createProgram({ rootNames: [...test.fileNames, ...exampleFiles.keys()], options: lib.options, host: compilerHost, configFileParsingDiagnostics: [...lib.errors, ...test.errors] });
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
  const wrong = [...new Set(diagnostics.map((d) => d.file?.fileName).filter((f) => f !== undefined && exampleFiles.has(f)))];
  for (const f of wrong) console.error(`${f.slice(rootDir.length)} is the example at ${exampleFiles.get(f).where}`);
  console.error(`typecheck: ${diagnostics.length} error(s)`);
  process.exit(1);
}

// The constant-time scan of src/ (test/helpers/ct-scan.ts; its rules and fixtures are tested by
// test/static/constant-time.test.ts) runs on this program: its checker has resolved every type of
// src/ above, so the scan costs ~0.3 s here against ~7 s for a program of its own in vitest
// (docs/testing.md, "Round 5 (ts13)").
const { checkSource } = await importTs('test/helpers/ct-scan.ts');
const problems = checkSource(program, root);
if (problems.length > 0) {
  console.error(`typecheck: comparisons of bytes or authenticator text in src/ other than equalBytes (docs/api-conventions.md, "Errors"; allowances in test/helpers/ct-scan.ts):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
