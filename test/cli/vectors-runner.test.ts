// The runner behind `zkvault vectors` on bad files and skips: a malformed or unreadable vector file
// is one failing row and exit 1 (table and --json), skips are counted per kind (slow vs rejected by
// design), and long cases report progress.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runVectors, type VectorsOptions } from '../../src/cli/vectors.js';

const real = (file: string): Promise<string> => readFile(`${process.cwd()}/vectors/${file}`, 'utf8');

async function run(suite: string, json: boolean, readText: VectorsOptions['readText'], slow = false) {
  const out: string[] = [];
  const progress: string[] = [];
  const code = await runVectors({ suite, json, slow, readText, out: (l) => out.push(l), progress: (l) => progress.push(l) });
  return { code, out: out.join('\n'), progress };
}

const malformed = (file: string): Promise<string> => (file === 'rfc5869-hkdf.json' ? Promise.resolve('{"vectors": [') : real(file));
const unreadable = (file: string): Promise<string> =>
  file === 'rfc5869-hkdf.json' ? Promise.reject(Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' })) : real(file);

const BAD_FILES = [
  ['malformed', malformed],
  ['unreadable', unreadable],
] as const;

describe('zkvault vectors runner', () => {
  it.each(BAD_FILES)('a %s vector file is a failing row and exit 1 (table)', async (_, readText) => {
    const r = await run('rfc5869', false, readText);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^rfc5869\s+0\s+0\s+1\s+0$/m);
    expect(r.out).toMatch(/FAILED rfc5869-hkdf\.json: unreadable or malformed vector file \((SyntaxError|Error): /);
    expect(r.out.split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it.each(BAD_FILES)('a %s vector file is a failing suite and exit 1 (--json stays valid JSON)', async (_, readText) => {
    const r = await run('rfc5869', true, readText);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { failed: number; suites: { suite: string; failed: number; failures: string[] }[] };
    expect(report.failed).toBe(1);
    expect(report.suites[0]!.failures[0]).toMatch(/^rfc5869-hkdf\.json: unreadable or malformed/);
  });

  it('the other suites still run when one file is bad', async () => {
    const r = await run('rfc', true, malformed);
    const report = JSON.parse(r.out) as { passed: number; failed: number };
    expect(r.code).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.passed).toBeGreaterThan(10);
  });

  it('skips are labelled by kind: slow (rfc6070 16M iterations) and rejected by design (AES-GCM IV/tag sizes)', async () => {
    const slow = await run('rfc6070', true, real);
    const s = JSON.parse(slow.out) as { skippedSlow: number; skippedRejected: number; suites: { skipReasons: Record<string, number> }[] };
    expect(s.skippedSlow).toBe(1);
    expect(s.skippedRejected).toBe(0);
    expect(s.suites[0]!.skipReasons).toEqual({ '16777216 iterations': 1 });
    const gcm = await run('wycheproof-aes-gcm', false, real);
    expect(gcm.code).toBe(0);
    expect(gcm.out).toMatch(/\(unsupported IV\/tag size\)/);
    expect(gcm.out.split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed, (\d+) skipped \(0 slow: run with --slow, \1 rejected by design\)$/);
  });
});
