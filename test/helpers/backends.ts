// Both backends of every family (one entry per src/backend/node/<family>.ts), so suites run per
// backend with describe.each (parameterised, not copied). An entry is a complete
// `Partial<Backends>`: inject it with `withBackends(b, fn)` / `setBackends(b)` from
// src/backend/backend-deps.ts, or pass it (or a family of it) to an internal `*With` function.
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { ed25519 as nodeEd25519 } from '../../src/backend/node/ed25519.js';
import { hash as nodeHash } from '../../src/backend/node/hash.js';
import { inflate as nodeInflate } from '../../src/backend/node/inflate.js';
import { kdf as nodeKdf } from '../../src/backend/node/kdf.js';
import { localstore as nodeLocalstore } from '../../src/backend/node/localstore.js';
import { modpow as nodeModpow } from '../../src/backend/node/modpow.js';
import { random as nodeRandom } from '../../src/backend/node/random.js';
import { rsa as nodeRsa } from '../../src/backend/node/rsa.js';
import { x25519 as nodeX25519 } from '../../src/backend/node/x25519.js';
import { xwing as nodeXWing } from '../../src/backend/node/xwing.js';
import { aead as webAead } from '../../src/backend/web/aead.js';
import { ed25519 as webEd25519 } from '../../src/backend/web/ed25519.js';
import { hash as webHash } from '../../src/backend/web/hash.js';
import { inflate as webInflate } from '../../src/backend/web/inflate.js';
import { kdf as webKdf } from '../../src/backend/web/kdf.js';
import { localstore as webLocalstore } from '../../src/backend/web/localstore.js';
import { modpow as webModpow } from '../../src/backend/web/modpow.js';
import { random as webRandom } from '../../src/backend/web/random.js';
import { rsa as webRsa } from '../../src/backend/web/rsa.js';
import { x25519 as webX25519 } from '../../src/backend/web/x25519.js';
import { xwing as webXWing } from '../../src/backend/web/xwing.js';
import type { Backends } from '../../src/backend/backend-deps.js';

/** A complete backend set and its name, for `describe.each(BACKENDS)('… $name', …)`. */
export type BackendSet = Backends & { readonly name: 'node' | 'web' };

const NODE: BackendSet = {
  name: 'node',
  aead: nodeAead,
  ed25519: nodeEd25519,
  hash: nodeHash,
  inflate: nodeInflate,
  kdf: nodeKdf,
  localstore: nodeLocalstore,
  modpow: nodeModpow,
  random: nodeRandom,
  rsa: nodeRsa,
  x25519: nodeX25519,
  xwing: nodeXWing,
};

const WEB: BackendSet = {
  name: 'web',
  aead: webAead,
  ed25519: webEd25519,
  hash: webHash,
  inflate: webInflate,
  kdf: webKdf,
  localstore: webLocalstore,
  modpow: webModpow,
  random: webRandom,
  rsa: webRsa,
  x25519: webX25519,
  xwing: webXWing,
};

export const BACKENDS: readonly [BackendSet, BackendSet] = [NODE, WEB];

/** The set of one backend by name. */
export const BACKEND: Readonly<Record<BackendSet['name'], BackendSet>> = { node: NODE, web: WEB };
