// vectors/insomnia-vcs.json (scripts/generate-insomnia-vcs-vectors.ts) for the Insomnia VCS, hand-off
// and adversary tests (they run per backend with test/helpers/backends.ts).
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

