#!/usr/bin/env node
// `npm run typecheck`: what `tsc -p tsconfig.json && tsc -p tsconfig.test.json` checks, in one
// TypeScript program instead of two (the second re-checked src/ and examples/ from scratch: about a
// third of npm test's typecheck CPU). tsconfig.test.json's files (src, examples, test, bench,
// scripts, configs) get every syntactic and semantic check; tsconfig.json's files (src, examples)
// also get the declaration checks of that config (`declaration` + `isolatedDeclarations`: each
// export's type must be written out, as scripts/build-dts.mjs needs). The test config only turns
// those two options off, so its semantic checks are the same under the library options; any other
// difference between the configs stops this script (then it would no longer check the same thing).
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

const program = ts.createProgram({ rootNames: test.fileNames, options: lib.options, configFileParsingDiagnostics: [...lib.errors, ...test.errors] });
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
