// SRP: verifier creation and a full handshake (client + server, all five steps) at 2048 and 3072
// bits. zkvault on the Node backend (OpenSSL modexp) and the BigInt backend (what browsers run),
// against fast-srp-hap, secure-remote-password (2048-bit only: its group is hard-coded) and
// tssrp6a. The baseline row of each group is the limit: the same modular exponentiations done
// directly with node:crypto DH objects, with no protocol around them.
// Standalone: node scripts/run-ts.mjs bench/srp.bench.ts [--quick]
import { createDiffieHellman, randomBytes } from 'node:crypto';
import fastSrp from 'fast-srp-hap';
import srpClient from 'secure-remote-password/client.js';
import srpServer from 'secure-remote-password/server.js';
import { createVerifierAndSalt, SRPClientSession, SRPParameters, SRPRoutines, SRPServerSession } from 'tssrp6a';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { modpow as nodeModpow } from '../src/backend/node/modpow.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { modpow as webModpow } from '../src/backend/web/modpow.js';
import { random as webRandom } from '../src/backend/web/random.js';
import { srpGroup } from '../src/srp/groups.js';
import type { SrpDeps } from '../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../src/srp/srp.js';
import { formatTable, measureGroup, type BenchImpl, type BenchOptions, type BenchRow, isMain } from './harness.js';
import { withBackends } from '../src/backend/backend-deps.js';

const NODE: SrpDeps = { hash: nodeHash, random: nodeRandom, modpow: nodeModpow };
const BIGINT: SrpDeps = { hash: webHash, random: webRandom, modpow: webModpow };
const I = 'alice@example.com';
const P = 'correct horse battery staple';

async function zkHandshake(deps: SrpDeps, params: SrpParams, salt: Uint8Array, v: Uint8Array): Promise<void> {
  const client = await withBackends(deps, () => SrpClient.start(params, I, P, salt));
  const server = await withBackends(deps, () => SrpServer.start(params, I, salt, v));
  const M1 = await client.respond(server.B);
  await client.verify((await server.verify(client.A, M1)).M2);
}

/**
 * The limit: the six exponentiations of a handshake in raw OpenSSL. Client: g^a, g^x (k·v for its S)
 * and S; server: g^b (in B), v^u and S. (It counted five before, without the client's g^x.)
 */
function rawOpenSsl(bits: 2048 | 3072): { verifier: () => unknown; handshake: () => unknown } {
  const { N, g, byteLength } = srpGroup(bits);
  const hexOf = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(2 * byteLength, '0'), 'hex');
  const dh = createDiffieHellman(hexOf(N), hexOf(g));
  const y = randomBytes(byteLength);
  y[0] = 0x11;
  const pow = (exponentBytes: number): void => {
    dh.setPrivateKey(randomBytes(exponentBytes));
    dh.generateKeys();
  };
  const powY = (exponentBytes: number): void => {
    dh.setPrivateKey(randomBytes(exponentBytes));
    dh.computeSecret(y);
  };
  return {
    verifier: () => pow(32),
    // a, b, x: 256 bits; u: 256 bits; client exponent a + u*x: 512 bits; server exponent b: 256 bits.
    handshake: () => {
      pow(32);
      pow(32);
      pow(32);
      powY(32);
      powY(64);
      powY(32);
    },
  };
}

/** 32 random bytes with the top bit set: fast-srp-hap warns about secrets whose first byte is 0. */
function secret32(): Buffer {
  const b = randomBytes(32);
  b[0]! |= 0x80;
  return b;
}

async function fastSrpImpls(bits: 2048 | 3072, salt: Buffer): Promise<{ verifier: BenchImpl; handshake: BenchImpl }> {
  const base = fastSrp.SRP.params[bits];
  const peer = { N_length_bits: bits, N: base.N, g: base.g, hash: 'sha256' };
  const v = fastSrp.SRP.computeVerifier(peer, salt, Buffer.from(I), Buffer.from(P));
  return {
    verifier: { impl: 'fast-srp-hap', fn: () => fastSrp.SRP.computeVerifier(peer, salt, Buffer.from(I), Buffer.from(P)) },
    handshake: {
      impl: 'fast-srp-hap',
      fn: () => {
        const client = new fastSrp.SrpClient(peer, salt, Buffer.from(I), Buffer.from(P), secret32());
        const server = new fastSrp.SrpServer(peer, { username: Buffer.from(I), salt, verifier: v }, secret32());
        client.setB(server.computeB());
        server.setA(client.computeA());
        server.checkM1(client.computeM1());
        client.checkM2(server.computeM2());
      },
    },
  };
}

async function tssrpImpls(bits: 2048 | 3072): Promise<{ verifier: BenchImpl; handshake: BenchImpl }> {
  const routines = new SRPRoutines(new SRPParameters(SRPParameters.PrimeGroup[bits]!, SRPParameters.H['SHA256']!));
  const { s, v } = await createVerifierAndSalt(routines, I, P);
  return {
    verifier: { impl: 'tssrp6a', fn: () => createVerifierAndSalt(routines, I, P) },
    handshake: {
      impl: 'tssrp6a',
      fn: async () => {
        const c1 = await new SRPClientSession(routines).step1(I, P);
        const s1 = await new SRPServerSession(routines).step1(I, s, v);
        const c2 = await c1.step2(s, s1.B);
        await c2.step3(await s1.step2(c2.A, c2.M1));
      },
    },
  };
}

function secureRemotePasswordImpls(): { verifier: BenchImpl; handshake: BenchImpl } {
  const salt = srpClient.generateSalt();
  const x = srpClient.derivePrivateKey(salt, I, P);
  const v = srpClient.deriveVerifier(x);
  return {
    verifier: { impl: 'secure-remote-password', fn: () => srpClient.deriveVerifier(srpClient.derivePrivateKey(salt, I, P)) },
    handshake: {
      impl: 'secure-remote-password',
      fn: () => {
        const ce = srpClient.generateEphemeral();
        const se = srpServer.generateEphemeral(v);
        const cs = srpClient.deriveSession(ce.secret, se.public, salt, I, srpClient.derivePrivateKey(salt, I, P));
        const ss = srpServer.deriveSession(se.secret, ce.public, salt, I, v, cs.proof);
        srpClient.verifySession(ce.public, cs, ss.proof);
      },
    },
  };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const bits of [2048, 3072] as const) {
    const params: SrpParams = { group: srpGroup(bits), hash: 'SHA-256', proof: 'srp6a' };
    // A server prepares its group once at startup (prepareSrpGroup); this is that one-time cost.
    await nodeModpow.prepare(params.group.N, params.group.g);
    await webModpow.prepare(params.group.N, params.group.g);
    const salt = new Uint8Array(randomBytes(16));
    const v = await createVerifierWith(NODE, params, I, P, salt);
    const raw = rawOpenSsl(bits);
    const fast = await fastSrpImpls(bits, Buffer.from(salt));
    const ts = await tssrpImpls(bits);
    const srp = bits === 2048 ? secureRemotePasswordImpls() : undefined;

    const verifierImpls: BenchImpl[] = [
      { impl: 'node:crypto raw modexp (limit)', fn: raw.verifier, baseline: true },
      { impl: 'zkvault (node)', fn: () => createVerifierWith(NODE, params, I, P, salt) },
      { impl: 'zkvault (BigInt)', fn: () => createVerifierWith(BIGINT, params, I, P, salt) },
      fast.verifier,
      ts.verifier,
    ];
    const handshakeImpls: BenchImpl[] = [
      { impl: 'node:crypto raw modexp (limit)', fn: raw.handshake, baseline: true },
      { impl: 'zkvault (node)', fn: () => zkHandshake(NODE, params, salt, v) },
      { impl: 'zkvault (BigInt)', fn: () => zkHandshake(BIGINT, params, salt, v) },
      fast.handshake,
      ts.handshake,
    ];
    if (srp !== undefined) {
      verifierImpls.push(srp.verifier);
      handshakeImpls.push(srp.handshake);
    }
    rows.push(...(await measureGroup(`verifier ${bits}-bit`, verifierImpls, opts)));
    rows.push(...(await measureGroup(`handshake ${bits}-bit`, handshakeImpls, opts)));
  }
  return rows;
}

if (isMain('srp.bench')) {
  const rows = await run({ quick: process.argv.includes('--quick') });
  console.log(formatTable(rows));
  for (const group of new Set(rows.map((r) => r.group))) {
    const at = (impl: string): number => rows.find((r) => r.group === group && r.impl === impl)!.medianUs;
    const peer = at('fast-srp-hap');
    console.log(`${group}: node ${(peer / at('zkvault (node)')).toFixed(1)}x, BigInt ${(peer / at('zkvault (BigInt)')).toFixed(1)}x faster than fast-srp-hap`);
  }
}
