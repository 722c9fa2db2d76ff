// `node --import ./scripts/require-typescript.mjs <tool>`: the tool's `import ts from "typescript"`
// gets typescript's CommonJS exports through require() instead of Node's CommonJS-from-ESM path.
// typescript is one 9 MB CommonJS file, and an ESM import of it makes Node 20 read it twice before
// running it (module-syntax detection, then cjs-module-lexer for its named exports): ~0.75 s of CPU
// per process. npm test runs typedoc and attw with it (scripts/test.mjs, package.json); our own
// scripts call require() themselves. Only a default import is served (the tools use no other form):
// a named import fails loudly instead of silently differing (docs/testing.md, "Round 7 (vt13)").
import { register } from 'node:module';

const hooks = `
const TS = /\\/node_modules\\/typescript\\/lib\\/typescript\\.js$/;
export async function load(url, context, next) {
  if (!TS.test(url)) return next(url, context);
  // The module's own URL is typescript.js, so './typescript.js' is the same file.
  const source = "import { createRequire } from 'node:module';\\nexport default createRequire(import.meta.url)('./typescript.js');\\n";
  return { format: 'module', source, shortCircuit: true };
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
