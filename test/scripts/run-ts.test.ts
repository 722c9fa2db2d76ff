// scripts/run-ts.mjs: the child's exit code comes back, SIGTERM/SIGINT sent to run-ts reach the
// child (the README's server command stops on `kill <pid>`), and two runs at once never share a
// bundle (the demo and the example server are both main.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, code);
  return file;
}

/** Starts run-ts on `file`; resolves with the process once its stdout holds `ready`, and that stdout. */
async function started(file: string): Promise<{ p: ReturnType<typeof spawn>; out: () => string }> {
  const p = spawn(process.execPath, [runTs, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve) => p.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('ready') && resolve())));
  return { p, out: () => out };
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

  it('two entries with the same file name run at the same time, each from its own bundle, removed at exit', async () => {
    // Each prints its bundle's path and waits: both are running at once when the paths are compared.
    // The SIGTERM handler is installed before 'ready' is printed: on a loaded machine the child can be
    // descheduled between the two, and the test's SIGTERM would then kill it (exit 143).
    const code = (me: string) => `const me: string = '${me}';\nprocess.on('SIGTERM', () => process.exit(0));\nconsole.log(me + ' ' + process.argv[1] + ' ready');\nsetInterval(() => {}, 1000);\n`;
    const [a, b] = await Promise.all([started(script('a/main.ts', code('entry-a'))), started(script('b/main.ts', code('entry-b')))]);
    const exits = [a, b].map(({ p }) => new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c))));
    const bundleOf = (out: string, me: string) => new RegExp(`^${me} (\\S+) ready$`, 'm').exec(out)![1]!;
    let fa = '';
    let fb = '';
    try {
      [fa, fb] = [bundleOf(a.out(), 'entry-a'), bundleOf(b.out(), 'entry-b')];
      expect(fa).not.toBe(fb);
      expect(fa.endsWith('/main.mjs') && fb.endsWith('/main.mjs')).toBe(true); // the entry's name is kept (bench isMain)
      expect(readFileSync(fa, 'utf8')).toMatch(/entry-a/);
      expect(readFileSync(fa, 'utf8')).not.toMatch(/entry-b/);
      expect(readFileSync(fb, 'utf8')).toMatch(/entry-b/);
    } finally {
      a.p.kill('SIGTERM');
      b.p.kill('SIGTERM');
    }
    expect(await Promise.all(exits)).toEqual([0, 0]);
    expect(existsSync(join(fa, '..'))).toBe(false);
    expect(existsSync(join(fb, '..'))).toBe(false);
  });

  it('the CLI run from source finds the package root from its bundle', () => {
    const r = spawnSync(process.execPath, [runTs, 'src/cli/main.ts', '--version'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
