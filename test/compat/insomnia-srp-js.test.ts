// Insomnia SRP against `srp-js` 0.2.1, the SRP package the desktop app really ships (its lockfile):
// both directions with the ephemerals of vectors/insomnia-srp-js.json, whose A, B and S start with a
// zero byte (PAD() must keep it), then random logins both ways. @getinsomnia/srp-js stays the second
// peer (insomnia-srp.test.ts).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveInsomniaKeyWith } from '../../src/compat/insomnia/kdf.js';
import { createInsomniaVerifier, InsomniaLoginClient, insomniaLoginA, insomniaLoginM1 } from '../../src/compat/insomnia/srp.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts } from '../helpers/vectors.js';
import { loadSrpJs } from './srp-js-peer.js';
import { withReferenceModPow } from '../helpers/peer-modpow.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';

interface SrpJsVector {
  name: string;
  a: string;
  b: string;
  A: string;
  B: string;
  S: string;
  K: string;
  M1: string;
  M2: string;
}
const file = loadVectors<{
  account: { email: string; passphrase: string; saltKey: string; saltAuth: string; secPwdAuth: string; v: string };
  vectors: SrpJsVector[];
}>('insomnia-srp-js.json');
const acct = file.account;
const record = { email: acct.email, saltKey: acct.saltKey, saltAuth: acct.saltAuth, verifier: acct.v };
const srp = loadSrpJs();
const params = srp.params[2048]!;
const buf = (h: string): Buffer => Buffer.from(h, 'hex');

const DEPS = BACKENDS;

describe('vectors/insomnia-srp-js.json', () => {
  it('covers a leading zero byte in A, in B and in S', () => {
    const lead = (v: SrpJsVector): string => ['A', 'B', 'S'].filter((m) => v[m as 'A' | 'B' | 'S'].startsWith('00')).join('');
    expect(file.vectors.map(lead).join(',')).toMatch(/A.*,.*B.*,.*S/);
    for (const v of file.vectors) for (const m of [v.A, v.B, v.S]) expect(m).toHaveLength(512);
  });
});

describe.each(DEPS)('Insomnia SRP against srp-js 0.2.1 [$name backend]', (deps) => {
  it('the verifier of the fixture account equals srp-js computeVerifier', async () => {
    const v = srp.computeVerifier(params, buf(acct.saltAuth), Buffer.from(acct.email, 'utf8'), buf(acct.secPwdAuth)).toString('hex');
    expect(v).toBe(acct.v);
    expect(await withBackends(deps, () => createInsomniaVerifier(acct.email, acct.passphrase, acct.saltKey, acct.saltAuth))).toBe(v);
  });

  it.each(file.vectors)('srp-js client -> our server: $name', async (v) => {
    const client = new srp.Client(params, buf(acct.saltAuth), Buffer.from(acct.email, 'utf8'), buf(acct.secPwdAuth), buf(v.a));
    expect(client.computeA().toString('hex')).toBe(v.A);
    const a = await withBackends({ ...deps, random: scriptedRandom([hex(v.b)], deps.random) }, () => insomniaLoginA({ srpA: v.A, email: acct.email }, record));
    expect(a.response.srpB).toBe(v.B);
    client.setB(buf(a.response.srpB));
    expect(client._private.S_buf.toString('hex')).toBe(v.S);
    expect(client.computeM1().toString('hex')).toBe(v.M1);
    const m = await withBackends(deps, () => insomniaLoginM1({ srpM1: v.M1, sessionStarterId: a.response.sessionStarterId }, a.state));
    expect(m.response.srpM2).toBe(v.M2);
    client.checkM2(buf(m.response.srpM2)); // throws if srp-js does not accept our M2
    expect(m.sessionId).toBe(client.computeK().toString('hex'));
    expect(m.sessionId).toBe(v.K);
  });

  it.each(file.vectors)('our client -> srp-js server: $name', async (v) => {
    const ours = await withBackends({ ...deps, random: scriptedRandom([hex(v.a)]) }, () => InsomniaLoginClient.start(acct.email, acct.passphrase, { saltKey: acct.saltKey, saltAuth: acct.saltAuth }));
    expect(ours.loginARequest.srpA).toBe(v.A);
    const server = new srp.Server(params, buf(acct.v), buf(v.b));
    expect(server.computeB().toString('hex')).toBe(v.B);
    server.setA(buf(ours.loginARequest.srpA));
    expect(server._private.S_buf.toString('hex')).toBe(v.S);
    const m1 = await ours.respond({ sessionStarterId: 'sst_1', srpB: v.B });
    expect(m1.srpM1).toBe(v.M1);
    const M2 = server.checkM1(buf(m1.srpM1)); // throws if srp-js does not accept our M1
    expect(M2.toString('hex')).toBe(v.M2);
    const { sessionId } = await ours.verify({ srpM2: M2.toString('hex') });
    expect(sessionId).toBe(server.computeK().toString('hex'));
    expect(sessionId).toBe(v.K);
  });

  it('random logins in both directions with random ephemerals', async () => {
    let handshakes = 0;
    // srp-js's jsbn modPow is an independent stand-in here (test/helpers/peer-modpow.ts); the vector
    // logins above use srp-js's own arithmetic.
    await withReferenceModPow((params as unknown as { N: unknown }).N, async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), async (rawPass) => {
          const saltKey = randomBytes(32).toString('hex');
          const saltAuth = randomBytes(32).toString('hex');
          const verifier = await withBackends(deps, () => createInsomniaVerifier(acct.email, rawPass, saltKey, saltAuth));
          const rec = { email: acct.email, saltKey, saltAuth, verifier };
          const ours = await withBackends(deps, () => InsomniaLoginClient.start(acct.email, rawPass, { saltKey, saltAuth }));
          const server = new srp.Server(params, buf(verifier), randomBytes(32));
          server.setA(buf(ours.loginARequest.srpA));
          const M2 = server.checkM1(buf((await ours.respond({ sessionStarterId: 's', srpB: server.computeB().toString('hex') })).srpM1));
          expect((await ours.verify({ srpM2: M2.toString('hex') })).sessionId).toBe(server.computeK().toString('hex'));

          // srp-js's client takes P = SEC_PWD_Auth (the app derives it with deriveKey before calling srp-js).
          const P = Buffer.from(await deriveInsomniaKeyWith(deps.kdf, rawPass, acct.email, saltKey));
          const client = new srp.Client(params, buf(saltAuth), Buffer.from(acct.email, 'utf8'), P, randomBytes(32));
          const a = await withBackends(deps, () => insomniaLoginA({ srpA: client.computeA().toString('hex'), email: acct.email }, rec));
          client.setB(buf(a.response.srpB));
          const m = await withBackends(deps, () => insomniaLoginM1({ srpM1: client.computeM1().toString('hex'), sessionStarterId: a.response.sessionStarterId }, a.state));
          client.checkM2(buf(m.response.srpM2));
          expect(m.sessionId).toBe(client.computeK().toString('hex'));
          handshakes += 2;
        }),
        { numRuns: deps.name === 'node' ? 10 : 4 },
      );
    });
    reportCounts(`srp-js 0.2.1 interop [${deps.name}]`, { handshakes });
    expect(handshakes).toBeGreaterThan(0);
  }, 120_000);
});
