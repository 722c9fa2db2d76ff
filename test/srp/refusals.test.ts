// Each refusal of src/srp/srp.ts is made by its own check (issue 19, mutation testing): the tests of
// srp.test.ts and server-state.test.ts show that bad input is refused; these show which check
// refuses it, by its code and message, with inputs that pass every other check. A server state
// whose B is the one b and v give, but with b, v or B out of range, is refused by the range check
// alone; a B of |N| + 1 bytes with a leading zero byte (a value below N) by the length check alone.
import { describe, expect, it } from 'vitest';
import { hash } from '../../src/backend/node/hash.js';
import { modpow } from '../../src/backend/node/modpow.js';
import { random } from '../../src/backend/node/random.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { scriptedRandom } from '../../src/backend/scripted-random.js';
import { ZkvaultError } from '../../src/errors.js';
import { padBigInt } from '../../src/srp/bigint.js';
import { srpGroup } from '../../src/srp/groups.js';
import { computeB, makeSuite, type SrpDeps } from '../../src/srp/protocol.js';
import { createVerifierWith, prepareSrpGroup, SrpClient, SrpServer, type SrpParams, type SrpServerState } from '../../src/srp/srp.js';

const deps: SrpDeps = { hash, random, modpow };
const P: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };
const N = P.group.N;
const LEN = P.group.byteLength;
const suite = makeSuite(deps, P.group, 'SHA-256', 'srp6a');
const salt = new Uint8Array(32).fill(5);
const enc = (n: bigint) => Buffer.from(padBigInt(n, LEN)).toString('base64url');

/** A ZkvaultError of `code` whose message matches `message`. */
function refusal(code: string, message: RegExp): unknown {
  return expect.objectContaining({ name: 'ZkvaultError', code, message: expect.stringMatching(message) });
}

/** The error `f` throws (or rejects with). */
async function thrown(f: () => unknown): Promise<ZkvaultError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    return e as ZkvaultError;
  }
  throw new Error('expected a ZkvaultError');
}

async function server(): Promise<SrpServer> {
  return withBackends(deps, async () => SrpServer.start(P, 'alice', salt, await createVerifierWith(deps, P, 'alice', 'pw', salt)));
}

describe('parameters and arguments: the message names what is wrong', () => {
  it('parameters', async () => {
    const cases: [unknown, string, RegExp][] = [
      ['params', 'INVALID_INPUT', /^"params" expected a plain object, got /],
      [null, 'INVALID_INPUT', /^"params" expected a plain object, got /],
      [{ ...P, hash: 'MD5' }, 'INVALID_INPUT', /"params\.hash" expected one of/],
      [{ ...P, proof: 'srp6' }, 'INVALID_INPUT', /"params\.proof" expected one of/],
      [{ ...P, allowWeakGroup: 'yes' }, 'INVALID_INPUT', /"params\.allowWeakGroup" expected boolean/],
      [{ ...P, group: srpGroup(1536) }, 'WEAK_GROUP', /"params\.group" is 1536 bits, below 2048; set allowWeakGroup/],
    ];
    for (const [params, code, message] of cases) {
      await expect(createVerifierWith(deps, params as SrpParams, 'a', 'b', salt)).rejects.toThrow(refusal(code, message));
    }
  });

  it('identity, password, salt, verifier and opts', async () => {
    const long = 'x'.repeat(4097);
    await expect(createVerifierWith(deps, P, long, 'b', salt)).rejects.toThrow(refusal('INVALID_INPUT', /^"identity" expected at most 4096 bytes$/));
    await expect(createVerifierWith(deps, P, 'a', long, salt)).rejects.toThrow(refusal('INVALID_INPUT', /^"password" expected at most 4096 bytes$/));
    // Exactly the limit is accepted.
    expect(await createVerifierWith(deps, P, 'x'.repeat(4096), 'x'.repeat(4096), salt)).toHaveLength(LEN);
    await expect(createVerifierWith(deps, P, 1 as never, 'b', salt)).rejects.toThrow(refusal('INVALID_INPUT', /"identity" expected Uint8Array/));
    await expect(createVerifierWith(deps, P, 'a', 1 as never, salt)).rejects.toThrow(refusal('INVALID_INPUT', /"password" expected Uint8Array/));
    await expect(createVerifierWith(deps, P, 'a', 'b', new Uint8Array(0))).rejects.toThrow(refusal('INVALID_INPUT', /"salt" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpClient.start(P, 1 as never, 'b', salt))).rejects.toThrow(refusal('INVALID_INPUT', /"identity" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpClient.start(P, 'a', 1 as never, salt))).rejects.toThrow(refusal('INVALID_INPUT', /"password" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpServer.start(P, 1 as never, salt, padBigInt(5n, LEN)))).rejects.toThrow(refusal('INVALID_INPUT', /"identity" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpServer.start(P, 'a', new Uint8Array(0), padBigInt(5n, LEN)))).rejects.toThrow(refusal('INVALID_INPUT', /"salt" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpServer.start(P, 'a', salt, new Uint8Array(0)))).rejects.toThrow(refusal('INVALID_INPUT', /"verifier" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpServer.start(P, 'a', salt, padBigInt(N, LEN)))).rejects.toThrow(refusal('INVALID_INPUT', /"verifier" expected a value in 1\.\.N-1/));
    await expect(withBackends(deps, () => SrpClient.start(P, 'a', 'b', new Uint8Array(0)))).rejects.toThrow(refusal('INVALID_INPUT', /"salt" expected Uint8Array/));
    await expect(withBackends(deps, () => SrpClient.start(P, 'a', 'b', 'salt' as never))).rejects.toThrow(refusal('INVALID_INPUT', /"salt" expected Uint8Array/));
  });

  it('the ephemeral a is the draw of the random backend: A = g^a mod N', async () => {
    const a = new Uint8Array(32).fill(0x42);
    const c = await withBackends({ ...deps, random: scriptedRandom([a]) }, () => SrpClient.start(P, 'a', 'b', salt));
    expect(c.A).toEqual(padBigInt(modpow.modPow(P.group.g, BigInt('0x' + Buffer.from(a).toString('hex')), N), LEN));
  });

  it('a zero secret from the CSPRNG is drawn again (A never 1)', async () => {
    let calls = 0;
    const zeroFirst: SrpDeps = { ...deps, random: { ...random, randomBytes: (n: number) => new Uint8Array(n).fill(calls++ === 0 ? 0 : 0x11) } };
    const c = await withBackends(zeroFirst, () => SrpClient.start(P, 'a', 'b', salt));
    expect(calls).toBe(2);
    expect(c.A).toEqual(padBigInt(modpow.modPow(P.group.g, BigInt('0x' + '11'.repeat(32)), N), LEN));
  });
});

describe('public values: each is refused by its own check', () => {
  it('length, 0 mod N and not below N give their own messages', async () => {
    const good = (await server()).B;
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /^zkvault: SRP public value B must be 1 to 256 bytes$/],
      // A value below N, in |N| + 1 bytes: only the length check refuses it.
      [new Uint8Array([0, ...good]), /^zkvault: SRP public value B must be 1 to 256 bytes$/],
      [padBigInt(N, LEN), /^zkvault: SRP public value B is 0 mod N$/],
      [padBigInt(N + 1n, LEN), /^zkvault: SRP public value B is not below N$/],
    ];
    for (const [B, message] of cases) {
      const c = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
      await expect(c.respond(B)).rejects.toThrow(refusal('SRP_BAD_PUBLIC', message));
    }
    const c = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    await expect((await server()).verify(new Uint8Array([0, ...c.A]), new Uint8Array(32))).rejects.toThrow(
      refusal('SRP_BAD_PUBLIC', /^zkvault: SRP public value A must be 1 to 256 bytes$/),
    );
    await expect((await server()).verify('A' as never, new Uint8Array(32))).rejects.toThrow(refusal('INVALID_INPUT', /^"A" expected Uint8Array$/));
  });

  it('proofs and salts that are not bytes name themselves', async () => {
    const s = await server();
    const c = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    await expect(s.verify(c.A, 'M1' as never)).rejects.toThrow(refusal('INVALID_INPUT', /"M1" expected/));
    await expect(withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', new Uint8Array(0)))).rejects.toThrow(refusal('INVALID_INPUT', /"salt" expected Uint8Array/));
    const s3 = await server();
    const c3 = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    await c3.respond(s3.B);
    await expect(c3.verify('M2' as never)).rejects.toThrow(refusal('INVALID_INPUT', /"M2" expected/));
  });
});

describe('steps and proofs: the message says which', () => {
  it('client', async () => {
    const s = await server();
    const c = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    expect(() => c.sessionKey).toThrow(refusal('SRP_STATE', /^zkvault: SRP session key is only available after verify$/));
    await expect(c.verify(new Uint8Array(32))).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP verify called before respond$/));
    const M1 = await c.respond(s.B);
    await expect(c.respond(s.B)).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP respond called twice$/));
    await expect(c.verify(new Uint8Array(32))).rejects.toThrow(refusal('SRP_BAD_PROOF', /^zkvault: SRP server proof M2 is wrong$/));
    await expect(c.verify((await s.verify(c.A, M1)).M2)).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP session already verified or failed$/));
    const dead = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    await expect(dead.respond(new Uint8Array(0))).rejects.toThrow(refusal('SRP_BAD_PUBLIC', /B must be/));
    await expect(dead.respond(s.B)).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP session has failed$/));
    // A failed verify ends the session the same way.
    const s2 = await server();
    const c2 = await withBackends(deps, () => SrpClient.start(P, 'alice', 'pw', salt));
    await c2.respond(s2.B);
    await expect(c2.verify(new Uint8Array(32))).rejects.toThrow(refusal('SRP_BAD_PROOF', /M2 is wrong/));
    await expect(c2.respond(s2.B)).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP session has failed$/));
  });

  it('server', async () => {
    const s = await server();
    const c = await withBackends(deps, () => SrpClient.start(P, 'alice', 'wrong', salt));
    expect(() => s.sessionKey).toThrow(refusal('SRP_STATE', /^zkvault: SRP session key is only available after verify$/));
    await expect(s.verify(c.A, await c.respond(s.B))).rejects.toThrow(refusal('SRP_BAD_PROOF', /^zkvault: SRP client proof M1 is wrong$/));
    await expect(s.verify(c.A, new Uint8Array(32))).rejects.toThrow(refusal('SRP_STATE', /^zkvault: SRP server session already used$/));
    expect(() => s.toJSON()).toThrow(refusal('SRP_STATE', /^zkvault: SRP only a started session can be serialised$/));
  });
});

describe('SrpServer.fromJSON: each check refuses on its own', () => {
  async function state(): Promise<SrpServerState> {
    return (await server()).toJSON();
  }
  const bigOf = (s: string) => BigInt('0x' + (Buffer.from(s, 'base64url').toString('hex') || '0'));
  /** A state with the given v and b, and the B they give: only a range check can refuse it. */
  const consistent = (s: SrpServerState, v: bigint, b: bigint): SrpServerState => ({ ...s, verifier: enc(v), b: enc(b), B: enc(computeB(suite, v, b)) });

  it('b, v or B out of range, with the B that b and v give → INVALID_RECORD "out-of-range values"', async () => {
    const s = await state();
    const v = bigOf(s.verifier);
    const b = bigOf(s.b);
    // k*v + g^b = 0 mod N: v = -g^b / k mod N (N is prime).
    const vZeroB = ((N - modpow.modPow(P.group.g, b, N)) * modpow.modPow(suite.k, N - 2n, N)) % N;
    expect(computeB(suite, vZeroB, b)).toBe(0n);
    let small = 1n;
    while (computeB(suite, v, small) + N >= 1n << BigInt(8 * LEN)) small++;
    const cases: [string, SrpServerState][] = [
      ['b = 0', consistent(s, v, 0n)],
      // g^(N-1) = 1 (Fermat), so b + N - 1 gives the same B as b.
      ['b >= N', consistent(s, v, b + N - 1n)],
      ['b = N', consistent(s, v, N)],
      ['v = 0', consistent(s, 0n, b)],
      // v + N gives the same k*v mod N; small v so that v + N fits |N| bytes.
      ['v >= N', consistent(s, N + 7n, b)],
      ['v = N', consistent(s, N, b)],
      ['B = 0', consistent(s, vZeroB, b)],
      // B = N where b and v give 0: without the range check, the B check would refuse it (other message).
      ['B = N', { ...consistent(s, vZeroB, b), B: enc(N) }],
      // B + N, for a b whose B leaves room for it in |N| bytes.
      ['B >= N', { ...consistent(s, v, small), B: enc(computeB(suite, v, small) + N) }],
    ];
    expect(bigOf(cases[1]![1].B)).toBe(bigOf(s.B));
    for (const [name, bad] of cases) {
      expect(await thrown(() => withBackends(deps, () => SrpServer.fromJSON(bad, { params: P }))), name).toEqual(refusal('INVALID_RECORD', /^zkvault: SRP server state has out-of-range values$/));
    }
    // Inside the range, the same construction resumes.
    expect(withBackends(deps, () => SrpServer.fromJSON(consistent(s, 7n, b), { params: P })).B).toEqual(padBigInt(computeB(suite, 7n, b), LEN));
  });

  it('the message names the malformed part', async () => {
    const s = await state();
    const cases: [unknown, RegExp][] = [
      ['state', /^zkvault: SRP server state is not an object$/],
      [null, /^zkvault: SRP server state is not an object$/],
      [{ ...s, v: 2 }, /^zkvault: SRP server state has an unknown version$/],
      [{ ...s, group: 3072 }, /^zkvault: SRP server state was made with other SRP parameters$/],
      [{ ...s, hash: 'SHA-512' }, /was made with other SRP parameters$/],
      [{ ...s, proof: 'insomnia' }, /was made with other SRP parameters$/],
      [{ ...s, b: 5 }, /^zkvault: SRP server state has no "b"$/],
      [{ ...s, identity: undefined }, /^zkvault: SRP server state has no "identity"$/],
      [{ ...s, b: s.b + '!' }, /^zkvault: SRP server state has a malformed "b"$/],
      [{ ...s, salt: '' }, /^zkvault: SRP server state has a "salt" of the wrong length$/],
      [{ ...s, salt: enc(1n).repeat(5) }, /^zkvault: SRP server state has a "salt" of the wrong length$/],
      [{ ...s, B: s.B.slice(4) }, /^zkvault: SRP server state has a "B" of the wrong length$/],
      [{ ...s, B: enc((bigOf(s.B) + 1n) % N) }, /^zkvault: SRP server state has a B that b and v do not give$/],
    ];
    for (const [bad, message] of cases) {
      expect(await thrown(() => withBackends(deps, () => SrpServer.fromJSON(bad as SrpServerState, { params: P })))).toEqual(refusal('INVALID_RECORD', message));
    }
    // An empty identity is a valid one.
    const empty = await withBackends(deps, async () => SrpServer.start(P, '', salt, await createVerifierWith(deps, P, '', 'pw', salt)));
    expect(withBackends(deps, () => SrpServer.fromJSON(empty.toJSON(), { params: P })).B).toEqual(empty.B);
  });
});

describe('prepareSrpGroup', () => {
  it('refuses anything but an SrpGroup (INVALID_INPUT, rejected promise), accepts one', async () => {
    const g = srpGroup(2048);
    for (const bad of [null, 'group', 2048, { ...g, N: 5 }, { ...g, g: 2 }, { N: g.N }]) {
      await expect(prepareSrpGroup(bad as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"group" expected an SrpGroup from srpGroup\(\)$/));
    }
    await expect(prepareSrpGroup(srpGroup(3072))).resolves.toBeUndefined();
  });
});
