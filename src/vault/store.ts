/**
 * The store interface of `zkvault/vault`: what a backend (SQLite, IndexedDB, memory, or an app's
 * own) must do. A store sees only opaque rows: a 32-byte keyed hash as id, a keyed hash of the
 * collection, a version number and the envelope bytes; and one meta row (the vault header).
 * Formats: docs/formats.md, "Vault v1".
 * @module
 */
import { equalBytes } from '../bytes/index.js';

/** One stored row. Every field is opaque to the store; `id` is unique. */
export interface VaultRow {
  /** HMAC-SHA256 of the record key under the vault's index key (32 bytes). */
  readonly id: Uint8Array;
  /** HMAC-SHA256 of the collection name under the index key (32 bytes). */
  readonly collection: Uint8Array;
  /** The vault counter of the commit that wrote the row. */
  readonly version: number;
  /** The record envelope. */
  readonly value: Uint8Array;
}

/** One atomic write: every change lands, or none does. */
export interface VaultBatch {
  /**
   * The meta row the writer last read (`undefined`: there was none). When `meta` is given, the
   * store checks this first, inside the same transaction, and fails with `VAULT_CONFLICT` if the
   * meta row changed (another writer).
   */
  readonly expectMeta?: Uint8Array | undefined;
  /** The new meta row; omitted: the meta row is left as it is and not checked. */
  readonly meta?: Uint8Array;
  /** Rows to insert or replace. */
  readonly put: readonly VaultRow[];
  /**
   * Ids of rows to delete (missing ids are ignored). The vault never names one id in both `put`
   * and `delete` (test/vault/vault-bookkeeping.test.ts), so a store may apply them in either order;
   * the stores shipped here delete first.
   */
  readonly delete: readonly Uint8Array[];
}

/** One page of {@link VaultStore.list}: rows in ascending byte order of `id`. */
export interface VaultStoreListOptions {
  /** Only rows whose id sorts after this one (exclusive); omitted: from the first row. */
  readonly after?: Uint8Array;
  /** Only rows of this collection hash; omitted: every row. */
  readonly collection?: Uint8Array;
  /** Most rows to return (at least 1). */
  readonly limit: number;
}

/**
 * A storage backend for a vault. zkvault ships {@link openSqliteStore} (Node), {@link openIndexedDbStore}
 * (browsers) and {@link createMemoryStore}; an app can bring its own. Contract: `commit` is atomic
 * and durable when its promise resolves; `list` pages by ascending `id` byte order so a scan
 * holds one page at a time; a store never needs to understand a row.
 * @example
 * ```ts
 * import { createMemoryStore, type VaultStore } from 'zkvault/vault';
 *
 * const store: VaultStore = createMemoryStore();
 * console.log(await store.count()); // 0
 * ```
 */
export interface VaultStore {
  /** @returns the meta row, or undefined for an empty store. */
  readMeta(): Promise<Uint8Array | undefined>;
  /** @returns the row with this id, or undefined. */
  get(id: Uint8Array): Promise<VaultRow | undefined>;
  /** @returns one page of rows (see {@link VaultStoreListOptions}). */
  list(options: VaultStoreListOptions): Promise<VaultRow[]>;
  /** @returns how many rows there are (the meta row not counted). */
  count(): Promise<number>;
  /** Applies a batch atomically; rejects with `VAULT_CONFLICT` if `expectMeta` does not match. */
  commit(batch: VaultBatch): Promise<void>;
  /** Releases the store (the file, the database connection). */
  close(): Promise<void>;
}


/**
 * @internal Whether the meta row a store holds is the one a writer read (both absent, or equal
 * bytes): the compare-and-swap every store's `commit` runs. Not exported from `zkvault/vault`.
 * @param current - the stored meta row, if any.
 * @param expected - the row the writer read, if any.
 * @returns true if they are the same.
 * @throws never.
 * @example
 * ```ts
 * if (!sameMeta(cur, batch.expectMeta)) throw conflict();
 * ```
 */
export function sameMeta(current: Uint8Array | undefined, expected: Uint8Array | undefined): boolean {
  if (current === undefined || expected === undefined) return current === undefined && expected === undefined;
  return equalBytes(current, expected);
}
