// The databases the server suites run against: embedded PGlite always, and a real Postgres when
// DATABASE_URL is set (.ci/run starts Debian's postgresql and sets it). Each suite gets its own fresh
// database, so suites run in parallel and repeated runs start clean.
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Db } from '../../examples/server/index.js';

export type StoreKind = 'pglite' | 'postgres';

/**
 * Every store kind available here, or only those named in ZKVAULT_STORES (comma-separated): .ci/run
 * runs `npm test` as the README gives it (PGlite), then the server suites again with
 * `ZKVAULT_STORES=postgres` against its Postgres.
 */
export const STORE_KINDS: StoreKind[] = ((): StoreKind[] => {
  const all: StoreKind[] = process.env['DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
  const only = process.env['ZKVAULT_STORES']?.split(',').map((k) => k.trim());
  if (only === undefined || only.length === 0) return all;
  const unknown = only.filter((k) => k !== 'pglite' && k !== 'postgres');
  if (unknown.length > 0) throw new Error(`ZKVAULT_STORES: unknown store kind ${unknown.join(', ')}`);
  if (only.includes('postgres') && !all.includes('postgres')) throw new Error('ZKVAULT_STORES=postgres needs DATABASE_URL');
  return all.filter((k) => only.includes(k));
})();

/** A fresh database: `connect()` opens another connection (pool) to the same one. */
export interface TestDb {
  db: Db;
  connect(): Promise<Db>;
  url: string | undefined;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDb(kind: StoreKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, connect: async () => db, url: undefined, drop: () => db.close() };
  }
  const base = process.env['DATABASE_URL']!;
  const name = `zkvault_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(base, name);
  const opened: Db[] = [];
  const connect = async (): Promise<Db> => {
    const d = await openPostgres(url);
    opened.push(d);
    return d;
  };
  const db = await connect();
  return {
    db,
    connect,
    url,
    drop: async () => {
      for (const d of opened) await d.close().catch(() => {});
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
