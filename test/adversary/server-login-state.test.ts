// A forged server login state (issue 10, finding 2). The state sits in a server-side store between
// the two SRP round trips; whoever can write that store must not be able to log in as someone else.
// ServerLogin.fromJSON binds the account id to the SRP identity, recomputes B from b and v, checks
// the state against the account record when given, and refuses any state without a valid MAC when
// the server uses a MAC key. Every refusal is INVALID_RECORD (docs/threat-model.md section 2).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginParams, ServerLogin, ClientLogin, type AccountRecord, type ServerLoginState } from '../../src/model/index.js';
import { ITER, signup, viaJson } from '../model/fixtures.js';
import { syncErrorCode } from '../helpers/errors.js';

let jane: AccountRecord;
let mallory: AccountRecord;
const KEY = new Uint8Array(32).fill(0x42);

beforeAll(async () => {
  ({ record: jane } = await signup('jane', 'jane passphrase'));
  ({ record: mallory } = await signup('mallory', 'mallory passphrase'));
});


/** Mallory's full login against a server rebuilt from `state`: resolves to the account id the server believes in. */
async function malloryLogsIn(state: ServerLoginState): Promise<string> {
  const client = await ClientLogin.start({ accountId: 'mallory', passphrase: 'mallory passphrase', params: viaJson(loginParams(mallory)), minIterations: ITER });
  const server = ServerLogin.fromJSON(viaJson(state));
  const { M2 } = await server.verify(client.A, await client.respond(server.B));
  await client.verify(M2);
  return server.accountId;
}

describe('forged server login state', () => {
  it("the review attack: Jane's account id around Mallory's SRP state → INVALID_RECORD (Mallory does not log in as Jane)", async () => {
    const m = (await ServerLogin.start(mallory)).toJSON();
    const forged = { ...m, accountId: 'jane' };
    await expect(malloryLogsIn(forged)).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    expect(await malloryLogsIn(m)).toBe('mallory'); // the honest state still works
  });

  it('a bad account id in the state → INVALID_RECORD, not INVALID_INPUT', async () => {
    const s = (await ServerLogin.start(jane)).toJSON();
    for (const accountId of ['', 12, null, '\ud800']) expect(syncErrorCode(() => ServerLogin.fromJSON({ ...s, accountId } as never))).toBe('INVALID_RECORD');
    for (const srp of [undefined, null, 'x', { bits: 3072, hash: 'SHA-256' }, { bits: 1024, hash: 'SHA-256' }]) {
      expect(syncErrorCode(() => ServerLogin.fromJSON({ ...s, srp } as never))).toBe('INVALID_RECORD');
    }
    expect(syncErrorCode(() => ServerLogin.fromJSON({ ...s, state: null }))).toBe('INVALID_RECORD');
  });

  it('a B that b and v do not give → INVALID_RECORD', async () => {
    const s = (await ServerLogin.start(jane)).toJSON();
    const other = (await ServerLogin.start(jane)).toJSON();
    const inner = s.state as Record<string, string>;
    expect(syncErrorCode(() => ServerLogin.fromJSON({ ...s, state: { ...inner, B: (other.state as Record<string, string>)['B'] } }))).toBe('INVALID_RECORD');
  });

  it("with the record: a consistent state around another verifier or salt (a store writer's forgery) → INVALID_RECORD", async () => {
    // Built by the library itself, so identity, b, B and v are consistent: only the record can tell.
    const forgedV = (await ServerLogin.start({ ...jane, SRP_Verifier: mallory.SRP_Verifier })).toJSON();
    const forgedSalt = (await ServerLogin.start({ ...jane, SLT_Auth_2: mallory.SLT_Auth_2 })).toJSON();
    expect(ServerLogin.fromJSON(viaJson(forgedV)).accountId).toBe('jane'); // without the record nothing can tell
    expect(syncErrorCode(() => ServerLogin.fromJSON(viaJson(forgedV), { record: jane }))).toBe('INVALID_RECORD');
    expect(syncErrorCode(() => ServerLogin.fromJSON(viaJson(forgedSalt), { record: jane }))).toBe('INVALID_RECORD');
    const honest = (await ServerLogin.start(jane)).toJSON();
    expect(syncErrorCode(() => ServerLogin.fromJSON(viaJson(honest), { record: mallory }))).toBe('INVALID_RECORD');
    expect(ServerLogin.fromJSON(viaJson(honest), { record: jane }).accountId).toBe('jane');
  });
});

describe('server MAC key: toJSON({ key }) / fromJSON(json, { key })', () => {
  it('round trip: a MACed state finishes the login', async () => {
    const client = await ClientLogin.start({ accountId: 'jane', passphrase: 'jane passphrase', params: viaJson(loginParams(jane)), minIterations: ITER });
    const stored = JSON.stringify((await ServerLogin.start(jane)).toJSON({ key: KEY }));
    const server = ServerLogin.fromJSON(JSON.parse(stored) as ServerLoginState, { key: KEY, record: jane });
    await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
  });

  it("a state the server did not write (even one the library made for Mallory's verifier) → INVALID_RECORD", async () => {
    const forged = (await ServerLogin.start({ ...jane, SRP_Verifier: mallory.SRP_Verifier })).toJSON();
    expect(syncErrorCode(() => ServerLogin.fromJSON(viaJson(forged), { key: KEY }))).toBe('INVALID_RECORD');
    const other = (await ServerLogin.start(jane)).toJSON({ key: new Uint8Array(32).fill(1) });
    expect(syncErrorCode(() => ServerLogin.fromJSON(viaJson(other), { key: KEY }))).toBe('INVALID_RECORD');
  });

  it('property: changing any field of a MACed state (or its tag) → INVALID_RECORD', async () => {
    const s = viaJson((await ServerLogin.start(jane)).toJSON({ key: KEY }));
    const paths: string[][] = [['accountId'], ['srp', 'bits'], ['srp', 'hash'], ['mac'], ...Object.keys(s.state as object).map((k) => ['state', k])];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.string(), fc.integer()), (path, value) => {
        const t = viaJson(s) as unknown as Record<string, Record<string, unknown>>;
        const [a, b] = path as [string, string | undefined];
        if (b === undefined) (t as Record<string, unknown>)[a] = value;
        else t[a]![b] = value;
        fc.pre(JSON.stringify(t) !== JSON.stringify(s));
        expect(syncErrorCode(() => ServerLogin.fromJSON(t as unknown as ServerLoginState, { key: KEY }))).toBe('INVALID_RECORD');
      }),
      { numRuns: 300 },
    );
  });

  it('a missing tag with a key, or a tag without a key → INVALID_RECORD; a short key → INVALID_INPUT', async () => {
    const plain = viaJson((await ServerLogin.start(jane)).toJSON());
    const maced = viaJson((await ServerLogin.start(jane)).toJSON({ key: KEY }));
    expect(syncErrorCode(() => ServerLogin.fromJSON(plain, { key: KEY }))).toBe('INVALID_RECORD');
    expect(syncErrorCode(() => ServerLogin.fromJSON(maced))).toBe('INVALID_RECORD');
    expect(syncErrorCode(() => ServerLogin.fromJSON(maced, { key: KEY.subarray(0, 31) }))).toBe('INVALID_INPUT');
    expect(syncErrorCode(() => (ServerLogin.prototype.toJSON as (o: unknown) => unknown).call(ServerLogin.fromJSON(plain), { key: 'k' }))).toBe('INVALID_INPUT');
  });

  it('JSON.stringify(serverLogin) still works (it passes a key name, not options)', async () => {
    const s = await ServerLogin.start(jane);
    const text = JSON.stringify(s);
    expect(ServerLogin.fromJSON(JSON.parse(text) as ServerLoginState).accountId).toBe('jane');
  });
});
