/**
 * The current-format half of {@link migrateInsomniaAccount}: reads the app's VCS projects (./vcs.ts)
 * for a migration. Each project key becomes a zkvault resource group (same id), each blob a resource
 * (id = the blob id, type = the document's `type`) holding the decompressed document text.
 * Only reads; migrate.ts makes the new records.
 * @module
 */
import { bytesToUtf8, isPlainObject } from '../../bytes/index.js';
import { MAX_RESOURCE_BYTES } from '../../model/index.js';
import { invalidInput, ZkvaultError } from '../../errors.js';
import { openInsomniaResourceGroupWith, type InsomniaDeps, type UnlockedInsomniaAccount } from './account.js';
import { blobLimit, decryptInsomniaBlobWith, type InsomniaBlobDeps, type InsomniaProject } from './vcs.js';

/** @internal One decrypted blob, ready to become a resource. */
export interface VcsPlain {
  readonly groupId: string;
  readonly resourceId: string;
  readonly type: string;
  readonly plaintext: Uint8Array;
}

function badRecord(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: Insomnia ${what}`);
}

function documentType(doc: Uint8Array, blobId: string, fallback: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytesToUtf8(doc));
  } catch {
    throw badRecord(`blob ${blobId} does not hold a JSON document`);
  }
  const t = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['type'] : undefined;
  return typeof t === 'string' && t.length > 0 ? t : fallback;
}

/**
 * @internal Opens every project key (added to `keys`, shared with the legacy groups so ids stay unique)
 * and decrypts every blob.
 */
export async function readInsomniaProjectsWith(
  deps: InsomniaDeps & InsomniaBlobDeps,
  account: UnlockedInsomniaAccount,
  projects: unknown,
  maxBlobBytes: unknown,
  keys: Map<string, Uint8Array>,
  defaultType: string,
): Promise<VcsPlain[]> {
  if (projects === undefined) return [];
  if (!Array.isArray(projects)) throw invalidInput('"projects" expected an array');
  const maxBytes = blobLimit(maxBlobBytes, 'maxBlobBytes');
  // A bigger document could be read but not stored: refuse the option before any work.
  if (maxBytes > MAX_RESOURCE_BYTES) throw invalidInput(`"maxBlobBytes" expected at most ${MAX_RESOURCE_BYTES} (the largest resource)`);
  const out: VcsPlain[] = [];
  for (const p of projects as InsomniaProject[]) {
    if (!isPlainObject(p) || typeof p.id !== 'string' || p.id.length === 0) throw badRecord('project expected a string id');
    if (keys.has(p.id)) throw badRecord('project or resource group listed twice');
    if (p.blobs !== undefined && !Array.isArray(p.blobs)) throw badRecord('project blobs expected an array');
    const key = await openInsomniaResourceGroupWith(deps, account, p);
    keys.set(p.id, key);
    const seen = new Set<string>();
    for (const blob of p.blobs ?? []) {
      const doc = await decryptInsomniaBlobWith(deps, blob, key, { maxBytes });
      if (seen.has(blob.id)) throw badRecord('blob listed twice');
      seen.add(blob.id);
      out.push({ groupId: p.id, resourceId: blob.id, type: documentType(doc, blob.id, defaultType), plaintext: doc });
    }
  }
  return out;
}
