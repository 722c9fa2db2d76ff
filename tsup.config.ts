import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Every backend family file is its own entry, so `#backend/<family>` resolves to it in dist.
const families = readdirSync('src/backend/node').map((f) => f.replace(/\.ts$/, ''));
const backends = Object.fromEntries(
  families.flatMap((f) => [
    [`backend/node/${f}`, `src/backend/node/${f}.ts`],
    [`backend/web/${f}`, `src/backend/web/${f}.ts`],
  ]),
);

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    envelope: 'src/envelope/index.ts',
    kdf: 'src/kdf/index.ts',
    srp: 'src/srp/index.ts',
    hpke: 'src/hpke/index.ts',
    'compat/insomnia': 'src/compat/insomnia/index.ts',
    // The optional vault (issue 16); its SQLite drivers load at run time (src/backend/node/localstore.ts).
    vault: 'src/vault/index.ts',
    cli: 'src/cli/main.ts',
    ...backends,
  },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  // Declarations come from scripts/build-dts.mjs (`npm run build` runs it after tsup): one .d.ts per
  // source file through `isolatedDeclarations`, instead of tsup's rollup dts build (30 s, 1.2 GB).
  dts: false,
  clean: true,
  splitting: true,
  treeshake: true,
  sourcemap: false,
  // `#backend/*` is resolved by package.json "imports" at the consumer's import time, per platform.
  external: [/^#backend\//, /^node:/, /^@noble\//, 'bigint-crypto-utils',
    // The demo's embedded database (dev dependencies, imported dynamically by examples/server/db.ts).
    '@electric-sql/pglite', 'pg'],
});
