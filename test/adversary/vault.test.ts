// Attacks on a vault at rest (issue 16; docs/threat-model.md, "Device"): an attacker who can read
// and write the vault file while the app is locked swaps records between keys, replays an older
// version of a record, drops or adds rows, rolls the whole file back, corrupts the database, or
// tries the wrong key. Each must be refused with a typed error, never answered with wrong data,
// and a damaged vault must refuse writes until it is repaired.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import { openVault, repairVault, type VaultAnchor } from '../../src/vault/vault.js';
import { errorCode } from '../helpers/errors.js';
import { dec, enc, PASS, rawSqlite, sqliteAt, tempDir, TEST_OPTIONS, testVault } from '../vault/helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'test.vault');
});
afterEach(() => tmp.cleanup());

/** Writes `entries` into a fresh vault at `file` and closes it. */
async function seed(entries: Record<string, string>, anchor?: VaultAnchor): Promise<void> {
  const v = await testVault(sqliteAt(tmp.dir), PASS, anchor === undefined ? {} : { anchor });
  for (const [k, val] of Object.entries(entries)) await v.put(k, enc(val), { collection: 'Request' });
  await v.close();
}

/** Runs `f` on the raw database, as an attacker editing the file. */
function edit(f: (db: ReturnType<typeof rawSqlite.openSqlite>) => void): void {
  const db = rawSqlite.openSqlite(file);
  try {
    f(db);
  } finally {
    db.close();
  }
}

function rowsOf(): { id: Uint8Array; val: Uint8Array; ver: number }[] {
  let out: { id: Uint8Array; val: Uint8Array; ver: number }[] = [];
  edit((db) => {
    out = db.all('SELECT id, val, ver FROM zkvault_records ORDER BY id', []).map((r) => ({ id: r['id'] as Uint8Array, val: new Uint8Array(r['val'] as Uint8Array), ver: Number(r['ver']) }));
  });
  return out;
}

describe('vault file attacks', () => {
  it('the file holds no key, collection or value in the clear', async () => {
    await seed({ 'api-token-key': 'sk_live_SECRETVALUE', 'another-key': 'more plaintext here' });
    const bytes = readFileSync(file).toString('latin1') + (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('latin1') : '');
    for (const s of ['api-token-key', 'sk_live_SECRETVALUE', 'another-key', 'more plaintext', 'Request']) expect(bytes).not.toContain(s);
  });

  it('records swapped between keys: open refuses (VAULT_CORRUPT); without the scan a read fails and writes are refused until repair', async () => {
    await seed({ a: 'alpha', b: 'bravo' });
    const [r1, r2] = rowsOf();
    edit((db) => {
      db.run('UPDATE zkvault_records SET val = ?, ver = ? WHERE id = ?', [r2!.val, r2!.ver, r1!.id]);
      db.run('UPDATE zkvault_records SET val = ?, ver = ? WHERE id = ?', [r1!.val, r1!.ver, r2!.id]);
    });
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('VAULT_CORRUPT');
    const v = await testVault(sqliteAt(tmp.dir), PASS, { scan: false });
    expect(await errorCode(v.get('a'))).toBe('DECRYPT_FAILED');
    expect(v.status).toBe('damaged');
    expect(await errorCode(v.put('c', enc('charlie')))).toBe('VAULT_CORRUPT');
    await v.close();
    const r = await repairVault(sqliteAt(tmp.dir), PASS, TEST_OPTIONS);
    expect(r).toMatchObject({ kept: 0, dropped: 2 });
    const after = await testVault(sqliteAt(tmp.dir));
    await after.put('c', enc('charlie'));
    expect(dec(await after.get('c'))).toBe('charlie');
    await after.close();
  });

  it('a record replayed from an older version: open refuses (VAULT_CORRUPT) and verify reports it', async () => {
    await seed({ a: 'balance=100' });
    const [old] = rowsOf();
    const v = await testVault(sqliteAt(tmp.dir));
    await v.put('a', enc('balance=0'));
    await v.close();
    edit((db) => db.run('UPDATE zkvault_records SET val = ?, ver = ? WHERE id = ?', [old!.val, old!.ver, old!.id]));
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('VAULT_CORRUPT');
    const unscanned = await testVault(sqliteAt(tmp.dir), PASS, { scan: false });
    expect((await unscanned.verify()).ok).toBe(false);
    expect(await errorCode(unscanned.put('b', enc('x')))).toBe('VAULT_CORRUPT');
    await unscanned.close();
  });

  it('a dropped row, an added row and a row from another vault are all refused', async () => {
    await seed({ a: '1', b: '2' });
    const [r1] = rowsOf();
    edit((db) => db.run('DELETE FROM zkvault_records WHERE id = ?', [r1!.id]));
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('VAULT_CORRUPT');
    edit((db) => db.run('INSERT INTO zkvault_records (id, coll, ver, val) VALUES (?, ?, ?, ?)', [r1!.id, new Uint8Array(32), r1!.ver, r1!.val]));
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('VAULT_CORRUPT');
    // A second vault with the same passphrase: its rows do not open in the first (vault id in every AAD).
    const other = join(tmp.dir, 'other.vault');
    const v2 = await testVault(openSqliteStore(other));
    await v2.put('a', enc('from the other vault'));
    await v2.close();
    const db2 = rawSqlite.openSqlite(other);
    const foreign = db2.get('SELECT id, coll, ver, val FROM zkvault_records', [])!;
    db2.close();
    const fresh = tempDir();
    file = join(fresh.dir, 'test.vault');
    try {
      const v = await testVault(openSqliteStore(file));
      await v.put('z', enc('mine'));
      await v.close();
      edit((db) => db.run('INSERT INTO zkvault_records (id, coll, ver, val) VALUES (?, ?, ?, ?)', [foreign['id'] as Uint8Array, foreign['coll'] as Uint8Array, Number(foreign['ver']), foreign['val'] as Uint8Array]));
      expect(await errorCode(testVault(openSqliteStore(file)))).toBe('VAULT_CORRUPT');
    } finally {
      fresh.cleanup();
    }
  });

  it('rollback of the whole file: an old copy is refused against the anchor (ROLLBACK_DETECTED)', async () => {
    let last: number | undefined;
    const anchor: VaultAnchor = { read: () => last, write: (_id, n) => void (last = n) };
    await seed({ a: 'v1' }, anchor);
    copyFileSync(file, `${file}.bak`); // the attacker's copy (closed: the WAL was checkpointed)
    const v = await testVault(sqliteAt(tmp.dir), PASS, { anchor });
    await v.put('a', enc('v2'));
    await v.close();
    copyFileSync(`${file}.bak`, file);
    expect(await errorCode(testVault(sqliteAt(tmp.dir), PASS, { anchor }))).toBe('ROLLBACK_DETECTED');
    // The same copy is self-consistent: only the external anchor can tell it is old.
    const unanchored = await testVault(sqliteAt(tmp.dir));
    expect(dec(await unanchored.get('a'))).toBe('v1');
    await unanchored.close();
  });

  it('a corrupt database or header is VAULT_CORRUPT, never a crash or a wrong answer', async () => {
    await seed(Object.fromEntries([...Array(50).keys()].map((i) => [`k${i}`, 'x'.repeat(200)])));
    // 1. The header row edited.
    edit((db) => db.run('UPDATE zkvault_meta SET v = ? WHERE k = 0', [enc('{"v":1,"garbage":true}')]));
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('VAULT_CORRUPT');
    // 2. The file overwritten with garbage from its second page on (the SQLite header survives).
    const bytes = readFileSync(file);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writeFileSync(file, bytes);
    expect(await errorCode((async () => testVault(sqliteAt(tmp.dir)))())).toBe('VAULT_CORRUPT');
    // 3. Not a database at all.
    writeFileSync(file, 'this is not a database, just a text file that is long enough to look like one'.repeat(100));
    expect(await errorCode((async () => testVault(sqliteAt(tmp.dir)))())).toBe('VAULT_CORRUPT');
  });

  it('the wrong key is DECRYPT_FAILED, whatever the vault holds', async () => {
    await seed({ a: 'secret' });
    expect(await errorCode(testVault(sqliteAt(tmp.dir), { passphrase: 'Correct horse battery staple' }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(testVault(sqliteAt(tmp.dir), { ...PASS, appKey: new Uint8Array(32) }))).toBe('INVALID_INPUT');
  });

  it('a lowered iteration count in the header is refused before any key is derived', async () => {
    await seed({ a: 'secret' });
    edit((db) => {
      const meta = new TextDecoder().decode(db.get('SELECT v FROM zkvault_meta WHERE k = 0', [])!['v'] as Uint8Array);
      db.run('UPDATE zkvault_meta SET v = ? WHERE k = 0', [enc(meta.replace('"iterations":1000', '"iterations":10'))]);
    });
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('KDF_DOWNGRADE');
    expect(await errorCode(openVault(sqliteAt(tmp.dir), PASS, { policy: { ...TEST_OPTIONS.policy!, minIterations: 10 } }))).toBe('DECRYPT_FAILED');
  });
});
