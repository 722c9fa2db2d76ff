// The crash test's child process (bundled by test/vault/crash.test.ts). `write <file>`: opens the
// vault and commits transaction after transaction (test/vault/crash-model.ts), printing `ack <t>`
// only after each commit resolved; `migrate <folder>`: migrates the folder into <folder>/zkvault.vault
// and prints `done`. The parent kills it with SIGKILL at random points.
import { join } from 'node:path';
import { writeSync } from 'node:fs';
import { migrateFolder } from '../../src/vault/migrate.js';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import { openVault } from '../../src/vault/vault.js';
import { crashOps } from './crash-model.js';

import { TEST_POLICY as policy } from './helpers.js';
const unlock = { passphrase: 'crash test passphrase' };
// writeSync: the ack is in the pipe before the next commit starts (no buffered stdout lost at the kill).
const say = (line: string): void => void writeSync(1, `${line}\n`);

async function main(mode: string | undefined, target: string | undefined): Promise<void> {
  if (mode === 'write') {
    const vault = await openVault(openSqliteStore(target!), unlock, { iterations: 1000, policy });
    say(`ready ${vault.counter}`);
    for (let t = vault.counter + 1; t < 1_000_000; t++) {
      await vault.transaction(async (tx) => {
        for (const op of crashOps(t)) {
          if (op.kind === 'put') await tx.put(op.key, op.value);
          else await tx.delete(op.key);
        }
      });
      say(`ack ${t}`);
    }
  } else if (mode === 'migrate') {
    const vault = await openVault(openSqliteStore(join(target!, 'zkvault.vault')), unlock, { iterations: 1000, policy });
    say('ready');
    const r = await migrateFolder(target!, vault);
    await vault.close();
    say(`done ${r.files} ${r.resumed}`);
  }
}

// No top-level await: the child is bundled as CommonJS (see crash.test.ts).
const [mode, target] = process.argv.slice(2);
main(mode, target).catch((e: unknown) => {
  process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`);
  process.exit(1);
});
