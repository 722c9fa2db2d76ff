// The review's findings against the reference server, each as a regression test, on PGlite and
// (with DATABASE_URL) real Postgres: stateless instances, unknown accounts indistinguishable,
// bounded login state, sender-bound links, removal of sent links, body limit before auth, session
// revocation on passphrase change, rate limits.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStorage, startServer, type RunningServer } from '../../examples/server/index.js';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import { changePassphrase, createAccount, createResourceGroup, parseLoginParams, shareResourceGroup, ClientLogin, type LinkRecord } from '../../src/model/index.js';
import { client, IT, ROOMY, TEST_FAKE } from '../server/client.js';
import { freshDb, STORE_KINDS, type TestDb } from '../server/stores.js';

describe.each(STORE_KINDS)('server hardening on %s', (kind) => {
  let t: TestDb;
  let one: RunningServer;
  let two: RunningServer;
  let c1: ReturnType<typeof client>;
  let c2: ReturnType<typeof client>;
  let clock = 1_000_000;
  beforeAll(async () => {
    t = await freshDb(kind);
    const opts = { ...ROOMY, now: () => clock, loginTtlMs: 1000, pendingPerAccount: 3, pendingGlobal: 6 };
    // Two instances on one database (two pools on real Postgres): nothing is kept in process.
    one = await startServer(0, { ...opts, storage: new PgStorage(t.db) });
    two = await startServer(0, { ...opts, storage: new PgStorage(await t.connect()) });
    c1 = client(one.url);
    c2 = client(two.url);
    await c1.signup('jane', 'jane pass');
    await c2.signup('bob', 'bob pass');
    await c1.signup('mallory', 'mallory pass');
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await t.drop();
  });

  it('two instances: a login started on one finishes on the other, and the session works on both', async () => {
    for (const [a, b] of [[c1, c2], [c2, c1]] as const) {
      const r = await a.login('bob', 'bob pass', b.call);
      expect(r.status).toBe(200);
      for (const c of [c1, c2]) expect((await c.call('GET', '/v1/whoami', undefined, r.token)).json.accountId).toBe('bob');
    }
    expect((await c1.login('bob', 'wrong', c2.call)).status).toBe(401);
  });

  it('unknown accounts get stable, well-formed fake parameters from every instance, and a login that fails like a wrong passphrase', async () => {
    const p1 = await c1.call('POST', '/v1/login/params', { accountId: 'nobody' });
    const p2 = await c2.call('POST', '/v1/login/params', { accountId: 'nobody' });
    expect(p1.status).toBe(200);
    expect(p2.json).toEqual(p1.json);
    const params = parseLoginParams(p1.json);
    expect(params.kdf).toEqual(TEST_FAKE.kdf);
    expect(params.srp).toEqual(TEST_FAKE.srp);
    const real = (await c1.call('POST', '/v1/login/params', { accountId: 'jane' })).json;
    expect(Object.keys(p1.json).sort()).toEqual(Object.keys(real).sort());
    expect((await c1.call('POST', '/v1/login/params', { accountId: 'nobody2' })).json.SLT_Auth_2).not.toBe(p1.json.SLT_Auth_2);
    // Round trips 2 and 3 answer like those of a real account with a wrong passphrase.
    const fake = await c1.login('nobody', 'guess');
    const wrong = await c1.login('jane', 'guess');
    expect([fake.status, fake.json]).toEqual([wrong.status, wrong.json]);
  });

  it('bounds pending login state per account and globally (429 with Retry-After), and frees it on expiry', async () => {
    clock += 10_000;
    const start = async (c: typeof c1, accountId: string) => {
      const l = await ClientLogin.start({ accountId, passphrase: 'x', params: (await c.call('POST', '/v1/login/params', { accountId })).json, minIterations: IT });
      return c.call('POST', '/v1/login/a', { accountId, A: toBase64url(l.A) });
    };
    for (let i = 0; i < 3; i++) expect((await start(i % 2 ? c1 : c2, 'jane')).status).toBe(200);
    const over = await start(c1, 'jane');
    expect(over.status).toBe(429);
    expect(over.json.code).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect((await start(c2, `ghost${i}`)).status).toBe(200);
    expect((await start(c2, 'bob')).status).toBe(429); // 6 pending in all
    expect(await t.db.owner('SELECT 1 FROM pending_logins')).toHaveLength(6);
    clock += 2000; // past the 1 s lifetime: purged on the next insert
    expect((await start(c1, 'bob')).status).toBe(200);
    expect(await t.db.owner('SELECT 1 FROM pending_logins')).toHaveLength(1);
  });

  it('a link is written only by the sender it names; removing a member deletes the links it sent', async () => {
    clock += 10_000;
    const j = await c1.login('jane', 'jane pass');
    const jane = j.token!;
    const janeAcc = await j.unlock!();
    const mallory = (await c2.login('mallory', 'mallory pass')).token!;
    await c1.call('POST', '/v1/orgs', { tenantId: 'links-org' }, jane);
    await c1.call('POST', '/v1/orgs/links-org/members', { accountId: 'mallory' }, jane);
    const { group, link: self } = await createResourceGroup({ tenantId: 'links-org', resourceGroupId: 'g' }, janeAcc);
    expect((await c1.call('POST', '/v1/orgs/links-org/groups', { link: self }, jane)).status).toBe(201);
    const malPub = (await c1.call('GET', '/v1/accounts/mallory/public-key', undefined, jane)).json.publicKey;
    const toMal = await shareResourceGroup(group, janeAcc, { accountId: 'mallory', publicKey: fromBase64url(malPub) });
    expect((await c2.call('PUT', '/v1/orgs/links-org/groups/g/links', { link: toMal }, jane)).status).toBe(200);
    // mallory cannot write a link naming jane as sender (e.g. replacing jane's self-link)…
    expect((await c2.call('PUT', '/v1/orgs/links-org/groups/g/links', { link: { ...self, SYM_Link: toMal.SYM_Link } }, mallory)).status).toBe(400);
    // …and her own link to jane sits beside jane's self-link instead of replacing it.
    const planted: LinkRecord = { ...toMal, senderId: 'mallory', recipientId: 'jane' };
    expect((await c2.call('PUT', '/v1/orgs/links-org/groups/g/links', { link: planted }, mallory)).status).toBe(200);
    const mine = (await c1.call('GET', '/v1/orgs/links-org/groups/g/links/mine', undefined, jane)).json.links as LinkRecord[];
    expect(mine.map((x) => x.senderId).sort()).toEqual(['jane', 'mallory']);
    expect(mine.find((x) => x.senderId === 'jane')).toEqual(self);
    // Removing mallory deletes the link to her and the link she planted.
    expect((await c1.call('DELETE', '/v1/orgs/links-org/groups/g/members/mallory', undefined, jane)).json.removedLinks).toBe(2);
    const after = (await c1.call('GET', '/v1/orgs/links-org/groups/g/links/mine', undefined, jane)).json.links as LinkRecord[];
    expect(after).toEqual([self]);
    janeAcc.dispose();
  });

  it('a passphrase change revokes the account\'s other sessions', async () => {
    clock += 10_000;
    const { record, account } = await createAccount({ accountId: 'carol', passphrase: 'old', kdf: { iterations: IT }, srp: { bits: 2048 } });
    expect((await c1.call('POST', '/v1/signup', { record })).status).toBe(201);
    const a = (await c1.login('carol', 'old')).token!;
    const b = (await c2.login('carol', 'old')).token!;
    const next = await changePassphrase(record, account, { newPassphrase: 'new', kdf: { iterations: IT } });
    const r = await c2.call('PUT', '/v1/account', { record: next }, a);
    expect(r.json.revokedSessions).toBe(1);
    expect((await c1.call('GET', '/v1/whoami', undefined, b)).status).toBe(401);
    expect((await c1.call('GET', '/v1/whoami', undefined, a)).status).toBe(200);
    account.dispose();
  });

  it('reads no body before deciding: an oversized Content-Length gets 413 at once, an unauthenticated one 401', async () => {
    const raw = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(Number(new URL(one.url).port), '127.0.0.1', () => s.write(head));
        let got = '';
        s.on('data', (d) => (got += d.toString()));
        s.on('end', () => resolve(got));
        s.on('error', reject);
        setTimeout(() => (s.destroy(), resolve(got)), 5000);
      });
    // Headers only: the server must answer without waiting for the 100 MB it was promised.
    expect(await raw('POST /v1/signup HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000000\r\n\r\n')).toMatch(/^HTTP\/1\.1 413/);
    expect(await raw('PUT /v1/account HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n{')).toMatch(/^HTTP\/1\.1 401/);
  });

  it('rate-limits login attempts per account and per client address (429 with Retry-After), per window', async () => {
    // A third instance on the same database with tight limits. The counters live in the database, so
    // first move the clock a window past every count the other tests left (this address's, above all).
    clock += 60_000;
    const s = await startServer(0, { storage: new PgStorage(await t.connect()), fakeAccount: TEST_FAKE, now: () => clock, rateLimits: { windowMs: 60_000, perAccount: 2, perAddress: 7 } });
    try {
      const c = client(s.url);
      const a = (id: string) => c.call('POST', '/v1/login/a', { accountId: id, A: toBase64url(new Uint8Array(256).fill(7)) });
      expect((await a('dave')).status).toBe(200);
      expect((await a('dave')).status).toBe(200);
      const third = await a('dave');
      expect(third.status).toBe(429);
      expect(third.json).toEqual({ error: 'too many login attempts', code: 'RATE_LIMITED' });
      expect(Number(third.headers.get('retry-after'))).toBe(60);
      expect((await a('erin')).status).toBe(200); // another account: its own budget
      // 4 requests so far from this address; 3 more fill the address budget of 7.
      for (const id of ['f1', 'f2', 'f3']) expect((await a(id)).status).toBe(200);
      const addr = await c.call('POST', '/v1/login/params', { accountId: 'g1' });
      expect(addr.status).toBe(429);
      clock += 60_000; // next window
      expect((await a('dave')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
