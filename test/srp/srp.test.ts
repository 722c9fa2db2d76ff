// SRP client/server behaviour on both backends: round trips for every group, hash and variant,
// wrong passwords, tampering, the safeguards (each with its own error code), step order and the
// serialisable server state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashBackend } from '../../src/backend/types.js';
import { ZkvaultError } from '../../src/errors.js';
import * as api from '../../src/srp/index.js';
import { bigIntToBytes, padBigInt } from '../../src/srp/bigint.js';
import { SRP_GROUP_BITS, srpGroup } from '../../src/srp/groups.js';
import { makeSuite, type SrpDeps, type SrpHash, type SrpProof } from '../../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer, type SrpParams } from '../../src/srp/srp.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import { BACKENDS } from '../helpers/backends.js';
import { zkvaultCode } from '../helpers/errors.js';


const P2048: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };
// The properties about the protocol's rules, not the group (hash and proof variants, wrong
// credentials, tampering), run in the smallest RFC 5054 group: the protocol code is the same for
// every group, and a 1024-bit exponentiation costs ~1/3 of a 2048-bit one. The 2048-bit group keeps
// its own round trips and every safeguard below. docs/testing.md, "Round 6 (pe13)".
const SMALL = { group: srpGroup(1024), allowWeakGroup: true } as const;
const P1024: SrpParams = { ...SMALL, hash: 'SHA-256', proof: 'srp6a' };

const credential = fc.record({
  identity: fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
  password: fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 64 })),
  salt: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});

interface Login {
  client: SrpClient;
  server: SrpServer;
  salt: Uint8Array;
}

async function startLogin(
  deps: SrpDeps,
  params: SrpParams,
  identity: string | Uint8Array,
  password: string | Uint8Array,
  salt: Uint8Array,
  typed: string | Uint8Array = password,
): Promise<Login> {
  const v = await createVerifierWith(deps, params, identity, password, salt);
  const server = await withBackends(deps, () => SrpServer.start(params, identity, salt, v));
  const client = await withBackends(deps, () => SrpClient.start(params, identity, typed, salt));
  return { client, server, salt };
}

async function handshake(login: Login): Promise<void> {
  const M1 = await login.client.respond(login.server.B);
  const { M2 } = await login.server.verify(login.client.A, M1);
  await login.client.verify(M2);
}

describe.each(BACKENDS)('SRP round trips ($name backend)', ({ name, ...deps }) => {
  for (const bits of SRP_GROUP_BITS) {
    // Big groups are slow in BigInt: keep them to a few runs.
    const numRuns = bits <= 2048 ? 8 : bits <= 4096 ? 3 : 1;
    it(`random credentials agree on K, ${bits}-bit group`, async () => {
      const params: SrpParams = { group: srpGroup(bits), hash: 'SHA-256', proof: 'srp6a', allowWeakGroup: true };
      await fc.assert(
        fc.asyncProperty(credential, async ({ identity, password, salt }) => {
          const login = await startLogin(deps, params, identity, password, salt);
          expect(login.client.A.length).toBe(srpGroup(bits).byteLength);
          expect(login.server.B.length).toBe(srpGroup(bits).byteLength);
          await handshake(login);
          expect(login.client.sessionKey).toEqual(login.server.sessionKey);
          expect(login.client.sessionKey.length).toBe(32);
        }),
        { numRuns },
      );
    });
  }

  const variants: [SrpHash, SrpProof, number][] = [];
  for (const h of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
    for (const p of ['srp6a', 'rfc2945', 'insomnia', 'legacy-srp3'] as const) {
      variants.push([h, p, p === 'rfc2945' || p === 'legacy-srp3' ? 2 * (h === 'SHA-1' ? 20 : h === 'SHA-256' ? 32 : 64) : h === 'SHA-1' ? 20 : h === 'SHA-256' ? 32 : 64]);
    }
  }
  it.each(variants)(`%s / %s: round trip, key length %i, wrong password rejected (${name})`, async (h, p, keyLength) => {
    const params: SrpParams = { ...SMALL, hash: h, proof: p };
    await fc.assert(
      fc.asyncProperty(credential, fc.string({ minLength: 1, maxLength: 8 }), async ({ identity, password, salt }, extra) => {
        const ok = await startLogin(deps, params, identity, password, salt);
        await handshake(ok);
        expect(ok.client.sessionKey).toEqual(ok.server.sessionKey);
        expect(ok.client.sessionKey.length).toBe(keyLength);
        const wrongPw = typeof password === 'string' ? password + extra : new Uint8Array([...password, 1]);
        const bad = await startLogin(deps, params, identity, password, salt, wrongPw);
        const M1 = await bad.client.respond(bad.server.B);
        await expect(bad.server.verify(bad.client.A, M1)).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
        expect(() => bad.server.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
      }),
      { numRuns: 3 },
    );
  });

  it('variants give different keys and proofs for the same secrets', async () => {
    // The same a and b for every variant, drawn through the random backend.
    const fixed = (): SrpDeps => ({ ...deps, random: scriptedRandom([new Uint8Array(32).fill(7)]) });
    const salt = new Uint8Array(16).fill(1);
    const seen = new Set<string>();
    for (const proof of ['srp6a', 'rfc2945', 'insomnia', 'legacy-srp3'] as const) {
      const params: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof };
      const v = await createVerifierWith(deps, params, 'alice', 'pw', salt);
      const server = await withBackends(fixed(), () => SrpServer.start(params, 'alice', salt, v));
      const client = await withBackends(fixed(), () => SrpClient.start(params, 'alice', 'pw', salt));
      const M1 = await client.respond(server.B);
      seen.add(Buffer.from(M1).toString('hex'));
      await client.verify((await server.verify(client.A, M1)).M2);
    }
    expect(seen.size).toBe(4);
  });

  it('wrong password, identity or salt: the server rejects M1 and never returns M2', async () => {
    await fc.assert(
      fc.asyncProperty(credential, fc.integer({ min: 0, max: 2 }), async ({ identity, password, salt }, which) => {
        const v = await createVerifierWith(deps, P1024, identity, password, salt);
        const server = await withBackends(deps, () => SrpServer.start(P1024, identity, salt, v));
        const clientId = which === 0 ? (typeof identity === 'string' ? identity + 'x' : new Uint8Array([...identity, 0])) : identity;
        const clientPw = which === 1 ? (typeof password === 'string' ? password + 'x' : new Uint8Array([...password, 0])) : password;
        const clientSalt = which === 2 ? new Uint8Array([...salt, 0]) : salt;
        const client = await withBackends(deps, () => SrpClient.start(P1024, clientId, clientPw, clientSalt));
        const M1 = await client.respond(server.B);
        let M2: Uint8Array | undefined;
        await expect(
          (async () => {
            M2 = (await server.verify(client.A, M1)).M2;
          })(),
        ).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
        expect(M2).toBeUndefined();
      }),
      { numRuns: 10 },
    );
  });

  it('any tampered A, B, M1 or M2 is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('A', 'B', 'M1', 'M2'),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (field, index, bit) => {
          const salt = BACKENDS[0].random.randomBytes(16);
          const login = await startLogin(deps, P1024, 'alice', 'correct horse', salt);
          const flip = (x: Uint8Array): Uint8Array => {
            const y = x.slice();
            y[index % y.length]! ^= 1 << bit;
            return y;
          };
          const B = field === 'B' ? flip(login.server.B) : login.server.B;
          let M1: Uint8Array;
          try {
            M1 = await login.client.respond(B);
          } catch (e) {
            // A flipped B can leave [1, N-1]: the client refuses it outright.
            expect(field).toBe('B');
            expect((e as ZkvaultError).code).toBe('SRP_BAD_PUBLIC');
            return;
          }
          if (field === 'M1') M1 = flip(M1);
          const A = field === 'A' ? flip(login.client.A) : login.client.A;
          if (field === 'A' || field === 'B' || field === 'M1') {
            await expect(login.server.verify(A, M1)).rejects.toThrow(ZkvaultError);
            return;
          }
          const { M2 } = await login.server.verify(A, M1);
          await expect(login.client.verify(flip(M2))).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
          expect(() => login.client.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('SRP safeguards', () => {
  const deps = BACKENDS[0];
  const N = srpGroup(2048).N;
  const len = srpGroup(2048).byteLength;
  const k = makeSuite(deps, srpGroup(2048), 'SHA-256', 'srp6a').k;
  const salt = new Uint8Array(16).fill(3);

  async function server(): Promise<SrpServer> {
    const v = await createVerifierWith(deps, P2048, 'alice', 'pw', salt);
    return withBackends(deps, () => SrpServer.start(P2048, 'alice', salt, v));
  }

  // A = 0, N, 2N, k*N (the "A = N logs anyone in" attack), padded or in their natural length.
  const zeroModN: [string, Uint8Array][] = [
    ['0 (one byte)', new Uint8Array(1)],
    ['0 (padded)', new Uint8Array(len)],
    ['N', padBigInt(N, len)],
    ['2N', bigIntToBytes(2n * N)],
    ['k*N', bigIntToBytes(k * N)],
  ];

  it.each(zeroModN)('the server aborts on A = %s (SRP_BAD_PUBLIC)', async (_label, A) => {
    const s = await server();
    await expect(s.verify(A, new Uint8Array(32))).rejects.toThrow(zkvaultCode('SRP_BAD_PUBLIC'));
    expect(() => s.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
  });

  it.each(zeroModN)('the client aborts on B = %s (SRP_BAD_PUBLIC)', async (_label, B) => {
    const c = await withBackends(deps, () => SrpClient.start(P2048, 'alice', 'pw', salt));
    await expect(c.respond(B)).rejects.toThrow(zkvaultCode('SRP_BAD_PUBLIC'));
    // Aborted means dead: no second try with a good B.
    await expect(c.respond((await server()).B)).rejects.toThrow(zkvaultCode('SRP_STATE'));
  });

  it('public values that are empty, longer than N, or not below N are rejected', async () => {
    const bad = [new Uint8Array(0), new Uint8Array(len + 1).fill(1), padBigInt(N + 1n, len), new Uint8Array(len).fill(0xff)];
    for (const x of bad) {
      await expect((await server()).verify(x, new Uint8Array(32))).rejects.toThrow(zkvaultCode('SRP_BAD_PUBLIC'));
      const c = await withBackends(deps, () => SrpClient.start(P2048, 'alice', 'pw', salt));
      await expect(c.respond(x)).rejects.toThrow(zkvaultCode('SRP_BAD_PUBLIC'));
    }
    await expect((await server()).verify('A' as never, new Uint8Array(32))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
  });

  it('u = 0 aborts on both sides (SRP_BAD_U), forced with a hash backend that zeroes u', async () => {
    // H(PAD(A) | PAD(B)) = 0 cannot be found by search; a hash that returns zeros for exactly the
    // u computation (two |N|-byte parts, the first not PAD(N), which would be k's input) shows the
    // check is there.
    const padN = padBigInt(N, len);
    const zeroU: HashBackend = {
      ...BACKENDS[0].hash,
      digest(h, ...data) {
        const isU = data.length === 2 && data.every((d) => d.length === len) && !Buffer.from(data[0]!).equals(padN);
        return isU ? new Uint8Array(32) : BACKENDS[0].hash.digest(h, ...data);
      },
    };
    expect(makeSuite({ ...deps, hash: zeroU }, srpGroup(2048), 'SHA-256', 'srp6a').k).toBe(k);
    const d: SrpDeps = { ...deps, hash: zeroU };
    const v = await createVerifierWith(d, P2048, 'alice', 'pw', salt);
    const s = await withBackends(d, () => SrpServer.start(P2048, 'alice', salt, v));
    const c = await withBackends(d, () => SrpClient.start(P2048, 'alice', 'pw', salt));
    const badU = expect.objectContaining({ code: 'SRP_BAD_U', message: 'zkvault: SRP scrambling parameter u is 0' });
    await expect(c.respond(s.B)).rejects.toThrow(badU);
    await expect(s.verify(c.A, new Uint8Array(32))).rejects.toThrow(badU);
  });

  it('proofs of the wrong length are rejected as wrong proofs', async () => {
    const login = await startLogin(deps, P2048, 'alice', 'pw', salt);
    const M1 = await login.client.respond(login.server.B);
    await expect(login.server.verify(login.client.A, M1.subarray(0, 31))).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
    const again = await startLogin(deps, P2048, 'alice', 'pw', salt);
    const { M2 } = await again.server.verify(again.client.A, await again.client.respond(again.server.B));
    await expect(again.client.verify(new Uint8Array([...M2, 0]))).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
  });

  it('steps out of order or twice throw SRP_STATE', async () => {
    const login = await startLogin(deps, P2048, 'alice', 'pw', salt);
    expect(() => login.client.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
    expect(() => login.server.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
    await expect(login.client.verify(new Uint8Array(32))).rejects.toThrow(zkvaultCode('SRP_STATE'));
    const M1 = await login.client.respond(login.server.B);
    // K exists now, but the server has not proved itself yet: the client must not hand it out.
    expect(() => login.client.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
    await expect(login.client.respond(login.server.B)).rejects.toThrow(zkvaultCode('SRP_STATE'));
    const { M2 } = await login.server.verify(login.client.A, M1);
    expect(() => login.client.sessionKey).toThrow(zkvaultCode('SRP_STATE'));
    await expect(login.server.verify(login.client.A, M1)).rejects.toThrow(zkvaultCode('SRP_STATE'));
    expect(() => login.server.toJSON()).toThrow(zkvaultCode('SRP_STATE'));
    await login.client.verify(M2);
    await expect(login.client.verify(M2)).rejects.toThrow(zkvaultCode('SRP_STATE'));
    expect(login.client.sessionKey).toEqual(login.server.sessionKey);
  });

  it('a failed verify cannot be retried with the right proof', async () => {
    const login = await startLogin(deps, P2048, 'alice', 'pw', salt);
    const M1 = await login.client.respond(login.server.B);
    await expect(login.server.verify(login.client.A, new Uint8Array(32))).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
    await expect(login.server.verify(login.client.A, M1)).rejects.toThrow(zkvaultCode('SRP_STATE'));
  });

  it('groups 1024 and 1536 need allowWeakGroup (WEAK_GROUP otherwise)', async () => {
    for (const bits of [1024, 1536] as const) {
      const weak: SrpParams = { group: srpGroup(bits), hash: 'SHA-256', proof: 'srp6a' };
      await expect(createVerifierWith(deps, weak, 'a', 'b', salt)).rejects.toThrow(zkvaultCode('WEAK_GROUP'));
      await expect(withBackends(deps, () => SrpClient.start(weak, 'a', 'b', salt))).rejects.toThrow(zkvaultCode('WEAK_GROUP'));
      await expect(withBackends(deps, () => SrpServer.start(weak, 'a', salt, new Uint8Array(1).fill(5)))).rejects.toThrow(zkvaultCode('WEAK_GROUP'));
      const v = await createVerifierWith(deps, { ...weak, allowWeakGroup: true }, 'a', 'b', salt);
      expect(v.length).toBe(bits / 8);
    }
  });

  it('bad parameters and arguments get INVALID_INPUT, never a crash', async () => {
    const bad: unknown[] = [
      null,
      { ...P2048, hash: 'MD5' },
      { ...P2048, proof: 'srp6' },
      { ...P2048, group: { bits: 2048, N: 23n, g: 5n, byteLength: 1 } },
      { ...P2048, group: 2048 },
      { ...P2048, allowWeakGroup: 'yes' },
    ];
    for (const p of bad) {
      await expect(createVerifierWith(deps, p as SrpParams, 'a', 'b', salt)).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    }
    await expect(createVerifierWith(deps, P2048, 1 as never, 'b', salt)).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(createVerifierWith(deps, P2048, 'a', null as never, salt)).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(createVerifierWith(deps, P2048, 'a', 'b', new Uint8Array(0))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(withBackends(deps, () => SrpServer.start(P2048, 'a', salt, new Uint8Array(len)))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(withBackends(deps, () => SrpServer.start(P2048, 'a', salt, padBigInt(N, len)))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(withBackends(deps, () => SrpClient.start(P2048, 'a', 'b', new Uint8Array(0)))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(withBackends(deps, () => SrpClient.start(P2048, 'a', 'b', new Uint8Array(1025)))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
    await expect(withBackends(deps, () => SrpClient.start(P2048, 'a', 'b', 'salt' as never))).rejects.toThrow(zkvaultCode('INVALID_INPUT'));
  });

  it('error messages never contain the password', async () => {
    const password = 'hunter2-secret-password';
    const c = await withBackends(deps, () => SrpClient.start(P2048, 'alice', password, salt));
    const errors: unknown[] = [];
    await c.respond(new Uint8Array(0)).catch((e: unknown) => errors.push(e));
    const v = await createVerifierWith(deps, P2048, 'alice', password, salt);
    const s = await withBackends(deps, () => SrpServer.start(P2048, 'alice', salt, v));
    await s.verify(c.A, new Uint8Array(32)).catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(String((e as Error).message)).not.toContain(password);
  });

  it("never modifies the caller's buffers (Node Buffers slice to views, so copies must be real)", async () => {
    const password = Buffer.from('password bytes');
    const identity = Buffer.from('alice');
    const s = Buffer.from(salt);
    const before = [Buffer.from(password), Buffer.from(identity), Buffer.from(s)];
    const login = await startLogin(deps, P2048, identity, password, s);
    await handshake(login);
    expect([password, identity, s]).toEqual(before);
    // The server keeps its own copy of the salt: changing the caller's buffer later changes nothing.
    const v = await createVerifierWith(deps, P2048, identity, password, s);
    const server = await withBackends(deps, () => SrpServer.start(P2048, identity, s, v));
    const client = await withBackends(deps, () => SrpClient.start(P2048, identity, password, s));
    s[0]! ^= 1;
    expect(server.toJSON().salt).toBe(Buffer.from(before[2]!).toString('base64url'));
    // So does the client (given the salt at start, it uses it at respond).
    await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
  });

  it('ephemeral secrets are fresh: two starts give different A and B', async () => {
    const a1 = await withBackends(deps, () => SrpClient.start(P2048, 'a', 'b', salt));
    const a2 = await withBackends(deps, () => SrpClient.start(P2048, 'a', 'b', salt));
    expect(a1.A).not.toEqual(a2.A);
    const v = await createVerifierWith(deps, P2048, 'a', 'b', salt);
    const b1 = await withBackends(deps, () => SrpServer.start(P2048, 'a', salt, v));
    const b2 = await withBackends(deps, () => SrpServer.start(P2048, 'a', salt, v));
    expect(b1.B).not.toEqual(b2.B);
  });
});

describe('SRP server state between round trips', () => {
  const deps = BACKENDS[0];
  const salt = new Uint8Array(32).fill(9);

  it('toJSON / fromJSON: another instance finishes the login', async () => {
    await fc.assert(
      fc.asyncProperty(credential, async ({ identity, password, salt: s }) => {
        const v = await createVerifierWith(deps, P2048, identity, password, s);
        const first = await withBackends(deps, () => SrpServer.start(P2048, identity, s, v));
        const stored = JSON.stringify(first);
        const second = withBackends(deps, () => SrpServer.fromJSON(JSON.parse(stored), { params: P2048 }));
        expect(second.B).toEqual(first.B);
        const client = await withBackends(deps, () => SrpClient.start(P2048, identity, password, s));
        const M1 = await client.respond(second.B);
        await client.verify((await second.verify(client.A, M1)).M2);
        expect(client.sessionKey).toEqual(second.sessionKey);
      }),
      { numRuns: 5 },
    );
  });

  it('rejects malformed states and states made with other parameters (INVALID_RECORD)', async () => {
    const v = await createVerifierWith(deps, P2048, 'alice', 'pw', salt);
    const state = (await withBackends(deps, () => SrpServer.start(P2048, 'alice', salt, v))).toJSON();
    const bad: unknown[] = [
      null,
      'state',
      { ...state, v: 2 },
      { ...state, group: 3072 },
      { ...state, hash: 'SHA-512' },
      { ...state, proof: 'insomnia' },
      { ...state, b: undefined },
      { ...state, b: state.b + '!' },
      { ...state, B: state.B.slice(4) },
      { ...state, salt: '' },
      { ...state, verifier: 'A'.repeat(state.verifier.length) },
    ];
    for (const s of bad) {
      expect(() => withBackends(deps, () => SrpServer.fromJSON(s as never, { params: P2048 }))).toThrow(zkvaultCode('INVALID_RECORD'));
    }
    // The public binding works the same way.
    expect(() => api.SrpServer.fromJSON({ ...state, v: 3 } as never, { params: P2048 })).toThrow(zkvaultCode('INVALID_RECORD'));
    expect(api.SrpServer.fromJSON(state, { params: P2048 }).B).toHaveLength(256);
  });
});

describe('public entry point (platform backends bound)', () => {
  it('createVerifier / SrpClient / SrpServer with the model parameters (3072, SHA-256, srp6a)', async () => {
    const params: api.SrpParams = { group: api.srpGroup(3072), hash: 'SHA-256', proof: 'srp6a' };
    const salt = BACKENDS[0].random.randomBytes(32);
    const pwd = BACKENDS[0].random.randomBytes(32);
    const v = await api.createVerifier(params, 'acct_123', pwd, salt);
    expect(v).toHaveLength(384);
    const server = await api.SrpServer.start(params, 'acct_123', salt, v);
    const client = await api.SrpClient.start(params, 'acct_123', pwd, salt);
    const M1 = await client.respond(server.B);
    await client.verify((await server.verify(client.A, M1)).M2);
    expect(client.sessionKey).toEqual(server.sessionKey);
    expect(api.SRP_GROUP_BITS).toHaveLength(7);
    expect(api.SRP_MIN_GROUP_BITS).toBe(2048);
  });

  it('different backends interoperate (node client, web server)', async () => {
    const node = BACKENDS[0];
    const web = BACKENDS[1];
    const salt = new Uint8Array(16).fill(4);
    const v = await createVerifierWith(node, P2048, 'bob', 'pw', salt);
    expect(await createVerifierWith(web, P2048, 'bob', 'pw', salt)).toEqual(v);
    const server = await withBackends(web, () => SrpServer.start(P2048, 'bob', salt, v));
    const client = await withBackends(node, () => SrpClient.start(P2048, 'bob', 'pw', salt));
    await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
    expect(client.sessionKey).toEqual(server.sessionKey);
  });
});
