// Seal functions of the reference points that several bench modules compare against.
import forge from 'node-forge';
import { createCipheriv, createSecretKey, randomBytes, randomFillSync, webcrypto } from 'node:crypto';

const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** A 12-byte IV from a 4 KiB CSPRNG pool, as zkvault's node backend draws nonces (0.2 µs, not 5 µs). */
export function pooledIv(): Uint8Array {
  if (poolAt + 12 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 12;
  return pool.slice(poolAt - 12, poolAt);
}

/**
 * The limit, made fair: node:crypto AES-256-GCM alone with the same advantages zkvault's prepared
 * key has (a KeyObject made once, IVs from a pool), output left in its parts (no framing, no copy).
 */
export function rawNodeGcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): () => Buffer[] {
  const ko = createSecretKey(key);
  return () => {
    const c = createCipheriv('aes-256-gcm', ko, pooledIv());
    c.setAAD(aad);
    return [c.update(plaintext), c.final(), c.getAuthTag()];
  };
}

/**
 * The floor of any single-buffer format on Node 20 (issue 14, round 6): the fair raw seal plus one
 * copy of its ciphertext and tag into one fresh output with `head` bytes in front (left unwritten).
 * update() cannot write into a given buffer, so a format that hands out header ‖ ct ‖ tag pays this.
 */
export function rawNodeGcmSealFramed(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, head: number): () => Buffer {
  const ko = createSecretKey(key);
  return () => {
    const c = createCipheriv('aes-256-gcm', ko, pooledIv());
    c.setAAD(aad);
    const out = Buffer.allocUnsafeSlow(head + plaintext.length + 16);
    out.set(c.update(plaintext), head);
    c.final();
    out.set(c.getAuthTag(), head + plaintext.length);
    return out;
  };
}

/** The same floor for WebCrypto: raw encrypt, then one copy into a fresh framed buffer (a browser has no unsafe allocation). */
export function rawWebGcmSealFramed(key: CryptoKey, plaintext: Uint8Array, aad: Uint8Array, head: number): () => Promise<Uint8Array> {
  return async () => {
    const ct = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv: pooledIv() as Uint8Array<ArrayBuffer>, additionalData: aad }, key, plaintext);
    const out = new Uint8Array(head + ct.byteLength);
    out.set(new Uint8Array(ct), head);
    return out;
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
