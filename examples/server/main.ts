// Starts the reference sync server on 127.0.0.1:
//   node scripts/run-ts.mjs examples/server/main.ts [port]
// Storage: Postgres at DATABASE_URL if set, else embedded PGlite persisting to ZKVAULT_DATA_DIR
// (default .zkvault-data). SIGTERM or SIGINT: stop accepting, drain requests, close the pool, exit 0.
import { prepareSrpGroup, srpGroup } from 'zkvault/srp';
import { openDb } from './db.js';
import { startServer } from './server.js';
import { PgStorage } from './storage.js';

// Start OpenSSL's one-time group setup at startup (2048 bits: in a worker thread, not blocking;
// logins meanwhile run in BigInt), not inside the first login request. ZKVAULT_SRP_WARMUP=0 skips it,
// for servers that live a few seconds (the fault tests' restarts): the 2048-bit safe-prime check
// and the worker cost ~0.5 s of CPU per start, and a few logins in BigInt cost milliseconds.
if (process.env['ZKVAULT_SRP_WARMUP'] !== '0') for (const bits of [2048, 3072] as const) void prepareSrpGroup(srpGroup(bits));
const port = Number(process.argv[2] ?? process.env['PORT'] ?? 8787);
const databaseUrl = process.env['DATABASE_URL'];
const dataDir = process.env['ZKVAULT_DATA_DIR'] ?? '.zkvault-data';
const storage = new PgStorage(await openDb({ databaseUrl, dataDir }));
const s = await startServer(Number.isInteger(port) && port >= 0 && port < 65536 ? port : 8787, { storage });
console.log(`zkvault reference sync server on ${s.url} (${databaseUrl ? 'Postgres' : `PGlite in ${dataDir}`}; Ctrl-C to stop)`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void s
    .close()
    .then(() => storage.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
