// Replays one SRP vector with its fixed a and b and checks every value of the transcript:
// k, x, v, A, B, u, S, M1, M2 and K on both sides. Shared by the golden and interop vector tests.
import { expect } from 'vitest';
import type { SrpGroup } from '../../src/srp/groups.js';
import { computeU, computeX, makeSuite, serverS, type SrpDeps, type SrpHash, type SrpProof } from '../../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../../src/srp/srp.js';
import { hex, toHexT } from '../helpers/vectors.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';

/** One transcript; big integers are hex, I is bytes as hex, the rest are byte strings as hex. */
export interface Transcript {
  I: Uint8Array;
  P: string; s: string; a: string; b: string;
  k: string; x: string; v: string; A: string; B: string; u: string; S: string; K: string; M1: string; M2: string;
}

const big = (h: string): bigint => BigInt('0x' + h);

export async function checkTranscript(deps: SrpDeps, group: SrpGroup, hash: SrpHash, proof: SrpProof, t: Transcript): Promise<void> {
  const pad = (h: string): string => h.padStart(2 * group.byteLength, '0');
  const params: SrpParams = { group, hash, proof };
  const suite = makeSuite(deps, group, hash, proof);
  expect(suite.k).toBe(big(t.k));
  expect(computeX(suite, hex(t.s), t.I, hex(t.P))).toBe(big(t.x));
  const v = await createVerifierWith(deps, params, t.I, hex(t.P), hex(t.s));
  expect(toHexT(v)).toBe(pad(t.v));
  const client = await withBackends({ ...deps, random: scriptedRandom([hex(t.a)]) }, () => SrpClient.start(params, t.I, hex(t.P), hex(t.s)));
  const server = await withBackends({ ...deps, random: scriptedRandom([hex(t.b)]) }, () => SrpServer.start(params, t.I, hex(t.s), v));
  expect(toHexT(client.A)).toBe(pad(t.A));
  expect(toHexT(server.B)).toBe(pad(t.B));
  expect(computeU(suite, big(t.A), big(t.B))).toBe(big(t.u));
  expect(serverS(suite, big(t.A), big(t.v), big(t.u), big(t.b))).toBe(big(t.S));
  const M1 = await client.respond(server.B);
  expect(toHexT(M1)).toBe(t.M1);
  const { M2 } = await server.verify(client.A, M1);
  expect(toHexT(M2)).toBe(t.M2);
  await client.verify(M2);
  expect(toHexT(client.sessionKey)).toBe(t.K);
  expect(toHexT(server.sessionKey)).toBe(t.K);
}
