/**
 * Schema migrations of the reference sync server, applied in order at start (see `db.ts`). They are
 * TypeScript strings rather than `.sql` files so a bundle of the server (the demo's) carries them.
 *
 * Every table has `tenant_id` and row-level security: the application role `zkvault_app` sees and
 * writes only rows whose `tenant_id` equals the transaction's `app.tenant_id` setting, so a query that
 * forgets its tenant filter still cannot read or write another tenant's rows. Rows that belong to no
 * organization (accounts, sessions, login state, rate-limit counters, the server secret) carry the
 * reserved tenant id `~accounts`, which no organization can take (`~` is not allowed in ids).
 * Never edit a shipped migration: add a new one.
 * @module
 */

/** One migration: a version (sorts in apply order) and its SQL. */
export interface Migration {
  version: string;
  sql: string;
}

const TABLES = ['accounts', 'pending_logins', 'sessions', 'rate_limits', 'server_secret', 'orgs', 'org_members', 'resource_groups', 'links', 'resources', 'group_log'];

const rls = TABLES.map(
  (t) => `
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${t} TO zkvault_app
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO zkvault_app;`,
).join('\n');

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: '001_init',
    sql: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zkvault_app') THEN CREATE ROLE zkvault_app NOLOGIN; END IF;
  IF NOT pg_has_role(current_user, 'zkvault_app', 'MEMBER') THEN EXECUTE format('GRANT zkvault_app TO %I', current_user); END IF;
END $$;

CREATE TABLE accounts (
  tenant_id text NOT NULL, account_id text NOT NULL, record text NOT NULL,
  PRIMARY KEY (tenant_id, account_id));
CREATE TABLE pending_logins (
  tenant_id text NOT NULL, login_id text NOT NULL, account_id text NOT NULL, a text NOT NULL,
  state text NOT NULL, expires_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, login_id));
CREATE INDEX pending_logins_account ON pending_logins (tenant_id, account_id);
CREATE INDEX pending_logins_expiry ON pending_logins (tenant_id, expires_at);
CREATE TABLE sessions (
  tenant_id text NOT NULL, token_hash text NOT NULL, account_id text NOT NULL, expires_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, token_hash));
CREATE INDEX sessions_account ON sessions (tenant_id, account_id);
CREATE INDEX sessions_expiry ON sessions (tenant_id, expires_at);
CREATE TABLE rate_limits (
  tenant_id text NOT NULL, key text NOT NULL, window_start bigint NOT NULL, count integer NOT NULL,
  PRIMARY KEY (tenant_id, key));
CREATE TABLE server_secret (
  tenant_id text NOT NULL, id integer NOT NULL, secret text NOT NULL,
  PRIMARY KEY (tenant_id, id));
CREATE TABLE orgs (
  tenant_id text NOT NULL PRIMARY KEY);
CREATE TABLE org_members (
  tenant_id text NOT NULL REFERENCES orgs, account_id text NOT NULL, admin boolean NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (tenant_id, account_id));
CREATE TABLE resource_groups (
  tenant_id text NOT NULL REFERENCES orgs, group_id text NOT NULL, owner text NOT NULL,
  PRIMARY KEY (tenant_id, group_id));
CREATE TABLE links (
  tenant_id text NOT NULL, group_id text NOT NULL, sender_id text NOT NULL, recipient_id text NOT NULL,
  key_version integer NOT NULL, record text NOT NULL,
  PRIMARY KEY (tenant_id, group_id, sender_id, recipient_id, key_version),
  FOREIGN KEY (tenant_id, group_id) REFERENCES resource_groups);
CREATE TABLE resources (
  tenant_id text NOT NULL, group_id text NOT NULL, resource_id text NOT NULL, record text NOT NULL,
  PRIMARY KEY (tenant_id, group_id, resource_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES resource_groups);
CREATE TABLE group_log (
  tenant_id text NOT NULL, group_id text NOT NULL, seq integer NOT NULL CHECK (seq >= 0),
  prev_hash text NOT NULL, hash text NOT NULL, entry text NOT NULL,
  PRIMARY KEY (tenant_id, group_id, seq));
${rls}
`,
  },
  {
    // Links v2 (issue 18): a LinkRecordV2 is stored next to the v1 link of the same sender,
    // recipient and key version (a sender may give a member both while a group moves to PQ links),
    // so the link format is part of the key. Existing rows are v1.
    version: '002_links_v2',
    sql: `
ALTER TABLE links ADD COLUMN link_v smallint NOT NULL DEFAULT 1 CHECK (link_v IN (1, 2));
ALTER TABLE links DROP CONSTRAINT links_pkey;
ALTER TABLE links ADD PRIMARY KEY (tenant_id, group_id, sender_id, recipient_id, key_version, link_v);
`,
  },
];
