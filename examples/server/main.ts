// Starts the reference sync server on 127.0.0.1 with in-memory storage:
//   node scripts/run-ts.mjs examples/server/main.ts [port]
import { prepareSrpGroup, srpGroup } from '../../src/srp/index.js';
import { startServer } from './server.js';

// Pay OpenSSL's one-time group setup at startup, not inside the first login request.
for (const bits of [2048, 3072] as const) prepareSrpGroup(srpGroup(bits));
const port = Number(process.argv[2] ?? 8787);
const s = await startServer(Number.isInteger(port) && port >= 0 && port < 65536 ? port : 8787);
console.log(`zkvault reference sync server on ${s.url} (in-memory storage; Ctrl-C to stop)`);
