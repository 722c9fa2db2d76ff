/**
 * An in-memory {@link VaultStore}: for tests, and for apps that keep a vault only for one session.
 * Nothing is durable: closing or exiting drops it.
 * @module
 */
import { copyBytes, equalBytes, toHex } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import { sameMeta, type VaultBatch, type VaultStoreListOptions, type VaultRow, type VaultStore } from './store.js';

function copyRow(r: VaultRow): VaultRow {
  return { id: copyBytes(r.id), collection: copyBytes(r.collection), version: r.version, value: copyBytes(r.value) };
}

class MemoryStore implements VaultStore {
  #meta: Uint8Array | undefined;
  readonly #rows = new Map<string, VaultRow>();
  /** Hex ids in order (hex order is byte order), rebuilt lazily after a commit. */
  #sorted: string[] | undefined;

  readMeta(): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.#meta === undefined ? undefined : copyBytes(this.#meta));
  }

  get(id: Uint8Array): Promise<VaultRow | undefined> {
    const r = this.#rows.get(toHex(id));
    return Promise.resolve(r === undefined ? undefined : copyRow(r));
  }

  list(o: VaultStoreListOptions): Promise<VaultRow[]> {
    this.#sorted ??= [...this.#rows.keys()].sort();
    const after = o.after === undefined ? '' : toHex(o.after);
    // Binary search for the first id after the cursor.
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#sorted[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: VaultRow[] = [];
    for (let i = lo; i < this.#sorted.length && out.length < o.limit; i++) {
      const r = this.#rows.get(this.#sorted[i]!)!;
      if (o.collection === undefined || equalBytes(r.collection, o.collection)) out.push(copyRow(r));
    }
    return Promise.resolve(out);
  }

  count(): Promise<number> {
    return Promise.resolve(this.#rows.size);
  }

  commit(b: VaultBatch): Promise<void> {
    if (b.meta !== undefined) {
      const cur = this.#meta;
      if (!sameMeta(cur, b.expectMeta)) return Promise.reject(new ZkvaultError('VAULT_CONFLICT', 'zkvault: the vault was changed by another writer'));
      this.#meta = copyBytes(b.meta);
    }
    for (const id of b.delete) this.#rows.delete(toHex(id));
    for (const r of b.put) this.#rows.set(toHex(r.id), copyRow(r));
    this.#sorted = undefined;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Creates an empty in-memory store (not durable: for tests and single-session vaults).
 * @returns the store.
 * @throws never.
 * @example
 * ```ts
 * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
 * import { createMemoryStore, openVault } from 'zkvault/vault';
 *
 * // Test-strength PBKDF2 through a policy; production vaults keep the default 600,000 iterations.
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const vault = await openVault(createMemoryStore(), { passphrase: 'correct horse' }, { iterations: 1000, policy });
 * await vault.put('settings', new TextEncoder().encode('{"theme":"dark"}'));
 * console.log(vault.count); // 1
 * await vault.close();
 * ```
 */
export function createMemoryStore(): VaultStore {
  return new MemoryStore();
}
