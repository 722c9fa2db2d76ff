// Property tests (fast-check), per backend: round trip in every mode and AEAD; flipping any bit of
// enc or ciphertext fails; a wrong recipient key, info, aad, sender, psk or psk id fails; every
// failure is the one DECRYPT_FAILED.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HpkeAead } from '../../src/hpke/context.js';
import { generateKeyPairWith } from '../../src/hpke/dhkem.js';
import { openWith, sealWith, type HpkeOpenArgs } from '../../src/hpke/hpke.js';
import { toHexT } from '../helpers/vectors.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectDecryptFailed } from '../helpers/errors.js';

const bytes = (max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max });
const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const aeadArb = fc.constantFrom<HpkeAead>('AES-256-GCM', 'AES-128-GCM');

describe.each(BACKENDS)('HPKE properties, $name backend', ({ name, ...deps }) => {
  // noble X25519 is ~40x slower than OpenSSL's; fewer runs there keep the shared machine free.
  const runs = name === 'node' ? 50 : 25;
  const recipient = generateKeyPairWith(deps);
  const sender = generateKeyPairWith(deps);

  const sealed = fc.record({
    plaintext: bytes(300),
    info: bytes(64),
    aad: bytes(64),
    auth: fc.boolean(),
    psk: fc.option(fc.record({ psk: key32, pskId: fc.uint8Array({ minLength: 1, maxLength: 16 }) }), { nil: undefined }),
    aead: aeadArb,
  });

  type Case = typeof sealed extends fc.Arbitrary<infer T> ? T : never;

  async function sealCase(c: Case): Promise<HpkeOpenArgs> {
    const { enc, ciphertext } = await sealWith(deps, {
      recipientPublicKey: recipient.publicKey,
      plaintext: c.plaintext,
      info: c.info,
      aad: c.aad,
      aead: c.aead,
      ...(c.auth ? { senderPrivateKey: sender.privateKey } : {}),
      ...(c.psk ?? {}),
    });
    return {
      recipientPrivateKey: recipient.privateKey,
      enc,
      ciphertext,
      info: c.info,
      aad: c.aad,
      aead: c.aead,
      ...(c.auth ? { senderPublicKey: sender.publicKey } : {}),
      ...(c.psk ?? {}),
    };
  }

  it('round trip: open(seal(m)) = m in every mode and AEAD', async () => {
    await fc.assert(
      fc.asyncProperty(sealed, async (c) => {
        const o = await sealCase(c);
        expect(o.ciphertext).toHaveLength(c.plaintext.length + 16);
        expect(toHexT(await openWith(deps, o))).toBe(toHexT(c.plaintext));
      }),
      { numRuns: runs },
    );
  });

  it('flipping any bit of enc or ciphertext fails', async () => {
    await fc.assert(
      fc.asyncProperty(sealed, fc.boolean(), fc.nat(), async (c, inEnc, bitSeed) => {
        const o = await sealCase(c);
        const target = inEnc ? o.enc.slice() : o.ciphertext.slice();
        const bit = bitSeed % (target.length * 8);
        target[bit >> 3]! ^= 1 << (bit & 7);
        await expectDecryptFailed(openWith(deps, inEnc ? { ...o, enc: target } : { ...o, ciphertext: target }));
      }),
      { numRuns: runs },
    );
  });

  it('a wrong recipient key, info, aad, sender, psk, psk id or AEAD fails', async () => {
    const wrongs = ['recipient', 'info', 'aad', 'sender', 'psk', 'pskId', 'aead'] as const;
    await fc.assert(
      fc.asyncProperty(sealed, fc.constantFrom(...wrongs), bytes(16), async (c, what, noise) => {
        const o = await sealCase(c);
        const other = generateKeyPairWith(deps);
        const changed = (b: Uint8Array | undefined): Uint8Array => {
          const x = Uint8Array.from([...(b ?? []), ...noise, 1]);
          return x;
        };
        let bad: HpkeOpenArgs;
        switch (what) {
          case 'recipient':
            bad = { ...o, recipientPrivateKey: other.privateKey };
            break;
          case 'info':
            bad = { ...o, info: changed(o.info) };
            break;
          case 'aad':
            bad = { ...o, aad: changed(o.aad) };
            break;
          case 'sender':
            // In auth modes another sender; in the others, claiming a sender at all.
            bad = { ...o, senderPublicKey: other.publicKey };
            break;
          case 'psk':
            bad = o.psk === undefined ? { ...o, psk: new Uint8Array(32), pskId: Uint8Array.of(1) } : { ...o, psk: changed(o.psk) };
            break;
          case 'pskId':
            bad = o.psk === undefined ? { ...o, psk: new Uint8Array(32), pskId: Uint8Array.of(2) } : { ...o, pskId: changed(o.pskId) };
            break;
          case 'aead':
            bad = { ...o, aead: o.aead === 'AES-256-GCM' ? 'AES-128-GCM' : 'AES-256-GCM' };
            break;
        }
        await expectDecryptFailed(openWith(deps, bad));
        // Auth-mode messages also fail when opened without naming the sender.
        if (o.senderPublicKey !== undefined) {
          const { senderPublicKey: _omit, ...noSender } = o;
          await expectDecryptFailed(openWith(deps, noSender));
        }
      }),
      { numRuns: runs },
    );
  });
});
