// The model flows end to end on Node: sign-up, login (client + server, all six steps and the unlock),
// share (link seal), open-link, and encrypt / decrypt of a 1 KiB resource. Baselines are the limits
// the flows are built on: two concurrent native PBKDF2-SHA256 runs (sign-up, login), a raw HPKE auth
// seal/open (share, open-link) and raw node:crypto AES-256-GCM (resources). Peers: @hpke/core for
// links, node-forge AES-GCM (what the Insomnia app uses) for resources.
// Note: the first SRP-3072 use in a process costs ~1.6 s (OpenSSL's one-time safe-prime check of the
// group, cached afterwards); the harness's warm-up absorbs it.
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { aead as nodeAead } from '../src/backend/node/aead.js';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { x25519 as nodeX25519 } from '../src/backend/node/x25519.js';
import { openWith, sealWith, type HpkeDeps } from '../src/hpke/hpke.js';
import {
  createAccount,
  createResourceGroup,
  decryptResource,
  encryptResource,
  loginParams,
  openLink,
  shareResourceGroup,
  ClientLogin,
  ServerLogin,
  unlockAccount,
  type AccountRecord,
} from '../src/model/index.js';
import { encodeContext, PURPOSE } from '../src/model/context.js';
import { forgeGcmSeal, rawNodeGcmSeal } from './peers.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';

const pbkdf2Async = promisify(pbkdf2);
const HPKE: HpkeDeps = { x25519: nodeX25519, hash: nodeHash, aead: nodeAead, random: nodeRandom };

function ab(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer;
}

async function fullLogin(record: AccountRecord, passphrase: string, minIterations: number): Promise<void> {
  const client = await ClientLogin.start({ accountId: record.accountId, passphrase, params: loginParams(record), minIterations });
  const server = await ServerLogin.start(record);
  const { M2 } = await server.verify(client.A, await client.respond(server.B));
  await client.verify(M2);
  (await unlockAccount(record, client)).dispose();
  client.dispose();
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const pw = 'correct horse battery staple';

  // Sign-up and login at the defaults (600,000 iterations, SRP 3072) and at test strength, to show the
  // cost beyond the KDF.
  const settings = [
    { label: '600k, SRP-3072 (default)', kdf: { iterations: 600_000 }, srp: { bits: 3072, hash: 'SHA-256' } },
    { label: '1k, SRP-2048 (test only)', kdf: { iterations: 1000 }, srp: { bits: 2048, hash: 'SHA-256' } },
  ] as const;
  for (const s of settings) {
    if (opts.quick && s.kdf.iterations > 1000) continue;
    const kdfPair = () =>
      Promise.all([pbkdf2Async(pw, randomBytes(47), s.kdf.iterations, 32, 'sha256'), pbkdf2Async(pw, randomBytes(46), s.kdf.iterations, 32, 'sha256')]);
    let n = 0;
    rows.push(
      ...(await measureGroup(
        `sign-up ${s.label}`,
        [
          { impl: 'limit: 2 concurrent node:crypto PBKDF2', fn: kdfPair, baseline: true },
          { impl: 'zkvault createAccount', fn: async () => (await createAccount({ accountId: `u${n++}`, passphrase: pw, kdf: s.kdf, srp: s.srp })).account.dispose() },
        ],
        opts,
      )),
    );
    const { record } = await createAccount({ accountId: 'bench', passphrase: pw, kdf: s.kdf, srp: s.srp });
    rows.push(
      ...(await measureGroup(
        `login+unlock ${s.label}`,
        [
          { impl: 'limit: 2 concurrent node:crypto PBKDF2', fn: kdfPair, baseline: true },
          { impl: 'zkvault client+server (6 steps + unlock)', fn: () => fullLogin(record, pw, s.kdf.iterations) },
        ],
        opts,
      )),
    );
  }

  const fast = { kdf: { iterations: 1000 }, srp: { bits: 2048, hash: 'SHA-256' } } as const;
  const { account: jane } = await createAccount({ accountId: 'jane', passphrase: pw, ...fast });
  const { account: bob } = await createAccount({ accountId: 'bob', passphrase: pw, ...fast });
  const { group } = await createResourceGroup({ tenantId: 'org', resourceGroupId: 'grp' }, jane);
  const bobRef = { accountId: 'bob', publicKey: bob.publicKey };
  const janeRef = { accountId: 'jane', publicKey: jane.publicKey };
  const link = await shareResourceGroup(group, jane, bobRef);

  // Raw HPKE auth mode on independent key pairs with the same info length, and @hpke/core.
  const s = { privateKey: new Uint8Array(randomBytes(32)) };
  const r = { privateKey: new Uint8Array(randomBytes(32)) };
  const sPub = nodeX25519.publicKey(s.privateKey);
  const rPub = nodeX25519.publicKey(r.privateKey);
  const key32 = new Uint8Array(randomBytes(32));
  const info = encodeContext(PURPOSE.link, ['org', 'grp', 1, 'jane', 'bob']);
  const rawSealed = await sealWith(HPKE, { recipientPublicKey: rPub, senderPrivateKey: s.privateKey, plaintext: key32, info });
  const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  const sKey = await suite.kem.importKey('raw', ab(s.privateKey), false);
  const sPubKey = await suite.kem.importKey('raw', ab(sPub), true);
  const rKey = await suite.kem.importKey('raw', ab(r.privateKey), false);
  const rPubKey = await suite.kem.importKey('raw', ab(rPub), true);
  const peer = await suite.seal({ recipientPublicKey: rPubKey, senderKey: sKey, info: ab(info) }, ab(key32));

  rows.push(
    ...(await measureGroup(
      'share (link seal)',
      [
        { impl: 'limit: raw HPKE auth seal (zkvault node)', fn: () => sealWith(HPKE, { recipientPublicKey: rPub, senderPrivateKey: s.privateKey, plaintext: key32, info }), baseline: true },
        { impl: 'zkvault shareResourceGroup', fn: () => shareResourceGroup(group, jane, bobRef) },
        { impl: '@hpke/core 1.9 auth seal', fn: () => suite.seal({ recipientPublicKey: rPubKey, senderKey: sKey, info: ab(info) }, ab(key32)) },
      ],
      opts,
    )),
  );
  rows.push(
    ...(await measureGroup(
      'open-link',
      [
        {
          impl: 'limit: raw HPKE auth open (zkvault node)',
          fn: () => openWith(HPKE, { recipientPrivateKey: r.privateKey, senderPublicKey: sPub, enc: rawSealed.enc, ciphertext: rawSealed.ciphertext, info }),
          baseline: true,
        },
        { impl: 'zkvault openLink', fn: async () => (await openLink(link, bob, janeRef)).dispose() },
        { impl: '@hpke/core 1.9 auth open', fn: () => suite.open({ recipientKey: rKey, senderPublicKey: sPubKey, enc: peer.enc, info: ab(info) }, peer.ct) },
      ],
      opts,
    )),
  );

  // 1 KiB resource.
  const pt = new Uint8Array(randomBytes(1024));
  const rawKey = randomBytes(32);
  const aad = encodeContext(PURPOSE.resource, ['org', 'grp', 1, 'res_0001', 'Request']);
  rows.push(
    ...(await measureGroup(
      'encrypt 1 KiB resource',
      [
        { impl: 'limit: node:crypto raw AES-256-GCM', fn: rawNodeGcmSeal(rawKey, pt, aad), baseline: true },
        { impl: 'zkvault encryptResource (+base64url record)', fn: () => encryptResource({ resourceId: 'res_0001', type: 'Request', plaintext: pt }, group) },
        { impl: 'node-forge AES-GCM (Insomnia)', fn: forgeGcmSeal(rawKey, pt, aad) },
      ],
      opts,
    )),
  );
  const rec = await encryptResource({ resourceId: 'res_0001', type: 'Request', plaintext: pt }, group);
  const iv = randomBytes(12);
  const enc = createCipheriv('aes-256-gcm', rawKey, iv);
  enc.setAAD(aad);
  const ct = Buffer.concat([enc.update(pt), enc.final()]);
  const tag = enc.getAuthTag();
  rows.push(
    ...(await measureGroup(
      'decrypt 1 KiB resource',
      [
        {
          impl: 'limit: node:crypto raw AES-256-GCM',
          fn: () => {
            const d = createDecipheriv('aes-256-gcm', rawKey, iv);
            d.setAAD(aad);
            d.setAuthTag(tag);
            return [d.update(ct), d.final()];
          },
          baseline: true,
        },
        { impl: 'zkvault decryptResource (validate + open)', fn: () => decryptResource(rec, group) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('model.bench')) {
  console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
}
