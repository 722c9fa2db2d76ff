import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// Library code imports `#backend/<family>`; in the source tree (tests) that is the Node backend.
// Suites that must also cover the web backend import both backends explicitly and run per backend.
const nodeBackend = fileURLToPath(new URL('./src/backend/node/', import.meta.url));
const root = fileURLToPath(new URL('./', import.meta.url));

// examples/ import the library by package name, as a copied example would. Under vitest they get the
// source entry points (package.json "exports" maps `zkvault/<entry>` to dist/<entry>, built from
// src/<entry>/index.ts), so test/server runs without a build; `npm run demo` uses dist/.
const examplesUseSource: Plugin = {
  name: 'examples-use-source',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer === undefined || !importer.startsWith(`${root}examples/`)) return null;
    const m = /^zkvault(?:\/(.+))?$/.exec(source);
    if (m === null) return null;
    return m[1] === undefined ? `${root}src/index.ts` : `${root}src/${m[1]}/index.ts`;
  },
};

export default defineConfig({
  plugins: [examplesUseSource],
  resolve: {
    alias: [{ find: /^#backend\/(.*)$/, replacement: `${nodeBackend}$1.ts` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.test.json',
    },
  },
});
