// SrpServer.fromJSON refuses every out-of-range or inconsistent value of a stored server state
// (issue 10, finding 2): b = 0 or >= N, B = 0 mod N or >= N, v = 0 or >= N, and a B that b and v
// do not give (B = k*v + g^b mod N, RFC 5054 section 2.5.3), each with INVALID_RECORD, on both backends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, padBigInt } from '../../src/srp/bigint.js';
import { srpGroup } from '../../src/srp/groups.js';
import type { SrpDeps } from '../../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams, type SrpServerState } from '../../src/srp/srp.js';
import { syncErrorCode } from '../helpers/errors.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { BACKENDS } from '../helpers/backends.js';

const P: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };
const N = P.group.N;
const LEN = 256;
const salt = new Uint8Array(32).fill(7);
const enc = (n: bigint) => Buffer.from(padBigInt(n, LEN)).toString('base64url');
const num = (s: string) => bytesToBigInt(Buffer.from(s, 'base64url'));

describe.each(BACKENDS)('SrpServer.fromJSON [$name]', (deps) => {
  async function fresh(): Promise<SrpServerState> {
    const v = await createVerifierWith(deps, P, 'alice', 'pw', salt);
    return (await withBackends(deps, () => SrpServer.start(P, 'alice', salt, v))).toJSON();
  }

  it.each([
    ['b = 0', (s: SrpServerState) => ({ ...s, b: enc(0n) })],
    ['b = N', (s: SrpServerState) => ({ ...s, b: enc(N) })],
    ['b = N + 1 (congruent to 1)', (s: SrpServerState) => ({ ...s, b: enc(N + 1n) })],
    ['B = 0', (s: SrpServerState) => ({ ...s, B: enc(0n) })],
    ['B = N (0 mod N)', (s: SrpServerState) => ({ ...s, B: enc(N) })],
    ['B = N + 1 (>= N)', (s: SrpServerState) => ({ ...s, B: enc(N + 1n) })],
    ['v = 0', (s: SrpServerState) => ({ ...s, verifier: enc(0n) })],
    ['v = N', (s: SrpServerState) => ({ ...s, verifier: enc(N) })],
    ['v = N + 1 (>= N)', (s: SrpServerState) => ({ ...s, verifier: enc(N + 1n) })],
    ['B + 1 (not k*v + g^b)', (s: SrpServerState) => ({ ...s, B: enc((num(s.B) + 1n) % N) })],
    ['B of another session', (s: SrpServerState, t: SrpServerState) => ({ ...s, B: t.B })],
    ['b of another session', (s: SrpServerState, t: SrpServerState) => ({ ...s, b: t.b })],
    ['v of another password', (s: SrpServerState, t: SrpServerState) => ({ ...s, verifier: t.verifier })],
  ])('%s → INVALID_RECORD', async (_n, mutate) => {
    const s = await fresh();
    const v2 = await createVerifierWith(deps, P, 'alice', 'other pw', salt);
    const t = (await withBackends(deps, () => SrpServer.start(P, 'alice', salt, v2))).toJSON();
    expect(syncErrorCode(() => withBackends(deps, () => SrpServer.fromJSON(mutate(s, t) as SrpServerState, { params: P })))).toBe('INVALID_RECORD');
    // The untouched state still resumes.
    expect(withBackends(deps, () => SrpServer.fromJSON(s, { params: P })).B).toEqual(new Uint8Array(Buffer.from(s.B, 'base64url')));
  });

  it('property: any change of b, B or v is refused; an honest state always finishes the login', async () => {
    const v = await createVerifierWith(deps, P, 'alice', 'pw', salt);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('b', 'B', 'verifier'), fc.bigInt({ min: 1n, max: 2n ** 64n }), async (field, delta) => {
        const server = await withBackends(deps, () => SrpServer.start(P, 'alice', salt, v));
        const s = server.toJSON();
        const changed = { ...s, [field]: enc((num(s[field]) + delta) % N) } as SrpServerState;
        expect(syncErrorCode(() => withBackends(deps, () => SrpServer.fromJSON(changed, { params: P })))).toBe('INVALID_RECORD');
        const client = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
        const resumed = withBackends(deps, () => SrpServer.fromJSON(JSON.parse(JSON.stringify(s)) as SrpServerState, { params: P }));
        await client.verify((await resumed.verify(client.A, await client.respond(resumed.B))).M2);
      }),
      { numRuns: 10 },
    );
  });
});
