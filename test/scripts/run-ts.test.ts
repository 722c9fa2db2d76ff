// scripts/run-ts.mjs: the child's exit code comes back, and SIGTERM/SIGINT sent to run-ts reach the
// child (the README's server command stops on `kill <pid>`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runTs = join(root, 'scripts/run-ts.mjs');
const dir = mkdtempSync(join(tmpdir(), 'zkvault-run-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, code);
  return file;
}

describe('scripts/run-ts.mjs', () => {
  it('exits with the child exit code', () => {
    const file = script('exit7.ts', "const code: number = 7;\nprocess.exit(code);\n");
    expect(spawnSync(process.execPath, [runTs, file], { cwd: root }).status).toBe(7);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('forwards %s to the child and exits with its code', async (sig) => {
    // The child reports the signal it received and exits 42, so the test sees both the forwarding and the code.
    const file = script(
      `wait-${sig}.ts`,
      `const sig: string = '${sig}';\nprocess.on(sig, () => { console.log('child got ' + sig); process.exit(42); });\nconsole.log('ready');\nsetInterval(() => {}, 1000);\n`,
    );
    const p = spawn(process.execPath, [runTs, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = new Promise<void>((resolve) => p.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('ready') && resolve())));
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    await ready;
    p.kill(sig);
    expect(await exited).toBe(42);
    expect(out).toContain(`child got ${sig}`);
  });

  it('a child killed by a signal it does not handle gives 128 + the signal number', async () => {
    const file = script('idle.ts', "console.log('ready');\nsetInterval(() => {}, 1000);\n");
    const p = spawn(process.execPath, [runTs, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => p.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    p.kill('SIGTERM');
    expect(await exited).toBe(143);
  });
});
