/**
 * The IndexedDB {@link VaultStore} (browsers, Electron renderers): one database with a `meta` and
 * a `records` object store (W3C Indexed Database API 3.0). A commit is one readwrite transaction
 * with `durability: "strict"`, so it is atomic and flushed when its promise resolves; ids are
 * binary keys, which IndexedDB orders bytewise, so scans page by id like the SQLite store.
 * @module
 */
import { aobject, astring, isBytes } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { sameMeta, type VaultBatch, type VaultStoreListOptions, type VaultRow, type VaultStore } from './store.js';

/** Options of {@link openIndexedDbStore}. */
export interface IndexedDbStoreOptions {
  /** The IndexedDB factory; default `globalThis.indexedDB`. */
  readonly indexedDB?: IDBFactory;
}

const META = 'meta';
const RECORDS = 'records';
const BY_COLLECTION = 'coll';

interface Stored {
  id: Uint8Array;
  coll: Uint8Array;
  ver: number;
  val: Uint8Array;
}

/** A byte id as an IndexedDB binary key (TypeScript's DOM types want an ArrayBuffer-backed view). */
const key = (b: Uint8Array): IDBValidKey => b as Uint8Array<ArrayBuffer>;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(storeError(r.error));
  });
}

function storeError(e: unknown): ZkvaultError {
  if (e instanceof ZkvaultError) return e;
  const name = e instanceof DOMException ? e.name : 'Error';
  const code = name === 'DataError' || name === 'NotReadableError' ? 'VAULT_CORRUPT' : 'UNSUPPORTED';
  return new ZkvaultError(code, `zkvault: IndexedDB failed (${name})`, { cause: e });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(storeError(tx.error));
    tx.onerror = () => reject(storeError(tx.error));
  });
}

function toRow(v: unknown): VaultRow {
  const s = v as Partial<Stored> | undefined;
  if (s === undefined || !isBytes(s.id) || !isBytes(s.coll) || typeof s.ver !== 'number' || !isBytes(s.val)) {
    throw new ZkvaultError('VAULT_CORRUPT', 'zkvault: the vault database holds a malformed row');
  }
  return { id: s.id, collection: s.coll, version: s.ver, value: s.val };
}

class IndexedDbStore implements VaultStore {
  readonly #db: IDBDatabase;

  constructor(db: IDBDatabase) {
    this.#db = db;
  }

  async readMeta(): Promise<Uint8Array | undefined> {
    const v = await request(this.#db.transaction(META, 'readonly').objectStore(META).get(0));
    if (v === undefined) return undefined;
    if (!isBytes(v)) throw new ZkvaultError('VAULT_CORRUPT', 'zkvault: the vault database holds a malformed header');
    return v;
  }

  async get(id: Uint8Array): Promise<VaultRow | undefined> {
    const v: unknown = await request(this.#db.transaction(RECORDS, 'readonly').objectStore(RECORDS).get(key(id)));
    return v === undefined ? undefined : toRow(v);
  }

  async list(o: VaultStoreListOptions): Promise<VaultRow[]> {
    const store = this.#db.transaction(RECORDS, 'readonly').objectStore(RECORDS);
    let all: unknown[];
    if (o.collection === undefined) {
      all = await request(store.getAll(o.after === undefined ? undefined : IDBKeyRange.lowerBound(key(o.after), true), o.limit));
    } else {
      // [coll, id] pairs; an array key sorts after every binary key, so [coll, []] bounds the collection.
      const lower = [key(o.collection), key(o.after ?? new Uint8Array(0))];
      const range = IDBKeyRange.bound(lower, [key(o.collection), []], o.after !== undefined, false);
      all = await request(store.index(BY_COLLECTION).getAll(range, o.limit));
    }
    return all.map(toRow);
  }

  count(): Promise<number> {
    return request(this.#db.transaction(RECORDS, 'readonly').objectStore(RECORDS).count());
  }

  async commit(b: VaultBatch): Promise<void> {
    const tx = this.#db.transaction([META, RECORDS], 'readwrite', { durability: 'strict' });
    const finished = done(tx);
    const meta = tx.objectStore(META);
    const records = tx.objectStore(RECORDS);
    const write = (): void => {
      for (const id of b.delete) records.delete(key(id));
      for (const r of b.put) records.put({ id: r.id, coll: r.collection, ver: r.version, val: r.value } satisfies Stored);
    };
    if (b.meta === undefined) {
      write();
      return finished;
    }
    const next = b.meta;
    let conflict = false;
    const cur = meta.get(0);
    cur.onsuccess = () => {
      const v = cur.result as Uint8Array | undefined;
      if (!sameMeta(v, b.expectMeta)) {
        conflict = true;
        tx.abort();
        return;
      }
      meta.put(next, 0);
      write();
    };
    try {
      await finished;
    } catch (e) {
      if (conflict) throw new ZkvaultError('VAULT_CONFLICT', 'zkvault: the vault was changed by another writer');
      throw e;
    }
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}

/**
 * Opens (creating it if missing) an IndexedDB vault store named `name`: browsers and Electron
 * renderers. Give the store to {@link openVault}. The database holds only keyed hashes, version
 * numbers and envelopes. Browsers may evict site data under storage pressure unless the page
 * calls `navigator.storage.persist()`.
 * @param name - the IndexedDB database name.
 * @param options - {@link IndexedDbStoreOptions}.
 * @returns the store.
 * @throws ZkvaultError `UNSUPPORTED` without IndexedDB or if it refuses to open; `INVALID_INPUT`
 *   on a bad argument.
 * @example
 * ```ts
 * import { openIndexedDbStore, openVault } from 'zkvault/vault';
 *
 * if (globalThis.indexedDB !== undefined) {
 *   const vault = await openVault(await openIndexedDbStore('my-app-vault'), { passphrase: 'correct horse' });
 *   await vault.put('settings', new TextEncoder().encode('{"theme":"dark"}'));
 *   await vault.close();
 * }
 * ```
 */
export async function openIndexedDbStore(name: string, options?: IndexedDbStoreOptions): Promise<VaultStore> {
  astring(name, 'name', 1024);
  if (name.length === 0) throw invalidInput('"name" expected a non-empty string');
  const o = options === undefined ? {} : aobject(options, 'options');
  const factory = (o['indexedDB'] ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB) as IDBFactory | undefined;
  if (factory === undefined || typeof factory.open !== 'function') throw new ZkvaultError('UNSUPPORTED', 'zkvault: no IndexedDB on this platform');
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore(META);
    db.createObjectStore(RECORDS, { keyPath: 'id' }).createIndex(BY_COLLECTION, ['coll', 'id']);
  };
  return new IndexedDbStore(await request(open));
}
