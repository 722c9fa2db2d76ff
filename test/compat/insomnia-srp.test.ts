// The Insomnia SRP login: the fixture (made by the app's package) reproduced through our login helpers,
// then full handshakes against the app's own SRP Client and Server (@getinsomnia/srp-js) in both
// directions for random accounts, and the failure rules.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { insomniaSrpParams } from '../../src/compat/insomnia/srp.js';
import {
  createInsomniaVerifier,
  InsomniaLoginClient,
  insomniaLoginA,
  insomniaLoginM1,
  insomniaLoginS,
} from '../../src/compat/insomnia/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { loadInsomniaPeer, type InsomniaPeer } from './insomnia-peer.js';
import { errorCode } from '../helpers/errors.js';
import { withReferenceModPow } from '../helpers/peer-modpow.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import { oncePerInput, sharedSeed } from '../helpers/peer-once.js';

interface SrpFixture {
  name: string;
  email: string;
  passphrase: string;
  saltKey: string;
  saltAuth: string;
  srp: Record<string, string>;
}

const fixture = loadVectors<{ vectors: SrpFixture[] }>('insomnia-interop.json').vectors.filter((v) => v.srp !== undefined);

const DEPS = BACKENDS;

let peer: InsomniaPeer;
let appSignup: (email: string, pass: string) => Promise<{ saltKey: string; saltAuth: string; authSecret: string; verifier: string }>;
beforeAll(async () => {
  peer = await loadInsomniaPeer();
  // The app's side of a random account's sign-up (its salts, its deriveKey of SEC_PWD_Auth, its SRP
  // verifier) does not depend on our backend: the backends' handshake properties draw the same
  // accounts (ACCOUNTS_SEED; the web run's 10 are the node run's first 10) and the app signs each up
  // once (test/helpers/peer-once.ts). Every handshake still runs in full on each backend: our
  // verifier and our login client derive their keys per backend, and the app's Client and Server
  // compute their sides afresh.
  appSignup = oncePerInput(async (email: string, pass: string) => {
    const params = peer.params[2048]!;
    const saltKey = peer.getRandomHex();
    const saltAuth = peer.getRandomHex();
    const authSecret = await peer.deriveKey(pass, email, saltKey);
    const verifier = peer
      .computeVerifier(params, peer.Buffer.from(saltAuth, 'hex'), peer.Buffer.from(email, 'utf8'), peer.Buffer.from(authSecret, 'hex'))
      .toString('hex');
    return { saltKey, saltAuth, authSecret, verifier };
  });
});
const ACCOUNTS_SEED = sharedSeed();

describe.each(DEPS)('Insomnia SRP [$name backend]', (deps) => {
  it('reproduces the fixture login: v, A, B, M1, M2 and sessionId = K', async () => {
    let n = 0;
    for (const v of fixture) {
      const s = v.srp;
      const record = { email: v.email, saltKey: v.saltKey, saltAuth: v.saltAuth, verifier: s['v']! };
      expect(await withBackends(deps, () => createInsomniaVerifier(v.email, v.passphrase, v.saltKey, v.saltAuth))).toBe(s['v']);
      expect(insomniaSrpParams.group.N.toString(16).padStart(512, '0')).toBe(s['N']);
      expect(insomniaSrpParams.group.g.toString(16).padStart(2, '0')).toBe(s['g']);
      const client = await withBackends({ ...deps, random: scriptedRandom([hex(s['a']!)]) }, () => InsomniaLoginClient.start(v.email, v.passphrase, { saltKey: v.saltKey, saltAuth: v.saltAuth }));
      expect(client.loginARequest).toEqual({ srpA: s['A'], email: v.email });
      const { response, state } = await withBackends({ ...deps, random: scriptedRandom([hex(s['b']!)], deps.random) }, () => insomniaLoginA(client.loginARequest, record));
      expect(response.srpB).toBe(s['B']);
      const m1 = await client.respond(response);
      expect(m1.srpM1).toBe(s['M1']);
      const server = await withBackends(deps, () => insomniaLoginM1(m1, JSON.parse(JSON.stringify(state))));
      expect(server.response.srpM2).toBe(s['M2']);
      expect(server.sessionId).toBe(s['K']);
      expect((await client.verify(server.response)).sessionId).toBe(s['K']);
      n++;
    }
    reportCounts(`insomnia-interop.json srp [${deps.name}]`, { passed: n });
    expect(n).toBe(1);
  });

  it('a wrong passphrase fails at the server with SRP_BAD_PROOF; a wrong M2 fails at the client', async () => {
    const v = fixture[0]!;
    const record = { email: v.email, saltKey: v.saltKey, saltAuth: v.saltAuth, verifier: v.srp['v']! };
    const wrong = await withBackends(deps, () => InsomniaLoginClient.start(v.email, 'not the passphrase', insomniaLoginS(record)));
    const a = await withBackends(deps, () => insomniaLoginA(wrong.loginARequest, record));
    const m1 = await wrong.respond(a.response);
    expect(await errorCode(withBackends(deps, () => insomniaLoginM1(m1, a.state)))).toBe('SRP_BAD_PROOF');

    const client = await withBackends(deps, () => InsomniaLoginClient.start(v.email, v.passphrase, insomniaLoginS(record)));
    const a2 = await withBackends(deps, () => insomniaLoginA(client.loginARequest, record));
    await client.respond(a2.response);
    expect(await errorCode(client.verify({ srpM2: '00'.repeat(32) }))).toBe('SRP_BAD_PROOF');
  });
});

describe('Insomnia SRP against the app package', () => {
  // Random accounts, each logging in both ways: app client → our server, our client → app server.
  // The app's SRP is jsbn (~0.1 s per side; less with the reference modPow below), and
  // test/srp/interop.test.ts runs 50 more handshakes against the same package, so 25 + 10
  // accounts here (npm test budget, docs/testing.md).
  it.each([
    { deps: DEPS[0]!, runs: 25 },
    { deps: DEPS[1]!, runs: 10 },
  ])('handshakes in both directions for $runs random accounts [$deps.name backend]', async ({ deps, runs }) => {
    const params = peer.params[2048]!;
    let handshakes = 0;
    // The app's jsbn modPow is an independent stand-in here (test/helpers/peer-modpow.ts); the fixture
    // test above checks the app's own arithmetic.
    await withReferenceModPow(params.N, async () => {
      await fc.assert(
        fc.asyncProperty(fc.emailAddress(), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), async (rawEmail, rawPass) => {
          const email = rawEmail.trim().toLowerCase();
          const pass = rawPass.trim().normalize('NFKD');
          const { saltKey, saltAuth, authSecret, verifier } = await appSignup(email, pass);
          const record = { email, saltKey, saltAuth, verifier };
          // Non-ASCII passphrases: the app (WebCrypto path) and we must derive the same P.
          expect(await withBackends(deps, () => createInsomniaVerifier(rawEmail, rawPass, saltKey, saltAuth))).toBe(verifier);

          // 1. The app's client against our server.
          const c = new peer.Client(params, peer.Buffer.from(saltAuth, 'hex'), peer.Buffer.from(email, 'utf8'), peer.Buffer.from(authSecret, 'hex'), await peer.genKey());
          const a = await withBackends(deps, () => insomniaLoginA({ srpA: c.computeA().toString('hex'), email }, record));
          c.setB(peer.Buffer.from(a.response.srpB, 'hex'));
          const m = await withBackends(deps, () => insomniaLoginM1({ srpM1: c.computeM1().toString('hex'), sessionStarterId: a.response.sessionStarterId }, a.state));
          c.checkM2(peer.Buffer.from(m.response.srpM2, 'hex'));
          expect(m.sessionId).toBe(c.computeK().toString('hex'));

          // 2. Our client against the app's server.
          const ours = await withBackends(deps, () => InsomniaLoginClient.start(rawEmail, rawPass, { saltKey, saltAuth }));
          const srv = new peer.Server(params, peer.Buffer.from(verifier, 'hex'), await peer.genKey());
          const B = srv.computeB().toString('hex');
          srv.setA(peer.Buffer.from(ours.loginARequest.srpA, 'hex'));
          const m1 = await ours.respond({ sessionStarterId: 'sst_1', srpB: B });
          const M2 = srv.checkM1(peer.Buffer.from(m1.srpM1, 'hex'));
          const { sessionId } = await ours.verify({ srpM2: M2!.toString('hex') });
          expect(sessionId).toBe(srv.computeK().toString('hex'));
          handshakes += 2;
        }),
        { numRuns: runs, seed: ACCOUNTS_SEED },
      );
    });
    reportCounts(`insomnia srp interop [${deps.name}]`, { handshakes });
    expect(handshakes).toBe(2 * runs);
  }, 120_000);
});

describe('Insomnia SRP inputs', () => {
  it('the public functions bind the platform backend', async () => {
    const v = fixture[0]!;
    const verifier = await createInsomniaVerifier(v.email, v.passphrase, v.saltKey, v.saltAuth);
    expect(verifier).toBe(v.srp['v']);
    const record = { email: v.email, saltKey: v.saltKey, saltAuth: v.saltAuth, verifier };
    const client = await InsomniaLoginClient.start(` ${v.email.toUpperCase()} `, v.passphrase, insomniaLoginS(record));
    const a = await insomniaLoginA(client.loginARequest, record);
    const m = await insomniaLoginM1(await client.respond(a.response), a.state);
    expect((await client.verify(m.response)).sessionId).toBe(m.sessionId);
  });

  it('rejects bad messages and out-of-order steps with stable codes', async () => {
    const v = fixture[0]!;
    const record = { email: v.email, saltKey: v.saltKey, saltAuth: v.saltAuth, verifier: v.srp['v']! };
    const N = v.srp['N']!;
    expect(await errorCode(insomniaLoginA({ srpA: '00'.repeat(256), email: v.email }, record).then((r) => insomniaLoginM1({ srpM1: '00', sessionStarterId: r.response.sessionStarterId }, r.state)))).toBe('SRP_BAD_PUBLIC');
    expect(await errorCode(insomniaLoginA({ srpA: N, email: v.email }, record).then((r) => insomniaLoginM1({ srpM1: '00', sessionStarterId: r.response.sessionStarterId }, r.state)))).toBe('SRP_BAD_PUBLIC');
    expect(await errorCode(insomniaLoginA({ srpA: '01'.repeat(257), email: v.email }, record))).toBe('SRP_BAD_PUBLIC');
    expect(await errorCode(insomniaLoginA({ srpA: 'zz', email: v.email }, record))).toBe('INVALID_INPUT');
    expect(await errorCode(insomniaLoginA({ srpA: '02', email: 'mallory@example.com' }, record))).toBe('INVALID_INPUT');
    expect(await errorCode(insomniaLoginA({ srpA: '02', email: v.email }, { ...record, verifier: 'xyz' }))).toBe('INVALID_RECORD');
    const a = await insomniaLoginA({ srpA: v.srp['A']!, email: v.email }, record);
    expect(await errorCode(insomniaLoginM1({ srpM1: v.srp['M1']!, sessionStarterId: 'other' }, a.state))).toBe('SRP_STATE');
    expect(await errorCode(insomniaLoginM1({ srpM1: v.srp['M1']!, sessionStarterId: a.state.sessionStarterId }, { ...a.state, v: 2 } as never))).toBe('INVALID_RECORD');

    const client = await InsomniaLoginClient.start(v.email, v.passphrase, insomniaLoginS(record));
    expect(await errorCode(client.verify({ srpM2: '00' }))).toBe('SRP_STATE');
    expect(await errorCode(client.respond({ sessionStarterId: 's', srpB: '00'.repeat(256) }))).toBe('SRP_BAD_PUBLIC');
    expect(await errorCode(InsomniaLoginClient.start(v.email, v.passphrase, { saltKey: v.saltKey, saltAuth: 'x' }))).toBe('INVALID_INPUT');
  });
});
