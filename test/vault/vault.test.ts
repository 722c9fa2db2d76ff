// zkvault/vault: the API over the memory and SQLite stores: round trips, collections and prefixes,
// transactions (all or nothing), limits, unlocking (passphrase, account, app key), re-keying,
// the anchor (whole-vault rollback) and the policy floor.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/model/account-signup.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import { openSqliteStore, sqliteIntegrity } from '../../src/vault/sqlite-store.js';
import type { VaultStore } from '../../src/vault/store.js';
import { openVault, VAULT_MAX_COLLECTION_LENGTH, VAULT_MAX_KEY_LENGTH, VAULT_MAX_VALUE_BYTES, type VaultEntry } from '../../src/vault/vault.js';
import { errorCode, syncErrorCode, zkvaultErrorOf } from '../helpers/errors.js';
import { dec, enc, PASS, sqliteAt, tempDir, TEST_OPTIONS, TEST_POLICY, testVault } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let memory: VaultStore;
beforeEach(() => {
  tmp = tempDir();
  memory = createMemoryStore();
});
afterEach(() => tmp.cleanup());

async function all(it: AsyncIterable<VaultEntry>): Promise<VaultEntry[]> {
  const out: VaultEntry[] = [];
  for await (const e of it) out.push(e);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe.each([
  // Each call opens the test's one store again (the memory store survives close; SQLite reopens its file).
  ['memory', (): VaultStore => memory],
  ['sqlite', (): VaultStore => sqliteAt(tmp.dir)],
])('vault over the %s store', (_name, makeStore) => {
  it('puts, gets, overwrites, deletes; counter and count follow', async () => {
    const v = await testVault(makeStore());
    expect(v.counter).toBe(0);
    await v.put('a', enc('one'));
    await v.put('b', enc('two'), { collection: 'C' });
    expect(dec(await v.get('a'))).toBe('one');
    await v.put('a', enc('uno'));
    expect(dec(await v.get('a'))).toBe('uno');
    expect(await v.delete('b')).toBe(true);
    expect(await v.delete('b')).toBe(false);
    expect(await v.get('b')).toBeUndefined();
    expect(v.count).toBe(1);
    expect(v.counter).toBe(5); // one commit per put/delete (a delete of a missing key commits too)
    expect((await v.verify()).ok).toBe(true);
    await v.close();
  });

  it('lists by collection and by prefix, across pages', async () => {
    const v = await testVault(makeStore());
    await v.transaction(async (tx) => {
      for (let i = 0; i < 600; i++) await tx.put(`req/${i}`, enc(`r${i}`), { collection: 'Request' });
      for (let i = 0; i < 10; i++) await tx.put(`ws/${i}`, enc(`w${i}`), { collection: 'Workspace' });
    });
    expect((await all(v.list({ collection: 'Request' }))).length).toBe(600);
    const ws = await all(v.list({ collection: 'Workspace' }));
    expect(ws.map((e) => e.key)).toEqual([...Array(10).keys()].map((i) => `ws/${i}`));
    expect(ws.every((e) => e.collection === 'Workspace' && dec(e.value) === `w${e.key.slice(3)}`)).toBe(true);
    expect((await all(v.list({ prefix: 'req/1' }))).length).toBe(111); // 1, 10-19, 100-199
    expect((await all(v.list())).length).toBe(610);
    expect((await all(v.list({ collection: 'none' }))).length).toBe(0);
    await v.close();
  });

  it('a transaction commits all its writes at once, or none if it throws', async () => {
    const store = makeStore();
    const v = await testVault(store);
    await v.put('x', enc('0'));
    await expect(
      v.transaction(async (tx) => {
        await tx.put('x', enc('1'));
        await tx.put('y', enc('1'));
        expect(dec(await tx.get('x'))).toBe('1'); // the transaction sees its own writes
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(dec(await v.get('x'))).toBe('0');
    expect(await v.get('y')).toBeUndefined();
    const r = await v.transaction(async (tx) => {
      await tx.put('x', enc('2'));
      await tx.delete('x');
      await tx.put('y', enc('2'));
      return 'done';
    });
    expect(r).toBe('done');
    expect(await v.get('x')).toBeUndefined();
    expect(dec(await v.get('y'))).toBe('2');
    expect(v.counter).toBe(2);
    await v.close();
    const again = await testVault(makeStore());
    expect(again.count).toBe(1);
    await again.close();
  });

  it('refuses oversized keys, collections and values with TOO_LARGE, before writing', async () => {
    const v = await testVault(makeStore());
    expect(await errorCode(v.put('k'.repeat(VAULT_MAX_KEY_LENGTH + 1), enc('v')))).toBe('TOO_LARGE');
    expect(await errorCode(v.put('k', enc('v'), { collection: 'c'.repeat(VAULT_MAX_COLLECTION_LENGTH + 1) }))).toBe('TOO_LARGE');
    expect(await errorCode(v.put('k', new Uint8Array(VAULT_MAX_VALUE_BYTES + 1)))).toBe('TOO_LARGE');
    expect(await errorCode(v.get('k'.repeat(VAULT_MAX_KEY_LENGTH + 1)))).toBe('TOO_LARGE');
    await v.put('k'.repeat(VAULT_MAX_KEY_LENGTH), enc('max key is fine'));
    expect(await errorCode(v.put('', enc('v')))).toBe('INVALID_INPUT');
    expect(await errorCode(v.put('\uD800', enc('v')))).toBe('INVALID_INPUT');
    expect(await errorCode(v.put('k', 'text' as unknown as Uint8Array))).toBe('INVALID_INPUT');
    expect(v.count).toBe(1);
    expect(v.counter).toBe(1);
    await v.close();
  });
});

describe('unlocking', () => {
  it('a wrong passphrase is DECRYPT_FAILED and reads nothing', async () => {
    const store = createMemoryStore();
    const v = await testVault(store);
    await v.put('a', enc('secret'));
    await v.close();
    expect(await errorCode(testVault(store, { passphrase: 'wrong' }))).toBe('DECRYPT_FAILED');
  });

  it('an account vault opens with the same account only', async () => {
    const o = { passphrase: 'pw', kdf: { iterations: 1000 }, srp: { bits: 2048 } } as const;
    const jane = (await createAccount({ ...o, accountId: 'jane' })).account;
    const joe = (await createAccount({ ...o, accountId: 'joe' })).account;
    const store = createMemoryStore();
    const v = await openVault(store, { account: jane });
    await v.put('a', enc('jane'));
    await v.close();
    expect(await errorCode(openVault(store, { account: joe }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(openVault(store, PASS, { policy: TEST_POLICY }))).toBe('INVALID_INPUT'); // wrong kind of unlock
    const again = await openVault(store, { account: jane });
    expect(dec(await again.get('a'))).toBe('jane');
    await again.close();
    jane.dispose();
    joe.dispose();
  });

  it('an app key is required once set, and must be the right one', async () => {
    const appKey = crypto.getRandomValues(new Uint8Array(32));
    const store = createMemoryStore();
    const v = await testVault(store, { ...PASS, appKey });
    await v.put('a', enc('x'));
    await v.close();
    expect(await errorCode(testVault(store, PASS))).toBe('INVALID_INPUT');
    expect(await errorCode(testVault(store, { ...PASS, appKey: new Uint8Array(32) }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(testVault(store, { ...PASS, appKey: new Uint8Array(31) }))).toBe('INVALID_INPUT');
    const again = await testVault(store, { ...PASS, appKey });
    expect(dec(await again.get('a'))).toBe('x');
    await again.close();
  });

  it('passphrase parameters go through the account policy (KDF_DOWNGRADE below the floor)', async () => {
    expect(await errorCode(openVault(createMemoryStore(), PASS, { iterations: 999, policy: TEST_POLICY }))).toBe('KDF_DOWNGRADE');
    const store = createMemoryStore();
    await (await testVault(store)).close();
    // The vault was made with 1000 iterations; the default policy's floor is 600,000.
    expect(await errorCode(openVault(store, PASS))).toBe('KDF_DOWNGRADE');
  });

  it('checks its arguments', async () => {
    expect(await errorCode(openVault(createMemoryStore(), {} as never))).toBe('INVALID_INPUT');
    expect(await errorCode(openVault(createMemoryStore(), { passphrase: 'a', account: {} } as never))).toBe('INVALID_INPUT');
    expect(await errorCode(openVault({} as never, PASS))).toBe('INVALID_INPUT');
    expect(await errorCode(openVault(createMemoryStore(), PASS, { ...TEST_OPTIONS, scan: 'yes' } as never))).toBe('INVALID_INPUT');
    expect(await errorCode(openVault(createMemoryStore(), PASS, { ...TEST_OPTIONS, anchor: {} } as never))).toBe('INVALID_INPUT');
    expect(await errorCode(openVault(createMemoryStore(), PASS, { ...TEST_OPTIONS, create: false }))).toBe('INVALID_INPUT');
    expect(() => openSqliteStore('')).toThrow();
  });

  it('a path that cannot be opened is INVALID_INPUT naming "path", not the driver\'s raw error nor the path', async () => {
    for (const path of [join(tmp.dir, 'missing-folder', 'a.vault'), tmp.dir]) {
      for (const open of [() => openSqliteStore(path), () => sqliteIntegrity(path)]) {
        expect(syncErrorCode(open)).toBe('INVALID_INPUT');
        const e = await zkvaultErrorOf((async () => open())());
        expect(e.message).toMatch(/^"path" cannot be opened/);
        expect(e.message).not.toContain(tmp.dir);
      }
    }
  });
});

describe('re-keying', () => {
  it('a passphrase change keeps every record; the old passphrase no longer opens', async () => {
    const store = sqliteAt(tmp.dir);
    const v = await testVault(store);
    for (let i = 0; i < 50; i++) await v.put(`k${i}`, enc(`v${i}`));
    await v.rekey({ passphrase: 'new passphrase' }, { iterations: 1000 });
    await v.put('after', enc('rekey'));
    await v.close();
    expect(await errorCode(testVault(sqliteAt(tmp.dir)))).toBe('DECRYPT_FAILED');
    const again = await testVault(sqliteAt(tmp.dir), { passphrase: 'new passphrase' });
    for (let i = 0; i < 50; i++) expect(dec(await again.get(`k${i}`))).toBe(`v${i}`);
    expect(dec(await again.get('after'))).toBe('rekey');
    expect((await again.verify()).ok).toBe(true);
    await again.close();
  });

  it('moves from a passphrase to an account (and its rotation) without data loss', async () => {
    const o = { passphrase: 'pw', kdf: { iterations: 1000 }, srp: { bits: 2048 } } as const;
    const before = (await createAccount({ ...o, accountId: 'jane' })).account;
    const after = (await createAccount({ ...o, accountId: 'jane' })).account; // a new SYM_Account for the same id
    const store = createMemoryStore();
    const v = await testVault(store);
    await v.put('a', enc('kept'));
    await v.rekey({ account: before });
    await v.close();
    const v2 = await openVault(store, { account: before });
    await v2.rekey({ account: after });
    await v2.close();
    expect(await errorCode(openVault(store, { account: before }))).toBe('DECRYPT_FAILED');
    const v3 = await openVault(store, { account: after });
    expect(dec(await v3.get('a'))).toBe('kept');
    await v3.close();
    before.dispose();
    after.dispose();
  });
});

describe('rollback of the whole vault', () => {
  it('an anchor holding a newer counter refuses an older copy (ROLLBACK_DETECTED)', async () => {
    let anchored: number | undefined;
    const anchor = { read: () => anchored, write: (_id: string, n: number) => void (anchored = n) };
    const store = createMemoryStore();
    const v = await testVault(store, PASS, { anchor });
    await v.put('a', enc('1'));
    const snapshot = await store.readMeta();
    await v.put('a', enc('2'));
    expect(anchored).toBe(2);
    await v.close();
    // An older header (counter 1) put back: the anchor says 2.
    const old = createMemoryStore();
    await old.commit({ meta: snapshot!, put: [], delete: [] });
    expect(await errorCode(testVault(old, PASS, { anchor, scan: false }))).toBe('ROLLBACK_DETECTED');
    // Without an anchor the same copy opens: that is the documented limit.
    const opened = await testVault(old, PASS, { scan: false });
    expect(opened.counter).toBe(1);
    await opened.close();
  });
});

describe('stores and lifecycle', () => {
  it('SQLite driver: node:sqlite when the runtime has it, else better-sqlite3; forcing either works or is UNSUPPORTED', async () => {
    const hasBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite') !== undefined;
    const forced = openSqliteStore(`${tmp.dir}/b.vault`, { driver: 'better-sqlite3' });
    const v = await testVault(forced);
    await v.put('a', enc('x'));
    await v.close();
    if (hasBuiltin) {
      const b = await testVault(openSqliteStore(`${tmp.dir}/b.vault`, { driver: 'builtin' }));
      expect(dec(await b.get('a'))).toBe('x');
      await b.close();
    } else {
      expect(() => openSqliteStore(`${tmp.dir}/c.vault`, { driver: 'builtin' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }) as Error);
    }
    expect(() => openSqliteStore(`${tmp.dir}/c.vault`, { driver: 'sqlite3' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as Error);
  });

  it('two writers on one file: the second commit is VAULT_CONFLICT and writes nothing', async () => {
    const a = await testVault(sqliteAt(tmp.dir));
    const b = await testVault(sqliteAt(tmp.dir));
    await a.put('k', enc('from a'));
    expect(await errorCode(b.put('k', enc('from b')))).toBe('VAULT_CONFLICT');
    expect(dec(await b.get('k'))).toBe('from a');
    await a.close();
    await b.close();
    const c = await testVault(sqliteAt(tmp.dir));
    expect(c.counter).toBe(1);
    await c.close();
  });

  it('a closed vault is KEY_LOCKED; IndexedDB off the browser is UNSUPPORTED', async () => {
    const v = await testVault(createMemoryStore());
    await v.close();
    await v.close(); // idempotent
    expect(await errorCode(v.get('a'))).toBe('KEY_LOCKED');
    expect(await errorCode(v.put('a', enc('x')))).toBe('KEY_LOCKED');
    const { openIndexedDbStore } = await import('../../src/vault/indexeddb-store.js');
    expect(await errorCode(openIndexedDbStore('x'))).toBe('UNSUPPORTED');
    expect(await errorCode(openIndexedDbStore(''))).toBe('INVALID_INPUT');
  });
});
