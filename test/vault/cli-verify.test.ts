// `zkvault vault verify <path>` (src/cli/main.ts, bundled from source as the built binary would run):
// prints counts and sizes for a sound vault, exits 1 for a damaged one or a wrong passphrase, and
// never prints a key, collection or value, even with the passphrase given.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import { openVault } from '../../src/vault/vault.js';
import { root } from '../helpers/snippets.js';
import { enc, rawSqlite, tempDir } from './helpers.js';

let cli = '';
let tmp: ReturnType<typeof tempDir>;
let file = '';
const SECRETS = ['Request', 'req_1', 'https://secret.example.com', 'Bearer tok_live_123'];
const PASSPHRASE = 'cli verify passphrase';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

beforeAll(async () => {
  tmp = tempDir('zkvault-cli-');
  cli = `${root}.tmp/vault-cli.mjs`;
  await build({
    entryPoints: [`${root}src/cli/main.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: cli,
    packages: 'external',
    logLevel: 'silent',
    plugins: [{ name: 'backend', setup: (b) => void b.onResolve({ filter: /^#backend\// }, (a) => ({ path: `${root}src/backend/node/${a.path.slice(9)}.ts` })) }],
  });
  file = join(tmp.dir, 'app.vault');
  // The CLI runs the default policy, so this vault uses the default 600,000 iterations.
  const v = await openVault(openSqliteStore(file), { passphrase: PASSPHRASE });
  await v.put('req_1', enc(`{"url":"${SECRETS[2]}","auth":"${SECRETS[3]}"}`), { collection: 'Request' });
  await v.put('req_2', enc('{}'), { collection: 'Request' });
  await v.put('ws_1', enc('{}'), { collection: 'Workspace' });
  await v.close();
}, 120_000);
afterAll(() => tmp.cleanup());

function noSecrets(text: string): void {
  for (const s of [...SECRETS, PASSPHRASE]) expect(text).not.toContain(s);
}

describe('zkvault vault verify', () => {
  it('without a key: integrity, header shape and counts', () => {
    const r = run(['vault', 'verify', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^sqlite integrity: ok$/m);
    expect(r.stdout).toMatch(/^header: v1, unlock passphrase \(PBKDF2-SHA256, 600000 iterations\)$/m);
    expect(r.stdout).toMatch(/^records: 3$/m);
    expect(r.stdout).toMatch(/^collections: 2$/m);
    expect(r.stdout).toMatch(/^bytes: \d+$/m);
    noSecrets(r.stdout + r.stderr);
  });

  it('with the passphrase: every record authenticated, still no plaintext', () => {
    const r = run(['vault', 'verify', file], { ZKVAULT_VAULT_PASSPHRASE: PASSPHRASE });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^records authenticated: 3 of 3$/m);
    expect(r.stdout).toMatch(/^counter: 3$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('ok');
    noSecrets(r.stdout + r.stderr);
  });

  it('a wrong passphrase, a damaged record, a missing file and a folder exit 1', () => {
    expect(run(['vault', 'verify', file], { ZKVAULT_VAULT_PASSPHRASE: 'wrong' })).toMatchObject({ status: 1, stdout: expect.stringMatching(/^error: DECRYPT_FAILED$/m) });
    const db = rawSqlite.openSqlite(file);
    const row = db.get('SELECT id, val FROM zkvault_records LIMIT 1', [])!;
    const val = new Uint8Array(row['val'] as Uint8Array);
    val[val.length - 1]! ^= 1;
    db.run('UPDATE zkvault_records SET val = ? WHERE id = ?', [val, row['id'] as Uint8Array]);
    db.close();
    const r = run(['vault', 'verify', file], { ZKVAULT_VAULT_PASSPHRASE: PASSPHRASE });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^records authenticated: 2 of 3 \(the rows do not match the header\)$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('DAMAGED');
    noSecrets(r.stdout + r.stderr);
    expect(run(['vault', 'verify', join(tmp.dir, 'missing.vault')]).status).toBe(1);
    // A folder is a path SQLite cannot open: the stable code, not "unexpected failure".
    expect(run(['vault', 'verify', tmp.dir])).toMatchObject({ status: 1, stdout: expect.stringMatching(/^error: INVALID_INPUT$/m) });
    expect(run(['vault', 'verify']).status).toBe(2);
  });
});
