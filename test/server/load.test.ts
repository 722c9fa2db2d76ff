// Load, loopback only and bounded: concurrent sign-ups, logins, resource writes and reads against
// one server, on PGlite and (with DATABASE_URL) Postgres. It reports logins/s and p50/p99 latency;
// it asserts only that every request succeeded. ZKVAULT_LOAD_LOGINS raises the login count
// (default 12; at most 1,000) and a 60 s budget ends any run early.
import { afterAll, describe, expect, it } from 'vitest';
import { PgStorage, startServer } from '../../examples/server/index.js';
import { createResourceGroup, encryptResource } from '../../src/model/index.js';
import { client, ROOMY } from './client.js';
import { freshDb, STORE_KINDS } from './stores.js';

const LOGINS = Math.min(1000, Math.max(1, Number(process.env['ZKVAULT_LOAD_LOGINS'] ?? 12)));
const CONCURRENCY = 4;
const BUDGET_MS = 60_000;
const results: string[] = [];
afterAll(() => console.info(`[load] ${results.join('\n[load] ')}`));

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function pool<T>(n: number, work: (i: number) => Promise<T>, deadline: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n && Date.now() < deadline) out.push(await work(next++));
    }),
  );
  return out;
}

describe.each(STORE_KINDS)('load on %s', (kind) => {
  it(`${LOGINS} logins, sign-ups, writes and reads at concurrency ${CONCURRENCY}`, async () => {
    const t = await freshDb(kind);
    const s = await startServer(0, { ...ROOMY, storage: new PgStorage(t.db) });
    try {
      const c = client(s.url);
      const deadline = Date.now() + BUDGET_MS;
      const users = Math.max(2, Math.ceil(LOGINS / 4));
      const timed = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
        const t0 = performance.now();
        const v = await f();
        return [performance.now() - t0, v];
      };
      const signups = await pool(users, (i) => timed(() => c.signup(`user${i}`, `pass ${i}`)), deadline);
      const t0 = performance.now();
      const logins = await pool(LOGINS, (i) => timed(() => c.login(`user${i % users}`, `pass ${i % users}`)), deadline);
      const loginWall = performance.now() - t0;
      for (const [, r] of logins) expect(r.status).toBe(200);
      // One group; every login's token writes one resource and reads the list.
      const owner = await c.login('user0', 'pass 0');
      const account = await owner.unlock!();
      await c.call('POST', '/v1/orgs', { tenantId: 'load' }, owner.token);
      const { group, link } = await createResourceGroup({ tenantId: 'load', resourceGroupId: 'g' }, account);
      await c.call('POST', '/v1/orgs/load/groups', { link }, owner.token);
      account.dispose();
      const recs = await Promise.all(Array.from({ length: LOGINS }, (_, i) => encryptResource({ resourceId: `r${i}`, type: 'Request', plaintext: `payload ${i}` }, group)));
      const writes = await pool(LOGINS, (i) => timed(() => c.call('PUT', `/v1/orgs/load/groups/g/resources/r${i}`, { record: recs[i] }, owner.token)), deadline);
      const reads = await pool(LOGINS, () => timed(() => c.call('GET', '/v1/orgs/load/groups/g/resources', undefined, owner.token)), deadline);
      for (const [, r] of [...writes, ...reads]) expect(r.status).toBe(200);
      const ms = (xs: [number, unknown][]) => `p50 ${pct(xs.map((x) => x[0]), 50).toFixed(0)} ms, p99 ${pct(xs.map((x) => x[0]), 99).toFixed(0)} ms`;
      results.push(
        `${kind}: ${logins.length} logins in ${(loginWall / 1000).toFixed(1)} s = ${((logins.length * 1000) / loginWall).toFixed(1)} logins/s (login ${ms(logins)}); ` +
          `${signups.length} sign-ups (${ms(signups)}); ${writes.length} writes (${ms(writes)}); ${reads.length} reads (${ms(reads)}); concurrency ${CONCURRENCY}`,
      );
      expect(logins.length).toBeGreaterThan(0);
    } finally {
      await s.close();
      await t.drop();
    }
  }, 180_000);
});
