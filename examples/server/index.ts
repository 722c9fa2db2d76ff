/**
 * Reference sync server on Postgres: embedded PGlite by default, a real server when `DATABASE_URL`
 * is set. `node scripts/run-ts.mjs examples/server/main.ts [port]` starts it on 127.0.0.1.
 * @module
 */
export { startServer, type FakeAccountTemplate, type RateLimits, type RunningServer, type ServerOptions } from './server.js';
export { DbUnavailableError, openDb, openPglite, openPostgres, type Db } from './db.js';
export { ACCOUNT_SCOPE, GENESIS_PREV_HASH, PgStorage, type GroupLogEntry, type Storage } from './storage.js';
