/**
 * The backend families the model uses, bound to the platform's through the internal seam of
 * src/backend/backend-deps.ts: a test replaces some of them with `setBackends` (fixed randomness for
 * golden vectors, scripts/generate-model-vectors.ts; the web backend for tests that run the flows on
 * both backends). Not exported from `zkvault`.
 * @module
 */
import { aead } from '#backend/aead';
import { ed25519 } from '#backend/ed25519';
import { hash } from '#backend/hash';
import { kdf } from '#backend/kdf';
import { modpow } from '#backend/modpow';
import { random } from '#backend/random';
import { x25519 } from '#backend/x25519';
import { xwing } from '#backend/xwing';
import { bindBackends } from '../backend/backend-deps.js';
import type { AeadBackend, Ed25519Backend, HashBackend, KdfBackend, ModPowBackend, RandomBackend, X25519Backend, XWingBackend } from '../backend/types.js';

/** Everything the model flows need from the backend. */
export interface ModelDeps {
  readonly aead: AeadBackend;
  readonly hash: HashBackend;
  readonly kdf: KdfBackend;
  readonly modpow: ModPowBackend;
  readonly random: RandomBackend;
  readonly x25519: X25519Backend;
  /** Account signing keys (`PUB_Sign` / `PRV_Sign`) and group log signatures. */
  readonly ed25519: Ed25519Backend;
  /** Account X-Wing keys (`PUB_XWing` / `PRV_XWing`) and links v2. */
  readonly xwing: XWingBackend;
}

const platform: ModelDeps = { aead, hash, kdf, modpow, random, x25519, ed25519, xwing };
const current: () => ModelDeps = bindBackends(platform);

/**
 * @internal The deps in force (the platform's unless a test replaced some).
 * @returns the backend families.
 * @throws never.
 * @example
 * ```ts
 * modelDeps().random.randomBytes(32);
 * ```
 */
export function modelDeps(): ModelDeps {
  return current();
}

/**
 * @internal Evicts a private key from the X25519 caches of the platform's backend and of the
 * backend in force (they differ only in tests), wiping the cached copies.
 * @param privateKey - the private key array, as given to the backend.
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * forgetX25519Key(prvAccount.bytes()); // then wipe the array
 * ```
 */
export function forgetX25519Key(privateKey: Uint8Array): void {
  platform.x25519.forget?.(privateKey);
  const x = current().x25519;
  if (x !== platform.x25519) x.forget?.(privateKey);
}

/**
 * @internal Evicts an X-Wing seed's expanded decapsulation key from the caches of the platform's
 * backend and of the backend in force (they differ only in tests), wiping the cached copies.
 * @param seed - the 32-byte `PRV_XWing` array, as given to the backend.
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * forgetXWingKey(prvXWing.bytes()); // then wipe the array
 * ```
 */
export function forgetXWingKey(seed: Uint8Array): void {
  platform.xwing.forget(seed);
  const x = current().xwing;
  if (x !== platform.xwing) x.forget(seed);
}
