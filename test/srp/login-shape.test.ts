// The one login shape (docs/api-conventions.md, "Logins"): zkvault/srp, the model and the Insomnia
// login have the same steps (static start, respond(B), verify), the same named step results, and the
// model's result types are the SRP ones. Also the scripted random backend that replaced the
// test-only `secret` option: a fixed draw gives the same A every time, and a draw of another size is refused.
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import {
  createInsomniaVerifier,
  InsomniaLoginClient,
  insomniaLoginA,
  insomniaLoginM1,
  insomniaLoginS,
  type InsomniaLoginVerifyResult,
} from '../../src/compat/insomnia/index.js';
import {
  ClientLogin,
  createAccount,
  loginParams,
  ServerLogin,
  type ClientLoginVerifyResult,
  type ServerLoginVerifyResult,
} from '../../src/model/index.js';
import { createVerifier, SrpClient, SrpServer, srpGroup, type SrpClientVerifyResult, type SrpParams, type SrpServerVerifyResult } from '../../src/srp/index.js';
import { zkvaultCode } from '../helpers/errors.js';

const params: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };
const flip = (x: Uint8Array, i: number): Uint8Array => {
  const y = new Uint8Array(x);
  y[i % y.length]! ^= 1;
  return y;
};

describe('one login shape', () => {
  it('the model result types are the SRP ones', () => {
    expectTypeOf<ClientLoginVerifyResult>().toEqualTypeOf<SrpClientVerifyResult>();
    expectTypeOf<ServerLoginVerifyResult>().toEqualTypeOf<SrpServerVerifyResult>();
    expectTypeOf<InsomniaLoginVerifyResult>().toEqualTypeOf<{ sessionId: string }>();
  });

  it('zkvault/srp: start → respond(B) → verify; the results are { M2, sessionKey } and { sessionKey }', async () => {
    const salt = new Uint8Array(16).fill(3);
    const server = await SrpServer.start(params, 'alice', salt, await createVerifier(params, 'alice', 'pw', salt));
    const client = await SrpClient.start(params, 'alice', 'pw', salt);
    const s = await server.verify(client.A, await client.respond(server.B));
    const c = await client.verify(s.M2);
    expect(Object.keys(s).sort()).toEqual(['M2', 'sessionKey']);
    expect(Object.keys(c)).toEqual(['sessionKey']);
    expect(c.sessionKey).toEqual(s.sessionKey);
    expect(c.sessionKey).toEqual(client.sessionKey);
  });

  it('the model: the same steps and results, and ServerLogin round-trips through toJSON / fromJSON', async () => {
    const { record } = await createAccount({ accountId: 'jane', passphrase: 'pw', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
    const login = await ClientLogin.start({ accountId: 'jane', passphrase: 'pw', params: loginParams(record), minIterations: 1000 });
    const first = await ServerLogin.start(record);
    const M1 = await login.respond(first.B);
    const server = ServerLogin.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
    const s = await server.verify(login.A, M1);
    const c = await login.verify(s.M2);
    expect(Object.keys(s).sort()).toEqual(['M2', 'sessionKey']);
    expect(Object.keys(c)).toEqual(['sessionKey']);
    expect(c.sessionKey).toEqual(s.sessionKey);
  });

  it('Insomnia: start → respond(login-a) → verify(login-m1), the session id on both sides', async () => {
    const email = 'alice@example.com';
    const [saltKey, saltAuth] = ['aa'.repeat(32), 'bb'.repeat(32)];
    const account = { email, saltKey, saltAuth, verifier: await createInsomniaVerifier(email, 'pw', saltKey, saltAuth) };
    const client = await InsomniaLoginClient.start(email, 'pw', insomniaLoginS(account));
    const a = await insomniaLoginA(client.loginARequest, account);
    const m1 = await insomniaLoginM1(await client.respond(a.response), a.state);
    const c = await client.verify(m1.response);
    expect(Object.keys(a).sort()).toEqual(['response', 'state']);
    expect(Object.keys(m1).sort()).toEqual(['response', 'sessionId']);
    expect(c).toEqual({ sessionId: m1.sessionId });
  });

  it('property: a flipped M2 is refused by every client verify (SRP_BAD_PROOF), and no key is released', async () => {
    const salt = new Uint8Array(16).fill(4);
    const v = await createVerifier(params, 'alice', 'pw', salt);
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (i) => {
        const server = await SrpServer.start(params, 'alice', salt, v);
        const client = await SrpClient.start(params, 'alice', 'pw', salt);
        const { M2 } = await server.verify(client.A, await client.respond(server.B));
        await expect(client.verify(flip(M2, i))).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
        expect(() => client.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
      }),
      { numRuns: 4 },
    );
  });

  it('SrpServer.fromJSON takes the state first and requires the parameters', async () => {
    const salt = new Uint8Array(16).fill(5);
    const server = await SrpServer.start(params, 'alice', salt, await createVerifier(params, 'alice', 'pw', salt));
    const state = JSON.parse(JSON.stringify(server.toJSON()));
    expect(SrpServer.fromJSON(state, { params }).B).toEqual(server.B);
    expect(() => SrpServer.fromJSON(state, undefined as never)).toThrow(zkvaultCode('INVALID_INPUT'));
    expect(() => SrpServer.fromJSON(state, { params: { ...params, proof: 'rfc2945' } })).toThrow(zkvaultCode('INVALID_RECORD'));
  });
});

describe('scriptedRandom: how tests fix the SRP ephemerals', () => {
  it('the same scripted a gives the same A; without it, A differs', async () => {
    const salt = new Uint8Array(16).fill(6);
    const a = new Uint8Array(32).fill(0x5a);
    const one = await withBackends({ random: scriptedRandom([a]) }, () => SrpClient.start(params, 'alice', 'pw', salt));
    const two = await withBackends({ random: scriptedRandom([a]) }, () => SrpClient.start(params, 'alice', 'pw', salt));
    const free = await SrpClient.start(params, 'alice', 'pw', salt);
    expect(one.A).toEqual(two.A);
    expect(free.A).not.toEqual(one.A);
  });

  it('a draw of another size, or past the end without a fallback, is refused', async () => {
    const salt = new Uint8Array(16).fill(7);
    await expect(withBackends({ random: scriptedRandom([new Uint8Array(31).fill(1)]) }, () => SrpClient.start(params, 'a', 'pw', salt))).rejects.toThrow(
      zkvaultCode('INVALID_INPUT'),
    );
    await expect(withBackends({ random: scriptedRandom([]) }, () => SrpClient.start(params, 'a', 'pw', salt))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
  });
});
