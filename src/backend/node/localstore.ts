/**
 * Local storage on Node: SQLite through `node:sqlite` (Node 22.5+) when the runtime has it, else
 * better-sqlite3 (an optional peer dependency; 12.11.1 is the tested version, docs/dependencies.md),
 * and the plain files a migration reads and removes. Both SQLite drivers are loaded on first use
 * only, so importing the library costs nothing when no vault is opened.
 * @module
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ZkvaultError } from '../../errors.js';
import type { LocalFiles, LocalStoreBackend, SqliteConnection } from '../types.js';

type Param = number | Uint8Array;

/** The subset of both drivers' statement objects used here (their APIs agree on it). */
interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  close(): unknown;
}

type Driver = 'builtin' | 'better-sqlite3';

function loadNodeSqlite(): ((path: string) => Database) | undefined {
  // getBuiltinModule (Node 20.16+) returns undefined where the module does not exist.
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = get?.('node:sqlite') as { DatabaseSync?: new (path: string) => Database } | undefined;
  const Ctor = mod?.DatabaseSync;
  return Ctor === undefined ? undefined : (path) => new Ctor(path);
}

function loadBetterSqlite(): (path: string) => Database {
  let Ctor: new (path: string) => Database;
  try {
    Ctor = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Database;
  } catch (e) {
    throw new ZkvaultError('UNSUPPORTED', 'zkvault: no SQLite driver: this Node has no node:sqlite; install better-sqlite3@12.11.1', { cause: e });
  }
  return (path) => new Ctor(path);
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; node:sqlite takes both. */
function toParams(params: readonly Param[], driver: Driver): unknown[] {
  if (driver === 'builtin') return params as unknown[];
  return params.map((p) => (typeof p === 'number' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

function connect(db: Database, driver: Driver): SqliteConnection {
  const cache = new Map<string, Statement>();
  const stmt = (sql: string): Statement => {
    let s = cache.get(sql);
    if (s === undefined) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    driver,
    exec: (sql) => void db.exec(sql),
    run: (sql, params) => void stmt(sql).run(...toParams(params, driver)),
    get: (sql, params) => stmt(sql).get(...toParams(params, driver)) as Record<string, unknown> | undefined,
    all: (sql, params) => stmt(sql).all(...toParams(params, driver)) as Record<string, unknown>[],
    close: () => {
      cache.clear();
      db.close();
    },
  };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const files: LocalFiles = {
  list: (dir) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort(),
  read: (path) => new Uint8Array(readFileSync(path)),
  remove: (path) => {
    unlinkSync(path);
    fsyncDir(dirname(path));
  },
  join: (dir, name) => join(dir, name),
};

export const localstore: LocalStoreBackend = {
  name: 'node',
  openSqlite(path: string, driver?: Driver): SqliteConnection {
    const native = driver === 'better-sqlite3' ? undefined : loadNodeSqlite();
    if (native !== undefined) return connect(native(path), 'builtin');
    if (driver === 'builtin') throw new ZkvaultError('UNSUPPORTED', 'zkvault: this Node has no node:sqlite');
    return connect(loadBetterSqlite()(path), 'better-sqlite3');
  },
  files,
};
