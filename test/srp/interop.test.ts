// Interop with real peer libraries (dev dependencies), 25 random credentials per direction:
// - fast-srp-hap (HAP mode: M1 = H(H(N) xor H(g) | H(I) | s | A | B | K), K = H(S)), 2048-bit, SHA-256,
//   against our `srp6a` variant;
// - @getinsomnia/srp-js (the Insomnia app's SRP) against our `insomnia` variant.
// Every credential must succeed; about half of the runs also try a wrong password, which must fail
// in every direction. In the random-credential handshakes the peers' jsbn modPow is an independent
// stand-in (test/helpers/peer-modpow.ts: OpenSSL, ~60x less CPU); the "verifiers are identical" properties and
// the tampered-proof test use the peers' own jsbn arithmetic.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import fastSrp from 'fast-srp-hap';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, SrpClient, SrpServer, srpGroup, type SrpParams } from '../../src/srp/index.js';
import { zkvaultCode } from '../helpers/errors.js';
import { withReferenceModPow } from '../helpers/peer-modpow.js';
import { loadInsomniaPeer } from '../compat/insomnia-peer.js';

// 25 per direction, 100 handshakes in all, against jsbn-based peers (~0.15 s a side with jsbn's
// modPow, ~0.04 s with the reference; docs/testing.md, "Round 4 (c13)"): the protocol
// path is the same for every credential, and the fixed vectors (test/srp/vectors.test.ts,
// golden.test.ts) pin the exact bytes. test/compat/insomnia-srp.test.ts adds 35 more through the
// Insomnia login helpers.
const RUNS = 25;
const credential = fc.record({
  identity: fc.string({ minLength: 1, maxLength: 40 }),
  password: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.uint8Array({ minLength: 1, maxLength: 64 })),
  salt: fc.uint8Array({ minLength: 16, maxLength: 32 }),
});
const buf = (x: string | Uint8Array): Buffer => (typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x));
const wrong = (p: string | Uint8Array): string | Uint8Array => (typeof p === 'string' ? p + '!' : new Uint8Array([...p, 0x21]));
// 256 random bits with the top bit set: fast-srp-hap warns about secrets whose first byte is 0.
const secret = (): Buffer => {
  const b = randomBytes(32);
  b[0]! |= 0x80;
  return b;
};

/** The calls of a peer's SRP client that both peers share (each with its own Buffer type). */
interface PeerClient {
  setB(B: Buffer): void;
  computeA(): Buffer;
  computeM1(): Buffer;
  checkM2(M2: Buffer): void;
  computeK(): Buffer;
}

/**
 * A peer's client against our server over RUNS random credentials, the peer's modPow on the reference
 * (test/helpers/peer-modpow.ts): the session keys agree, and with a wrong password our server refuses
 * with SRP_BAD_PROOF. `bytes` converts to the peer's Buffer; `client` builds the peer's client.
 */
async function peerClientToOurServer(
  params: SrpParams,
  N: unknown,
  bytes: (x: Uint8Array) => Buffer,
  client: (salt: Uint8Array, identity: string, password: string | Uint8Array) => PeerClient,
): Promise<void> {
  await withReferenceModPow(N, async () => {
    await fc.assert(
      fc.asyncProperty(credential, fc.boolean(), async ({ identity, password, salt }, alsoWrong) => {
        for (const wrongPassword of alsoWrong ? [false, true] : [false]) {
          const verifier = await createVerifier(params, identity, password, salt);
          const server = await SrpServer.start(params, identity, salt, verifier);
          const c = client(salt, identity, wrongPassword ? wrong(password) : password);
          c.setB(bytes(server.B));
          const M1 = c.computeM1();
          if (wrongPassword) {
            await expect(server.verify(c.computeA(), M1)).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
            continue;
          }
          const { M2 } = await server.verify(c.computeA(), M1);
          c.checkM2(bytes(M2));
          expect(bytes(server.sessionKey).equals(c.computeK())).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
}

describe('fast-srp-hap 2.0.4 (HAP mode, 2048-bit, SHA-256) <-> srp6a', () => {
  const peer = fastSrp.SRP.params[2048];
  const params: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'srp6a' };

  it('uses SHA-256 for this group', () => {
    expect(peer.hash).toBe('sha256');
  });

  it('verifiers are identical', async () => {
    await fc.assert(
      fc.asyncProperty(credential, async ({ identity, password, salt }) => {
        const ours = await createVerifier(params, identity, password, salt);
        const theirs = fastSrp.SRP.computeVerifier(peer, Buffer.from(salt), buf(identity), buf(password));
        expect(Buffer.from(ours).equals(theirs)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it(`our client <-> fast-srp-hap server, ${RUNS} random credentials; wrong password fails`, async () => {
    await withReferenceModPow(peer.N, async () => {
      await fc.assert(
        fc.asyncProperty(credential, fc.boolean(), async ({ identity, password, salt }, alsoWrong) => {
          for (const wrongPassword of alsoWrong ? [false, true] : [false]) {
            const verifier = Buffer.from(await createVerifier(params, identity, password, salt));
            const server = new fastSrp.SrpServer(peer, { username: buf(identity), salt: Buffer.from(salt), verifier }, secret());
            const client = await SrpClient.start(params, identity, wrongPassword ? wrong(password) : password, salt);
            const M1 = await client.respond(server.computeB());
            server.setA(Buffer.from(client.A));
            if (wrongPassword) {
              expect(() => server.checkM1(Buffer.from(M1))).toThrow();
              // fast-srp-hap hands out M2 even after a failed checkM1; our client must still refuse it.
              await expect(client.verify(server.computeM2())).rejects.toThrow(zkvaultCode('SRP_BAD_PROOF'));
              continue;
            }
            server.checkM1(Buffer.from(M1));
            await client.verify(server.computeM2());
            expect(Buffer.from(client.sessionKey).equals(server.computeK())).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });

  it(`fast-srp-hap client <-> our server, ${RUNS} random credentials; wrong password fails`, async () => {
    await peerClientToOurServer(params, peer.N, (x) => Buffer.from(x), (salt, identity, password) =>
      new fastSrp.SrpClient(peer, Buffer.from(salt), buf(identity), buf(password), secret()),
    );
  });
});

// @getinsomnia/srp-js is a browser bundle: it reads `window` and `self` at load time (its random
// source among others), so it is loaded as the compat tests load it, shim first: in the `peer`
// project these files share one worker, and the bundle is evaluated once, by whichever comes first.
interface InsomniaModule {
  /** The bundle's own Buffer polyfill: srp-js type-checks against it, not Node's Buffer. */
  Buffer: typeof Buffer;
  params: Record<string, unknown>;
  computeVerifier(params: unknown, salt: Buffer, I: Buffer, P: Buffer): Buffer;
  Client: new (params: unknown, salt: Buffer, I: Buffer, P: Buffer, a: Buffer) => {
    computeA(): Buffer;
    setB(B: Buffer): void;
    computeM1(): Buffer;
    checkM2(M2: Buffer): void;
    computeK(): Buffer;
  };
  Server: new (params: unknown, v: Buffer, b: Buffer) => {
    computeB(): Buffer;
    setA(A: Buffer): void;
    checkM1(M1: Buffer): Buffer;
    computeK(): Buffer;
  };
}

describe('@getinsomnia/srp-js 1.0.0-alpha.1 (2048-bit, SHA-256) <-> insomnia variant', () => {
  let ins: InsomniaModule;
  const params: SrpParams = { group: srpGroup(2048), hash: 'SHA-256', proof: 'insomnia' };

  const ib = (x: string | Uint8Array): Buffer => ins.Buffer.from(buf(x));

  beforeAll(async () => {
    ins = (await loadInsomniaPeer()) as unknown as InsomniaModule;
  });

  it('verifiers are identical', async () => {
    await fc.assert(
      fc.asyncProperty(credential, async ({ identity, password, salt }) => {
        const ours = await createVerifier(params, identity, password, salt);
        const theirs = ins.computeVerifier(ins.params['2048'], ins.Buffer.from(salt), ib(identity), ib(password));
        expect(ins.Buffer.from(ours).equals(theirs)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it(`our client <-> srp-js server, ${RUNS} random credentials; wrong password fails`, async () => {
    await withReferenceModPow((ins.params['2048'] as { N: unknown }).N, async () => {
      await fc.assert(
        fc.asyncProperty(credential, fc.boolean(), async ({ identity, password, salt }, alsoWrong) => {
          for (const wrongPassword of alsoWrong ? [false, true] : [false]) {
            const verifier = ins.Buffer.from(await createVerifier(params, identity, password, salt));
            const server = new ins.Server(ins.params['2048'], verifier, ins.Buffer.from(secret()));
            const client = await SrpClient.start(params, identity, wrongPassword ? wrong(password) : password, salt);
            const M1 = await client.respond(server.computeB());
            server.setA(ins.Buffer.from(client.A));
            if (wrongPassword) {
              expect(() => server.checkM1(ins.Buffer.from(M1))).toThrow();
              continue;
            }
            const M2 = server.checkM1(ins.Buffer.from(M1));
            await client.verify(M2);
            expect(ins.Buffer.from(client.sessionKey).equals(server.computeK())).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });

  it(`srp-js client <-> our server, ${RUNS} random credentials; wrong password fails`, async () => {
    const group = ins.params['2048'] as { N: unknown };
    await peerClientToOurServer(params, group.N, (x) => ins.Buffer.from(x), (salt, identity, password) =>
      new ins.Client(group, ins.Buffer.from(salt), ib(identity), ib(password), ins.Buffer.from(secret())),
    );
  });

  it('a tampered server proof is refused by the srp-js client', async () => {
    const salt = new Uint8Array(16).fill(2);
    const verifier = await createVerifier(params, 'alice', 'pw', salt);
    const server = await SrpServer.start(params, 'alice', salt, verifier);
    const client = new ins.Client(ins.params['2048'], ins.Buffer.from(salt), ib('alice'), ib('pw'), ins.Buffer.from(secret()));
    client.setB(ins.Buffer.from(server.B));
    const M2 = ins.Buffer.from((await server.verify(client.computeA(), client.computeM1())).M2);
    M2[0]! ^= 1;
    expect(() => client.checkM2(M2)).toThrow();
  });
});
