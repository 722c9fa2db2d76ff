// The demo of `npm run demo` (examples/demo/main.ts), run as that script runs it: bundled by
// scripts/run-ts.mjs with `zkvault` left to Node, which resolves the package to dist/ (npm test
// builds before vitest runs). The demo's child gets the test-only V8 flags for PGlite (pglite-flags.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PGLITE_NODE_FLAGS } from '../server/pglite-flags.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run demo (examples/demo/main.ts)', () => {
  it('plays the story over HTTP and finds no plaintext or passphrase on the server', () => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', ...PGLITE_NODE_FLAGS, 'examples/demo/main.ts'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/bob reads req-login/);
    expect(r.stdout).toMatch(/the old passphrase is refused: true/);
    expect(r.stdout).toMatch(/his old key fails: DECRYPT_FAILED/);
    expect(r.stdout).toMatch(/none found on the server/);
    // The group log (issue 12): shown, with the planted version and the rollback refused.
    expect(r.stdout).toMatch(/seq 0 {2}by jane {2}create \(owner; key v1\)/);
    expect(r.stdout).toMatch(/seq 1 {2}by jane {2}add bob as writer \(pins [0-9A-Z]{4} [0-9A-Z]{4}…\)/);
    expect(r.stdout).toMatch(/seq 2 {2}by jane {2}remove bob \+ rotate to key v2/);
    expect(r.stdout).toMatch(/gets HTTP 409/);
    expect(r.stdout).toMatch(/link v3 from bob: refused with VERSION_NOT_IN_LOG/);
    expect(r.stdout).toMatch(/even holding v3 \(highest: 3\), the new resource uses key version 2, the log's/);
    expect(r.stdout).toMatch(/refuses it: ROLLBACK_DETECTED/);
    // Links v2 (issue 18) through the server's link store, next to the v1 link.
    expect(r.stdout).toMatch(/server stored link v2 jane→bob/);
    expect(r.stdout).toMatch(/bob fetches his links from the server: v1 \(key version 1\), v2 \(key version 1\)/);
    expect(r.stdout).toMatch(/bob's v1 link is refused: PQ_REQUIRED/);
    console.info(`demo wall time ${Date.now() - t0} ms`);
  }, 300_000); // the demo starts an embedded PGlite database: slow on a loaded machine
});
