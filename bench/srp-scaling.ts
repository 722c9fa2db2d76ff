// How SRP cost grows with the group (1024 → 8192 bits), and server login throughput on one core with
// N concurrent handshakes, the server state round-tripped through JSON between the two steps.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { modpow as nodeModpow, OPENSSL_MAX_BITS } from '../src/backend/node/modpow.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { modpow as webModpow } from '../src/backend/web/modpow.js';
import { random as webRandom } from '../src/backend/web/random.js';
import { createAccount, loginParams, ServerLogin, ClientLogin } from '../src/model/index.js';
import { prepareSrpGroup, SRP_GROUP_BITS, srpGroup } from '../src/srp/index.js';
import type { SrpDeps } from '../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../src/srp/srp.js';
import { lagProbe } from './event-loop.js';
import { fmtTime, median, type BenchOptions } from './harness.js';
import { withBackends } from '../src/backend/backend-deps.js';

const NODE: SrpDeps = { hash: nodeHash, random: nodeRandom, modpow: nodeModpow };
const BIGINT: SrpDeps = { hash: webHash, random: webRandom, modpow: webModpow };

async function handshakeUs(deps: SrpDeps, params: SrpParams, salt: Uint8Array, v: Uint8Array, rounds: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const c = await withBackends(deps, () => SrpClient.start(params, 'alice', 'pw', salt));
    const s = await withBackends(deps, () => SrpServer.start(params, 'alice', salt, v));
    await c.verify((await s.verify(c.A, await c.respond(s.B))).M2);
    xs.push((performance.now() - t0) * 1000);
  }
  return median(xs);
}

/**
 * Runs in a fresh child process: the one-time cost of preparing a group (OpenSSL's prime check, in a
 * worker thread for 2048 bits): time until ready, and the longest main-thread stall meanwhile.
 */
export async function prepareChild(bits: number): Promise<void> {
  const { N, g } = srpGroup(bits as (typeof SRP_GROUP_BITS)[number]);
  const p = await lagProbe(() => nodeModpow.prepare(N, g));
  process.stdout.write(`${JSON.stringify({ readyUs: p.wallMs * 1000, stallUs: p.stallCpuMs * 1000 })}\n`);
}

function prepareCost(bits: number): { readyUs: number; stallUs: number } {
  const r = spawnSync(process.execPath, [process.argv[1]!, '--prepare-child', String(bits)], { encoding: 'utf8' });
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { readyUs: number; stallUs: number };
}

export async function srpScaling(opts: BenchOptions): Promise<string> {
  const lines = [
    '### SRP handshake (client + server) vs group size, SHA-256',
    '',
    `Node uses OpenSSL's named MODP objects for 3072-8192 bits from the first call (the "prepare" column is then about 0.1 ms), and for 2048 bits a context that \`prepareSrpGroup\` builds in a worker thread (up to ${OPENSSL_MAX_BITS} bits): its one-time cost, measured in a fresh process, is shown as the time until ready and the longest event-loop stall meanwhile (CPU time between two ticks of a 1 ms timer). BigInt otherwise.`,
    '',
    '| group | prepare (once): until ready | longest stall meanwhile | zkvault (node) | zkvault (BigInt) |',
    '|---|---|---|---|---|',
  ];
  const sizes = opts.quick ? SRP_GROUP_BITS.filter((b) => b <= 3072) : SRP_GROUP_BITS;
  for (const bits of sizes) {
    const params: SrpParams = { group: srpGroup(bits), hash: 'SHA-256', proof: 'srp6a', allowWeakGroup: true };
    const prep = prepareCost(bits);
    await nodeModpow.prepare(params.group.N, params.group.g);
    await webModpow.prepare(params.group.N, params.group.g);
    const salt = new Uint8Array(randomBytes(16));
    const v = await createVerifierWith(NODE, params, 'alice', 'pw', salt);
    const rounds = bits >= 6144 ? 3 : opts.quick ? 5 : 11;
    const node = await handshakeUs(NODE, params, salt, v, rounds);
    const big = await handshakeUs(BIGINT, params, salt, v, rounds);
    lines.push(`| ${bits} | ${fmtTime(prep.readyUs)} | ${fmtTime(prep.stallUs)} | ${fmtTime(node)} | ${fmtTime(big)} |`);
  }
  return lines.join('\n');
}

/** Server-side work only: start (B), state to JSON and back, verify (A, M1) → M2. */
export async function serverThroughput(opts: BenchOptions): Promise<string> {
  await prepareSrpGroup(srpGroup(3072));
  const accounts = await Promise.all(
    Array.from({ length: 8 }, (_, i) => createAccount({ accountId: `user${i}`, passphrase: `passphrase ${i}`, kdf: { iterations: 1000 } })),
  );
  const lines = ['### Server login throughput (one core, model API, SRP-3072, state through JSON between round trips)', '', '| concurrent handshakes | logins | server CPU per login | logins/s (server side) |', '|---|---|---|---|'];
  for (const n of opts.quick ? [1, 16] : [1, 16, 128]) {
    const total = opts.quick ? 32 : 128;
    let serverMs = 0;
    let done = 0;
    const timed = async <T>(f: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      serverMs += performance.now() - t0;
      return r;
    };
    const one = async (i: number): Promise<void> => {
      const { record } = accounts[i % accounts.length]!;
      const client = await ClientLogin.start({ accountId: record.accountId, passphrase: `passphrase ${i % accounts.length}`, params: loginParams(record), minIterations: 1000 });
      const { stored, B } = await timed(async () => {
        const s = await ServerLogin.start(record);
        return { stored: JSON.stringify(s.toJSON()), B: s.B };
      });
      const M1 = await client.respond(B);
      const { M2 } = await timed(() => ServerLogin.fromJSON(JSON.parse(stored)).verify(client.A, M1));
      await client.verify(M2);
      done++;
    };
    for (let start = 0; start < total; start += n) {
      await Promise.all(Array.from({ length: Math.min(n, total - start) }, (_, k) => one(start + k)));
    }
    lines.push(`| ${n} | ${done} | ${fmtTime((serverMs * 1000) / done)} | ${Math.round((done * 1000) / serverMs)} |`);
  }
  lines.push('', 'The server does three modular exponentiations per login (B = kv + g^b, then v^u and (A·v^u)^b) plus JSON handling; concurrency does not change the per-login cost on one core (the work is CPU-bound and synchronous in OpenSSL), it only bounds latency.');
  return lines.join('\n');
}
