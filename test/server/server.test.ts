// The reference sync server: SRP login round trips, session and membership checks on every read,
// tenant isolation, expiring login state, and 4xx JSON (never a crash) for bad requests.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStorage, startServer, type RunningServer } from '../../examples/server/index.js';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import {
  createAccount,
  createResourceGroup,
  encryptResource,
  openGroupLink,
  parseLinkRecordV2,
  shareResourceGroup,
  shareResourceGroupV2,
  ClientLogin,
  type LinkRecordV2,
  type LoginParams,
  type PqMember,
} from '../../src/model/index.js';
import { client, IT, ROOMY } from './client.js';
import { freshDb, STORE_KINDS, type TestDb } from './stores.js';

let server: RunningServer;
let clock = 0;
let call: ReturnType<typeof client>['call'];
let signup: ReturnType<typeof client>['signup'];
let login: ReturnType<typeof client>['login'];

describe.each(STORE_KINDS)('reference sync server on %s', (kind) => {
  let jane = '';
  let mallory = '';
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind);
    server = await startServer(0, { ...ROOMY, storage: new PgStorage(t.db), now: () => clock, loginTtlMs: 1000 });
    ({ call, signup, login } = client(server.url));
    await signup('jane', 'jane pass');
    await signup('mallory', 'mallory pass');
    jane = (await login('jane', 'jane pass')).token!;
    mallory = (await login('mallory', 'mallory pass')).token!;
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('logs in with the right passphrase and refuses a wrong one without a token', async () => {
    expect((await login('jane', 'jane pass')).status).toBe(200);
    const bad = await login('jane', 'not jane');
    expect(bad.status).toBe(401);
    expect(bad.token).toBeUndefined();
  });

  it('a login state can be used once, and expires', async () => {
    const params = (await call('POST', '/v1/login/params', { accountId: 'jane' })).json as LoginParams;
    const l = await ClientLogin.start({ accountId: 'jane', passphrase: 'jane pass', params, minIterations: IT });
    const a = await call('POST', '/v1/login/a', { accountId: 'jane', A: toBase64url(l.A) });
    clock += 2000; // past the 1 s login lifetime
    const M1 = toBase64url(await l.respond(fromBase64url(a.json.B)));
    expect((await call('POST', '/v1/login/m1', { loginId: a.json.loginId, M1 })).status).toBe(401);
    expect((await call('POST', '/v1/login/m1', { loginId: a.json.loginId, M1 })).status).toBe(401);
  });

  it('whoami needs a valid session', async () => {
    expect((await call('GET', '/v1/whoami')).status).toBe(401);
    expect((await call('GET', '/v1/whoami', undefined, 'A'.repeat(43))).status).toBe(401);
    const me = await call('GET', '/v1/whoami', undefined, jane);
    expect(me.status).toBe(200);
    expect(me.json.accountId).toBe('jane');
  });

  it('keeps tenants apart: a non-member gets 403 on every group route', async () => {
    await call('POST', '/v1/orgs', { tenantId: 'acme' }, jane);
    const { account } = await createAccount({ accountId: 'jane-tmp', passphrase: 'x', kdf: { iterations: IT }, srp: { bits: 2048 } });
    const { group, link } = await createResourceGroup({ tenantId: 'acme', resourceGroupId: 'g1' }, account);
    // The link is from jane-tmp, not the caller: refused.
    expect((await call('POST', '/v1/orgs/acme/groups', { link }, jane)).status).toBe(400);
    const rec = await encryptResource({ resourceId: 'r1', type: 'Request', plaintext: 'hello' }, group);
    for (const [m, p, b] of [
      ['GET', '/v1/orgs/acme/groups/g1/resources', undefined],
      ['GET', '/v1/orgs/acme/groups/g1/links/mine', undefined],
      ['GET', '/v1/orgs/acme/groups/g1/members', undefined],
      ['PUT', '/v1/orgs/acme/groups/g1/resources/r1', { record: rec }],
      ['PUT', '/v1/orgs/acme/groups/g1/links', { link }],
      ['POST', '/v1/orgs/acme/groups', { link }],
      ['POST', '/v1/orgs/acme/members', { accountId: 'mallory' }],
      ['DELETE', '/v1/orgs/acme/groups/g1/members/jane', undefined],
    ] as const) {
      expect((await call(m, p, b, mallory)).status, `${m} ${p}`).toBe(403);
    }
  });

  it('stores and serves links v2 next to v1 (issue 18): validated with parseLinkRecordV2, refused when malformed, opened by the member', async () => {
    await signup('pqbob', 'pqbob pass');
    const janeAcc = await (await login('jane', 'jane pass')).unlock!();
    const bobLogin = await login('pqbob', 'pqbob pass');
    const bobAcc = await bobLogin.unlock!();
    const bob = bobLogin.token!;
    expect((await call('POST', '/v1/orgs', { tenantId: 'pq' }, jane)).status).toBe(201);
    expect((await call('POST', '/v1/orgs/pq/members', { accountId: 'pqbob' }, jane)).status).toBe(200);
    const { group, link: first } = await createResourceGroup({ tenantId: 'pq', resourceGroupId: 'g' }, janeAcc);
    expect((await call('POST', '/v1/orgs/pq/groups', { link: first }, jane)).status).toBe(201);
    // bob's X-Wing key and certificate as the server serves them.
    const served = (await call('GET', '/v1/accounts/pqbob/public-key', undefined, jane)).json;
    expect(served.xwingPublicKey).toBe(toBase64url(bobAcc.xwingPublicKey!));
    const toBob = { accountId: 'pqbob', signPublicKey: bobAcc.signPublicKey, xwingPublicKey: fromBase64url(served.xwingPublicKey), xwingSignature: fromBase64url(served.xwingSignature) } satisfies PqMember;
    const v1 = await shareResourceGroup(group, janeAcc, { accountId: 'pqbob', publicKey: bobAcc.publicKey });
    const v2 = await shareResourceGroupV2(group, janeAcc, toBob);
    const put = (link: unknown, token = jane) => call('PUT', '/v1/orgs/pq/groups/g/links', { link }, token);
    expect((await put(v1)).status).toBe(200);
    expect((await put(v2)).status).toBe(200);
    expect((await put(await shareResourceGroupV2(group, janeAcc, janeAcc.identity as PqMember))).status).toBe(200); // jane's own v2 link
    // Malformed v2 records are refused with the library's code; so is one for another group or sender.
    const { SIG_Link: _stripped, ...unsigned } = v2;
    const short = { ...v2, SYM_Link: v2.SYM_Link.slice(0, -4) };
    for (const bad of [unsigned, short, { ...v2, suite: 'zkv1' }, { ...v2, extra: 1 }]) {
      const r = await put(bad);
      expect(r.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(r.json.error).toBe('invalid record (INVALID_RECORD)');
    }
    expect((await put({ ...v2, resourceGroupId: 'other' })).status).toBe(400);
    expect((await put(v2, bob)).status).toBe(400); // bob is not the sender
    // Both formats are served to bob, v1 and v2 of key version 1; sharing v2 again replaces only the v2 link.
    expect((await put(await shareResourceGroupV2(group, janeAcc, toBob))).status).toBe(200);
    const mine = (await call('GET', '/v1/orgs/pq/groups/g/links/mine', undefined, bob)).json.links as { v: number }[];
    expect(mine.map((l) => l.v)).toEqual([1, 2]);
    const pq = parseLinkRecordV2(mine[1]);
    const janeId = { ...janeAcc.identity, signPublicKey: janeAcc.signPublicKey };
    const opened = await openGroupLink(pq as LinkRecordV2, bobAcc, janeId, { requirePq: true });
    expect([opened.resourceGroupId, opened.keyVersion]).toEqual(['g', 1]);
    await expect(openGroupLink(mine[0] as never, bobAcc, janeId, { requirePq: true })).rejects.toMatchObject({ code: 'PQ_REQUIRED' });
    expect((await call('GET', '/v1/orgs/pq/groups/g/members', undefined, bob)).json.members.sort()).toEqual(['jane', 'pqbob']);
    // Removing bob removes both of his links.
    expect((await call('DELETE', '/v1/orgs/pq/groups/g/members/pqbob', undefined, jane)).json.removedLinks).toBe(2);
    for (const a of [janeAcc, bobAcc, group, opened]) a.dispose();
  });

  it.each([
    ['malformed JSON', 'POST', '/v1/signup', '{"record":', 400],
    ['a JSON array body', 'POST', '/v1/signup', '[1,2]', 400],
    ['a record of the wrong shape', 'POST', '/v1/signup', '{"record":{"v":2}}', 400],
    ['a missing field', 'POST', '/v1/login/params', '{}', 400],
    ['a bad account id', 'POST', '/v1/login/params', '{"accountId":"no body"}', 400],
    ['bad base64url in A', 'POST', '/v1/login/a', '{"accountId":"jane","A":"***"}', 400],
    ['an unknown route', 'GET', '/v1/nope', undefined, 404],
    ['a wrong method', 'GET', '/v1/signup', undefined, 405],
  ] as const)('answers %s with a 4xx JSON error', async (_name, method, path, raw, status) => {
    const r = await call(method, path, undefined, undefined, raw);
    expect(r.status).toBe(status);
    expect(typeof r.json.error).toBe('string');
  });

  it('answers A = 0 and A = N with a 4xx, never a login', async () => {
    for (const A of [new Uint8Array(256), new Uint8Array(1)]) {
      const a = await call('POST', '/v1/login/a', { accountId: 'jane', A: toBase64url(A) });
      const m = await call('POST', '/v1/login/m1', { loginId: a.json.loginId, M1: toBase64url(new Uint8Array(32)) });
      expect(m.status).toBe(401);
    }
  });

  it('refuses a body over the route limit with 413: 64 KiB before login, the larger limit after', async () => {
    const small = await startServer(0, { ...ROOMY, storage: new PgStorage(t.db), now: () => clock, maxAnonBodyBytes: 1024, maxBodyBytes: 4096 });
    try {
      const post = (path: string, size: number, token?: string) =>
        fetch(`${small.url}${path}`, { method: path === '/v1/account' ? 'PUT' : 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: JSON.stringify({ record: 'x'.repeat(size) }) });
      expect((await post('/v1/signup', 5000)).status).toBe(413);
      expect((await post('/v1/signup', 500)).status).toBe(400);
      expect((await post('/v1/account', 3000, jane)).status).toBe(400); // within the authenticated limit
      expect((await post('/v1/account', 5000, jane)).status).toBe(413);
      expect((await post('/v1/account', 3000)).status).toBe(401); // no session: refused before the body is read
      const r = await post('/v1/signup', 5000);
      expect(await r.json()).toEqual({ error: 'body too large', code: 'BODY_TOO_LARGE' });
    } finally {
      await small.close();
    }
  });

  // Every route with every method, random ids in the path, random JSON or text bodies, with and
  // without a session: always a JSON answer below 500.
  it('never crashes on random requests to any route (always a JSON answer below 500)', async () => {
    const id = fc.oneof(fc.constantFrom('acme', 'g1', 'jane', 'r1', 'nobody'), fc.stringMatching(/^[A-Za-z0-9._@-]{1,12}$/), fc.string({ maxLength: 8 }).map(encodeURIComponent));
    const path = fc.oneof(
      fc.constantFrom('/v1/signup', '/v1/login/params', '/v1/login/a', '/v1/login/m1', '/v1/whoami', '/v1/account', '/v1/orgs', '/v1/nope', '/'),
      fc.tuple(id).map(([a]) => `/v1/accounts/${a}/public-key`),
      fc.tuple(id).map(([a]) => `/v1/orgs/${a}/members`),
      fc.tuple(id).map(([a]) => `/v1/orgs/${a}/groups`),
      fc.tuple(id, id).map(([a, b]) => `/v1/orgs/${a}/groups/${b}/links`),
      fc.tuple(id, id).map(([a, b]) => `/v1/orgs/${a}/groups/${b}/links/mine`),
      fc.tuple(id, id).map(([a, b]) => `/v1/orgs/${a}/groups/${b}/members`),
      fc.tuple(id, id, id).map(([a, b, c]) => `/v1/orgs/${a}/groups/${b}/members/${c}`),
      fc.tuple(id, id, id).map(([a, b, c]) => `/v1/orgs/${a}/groups/${b}/resources/${c}`),
      fc.tuple(id, id).map(([a, b]) => `/v1/orgs/${a}/groups/${b}/resources`),
    );
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ accountId: fc.oneof(id, fc.json()), A: fc.string(), M1: fc.string(), loginId: fc.string(), tenantId: fc.oneof(id, fc.json()), record: fc.json(), link: fc.json() }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), path, body, fc.boolean(), async (m, p, b, auth) => {
        const r = await call(m, p, undefined, auth ? jane : undefined, m === 'GET' || m === 'DELETE' ? undefined : b);
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) expect(typeof r.json.code).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
