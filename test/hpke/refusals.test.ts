// Each refusal of src/hpke is made by its own check (issue 19, mutation testing): the message names
// the bad argument, short ciphertexts never reach the AEAD backend, and the ephemeral secret of
// Encap is wiped (key hygiene that no round trip can see).
import { describe, expect, it } from 'vitest';
import type { AeadBackend } from '../../src/backend/types.js';
import { decap, deriveKeyPairWith, encap, generateKeyPairWith } from '../../src/hpke/dhkem.js';
import { setupRecipientWith, setupSenderWith, sealWith, openWith, type HpkeDeps } from '../../src/hpke/hpke.js';
import { BACKENDS } from '../helpers/backends.js';

const deps: HpkeDeps = BACKENDS[0];
const recipient = generateKeyPairWith(deps);

/** A ZkvaultError of `code` whose message matches `message`. */
function refusal(code: string, message: RegExp): unknown {
  return expect.objectContaining({ name: 'ZkvaultError', code, message: expect.stringMatching(message) });
}

describe('options: the message names the bad one', () => {
  it('setup, seal and open', async () => {
    const pk = recipient.publicKey;
    const sk = recipient.privateKey;
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => setupSenderWith(deps, null as never), /^"options" expected a plain object, got /],
      [() => setupSenderWith(deps, 'o' as never), /^"options" expected a plain object, got /],
      [() => setupSenderWith(deps, { recipientPublicKey: pk.subarray(1) }), /^"recipientPublicKey" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, senderPrivateKey: sk.subarray(1) }), /^"senderPrivateKey" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, aead: 'ChaCha20' as never }), /^"aead" expected one of/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, info: 'i' as never }), /^"info" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, psk: new Uint8Array(32) }), /^"psk" and "pskId" must be given together$/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, psk: new Uint8Array(31), pskId: new Uint8Array(1) }), /^"psk" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk, psk: new Uint8Array(32), pskId: new Uint8Array(0) }), /^"pskId" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk }, { privateKey: sk.subarray(1), publicKey: pk }), /^"ephemeral\.privateKey" expected/],
      [() => setupSenderWith(deps, { recipientPublicKey: pk }, { privateKey: sk, publicKey: pk.subarray(1) }), /^"ephemeral\.publicKey" expected/],
      [() => setupRecipientWith(deps, null as never), /^"options" expected a plain object, got /],
      [() => setupRecipientWith(deps, { recipientPrivateKey: sk.subarray(1), enc: pk }), /^"recipientPrivateKey" expected/],
      [() => setupRecipientWith(deps, { recipientPrivateKey: sk, enc: 'e' as never }), /^"enc" expected/],
      [() => setupRecipientWith(deps, { recipientPrivateKey: sk, enc: pk, senderPublicKey: pk.subarray(1) }), /^"senderPublicKey" expected/],
      [() => sealWith(deps, null as never), /^"options" expected a plain object, got /],
      [() => sealWith(deps, { recipientPublicKey: pk, plaintext: 'p' as never }), /^"plaintext" expected/],
      [() => sealWith(deps, { recipientPublicKey: pk, plaintext: new Uint8Array(1), aad: 'a' as never }), /^"aad" expected/],
      [() => openWith(deps, null as never), /^"options" expected a plain object, got /],
      [() => openWith(deps, { recipientPrivateKey: sk, enc: pk, ciphertext: 'c' as never }), /^"ciphertext" expected/],
      [() => openWith(deps, { recipientPrivateKey: sk, enc: pk, ciphertext: new Uint8Array(16), aad: 'a' as never }), /^"aad" expected/],
    ];
    for (const [f, message] of cases) await expect(f()).rejects.toThrow(refusal('INVALID_INPUT', message));
  });

  it('context seal, open and export', async () => {
    const { enc, context } = await setupSenderWith(deps, { recipientPublicKey: recipient.publicKey });
    const rc = await setupRecipientWith(deps, { recipientPrivateKey: recipient.privateKey, enc });
    await expect(context.seal('p' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"plaintext" expected/));
    await expect(context.seal(new Uint8Array(1), 'a' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"options" expected a plain object/));
    await expect(context.seal(new Uint8Array(1), { aad: 'a' as never })).rejects.toThrow(refusal('INVALID_INPUT', /^"options\.aad" expected/));
    await expect(rc.open('c' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"ciphertext" expected/));
    await expect(rc.open(new Uint8Array(16), 'a' as never)).rejects.toThrow(refusal('INVALID_INPUT', /^"options" expected a plain object/));
    await expect(rc.open(new Uint8Array(16), { aad: 'a' as never })).rejects.toThrow(refusal('INVALID_INPUT', /^"options\.aad" expected/));
    await expect(context.exportSecret('x' as never, 32)).rejects.toThrow(refusal('INVALID_INPUT', /^"exporterContext" expected/));
    await expect(rc.exportSecret(new Uint8Array(0), 0)).rejects.toThrow(refusal('INVALID_INPUT', /^"length" expected/));
    // The refused calls used no sequence number: the first message still opens.
    expect(await rc.open(await context.seal(new Uint8Array([1])))).toEqual(new Uint8Array([1]));
    context.dispose();
    rc.dispose();
    await expect(context.seal(new Uint8Array(1))).rejects.toThrow(refusal('KEY_LOCKED', /^zkvault: HPKE context was disposed$/));
    await expect(rc.open(new Uint8Array(16))).rejects.toThrow(refusal('KEY_LOCKED', /^zkvault: HPKE context was disposed$/));
  });

  it('KEM inputs', () => {
    expect(() => deriveKeyPairWith(deps, new Uint8Array(31))).toThrow(refusal('INVALID_INPUT', /^"ikm" expected/));
    expect(() => decap(deps, recipient.publicKey.subarray(1), recipient.privateKey, undefined)).toThrow(refusal('INVALID_INPUT', /^"enc" expected 32 bytes$/));
  });
});

describe('short ciphertexts and key hygiene', () => {
  it('a ciphertext shorter than the tag is refused before the AEAD backend is called', async () => {
    let decrypts = 0;
    const counting: AeadBackend = {
      ...deps.aead,
      async aesGcmKey(key) {
        const k = await deps.aead.aesGcmKey(key);
        return { ...k, encrypt: k.encrypt.bind(k), decrypt: (...a: Parameters<typeof k.decrypt>) => (decrypts++, k.decrypt(...a)) };
      },
    };
    const d: HpkeDeps = { ...deps, aead: counting };
    const { enc } = await setupSenderWith(d, { recipientPublicKey: recipient.publicKey });
    const rc = await setupRecipientWith(d, { recipientPrivateKey: recipient.privateKey, enc });
    await expect(rc.open(new Uint8Array(15))).rejects.toThrow(refusal('DECRYPT_FAILED', /./));
    expect(decrypts).toBe(0);
    await expect(rc.open(new Uint8Array(16))).rejects.toThrow(refusal('DECRYPT_FAILED', /./));
    expect(decrypts).toBe(1);
  });

  it("Encap wipes the ephemeral secret it drew, not one the caller gave, and enc is the caller's copy", () => {
    const seen: Uint8Array[] = [];
    const spy: HpkeDeps = {
      ...deps,
      x25519: { ...deps.x25519, sharedSecret: (sk, pk) => (seen.push(sk), deps.x25519.sharedSecret(sk, pk)) },
    };
    encap(spy, recipient.publicKey, undefined);
    expect(seen[0]).toEqual(new Uint8Array(32));
    const eph = generateKeyPairWith(deps);
    const kept = eph.privateKey.slice();
    const { enc } = encap(spy, recipient.publicKey, undefined, eph);
    expect(eph.privateKey).toEqual(kept);
    expect(enc).toEqual(eph.publicKey);
    enc[0]! ^= 1;
    expect(enc).not.toEqual(eph.publicKey);
  });
});
