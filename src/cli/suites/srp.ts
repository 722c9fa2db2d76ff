/** Vector suites for SRP (RFC 5054 appendix A and B, our golden vectors). @module */
import { hash } from '#backend/hash';
import { withBackends } from '../../backend/backend-deps.js';
import { scriptedRandom } from '../../backend/scripted-random.js';
import type { HashName } from '../../backend/types.js';
import { utf8ToBytes } from '../../bytes/index.js';
import { createVerifier, SrpClient, SrpServer, srpGroup, type SrpGroupBits, type SrpParams, type SrpProof } from '../../srp/index.js';
import { defineSuite, firstFailure, h, PASS, same, type CaseOutcome, type Suite } from '../suite.js';

interface GroupVector { bits: number; N: string; g: string }
interface SrpVector { group_bits: string | number; hash: HashName; proof?: SrpProof; I: string; P_hex?: string; P: string; s: string; v: string; a: string; b: string; A: string; B: string; S: string; K?: string; M1?: string; M2?: string }

const bytesOf = (hex: string, length: number): Uint8Array => h(hex.padStart(2 * length, '0'));

/** Runs a full handshake with the vector's fixed a and b and checks every public value. */
async function handshake(v: SrpVector): Promise<CaseOutcome> {
  const bits = Number(v.group_bits) as SrpGroupBits;
  const params: SrpParams = { group: srpGroup(bits), hash: v.hash, proof: v.proof ?? 'srp6a', allowWeakGroup: bits < 2048 };
  const len = params.group.byteLength;
  const I = utf8ToBytes(v.I);
  // RFC 5054 gives P as text plus P_hex; our golden file gives P as hex.
  const P = h(v.P_hex ?? v.P);
  const s = h(v.s);
  const verifier = await createVerifier(params, I, P, s);
  // The vector's a and b are the ephemeral draws (through the backend seam, never a public option).
  const client = await withBackends({ random: scriptedRandom([h(v.a)]) }, () => SrpClient.start(params, I, P, s));
  const server = await withBackends({ random: scriptedRandom([h(v.b)]) }, () => SrpServer.start(params, I, s, verifier));
  const M1 = await client.respond(server.B);
  const { M2, sessionKey: serverK } = await server.verify(client.A, M1);
  const { sessionKey: clientK } = await client.verify(M2);
  // RFC 5054 appendix B stops at S; with the srp6a proof K = H(PAD(S)), which checks S through the API.
  const K = v.K === undefined ? hash.digest(v.hash, bytesOf(v.S, len)) : h(v.K);
  return firstFailure(
    same('v', verifier, bytesOf(v.v, len)),
    same('A', client.A, bytesOf(v.A, len)),
    same('B', server.B, bytesOf(v.B, len)),
    same('K (client)', clientK, K),
    same('K (server)', serverK, K),
    v.M1 === undefined ? PASS : same('M1', M1, h(v.M1)),
    v.M2 === undefined ? PASS : same('M2', M2, h(v.M2)),
  );
}

export const srpSuites: Suite[] = [
  defineSuite<GroupVector>('rfc5054-groups', 'rfc5054-groups.json', (d) => d.vectors.map((v: GroupVector) => ({ id: `${v.bits}-bit`, value: v })), async (v) => {
    const g = srpGroup(v.bits as SrpGroupBits);
    if (g.N !== BigInt(`0x${v.N}`) || g.g !== BigInt(`0x${v.g}`)) return { ok: false, why: 'N or g differs from the built-in constant' };
    return PASS;
  }),
  defineSuite<SrpVector>('rfc5054-srp', 'rfc5054-srp.json', (d) => d.vectors.map((v: SrpVector, i: number) => ({ id: `appendix B #${i + 1}`, value: v })), handshake),
  defineSuite<SrpVector>('zkvault-srp', 'zkvault-srp.json', (d) => d.vectors.map((v: SrpVector, i: number) => ({ id: `#${i + 1} ${v.proof}`, value: v })), handshake),
];
