// The reference server's group log: append-only storage with compare-and-swap on the previous
// hash (one of two concurrent appends wins, the other gets 409, re-verifies and retries), link
// writes only from the link's sender, and the store's two log methods on their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOMY } from './client.js';
import { freshDb, STORE_KINDS, type TestDb } from './stores.js';
import { GENESIS_PREV_HASH, PgStorage, startServer, type RunningServer } from '../../examples/server/index.js';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import {
  addGroupMember,
  createAccount,
  createGroupLog,
  groupLogRecord,
  openLinkVerified,
  rotateGroupKey,
  setGroupRole,
  ClientLogin,
  unlockAccount,
  verifyGroupLog,
  type LoginParams,
  type UnlockedAccount,
} from '../../src/model/index.js';

const IT = 1000; // test-only KDF setting
let server: RunningServer;

async function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(server.url + path, init);
  return { status: res.status, json: await res.json() };
}

async function user(accountId: string): Promise<{ token: string; account: UnlockedAccount }> {
  const passphrase = `${accountId} pass`;
  const { record } = await createAccount({ accountId, passphrase, kdf: { iterations: IT }, srp: { bits: 2048 } });
  expect((await call('POST', '/v1/signup', { record })).status).toBe(201);
  const params = (await call('POST', '/v1/login/params', { accountId })).json as LoginParams;
  const l = await ClientLogin.start({ accountId, passphrase, params, minIterations: IT });
  const a = await call('POST', '/v1/login/a', { accountId, A: toBase64url(l.A) });
  const m = await call('POST', '/v1/login/m1', { loginId: a.json.loginId, M1: toBase64url(await l.respond(fromBase64url(a.json.B))) });
  await l.verify(fromBase64url(m.json.M2));
  return { token: m.json.token, account: await unlockAccount(record, l) };
}

const LOG = '/v1/orgs/acme/groups/g1/log';

describe('reference server: group log', () => {
  let jane: { token: string; account: UnlockedAccount };
  let bob: { token: string; account: UnlockedAccount };
  let eve: { token: string; account: UnlockedAccount };

  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb('pglite');
    server = await startServer(0, { ...ROOMY, storage: new PgStorage(t.db) });
    [jane, bob, eve] = await Promise.all([user('jane'), user('bob'), user('eve')]);
    await call('POST', '/v1/orgs', { tenantId: 'acme' }, jane.token);
    for (const who of ['bob', 'eve']) await call('POST', '/v1/orgs/acme/members', { accountId: who }, jane.token);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('appends with compare-and-swap: of two concurrent appends one wins, the loser gets 409, re-verifies and retries', async () => {
    const c = await createGroupLog({ tenantId: 'acme', resourceGroupId: 'g1' }, jane.account);
    expect((await call('POST', '/v1/orgs/acme/groups', { link: c.links[0] }, jane.token)).status).toBe(201);
    expect((await call('POST', LOG, { entry: toBase64url(c.entry) }, jane.token)).json).toEqual({ seq: 0, hash: groupLogRecord(c.entry).hash });
    const add = await addGroupMember(c.state, jane.account, { group: c.group, member: bob.account.identity, role: 'admin' });
    expect((await call('POST', LOG, { entry: toBase64url(add.entry) }, jane.token)).status).toBe(201);
    expect((await call('PUT', '/v1/orgs/acme/groups/g1/links', { link: add.link }, jane.token)).status).toBe(200);

    // Bob and Jane both work from seq 1 and append at once.
    const { state: bobState } = verifyGroupLog((await call('GET', `${LOG}?from=0`, undefined, bob.token)).json.entries);
    const bobGroup = await openLinkVerified(add.link, bob.account, bobState);
    const bobRotate = await rotateGroupKey(bobState, bob.account, { group: bobGroup });
    const janeRole = setGroupRole(add.state, jane.account, { memberId: 'bob', role: 'writer' });
    const [r1, r2] = await Promise.all([
      call('POST', LOG, { entry: toBase64url(bobRotate.entry) }, bob.token),
      call('POST', LOG, { entry: toBase64url(janeRole.entry) }, jane.token),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    const [loser, loserState] = r1.status === 409 ? [bob, bobState] : [jane, add.state];
    // The loser fetches from its state, verifies the winner's entry, and redoes its change on the new head.
    const fresh = verifyGroupLog((await call('GET', `${LOG}?from=${loserState.seq}`, undefined, loser.token)).json.entries, loserState).state;
    expect(fresh.seq).toBe(2);
    const retry =
      loser === bob
        ? (await rotateGroupKey(fresh, bob.account, { group: bobGroup }).catch((e: unknown) => e)) // Jane made bob a writer first: he may no longer rotate
        : setGroupRole(fresh, jane.account, { memberId: 'bob', role: 'writer' });
    if (retry instanceof Error) {
      expect(retry).toMatchObject({ code: 'NOT_AUTHORIZED' });
    } else {
      expect((await call('POST', LOG, { entry: toBase64url((retry as { entry: Uint8Array }).entry) }, loser.token)).status).toBe(201);
    }
    // Whatever happened, the stored log verifies for everyone.
    const all = (await call('GET', LOG, undefined, jane.token)).json.entries as string[];
    expect(verifyGroupLog(all).state.seq).toBe(all.length - 1);
    // A replay of an accepted entry is a conflict, never a duplicate.
    expect((await call('POST', LOG, { entry: toBase64url(c.entry) }, jane.token)).status).toBe(409);
  });

  it('refuses malformed entries (400), non-members (403) and bad ranges (400)', async () => {
    expect((await call('POST', LOG, { entry: 'not an entry' }, jane.token)).status).toBe(400);
    expect((await call('POST', LOG, { entry: 42 }, jane.token)).status).toBe(400);
    expect((await call('GET', LOG, undefined, eve.token)).status).toBe(403);
    expect((await call('POST', LOG, { entry: 'AAAA' }, eve.token)).status).toBe(403);
    expect((await call('GET', `${LOG}?from=-1`, undefined, jane.token)).status).toBe(400);
  });

  it("accepts link writes only from the link's sender", async () => {
    const entries = (await call('GET', LOG, undefined, jane.token)).json.entries as string[];
    const state = verifyGroupLog(entries).state;
    const links = (await call('GET', '/v1/orgs/acme/groups/g1/links/mine', undefined, bob.token)).json.links;
    const mine = await openLinkVerified(links.find((l: { keyVersion: number }) => l.keyVersion === 1), bob.account, state);
    expect(mine.keyVersion).toBe(1);
    // Bob uploads a link that names Jane as its sender: refused.
    const forged = { ...links[0], senderId: 'jane', recipientId: 'eve' };
    expect((await call('PUT', '/v1/orgs/acme/groups/g1/links', { link: forged }, bob.token)).status).toBe(400);
  });
});

describe.each(STORE_KINDS)('PgStorage group log methods (%s)', (kind) => {
  it('compare-and-swap on seq and prevHash; no duplicates; listing from a seq', async () => {
    const t = await freshDb(kind);
    const s = new PgStorage(t.db);
    const row = (seq: number, prevHash: string, hash: string) => ({ seq, prevHash, hash, entry: `e${seq}${hash}` });
    expect(await s.appendGroupLogEntry('t', 'g', row(1, GENESIS_PREV_HASH, 'h1'))).toBe(false);
    expect(await s.appendGroupLogEntry('t', 'g', row(0, 'x', 'h0'))).toBe(false);
    expect(await s.appendGroupLogEntry('t', 'g', row(0, GENESIS_PREV_HASH, 'h0'))).toBe(true);
    expect(await s.appendGroupLogEntry('t', 'g', row(0, GENESIS_PREV_HASH, 'h0'))).toBe(false);
    expect(await s.appendGroupLogEntry('t', 'g', row(1, 'h-other', 'h1'))).toBe(false);
    expect(await s.appendGroupLogEntry('t', 'g', row(1, 'h0', 'h1'))).toBe(true);
    const both = await Promise.all([s.appendGroupLogEntry('t', 'g', row(2, 'h1', 'a')), s.appendGroupLogEntry('t', 'g', row(2, 'h1', 'b'))]);
    expect(both.sort()).toEqual([false, true]);
    expect((await s.listGroupLog('t', 'g', 1)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await s.listGroupLog('t', 'other', 0)).toEqual([]);
    expect(await s.listGroupLog('other', 'g', 0)).toEqual([]);
    await t.drop();
  });
});
