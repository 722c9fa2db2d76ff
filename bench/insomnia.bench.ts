// Insomnia compatibility: zkvault's readers of the app's formats against the app's own package
// (@getinsomnia/srp-js: node-forge AES-GCM and RSA, jsbn SRP). Baseline of each group: the app's code,
// so ratios read "times the app's cost". Groups: decrypt a 1 KiB {iv,t,d,ad} document, open an
// RSA-OAEP-256 group-key link, and an SRP handshake (client + server, insomnia proofs, 2048-bit;
// the 100,000-iteration KDF is left out so the SRP cost is visible).
// Standalone: node scripts/run-ts.mjs bench/insomnia.bench.ts [--quick]
import { aead as nodeAead } from '../src/backend/node/aead.js';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { modpow as nodeModpow } from '../src/backend/node/modpow.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { rsa as nodeRsa } from '../src/backend/node/rsa.js';
import { aead as webAead } from '../src/backend/web/aead.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { modpow as webModpow } from '../src/backend/web/modpow.js';
import { random as webRandom } from '../src/backend/web/random.js';
import { rsa as webRsa } from '../src/backend/web/rsa.js';
import { decryptInsomniaWith, insomniaAesJwk } from '../src/compat/insomnia/aes.js';
import { unwrapInsomniaGroupKeyWith } from '../src/compat/insomnia/rsa.js';
import { insomniaSrpParams } from '../src/compat/insomnia/srp.js';
import type { SrpDeps } from '../src/srp/protocol.js';
import { createVerifierWith, SrpClient, SrpServer } from '../src/srp/srp.js';
import { loadInsomniaPeer } from '../test/compat/insomnia-peer.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';
import { withBackends } from '../src/backend/backend-deps.js';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const peer = await loadInsomniaPeer();
  const rows: BenchRow[] = [];

  // 1 KiB JSON-ish document, string variant, JWK group key (the app's sync documents).
  const key = nodeRandom.randomBytes(32);
  const jwk = insomniaAesJwk(key) as JsonWebKey;
  const doc = JSON.stringify({ _id: 'req_1', type: 'Request', body: 'x'.repeat(980) });
  const msg = peer.encryptAES(jwk, doc);
  rows.push(
    ...(await measureGroup(
      'insomnia decrypt 1 KiB document',
      [
        { impl: 'Insomnia app (node-forge)', fn: () => peer.decryptAES(jwk, msg), baseline: true },
        { impl: 'zkvault (node)', fn: () => decryptInsomniaWith({ aead: nodeAead, random: nodeRandom }, key, msg) },
        { impl: 'zkvault (web)', fn: () => decryptInsomniaWith({ aead: webAead, random: webRandom }, key, msg) },
      ],
      opts,
    )),
  );

  // Opening a group-key link with the account's RSA-2048 private key.
  const pair = (await peer.generateKeyPairJWK()) as { publicKey: JsonWebKey; privateKey: JsonWebKey };
  const link = peer.encryptRSAWithJWK(pair.publicKey, JSON.stringify(jwk));
  rows.push(
    ...(await measureGroup(
      'insomnia open RSA-OAEP-256 link',
      [
        { impl: 'Insomnia app (node-forge)', fn: () => peer.decryptRSAWithJWK(pair.privateKey, link), baseline: true },
        { impl: 'zkvault (node)', fn: () => unwrapInsomniaGroupKeyWith(nodeRsa, pair.privateKey, link) },
        { impl: 'zkvault (web)', fn: () => unwrapInsomniaGroupKeyWith(webRsa, pair.privateKey, link) },
      ],
      opts,
    )),
  );

  // SRP handshake with the app's parameters and proofs.
  const email = 'alice@example.com';
  const P = nodeRandom.randomBytes(32);
  const salt = nodeRandom.randomBytes(32);
  const NODE: SrpDeps = { hash: nodeHash, random: nodeRandom, modpow: nodeModpow };
  const BIGINT: SrpDeps = { hash: webHash, random: webRandom, modpow: webModpow };
  const v = await createVerifierWith(NODE, insomniaSrpParams, email, P, salt);
  const params = peer.params[2048]!;
  const [pSalt, pI, pP, pV] = [salt, new TextEncoder().encode(email), P, v].map((b) => peer.Buffer.from(b));
  const zk = async (deps: SrpDeps): Promise<void> => {
    const client = await withBackends(deps, () => SrpClient.start(insomniaSrpParams, email, P, salt));
    const server = await withBackends(deps, () => SrpServer.start(insomniaSrpParams, email, salt, v));
    await client.verify((await server.verify(client.A, await client.respond(server.B))).M2);
  };
  rows.push(
    ...(await measureGroup(
      'insomnia SRP handshake 2048-bit',
      [
        {
          impl: 'Insomnia app (jsbn)',
          fn: async () => {
            const c = new peer.Client(params, pSalt!, pI!, pP!, await peer.genKey());
            const s = new peer.Server(params, pV!, await peer.genKey());
            c.setB(s.computeB());
            s.setA(c.computeA());
            c.checkM2(s.checkM1(c.computeM1())!);
          },
          baseline: true,
        },
        { impl: 'zkvault (node)', fn: () => zk(NODE) },
        { impl: 'zkvault (BigInt)', fn: () => zk(BIGINT) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('insomnia.bench')) {
  console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
}
