/**
 * The database under the reference sync server: embedded PGlite (Postgres compiled to WASM, the
 * default) or a real Postgres through `pg` (`DATABASE_URL`). Both run the same SQL.
 *
 * Every application query runs in a transaction that first switches to the role `zkvault_app` and
 * sets `app.tenant_id`, so the row-level security policies of `migrations.ts` apply to it. Only the
 * migrations and the audit dump run as the connecting (owner) role.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from './migrations.js';

/** A row as the drivers return it. */
export type Row = Record<string, unknown>;
/** Runs one parameterised statement. */
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** A connection (pool) to the server's database. */
export interface Db {
  /** `'pglite'` or `'postgres'`. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction as `zkvault_app` with `app.tenant_id = tenantId`: row-level
   * security limits every statement to that tenant's rows.
   */
  tenant<T>(tenantId: string, fn: (q: Query) => Promise<T>): Promise<T>;
  /** Runs a statement as the owner role, outside row-level security (migrations, audits, tests). */
  owner: Query;
  close(): Promise<void>;
}

/** Thrown (by `tenant`/`owner`) when the database cannot be reached; the server answers 503. */
export class DbUnavailableError extends Error {
  override readonly name = 'DbUnavailableError';
}

// Connection-level failures: refused, reset, terminated by an admin (restart), shutting down.
const DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
function isDown(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && DOWN_CODES.has(code)) return true;
  const msg = String((e as { message?: unknown }).message ?? '');
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(msg);
}
async function guard<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    if (isDown(e)) throw new DbUnavailableError('database unavailable', { cause: e });
    throw e;
  }
}

async function migrate(exec: (sql: string) => Promise<void>, q: Query): Promise<void> {
  await exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await q('SELECT version FROM schema_migrations')).map((r) => r['version'] as string));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await exec(`BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version) VALUES ('${m.version}');\nCOMMIT;`);
  }
}

/** Options of {@link openPglite}. */
export interface PgliteOptions {
  /** Directory to persist to; in memory when absent. */
  dataDir?: string;
}

/**
 * Where the migrated, still empty PGlite data directory is cached: one tar per PGlite version and
 * migration list, made by the first {@link openPglite} of a new database.
 * @returns the file's path (the file may not exist yet).
 */
export function pgliteTemplateFile(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite'); // …/pglite/dist/index.cjs
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const migrations = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
  return join(tmpdir(), 'zkvault-pglite-cache', `template-${version}-${migrations}.tar`);
}

// A fresh PGlite runs initdb and then the migrations (seconds of CPU). The migrated, still empty data
// directory is cached once per PGlite version and migration list, and loaded into every new database,
// which takes a fraction of that; `migrate` then finds every migration applied. A changed migration
// changes the key, so a stale schema is never loaded.
async function pgliteTemplate(file: string): Promise<Blob> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    await migrate(async (sql) => void (await db.exec(sql)), async (sql, params) => (await db.query<Row>(sql, params as unknown[])).rows);
    const blob = await db.dumpDataDir('none');
    await db.close();
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
    await rename(tmp, file); // atomic: concurrent first runs never see half a file
    return blob;
  }
}

/**
 * Opens (creating and migrating as needed) an embedded PGlite database.
 * @param options - `dataDir` to persist; in memory otherwise.
 * @returns the database.
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite').catch((e: unknown) => {
    // A development dependency: an installed zkvault package runs the demo only with it added.
    throw new Error('the reference server needs @electric-sql/pglite: npm install @electric-sql/pglite', { cause: e });
  });
  const fresh = options.dataDir === undefined || !existsSync(join(options.dataDir, 'PG_VERSION'));
  const loadDataDir = fresh ? await pgliteTemplate(pgliteTemplateFile()) : undefined;
  // PGlite's default shared_buffers (128 MB) is the larger part of an instance's resident memory; a
  // reference server's working set is far smaller. 16 MB: a test worker with two databases went from
  // 790 to 523 MB max RSS, one with one database from 520 to 420 MB (docs/decisions.md).
  const conf = { postgresqlconf: ['shared_buffers=16MB'] };
  const pg = await PGlite.create(options.dataDir, loadDataDir === undefined ? conf : { ...conf, loadDataDir });
  const owner: Query = async (sql, params) => (await pg.query<Row>(sql, params as unknown[])).rows;
  await migrate(async (sql) => void (await pg.exec(sql)), owner);
  return {
    kind: 'pglite',
    owner,
    // PGlite is one connection: transaction() holds it exclusively, so settings never leak between requests.
    tenant: (tenantId, fn) =>
      pg.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE zkvault_app');
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        return fn(async (sql, params) => (await tx.query<Row>(sql, params as unknown[])).rows);
      }),
    close: () => pg.close(),
  };
}

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Pool size; default 10. */
  max?: number;
}

/**
 * Connects to Postgres (`postgres://…`), migrating under an advisory lock so instances that start
 * together apply each migration once.
 * @param url - the connection string (`DATABASE_URL`).
 * @param options - pool size.
 * @returns the database.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 2000 });
  pool.on('error', () => {}); // an idle client lost (e.g. Postgres restarting): the pool drops it
  const owner: Query = (sql, params) => guard(async () => (await pool.query(sql, params as unknown[])).rows as Row[]);
  const c = await guard(() => pool.connect());
  try {
    await c.query("SELECT pg_advisory_lock(hashtext('zkvault.migrations'))");
    await migrate(async (sql) => void (await c.query(sql)), async (sql) => (await c.query(sql)).rows as Row[]);
    await c.query("SELECT pg_advisory_unlock(hashtext('zkvault.migrations'))");
  } finally {
    c.release();
  }
  return {
    kind: 'postgres',
    owner,
    tenant: (tenantId, fn) =>
      guard(async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          await client.query('SET LOCAL ROLE zkvault_app');
          await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
          const out = await fn(async (sql, params) => (await client.query(sql, params as unknown[])).rows as Row[]);
          await client.query('COMMIT');
          return out;
        } catch (e) {
          await client.query('ROLLBACK').catch((r: Error) => (broken = r));
          throw e;
        } finally {
          client.release(broken);
        }
      }),
    close: () => pool.end(),
  };
}

/**
 * Opens the database the environment names: Postgres when `databaseUrl` is set, else PGlite.
 * @param env - `databaseUrl` and `dataDir`.
 * @returns the database.
 */
export function openDb(env: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Db> {
  if (env.databaseUrl) return openPostgres(env.databaseUrl);
  return openPglite(env.dataDir === undefined ? {} : { dataDir: env.dataDir });
}
