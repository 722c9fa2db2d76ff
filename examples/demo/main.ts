/**
 * The demo behind `npm run demo`: the seed's sharing story, end to end over HTTP against the
 * reference sync server (examples/server) on a free loopback port. jane signs up and logs in with
 * SRP, creates a resource group, encrypts three requests and shares the group with bob; bob reads
 * them; jane changes her passphrase; jane removes bob and rotates the key; bob cannot read new
 * data. The group runs on a signed group log (issue 12): the demo prints it, shows a stale append
 * refused with 409, a version bob planted refused (`VERSION_NOT_IN_LOG`) and a rolled-back log
 * refused (`ROLLBACK_DETECTED`). It ends by scanning everything the server stored for every
 * plaintext and passphrase used, and exits 1 if any is found.
 *
 * It imports zkvault only by package name, as a copy of it would (`npm run demo` builds dist/
 * first; the package resolves itself). Run: `node scripts/run-ts.mjs examples/demo/main.ts`.
 * @module
 */
import {
  ZkvaultError,
  addGroupMember,
  changePassphrase,
  createAccount,
  createGroupLog,
  decryptResource,
  encryptResourceVerified,
  fingerprint,
  groupLogRecord,
  openGroupLink,
  openLink,
  openLinkVerified,
  parseAccountRecord,
  parseLinkRecordV2,
  removeGroupMember,
  rotateGroupKey,
  rotateResourceGroup,
  shareResourceGroupV2,
  ClientLogin,
  verifyGroupLog,
  unlockAccount,
  type AccountRecord,
  type AnyLinkRecord,
  type Identity,
  type LinkRecord,
  type LoginParams,
  type ResourceRecord,
  type UnlockedAccount,
} from 'zkvault';
import { fromBase64url, toBase64url } from '../server/base64url.js';
import { startServer } from '../server/index.js';

/** PBKDF2 iterations for the demo only (the library default and client floor are 600,000). */
const DEMO_ITERATIONS = 20_000;

type Json = Record<string, unknown>;

/** The identity in the server's `/public-key` answer (untrusted: the fingerprint check decides). */
function servedIdentity(json: Json): Identity {
  if (typeof json['publicKey'] !== 'string' || typeof json['signPublicKey'] !== 'string') throw new Error('the server served no identity');
  const id = { accountId: String(json['accountId']), publicKey: fromBase64url(json['publicKey']), signPublicKey: fromBase64url(json['signPublicKey']) };
  // Links v2 (issue 18): the X-Wing key, when the account has one, and the account's certificate of
  // it (SIG_XWing), which the sharer verifies against the signing key before sealing to it.
  if (typeof json['xwingPublicKey'] !== 'string') return id;
  const pq = { ...id, xwingPublicKey: fromBase64url(json['xwingPublicKey']) };
  return typeof json['xwingSignature'] === 'string' ? { ...pq, xwingSignature: fromBase64url(json['xwingSignature']) } : pq;
}

const ROLES = ['', 'owner', 'admin', 'writer', 'reader'];

/**
 * Reads an entry as docs/formats.md, "Group log (suite `zkv1`, format 1)" lays it out: enough to
 * print it (verifyGroupLog has already checked it; this reads, it does not verify).
 */
function readEntry(bytes: Uint8Array): { seq: number; authorId: string; op: number; memberId: string; role: string; keyVersion: number; pins: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 1; // format byte
  const u32 = (): number => ((off += 4), view.getUint32(off - 4));
  const take = (n: number): Uint8Array => bytes.subarray(off, (off += n));
  const str = (): string => new TextDecoder().decode(take(u32()));
  str(); // tenantId
  str(); // groupId
  const seq = u32();
  take(32); // prevHash
  const authorId = str();
  off += 8; // timestamp
  const op = bytes[off++]!;
  const e = { seq, authorId, op, memberId: authorId, role: '', keyVersion: 0, pins: new Uint8Array(0) };
  if (op === 1) {
    const pins = take(64);
    return { ...e, pins, keyVersion: u32() };
  }
  if (op === 5) return { ...e, keyVersion: u32() };
  if (op === 7) return { ...e, role: (bytes[off]! & 1) === 1 ? 'required' : 'optional' }; // set-policy: PQ links
  const memberId = str();
  if (op === 2) return { ...e, memberId, pins: take(64), role: ROLES[bytes[off]!]! };
  if (op === 3) return { ...e, memberId, keyVersion: u32() };
  if (op === 4) return { ...e, memberId, role: ROLES[bytes[off]!]! };
  return { ...e, memberId, pins: take(64) };
}

/** One line per log entry: seq, author, operation, hash prefix. */
function describeEntry(text: string): string {
  const e = readEntry(fromBase64url(text));
  const pinned = (): string => fingerprint({ publicKey: e.pins.slice(0, 32), signPublicKey: e.pins.slice(32) }).slice(0, 9);
  const what =
    e.op === 1 ? `create (owner; key v${e.keyVersion})`
    : e.op === 2 ? `add ${e.memberId} as ${e.role} (pins ${pinned()}…)`
    : e.op === 3 ? `remove ${e.memberId} + rotate to key v${e.keyVersion}`
    : e.op === 5 ? `rotate to key v${e.keyVersion}`
    : e.op === 4 ? `set ${e.memberId} to ${e.role}`
    : e.op === 7 ? `set policy: PQ links ${e.role}`
    : `update keys of ${e.memberId}`;
  return `seq ${e.seq}  by ${e.authorId.padEnd(5)} ${what.padEnd(48)} hash ${groupLogRecord(text).hash.slice(0, 12)}…`;
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
      const l = await ClientLogin.start({ accountId, passphrase, params, minIterations: DEMO_ITERATIONS });
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

    const LOG = '/v1/orgs/acme/groups/api-collection/log';
    const append = async (entry: Uint8Array, token: string): Promise<void> => {
      await ok('POST', LOG, { entry: toBase64url(entry) }, token);
    };
    const fetchLog = async (token: string): Promise<string[]> => (await ok('GET', LOG, undefined, token))['entries'] as string[];

    out('3. jane creates organization "acme" and resource group "api-collection" with its group log: a genesis entry');
    out('   signed with her PRV_Sign, naming her owner and committing to key version 1');
    await ok('POST', '/v1/orgs', { tenantId: 'acme' }, jane.token);
    const created = await createGroupLog({ tenantId: 'acme', resourceGroupId: 'api-collection' }, jane.account);
    await ok('POST', '/v1/orgs/acme/groups', { link: created.links[0] }, jane.token);
    await append(created.entry, jane.token);
    stored('link jane→jane', created.links[0]);
    stored('log entry 0', groupLogRecord(created.entry));
    let group = created.group;
    let janeLog = created.state;

    out('4. jane encrypts three requests');
    const requests = [
      { id: 'req-login', body: '{"method":"POST","url":"https://api.acme.test/login","body":{"user":"jane","password":"hunter2-prod"}}' },
      { id: 'req-users', body: '{"method":"GET","url":"https://api.acme.test/users","headers":{"Authorization":"Bearer sk_live_51Hsecret"}}' },
      { id: 'req-billing', body: '{"method":"GET","url":"https://api.acme.test/billing/invoices?customer=cus_8842"}' },
    ];
    for (const r of requests) {
      secrets.push(r.body, 'hunter2-prod', 'sk_live_51Hsecret');
      const rec = await encryptResourceVerified({ resourceId: r.id, type: 'Request', plaintext: r.body }, group, janeLog);
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
    out(`     bob's keys as the server serves them to jane: ${fingerprint(bobServed)}`);
    out(`     bob's keys as bob's own device shows them:    ${bob.account.fingerprint}`);
    if (fingerprint(bobServed) !== bob.account.fingerprint) throw new Error('fingerprints differ: the server substituted a key');
    out('     they match (compared out of band), so jane adds bob as a writer: a signed log entry pinning his keys, and a link');
    const added = await addGroupMember(janeLog, jane.account, { group, member: bobServed, role: 'writer' });
    await append(added.entry, jane.token);
    janeLog = added.state;
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link: added.link }, jane.token);
    stored('link jane→bob (HPKE auth mode)', added.link);

    out('6. bob fetches and verifies the group log (signatures, hash chain, roles), then opens his link against it');
    const janeServed = servedIdentity(await ok('GET', '/v1/accounts/jane/public-key', undefined, bob.token));
    out(`     jane's keys as served to bob: ${fingerprint(janeServed)} (matches jane's device: ${fingerprint(janeServed) === jane.account.fingerprint})`);
    const bobView = verifyGroupLog(await fetchLog(bob.token));
    for (const e of await fetchLog(bob.token)) out(`     ${describeEntry(e)}`);
    out(`     head code bob sees:  ${bobView.state.fingerprint}`);
    out(`     head code jane sees: ${janeLog.fingerprint} (equal: no split view)`);
    if (bobView.state.fingerprint !== janeLog.fingerprint) throw new Error('split view');
    const bobLinks = (await ok('GET', '/v1/orgs/acme/groups/api-collection/links/mine', undefined, bob.token))['links'] as LinkRecord[];
    const bobGroup = await openLinkVerified(bobLinks[0]!, bob.account, bobView.state);
    const listed = (await ok('GET', '/v1/orgs/acme/groups/api-collection/resources', undefined, bob.token))['resources'] as ResourceRecord[];
    for (const rec of listed) out(`     bob reads ${rec.resourceId}: ${new TextDecoder().decode(await decryptResource(rec, bobGroup)).slice(0, 70)}…`);

    out('6b. post-quantum: jane shares the same key version over a link v2 (HPKE with X-Wing = ML-KEM-768 + X25519,');
    out('    signed with her Ed25519 key), sealed to the X-Wing key in bob\'s served identity once his certificate of it');
    out('    (SIG_XWing) verifies under his checked signing key');
    if (bobServed.xwingPublicKey === undefined) throw new Error('the server served no X-Wing key for bob');
    const sharedPq = await shareResourceGroupV2(group, jane.account, { ...bobServed, xwingPublicKey: bobServed.xwingPublicKey });
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link: sharedPq }, jane.token);
    stored('link v2 jane→bob (X-Wing, signed)', sharedPq);
    // The server keeps the v2 link next to bob's v1 link of the same key version; bob fetches both.
    const bobAll = (await ok('GET', '/v1/orgs/acme/groups/api-collection/links/mine', undefined, bob.token))['links'] as AnyLinkRecord[];
    out(`     bob fetches his links from the server: ${bobAll.map((l) => `v${l.v} (key version ${l.keyVersion})`).join(', ')}`);
    const pqLink = parseLinkRecordV2(bobAll.find((l) => l.v === 2));
    const v1Size = JSON.stringify(added.link).length;
    const v2Size = JSON.stringify(pqLink).length;
    out(`     link sizes as JSON: v1 ${v1Size} bytes, v2 ${v2Size} bytes (SYM_Link 80 → ${fromBase64url(pqLink.SYM_Link).length} bytes, plus a 64-byte signature)`);
    const janeSigner = bobView.state.members().find((m) => m.accountId === 'jane')!;
    const pqGroup = await openGroupLink(pqLink, bob.account, { ...janeServed, signPublicKey: janeSigner.signPublicKey }, { requirePq: true });
    out(`     bob opens it against jane's signing key pinned in the verified log: key version ${pqGroup.keyVersion}, reads ${new TextDecoder().decode(await decryptResource(listed[0]!, pqGroup)).slice(0, 40)}…`);
    let downgraded = '';
    try {
      await openGroupLink(bobLinks[0]!, bob.account, janeServed, { requirePq: true });
    } catch (e) {
      downgraded = e instanceof ZkvaultError ? e.code : String(e);
    }
    out(`     in a group that requires PQ links, bob's v1 link is refused: ${downgraded}`);
    if (downgraded !== 'PQ_REQUIRED') throw new Error('a v1 link was accepted in a PQ group');
    pqGroup.dispose();

    out('7. jane changes her passphrase: new salts and verifier, SYM_Account re-wrapped; keys, links and data untouched');
    const newRecord = await changePassphrase(jane.record, jane.account, { newPassphrase: janePass2 });
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
    janeLog = verifyGroupLog(await fetchLog(jane.token), janeLog.checkpoint).state; // a new session: from the stored checkpoint
    group = await openLinkVerified(janeLinks[0]!, jane.account, janeLog);
    for (const rec of listed) await decryptResource(rec, group);
    out(`     with the new passphrase jane still reads all ${listed.length} requests`);

    out("8. the insider attack from the review: bob, still a member, rotates his own copy of the group twice without a");
    out('   log entry and seals jane a properly authenticated link labelled keyVersion 3, carrying a key his client chose;');
    out('   the server stores it');
    const janeMember = { accountId: 'jane', publicKey: janeServed.publicKey };
    const bobV2 = await rotateResourceGroup(bobGroup, bob.account, []);
    const bobV3 = await rotateResourceGroup(bobV2.group, bob.account, [janeMember]);
    const planted = bobV3.links.find((l) => l.recipientId === 'jane')!;
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link: planted }, bob.token);

    out('9. jane removes bob and rotates the group key in one signed entry (version 2); only jane gets a new link');
    const beforeRemoval = janeLog;
    const removed = await removeGroupMember(janeLog, jane.account, { group, memberId: 'bob' });
    await append(removed.entry, jane.token);
    janeLog = removed.state;
    await ok('DELETE', '/v1/orgs/acme/groups/api-collection/members/bob', undefined, jane.token);
    group = removed.group;
    for (const l of removed.links) await ok('PUT', '/v1/orgs/acme/groups/api-collection/links', { link: l }, jane.token);
    const stale = await rotateGroupKey(beforeRemoval, jane.account, { group: created.group });
    const conflict = await call('POST', LOG, { entry: toBase64url(stale.entry) }, jane.token);
    out(`     a second device appending on the old head gets HTTP ${conflict.status} (compare-and-swap on the previous hash); it re-verifies and retries`);
    if (conflict.status !== 409) throw new Error('a stale append was accepted');
    for (const e of await fetchLog(jane.token)) out(`     ${describeEntry(e)}`);

    out('10. jane syncs her links: bob\'s planted version is refused, and she encrypts under the log\'s version');
    const janeAll = (await ok('GET', '/v1/orgs/acme/groups/api-collection/links/mine', undefined, jane.token))['links'] as LinkRecord[];
    if (!janeAll.some((l) => l.keyVersion === planted.keyVersion)) {
      // The reference server deleted every link bob sent when he was removed. A malicious server
      // would keep serving it, so jane's client is shown the planted link as such a server would.
      out('     the reference server deleted the links bob sent when it removed him; a malicious server serves it anyway:');
      janeAll.push(planted);
    }
    let plantedCode = 'accepted';
    for (const l of janeAll) {
      try {
        await openLinkVerified(l, jane.account, janeLog);
      } catch (e) {
        plantedCode = e instanceof ZkvaultError ? e.code : String(e);
        out(`     link v${l.keyVersion} from ${l.senderId}: refused with ${plantedCode}`);
      }
    }
    if (plantedCode !== 'VERSION_NOT_IN_LOG') throw new Error('the planted version was not refused');
    const merged = group.merge(await openLink(planted, jane.account, { accountId: 'bob', publicKey: bob.account.publicKey }));
    const secretNote = '{"method":"POST","url":"https://api.acme.test/rotate-keys","body":{"newKey":"sk_live_ROTATED_after_bob"}}';
    secrets.push(secretNote, 'sk_live_ROTATED_after_bob');
    const newRec = await encryptResourceVerified({ resourceId: 'req-rotate', type: 'Request', plaintext: secretNote }, merged, janeLog);
    out(`     even holding v${planted.keyVersion} (highest: ${merged.keyVersion}), the new resource uses key version ${newRec.keyVersion}, the log's`);
    if (newRec.keyVersion !== 2) throw new Error('encrypted under a planted version');
    await ok('PUT', '/v1/orgs/acme/groups/api-collection/resources/req-rotate', { record: newRec }, jane.token);
    stored('resource req-rotate (key version 2)', newRec);

    out('11. bob can no longer read new data');
    const denied = await call('GET', '/v1/orgs/acme/groups/api-collection/resources', undefined, bob.token);
    out(`     the server refuses him: HTTP ${denied.status} ${JSON.stringify(denied.json)}`);
    let code = 'opened';
    try {
      await decryptResource(newRec, bobGroup); // even if the server leaked the row, bob's v1 key cannot open v2
    } catch (e) {
      code = e instanceof ZkvaultError ? e.code : String(e);
    }
    out(`     and with the row leaked anyway, his old key fails: ${code}`);
    if (denied.status !== 403 || code !== 'DECRYPT_FAILED') throw new Error('bob could still read new data');

    out('12. a malicious server rolls jane\'s next sync back to the log before bob\'s removal');
    const full = await fetchLog(jane.token);
    let rollback = 'accepted';
    try {
      verifyGroupLog(full.slice(0, beforeRemoval.seq + 1), janeLog.checkpoint);
    } catch (e) {
      rollback = e instanceof ZkvaultError ? e.code : String(e);
    }
    out(`     jane's client, holding checkpoint seq ${janeLog.seq}, refuses it: ${rollback}`);
    if (rollback !== 'ROLLBACK_DETECTED') throw new Error('the rollback was not detected');

    out('13. scanning everything the server stored for every plaintext and passphrase used');
    const dump = await server.storage.dump();
    const found = secrets.filter((s) => dump.includes(s) || dump.includes(JSON.stringify(s).slice(1, -1)));
    out(`     ${dump.length.toLocaleString('en')} characters of server state, ${secrets.length} secrets checked: ${found.length === 0 ? 'none found on the server' : `FOUND ${found.length}`}`);
    out(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return found.length === 0 ? 0 : 1;
  } finally {
    await server.close();
  }
}

process.exitCode = await runDemo((line) => console.log(line));
