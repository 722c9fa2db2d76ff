// Both backends of every family, so suites run per backend with describe.each (parameterised, not copied).
import { aead as nodeAead } from '../../src/backend/node/aead.js';
import { ed25519 as nodeEd25519 } from '../../src/backend/node/ed25519.js';
import { hash as nodeHash } from '../../src/backend/node/hash.js';
import { kdf as nodeKdf } from '../../src/backend/node/kdf.js';
import { random as nodeRandom } from '../../src/backend/node/random.js';
import { aead as webAead } from '../../src/backend/web/aead.js';
import { ed25519 as webEd25519 } from '../../src/backend/web/ed25519.js';
import { hash as webHash } from '../../src/backend/web/hash.js';
import { kdf as webKdf } from '../../src/backend/web/kdf.js';
import { random as webRandom } from '../../src/backend/web/random.js';

export const BACKENDS = [
  { name: 'node', aead: nodeAead, hash: nodeHash, kdf: nodeKdf, random: nodeRandom, ed25519: nodeEd25519 },
  { name: 'web', aead: webAead, hash: webHash, kdf: webKdf, random: webRandom, ed25519: webEd25519 },
] as const;

export type BackendSet = (typeof BACKENDS)[number];
