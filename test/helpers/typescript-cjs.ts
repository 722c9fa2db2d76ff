// `typescript` for the test workers, loaded with require(). vitest.config.ts aliases the bare
// specifier `typescript` to this file (the type checker still reads typescript's own types).
// typescript is one 9 MB CommonJS file; a worker imports an external package natively, and an ESM
// import of a CommonJS file makes Node 20 read it twice before running it (module-syntax detection,
// then cjs-module-lexer for its named exports): ~0.75 s of CPU per worker that loads it
// (docs/testing.md, "Round 7 (vt13)"). Only the default import is used in tests.
import { createRequire } from 'node:module';
import type TS from 'typescript';

const ts: typeof TS = createRequire(import.meta.url)('typescript');
export default ts;
