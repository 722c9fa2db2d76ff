// vectors/insomnia-vcs.json (scripts/generate-insomnia-vcs-vectors.ts) for the Insomnia VCS, hand-off
// and adversary tests, with the per-backend dependency sets those read it with.
import { inflate as nodeInflate } from '../../src/backend/node/inflate.js';
import { inflate as webInflate } from '../../src/backend/web/inflate.js';
import { rsa as nodeRsa } from '../../src/backend/node/rsa.js';
import { rsa as webRsa } from '../../src/backend/web/rsa.js';
import type { InsomniaDeps } from '../../src/compat/insomnia/account.js';
import type { InsomniaBlobDeps } from '../../src/compat/insomnia/vcs.js';
import { BACKENDS } from '../helpers/backends.js';
import { loadVectors } from '../helpers/vectors.js';

export interface Blob {
  id: string;
  content: string;
}
export interface VcsAccount {
  accountId: string;
  passphraseTyped: string;
  payload: { email: string; publicKey: string; [k: string]: string };
  handoff: { sessionId: string; key: string };
  privateKeyJwk: Record<string, string>;
}
export interface VcsFixture {
  accounts: VcsAccount[];
  projects: {
    id: string;
    name: string;
    rootDocumentId: string;
    teamKeys: { accountId: string; encSymmetricKey: string }[];
    blobs: Blob[];
    documents: { blobId: string; text: string }[];
  }[];
  bomb: { projectId: string; decompressedBytes: number; blob: Blob };
}

export const fx = loadVectors<VcsFixture>('insomnia-vcs.json');
export const [alice, bob] = fx.accounts as [VcsAccount, VcsAccount];
export const allDocs = fx.projects.flatMap((p) => p.documents);
/** Test strength for migrated accounts that log in (the default is 600,000). */
export const FAST_KDF = { iterations: 1000 };

/** The projects as the server returns them to one member: that member's wrap of each key, and the blobs. */
export function projectsFor(accountId: string) {
  return fx.projects.map((p) => ({
    id: p.id,
    name: p.name,
    rootDocumentId: p.rootDocumentId,
    encSymmetricKey: p.teamKeys.find((k) => k.accountId === accountId)!.encSymmetricKey,
    blobs: p.blobs,
  }));
}

export type VcsDeps = InsomniaDeps & InsomniaBlobDeps & { name: string };
/** Both backends, every family the Insomnia compat layer uses. */
export const VCS_SETS: VcsDeps[] = BACKENDS.map((b) => ({
  ...b,
  rsa: b.name === 'node' ? nodeRsa : webRsa,
  inflate: b.name === 'node' ? nodeInflate : webInflate,
}));
