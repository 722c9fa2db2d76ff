// Starts the crash test's bundled child (test/vault/crash.test.ts) from V8's code cache: Node 20
// has no compile cache of its own, and parsing and compiling the ~170 KB bundle was ~10 ms of CPU
// in each of the 200+ children (docs/testing.md, round 5). `node crash-loader.cjs <bundle> <mode>
// …` runs the bundle as `node <bundle> <mode> …` would; in `warm` mode it saves, at exit, the code
// of every function compiled so far to `<bundle>.cache` for the next children. A cache V8 rejects
// is an error, so a stale cache cannot silently cost the time again.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const bundle = process.argv[2];
const mode = process.argv[3];
process.argv.splice(1, 2, bundle); // the bundle sees [node, bundle, mode, …]
const cacheFile = `${bundle}.cache`;
const cachedData = mode === 'warm' ? undefined : readFileSync(cacheFile);
const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (script.cachedDataRejected === true) throw new Error(`crash-loader: V8 rejected ${cacheFile}`);
if (mode === 'warm') process.on('exit', (code) => code === 0 && writeFileSync(cacheFile, script.createCachedData()));
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, require, m, bundle, dirname(bundle));
