// Interop with the Insomnia app's own crypto package (@getinsomnia/srp-js 1.0.0-alpha.1, the code the
// app ships): AES messages, RSA-OAEP-256 blobs and the KDF, in both directions, on both backends.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptInsomniaBytesWith, decryptInsomniaWith, encryptInsomniaWith, insomniaAesJwk } from '../../src/compat/insomnia/aes.js';
import { deriveInsomniaKeyWith } from '../../src/compat/insomnia/kdf.js';
import { decryptInsomniaRsaWith, encryptInsomniaRsaWith, unwrapInsomniaGroupKeyWith, wrapInsomniaGroupKeyWith } from '../../src/compat/insomnia/rsa.js';
import { ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { toHexT } from '../helpers/vectors.js';
import { oncePerInput, sharedSeed } from '../helpers/peer-once.js';
import { loadInsomniaPeer, type InsomniaPeer } from './insomnia-peer.js';


let peer: InsomniaPeer;
let pair: { publicKey: JsonWebKey; privateKey: JsonWebKey };

// The app's deriveKey does not depend on our backend: both backends' copies of the KDF property draw
// the same 25 inputs (one seed per run) and the app derives each once (test/helpers/peer-once.ts).
let appDeriveKey: InsomniaPeer['deriveKey'];
const KDF_SEED = sharedSeed();

beforeAll(async () => {
  peer = await loadInsomniaPeer();
  pair = (await peer.generateKeyPairJWK()) as { publicKey: JsonWebKey; privateKey: JsonWebKey };
  appDeriveKey = oncePerInput(peer.deriveKey);
});

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
// The app passes its AD as a JS string that forge reads as Latin-1 bytes; ASCII keeps both readings equal.
const adArb = fc.string({ unit: 'grapheme-ascii', maxLength: 24 });
const textArb = fc.string({ unit: 'grapheme', maxLength: 200 });

describe.each(BACKENDS)('Insomnia interop with @getinsomnia/srp-js [$name backend]', (b) => {
  it('its encryptAES (hex and JWK keys) decrypts with ours, and ours with its decryptAES', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.boolean(), textArb, adArb, async (raw, useJwk, text, ad) => {
        const theirKey = useJwk ? (insomniaAesJwk(raw) as JsonWebKey) : toHexT(raw);
        const theirs = peer.encryptAES(theirKey, text, ad);
        expect(await decryptInsomniaWith(b, raw, theirs)).toBe(text);
        expect(await decryptInsomniaWith(b, theirKey as string, theirs)).toBe(text);
        const ours = await encryptInsomniaWith(b, useJwk ? insomniaAesJwk(raw) : toHexT(raw), text, ad);
        expect(peer.decryptAES(theirKey, ours)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('its encryptAESBuffer decrypts with ours to the same bytes, and ours with its decryptAESToBuffer', async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.boolean(), fc.uint8Array({ maxLength: 1500 }), adArb, async (raw, useJwk, bytes, ad) => {
        const theirKey = useJwk ? (insomniaAesJwk(raw) as JsonWebKey) : toHexT(raw);
        const theirs = peer.encryptAESBuffer(theirKey, Buffer.from(bytes) as never, ad);
        expect(toHexT(await decryptInsomniaBytesWith(b, raw, theirs))).toBe(toHexT(bytes));
        const ours = await encryptInsomniaWith(b, raw, bytes, ad);
        expect(toHexT(new Uint8Array(peer.decryptAESToBuffer(theirKey, ours)))).toBe(toHexT(bytes));
      }),
      { numRuns: 50 },
    );
  });

  it('the app accepts an empty-tag forgery of its own message; we reject it (DECRYPT_FAILED)', async () => {
    const raw = new Uint8Array(32).fill(0x42);
    const msg = peer.encryptAESBuffer(toHexT(raw), Buffer.from('transfer 10 EUR') as never, '');
    const forged = { ...msg, t: '', d: (Buffer.from(msg.d, 'hex')[0]! ^ 0x01).toString(16).padStart(2, '0') + msg.d.slice(2) };
    // The attack works against the app's reader: a modified plaintext, no tag at all.
    expect(Buffer.from(peer.decryptAESToBuffer(toHexT(raw), forged)).toString()).toBe('uransfer 10 EUR');
    const e = await decryptInsomniaBytesWith(b, raw, forged).catch((x: unknown) => x);
    expect((e as ZkvaultError).code).toBe('DECRYPT_FAILED');
    // Truncated tags the app accepts (9..15 bytes) are refused too.
    for (let n = 9; n < 16; n++) {
      const short = { ...msg, t: msg.t.slice(0, 2 * n) };
      expect(peer.decryptAESToBuffer(toHexT(raw), short).toString()).toBe('transfer 10 EUR');
      expect(((await decryptInsomniaBytesWith(b, raw, short).catch((x: unknown) => x)) as ZkvaultError).code).toBe('DECRYPT_FAILED');
    }
  });

  it('its encryptRSAWithJWK blobs open with ours, and ours with its decryptRSAWithJWK', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), key32, async (text, groupKey) => {
        const theirs = peer.encryptRSAWithJWK(pair.publicKey, text);
        expect(theirs).toMatch(/^[0-9a-f]{512}$/);
        expect(await decryptInsomniaRsaWith(b.rsa, pair.privateKey, theirs)).toBe(text);
        const ours = await encryptInsomniaRsaWith(b.rsa, pair.publicKey, text);
        expect(peer.decryptRSAWithJWK(pair.privateKey, ours)).toBe(text);
        // Group-key links, both ways.
        const theirLink = peer.encryptRSAWithJWK(pair.publicKey, JSON.stringify(insomniaAesJwk(groupKey)));
        expect(toHexT(await unwrapInsomniaGroupKeyWith(b.rsa, pair.privateKey, theirLink))).toBe(toHexT(groupKey));
        const ourLink = await wrapInsomniaGroupKeyWith(b.rsa, JSON.stringify(pair.publicKey), groupKey);
        const jwk = JSON.parse(peer.decryptRSAWithJWK(pair.privateKey, ourLink)) as JsonWebKey;
        expect(jwk).toEqual(insomniaAesJwk(groupKey));
        // And the app can use the unwrapped JWK as an AES key directly.
        const m = peer.encryptAES(jwk, 'doc');
        expect(await decryptInsomniaWith(b, groupKey, m)).toBe('doc');
      }),
      { numRuns: 8 },
    );
  });

  it('deriveKey equals ours for random ASCII passphrases, emails and salts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
        fc.emailAddress(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (pass, email, salt) => {
          const saltHex = toHexT(salt);
          // The app normalises in its session code, before deriveKey; pass it normalised values.
          const theirs = await appDeriveKey(pass.trim().normalize('NFKD'), email.trim().toLowerCase(), saltHex);
          expect(toHexT(await deriveInsomniaKeyWith(b.kdf, pass, email, saltHex))).toBe(theirs);
        },
      ),
      { numRuns: 25, seed: KDF_SEED },
    );
  });
});
