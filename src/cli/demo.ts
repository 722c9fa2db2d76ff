/**
 * `zkvault demo`: the seed's sharing story, end to end over HTTP against the reference sync server
 * (examples/server) on a free loopback port. jane signs up and logs in with SRP, creates a resource
 * group, encrypts three requests and shares the group with bob; bob reads them; jane changes her
 * passphrase; jane removes bob and rotates the key; bob cannot read new data. It ends by scanning
 * everything the server stored for every plaintext and passphrase used, and fails if any is found.
 * @module
 */
import { startServer } from '../../examples/server/index.js';
import { fromBase64url, toBase64url } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';
import {
  changePassphrase,
  createAccount,
  createResourceGroup,
  decryptResource,
  encryptResource,
  fingerprint,
  openLink,
  parseAccountRecord,
  rotateResourceGroup,
  shareResourceGroup,
  startLogin,
  unlockAccount,
  type AccountRecord,
  type Identity,
  type LinkRecord,
  type LoginParams,
  type ResourceRecord,
  type UnlockedAccount,
} from '../model/index.js';

/** PBKDF2 iterations for the demo only (the library default and client floor are 600,000). */
const DEMO_ITERATIONS = 20_000;

type Json = Record<string, unknown>;

/** The identity in the server's `/public-key` answer (untrusted: the fingerprint check decides). */
function servedIdentity(json: Json): Identity {
  if (typeof json['publicKey'] !== 'string' || typeof json['signPublicKey'] !== 'string') throw new Error('the server served no identity');
  return { accountId: String(json['accountId']), publicKey: fromBase64url(json['publicKey']), signPublicKey: fromBase64url(json['signPublicKey']) };
}

/** Runs the demo, printing through `out`. @returns the process exit code (0 only if nothing leaked). */
export async function runDemo(out: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const server = await startServer(0);
  const secrets: string[] = [];
  try {
    const call = async (method: string, path: string, body?: Json, token?: string): Promise<{ status: number; json: Json }> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(server.url + path, init);
      return { status: res.status, json: (await res.json()) as Json };
    };
    const ok = async (method: string, path: string, body?: Json, token?: string): Promise<Json> => {
      const r = await call(method, path, body, token);
      if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    };
    const stored = (label: string, value: unknown): void => {
      const s = JSON.stringify(value);
      out(`     server stored ${label}: ${s.length > 150 ? `${s.slice(0, 150)}… (${s.length} chars)` : s}`);
    };

    const login = async (accountId: string, passphrase: string): Promise<{ token: string; account: UnlockedAccount; record: AccountRecord }> => {
      const params = (await ok('POST', '/v1/login/params', { accountId })) as unknown as LoginParams;
      const l = await startLogin({ accountId, passphrase, params, minIterations: DEMO_ITERATIONS });
      const { loginId, B } = (await ok('POST', '/v1/login/a', { accountId, A: toBase64url(l.A) })) as { loginId: string; B: string };
      const M1 = await l.respond(fromBase64url(B));
      const { M2, token } = (await ok('POST', '/v1/login/m1', { loginId, M1: toBase64url(M1) })) as { M2: string; token: string };
      await l.verify(fromBase64url(M2));
      const record = parseAccountRecord((await ok('GET', '/v1/whoami', undefined, token))['record']);
      const account = await unlockAccount(record, l);
      l.dispose();
      return { token, account, record };
    };

    out(`zkvault demo — reference sync server on ${server.url} (loopback only)`);
    out(`note: PBKDF2 runs ${DEMO_ITERATIONS.toLocaleString('en')} iterations here so the demo takes seconds; the library default and client floor are 600,000. Demo only.`);

    const janePass = 'jane: correct horse battery staple';
    const bobPass = 'bob: Tr0ub4dor&3 is not a passphrase';
    const janePass2 = 'jane: a whole new passphrase, longer';
    secrets.push(janePass, bobPass, janePass2);

    out('1. jane signs up: salts, PBKDF2 ×2, SRP verifier, X25519 key pair, SYM_Account, all locked client-side');
    const jane0 = await createAccount({ accountId: 'jane', passphrase: janePass, kdf: { iterations: DEMO_ITERATIONS } });
    await ok('POST', '/v1/signup', { record: jane0.record });
    stored('account jane', jane0.record);
    jane0.account.dispose();

    out('2. jane logs in over HTTP with SRP-6a (params → A/B → M1/M2) and unlocks her keys');
    let jane = await login('jane', janePass);
    out(`     session established; identity fingerprint (PUB_Account, PUB_Sign) ${jane.account.fingerprint}`);

    out('3. jane creates organization "acme" and resource group "api-collection"');
    await ok('POST', '/v1/orgs', { tenantId: 'acme' }, jane.token);
    const created = await createResourceGroup(jane.account, { tenantId: 'acme', resourceGroupId: 'api-collection' });
    await ok('POST', '/v1/orgs/acme/groups', { link: created.link }, jane.token);
    stored('link jane→jane', created.link);
    let group = created.group;

    out('4. jane encrypts three requests');
    const requests = [
      { id: 'req-login', body: '{"method":"POST","url":"https://api.acme.test/login","body":{"user":"jane","password":"hunter2-prod"}}' },
      { id: 'req-users', body: '{"method":"GET","url":"https://api.acme.test/users","headers":{"Authorization":"Bearer sk_live_51Hsecret"}}' },
      { id: 'req-billing', body: '{"method":"GET","url":"https://api.acme.test/billing/invoices?customer=cus_8842"}' },
    ];
    for (const r of requests) {
      secrets.push(r.body, 'hunter2-prod', 'sk_live_51Hsecret');
      const rec = await encryptResource(group, { resourceId: r.id, type: 'Request' }, r.body);
      await ok('PUT', `/v1/orgs/acme/groups/api-collection/resources/${r.id}`, { record: rec }, jane.token);
    }
    const firstRes = ((await ok('GET', '/v1/orgs/acme/groups/api-collection/resources', undefined, jane.token))['resources'] as ResourceRecord[])[0];
    stored('resource', firstRes);

    out('5. bob signs up and logs in; jane adds him to acme and shares the group with his public key');
    const bob0 = await createAccount({ accountId: 'bob', passphrase: bobPass, kdf: { iterations: DEMO_ITERATIONS } });
    await ok('POST', '/v1/signup', { record: bob0.record });
    bob0.account.dispose();
    const bob = await login('bob', bobPass);
    await ok('POST', '/v1/orgs/acme/members', { accountId: 'bob' }, jane.token);
    const bobServed = servedIdentity(await ok('GET', '/v1/accounts/bob/public-key', undefined, jane.token));
    const bobPubServed = bobServed.publicKey;
    out(`     bob's keys as the server serves them to jane: ${fingerprint(bobServed)}`);
    out(`     bob's keys as bob's own device shows them:    ${bob.account.fingerprint}`);
    if (fingerprint(bobServed) !== bob.account.fingerprint) throw new Error('fingerprints differ: the server substituted a key');
    out('     they match (compared out of band), so jane shares');
    const link = await shareResourceGroup(group, jane.account, { accountId: 'bob', publicKey: bobPubServed });
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link }, jane.token);
    stored('link jane→bob (HPKE auth mode)', link);

    out('6. bob opens the link (checking it came from jane\'s key) and reads the requests');
    const janeServed = servedIdentity(await ok('GET', '/v1/accounts/jane/public-key', undefined, bob.token));
    const janePubServed = janeServed.publicKey;
    out(`     jane's keys as served to bob: ${fingerprint(janeServed)} (matches jane's device: ${fingerprint(janeServed) === jane.account.fingerprint})`);
    const bobLinks = (await ok('GET', '/v1/orgs/acme/groups/api-collection/links/mine', undefined, bob.token))['links'] as LinkRecord[];
    const bobGroup = await openLink(bobLinks[0]!, bob.account, { accountId: 'jane', publicKey: janePubServed });
    const listed = (await ok('GET', '/v1/orgs/acme/groups/api-collection/resources', undefined, bob.token))['resources'] as ResourceRecord[];
    for (const rec of listed) out(`     bob reads ${rec.resourceId}: ${new TextDecoder().decode(await decryptResource(bobGroup, rec)).slice(0, 70)}…`);

    out('7. jane changes her passphrase: new salts and verifier, SYM_Account re-wrapped; keys, links and data untouched');
    const newRecord = await changePassphrase(jane.account, jane.record, { newPassphrase: janePass2 });
    await ok('PUT', '/v1/account', { record: newRecord }, jane.token);
    stored('account jane (after change)', newRecord);
    jane.account.dispose();
    let oldRefused = false;
    try {
      await login('jane', janePass);
    } catch {
      oldRefused = true;
    }
    out(`     the old passphrase is refused: ${oldRefused}`);
    if (!oldRefused) throw new Error('the old passphrase still logs in');
    jane = await login('jane', janePass2);
    const janeLinks = (await ok('GET', '/v1/orgs/acme/groups/api-collection/links/mine', undefined, jane.token))['links'] as LinkRecord[];
    group = await openLink(janeLinks[0]!, jane.account, { accountId: 'jane', publicKey: jane.account.publicKey });
    for (const rec of listed) await decryptResource(group, rec);
    out(`     with the new passphrase jane still reads all ${listed.length} requests`);

    out('8. jane removes bob and rotates the group key (version 2); only jane gets a new link');
    await ok('DELETE', '/v1/orgs/acme/groups/api-collection/members/bob', undefined, jane.token);
    const rotated = await rotateResourceGroup(group, jane.account, []);
    group = rotated.group;
    for (const l of rotated.links) await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link: l }, jane.token);
    const secretNote = '{"method":"POST","url":"https://api.acme.test/rotate-keys","body":{"newKey":"sk_live_ROTATED_after_bob"}}';
    secrets.push(secretNote, 'sk_live_ROTATED_after_bob');
    const newRec = await encryptResource(group, { resourceId: 'req-rotate', type: 'Request' }, secretNote);
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/resources/req-rotate', { record: newRec }, jane.token);
    stored('resource req-rotate (key version 2)', newRec);

    out('9. bob can no longer read new data');
    const denied = await call('GET', '/v1/orgs/acme/groups/api-collection/resources', undefined, bob.token);
    out(`     the server refuses him: HTTP ${denied.status} ${JSON.stringify(denied.json)}`);
    let code = 'opened';
    try {
      await decryptResource(bobGroup, newRec); // even if the server leaked the row, bob's v1 key cannot open v2
    } catch (e) {
      code = e instanceof ZkvaultError ? e.code : String(e);
    }
    out(`     and with the row leaked anyway, his old key fails: ${code}`);
    if (denied.status !== 403 || code !== 'DECRYPT_FAILED') throw new Error('bob could still read new data');

    out('10. scanning everything the server stored for every plaintext and passphrase used');
    const dump = await server.storage.dump();
    const found = secrets.filter((s) => dump.includes(s) || dump.includes(JSON.stringify(s).slice(1, -1)));
    out(`     ${dump.length.toLocaleString('en')} characters of server state, ${secrets.length} secrets checked: ${found.length === 0 ? 'none found on the server' : `FOUND ${found.length}`}`);
    out(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return found.length === 0 ? 0 : 1;
  } finally {
    await server.close();
  }
}
