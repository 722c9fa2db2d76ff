import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Library code imports `#backend/<family>`; in the source tree (tests) that is the Node backend.
// Suites that must also cover the web backend import both backends explicitly and run per backend.
const nodeBackend = fileURLToPath(new URL('./src/backend/node/', import.meta.url));

export default defineConfig({
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
