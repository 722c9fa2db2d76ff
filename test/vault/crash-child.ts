// The crash test's child process (bundled by test/vault/crash.test.ts, started through
// test/vault/crash-loader.cjs). `write <file>`: opens the vault and commits transaction after
// transaction (test/vault/crash-model.ts), printing `ack <t>` only after each commit resolved;
// `migrate <folder>`: migrates the folder into <folder>/zkvault.vault and prints `done`. The parent
// kills it with SIGKILL at random points. `warm <dir>`: both, briefly, to completion, in a scratch
// directory, so the loader can save the compiled code for the killed children.
import { join } from 'node:path';
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { migrateFolder } from '../../src/vault/migrate.js';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import { openVault } from '../../src/vault/vault.js';
import { crashOps, nedbFolder } from './crash-model.js';

import { TEST_POLICY as policy } from './helpers.js';
const unlock = { passphrase: 'crash test passphrase' };
// writeSync: the ack is in the pipe before the next commit starts (no buffered stdout lost at the kill).
const say = (line: string): void => void writeSync(1, `${line}\n`);

/** Commits transactions counter + 1 … last, acknowledging each after its commit resolved. */
async function write(file: string, last: number): Promise<void> {
  const vault = await openVault(openSqliteStore(file), unlock, { iterations: 1000, policy });
  say(`ready ${vault.counter}`);
  for (let t = vault.counter + 1; t <= last; t++) {
    await vault.transaction(async (tx) => {
      for (const op of crashOps(t)) {
        if (op.kind === 'put') await tx.put(op.key, op.value);
        else await tx.delete(op.key);
      }
    });
    say(`ack ${t}`);
  }
  await vault.close();
}

async function migrate(folder: string): Promise<void> {
  const vault = await openVault(openSqliteStore(join(folder, 'zkvault.vault')), unlock, { iterations: 1000, policy });
  say('ready');
  const r = await migrateFolder(folder, vault);
  await vault.close();
  say(`done ${r.files} ${r.resumed}`);
}

async function main(mode: string | undefined, target: string | undefined): Promise<void> {
  if (mode === 'write') await write(target!, 999_999);
  else if (mode === 'migrate') await migrate(target!);
  else if (mode === 'warm') {
    await write(join(target!, 'warm.vault'), 3);
    const folder = join(target!, 'warm-insomnia');
    mkdirSync(folder);
    for (const [name, text] of nedbFolder(2, 3)) writeFileSync(join(folder, name), text);
    await migrate(folder);
  } else throw new Error(`unknown mode ${String(mode)}`);
}

// No top-level await: the child is bundled as CommonJS (see crash.test.ts).
const [mode, target] = process.argv.slice(2);
main(mode, target).catch((e: unknown) => {
  process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`);
  process.exit(1);
});
