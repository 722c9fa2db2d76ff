/**
 * The one internal seam through which tests inject backends (docs/api-conventions.md, "Calls":
 * no test hooks in public signatures). Library code binds the platform's families with
 * {@link bindBackends} and reads them on every call; a test replaces some of them with
 * {@link setBackends} or {@link withBackends}: the web backend on Node, fixed randomness for golden
 * vectors (scripts/generate-model-vectors.ts), a counting or failing backend. No entry point
 * re-exports this file, so no published signature names a backend. It imports no backend itself,
 * so each entry point still bundles only the families it binds.
 * @module
 */
import type {
  AeadBackend,
  Ed25519Backend,
  HashBackend,
  InflateBackend,
  KdfBackend,
  LocalStoreBackend,
  ModPowBackend,
  RandomBackend,
  RsaBackend,
  X25519Backend,
  XWingBackend,
} from './types.js';

/** Every backend family, by the name of its `#backend/<family>` module. */
export interface Backends {
  readonly aead: AeadBackend;
  readonly ed25519: Ed25519Backend;
  readonly hash: HashBackend;
  readonly inflate: InflateBackend;
  readonly kdf: KdfBackend;
  readonly localstore: LocalStoreBackend;
  readonly modpow: ModPowBackend;
  readonly random: RandomBackend;
  readonly rsa: RsaBackend;
  readonly x25519: X25519Backend;
  readonly xwing: XWingBackend;
}

const NONE: Partial<Backends> = Object.freeze({});
let overrides: Partial<Backends> = NONE;

/**
 * @internal TEST-ONLY. Replaces some backend families for every later call of every layer (the
 * platform's for the others), or restores the platform's with `undefined`.
 * @param patch - the families to replace, or `undefined` for the platform's.
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * setBackends({ random: seededRandom('vectors') });
 * try { await createAccount(o); } finally { setBackends(undefined); }
 * ```
 */
export function setBackends(patch: Partial<Backends> | undefined): void {
  overrides = patch === undefined ? NONE : Object.freeze({ ...patch });
}

/**
 * @internal TEST-ONLY. Runs `fn` with some families replaced, then puts back what was in force
 * (after the promise settles if `fn` returns one). Calls must not overlap in time.
 * @param patch - the families to replace.
 * @param fn - the code to run.
 * @returns what `fn` returns.
 * @throws whatever `fn` throws.
 * @example
 * ```ts
 * const client = await withBackends(web, () => SrpClient.start(params, 'alice', 'pw'));
 * ```
 */
export function withBackends<T>(patch: Partial<Backends>, fn: () => T): T {
  const saved = overrides;
  setBackends(patch);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    overrides = saved;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      overrides = saved;
    }) as T;
  }
  overrides = saved;
  return result;
}

/**
 * @internal Binds a layer to the platform's families: the getter returns `platform` unless a test
 * replaced some of them, and the same object until the next {@link setBackends} (layers cache per
 * backend object, as SRP does its suites).
 * @param platform - the families the layer uses, as imported from `#backend/<family>`.
 * @returns a getter for the families in force.
 * @throws never.
 * @example
 * ```ts
 * const srpDeps = bindBackends({ hash, random, modpow });
 * srpDeps().random.randomBytes(32);
 * ```
 */
export function bindBackends<T extends Partial<Backends>>(platform: T): () => T {
  let seen = NONE;
  let bound = platform;
  return () => {
    if (seen !== overrides) {
      seen = overrides;
      bound = platform;
      for (const name of Object.keys(platform) as (keyof Backends)[]) {
        const o = overrides[name];
        if (o !== undefined && o !== platform[name]) bound = { ...bound, [name]: o };
      }
    }
    return bound;
  };
}
