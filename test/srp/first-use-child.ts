// Child of modpow-named.test.ts: in a fresh process, the CPU cost of the first 3072-bit SRP
// exponentiations on the Node backend (no prepare call before).
import { modpow } from '../../src/backend/node/modpow.js';
import { srpGroup } from '../../src/srp/groups.js';

const { N, g } = srpGroup(3072);
const c0 = process.cpuUsage();
const A = modpow.modPowFixed(g, (1n << 255n) + 99n, N);
modpow.modPow(A, (1n << 255n) + 7n, N);
const c = process.cpuUsage(c0);
process.stdout.write(`${(c.user + c.system) / 1000}\n`);
