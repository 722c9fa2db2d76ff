/**
 * Storage behind the reference sync server, on Postgres (embedded PGlite or a real server, `db.ts`).
 * Every row carries its tenant (organization) id, as in the seed's pooled multi-tenant model, and
 * row-level security keeps each query inside its tenant. The server stores only what the library
 * hands it: account records, links and resource records (all ciphertext or public values), plus its
 * own login, session and rate-limit bookkeeping, all in the database so instances hold no state.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountRecord, AnyLinkRecord, ResourceRecord, ServerLoginState } from 'zkvault';
import { fromBase64url, toBase64url } from './base64url.js';
import type { Db, Query, Row } from './db.js';

/** SRP state kept server-side between the two login round trips (it holds the secret b). */
export interface PendingLogin {
  accountId: string;
  A: string;
  state: ServerLoginState;
  expiresAt: number;
}

/** A logged-in session. */
export interface Session {
  accountId: string;
  expiresAt: number;
}

export interface Organization {
  tenantId: string;
  admins: string[];
  members: string[];
}

export interface GroupRow {
  tenantId: string;
  resourceGroupId: string;
  owner: string;
}

/** A group-log entry as stored (issue 12's signed, hash-chained group state). */
export interface GroupLogEntry {
  seq: number;
  prevHash: string;
  hash: string;
  entry: string;
}

/** Bounds on pending login state (see {@link Storage.putPendingLogin}). */
export interface PendingBounds {
  now: number;
  perAccount: number;
  global: number;
}

/** Outcome of a rate-limit hit. */
export interface RateResult {
  allowed: boolean;
  /** When refused: ms until the window ends. */
  retryAfterMs: number;
}

/** What the server persists. Methods are async so a real database can stand behind them. */
export interface Storage {
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  /** Inserts a new account; false if the id is taken (never overwrites). */
  createAccount(record: AccountRecord): Promise<boolean>;
  /** Replaces an existing account's record (passphrase change or reset). */
  putAccount(record: AccountRecord): Promise<void>;
  /**
   * Stores SRP state after purging expired state; false (nothing stored) when the account already
   * has `perAccount` pending logins or the server `global`.
   */
  putPendingLogin(loginId: string, p: PendingLogin, bounds: PendingBounds): Promise<boolean>;
  /** Returns and deletes: a pending login can be finished once only. Expired state is not returned. */
  takePendingLogin(loginId: string, now: number): Promise<PendingLogin | undefined>;
  /** Stores a session under the SHA-256 of its token (a database leak yields no usable token). */
  putSession(token: string, s: Session): Promise<void>;
  /** The unexpired session of a token. */
  getSession(token: string, now: number): Promise<Session | undefined>;
  /** Deletes the account's sessions except the one of `keepToken`; returns how many. */
  revokeSessions(accountId: string, keepToken?: string): Promise<number>;
  /** Deletes expired login state and sessions; returns how many rows. */
  purgeExpired(now: number): Promise<number>;
  /** Counts one hit on `key` in a fixed window of `windowMs`; refused beyond `max` hits. */
  hitRateLimit(key: string, now: number, windowMs: number, max: number): Promise<RateResult>;
  /** The server's 32-byte secret, created once and shared by every instance on the database. */
  serverSecret(): Promise<Uint8Array>;
  getOrg(tenantId: string): Promise<Organization | undefined>;
  /** Creates an organization; false if it exists. */
  createOrg(org: Organization): Promise<boolean>;
  /** Updates an existing organization's members and admins. */
  putOrg(org: Organization): Promise<void>;
  getGroup(tenantId: string, resourceGroupId: string): Promise<GroupRow | undefined>;
  /** Creates a group with its first link (v1 or v2); false if the group exists. */
  createGroup(g: GroupRow, firstLink: AnyLinkRecord): Promise<boolean>;
  /**
   * Stores a link keyed by (tenant, group, sender, recipient, key version, link format): a v2 link
   * sits next to the v1 link of the same key version and replaces only a v2 link.
   */
  putLink(link: AnyLinkRecord): Promise<void>;
  /** All links of a group, both formats, every key version. */
  listLinks(tenantId: string, resourceGroupId: string): Promise<AnyLinkRecord[]>;
  /** Deletes every link sent to or by `memberId` in the group; returns how many. */
  deleteLinks(tenantId: string, resourceGroupId: string, memberId: string): Promise<number>;
  putResource(r: ResourceRecord): Promise<void>;
  listResources(tenantId: string, resourceGroupId: string): Promise<ResourceRecord[]>;
  /**
   * Compare-and-swap append: stores the entry only if `seq` equals the log's length and
   * `prevHash` equals the stored `hash` of entry `seq - 1` ({@link GENESIS_PREV_HASH} for seq 0). False on any conflict; two
   * racing appends of the same `seq` never both succeed.
   */
  appendGroupLogEntry(tenantId: string, groupId: string, e: GroupLogEntry): Promise<boolean>;
  /** Entries with `seq >= fromSeq`, in order. */
  listGroupLog(tenantId: string, groupId: string, fromSeq: number): Promise<GroupLogEntry[]>;
  /** Everything stored, serialised: for audits such as the demo's plaintext scan. */
  dump(): Promise<string>;
  /** Closes the database connection (pool). */
  close(): Promise<void>;
}

/** base64url of 32 zero bytes: the `prevHash` of a genesis (seq 0) group log entry. */
export const GENESIS_PREV_HASH: string = 'A'.repeat(43);

/** Tenant id of rows that belong to no organization; `~` is not allowed in organization ids. */
export const ACCOUNT_SCOPE = '~accounts';

const tokenHash = (t: string): string => createHash('sha256').update(t).digest('base64url');
const num = (v: unknown): number => Number(v);
const parse = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r['record'] as string) as T);

/** The Postgres store (PGlite or a real server). */
export class PgStorage implements Storage {
  /** The database, for tests and audits. */
  readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  #acct<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    return this.db.tenant(ACCOUNT_SCOPE, fn);
  }

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    return parse<AccountRecord>(await this.#acct((q) => q('SELECT record FROM accounts WHERE account_id = $1', [id])))[0];
  }
  async createAccount(r: AccountRecord): Promise<boolean> {
    const rows = await this.#acct((q) =>
      q('INSERT INTO accounts (tenant_id, account_id, record) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING account_id', [ACCOUNT_SCOPE, r.accountId, JSON.stringify(r)]),
    );
    return rows.length === 1;
  }
  async putAccount(r: AccountRecord): Promise<void> {
    await this.#acct((q) => q('UPDATE accounts SET record = $2 WHERE account_id = $1', [r.accountId, JSON.stringify(r)]));
  }
  async putPendingLogin(id: string, p: PendingLogin, b: PendingBounds): Promise<boolean> {
    return this.#acct(async (q) => {
      // Serialise inserts across instances so the counts below are exact bounds, not estimates.
      await q("SELECT pg_advisory_xact_lock(hashtext('zkvault.pending_logins'))");
      await q('DELETE FROM pending_logins WHERE expires_at < $1', [b.now]);
      const [c] = await q('SELECT count(*) AS total, count(*) FILTER (WHERE account_id = $1) AS mine FROM pending_logins', [p.accountId]);
      if (num(c!['mine']) >= b.perAccount || num(c!['total']) >= b.global) return false;
      await q('INSERT INTO pending_logins (tenant_id, login_id, account_id, a, state, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        ACCOUNT_SCOPE, id, p.accountId, p.A, JSON.stringify(p.state), p.expiresAt,
      ]);
      return true;
    });
  }
  async takePendingLogin(id: string, now: number): Promise<PendingLogin | undefined> {
    const [r] = await this.#acct((q) => q('DELETE FROM pending_logins WHERE login_id = $1 RETURNING account_id, a, state, expires_at', [id]));
    if (!r || num(r['expires_at']) < now) return undefined;
    return { accountId: r['account_id'] as string, A: r['a'] as string, state: JSON.parse(r['state'] as string) as ServerLoginState, expiresAt: num(r['expires_at']) };
  }
  async putSession(t: string, s: Session): Promise<void> {
    await this.#acct((q) => q('INSERT INTO sessions (tenant_id, token_hash, account_id, expires_at) VALUES ($1, $2, $3, $4)', [ACCOUNT_SCOPE, tokenHash(t), s.accountId, s.expiresAt]));
  }
  async getSession(t: string, now: number): Promise<Session | undefined> {
    const [r] = await this.#acct((q) => q('SELECT account_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at >= $2', [tokenHash(t), now]));
    return r ? { accountId: r['account_id'] as string, expiresAt: num(r['expires_at']) } : undefined;
  }
  async revokeSessions(accountId: string, keepToken?: string): Promise<number> {
    const keep = keepToken === undefined ? '' : tokenHash(keepToken);
    return (await this.#acct((q) => q('DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2 RETURNING 1', [accountId, keep]))).length;
  }
  async purgeExpired(now: number): Promise<number> {
    return this.#acct(async (q) => {
      const a = await q('DELETE FROM pending_logins WHERE expires_at < $1 RETURNING 1', [now]);
      const b = await q('DELETE FROM sessions WHERE expires_at < $1 RETURNING 1', [now]);
      const c = await q('DELETE FROM rate_limits WHERE window_start < $1 RETURNING 1', [now - 86_400_000]);
      return a.length + b.length + c.length;
    });
  }
  async hitRateLimit(key: string, now: number, windowMs: number, max: number): Promise<RateResult> {
    const [r] = await this.#acct((q) =>
      q(
        `INSERT INTO rate_limits AS r (tenant_id, key, window_start, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (tenant_id, key) DO UPDATE SET
           window_start = CASE WHEN r.window_start <= $3 - $4 THEN $3 ELSE r.window_start END,
           count = CASE WHEN r.window_start <= $3 - $4 THEN 1 ELSE r.count + 1 END
         RETURNING window_start, count`,
        [ACCOUNT_SCOPE, key, now, windowMs],
      ),
    );
    const allowed = num(r!['count']) <= max;
    return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, num(r!['window_start']) + windowMs - now) };
  }
  async serverSecret(): Promise<Uint8Array> {
    const [r] = await this.#acct(async (q) => {
      await q('INSERT INTO server_secret (tenant_id, id, secret) VALUES ($1, 1, $2) ON CONFLICT DO NOTHING', [ACCOUNT_SCOPE, toBase64url(new Uint8Array(randomBytes(32)))]);
      return q('SELECT secret FROM server_secret WHERE id = 1');
    });
    return fromBase64url(r!['secret'] as string);
  }
  async getOrg(t: string): Promise<Organization | undefined> {
    const rows = await this.db.tenant(t, (q) => q('SELECT account_id, admin FROM org_members ORDER BY position'));
    if (rows.length === 0) return undefined; // an organization always has its creator as a member
    return { tenantId: t, admins: rows.filter((r) => r['admin'] === true).map((r) => r['account_id'] as string), members: rows.map((r) => r['account_id'] as string) };
  }
  async createOrg(o: Organization): Promise<boolean> {
    return this.db.tenant(o.tenantId, async (q) => {
      if ((await q('INSERT INTO orgs (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1', [o.tenantId])).length === 0) return false;
      await this.#members(q, o);
      return true;
    });
  }
  async putOrg(o: Organization): Promise<void> {
    await this.db.tenant(o.tenantId, (q) => this.#members(q, o));
  }
  async #members(q: Query, o: Organization): Promise<void> {
    for (const [i, m] of o.members.entries()) {
      await q(
        `INSERT INTO org_members (tenant_id, account_id, admin, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, account_id) DO UPDATE SET admin = EXCLUDED.admin`,
        [o.tenantId, m, o.admins.includes(m), i],
      );
    }
  }
  async getGroup(t: string, g: string): Promise<GroupRow | undefined> {
    const [r] = await this.db.tenant(t, (q) => q('SELECT owner FROM resource_groups WHERE group_id = $1', [g]));
    return r ? { tenantId: t, resourceGroupId: g, owner: r['owner'] as string } : undefined;
  }
  async createGroup(g: GroupRow, link: AnyLinkRecord): Promise<boolean> {
    return this.db.tenant(g.tenantId, async (q) => {
      const made = await q('INSERT INTO resource_groups (tenant_id, group_id, owner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [g.tenantId, g.resourceGroupId, g.owner]);
      if (made.length === 0) return false;
      await insertLink(q, link);
      return true;
    });
  }
  async putLink(l: AnyLinkRecord): Promise<void> {
    await this.db.tenant(l.tenantId, (q) => insertLink(q, l));
  }
  async listLinks(t: string, g: string): Promise<AnyLinkRecord[]> {
    return parse<AnyLinkRecord>(await this.db.tenant(t, (q) => q('SELECT record FROM links WHERE group_id = $1 ORDER BY key_version, sender_id, recipient_id, link_v', [g])));
  }
  async deleteLinks(t: string, g: string, memberId: string): Promise<number> {
    return (await this.db.tenant(t, (q) => q('DELETE FROM links WHERE group_id = $1 AND (recipient_id = $2 OR sender_id = $2) RETURNING 1', [g, memberId]))).length;
  }
  async putResource(r: ResourceRecord): Promise<void> {
    await this.db.tenant(r.tenantId, (q) =>
      q(
        `INSERT INTO resources (tenant_id, group_id, resource_id, record) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, group_id, resource_id) DO UPDATE SET record = EXCLUDED.record`,
        [r.tenantId, r.resourceGroupId, r.resourceId, JSON.stringify(r)],
      ),
    );
  }
  async listResources(t: string, g: string): Promise<ResourceRecord[]> {
    return parse<ResourceRecord>(await this.db.tenant(t, (q) => q('SELECT record FROM resources WHERE group_id = $1 ORDER BY resource_id', [g])));
  }
  async appendGroupLogEntry(t: string, g: string, e: GroupLogEntry): Promise<boolean> {
    if (!Number.isSafeInteger(e.seq) || e.seq < 0 || e.seq > 2 ** 31 - 1) return false;
    const rows = await this.db.tenant(t, (q) =>
      q(
        `INSERT INTO group_log (tenant_id, group_id, seq, prev_hash, hash, entry)
         SELECT $1, $2, $3, $4, $5, $6
         WHERE (SELECT coalesce(max(seq) + 1, 0) FROM group_log WHERE group_id = $2) = $3
           AND (($3 = 0 AND $4 = $7) OR EXISTS (SELECT 1 FROM group_log WHERE group_id = $2 AND seq = $3 - 1 AND hash = $4))
         ON CONFLICT DO NOTHING RETURNING seq`,
        [t, g, e.seq, e.prevHash, e.hash, e.entry, GENESIS_PREV_HASH],
      ),
    );
    return rows.length === 1;
  }
  async listGroupLog(t: string, g: string, fromSeq: number): Promise<GroupLogEntry[]> {
    const rows = await this.db.tenant(t, (q) => q('SELECT seq, prev_hash, hash, entry FROM group_log WHERE group_id = $1 AND seq >= $2 ORDER BY seq', [g, Math.max(0, Math.trunc(fromSeq))]));
    return rows.map((r) => ({ seq: num(r['seq']), prevHash: r['prev_hash'] as string, hash: r['hash'] as string, entry: r['entry'] as string }));
  }
  async dump(): Promise<string> {
    const out: Record<string, Row[]> = {};
    for (const t of ['accounts', 'pending_logins', 'sessions', 'orgs', 'org_members', 'resource_groups', 'links', 'resources', 'group_log']) {
      out[t] = await this.db.owner(`SELECT * FROM ${t}`);
    }
    return JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  }
  close(): Promise<void> {
    return this.db.close();
  }
}

function insertLink(q: Query, l: AnyLinkRecord): Promise<Row[]> {
  return q(
    `INSERT INTO links (tenant_id, group_id, sender_id, recipient_id, key_version, link_v, record) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, group_id, sender_id, recipient_id, key_version, link_v) DO UPDATE SET record = EXCLUDED.record`,
    [l.tenantId, l.resourceGroupId, l.senderId, l.recipientId, l.keyVersion, l.v, JSON.stringify(l)],
  );
}
