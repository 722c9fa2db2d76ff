// zkvault/vault's IndexedDB store in a real browser with the web backend: put, get, list by
// collection and prefix across pages, an atomic transaction, reopen from the same database, the
// open scan catching a replayed row, the anchor catching a rollback, and a wrong passphrase.
import { describe, expect, it } from 'vitest';
import { ZkvaultError } from '../../src/errors.js';
import { DEFAULT_PASSPHRASE_POLICY } from '../../src/model/policy.js';
import { openIndexedDbStore } from '../../src/vault/indexeddb-store.js';
import { openVault, type VaultAnchor } from '../../src/vault/vault.js';

const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 };
const options = { iterations: 1000, policy };
const unlock = { passphrase: 'browser vault passphrase' };
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (!(e instanceof ZkvaultError)) throw e;
    return e.code;
  }
}

describe('vault on IndexedDB', () => {
  it('round trip, collections, prefixes, transactions and reopen', async () => {
    const name = `vault-${crypto.randomUUID()}`;
    const v = await openVault(await openIndexedDbStore(name), unlock, options);
    await v.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await tx.put(`req/${i}`, enc(`request ${i}`), { collection: 'Request' });
      await tx.put('ws/1', enc('workspace'), { collection: 'Workspace' });
    });
    await v.put('settings', enc('{"theme":"dark"}'));
    await expect(v.transaction(async (tx) => {
      await tx.put('settings', enc('lost'));
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(dec(await v.get('settings'))).toBe('{"theme":"dark"}');
    let n = 0;
    for await (const e of v.list({ collection: 'Request' })) {
      expect(dec(e.value)).toBe(`request ${e.key.slice(4)}`);
      n++;
    }
    expect(n).toBe(300);
    let p = 0;
    for await (const _ of v.list({ prefix: 'req/2' })) p++;
    expect(p).toBe(111);
    expect(await v.delete('ws/1')).toBe(true);
    await v.close();
    const again = await openVault(await openIndexedDbStore(name), unlock, { policy });
    expect(again.count).toBe(301);
    expect(again.counter).toBe(3);
    expect((await again.verify()).ok).toBe(true);
    await again.close();
    expect(await code(openVault(await openIndexedDbStore(name), { passphrase: 'wrong' }, { policy }))).toBe('DECRYPT_FAILED');
  });

  it('a replayed row is VAULT_CORRUPT; an old header is ROLLBACK_DETECTED against the anchor', async () => {
    const name = `vault-${crypto.randomUUID()}`;
    let last: number | undefined;
    const anchor: VaultAnchor = { read: () => last, write: (_id, c) => void (last = c) };
    const store = await openIndexedDbStore(name);
    const v = await openVault(store, unlock, { ...options, anchor });
    await v.put('a', enc('old'));
    const [oldRow] = await store.list({ limit: 10 });
    const oldMeta = await store.readMeta();
    await v.put('a', enc('new'));
    await v.close();
    const raw = await openIndexedDbStore(name);
    await raw.commit({ put: [oldRow!], delete: [] });
    expect(await code(openVault(raw, unlock, { policy, anchor }))).toBe('VAULT_CORRUPT');
    await raw.commit({ meta: oldMeta!, expectMeta: (await raw.readMeta())!, put: [], delete: [] });
    expect(await code(openVault(raw, unlock, { policy, anchor }))).toBe('ROLLBACK_DETECTED');
    await raw.close();
  });
});
