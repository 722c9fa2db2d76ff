// Interoperability with an independent implementation, @hpke/core (WebCrypto X25519 and AES-GCM,
// its own HPKE key schedule): messages sealed by zkvault open in @hpke/core and the other way round,
// for base and auth mode (and psk / auth_psk), AES-256-GCM and AES-128-GCM, on both backends.
import { Aes128Gcm, Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { describe, expect, it } from 'vitest';
import type { HpkeAead } from '../../src/hpke/context.js';
import { generateKeyPairWith } from '../../src/hpke/dhkem.js';
import { openWith, sealWith, type HpkeCommonOptions } from '../../src/hpke/hpke.js';
import { toHexT } from '../helpers/vectors.js';
import { BACKENDS } from '../helpers/backends.js';

const ROUNDS = 4;
const MODES = ['base', 'auth', 'psk', 'auth_psk'] as const;
const AEADS: readonly HpkeAead[] = ['AES-256-GCM', 'AES-128-GCM'];

function peerSuite(aead: HpkeAead): CipherSuite {
  return new CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: new HkdfSha256(),
    aead: aead === 'AES-256-GCM' ? new Aes256Gcm() : new Aes128Gcm(),
  });
}

function buf(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer;
}

describe.each(BACKENDS)('interop with @hpke/core, $name backend', (deps) => {
  describe.each(AEADS)('%s', (aead) => {
    const suite = peerSuite(aead);

    it.each(MODES)('%s mode, both ways', async (mode) => {
      const auth = mode === 'auth' || mode === 'auth_psk';
      const withPsk = mode === 'psk' || mode === 'auth_psk';
      for (let round = 0; round < ROUNDS; round++) {
        const recipient = generateKeyPairWith(deps);
        const sender = generateKeyPairWith(deps);
        const info = deps.random.randomBytes(round * 7);
        const aad = deps.random.randomBytes(round * 3);
        const plaintext = deps.random.randomBytes(1 + round * 50);
        const psk = deps.random.randomBytes(32);
        const pskId = deps.random.randomBytes(8);
        const common: HpkeCommonOptions = { info, aead, ...(withPsk ? { psk, pskId } : {}) };
        const peerPsk = withPsk ? { psk: { key: buf(psk), id: buf(pskId) } } : {};
        const recipientPublic = await suite.kem.deserializePublicKey(buf(recipient.publicKey));
        const recipientPrivate = await suite.kem.deserializePrivateKey(buf(recipient.privateKey));
        const senderPublic = await suite.kem.deserializePublicKey(buf(sender.publicKey));
        const senderPrivate = await suite.kem.deserializePrivateKey(buf(sender.privateKey));

        // zkvault seals, @hpke/core opens.
        const ours = await sealWith(deps, {
          ...common,
          recipientPublicKey: recipient.publicKey,
          plaintext,
          aad,
          ...(auth ? { senderPrivateKey: sender.privateKey } : {}),
        });
        const opened = await suite.open(
          {
            recipientKey: recipientPrivate,
            enc: buf(ours.enc),
            info: buf(info),
            ...peerPsk,
            ...(auth ? { senderPublicKey: senderPublic } : {}),
          },
          buf(ours.ciphertext),
          buf(aad),
        );
        expect(toHexT(new Uint8Array(opened))).toBe(toHexT(plaintext));

        // @hpke/core seals, zkvault opens.
        const theirs = await suite.seal(
          {
            recipientPublicKey: recipientPublic,
            info: buf(info),
            ...peerPsk,
            ...(auth ? { senderKey: senderPrivate } : {}),
          },
          buf(plaintext),
          buf(aad),
        );
        const back = await openWith(deps, {
          ...common,
          recipientPrivateKey: recipient.privateKey,
          enc: new Uint8Array(theirs.enc),
          ciphertext: new Uint8Array(theirs.ct),
          aad,
          ...(auth ? { senderPublicKey: sender.publicKey } : {}),
        });
        expect(toHexT(back)).toBe(toHexT(plaintext));

        // And a message @hpke/core sealed in this mode does not open in another mode here.
        const wrongMode = openWith(deps, {
          ...common,
          recipientPrivateKey: recipient.privateKey,
          enc: new Uint8Array(theirs.enc),
          ciphertext: new Uint8Array(theirs.ct),
          aad,
          ...(auth ? {} : { senderPublicKey: sender.publicKey }),
        });
        await expect(wrongMode).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
      }
    });
  });
});
