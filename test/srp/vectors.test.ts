// Known-answer tests: RFC 5054 Appendix A groups and Appendix B vector, the Insomnia interop
// fixture and our own golden vectors (vectors/zkvault-srp.json), on both modpow backends.
import { getDiffieHellman } from 'node:crypto';
import fastSrp from 'fast-srp-hap';
import { describe, expect, it } from 'vitest';
import { SRP_GROUP_BITS, srpGroup, type SrpGroupBits } from '../../src/srp/groups.js';
import { clientS, computeK, computeU, computeX, makeSuite, serverS, type SrpDeps } from '../../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../../src/srp/srp.js';
import { checkTranscript } from './transcript.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import { BACKENDS } from '../helpers/backends.js';


const big = (h: string): bigint => BigInt('0x' + h);

interface GroupVector { bits: number; N: string; g: string; g_decimal: number }
interface Rfc5054Vector {
  group_bits: number; hash: 'SHA-1'; N: string; g: string; I: string; P: string; s: string;
  k: string; x: string; v: string; a: string; b: string; A: string; B: string; u: string; S: string;
}

describe('RFC 5054 Appendix A groups', () => {
  const file = loadVectors<{ vectors: GroupVector[] }>('rfc5054-groups.json');

  it('all 7 groups load and match the built-in constants', () => {
    expect(file.vectors.map((v) => v.bits)).toEqual([...SRP_GROUP_BITS]);
    for (const v of file.vectors) {
      const g = srpGroup(v.bits as SrpGroupBits);
      expect(g.N).toBe(big(v.N));
      expect(g.g).toBe(BigInt(v.g_decimal));
      expect(g.g).toBe(big(v.g));
      expect(g.byteLength).toBe(v.N.length / 2);
      expect(g.N.toString(2).length).toBe(v.bits);
    }
    reportCounts('rfc5054-groups.json', { groups: file.vectors.length });
  });

  it('match independent copies: fast-srp-hap params and the RFC 3526 primes in OpenSSL', () => {
    const peer = fastSrp.SRP.params;
    for (const bits of [1024, 1536, 2048, 3072, 4096, 8192] as const) {
      expect(srpGroup(bits).N).toBe(big(peer[bits].N.toString(16)));
      expect(srpGroup(bits).g).toBe(big(peer[bits].g.toString(16)));
    }
    // fast-srp-hap files the 6144-bit group under the key 6244.
    expect(srpGroup(6144).N).toBe(big(peer[6244].N.toString(16)));
    for (const [bits, name] of [[3072, 'modp15'], [4096, 'modp16'], [6144, 'modp17'], [8192, 'modp18']] as const) {
      expect(srpGroup(bits).N).toBe(big(getDiffieHellman(name).getPrime('hex')));
    }
  });

  it('rejects sizes outside RFC 5054', () => {
    for (const bad of [0, 512, 2047, 3000, 16384, 2048.5, '2048', null]) {
      expect(() => srpGroup(bad as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});

describe.each(BACKENDS)('RFC 5054 Appendix B ($name backend)', (deps) => {
  const file = loadVectors<{ vectors: Rfc5054Vector[] }>('rfc5054-srp.json');
  const params: SrpParams = { group: srpGroup(1024), hash: 'SHA-1', proof: 'srp6a', allowWeakGroup: true };

  it('reproduces k, x, v, A, B, u and S', async () => {
    for (const t of file.vectors) {
      expect(t.group_bits).toBe(1024);
      const s = makeSuite(deps, srpGroup(1024), 'SHA-1', 'srp6a');
      expect(s.k).toBe(big(t.k));
      const x = computeX(s, hex(t.s), new TextEncoder().encode(t.I), new TextEncoder().encode(t.P));
      expect(x).toBe(big(t.x));
      const v = await createVerifierWith(deps, params, t.I, t.P, hex(t.s));
      expect(toHexT(v)).toBe(t.v);
      const client = await withBackends({ ...deps, random: scriptedRandom([hex(t.a)]) }, () => SrpClient.start(params, t.I, t.P, hex(t.s)));
      expect(toHexT(client.A)).toBe(t.A);
      const server = await withBackends({ ...deps, random: scriptedRandom([hex(t.b)]) }, () => SrpServer.start(params, t.I, hex(t.s), v));
      expect(toHexT(server.B)).toBe(t.B);
      const u = computeU(s, big(t.A), big(t.B));
      expect(u).toBe(big(t.u));
      expect(clientS(s, big(t.B), x, big(t.a), u)).toBe(big(t.S));
      expect(serverS(s, big(t.A), big(t.v), u, big(t.b))).toBe(big(t.S));
      // And the whole handshake agrees through the public API.
      const M1 = await client.respond(server.B);
      const { M2 } = await server.verify(client.A, M1);
      await client.verify(M2);
      expect(toHexT(client.sessionKey)).toBe(toHexT(computeK(s, big(t.S))));
      expect(client.sessionKey).toEqual(server.sessionKey);
    }
    reportCounts(`rfc5054-srp.json (${deps.name})`, { vectors: file.vectors.length });
  });
});

interface InsomniaSrp {
  group: string; hash: 'SHA-256'; N: string; g: string; I: string; P: string; s: string; a: string; b: string;
  k: string; x: string; v: string; A: string; B: string; u: string; S: string; K: string; M1: string; M2: string;
}

describe.each(BACKENDS)('insomnia-interop.json SRP ($name backend)', ({ name, ...deps }) => {
  const file = loadVectors<{ vectors: { name: string; srp?: InsomniaSrp }[] }>('insomnia-interop.json');
  const cases = file.vectors.flatMap((v) => (v.srp === undefined ? [] : [v.srp]));

  it('the insomnia variant reproduces k, x, v, A, B, u, S, K, M1 and M2 exactly', async () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const t of cases) {
      expect(t.group).toBe('rfc5054-2048');
      expect(big(t.N)).toBe(srpGroup(2048).N);
      await checkTranscript(deps, srpGroup(2048), 'SHA-256', 'insomnia', { ...t, I: hex(t.I) });
    }
    reportCounts(`insomnia-interop.json srp (${name})`, { vectors: cases.length });
  });
});
