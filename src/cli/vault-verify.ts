/**
 * `zkvault vault verify <path>`: checks a SQLite vault file and prints counts, never contents.
 * Without a key it checks what anyone with the file can: SQLite's `integrity_check`, the header's
 * shape, the number of records, their total size and the number of collections. With the
 * passphrase in `ZKVAULT_VAULT_PASSPHRASE` (an environment variable, not an argument, so it does
 * not show in the process list) it also authenticates every record against the header
 * (`Vault.verify`). Exit 0: sound; 1: damaged or wrong key; 2: usage.
 * @module
 */
import { existsSync } from 'node:fs';
import { toHex } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import { parseHeader } from '../vault/format.js';
import { openSqliteStore, sqliteIntegrity } from '../vault/sqlite-store.js';
import type { VaultStore } from '../vault/store.js';
import { openVault } from '../vault/vault.js';

/** Counts every row a page at a time: records, bytes, distinct collection hashes. */
async function tally(store: VaultStore): Promise<{ records: number; bytes: number; collections: number }> {
  const collections = new Set<string>();
  let records = 0;
  let bytes = 0;
  let after: Uint8Array | undefined;
  for (;;) {
    const page = await store.list({ limit: 512, ...(after === undefined ? {} : { after }) });
    for (const r of page) {
      records++;
      bytes += r.value.length;
      collections.add(toHex(r.collection));
    }
    if (page.length < 512) return { records, bytes, collections: collections.size };
    after = page[page.length - 1]!.id;
  }
}

/**
 * @internal Runs `zkvault vault verify`.
 * @param path - the vault file.
 * @param passphrase - the passphrase, if given (from the environment).
 * @param out - writes one line of output.
 * @returns the exit code.
 * @throws never (failures are printed and give exit code 1).
 * @example
 * ```ts
 * process.exitCode = await runVaultVerify('app.vault', process.env['ZKVAULT_VAULT_PASSPHRASE'], console.log);
 * ```
 */
export async function runVaultVerify(path: string, passphrase: string | undefined, out: (line: string) => void): Promise<number> {
  if (!existsSync(path)) {
    out(`error: no such file: ${path}`);
    return 1;
  }
  let store: VaultStore | undefined;
  try {
    const problems = sqliteIntegrity(path);
    out(`sqlite integrity: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
    if (problems.length > 0) return 1;
    store = openSqliteStore(path);
    const meta = await store.readMeta();
    if (meta === undefined) {
      out('header: none (not a vault, or an empty one)');
      return 1;
    }
    const h = parseHeader(meta);
    out(`header: v${h.v}, unlock ${h.unlock.kind === 'passphrase' ? `passphrase (PBKDF2-SHA256, ${h.unlock.iterations} iterations)` : 'account'}${h.appKey ? ' + app key' : ''}`);
    const t = await tally(store);
    out(`records: ${t.records}`);
    out(`bytes: ${t.bytes}`);
    out(`collections: ${t.collections}`);
    if (passphrase === undefined) {
      out('records authenticated: skipped (set ZKVAULT_VAULT_PASSPHRASE to check them)');
      return 0;
    }
    if (h.unlock.kind !== 'passphrase' || h.appKey) {
      out('records authenticated: skipped (this vault opens with an account or an app key, not a passphrase alone)');
      return 0;
    }
    const vault = await openVault(store, { passphrase }, { scan: false, create: false });
    store = undefined; // the vault closes it
    const r = await vault.verify();
    await vault.close();
    out(`counter: ${r.counter}`);
    out(`records authenticated: ${r.records - r.damaged} of ${r.records}${r.ok ? '' : ' (the rows do not match the header)'}`);
    out(r.ok ? 'ok' : 'DAMAGED');
    return r.ok ? 0 : 1;
  } catch (e) {
    // Only the stable code: messages could name a path but never contents; keep it to the code.
    out(`error: ${e instanceof ZkvaultError ? e.code : 'unexpected failure'}`);
    return 1;
  } finally {
    await store?.close();
  }
}
