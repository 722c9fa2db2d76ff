// The vault's bookkeeping decides (issue 19, mutation testing of src/vault/vault.ts): verify()'s
// exact result, repairVault's exact report, what a transaction reads and commits, the batch it hands
// the store, the DEK AAD of an app-key vault and the app-key flag of a rekey. Each test asserts whole
// results, so a count, flag or filter that is off by one or dropped fails it.
import { hkdfSync, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toHex } from '../../src/bytes/index.js';
import { envelopeKey } from '../../src/envelope/api.js';
import { accAdd, encodeState, joinRecord } from '../../src/vault/format.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import type { VaultBatch, VaultStore } from '../../src/vault/store.js';
import { openVault, repairVault, type Vault } from '../../src/vault/vault.js';
import { outcome } from '../helpers/errors.js';
import { dec, enc, keysOf, PASS, TEST_OPTIONS, TEST_POLICY, testVault } from './helpers.js';

/** A store that records every batch and counts close() calls. */
function recording(inner: VaultStore = createMemoryStore()): { store: VaultStore; batches: VaultBatch[]; closes: () => number } {
  const batches: VaultBatch[] = [];
  let closes = 0;
  const store: VaultStore = {
    readMeta: () => inner.readMeta(),
    get: (id) => inner.get(id),
    list: (o) => inner.list(o),
    count: () => inner.count(),
    commit: (b) => {
      batches.push(b);
      return inner.commit(b);
    },
    close: () => {
      closes++;
      return inner.close();
    },
  };
  return { store, batches, closes: () => closes };
}

/** A closed vault holding `keys` (one commit each), in collection "C". */
async function holding(keys: readonly string[], store: VaultStore = createMemoryStore()): Promise<VaultStore> {
  const v = await testVault(store);
  for (const k of keys) await v.put(k, enc(`value of ${k}`), { collection: 'C' });
  await v.close();
  return store;
}

/** Flips the last byte of the envelope of each row at `indexes` (in list order). */
async function damage(store: VaultStore, indexes: readonly number[]): Promise<void> {
  const rows = await store.list({ limit: 100 });
  const put = indexes.map((i) => {
    const row = rows[i]!;
    const value = row.value.slice();
    value[value.length - 1]! ^= 1;
    return { ...row, value };
  });
  await store.commit({ put, delete: [] });
}

/** The bytes of every envelope in the store. */
async function envelopeBytes(store: VaultStore): Promise<number> {
  return (await store.list({ limit: 100 })).reduce((n, r) => n + r.value.length, 0);
}

const opened = (store: VaultStore, scan = true): Promise<Vault> => testVault(store, PASS, { scan });

describe('verify(): the exact result', () => {
  it('a sound vault: every row, the bytes of every envelope, no damage, the counter, ok; the vault stays writable', async () => {
    const store = await holding(['a', 'b', 'c']);
    const v = await opened(store);
    await v.delete('b');
    await v.put('d', new Uint8Array(1000));
    expect(await v.verify()).toEqual({ records: 3, bytes: await envelopeBytes(store), damaged: 0, counter: 5, ok: true });
    expect(await envelopeBytes(store)).toBeGreaterThan(1000);
    expect(v.status).toBe('ok');
    await v.put('e', enc('still writable'));
    await v.close();
  });

  it('rows that do not authenticate are counted, not thrown, and the vault becomes damaged', async () => {
    for (const bad of [[1], [0, 2]]) {
      const store = await holding(['a', 'b', 'c']);
      await damage(store, bad);
      const v = await opened(store, false);
      expect(v.status).toBe('ok');
      expect(await v.verify()).toEqual({ records: 3, bytes: await envelopeBytes(store), damaged: bad.length, counter: 3, ok: false });
      expect(v.status).toBe('damaged');
      await v.close();
    }
  });

  it('a header that counts one row too many is not ok, with no row damaged, and marks the vault damaged', async () => {
    const store = await holding(['a']);
    const k = await keysOf(store);
    const meta = enc(JSON.stringify(await k.withState(encodeState({ ...k.state, count: 2 }))));
    await store.commit({ meta, expectMeta: await store.readMeta(), put: [], delete: [] });
    const v = await opened(store, false);
    expect(await v.verify()).toEqual({ records: 1, bytes: await envelopeBytes(store), damaged: 0, counter: 1, ok: false });
    expect(v.status).toBe('damaged');
    await v.close();
  });

  it('a header with the right count and another accumulator is not ok', async () => {
    const store = await holding(['a']);
    const k = await keysOf(store);
    const meta = enc(JSON.stringify(await k.withState(encodeState({ ...k.state, acc: new Uint8Array(32) }))));
    await store.commit({ meta, expectMeta: await store.readMeta(), put: [], delete: [] });
    const v = await opened(store, false);
    expect(await v.verify()).toEqual({ records: 1, bytes: await envelopeBytes(store), damaged: 0, counter: 1, ok: false });
    await v.close();
  });

  it('a row the header counts and sums, that does not open (key "b" sealed at the id of "a"), is damaged and not ok', async () => {
    const store = await holding([]);
    const k = await keysOf(store);
    const row = await k.row('a', '', 1, joinRecord(enc('b'), enc(''), enc('v')));
    const acc = new Uint8Array(32);
    accAdd(acc, k.element(row), 1);
    const meta = enc(JSON.stringify(await k.withState(encodeState({ counter: 1, count: 1, acc }))));
    await store.commit({ meta, expectMeta: await store.readMeta(), put: [row], delete: [] });
    const v = await opened(store); // the scan passes: the row is the one the header sums
    expect(await v.verify()).toEqual({ records: 1, bytes: row.value.length, damaged: 1, counter: 1, ok: false });
    await v.close();
  });

  it('closing the vault during verify rejects it with KEY_LOCKED, not with a damage report', async () => {
    const v = await opened(await holding(['a', 'b', 'c']));
    const running = v.verify();
    await v.close();
    expect(await outcome(() => running)).toBe('KEY_LOCKED: zkvault: the vault is closed');
  });
});

describe('repairVault: the exact report', () => {
  it('keeps the rows that authenticate, drops the others, and commits counter + 1 with the kept rows', async () => {
    const store = await holding(['a', 'b', 'c', 'd']);
    await damage(store, [0, 3]);
    const bad = (await store.list({ limit: 100 })).filter((_, i) => i === 0 || i === 3).map((r) => toHex(r.id));
    expect(await repairVault(store, PASS, TEST_OPTIONS)).toEqual({ kept: 2, dropped: 2, counter: 5 });
    const left = (await store.list({ limit: 100 })).map((r) => toHex(r.id));
    expect(left).toHaveLength(2);
    for (const id of bad) expect(left).not.toContain(id);
    const v = await opened(store); // the scan checks the new count and accumulator
    expect(v.counter).toBe(5);
    expect(v.count).toBe(2);
    expect(await v.verify()).toEqual({ records: 2, bytes: await envelopeBytes(store), damaged: 0, counter: 5, ok: true });
    await v.close();
  });

  it('a sound vault: keeps every row, drops none, and still commits once', async () => {
    const store = await holding(['a', 'b']);
    expect(await repairVault(store, PASS, TEST_OPTIONS)).toEqual({ kept: 2, dropped: 0, counter: 3 });
    const v = await opened(store);
    expect([v.counter, v.count, dec(await v.get('b'))]).toEqual([3, 2, 'value of b']);
    await v.close();
  });

  it('closes the store it repaired', async () => {
    const r = recording(await holding(['a']));
    expect(await repairVault(r.store, PASS, TEST_OPTIONS)).toEqual({ kept: 1, dropped: 0, counter: 2 });
    expect(r.closes()).toBe(1);
  });
});

describe('transactions: reads, commits and the batch', () => {
  it('a transaction reads its own writes and deletes before they are committed', async () => {
    const store = await holding(['a', 'b']);
    const v = await opened(store);
    const seen = await v.transaction(async (tx) => {
      await tx.put('a', enc('new a'));
      const a = dec(await tx.get('a'));
      const deleted = [await tx.delete('b'), await tx.delete('b'), await tx.delete('never')];
      const b = await tx.get('b');
      return { a, deleted, b, stored: dec(await v.get('a')) };
    });
    expect(seen).toEqual({ a: 'new a', deleted: [true, false, false], b: undefined, stored: 'value of a' });
    expect([dec(await v.get('a')), await v.get('b'), v.count, v.counter]).toEqual(['new a', undefined, 1, 3]);
    await v.close();
  });

  it('a transaction that writes nothing commits nothing: counter, header and anchor unchanged', async () => {
    const store = await holding(['a']);
    const writes: number[] = [];
    const v = await openVault(store, PASS, { ...TEST_OPTIONS, anchor: { read: () => undefined, write: (_, c) => void writes.push(c) } });
    const meta = await store.readMeta();
    expect(await v.transaction(async (tx) => dec(await tx.get('a')))).toBe('value of a');
    expect(await v.transaction(() => 'nothing')).toBe('nothing');
    expect([v.counter, writes, await store.readMeta()]).toEqual([1, [], meta]);
    await v.close();
  });

  it('the batch of a commit puts the written rows and deletes only the deleted ids (never an id it puts)', async () => {
    const r = recording(await holding(['a', 'b', 'c']));
    const v = await opened(r.store);
    const before = r.batches.length;
    await v.transaction(async (tx) => {
      await tx.put('a', enc('1'));
      await tx.delete('b');
      await tx.put('d', enc('2'));
    });
    expect(r.batches).toHaveLength(before + 1);
    const batch = r.batches[before]!;
    const idOf = async (key: string): Promise<string> => toHex(await idFor(r.store, key));
    expect(batch.put.map((row) => toHex(row.id)).sort()).toEqual([await idOf('a'), await idOf('d')].sort());
    expect(batch.delete.map(toHex)).toEqual([await idOf('b')]);
    await v.close();
  });

  it('tx.get checks its key as get does', async () => {
    const v = await opened(await holding([]));
    for (const key of [5, '', '\ud800']) {
      const msg = 'INVALID_INPUT: "key" expected a well-formed non-empty string';
      expect(await outcome(() => v.transaction((tx) => tx.get(key as string))), String(key)).toBe(msg);
      expect(await outcome(() => v.get(key as string))).toBe(msg);
    }
    await v.close();
  });
});

/** The row id of `key`: HMAC(index, 0x00 ‖ key), from the key schedule outside the vault. */
async function idFor(store: VaultStore, key: string): Promise<Uint8Array> {
  return (await (await keysOf(store)).row(key, '', 0, new Uint8Array(0))).id;
}

describe('the app key in the format', () => {
  // ctx(label, f1, …) = u32be(len) ‖ bytes per field (docs/formats.md, "Model records v1").
  const ctx = (...fields: string[]): Buffer => Buffer.concat(fields.flatMap((f) => [Buffer.from([0, 0, 0, Buffer.byteLength(f)]), Buffer.from(f, 'utf8')]));

  it('the DEK envelope AAD is ctx(dek, id, canonical(unlock), "app-key" or ""), rebuilt from docs/formats.md', async () => {
    const appKey = new Uint8Array(32).fill(9);
    for (const withKey of [true, false]) {
      const store = createMemoryStore();
      const unlock = withKey ? { ...PASS, appKey: appKey.slice() } : PASS;
      await (await testVault(store, unlock)).close();
      const h = JSON.parse(dec(await store.readMeta())!) as { id: string; unlock: { kind: string; iterations: number; salt: string }; appKey: boolean; dek: string };
      expect(h.appKey).toBe(withKey);
      const salt = fromBase64url(h.unlock.salt);
      const base = pbkdf2Sync(Buffer.from((PASS as { passphrase: string }).passphrase.normalize('NFKD'), 'utf8'), salt, h.unlock.iterations, 32, 'sha256');
      const ikm = withKey ? Buffer.concat([base, appKey]) : base;
      const kek = new Uint8Array(hkdfSync('sha256', ikm, salt, ctx('zkvault/v1/vault/kek', h.id, 'passphrase', ''), 32));
      const canonical = JSON.stringify({ kind: 'passphrase', iterations: h.unlock.iterations, salt: h.unlock.salt });
      const aad = ctx('zkvault/v1/vault/dek', h.id, canonical, withKey ? 'app-key' : '');
      const dek = await (await envelopeKey(kek)).open(fromBase64url(h.dek), { aad });
      expect(dek.length).toBe(32);
    }
  });

  it('a rekey with an app key records it: the vault then opens with the app key and not without', async () => {
    const store = await holding(['a']);
    const appKey = new Uint8Array(32).fill(4);
    const v = await opened(store);
    await v.rekey({ passphrase: 'new', appKey: appKey.slice() }, { iterations: 1000 });
    await v.close();
    expect((JSON.parse(dec(await store.readMeta())!) as { appKey: unknown }).appKey).toBe(true);
    const open = (unlock: Parameters<typeof openVault>[1]): Promise<string> => outcome(async () => (await openVault(store, unlock, { ...TEST_OPTIONS, policy: TEST_POLICY })).close());
    expect(await open({ passphrase: 'new' })).toBe('INVALID_INPUT: "unlock.appKey" is required: this vault was made with an app key');
    expect(await open({ passphrase: 'new', appKey: appKey.slice() })).toBe('OK');
    const w = await openVault(store, { passphrase: 'new', appKey: appKey.slice() }, TEST_OPTIONS);
    await w.rekey({ passphrase: 'new' }, { iterations: 1000 });
    await w.close();
    expect((JSON.parse(dec(await store.readMeta())!) as { appKey: unknown }).appKey).toBe(false);
    expect(await open({ passphrase: 'new' })).toBe('OK');
  });
});
