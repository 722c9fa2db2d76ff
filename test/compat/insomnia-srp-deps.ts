// The Insomnia SRP backends of each platform, for the suites that run per backend.
import { modpow as nodeModpow } from '../../src/backend/node/modpow.js';
import { modpow as webModpow } from '../../src/backend/web/modpow.js';
import type { InsomniaSrpDeps } from '../../src/compat/insomnia/srp.js';
import { BACKENDS } from '../helpers/backends.js';

export const SRP_DEPS: (InsomniaSrpDeps & { name: string })[] = BACKENDS.map((b) => ({
  name: b.name,
  hash: b.hash,
  random: b.random,
  kdf: b.kdf,
  modpow: b.name === 'node' ? nodeModpow : webModpow,
}));
