#!/usr/bin/env node
// Declarations for dist/ (the second half of `npm run build`; tsup builds the JavaScript). The source
// compiles with `isolatedDeclarations` (checked by `npm run typecheck`), so each file's .d.ts follows
// from that file alone: `ts.transpileDeclaration` writes src/<path>.ts to dist/<path>.d.ts in about a
// second and 100 MB, where tsup's rollup dts build took half a minute and 1.2 GB. The mirrored layout
// keeps relative imports valid, and `#backend/<family>` (package.json "imports") finds
// dist/backend/<node|web>/<family>.d.ts next to the JavaScript. Each tsup entry gets a .d.ts that
// re-exports its source file's declarations.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// require(), not import: Node 20 scans an imported CommonJS file twice before running it (module-syntax
// detection, cjs-module-lexer), ~0.75 s of CPU for typescript's 9 MB (docs/testing.md, "Round 7 (vt13)").
const ts = createRequire(import.meta.url)('typescript');

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

// The entries of tsup.config.ts whose dist path differs from their source path.
const ENTRIES = {
  envelope: 'envelope/index',
  kdf: 'kdf/index',
  srp: 'srp/index',
  hpke: 'hpke/index',
  'compat/insomnia': 'compat/insomnia/index',
  vault: 'vault/index',
  cli: 'cli/main',
};

// `[Symbol.dispose]` must typecheck for consumers whose `lib` stops before esnext and who have no
// @types/node (lib es2022+dom, types []); test/package/release.test.ts checks it.
const BANNER = '/// <reference lib="esnext.disposable" />\n';

const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const write = (rel, text) => {
  const out = join(dist, rel);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, BANNER + text);
};

/**
 * TypeScript 5.9's `transpileDeclaration` emits a class method named by a well-known symbol twice: as
 * the method (`[Symbol.dispose](): void;`) and again as a property (`[Symbol.dispose]: () => void;`),
 * which a consumer with `skipLibCheck: false` rejects (TS2300, duplicate identifier). tsc's own emit
 * has the method only; drop the property copy (and its one-line doc comment) when the method is there.
 */
function dropDuplicateSymbolMembers(text) {
  return text.replace(/^( *\/\*\*[^\n]*\*\/\n)? *\[Symbol\.(\w+)\]: \(\) => ([^;\n]+);\n/gm, (all, _doc, name, ret) =>
    text.includes(`[Symbol.${name}](): ${ret};`) ? '' : all,
  );
}

let errors = 0;
for (const file of sources(src)) {
  const rel = relative(src, file);
  const { outputText, diagnostics = [] } = ts.transpileDeclaration(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: options,
    reportDiagnostics: true,
  });
  for (const d of diagnostics) {
    errors++;
    console.error(ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }).trim());
  }
  write(rel.replace(/\.ts$/, '.d.ts'), dropDuplicateSymbolMembers(outputText));
}
for (const [entry, file] of Object.entries(ENTRIES)) {
  const spec = `./${relative(dirname(entry), file)}.js`.replace(/^\.\/\.\.\//, '../');
  write(`${entry}.d.ts`, `export * from '${spec}';\n`);
}
if (errors > 0) {
  console.error(`build-dts: ${errors} declaration error(s)`);
  process.exit(1);
}
