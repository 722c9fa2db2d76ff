/**
 * Storage behind the reference sync server. Every row carries its tenant (organization) id, as in
 * the seed's pooled multi-tenant model. The server stores only what the library hands it: account
 * records, links and resource records (all ciphertext or public values), plus its own login and
 * session bookkeeping. The in-memory implementation is the embedded default; a database-backed one
 * implements the same interface.
 * @module
 */
import type { AccountRecord, LinkRecord, ResourceRecord, ServerLoginState } from '../../src/model/index.js';

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

/** What the server persists. Methods are async so a real database can stand behind them. */
export interface Storage {
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  putAccount(record: AccountRecord): Promise<void>;
  putPendingLogin(loginId: string, p: PendingLogin): Promise<void>;
  /** Returns and deletes: a pending login can be finished once only. */
  takePendingLogin(loginId: string): Promise<PendingLogin | undefined>;
  putSession(token: string, s: Session): Promise<void>;
  getSession(token: string): Promise<Session | undefined>;
  getOrg(tenantId: string): Promise<Organization | undefined>;
  putOrg(org: Organization): Promise<void>;
  getGroup(tenantId: string, resourceGroupId: string): Promise<GroupRow | undefined>;
  putGroup(g: GroupRow): Promise<void>;
  putLink(link: LinkRecord): Promise<void>;
  /** All links of a group, every key version. */
  listLinks(tenantId: string, resourceGroupId: string): Promise<LinkRecord[]>;
  deleteLinks(tenantId: string, resourceGroupId: string, recipientId: string): Promise<number>;
  putResource(r: ResourceRecord): Promise<void>;
  listResources(tenantId: string, resourceGroupId: string): Promise<ResourceRecord[]>;
  /**
   * Appends one group log entry if `e.seq` is the log's length and `e.prevHash` the hash of its last
   * entry (32 zero bytes, base64url, for seq 0): compare-and-swap, so of two concurrent appends one
   * wins. Returns false on a conflict; never stores a duplicate or overwrites an entry.
   */
  appendGroupLogEntry(tenantId: string, groupId: string, e: { seq: number; prevHash: string; hash: string; entry: string }): Promise<boolean>;
  /** The group log from `fromSeq` on, in seq order. */
  listGroupLog(tenantId: string, groupId: string, fromSeq: number): Promise<Array<{ seq: number; prevHash: string; hash: string; entry: string }>>;
  /** Everything stored, serialised: for audits such as the demo's plaintext scan. */
  dump(): Promise<string>;
}

/** base64url of 32 zero bytes: the `prevHash` of a genesis entry. */
export const GENESIS_PREV_HASH: string = 'A'.repeat(43);

const key = (...parts: string[]): string => JSON.stringify(parts);

/** The embedded default: plain Maps, lost on exit. */
export class MemoryStorage implements Storage {
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #pending = new Map<string, PendingLogin>();
  readonly #sessions = new Map<string, Session>();
  readonly #orgs = new Map<string, Organization>();
  readonly #groups = new Map<string, GroupRow>();
  readonly #links = new Map<string, LinkRecord>();
  readonly #resources = new Map<string, ResourceRecord>();
  readonly #logs = new Map<string, { seq: number; prevHash: string; hash: string; entry: string }[]>();

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    return this.#accounts.get(id);
  }
  async putAccount(r: AccountRecord): Promise<void> {
    this.#accounts.set(r.accountId, r);
  }
  async putPendingLogin(id: string, p: PendingLogin): Promise<void> {
    this.#pending.set(id, p);
  }
  async takePendingLogin(id: string): Promise<PendingLogin | undefined> {
    const p = this.#pending.get(id);
    this.#pending.delete(id);
    return p;
  }
  async putSession(t: string, s: Session): Promise<void> {
    this.#sessions.set(t, s);
  }
  async getSession(t: string): Promise<Session | undefined> {
    return this.#sessions.get(t);
  }
  async getOrg(t: string): Promise<Organization | undefined> {
    return this.#orgs.get(t);
  }
  async putOrg(o: Organization): Promise<void> {
    this.#orgs.set(o.tenantId, o);
  }
  async getGroup(t: string, g: string): Promise<GroupRow | undefined> {
    return this.#groups.get(key(t, g));
  }
  async putGroup(g: GroupRow): Promise<void> {
    this.#groups.set(key(g.tenantId, g.resourceGroupId), g);
  }
  async putLink(l: LinkRecord): Promise<void> {
    this.#links.set(key(l.tenantId, l.resourceGroupId, l.recipientId, String(l.keyVersion)), l);
  }
  async listLinks(t: string, g: string): Promise<LinkRecord[]> {
    return [...this.#links.values()].filter((l) => l.tenantId === t && l.resourceGroupId === g);
  }
  async deleteLinks(t: string, g: string, recipientId: string): Promise<number> {
    let n = 0;
    for (const [k, l] of this.#links) {
      if (l.tenantId === t && l.resourceGroupId === g && l.recipientId === recipientId) {
        this.#links.delete(k);
        n++;
      }
    }
    return n;
  }
  async putResource(r: ResourceRecord): Promise<void> {
    this.#resources.set(key(r.tenantId, r.resourceGroupId, r.resourceId), r);
  }
  async listResources(t: string, g: string): Promise<ResourceRecord[]> {
    return [...this.#resources.values()].filter((r) => r.tenantId === t && r.resourceGroupId === g);
  }
  async appendGroupLogEntry(t: string, g: string, e: { seq: number; prevHash: string; hash: string; entry: string }): Promise<boolean> {
    const log = this.#logs.get(key(t, g)) ?? [];
    // Check and append in one synchronous step: no await in between, so no other append interleaves.
    const head = log.length === 0 ? GENESIS_PREV_HASH : log[log.length - 1]!.hash;
    if (e.seq !== log.length || e.prevHash !== head) return false;
    log.push({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, entry: e.entry });
    this.#logs.set(key(t, g), log);
    return true;
  }
  async listGroupLog(t: string, g: string, fromSeq: number): Promise<Array<{ seq: number; prevHash: string; hash: string; entry: string }>> {
    return (this.#logs.get(key(t, g)) ?? []).slice(Math.max(0, fromSeq)).map((e) => ({ ...e }));
  }
  async dump(): Promise<string> {
    return JSON.stringify({
      accounts: [...this.#accounts.values()],
      pendingLogins: [...this.#pending.values()],
      sessions: [...this.#sessions.values()],
      orgs: [...this.#orgs.values()],
      groups: [...this.#groups.values()],
      links: [...this.#links.values()],
      resources: [...this.#resources.values()],
      groupLogs: Object.fromEntries(this.#logs),
    });
  }
}
