// Our own golden vectors (vectors/zkvault-srp.json, from scripts/generate-srp-vectors.ts), checked
// on both backends through the public classes, and cross-checked with independent code:
// fast-srp-hap for the srp6a values, and a test-side SHA_Interleave for rfc2945's K.
import { createHash } from 'node:crypto';
import fastSrp from 'fast-srp-hap';
import { describe, expect, it } from 'vitest';
import { srpGroup } from '../../src/srp/groups.js';
import type { SrpDeps } from '../../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../../src/srp/srp.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { checkTranscript } from './transcript.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import { BACKENDS } from '../helpers/backends.js';

interface Golden {
  group_bits: 3072; hash: 'SHA-256'; proof: 'srp6a' | 'rfc2945'; I: string; P: string; s: string; a: string; b: string;
  k: string; x: string; v: string; A: string; B: string; u: string; S: string; K: string; M1: string; M2: string;
}

const file = loadVectors<{ vectors: Golden[] }>('zkvault-srp.json');

describe.each(BACKENDS)('zkvault-srp.json ($name backend)', ({ name, ...deps }) => {
  it('every value is reproduced', async () => {
    const counts: Record<string, number> = {};
    for (const t of file.vectors) {
      await checkTranscript(deps, srpGroup(t.group_bits), t.hash, t.proof, { ...t, I: new TextEncoder().encode(t.I) });
      counts[t.proof] = (counts[t.proof] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['rfc2945', 'srp6a']);
    reportCounts(`zkvault-srp.json (${name})`, counts);
  });
});

describe('zkvault-srp.json against independent code', () => {
  it('srp6a vectors: fast-srp-hap (HAP mode, SHA-256, same group) computes the same A, B, M1, M2 and K', () => {
    const p3072 = fastSrp.SRP.params[3072];
    const peer = { N_length_bits: 3072, N: p3072.N, g: p3072.g, hash: 'sha256' };
    let n = 0;
    for (const t of file.vectors.filter((v) => v.proof === 'srp6a')) {
      const v = fastSrp.SRP.computeVerifier(peer, Buffer.from(hex(t.s)), Buffer.from(t.I), Buffer.from(hex(t.P)));
      expect(v.toString('hex')).toBe(t.v);
      const client = new fastSrp.SrpClient(peer, Buffer.from(hex(t.s)), Buffer.from(t.I), Buffer.from(hex(t.P)), Buffer.from(hex(t.a)));
      const server = new fastSrp.SrpServer(peer, { username: Buffer.from(t.I), salt: Buffer.from(hex(t.s)), verifier: v }, Buffer.from(hex(t.b)));
      expect(client.computeA().toString('hex')).toBe(t.A);
      expect(server.computeB().toString('hex')).toBe(t.B);
      client.setB(server.computeB());
      expect(client.computeM1().toString('hex')).toBe(t.M1);
      server.setA(client.computeA());
      server.checkM1(client.computeM1());
      expect(server.computeM2().toString('hex')).toBe(t.M2);
      expect(client.computeK().toString('hex')).toBe(t.K);
      n++;
    }
    expect(n).toBe(2);
  });

  it('rfc2945 vectors: K is SHA_Interleave(S) (RFC 2945 section 3.1), recomputed here with node:crypto', () => {
    const sha = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
    let n = 0;
    for (const t of file.vectors.filter((v) => v.proof === 'rfc2945')) {
      let T = Buffer.from(t.S, 'hex');
      while (T.length > 0 && T[0] === 0) T = T.subarray(1);
      if (T.length % 2 === 1) T = T.subarray(1);
      const E = Buffer.from(T.filter((_, i) => i % 2 === 0));
      const F = Buffer.from(T.filter((_, i) => i % 2 === 1));
      const G = sha(E);
      const H = sha(F);
      const K = Buffer.alloc(64);
      for (let i = 0; i < 32; i++) {
        K[2 * i] = G[i]!;
        K[2 * i + 1] = H[i]!;
      }
      expect(K.toString('hex')).toBe(t.K);
      n++;
    }
    expect(n).toBe(2);
  });
});

describe('legacy-srp3 against a test-side transcription of RFC 2945 section 3', () => {
  // Written from the RFC text with node:crypto and plain BigInt, sharing no code with src/srp.
  const sha = (...parts: Buffer[]): Buffer => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const bytes = (n: bigint): Buffer => {
    const h = n.toString(16);
    return Buffer.from(h.length % 2 ? '0' + h : h, 'hex');
  };
  const int = (b: Buffer): bigint => BigInt('0x' + b.toString('hex'));
  const pow = (b: bigint, e: bigint, m: bigint): bigint => {
    let r = 1n;
    for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
    return r;
  };
  const interleave = (S: bigint): Buffer => {
    let T = bytes(S);
    if (T.length % 2 === 1) T = T.subarray(1);
    const G = sha(Buffer.from(T.filter((_, i) => i % 2 === 0)));
    const H = sha(Buffer.from(T.filter((_, i) => i % 2 === 1)));
    return Buffer.from(Array.from(G).flatMap((g, i) => [g, H[i]!]));
  };

  it.each(BACKENDS)('A, B, M1, M2 and K match ($name backend)', async (deps) => {
    const { N, g } = srpGroup(2048);
    const params: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'legacy-srp3' };
    for (let i = 0; i < 3; i++) {
      const I = Buffer.from(`user${i}`);
      const P = Buffer.from(`password ${i}`);
      const s = sha(Buffer.from(`salt ${i}`)).subarray(0, 16);
      const a = int(sha(Buffer.from(`a ${i}`)));
      const b = int(sha(Buffer.from(`b ${i}`)));
      const x = int(sha(s, sha(I, Buffer.from(':'), P)));
      const v = pow(g, x, N);
      const A = pow(g, a, N);
      const B = (v + pow(g, b, N)) % N; // k = 1
      const u = int(sha(bytes(B)).subarray(0, 4)); // first 32 bits of H(B), MSB first
      const S = pow((B - pow(g, x, N) + N) % N, a + u * x, N);
      expect(pow((A * pow(v, u, N)) % N, b, N)).toBe(S);
      const K = interleave(S);
      const hNg = sha(bytes(N)).map((c, j) => c ^ sha(bytes(g))[j]!);
      const M1 = sha(Buffer.from(hNg), sha(I), s, bytes(A), bytes(B), K);
      const M2 = sha(bytes(A), M1, K);

      const verifier = await createVerifierWith(deps, params, I, P, s);
      expect(int(Buffer.from(verifier))).toBe(v);
      const client = await withBackends({ ...deps, random: scriptedRandom([Buffer.from(a.toString(16).padStart(64, '0'), 'hex')]) }, () => SrpClient.start(params, I, P, s));
      const server = await withBackends({ ...deps, random: scriptedRandom([Buffer.from(b.toString(16).padStart(64, '0'), 'hex')]) }, () => SrpServer.start(params, I, s, verifier));
      expect(int(Buffer.from(client.A))).toBe(A);
      expect(int(Buffer.from(server.B))).toBe(B);
      const ourM1 = await client.respond(server.B);
      expect(toHexT(ourM1)).toBe(M1.toString('hex'));
      const { M2: ourM2 } = await server.verify(client.A, ourM1);
      expect(toHexT(ourM2)).toBe(M2.toString('hex'));
      await client.verify(ourM2);
      expect(toHexT(client.sessionKey)).toBe(K.toString('hex'));
    }
  });
});
