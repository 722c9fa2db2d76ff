// Fault tests, loopback only and bounded in count and time: SIGKILL in the middle of writes, then a
// restart (every acknowledged write survives), on PGlite (a data directory) and on Postgres; SIGTERM
// drains an in-flight request and exits 0; Postgres stopped while serving gives typed 503s and the
// server recovers when it is back (needs ZKVAULT_PG_FAULT_URL/ZKVAULT_PG_FAULT_CTL, set by .ci/run).
import { exec, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgliteTemplateFile } from '../../examples/server/db.js';
import { openPostgres, PgStorage, startServer } from '../../examples/server/index.js';
import { createResourceGroup, encryptResource, type UnlockedResourceGroup } from '../../src/model/index.js';
import { client, ROOMY } from './client.js';
import { buildServerMain, killStrayServers, spawnServer } from './process.js';
import { freshDb, STORE_KINDS } from './stores.js';

// The servers' data directories go to tmpfs where there is one: a fresh directory is the template's
// ~1,050 files, 0.7-1.4 s of system CPU to create on this machine's disk and ~0.06 s on /dev/shm. A
// SIGKILL leaves written pages to the kernel on either, so what survives a killed server is the same.
const scratch = ((): string => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

// The start-up SRP warm-up (examples/server/main.ts: a worker thread and OpenSSL's 2048-bit safe-prime
// check, ~0.5 s of CPU per start) stays on in the server that drains a request on SIGTERM, as in
// production; the servers that are SIGKILLed or only read back what survived start without it.
const NO_WARMUP = { ZKVAULT_SRP_WARMUP: '0' };

/**
 * `<dir>/data` for a server child, unpacked from the PGlite template the server itself would load
 * (`tar` on tmpfs: ~0.06 s of CPU, against ~0.9 s in PGlite's loader; docs/testing.md, round 7).
 * The SIGKILL test still lets the server make its directory (and the template, on a new machine);
 * without the template, or without a working `tar`, this one does too.
 */
function unpackedDataDir(dir: string): string {
  const data = join(dir, 'data');
  const template = pgliteTemplateFile();
  if (!existsSync(template)) return data;
  mkdirSync(data);
  try {
    execFileSync('tar', ['xf', template, '-C', data], { stdio: 'ignore' });
  } catch {
    rmSync(data, { recursive: true, force: true }); // nothing half-unpacked for the server to open
  }
  return data;
}

let main = '';
beforeAll(async () => {
  main = await buildServerMain();
});
afterAll(() => unlinkSync(main));
afterEach(killStrayServers);

async function setUpGroup(c: ReturnType<typeof client>, who: string): Promise<{ token: string; group: UnlockedResourceGroup }> {
  await c.signup(who, 'pass');
  const l = await c.login(who, 'pass');
  const account = await l.unlock!();
  expect((await c.call('POST', '/v1/orgs', { tenantId: 'acme' }, l.token)).json).toEqual({ tenantId: 'acme' });
  const { group, link } = await createResourceGroup({ tenantId: 'acme', resourceGroupId: 'g' }, account);
  expect((await c.call('POST', '/v1/orgs/acme/groups', { link }, l.token)).status).toBe(201);
  account.dispose();
  return { token: l.token!, group };
}

describe.each(STORE_KINDS)('faults on %s', (kind) => {
  it('SIGKILL in the middle of writes, then restart: every acknowledged write is there', async () => {
    const dir = mkdtempSync(join(scratch, 'zkvault-kill-'));
    const t = kind === 'postgres' ? await freshDb('postgres') : undefined;
    if (t) await t.db.close(); // migrated; the child connects on its own
    const env = t ? { DATABASE_URL: t.url!, ...NO_WARMUP } : { DATABASE_URL: '', ZKVAULT_DATA_DIR: join(dir, 'data'), ...NO_WARMUP };
    try {
      let s = await spawnServer(main, env);
      let c = client(s.url);
      const { token, group } = await setUpGroup(c, 'killer');
      const records = await Promise.all(Array.from({ length: 60 }, (_, i) => encryptResource({ resourceId: `r${i}`, type: 'Request', plaintext: `body ${i}` }, group)));
      const acked: string[] = [];
      let next = 0;
      // Four writers; the server is killed after the 25th acknowledgement, with writes in flight.
      const writer = async () => {
        while (next < records.length) {
          const r = records[next++]!;
          try {
            const res = await c.call('PUT', `/v1/orgs/acme/groups/g/resources/${r.resourceId}`, { record: r }, token);
            if (res.status === 200) acked.push(r.resourceId);
            if (acked.length === 25) s.child.kill('SIGKILL');
          } catch {
            return; // connection refused or reset: the server is gone
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      expect(await s.exited).toBeNull(); // killed by the signal
      expect(acked.length).toBeGreaterThanOrEqual(25);
      s = await spawnServer(main, env);
      c = client(s.url);
      const again = await c.login('killer', 'pass');
      const stored = (await c.call('GET', '/v1/orgs/acme/groups/g/resources', undefined, again.token)).json.resources as { resourceId: string }[];
      const ids = new Set(stored.map((r) => r.resourceId));
      for (const id of acked) expect(ids.has(id), id).toBe(true);
      console.info(`[faults ${kind}] SIGKILL after ${acked.length} acknowledged writes: all ${acked.length} present after restart (${ids.size} stored)`);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t?.drop();
    }
  }, 400_000);
});

describe('graceful shutdown', () => {
  it('SIGTERM: the in-flight request completes, then the process exits 0', async () => {
    const dir = mkdtempSync(join(scratch, 'zkvault-term-'));
    try {
      const data = unpackedDataDir(dir);
      const s = await spawnServer(main, { DATABASE_URL: '', ZKVAULT_DATA_DIR: data });
      const c = client(s.url);
      const { token, group } = await setUpGroup(c, 'termy');
      const body = JSON.stringify({ record: await encryptResource({ resourceId: 'late', type: 'Request', plaintext: 'late body' }, group) });
      // Half the body, then SIGTERM, then the rest: the server must finish this request.
      const reply = new Promise<string>((resolve, reject) => {
        const sock = connect(Number(new URL(s.url).port), '127.0.0.1', () => {
          sock.write(`PUT /v1/orgs/acme/groups/g/resources/late HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`);
          sock.write(body.slice(0, 100));
          setTimeout(() => {
            s.child.kill('SIGTERM');
            setTimeout(() => sock.end(body.slice(100)), 300);
          }, 300);
        });
        let got = '';
        sock.on('data', (d) => (got += d.toString()));
        sock.on('end', () => resolve(got));
        sock.on('error', reject);
      });
      expect(await reply).toMatch(/^HTTP\/1\.1 200/);
      expect(await s.exited).toBe(0);
      // It wrote to the database before exiting: a new instance serves it.
      const s2 = await spawnServer(main, { DATABASE_URL: '', ZKVAULT_DATA_DIR: data, ...NO_WARMUP });
      const c2 = client(s2.url);
      const l = await c2.login('termy', 'pass');
      const ids = ((await c2.call('GET', '/v1/orgs/acme/groups/g/resources', undefined, l.token)).json.resources as { resourceId: string }[]).map((r) => r.resourceId);
      expect(ids).toContain('late');
      s2.child.kill('SIGTERM');
      expect(await s2.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});

const faultUrl = process.env['ZKVAULT_PG_FAULT_URL'];
const faultCtl = process.env['ZKVAULT_PG_FAULT_CTL'];
describe.runIf(faultUrl && faultCtl)('Postgres restart while serving', () => {
  it('answers 503 with a typed body while Postgres is down, and recovers when it is back', async () => {
    // Asynchronous, so the in-process server keeps serving while the cluster stops and starts.
    const ctl = (action: string) => promisify(exec)(`${faultCtl} ${action}`, { timeout: 60_000 });
    await ctl('start || true');
    const storage = new PgStorage(await openPostgres(faultUrl!));
    const s = await startServer(0, { ...ROOMY, storage });
    try {
      const c = client(s.url);
      const who = `restart-${Date.now()}`;
      await c.signup(who, 'pass');
      const token = (await c.login(who, 'pass')).token!;
      expect((await c.call('GET', '/v1/whoami', undefined, token)).status).toBe(200);
      await ctl('stop -m fast');
      const down = await c.call('GET', '/v1/whoami', undefined, token);
      expect(down.status).toBe(503);
      expect(down.json).toEqual({ error: 'database unavailable', code: 'UNAVAILABLE' });
      expect(down.headers.get('retry-after')).toBe('1');
      await ctl('start');
      const t0 = Date.now();
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = (await c.call('GET', '/v1/whoami', undefined, token)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
      console.info(`[faults postgres] stopped: 503 UNAVAILABLE with Retry-After; recovered ${Date.now() - t0} ms after start`);
    } finally {
      await ctl('start || true');
      await s.close();
      await storage.close();
    }
  }, 120_000);
});
