// How test/vault/crash.test.ts bundles its child (test/vault/crash-child.ts) for 200+ start-ups:
// one CommonJS file with every package inlined, better-sqlite3's JavaScript included, so a child
// resolves no module in node_modules and runs no ESM loader (docs/testing.md, rounds 4 and 5).
import type { BuildOptions, Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { root } from '../helpers/snippets.js';

/** better-sqlite3's native addon, where its install puts it (prebuilt or compiled). */
const ADDON = `${root}node_modules/better-sqlite3/build/Release/better_sqlite3.node`;
/** How src/backend/node/localstore.ts loads the driver: at run time, invisible to the bundler. */
const LOAD_DRIVER = "createRequire(import.meta.url)('better-sqlite3')";

/**
 * The `#backend/*` imports point at the Node backend. With the addon at {@link ADDON}, the bundle
 * also inlines better-sqlite3: localstore's run-time `createRequire` becomes a `require` esbuild
 * follows, and the `bindings` package (which probes a dozen paths and reads a stack trace to find
 * the addon) becomes a require of the addon's path. Same driver code, same addon; without the addon
 * there, the driver stays external and loads as in production.
 */
function nodeBackend(): Plugin {
  const inline = existsSync(ADDON);
  return {
    name: 'crash-child',
    setup(b) {
      b.onResolve({ filter: /^#backend\// }, (a) => ({ path: `${root}src/backend/node/${a.path.slice(9)}.ts` }));
      if (!inline) return;
      b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'addon' }));
      // `load`, not `require`: esbuild leaves the addon to Node.
      b.onLoad({ filter: /.*/, namespace: 'addon' }, () => ({ contents: `const load = require;\nmodule.exports = () => load(${JSON.stringify(ADDON)});`, loader: 'js' }));
      b.onLoad({ filter: /src\/backend\/node\/localstore\.ts$/ }, (a) => {
        const src = readFileSync(a.path, 'utf8');
        if (!src.includes(LOAD_DRIVER)) throw new Error(`${a.path} no longer loads the driver with ${LOAD_DRIVER}: update test/vault/crash-build.ts`);
        return { contents: src.replace(LOAD_DRIVER, "require('better-sqlite3')"), loader: 'ts' };
      });
    },
  };
}

/** esbuild options writing the crash child's bundle to `outfile`. */
export function crashChildBuild(outfile: string): BuildOptions {
  return {
    entryPoints: [`${root}test/vault/crash-child.ts`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    // The backend loads bigint-crypto-utils with createRequire(import.meta.url), which CommonJS lacks.
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [nodeBackend()],
  };
}
