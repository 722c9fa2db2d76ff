/**
 * The SQLite {@link VaultStore} (Node, Electron): `node:sqlite` where the runtime has it, else
 * better-sqlite3 (optional peer dependency). WAL journal with `synchronous=FULL`, so a commit is on
 * disk when it returns, and every batch is one `BEGIN IMMEDIATE` transaction, so a crash leaves the
 * previous or the next state, never a mix (SQLite's atomic commit, https://sqlite.org/atomiccommit.html).
 * Why SQLite and these settings: docs/decisions.md, "Vault store".
 * @module
 */
import { localstore } from '#backend/localstore';
import type { SqliteConnection } from '../backend/types.js';
import { aobject, aoneOf, astring, isBytes } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import { sameMeta, type VaultBatch, type VaultStoreListOptions, type VaultRow, type VaultStore } from './store.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Force a driver: `builtin` (the runtime's `node:sqlite`) or `better-sqlite3`; default the
   * builtin one when the runtime has it, else better-sqlite3.
   */
  readonly driver?: 'builtin' | 'better-sqlite3';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS zkvault_meta (k INTEGER PRIMARY KEY CHECK (k = 0), v BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS zkvault_records (id BLOB PRIMARY KEY, coll BLOB NOT NULL, ver INTEGER NOT NULL, val BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS zkvault_records_coll ON zkvault_records (coll, id);
`;

/** SQLite's words for a damaged or foreign file (SQLITE_CORRUPT, SQLITE_NOTADB). */
const CORRUPT = /malformed|not a database|corrupt/i;

/**
 * @internal Maps a SQLite failure to `VAULT_CORRUPT` when SQLite says the file is damaged
 * (not exported from `zkvault/vault`).
 * @param e - what the driver threw.
 * @returns the error to throw.
 * @throws never.
 * @example
 * ```ts
 * try { db.exec(sql); } catch (e) { throw sqliteError(e); }
 * ```
 */
export function sqliteError(e: unknown): unknown {
  if (e instanceof ZkvaultError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (CORRUPT.test(msg)) return new ZkvaultError('VAULT_CORRUPT', 'zkvault: the vault database is damaged (SQLite reports corruption)', { cause: e });
  return e;
}

/** SQLite's and better-sqlite3's words for a file they cannot open (SQLITE_CANTOPEN, a missing folder). */
const CANT_OPEN = /unable to open database file|directory does not exist/i;

/**
 * A failure to open `path`: `INVALID_INPUT` naming the argument (a missing folder, a folder, an
 * unreadable file) without the path or the driver's text; anything else as {@link sqliteError}.
 */
function openError(e: unknown): unknown {
  const msg = e instanceof Error ? e.message : '';
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (CANT_OPEN.test(msg) || code === 'SQLITE_CANTOPEN') return new ZkvaultError('INVALID_INPUT', '"path" cannot be opened as a database file (its folder is missing, or it is a folder or not readable)');
  return sqliteError(e);
}

function bytes(v: unknown): Uint8Array {
  // Both drivers return Uint8Array (better-sqlite3 a Buffer); view it without copying.
  if (!isBytes(v)) throw new ZkvaultError('VAULT_CORRUPT', 'zkvault: the vault database holds a non-blob value');
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function row(r: Record<string, unknown>): VaultRow {
  return { id: bytes(r['id']), collection: bytes(r['coll']), version: Number(r['ver']), value: bytes(r['val']) };
}

class SqliteStore implements VaultStore {
  readonly #db: SqliteConnection;
  #closed = false;

  constructor(db: SqliteConnection) {
    this.#db = db;
  }

  #run<T>(f: (db: SqliteConnection) => T): Promise<T> {
    if (this.#closed) return Promise.reject(new ZkvaultError('KEY_LOCKED', 'zkvault: the vault store is closed'));
    try {
      return Promise.resolve(f(this.#db));
    } catch (e) {
      return Promise.reject(sqliteError(e));
    }
  }

  readMeta(): Promise<Uint8Array | undefined> {
    return this.#run((db) => {
      const r = db.get('SELECT v FROM zkvault_meta WHERE k = 0', []);
      return r === undefined ? undefined : bytes(r['v']);
    });
  }

  get(id: Uint8Array): Promise<VaultRow | undefined> {
    return this.#run((db) => {
      const r = db.get('SELECT id, coll, ver, val FROM zkvault_records WHERE id = ?', [id]);
      return r === undefined ? undefined : row(r);
    });
  }

  list(o: VaultStoreListOptions): Promise<VaultRow[]> {
    return this.#run((db) => {
      const after = o.after ?? new Uint8Array(0);
      const rows =
        o.collection === undefined
          ? db.all('SELECT id, coll, ver, val FROM zkvault_records WHERE id > ? ORDER BY id LIMIT ?', [after, o.limit])
          : db.all('SELECT id, coll, ver, val FROM zkvault_records WHERE coll = ? AND id > ? ORDER BY id LIMIT ?', [o.collection, after, o.limit]);
      return rows.map(row);
    });
  }

  count(): Promise<number> {
    return this.#run((db) => Number(db.get('SELECT count(*) AS n FROM zkvault_records', [])!['n']));
  }

  commit(b: VaultBatch): Promise<void> {
    return this.#run((db) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        if (b.meta !== undefined) {
          const r = db.get('SELECT v FROM zkvault_meta WHERE k = 0', []);
          const cur = r === undefined ? undefined : bytes(r['v']);
          if (!sameMeta(cur, b.expectMeta)) throw new ZkvaultError('VAULT_CONFLICT', 'zkvault: the vault was changed by another writer');
          db.run('INSERT OR REPLACE INTO zkvault_meta (k, v) VALUES (0, ?)', [b.meta]);
        }
        for (const id of b.delete) db.run('DELETE FROM zkvault_records WHERE id = ?', [id]);
        for (const r of b.put) {
          db.run('INSERT OR REPLACE INTO zkvault_records (id, coll, ver, val) VALUES (?, ?, ?, ?)', [r.id, r.collection, r.version, r.value]);
        }
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#db.close();
    }
    return Promise.resolve();
  }
}

/**
 * @internal Runs SQLite's own structural check of an open store file (the CLI's `vault verify`).
 * @param path - the database file.
 * @returns the problems SQLite lists (empty: none).
 * @throws ZkvaultError `VAULT_CORRUPT` if the file is not a database; `INVALID_INPUT` if it cannot be opened.
 * @example
 * ```ts
 * const problems = sqliteIntegrity('app.vault');
 * ```
 */
export function sqliteIntegrity(path: string): string[] {
  let db: SqliteConnection | undefined;
  try {
    db = localstore.openSqlite(path);
    const rows = db.all('PRAGMA integrity_check', []);
    return rows.map((r) => String(Object.values(r)[0])).filter((s) => s !== 'ok');
  } catch (e) {
    throw openError(e);
  } finally {
    db?.close();
  }
}

/**
 * Opens (creating it if missing) a SQLite vault store at `path`: Node and Electron only. Give the
 * store to {@link openVault}. The file holds only keyed hashes, version numbers and envelopes.
 * @param path - the database file (created if missing; its WAL and shm files sit next to it).
 * @param options - {@link SqliteStoreOptions}.
 * @returns the store.
 * @throws ZkvaultError `VAULT_CORRUPT` if the file is damaged or not a database; `UNSUPPORTED`
 *   without a SQLite driver (a Node without `node:sqlite` and no better-sqlite3) or off Node;
 *   `INVALID_INPUT` on a bad argument, or a path that cannot be opened (its folder is missing, or it
 *   is a folder or not readable; the message names `path`, never the path itself).
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
 * import { openSqliteStore, openVault } from 'zkvault/vault';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'vault-')), 'app.vault');
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const vault = await openVault(openSqliteStore(path), { passphrase: 'correct horse' }, { iterations: 1000, policy });
 * await vault.put('workspace/1', new TextEncoder().encode('{"name":"Home"}'), { collection: 'Workspace' });
 * await vault.close();
 * ```
 */
export function openSqliteStore(path: string, options?: SqliteStoreOptions): VaultStore {
  astring(path, 'path');
  if (path.length === 0) throw new ZkvaultError('INVALID_INPUT', '"path" expected a non-empty string');
  const o = options === undefined ? {} : aobject(options, 'options');
  const driver = o['driver'] === undefined ? undefined : aoneOf(o['driver'], 'options.driver', ['builtin', 'better-sqlite3'] as const);
  let db: SqliteConnection;
  try {
    db = localstore.openSqlite(path, driver);
  } catch (e) {
    throw openError(e);
  }
  try {
    // 16 KiB pages (only takes effect on a new file): rows of a WITHOUT ROWID table live in index
    // b-tree cells, whose local payload is about a quarter of a page, so with 4 KiB pages every
    // ~1 KiB record spilled into its own overflow page (docs/decisions.md, "Vault store": measured).
    db.exec('PRAGMA page_size = 16384');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec(SCHEMA);
    // Reading the schema and one page finds a foreign or truncated file now, not at the first write.
    db.get('SELECT count(*) AS n FROM zkvault_meta', []);
  } catch (e) {
    db.close();
    throw openError(e);
  }
  return new SqliteStore(db);
}
