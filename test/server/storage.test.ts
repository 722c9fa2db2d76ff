// The Postgres store on PGlite and (with DATABASE_URL) real Postgres: row-level security keeps a
// query that forgets its tenant filter inside its tenant; the group log's compare-and-swap append
// loses nothing and duplicates nothing under racing writers; expired state is purged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_SCOPE, GENESIS_PREV_HASH, PgStorage, type GroupLogEntry } from '../../examples/server/index.js';
import { createAccount, createResourceGroup, encryptResource, shareResourceGroupV2, type PqMember } from '../../src/model/index.js';
import { IT } from './client.js';
import { freshDb, STORE_KINDS, type TestDb } from './stores.js';

const entry = (seq: number, prevHash: string, writer = 'w'): GroupLogEntry => ({ seq, prevHash, hash: `h${seq}-${writer}`, entry: `e${seq} by ${writer}` });

describe.each(STORE_KINDS)('Postgres store on %s', (kind) => {
  let t: TestDb;
  let store: PgStorage;
  beforeAll(async () => {
    t = await freshDb(kind);
    store = new PgStorage(t.db);
    const { account } = await createAccount({ accountId: 'owner', passphrase: 'p', kdf: { iterations: IT }, srp: { bits: 2048 } });
    for (const tenantId of ['acme', 'evil']) {
      expect(await store.createOrg({ tenantId, admins: ['owner'], members: ['owner'] })).toBe(true);
      const { group, link } = await createResourceGroup({ tenantId, resourceGroupId: 'g' }, account);
      expect(await store.createGroup({ tenantId, resourceGroupId: 'g', owner: 'owner' }, link)).toBe(true);
      await store.putResource(await encryptResource({ resourceId: `r-${tenantId}`, type: 'Request', plaintext: `secret of ${tenantId}` }, group));
      expect(await store.appendGroupLogEntry(tenantId, 'g', entry(0, GENESIS_PREV_HASH, tenantId))).toBe(true);
    }
    account.dispose();
  });
  afterAll(() => t.drop());

  it('links v2 (issue 18) are stored next to the v1 link of the same sender, recipient and key version', async () => {
    const { account } = await createAccount({ accountId: 'pq', passphrase: 'p', kdf: { iterations: IT }, srp: { bits: 2048 } });
    const { group, link: v1 } = await createResourceGroup({ tenantId: 'acme', resourceGroupId: 'pqg' }, account);
    expect(await store.createGroup({ tenantId: 'acme', resourceGroupId: 'pqg', owner: 'pq' }, v1)).toBe(true);
    const v2 = await shareResourceGroupV2(group, account, account.identity as PqMember);
    await store.putLink(v2);
    expect(await store.listLinks('acme', 'pqg')).toEqual([v1, v2]);
    const again = await shareResourceGroupV2(group, account, account.identity as PqMember); // a fresh encapsulation
    await store.putLink(again);
    expect(await store.listLinks('acme', 'pqg')).toEqual([v1, again]); // replaced the v2 link only
    expect((await t.db.owner("SELECT link_v FROM links WHERE group_id = 'pqg' ORDER BY link_v")).map((r) => r['link_v'])).toEqual([1, 2]);
    await expect(t.db.owner("UPDATE links SET link_v = 3 WHERE group_id = 'pqg' AND link_v = 2")).rejects.toThrow(/check constraint/);
    expect(await store.deleteLinks('acme', 'pqg', 'pq')).toBe(2);
    group.dispose();
    account.dispose();
  });

  it('row-level security: a query with no tenant filter returns only its own tenant\'s rows', async () => {
    for (const table of ['resources', 'links', 'resource_groups', 'org_members', 'orgs', 'group_log']) {
      const rows = await t.db.tenant('acme', (q) => q(`SELECT tenant_id FROM ${table}`));
      expect(rows.length, table).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r['tenant_id'])), table).toEqual(new Set(['acme']));
      // Account-level tables are invisible from a tenant, and tenant tables from the account scope.
      expect(await t.db.tenant('acme', (q) => q('SELECT * FROM accounts'))).toEqual([]);
      expect(await t.db.tenant(ACCOUNT_SCOPE, (q) => q(`SELECT * FROM ${table}`))).toEqual([]);
    }
    // The owner role, outside row-level security, sees both: the rows are really there.
    expect((await t.db.owner('SELECT tenant_id FROM resources')).map((r) => r['tenant_id']).sort()).toEqual(['acme', 'evil']);
  });

  it('row-level security: no tenant set means no rows, and a write into another tenant is refused', async () => {
    expect(await t.db.tenant('', (q) => q('SELECT * FROM resources'))).toEqual([]);
    await expect(t.db.tenant('acme', (q) => q("UPDATE resources SET record = 'x' WHERE tenant_id = 'evil' RETURNING 1"))).resolves.toEqual([]);
    await expect(t.db.tenant('acme', (q) => q("DELETE FROM resources RETURNING tenant_id"))).resolves.toSatisfy((rows: unknown[]) => rows.every((r) => (r as { tenant_id: string }).tenant_id === 'acme'));
    await expect(t.db.tenant('acme', (q) => q("INSERT INTO orgs (tenant_id) VALUES ('planted')"))).rejects.toThrow(/row-level security/);
    expect((await t.db.owner('SELECT tenant_id FROM resources')).map((r) => r['tenant_id'])).toEqual(['evil']);
  });

  it('group log: compare-and-swap append, in order, per tenant', async () => {
    expect(await store.appendGroupLogEntry('acme', 'g', entry(0, GENESIS_PREV_HASH, 'again'))).toBe(false); // seq taken
    expect(await store.appendGroupLogEntry('acme', 'fresh', entry(0, 'not-the-genesis-hash'))).toBe(false); // seq 0 must name the genesis prevHash
    expect(await store.appendGroupLogEntry('acme', 'g', entry(1, 'wrong'))).toBe(false); // prevHash mismatch
    expect(await store.appendGroupLogEntry('acme', 'g', entry(2, 'h1-w'))).toBe(false); // gap
    expect(await store.appendGroupLogEntry('acme', 'g', entry(1, 'h0-acme'))).toBe(true);
    expect(await store.appendGroupLogEntry('acme', 'g', entry(2, 'h1-w'))).toBe(true);
    expect(await store.appendGroupLogEntry('acme', 'g', { ...entry(3, 'h2-w'), seq: -1 })).toBe(false);
    expect((await store.listGroupLog('acme', 'g', 0)).map((e) => e.hash)).toEqual(['h0-acme', 'h1-w', 'h2-w']);
    expect(await store.listGroupLog('acme', 'g', 2)).toEqual([entry(2, 'h1-w')]);
    expect((await store.listGroupLog('evil', 'g', 0)).map((e) => e.hash)).toEqual(['h0-evil']);
    expect(await store.listGroupLog('nobody', 'g', 0)).toEqual([]);
  });

  it('group log: two connections racing appends lose nothing and duplicate nothing', async () => {
    const other = new PgStorage(await t.connect());
    const writers = [store, other];
    const wins = [0, 0];
    const deadline = Date.now() + 20_000;
    await Promise.all(
      writers.map(async (s, w) => {
        for (let i = 0; i < 15 && Date.now() < deadline; ) {
          const log = await s.listGroupLog('acme', 'race', 0);
          const last = log.at(-1);
          if (await s.appendGroupLogEntry('acme', 'race', entry(log.length, last?.hash ?? GENESIS_PREV_HASH, `${w}.${i}`))) {
            wins[w]!++;
            i++;
          }
        }
      }),
    );
    const log = await store.listGroupLog('acme', 'race', 0);
    expect(log.length).toBe(wins[0]! + wins[1]!);
    expect(log.length).toBe(30);
    log.forEach((e, i) => {
      expect(e.seq).toBe(i);
      expect(e.prevHash).toBe(i === 0 ? GENESIS_PREV_HASH : log[i - 1]!.hash);
    });
    expect(new Set(log.map((e) => e.hash)).size).toBe(log.length);
  });

  it('purges expired login state and sessions', async () => {
    await store.putSession('A'.repeat(43), { accountId: 'x', expiresAt: 10 });
    await store.putSession('B'.repeat(43), { accountId: 'x', expiresAt: 1e13 });
    expect(await store.putPendingLogin('l1', { accountId: 'x', A: 'AA', state: {} as never, expiresAt: 10 }, { now: 0, perAccount: 5, global: 5 })).toBe(true);
    expect(await store.getSession('A'.repeat(43), 11)).toBeUndefined();
    expect(await store.purgeExpired(11)).toBeGreaterThanOrEqual(2);
    expect(await t.db.owner('SELECT token_hash FROM sessions')).toHaveLength(1);
    expect(await t.db.owner('SELECT * FROM pending_logins')).toHaveLength(0);
    // Tokens are stored hashed.
    expect(JSON.stringify(await t.db.owner('SELECT * FROM sessions'))).not.toContain('B'.repeat(43));
  });
});
