// The built `zkvault` binary (dist/cli.js; npm test builds before vitest runs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });

interface Report {
  passed: number;
  failed: number;
  skipped: number;
  skippedSlow: number;
  skippedRejected: number;
  suites: { suite: string; file: string; vectors: number; passed: number; failed: number; skipped: { slow: number; rejected: number }; skipReasons: Record<string, number> }[];
}

// The whole vector set runs once (`--json`, ~2.4 s of CPU): it proves every suite and every count.
// The table is the same report printed another way (src/cli/vectors.ts formats one list of results
// either way), so its format is checked on runs of one suite each, against the full run's rows.
let full: { status: number | null; stderr: string; report: Report };
const fullRun = () => {
  if (full === undefined) {
    const r = cli('vectors', '--json');
    full = { status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
  }
  return full;
};
const row = (name: string) => fullRun().report.suites.find((s) => s.suite === name);

describe('zkvault binary', () => {
  it('vectors --json reports counts per suite and no failure', () => {
    const { status, stderr, report } = fullRun();
    expect(status).toBe(0);
    expect(stderr).toBe(''); // --json prints no progress
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(1200);
    for (const s of report.suites) {
      expect(s.failed, s.suite).toBe(0);
      expect(s.passed, s.suite).toBeGreaterThan(0);
    }
    expect(report.skippedSlow).toBe(3);
    expect(report.skippedRejected).toBeGreaterThan(0);
    expect(report.skipped).toBe(report.skippedSlow + report.skippedRejected);
    const names = report.suites.map((s) => s.suite);
    for (const n of ['rfc6070', 'rfc7914', 'rfc5869', 'gcm-spec', 'wycheproof-aes-gcm', 'wycheproof-hkdf', 'wycheproof-hmac', 'wycheproof-pbkdf2', 'zkvault-envelope-v1', 'rfc7748', 'rfc9180', 'wycheproof-x25519', 'rfc8032', 'wycheproof-ed25519', 'rfc5054-groups', 'rfc5054-srp', 'zkvault-srp', 'zkvault-model-v1', 'insomnia-interop', 'insomnia-aes', 'wycheproof-rsa-oaep', 'xwing-draft-10', 'xwing-hpke-tink', 'zkvault-links-v2', 'fips203-mlkem768', 'zkvault-group-log-v1', 'zkvault-group-log-policy-v1']) {
      expect(names).toContain(n);
    }
  });

  // One suite with a slow skip, one with skips rejected by design, one with none: each row and the
  // summary line as the table prints them, with the numbers of the full run's row for that suite.
  it.each(['rfc6070', 'wycheproof-aes-gcm', 'gcm-spec'])('vectors --suite %s: the table row, the summary line and progress', (name) => {
    const r = cli('vectors', '--suite', name);
    expect(r.status).toBe(0);
    const want = row(name)!;
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^suite\s+vectors\s+passed\s+failed\s+skipped\(reason\)$/);
    const reasons = Object.entries(want.skipReasons).map(([why, n]) => `${n} \\(${why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`).join(', ') || '0';
    expect(lines[1]).toMatch(new RegExp(`^${name}\\s+${want.vectors}\\s+${want.passed}\\s+0\\s+${reasons}$`));
    const { slow, rejected } = want.skipped;
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(slow + rejected === 0 ? `${want.passed} passed, 0 failed` : `${want.passed} passed, 0 failed, ${slow + rejected} skipped (${slow} slow: run with --slow, ${rejected} rejected by design)`);
    expect(r.stderr).toBe(`[1/1] ${name} (${want.file}) ...\n`); // progress
  });

  it('vectors --suite picks one suite', () => {
    const r = cli('vectors', '--suite', 'rfc7914', '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { suites: unknown[] }).suites).toHaveLength(1);
  });

  it('zkvault-group-log-v1: the group log vectors pass', () => {
    expect(row('zkvault-group-log-v1')).toMatchObject({ passed: 12, failed: 0 });
  });

  it('zkvault-group-log-policy-v1: the PQ link policy vectors pass (issue 18)', () => {
    expect(row('zkvault-group-log-policy-v1')).toMatchObject({ passed: 9, failed: 0 });
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
