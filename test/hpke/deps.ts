// Both backends with the x25519 family, so every HPKE suite runs per backend (test/helpers/backends.ts
// predates the x25519 family; this extends its sets rather than copying the other families).
import { x25519 as nodeX25519 } from '../../src/backend/node/x25519.js';
import { x25519 as webX25519 } from '../../src/backend/web/x25519.js';
import type { HpkeDeps } from '../../src/hpke/hpke.js';
import { BACKENDS } from '../helpers/backends.js';

const X25519 = { node: nodeX25519, web: webX25519 } as const;

export const HPKE_BACKENDS: readonly { name: 'node' | 'web'; deps: HpkeDeps }[] = BACKENDS.map((b) => ({
  name: b.name,
  deps: { x25519: X25519[b.name], hash: b.hash, aead: b.aead, random: b.random },
}));
