// The reference sync server: SRP login round trips, session and membership checks on every read,
// tenant isolation, expiring login state, and 4xx JSON (never a crash) for bad requests.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../examples/server/index.js';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import { createAccount, createResourceGroup, encryptResource, startLogin, type AccountRecord, type LoginParams } from '../../src/model/index.js';

const IT = 1000; // test-only KDF setting
let server: RunningServer;
let clock = 0;

async function call(method: string, path: string, body?: unknown, token?: string, raw?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(server.url + path, init);
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, json: await res.json() };
}

async function signup(accountId: string, passphrase: string): Promise<AccountRecord> {
  const { record, account } = await createAccount({ accountId, passphrase, kdf: { iterations: IT }, srp: { bits: 2048 } });
  account.dispose();
  expect((await call('POST', '/v1/signup', { record })).status).toBe(201);
  return record;
}

async function login(accountId: string, passphrase: string): Promise<{ status: number; token?: string }> {
  const params = (await call('POST', '/v1/login/params', { accountId })).json as LoginParams;
  const l = await startLogin({ accountId, passphrase, params, minIterations: IT });
  const a = await call('POST', '/v1/login/a', { accountId, A: toBase64url(l.A) });
  const M1 = await l.respond(fromBase64url(a.json.B));
  const m = await call('POST', '/v1/login/m1', { loginId: a.json.loginId, M1: toBase64url(M1) });
  if (m.status !== 200) return { status: m.status };
  await l.verify(fromBase64url(m.json.M2));
  return { status: 200, token: m.json.token };
}

describe('reference sync server', () => {
  let jane = '';
  let mallory = '';
  beforeAll(async () => {
    server = await startServer(0, { now: () => clock, loginTtlMs: 1000 });
    await signup('jane', 'jane pass');
    await signup('mallory', 'mallory pass');
    jane = (await login('jane', 'jane pass')).token!;
    mallory = (await login('mallory', 'mallory pass')).token!;
  });
  afterAll(() => server.close());

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
    const l = await startLogin({ accountId: 'jane', passphrase: 'jane pass', params, minIterations: IT });
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
    const { group, link } = await createResourceGroup(account, { tenantId: 'acme', resourceGroupId: 'g1' });
    // The link is from jane-tmp, not the caller: refused.
    expect((await call('POST', '/v1/orgs/acme/groups', { link }, jane)).status).toBe(400);
    const rec = await encryptResource(group, { resourceId: 'r1', type: 'Request' }, 'hello');
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

  it.each([
    ['malformed JSON', 'POST', '/v1/signup', '{"record":', 400],
    ['a JSON array body', 'POST', '/v1/signup', '[1,2]', 400],
    ['a record of the wrong shape', 'POST', '/v1/signup', '{"record":{"v":2}}', 400],
    ['a missing field', 'POST', '/v1/login/params', '{}', 400],
    ['an unknown account', 'POST', '/v1/login/params', '{"accountId":"nobody"}', 404],
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

  it('refuses a body over the limit with 413', async () => {
    const small = await startServer(0, { maxBodyBytes: 1024 });
    try {
      const res = await fetch(`${small.url}/v1/signup`, { method: 'POST', body: JSON.stringify({ record: 'x'.repeat(5000) }) });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('never crashes on random requests (always a JSON answer below 500)', async () => {
    const paths = ['/v1/signup', '/v1/login/params', '/v1/login/a', '/v1/login/m1', '/v1/whoami', '/v1/orgs', '/v1/orgs/acme/groups', '/v1/orgs/acme/groups/g1/links', '/v1/account'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom(...paths), fc.oneof(fc.json(), fc.string()), fc.boolean(), async (m, p, body, auth) => {
        const r = await call(m, p, undefined, auth ? jane : undefined, m === 'GET' || m === 'DELETE' ? undefined : body);
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
