/**
 * Reference sync server. `node scripts/run-ts.mjs examples/server/main.ts [port]` starts it on
 * 127.0.0.1 with in-memory storage.
 * @module
 */
export { startServer, type RunningServer, type ServerOptions } from './server.js';
export { GENESIS_PREV_HASH, MemoryStorage, type Storage } from './storage.js';
