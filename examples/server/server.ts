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
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ZkvaultError,
  groupLogRecord,
  DEFAULT_ITERATIONS,
  DEFAULT_SRP,
  loginParams,
  parseAccountRecord,
  parseLinkRecord,
  parseLinkRecordV2,
  parseResourceRecord,
  ServerLogin,
  type AnyLinkRecord,
  type KdfParams,
  type LoginParams,
  type ServerLoginState,
  type SrpParamsRecord,
} from 'zkvault';
import { SrpServer, srpGroup } from 'zkvault/srp';
import { fromBase64url, toBase64url } from './base64url.js';
import { DbUnavailableError, openPglite } from './db.js';
import { PgStorage, type Storage } from './storage.js';

/** What the login parameters of an unknown account look like (set it to what real accounts use). */
export interface FakeAccountTemplate {
  kdf: KdfParams;
  srp: SrpParamsRecord;
  secretKey: boolean;
}

/** Login rate limits: fixed windows, counted in the database so every instance shares them. */
export interface RateLimits {
  windowMs: number;
  /** Login attempts (`/v1/login/a`) per account and window. */
  perAccount: number;
  /** Login requests (`/v1/login/*`) per client address and window. */
  perAddress: number;
}

export interface ServerOptions {
  /** The store; default: a new in-memory PGlite database, closed with the server. */
  storage?: Storage;
  /** Lifetime of the SRP state between the two round trips (ms); default 60 s. */
  loginTtlMs?: number;
  /** Session lifetime (ms); default 1 h. */
  sessionTtlMs?: number;
  /** Largest request body of an authenticated route (bytes); default 16 MiB. */
  maxBodyBytes?: number;
  /** Largest request body of an unauthenticated route (sign-up, login); default 64 KiB. */
  maxAnonBodyBytes?: number;
  /** Pending logins per account; default 5. */
  pendingPerAccount?: number;
  /** Pending logins in all; default 10,000. */
  pendingGlobal?: number;
  rateLimits?: Partial<RateLimits>;
  /** Template of unknown accounts' fake login parameters; default: the library defaults. */
  fakeAccount?: FakeAccountTemplate;
  /** How often expired login state and sessions are purged (ms); default 60 s. */
  purgeIntervalMs?: number;
  now?: () => number;
}

export interface RunningServer {
  url: string;
  storage: Storage;
  /** Stops accepting, drains in-flight requests, then closes the storage if the server opened it. */
  close(): Promise<void>;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 413: 'BODY_TOO_LARGE', 429: 'RATE_LIMITED', 500: 'INTERNAL', 503: 'UNAVAILABLE',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  accountId: string | undefined;
  token: string | undefined;
  address: string;
}
type Handler = (c: Ctx) => Promise<{ status?: number; json: unknown }>;

const ID = '([A-Za-z0-9._@-]{1,256})';
const ID_RE = new RegExp(`^${ID}$`);
/** Routes anyone may call; all others authenticate before their body is read. */
const ANON = /^\/v1\/(signup|login\/(params|a|m1))$/;

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
    return fromBase64url(text(body, name));
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, `"${name}" must be base64url`);
  }
}
/** A link of either format (issue 18): `v: 2` is validated as a `LinkRecordV2`, anything else as v1. */
function parseAnyLink(value: unknown): AnyLinkRecord {
  const v2 = typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 2;
  return v2 ? parseLinkRecordV2(value) : parseLinkRecord(value);
}
function token(): string {
  return toBase64url(new Uint8Array(randomBytes(32)));
}

/**
 * Starts the reference server on 127.0.0.1.
 * @param port - port to listen on; 0 (default) picks a free one.
 * @param options - storage, lifetimes and limits.
 * @returns the URL, the storage and a `close()`.
 */
export async function startServer(port = 0, options: ServerOptions = {}): Promise<RunningServer> {
  const ownsStorage = options.storage === undefined;
  const storage = options.storage ?? new PgStorage(await openPglite());
  const now = options.now ?? Date.now;
  const loginTtl = options.loginTtlMs ?? 60_000;
  const sessionTtl = options.sessionTtlMs ?? 3_600_000;
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxAnonBody = options.maxAnonBodyBytes ?? 64 * 1024;
  const bounds = { perAccount: options.pendingPerAccount ?? 5, global: options.pendingGlobal ?? 10_000 };
  const rate: RateLimits = { windowMs: 60_000, perAccount: 10, perAddress: 60, ...options.rateLimits };
  const fake: FakeAccountTemplate = options.fakeAccount ?? { kdf: { alg: 'PBKDF2-SHA256', iterations: DEFAULT_ITERATIONS }, srp: DEFAULT_SRP, secretKey: false };
  const secret = await storage.serverSecret();

  // Unknown accounts get parameters derived from the server secret: stable across requests and
  // instances, and shaped like a real account's, so /v1/login/* does not reveal who has an account.
  const derive = (label: string, accountId: string, length: number): Uint8Array =>
    new Uint8Array(hkdfSync('sha256', secret, new TextEncoder().encode(accountId), `zkvault fake ${label}`, length));
  const fakeParams = (accountId: string): LoginParams =>
    ({
      v: 1, suite: 'zkv1', accountId, kdf: fake.kdf, srp: fake.srp, secretKey: fake.secretKey,
      SLT_Auth_1: toBase64url(derive('SLT_Auth_1', accountId, 32)),
      SLT_Auth_2: toBase64url(derive('SLT_Auth_2', accountId, 32)),
      SLT_Enc: toBase64url(derive('SLT_Enc', accountId, 32)),
    }) as LoginParams;
  const fakeLogin = async (accountId: string): Promise<{ B: Uint8Array; toJSON: () => ServerLoginState }> => {
    // A verifier no password matches (top byte cleared so v < N): M1 always fails, as for a wrong
    // passphrase. Built on zkvault/srp and stored in ServerLogin's state shape, so the stored row
    // looks like a real account's (round trip 3 refuses it: the account does not exist).
    const v = derive('verifier', accountId, srpGroup(fake.srp.bits).byteLength);
    v[0] = 0;
    v[1] = v[1]! | 1;
    const srp = await SrpServer.start({ group: srpGroup(fake.srp.bits), hash: fake.srp.hash, proof: 'srp6a' }, accountId, derive('SLT_Auth_2', accountId, 32), v);
    return { B: srp.B, toJSON: () => ({ v: 1, accountId, srp: { bits: fake.srp.bits, hash: fake.srp.hash }, state: srp.toJSON() }) };
  };

  const needAuth = (c: Ctx): string => {
    if (c.accountId === undefined) throw new HttpError(401, 'log in first');
    return c.accountId;
  };
  const limit = async (key: string, max: number): Promise<void> => {
    const r = await storage.hitRateLimit(key, now(), rate.windowMs, max);
    if (!r.allowed) throw new HttpError(429, 'too many login attempts', r.retryAfterMs);
  };
  const accountIdOf = (c: Ctx): string => {
    const id = text(c.body, 'accountId');
    if (!ID_RE.test(id)) throw new HttpError(400, 'bad accountId');
    return id;
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
      if (!ID_RE.test(record.accountId)) throw new HttpError(400, 'bad accountId');
      if (!(await storage.createAccount(record))) throw new HttpError(409, 'account exists');
      return { status: 201, json: { accountId: record.accountId } };
    }],
    // Login round trip 1: the public parameters (fake but stable ones for an unknown account).
    ['POST', /^\/v1\/login\/params$/, async (c) => {
      await limit(`addr:${c.address}`, rate.perAddress);
      const accountId = accountIdOf(c);
      const record = await storage.getAccount(accountId);
      return { json: record ? loginParams(record) : fakeParams(accountId) };
    }],
    // Round trip 2: A in, B out. The SRP state (with b) is stored in the database, keyed by a random
    // login id, so round trip 3 may reach any instance.
    ['POST', /^\/v1\/login\/a$/, async (c) => {
      await limit(`addr:${c.address}`, rate.perAddress);
      const accountId = accountIdOf(c);
      const A = bytes(c.body, 'A');
      await limit(`acct:${accountId}`, rate.perAccount);
      const record = await storage.getAccount(accountId);
      const s = record ? await ServerLogin.start(record) : await fakeLogin(accountId);
      const loginId = token();
      const stored = await storage.putPendingLogin(loginId, { accountId, A: toBase64url(A), state: s.toJSON(), expiresAt: now() + loginTtl }, { now: now(), ...bounds });
      if (!stored) throw new HttpError(429, 'too many pending logins', loginTtl);
      return { json: { loginId, B: toBase64url(s.B) } };
    }],
    // Round trip 3: M1 in, M2 and a session token out, only if M1 proves the verifier's password.
    ['POST', /^\/v1\/login\/m1$/, async (c) => {
      await limit(`addr:${c.address}`, rate.perAddress);
      const pending = await storage.takePendingLogin(text(c.body, 'loginId'), now());
      const M1 = bytes(c.body, 'M1');
      if (!pending) throw new HttpError(401, 'login expired or unknown');
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
    // Passphrase change or reset: the client sends the re-wrapped (or new) record; only its own.
    // Every other session of the account ends: whoever held the old passphrase is logged out.
    ['PUT', /^\/v1\/account$/, async (c) => {
      const me = needAuth(c);
      const record = recordOr400(parseAccountRecord, field(c.body, 'record'));
      if (record.accountId !== me) throw new HttpError(403, 'not your account');
      await storage.putAccount(record);
      const revoked = await storage.revokeSessions(me, c.token);
      return { json: { accountId: me, revokedSessions: revoked } };
    }],
    ['GET', new RegExp(`^/v1/accounts/${ID}/public-key$`), async (c) => {
      needAuth(c);
      const r = await storage.getAccount(c.params['1']!);
      if (!r) throw new HttpError(404, 'no such account');
      // The identity (issue 12): both public keys; signPublicKey is null until an older record is upgraded.
      // xwingPublicKey (issue 18, links v2) likewise null until the record has one; xwingSignature is
      // the account's certificate of it (SIG_XWing), which senders verify before sealing a link v2.
      const xwing = { xwingPublicKey: r.PUB_XWing ?? null, xwingSignature: r.SIG_XWing ?? null };
      return { json: { accountId: r.accountId, publicKey: r.PUB_Account, signPublicKey: r.PUB_Sign ?? null, ...xwing } };
    }],
    ['POST', /^\/v1\/orgs$/, async (c) => {
      const me = needAuth(c);
      const tenantId = text(c.body, 'tenantId');
      if (!ID_RE.test(tenantId)) throw new HttpError(400, 'bad tenantId');
      if (!(await storage.createOrg({ tenantId, admins: [me], members: [me] }))) throw new HttpError(409, 'organization exists');
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
      const link = recordOr400(parseAnyLink, field(c.body, 'link'));
      if (link.tenantId !== tenantId || link.senderId !== me || link.recipientId !== me || !ID_RE.test(link.resourceGroupId)) throw new HttpError(400, 'the first link must be from and to the creator, in this organization');
      if (!(await storage.createGroup({ tenantId, resourceGroupId: link.resourceGroupId, owner: me }, link))) throw new HttpError(409, 'resource group exists');
      return { status: 201, json: { tenantId, resourceGroupId: link.resourceGroupId } };
    }],
    // A member shares (or re-shares after rotation): links are keyed by their sender, and a member
    // writes only links it sends, so nobody can replace another member's (or the owner's) link.
    // Both formats (issue 18): a LinkRecordV2 (`v: 2`, checked with parseLinkRecordV2) is kept next
    // to the v1 link of the same key version; its signature and policy are the clients' to check.
    ['PUT', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/links$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId] = [c.params['1']!, c.params['2']!];
      await groupMember(tenantId, groupId, me);
      const link = recordOr400(parseAnyLink, field(c.body, 'link'));
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
    // Removal deletes the links sent to the member and the links the member sent (a removed member
    // leaves nothing planted behind).
    ['DELETE', new RegExp(`^/v1/orgs/${ID}/groups/${ID}/members/${ID}$`), async (c) => {
      const me = needAuth(c);
      const [tenantId, groupId, who] = [c.params['1']!, c.params['2']!, c.params['3']!];
      await orgMember(tenantId, me);
      const g = await storage.getGroup(tenantId, groupId);
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

  // The body is read only after the route is known, its size checked against the route's limit
  // (Content-Length first, then while streaming) and, on authenticated routes, the session checked.
  async function readBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new HttpError(413, 'body too large');
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
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const route = routes.find(([m, re]) => m === req.method && re.test(url.pathname));
      if (!route) {
        const known = routes.some(([, re]) => re.test(url.pathname));
        throw new HttpError(known ? 405 : 404, known ? 'method not allowed' : 'not found');
      }
      const anon = ANON.test(url.pathname);
      const hasBody = req.method !== 'GET' && req.method !== 'DELETE';
      const limit = hasBody ? (anon ? maxAnonBody : maxBody) : 0;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (!(declared <= limit)) throw new HttpError(413, 'body too large');
      const match = route[1].exec(url.pathname)!;
      const params: Record<string, string> = {};
      match.slice(1).forEach((v, i) => (params[String(i + 1)] = decodeURIComponent(v)));
      const auth = req.headers.authorization;
      let accountId: string | undefined;
      let tok: string | undefined;
      if (auth !== undefined && !anon) {
        const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(auth);
        const s = m ? await storage.getSession(m[1]!, now()) : undefined;
        if (!s) throw new HttpError(401, 'invalid or expired session');
        accountId = s.accountId;
        tok = m![1]!;
      }
      if (!anon && accountId === undefined) throw new HttpError(401, 'log in first');
      const body = hasBody ? await readBody(req, limit) : {};
      const out = await route[2]({ params, query: url.searchParams, body, accountId, token: tok, address: req.socket.remoteAddress ?? 'unknown' });
      status = out.status ?? 200;
      json = out.json;
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        json = { error: e.message, code: STATUS_CODES[status] };
        if (e.retryAfterMs !== undefined) headers['retry-after'] = Math.max(1, Math.ceil(e.retryAfterMs / 1000));
      } else if (e instanceof DbUnavailableError) {
        status = 503;
        json = { error: 'database unavailable', code: STATUS_CODES[503] };
        headers['retry-after'] = 1;
      } else if (e instanceof ZkvaultError) {
        status = 400;
        json = { error: e.code, code: STATUS_CODES[400] };
      } else {
        status = 500;
        json = { error: 'internal error', code: STATUS_CODES[500] };
      }
      // A body we refused unread is not drained: the connection closes instead.
      const unread = !req.complete && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined);
      if (unread) headers['connection'] = 'close';
    }
    const payload = JSON.stringify(json);
    headers['content-length'] = Buffer.byteLength(payload);
    res.writeHead(status, headers);
    res.end(payload);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal error","code":"INTERNAL"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const purgeEvery = options.purgeIntervalMs ?? 60_000;
  const purger = setInterval(() => void storage.purgeExpired(now()).catch(() => {}), purgeEvery);
  purger.unref();
  const addr = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    storage,
    close: () =>
      (closing ??= (async () => {
        clearInterval(purger);
        // Stop accepting; in-flight requests finish; idle keep-alive sockets close now, the rest after 10 s.
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        await drained;
        clearTimeout(force);
        if (ownsStorage) await storage.close();
      })()),
  };
}
