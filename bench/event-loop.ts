// The lag probe (issue 14, goal 1: no default call blocks the event loop for more than 50 ms) and the
// first-handshake cost (goal: the first SRP-3072 handshake after start ≤ 2x a later one). Each default
// call runs in a fresh child process with a 1 ms interval timer beside it; the longest gap between two
// ticks is the wall stall, and the CPU time the process used within a gap is the blocking work itself
// (on a loaded machine the wall gap also counts time the process waited for a core).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hash } from '../src/backend/node/hash.js';
import { modpow } from '../src/backend/node/modpow.js';
import { random } from '../src/backend/node/random.js';
import { envelopeKey, sealStream } from '../src/envelope/index.js';
import { createAccount } from '../src/model/index.js';
import { srpGroup } from '../src/srp/groups.js';
import { prepareSrpGroup } from '../src/srp/srp.js';
import type { SrpDeps } from '../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../src/srp/srp.js';
import { median } from './harness.js';
import { withBackends } from '../src/backend/backend-deps.js';

/** Longest wall gap and longest CPU time between two ticks of a 1 ms timer, while `work` runs. */
export async function lagProbe(work: () => Promise<unknown>): Promise<{ wallMs: number; stallMs: number; stallCpuMs: number }> {
  const cpuNow = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let last = performance.now();
  let lastCpu = cpuNow();
  let stall = 0;
  let stallCpu = 0;
  const tick = (): void => {
    const t = performance.now();
    const c = cpuNow();
    stall = Math.max(stall, t - last);
    stallCpu = Math.max(stallCpu, c - lastCpu);
    last = t;
    lastCpu = c;
  };
  const timer = setInterval(tick, 1);
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  tick();
  return { wallMs, stallMs: stall, stallCpuMs: stallCpu };
}

const NODE: SrpDeps = { hash, random, modpow };
const MiB = 1 << 20;

async function handshake(params: SrpParams, salt: Uint8Array, v: Uint8Array): Promise<void> {
  const c = await withBackends(NODE, () => SrpClient.start(params, 'alice', 'pw', salt));
  const s = await withBackends(NODE, () => SrpServer.start(params, 'alice', salt, v));
  await c.verify((await s.verify(c.A, await c.respond(s.B))).M2);
}

// Each entry does its set-up unprobed and returns the call to probe.
const CALLS: Record<string, () => Promise<() => Promise<unknown>>> = {
  'first SRP-3072 handshake after start (no prepareSrpGroup)': async () => {
    const params: SrpParams = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' };
    const salt = new Uint8Array(randomBytes(16));
    const v = await createVerifierWith(NODE, params, 'alice', 'pw', salt); // the stored verifier: set-up
    return () => handshake(params, salt, v);
  },
  'prepareSrpGroup(srpGroup(2048)) until ready (worker thread)': () => Promise.resolve(() => prepareSrpGroup(srpGroup(2048))),
  'createAccount with defaults (PBKDF2 600k, SRP-3072)': () =>
    Promise.resolve(() => createAccount({ accountId: 'lag', passphrase: 'a passphrase for the lag probe' })),
  'EnvelopeKey.seal 64 MiB (v1)': async () => {
    const k = await envelopeKey(new Uint8Array(32).fill(1));
    const pt = new Uint8Array(64 * MiB);
    return () => k.seal(pt);
  },
  'EnvelopeKey.open 64 MiB (v1)': async () => {
    const k = await envelopeKey(new Uint8Array(32).fill(1));
    const env = await k.seal(new Uint8Array(64 * MiB));
    return () => k.open(env);
  },
  'sealStream 64 MiB (1 MiB pieces)': () =>
    Promise.resolve(async () => {
      let n = 0;
      const src = new ReadableStream<Uint8Array>({ pull: (c) => (n++ < 64 ? c.enqueue(new Uint8Array(MiB)) : c.close()) });
      for await (const _ of src.pipeThrough(sealStream(new Uint8Array(32).fill(1))) as unknown as AsyncIterable<Uint8Array>) void _;
    }),
};

/** Runs in the child: one call's set-up, then the call under the probe. */
export async function lagChild(name: string): Promise<void> {
  const work = await CALLS[name]!();
  globalThis.gc?.();
  process.stdout.write(JSON.stringify(await lagProbe(work)) + '\n');
}

/** Runs in the child: the first SRP-3072 handshake after start, then 7 more; times in ms. */
export async function firstHandshakeChild(): Promise<void> {
  const params: SrpParams = { group: srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' };
  const salt = new Uint8Array(randomBytes(16));
  const v = await createVerifierWith(NODE, params, 'alice', 'pw', salt);
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const c0 = process.cpuUsage();
    await handshake(params, salt, v);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  process.stdout.write(JSON.stringify(times) + '\n');
}

function child(args: string[]): string {
  const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1]!, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${r.stderr.slice(0, 300)}`);
  return r.stdout.trim().split('\n').pop()!;
}

/** The Markdown section: lag probe per default call, and first vs later SRP-3072 handshake. */
export function eventLoopReport(repeats: number): string {
  const lines = [
    `### Event loop: the longest stall of each default call (lag probe, ${repeats} fresh processes each, worst shown)`,
    '',
    '| call | median duration | longest stall, wall | longest stall, CPU | ≤ 50 ms (CPU) |',
    '|---|---|---|---|---|',
  ];
  for (const name of Object.keys(CALLS)) {
    const xs = Array.from({ length: repeats }, () => JSON.parse(child(['--lag-child', name])) as { wallMs: number; stallMs: number; stallCpuMs: number });
    const stall = Math.max(...xs.map((x) => x.stallMs));
    const cpu = Math.max(...xs.map((x) => x.stallCpuMs));
    lines.push(`| ${name} | ${median(xs.map((x) => x.wallMs)).toFixed(0)} ms | ${stall.toFixed(1)} ms | ${cpu.toFixed(1)} ms | ${cpu <= 50 ? 'yes' : '**no**'} |`);
  }
  const runs = Array.from({ length: repeats }, () => JSON.parse(child(['--first-handshake-child'])) as number[]);
  const ratios = runs.map((t) => t[0]! / median(t.slice(1)));
  const firsts = runs.map((t) => t[0]!);
  const laters = runs.map((t) => median(t.slice(1)));
  const r = median(ratios);
  lines.push(
    '',
    `First SRP-3072 handshake (client + server, node backend, no prepareSrpGroup) in a fresh process: ${median(firsts).toFixed(1)} ms CPU,`,
    `later ones ${median(laters).toFixed(1)} ms: **${r.toFixed(2)}x** (runs: ${ratios.map((x) => x.toFixed(2)).join(', ')}; goal ≤ 2x: ${r <= 2 ? 'met' : '**missed**'}).`,
    'CPU time, because wall time on this loaded machine mostly measures waiting for a core.',
    'The wall stall includes time the process was descheduled; the CPU stall is what the call itself blocked.',
  );
  return lines.join('\n');
}
