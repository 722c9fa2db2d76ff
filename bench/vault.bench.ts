// zkvault/vault on Node (issue 16). Put and get of a 1 KiB record through the vault against the
// same store holding the same record unencrypted (one plaintext row, no header), on SQLite (WAL,
// synchronous=FULL, a file on the real disk) and in memory (which isolates the crypto cost). Then
// open + full scan of 100,000 records of 1 KiB, with the time split into its stages, and the memory
// the scan holds (it pages, 256 rows at a time).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore } from '../src/vault/memory-store.js';
import { openSqliteStore } from '../src/vault/sqlite-store.js';
import type { VaultRow, VaultStore } from '../src/vault/store.js';
import { openVault, type Vault } from '../src/vault/vault.js';
import { formatTable, measureGroup, type BenchOptions, type BenchRow, isMain } from './harness.js';

const unlock = { passphrase: 'correct horse battery staple' };
const value = new Uint8Array(1024).map((_, i) => i & 0xff);
// The bench dir sits next to the repo (a real disk), not in a tmpfs.
const dir = (): string => mkdtempSync(join(process.cwd(), '.tmp', 'vault-bench-'));

function plainRow(i: number): VaultRow {
  const id = new Uint8Array(32);
  new DataView(id.buffer).setUint32(28, i);
  return { id, collection: new Uint8Array(32), version: 1, value };
}

async function putGet(name: string, makeStore: () => VaultStore, opts: BenchOptions): Promise<BenchRow[]> {
  const plain = makeStore();
  const vault = await openVault(makeStore(), unlock);
  let n = 0;
  const rows = await measureGroup(`put 1 KiB (${name})`, [
    { impl: 'same store, plaintext row', baseline: true, fn: () => plain.commit({ put: [plainRow(n++ % 1000)], delete: [] }) },
    { impl: 'zkvault vault.put', fn: () => vault.put(`key-${n++ % 1000}`, value) },
  ], opts);
  let g = 0;
  rows.push(...await measureGroup(`get 1 KiB (${name})`, [
    { impl: 'same store, plaintext row', baseline: true, fn: () => plain.get(plainRow(g++ % 1000).id) },
    { impl: 'zkvault vault.get', fn: () => vault.get(`key-${g++ % 1000}`) },
  ], opts));
  await plain.close();
  await vault.close();
  return rows;
}

function mib(b: number): string {
  return `${(b / 2 ** 20).toFixed(1)} MiB`;
}

/** Open + full scan of `count` records: each stage timed on its own, best of `reps`. */
async function scan(count: number, reps: number): Promise<BenchRow[]> {
  const d = dir();
  const file = join(d, 'scan.vault');
  try {
    const t0 = performance.now();
    const v = await openVault(openSqliteStore(file), unlock);
    for (let start = 0; start < count; start += 10_000) {
      await v.transaction(async (tx) => {
        for (let i = start; i < Math.min(count, start + 10_000); i++) await tx.put(`Request/req_${i}`, value, { collection: 'Request' });
      });
    }
    await v.close();
    console.log(`  wrote ${count} records in ${((performance.now() - t0) / 1000).toFixed(1)} s; file ${mib(statSync(file).size)}`);
    const best: Record<string, number> = {};
    const time = async (stage: string, f: () => Promise<unknown>): Promise<void> => {
      const t = performance.now();
      await f();
      best[stage] = Math.min(best[stage] ?? Infinity, (performance.now() - t) * 1000);
    };
    let peak = 0;
    for (let r = 0; r < reps; r++) {
      // 1. Key derivation alone: PBKDF2-SHA256 at the default 600,000 iterations + unwrap, no scan.
      let vault: Vault | undefined;
      await time('open: PBKDF2 600k + header (scan: false)', async () => (vault = await openVault(openSqliteStore(file), unlock, { scan: false })));
      await vault!.close();
      // 2. Reading every row from SQLite, nothing else (what any scan costs at least).
      const store = openSqliteStore(file);
      await time('read all rows from SQLite (pages of 256)', async () => {
        let after: Uint8Array | undefined;
        for (;;) {
          const page = await store.list({ limit: 256, ...(after === undefined ? {} : { after }) });
          if (page.length < 256) return;
          after = page[page.length - 1]!.id;
        }
      });
      await store.close();
      // 3. The whole open as an app calls it: KDF + header + integrity scan (read + one HMAC per row).
      await time('openVault (KDF + header + integrity scan)', async () => (vault = await openVault(openSqliteStore(file), unlock)));
      // 4. Full decrypting scan through the API, sampling memory as it goes.
      globalThis.gc?.();
      const base = process.memoryUsage().heapUsed;
      await time('vault.list(): decrypt every record', async () => {
        let n = 0;
        for await (const e of vault!.list()) {
          if (++n % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
          if (e.value.length !== 1024) throw new Error('bad value');
        }
        if (n !== count) throw new Error(`scanned ${n}`);
      });
      await vault!.close();
    }
    console.log(`  heap growth while scanning ${count} records: at most ${mib(peak)} (the data is ${mib(count * 1024)})`);
    const group = `open + full scan, ${count} x 1 KiB (SQLite)`;
    return Object.entries(best).map(([impl, us], i) => ({ group, impl, medianUs: us, ...(i === 0 ? { baseline: true } : {}) }));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const d = dir();
  try {
    let k = 0;
    const rows = await putGet('SQLite, WAL, synchronous=FULL', () => openSqliteStore(join(d, `s${k++}.vault`)), opts);
    rows.push(...(await putGet('memory store', createMemoryStore, opts)));
    rows.push(...(await scan(100_000, opts.quick ? 1 : 3)));
    return rows;
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

if (isMain('vault')) console.log(formatTable(await run({ quick: process.argv.includes('--quick') })));
