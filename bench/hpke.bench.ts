// HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) seal+open of a 32-byte group
// key, base and auth mode, against @hpke/core (WebCrypto); and X25519 alone against the limit
// (node:crypto diffieHellman on ready KeyObjects) and @noble/curves.
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, diffieHellman, randomBytes } from 'node:crypto';
import { aead as nodeAead } from '../src/backend/node/aead.js';
import { hash as nodeHash } from '../src/backend/node/hash.js';
import { random as nodeRandom } from '../src/backend/node/random.js';
import { x25519 as nodeX25519 } from '../src/backend/node/x25519.js';
import { aead as webAead } from '../src/backend/web/aead.js';
import { hash as webHash } from '../src/backend/web/hash.js';
import { random as webRandom } from '../src/backend/web/random.js';
import { x25519 as webX25519 } from '../src/backend/web/x25519.js';
import { generateKeyPairWith } from '../src/hpke/dhkem.js';
import { openWith, sealWith, type HpkeDeps } from '../src/hpke/hpke.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';

const NODE: HpkeDeps = { x25519: nodeX25519, hash: nodeHash, aead: nodeAead, random: nodeRandom };
const WEB: HpkeDeps = { x25519: webX25519, hash: webHash, aead: webAead, random: webRandom };

function ab(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const recipient = generateKeyPairWith(NODE);
  const sender = generateKeyPairWith(NODE);
  const plaintext = new Uint8Array(randomBytes(32));
  const info = new TextEncoder().encode('zkvault/v1/link|tenant|group|1|sender|recipient');

  // X25519 alone.
  const jwk = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
  const skObj = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: jwk(recipient.privateKey), x: '' }, format: 'jwk' });
  const pkObj = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: jwk(sender.publicKey) }, format: 'jwk' });
  rows.push(
    ...(await measureGroup(
      'X25519 shared secret',
      [
        { impl: 'node:crypto diffieHellman, KeyObjects ready (limit)', fn: () => diffieHellman({ privateKey: skObj, publicKey: pkObj }), baseline: true },
        { impl: 'zkvault (node backend, raw keys)', fn: () => nodeX25519.sharedSecret(recipient.privateKey, sender.publicKey) },
        { impl: 'zkvault (web backend = @noble/curves)', fn: () => webX25519.sharedSecret(recipient.privateKey, sender.publicKey) },
        { impl: '@noble/curves x25519', fn: () => nobleX25519.getSharedSecret(recipient.privateKey, sender.publicKey) },
      ],
      opts,
    )),
  );

  // HPKE, @hpke/core with its CryptoKeys imported once (its best case).
  const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  const rPub = await suite.kem.deserializePublicKey(ab(recipient.publicKey));
  const rPriv = await suite.kem.deserializePrivateKey(ab(recipient.privateKey));
  const sPub = await suite.kem.deserializePublicKey(ab(sender.publicKey));
  const sPriv = await suite.kem.deserializePrivateKey(ab(sender.privateKey));

  for (const auth of [false, true]) {
    const mode = auth ? 'auth' : 'base';
    const ours = (deps: HpkeDeps) => async (): Promise<Uint8Array> => {
      const { enc, ciphertext } = await sealWith(deps, {
        recipientPublicKey: recipient.publicKey,
        plaintext,
        info,
        ...(auth ? { senderPrivateKey: sender.privateKey } : {}),
      });
      return openWith(deps, {
        recipientPrivateKey: recipient.privateKey,
        enc,
        ciphertext,
        info,
        ...(auth ? { senderPublicKey: sender.publicKey } : {}),
      });
    };
    const peer = async (): Promise<ArrayBuffer> => {
      const { ct, enc } = await suite.seal({ recipientPublicKey: rPub, info: ab(info), ...(auth ? { senderKey: sPriv } : {}) }, ab(plaintext));
      return suite.open({ recipientKey: rPriv, enc, info: ab(info), ...(auth ? { senderPublicKey: sPub } : {}) }, ct);
    };
    rows.push(
      ...(await measureGroup(
        `HPKE seal+open 32 B, ${mode} mode`,
        [
          { impl: '@hpke/core 1.9 (WebCrypto)', fn: peer, baseline: true },
          { impl: 'zkvault (node backend)', fn: ours(NODE) },
          { impl: 'zkvault (web backend)', fn: ours(WEB) },
        ],
        opts,
      )),
    );
  }

  // The hot path of opening links: one recipient key, many messages.
  const link = await sealWith(NODE, { recipientPublicKey: recipient.publicKey, plaintext, info, senderPrivateKey: sender.privateKey });
  const peerLink = await suite.seal({ recipientPublicKey: rPub, info: ab(info), senderKey: sPriv }, ab(plaintext));
  const openOpts = { recipientPrivateKey: recipient.privateKey, enc: link.enc, ciphertext: link.ciphertext, info, senderPublicKey: sender.publicKey };
  rows.push(
    ...(await measureGroup(
      'HPKE open 32 B, auth mode',
      [
        { impl: '@hpke/core 1.9 (WebCrypto)', fn: () => suite.open({ recipientKey: rPriv, enc: peerLink.enc, info: ab(info), senderPublicKey: sPub }, peerLink.ct), baseline: true },
        { impl: 'zkvault (node backend)', fn: () => openWith(NODE, openOpts) },
        { impl: 'zkvault (web backend)', fn: () => openWith(WEB, openOpts) },
      ],
      opts,
    )),
  );
  return rows;
}

if (isMain('hpke.bench')) {
  console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
}
