/**
 * Reference sync server for zkvault (node:http, no framework). It checks SRP logins against stored
 * verifiers, keeps the SRP state between the two round trips server-side (expiring), and stores
 * account records, resource groups, links and resources per tenant, checking every read against the
 * caller's session and membership. It never sees a passphrase, a key or a plaintext: it stores what
 * the library hands it and validates the shape with the library's `parse*` functions.
 *
 * It listens on 127.0.0.1 only. Bad requests get 4xx JSON errors, never a crash.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import { ZkvaultError } from '../../src/errors.js';
import {
  groupLogRecord,
  loginParams,
  parseAccountRecord,
  parseLinkRecord,
  parseResourceRecord,
  ServerLogin,
  startLoginServer,
} from '../../src/model/index.js';
import { MemoryStorage, type Storage } from './storage.js';

export interface ServerOptions {
  storage?: Storage;
  /** Lifetime of the SRP state between the two round trips (ms); default 60 s. */
  loginTtlMs?: number;
  /** Session lifetime (ms); default 1 h. */
  sessionTtlMs?: number;
  /** Largest request body (bytes); default 16 MiB. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface RunningServer {
  url: string;
  storage: Storage;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  accountId: string | undefined;
}
type Handler = (c: Ctx) => Promise<{ status?: number; json: unknown }>;

const ID = '([A-Za-z0-9._@-]{1,256})';

function field(body: Record<string, unknown>, name: string): unknown {
  if (!(name in body)) throw new HttpError(400, `missing "${name}"`);
  return body[name];
}
function text(body: Record<string, unknown>, name: string): string {
  const v = field(body, name);
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) throw new HttpError(400, `"${name}" must be a string`);
  return v;
}
function bytes(body: Record<string, unknown>, name: string): Uint8Array {
  try {
    return fromBase64url(text(body, name), name);
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, `"${name}" must be base64url`);
  }
}
function token(): string {
  return toBase64url(new Uint8Array(randomBytes(32)));
}

/**
 * Starts the reference server on 127.0.0.1.
 * @param port - port to listen on; 0 (default) picks a free one.
 * @param options - storage and lifetimes.
 * @returns the URL, the storage and a `close()`.
 */
export async function startServer(port = 0, options: ServerOptions = {}): Promise<RunningServer> {
  const storage = options.storage ?? new MemoryStorage();
  const now = options.now ?? Date.now;
  const loginTtl = options.loginTtlMs ?? 60_000;
  const sessionTtl = options.sessionTtlMs ?? 3_600_000;
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;

  const needAuth = (c: Ctx): string => {
    if (c.accountId === undefined) throw new HttpError(401, 'log in first');
    return c.accountId;
  };
  const orgMember = async (tenantId: string, who: string): Promise<void> => {
    const org = await storage.getOrg(tenantId);
    // Same answer for "no such org" and "not a member": ids of other tenants are not disclosed.
    if (org === undefined || !org.members.includes(who)) throw new HttpError(403, 'not a member of this organization');
  };
  const groupMember = async (tenantId: string, groupId: string, who: string): Promise<void> => {
    await orgMember(tenantId, who);
    const links = await storage.listLinks(tenantId, groupId);
    if (!links.some((l) => l.recipientId === who)) throw new HttpError(403, 'not a member of this resource group');
  };
  const recordOr400 = <T>(parse: (v: unknown) => T, v: unknown): T => {
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof ZkvaultError) throw new HttpError(400, `invalid record (${e.code})`);
      throw e;
    }
  };

  const routes: [string, RegExp, Handler][] = [
    ['POST', /^\/v1\/signup$/, async (c) => {
      const record = recordOr400(parseAccountRecord, field(c.body, 'record'));
      if (await storage.getAccount(record.accountId)) throw new HttpError(409, 'account exists');
      await storage.putAccount(record);
      return { status: 201, json: { accountId: record.accountId } };
    }],
    // Login round trip 1: the public parameters.
    ['POST', /^\/v1\/login\/params$/, async (c) => {
      const record = await storage.getAccount(text(c.body, 'accountId'));
      if (!record) throw new HttpError(404, 'no such account');
      return { json: loginParams(record) };
    }],
    // Round trip 2: A in, B out. The SRP state (with b) stays here, keyed by a random login id.
    ['POST', /^\/v1\/login\/a$/, async (c) => {
      const accountId = text(c.body, 'accountId');
      const A = bytes(c.body, 'A');
      const record = await storage.getAccount(accountId);
      if (!record) throw new HttpError(404, 'no such account');
      const s = await startLoginServer(record);
      const loginId = token();
      await storage.putPendingLogin(loginId, { accountId, A: toBase64url(A), state: s.toJSON(), expiresAt: now() + loginTtl });
      return { json: { loginId, B: toBase64url(s.B) } };
    }],
    // Round trip 3: M1 in, M2 and a session token out, only if M1 proves the verifier's password.
    ['POST', /^\/v1\/login\/m1$/, async (c) => {
      const pending = await storage.takePendingLogin(text(c.body, 'loginId'));
      const M1 = bytes(c.body, 'M1');
      if (!pending || pending.expiresAt < now()) throw new HttpError(401, 'login expired or unknown');
      try {
        // Bound to the stored record: a state whose account, group, salt or verifier is not the record's is refused.
        const record = await storage.getAccount(pending.accountId);
        if (!record) throw new HttpError(401, 'login failed');
        const { M2 } = await ServerLogin.fromJSON(pending.state, { record }).verify(fromBase64url(pending.A), M1);
        const t = token();
        await storage.putSession(t, { accountId: pending.accountId, expiresAt: now() + sessionTtl });
        return { json: { M2: toBase64url(M2), token: t } };
      } catch (e) {
        if (e instanceof ZkvaultError) throw new HttpError(401, 'login failed');
        throw e;
      }
    }],
    ['GET', /^\/v1\/whoami$/, async (c) => {
      const me = needAuth(c);
      return { json: { accountId: me, record: await storage.getAccount(me) } };
    }],
    // Passphrase change: the client sends the re-wrapped record; only its own.
    ['PUT', /^\/v1\/account$/, async (c) => {
      const me = needAuth(c);
      const record = recordOr400(parseAccountRecord, field(c.body, 'record'));
      const old = await storage.getAccount(me);
      if (record.accountId !== me || !old) throw new HttpError(403, 'not your account');
      await storage.putAccount(record);
      return { json: { accountId: me } };
    }],
    ['GET', new RegExp(`^/v1/accounts/${ID}/public-key$`), async (c) => {
      needAuth(c);
      const r = await storage.getAccount(c.params['1']!);
      if (!r) throw new HttpError(404, 'no such account');
      // The identity (issue 12): both public keys; signPublicKey is null until an older record is upgraded.
      return { json: { accountId: r.accountId, publicKey: r.PUB_Account, signPublicKey: r.PUB_Sign ?? null } };
    }],
    ['POST', /^\/v1\/orgs$/, async (c) => {
      const me = needAuth(c);
      const tenantId = text(c.body, 'tenantId');
      if (!new RegExp(`^${ID}$`).test(tenantId)) throw new HttpError(400, 'bad tenantId');
      if (await storage.getOrg(tenantId)) throw new HttpError(409, 'organization exists');
      await storage.putOrg({ tenantId, admins: [me], members: [me] });
      return { status: 201, json: { tenantId } };
    }],
    ['POST', new RegExp(`^/v1/orgs/${ID}/members$`), async (c) => {
      const me = needAuth(c);
      const org = await storage.getOrg(c.params['1']!);
      if (!org || !org.admins.includes(me)) throw new HttpError(403, 'only an admin adds members');
      const accountId = text(c.body, 'accountId');
      if (!(await storage.getAccount(accountId))) throw new HttpError(404, 'no such account');
      if (!org.members.includes(accountId)) org.members.push(accountId);
      await storage.putOrg(org);
      return { json: { tenantId: org.tenantId, members: org.members } };
    }],
    ['POST', new RegExp(`^/v1/orgs/${ID}/groups$`), async (c) => {
      const me = needAuth(c);
      const tenantId = c.params['1']!;
      await orgMember(tenantId, me);
      const link = recordOr400(parseLinkRecord, field(c.body, 'link'));
      if (link.tenantId !== tenantId || link.senderId !== me || link.recipientId !== me) throw new HttpError(400, 'the first link must be from and to the creator, in this organization');
      if (await storage.getGroup(tenantId, link.resourceGroupId)) throw new HttpError(409, 'resource group exists');
      await storage.putGroup({ tenantId, resourceGroupId: link.resourceGroupId, owner: me });
      await storage.putLink(link);
      return { status: 201, json: { tenantId, resourceGroupId: link.resourceGroupId } };
    }],
    // A member shares (or re-shares after rotation): one link per recipient and key version.
    ['PUT', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/links$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      const link = recordOr400(parseLinkRecord, field(c.body, 'link'));
      if (link.tenantId !== tenantId || link.resourceGroupId !== groupId || link.senderId !== me) throw new HttpError(400, 'link does not match the path or the caller');
      await orgMember(tenantId, link.recipientId).catch(() => {
        throw new HttpError(400, 'recipient is not a member of this organization');
      });
      await storage.putLink(link);
      return { json: { ok: true } };
    }],
    ['GET', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/links/mine$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      return { json: { links: (await storage.listLinks(tenantId, groupId)).filter((l) => l.recipientId === me) } };
    }],
    ['GET', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/members$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      return { json: { members: [...new Set((await storage.listLinks(tenantId, groupId)).map((l) => l.recipientId))] } };
    }],
    ['DELETE', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/members/${ID}$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId, who] = [c.params['1']!, c.params['2']!, c.params['3']!];
      const g = await storage.getGroup(tenantId, groupId);
      await orgMember(tenantId, me);
      if (!g || g.owner !== me) throw new HttpError(403, 'only the group owner removes members');
      if (who === me) throw new HttpError(400, 'the owner cannot remove themselves');
      return { json: { removedLinks: await storage.deleteLinks(tenantId, groupId, who) } };
    }],
    // Group log (issue 12): append-only, compare-and-swap on the previous hash. The server reads seq,
    // prevHash and hash from the entry itself and checks its encoding; signatures and authority are
    // every client's job (the server is not trusted with them). On 409 the client fetches the log,
    // verifies it from its state and redoes its change on the new head.
    ['POST', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/log$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      const entry = field(c.body, 'entry');
      if (typeof entry !== 'string') throw new HttpError(400, '"entry" must be a base64url string');
      const row = recordOr400((v) => groupLogRecord(v as string), entry);
      if (!(await storage.appendGroupLogEntry(tenantId, groupId, row))) {
        const last = (await storage.listGroupLog(tenantId, groupId, row.seq > 0 ? row.seq - 1 : 0))[0];
        throw new HttpError(409, `conflict: the log head is not ${row.prevHash}${last === undefined ? '' : ` (seq ${row.seq - 1} is ${last.hash})`}`);
      }
      return { status: 201, json: { seq: row.seq, hash: row.hash } };
    }],
    ['GET', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/log$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      const from = Number(c.query.get('from') ?? '0');
      if (!Number.isSafeInteger(from) || from < 0) throw new HttpError(400, '"from" must be a non-negative integer');
      return { json: { entries: (await storage.listGroupLog(tenantId, groupId, from)).map((e) => e.entry) } };
    }],
    ['PUT', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/resources/${ID}$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId, rid] = [c.params['1']!, c.params['2']!, c.params['3']!];
      await groupMember(tenantId, groupId, me);
      const r = recordOr400(parseResourceRecord, field(c.body, 'record'));
      if (r.tenantId !== tenantId || r.resourceGroupId !== groupId || r.resourceId !== rid) throw new HttpError(400, 'record does not match the path');
      await storage.putResource(r);
      return { json: { ok: true } };
    }],
    ['GET', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/resources$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      return { json: { resources: await storage.listResources(tenantId, groupId) } };
    }],
  ];

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) throw new HttpError(413, 'body too large');
      chunks.push(chunk as Buffer);
    }
    if (size === 0) return {};
    let v: unknown;
    try {
      v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'body must be a JSON object');
    return v as Record<string, unknown>;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let status = 200;
    let json: unknown;
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const route = routes.find(([m, re]) => m === req.method && re.test(url.pathname));
      if (!route) {
        const known = routes.some(([, re]) => re.test(url.pathname));
        throw new HttpError(known ? 405 : 404, known ? 'method not allowed' : 'not found');
      }
      const match = route[1].exec(url.pathname)!;
      const params: Record<string, string> = {};
      match.slice(1).forEach((v, i) => (params[String(i + 1)] = decodeURIComponent(v)));
      const body = req.method === 'GET' || req.method === 'DELETE' ? {} : await readBody(req);
      const auth = req.headers.authorization;
      let accountId: string | undefined;
      if (auth !== undefined) {
        const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(auth);
        const s = m ? await storage.getSession(m[1]!) : undefined;
        if (!s || s.expiresAt < now()) throw new HttpError(401, 'invalid or expired session');
        accountId = s.accountId;
      }
      const out = await route[2]({ params, query: url.searchParams, body, accountId });
      status = out.status ?? 200;
      json = out.json;
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        json = { error: e.message };
      } else if (e instanceof ZkvaultError) {
        status = 400;
        json = { error: e.code };
      } else {
        status = 500;
        json = { error: 'internal error' };
      }
    }
    const payload = JSON.stringify(json);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-store' });
    res.end(payload);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    storage,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
