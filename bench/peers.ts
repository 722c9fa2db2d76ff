// Seal functions of the reference points that several bench modules compare against.
import forge from 'node-forge';
import { createCipheriv, randomBytes } from 'node:crypto';

/** The limit: node:crypto AES-256-GCM alone, output left in its parts (no framing, no copy). */
export function rawNodeGcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): () => Buffer[] {
  return () => {
    const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
    c.setAAD(aad);
    return [c.update(plaintext), c.final(), c.getAuthTag()];
  };
}

/** node-forge AES-GCM, what the Insomnia app encrypts with (binary strings in and out). */
export function forgeGcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): () => string {
  const keyBin = Buffer.from(key).toString('binary');
  const ptBin = Buffer.from(plaintext).toString('binary');
  const aadBin = Buffer.from(aad).toString('binary');
  return () => {
    const c = forge.cipher.createCipher('AES-GCM', keyBin);
    c.start({ iv: randomBytes(12).toString('binary'), additionalData: aadBin, tagLength: 128 });
    c.update(forge.util.createBuffer(ptBin));
    c.finish();
    return c.output.getBytes() + c.mode.tag.getBytes();
  };
}
