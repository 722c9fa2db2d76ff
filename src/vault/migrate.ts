/**
 * In-place migration of a plaintext store into a vault: a folder of NeDB / JSON-lines files such
 * as Insomnia's (`insomnia.Request.db`, one JSON document per line, later lines replacing earlier
 * ones with the same `_id`, `{"$$deleted": true}` removing one). Node only.
 *
 * Crash safety, per file: its documents and a marker record (the file's SHA-256) are written in
 * one vault transaction, then the file is removed and its directory synced. A crash before the
 * commit leaves the file and no record; a crash after it leaves the marker, so the next run sees
 * the same hash and only removes the file. Running it again is therefore always safe.
 * @module
 */
import { hash } from '#backend/hash';
import { localstore } from '#backend/localstore';
import { aobject, astring, bytesToUtf8, equalBytes } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { Vault } from './vault.js';

/** Options of {@link migrateFolder}. */
export interface MigrateFolderOptions {
  /** Count what would be migrated and change nothing; default false. */
  readonly dryRun?: boolean;
  /** File name endings to migrate; default `[".db", ".jsonl"]`. */
  readonly extensions?: readonly string[];
}

/** What {@link migrateFolder} did (or, in a dry run, would do). */
export interface MigrateFolderResult {
  /** Whether nothing was changed. */
  readonly dryRun: boolean;
  /** Files migrated (or to migrate). */
  readonly files: number;
  /** Documents written (or to write). */
  readonly records: number;
  /** Plaintext bytes read. */
  readonly bytes: number;
  /** Files an earlier, interrupted run had already committed (only removed now). */
  readonly resumed: number;
}

/** Collection of the migration markers (one record per migrated file). */
export const MIGRATION_COLLECTION = 'zkvault.migration';

/** The collection of a file: its name without extension and without an `insomnia.` prefix. */
function collectionOf(name: string, ext: string): string {
  return name.slice(0, name.length - ext.length).replace(/^insomnia\./, '');
}

/**
 * A failed file call as `INVALID_INPUT` naming `folder`: the system's error code (ENOENT, EACCES,
 * ENOTDIR) and no cause, since the platform's message holds the path. Off Node, `UNSUPPORTED` passes.
 */
function fileError(e: unknown, what: string): ZkvaultError {
  if (e instanceof ZkvaultError) return e;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const tag = typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : 'unknown error';
  return invalidInput(`"folder" ${what} (${tag})`);
}

/** Runs one file call, mapping its failure with {@link fileError}. */
function fileCall<T>(f: () => T, what: string): T {
  try {
    return f();
  } catch (e) {
    throw fileError(e, what);
  }
}

/** Removes a migrated file; its documents are already committed, so a rerun only removes it. */
function remove(path: string, name: string): void {
  fileCall(() => localstore.files.remove(path), `holds ${name}, which is in the vault now but cannot be removed: fix that and run again`);
}

/** NeDB semantics: last line per `_id` wins, `$$deleted` removes, `$$indexCreated` lines are metadata. */
function parseLines(text: string, file: string): Map<string, string> {
  const docs = new Map<string, string>();
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      throw new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${file} line ${i + 1} is not JSON (nothing was migrated from it)`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${file} line ${i + 1} is not an object`);
    const o = doc as Record<string, unknown>;
    if ('$$indexCreated' in o) continue;
    const id = o['_id'];
    if (typeof id !== 'string' || id.length === 0) throw new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${file} line ${i + 1} has no _id`);
    if (o['$$deleted'] === true) docs.delete(id);
    else docs.set(id, line);
  }
  return docs;
}

/**
 * Encrypts a folder of NeDB / JSON-lines files into `vault`, in place: each file's documents go
 * into the vault (collection = the file's model name, key = `<collection>/<_id>`, value = the
 * document's JSON text), then the plaintext file is removed. Resumable: rerun it after a crash.
 * Removal unlinks the file; on SSDs and copy-on-write file systems its old blocks may survive
 * until reused, so tell users to enable full-disk encryption too (docs/threat-model.md, "11. Device").
 * @param folder - the folder holding the plaintext files (not searched recursively).
 * @param vault - the open vault to write into.
 * @param options - {@link MigrateFolderOptions}.
 * @returns counts ({@link MigrateFolderResult}).
 * @throws ZkvaultError `INVALID_RECORD` for a line that is not a JSON document with an `_id`
 *   (that file and the ones after it are left untouched); `UNSUPPORTED` off Node; vault write
 *   errors; `INVALID_INPUT` on a bad argument, or a folder that is missing, not a folder or not
 *   readable, or a file in it that cannot be read or removed (the message names `folder` and the
 *   system's error code, never the path).
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
 * import { createMemoryStore, migrateFolder, openVault } from 'zkvault/vault';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'insomnia-'));
 * writeFileSync(join(dir, 'insomnia.Request.db'), '{"_id":"req_1","url":"https://example.com"}\n');
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
 * console.log((await migrateFolder(dir, vault, { dryRun: true })).records); // 1
 * await migrateFolder(dir, vault);
 * console.log(readdirSync(dir).length, vault.count); // 0 2 (the document and the file's marker)
 * await vault.close();
 * ```
 */
export async function migrateFolder(folder: string, vault: Vault, options?: MigrateFolderOptions): Promise<MigrateFolderResult> {
  if (astring(folder, 'folder').length === 0) throw invalidInput('"folder" expected a non-empty string');
  if (!(vault instanceof Vault)) throw invalidInput('"vault" expected a Vault');
  const o = options === undefined ? {} : aobject(options, 'options');
  // `null` is a bad value, not the default (a null dryRun must not start a real migration).
  const dryRun = o['dryRun'] === undefined ? false : o['dryRun'];
  if (typeof dryRun !== 'boolean') throw invalidInput('"options.dryRun" expected a boolean');
  const extensions = o['extensions'] === undefined ? ['.db', '.jsonl'] : o['extensions'];
  if (!Array.isArray(extensions) || !extensions.every((e) => typeof e === 'string' && e.length > 0)) throw invalidInput('"options.extensions" expected non-empty strings');
  const fs = localstore.files;
  let files = 0;
  let records = 0;
  let bytes = 0;
  let resumed = 0;
  for (const name of fileCall(() => fs.list(folder), 'is not a readable folder')) {
    const ext = (extensions as string[]).find((e) => name.endsWith(e));
    if (ext === undefined || name.length === ext.length) continue;
    const path = fs.join(folder, name);
    const content = fileCall(() => fs.read(path), `holds ${name}, which cannot be read`);
    const digest = hash.digest('SHA-256', content);
    const markerKey = `${MIGRATION_COLLECTION}/${name}`;
    const marker = await vault.get(markerKey);
    if (marker !== undefined && equalBytes(marker, digest)) {
      // An earlier run committed this file and stopped before removing it.
      resumed++;
      if (!dryRun) remove(path, name);
      continue;
    }
    const collection = collectionOf(name, ext);
    const docs = parseLines(bytesToUtf8(content), name);
    files++;
    records += docs.size;
    bytes += content.length;
    if (dryRun) continue;
    await vault.transaction(async (tx) => {
      for (const [id, json] of docs) await tx.put(`${collection}/${id}`, new TextEncoder().encode(json), { collection });
      await tx.put(markerKey, digest, { collection: MIGRATION_COLLECTION });
    });
    remove(path, name);
  }
  return { dryRun, files, records, bytes, resumed };
}
