// The built `zkvault` binary (dist/cli.js; npm test builds before vitest runs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });

describe('zkvault binary', () => {
  it('vectors: every shipped suite passes, with a per-suite table and the summary line', () => {
    const r = cli('vectors');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^suite\s+vectors\s+passed\s+failed\s+skipped\(reason\)$/);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped \(3 slow: run with --slow, \d+ rejected by design\)$/);
    expect(r.stderr).toMatch(/\[1\/\d+\] /); // progress
    console.info(r.stdout);
  });

  it('vectors --json reports counts per suite and no failure', () => {
    const r = cli('vectors', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { passed: number; failed: number; suites: { suite: string; vectors: number; passed: number; failed: number }[] };
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(1200);
    for (const s of report.suites) {
      expect(s.failed, s.suite).toBe(0);
      expect(s.passed, s.suite).toBeGreaterThan(0);
    }
    const names = report.suites.map((s) => s.suite);
    for (const n of ['rfc6070', 'rfc7914', 'rfc5869', 'gcm-spec', 'wycheproof-aes-gcm', 'wycheproof-hkdf', 'wycheproof-hmac', 'wycheproof-pbkdf2', 'zkvault-envelope-v1', 'rfc7748', 'rfc9180', 'wycheproof-x25519', 'rfc8032', 'wycheproof-ed25519', 'rfc5054-groups', 'rfc5054-srp', 'zkvault-srp', 'zkvault-model-v1', 'insomnia-interop', 'insomnia-aes', 'wycheproof-rsa-oaep', 'xwing-draft-10', 'xwing-hpke-tink', 'zkvault-links-v2', 'fips203-mlkem768']) {
      expect(names).toContain(n);
    }
  });

  it('vectors --suite picks one suite', () => {
    const r = cli('vectors', '--suite', 'rfc7914', '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { suites: unknown[] }).suites).toHaveLength(1);
  });

  it('vectors --suite zkvault-group-log-v1: the group log vectors pass', () => {
    const r = cli('vectors', '--suite', 'zkvault-group-log-v1', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { passed: number; failed: number };
    expect(report).toMatchObject({ passed: 12, failed: 0 });
  });

  it('vectors --suite zkvault-group-log-policy-v1: the PQ link policy vectors pass (issue 18)', () => {
    const r = cli('vectors', '--suite', 'zkvault-group-log-policy-v1', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { passed: number; failed: number };
    expect(report).toMatchObject({ passed: 9, failed: 0 });
  });

  it('an unknown suite exits 2', () => {
    expect(cli('vectors', '--suite', 'nope').status).toBe(2);
  });

  it.each([['--bogus'], ['frobnicate'], [], ['vectors', 'extra']])('bad usage %j prints the usage and exits 2', (...args) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: zkvault/);
  });

  it('demo is not in the package: it says where the demo lives and exits 2', () => {
    const r = cli('demo');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/npm run demo.*examples\/demo\/main\.ts/);
    expect(cli('--help').stdout).not.toMatch(/\bdemo\b/);
  });

  it('--help and --version', () => {
    expect(cli('--help').stdout).toMatch(/usage: zkvault/);
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(cli('--version').stdout.trim()).toBe(pkg.version);
  });
});
