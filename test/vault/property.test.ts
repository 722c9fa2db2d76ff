// fast-check properties of zkvault/vault: any set of records round-trips through transactions
// (get and list agree with a model Map); flipping any byte of any stored row is caught (the open
// scan refuses the vault, or reading that record fails) and never yields other data; flipping any
// byte of the header makes the vault refuse to open; a wrong passphrase never opens it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZkvaultError } from '../../src/errors.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import type { VaultRow, VaultStore } from '../../src/vault/store.js';
import { dec, enc, PASS, testVault } from './helpers.js';

const keyArb = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => !/[\uD800-\uDFFF]/.test(s));
const opsArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('put' as const), key: keyArb, value: fc.uint8Array({ maxLength: 64 }), collection: fc.constantFrom('', 'A', 'B') }),
    fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
  ),
  { minLength: 1, maxLength: 30 },
);

async function allRows(store: VaultStore): Promise<VaultRow[]> {
  return store.list({ limit: 1_000_000 });
}

function codeOf(e: unknown): string {
  if (!(e instanceof ZkvaultError)) throw e;
  return e.code;
}

describe('vault properties', () => {
  it('round trip: the vault agrees with a Map after any transactions', async () => {
    await fc.assert(
      fc.asyncProperty(opsArb, fc.integer({ min: 1, max: 5 }), async (ops, chunk) => {
        const store = createMemoryStore();
        const v = await testVault(store);
        const model = new Map<string, { value: Uint8Array; collection: string }>();
        for (let i = 0; i < ops.length; i += chunk) {
          await v.transaction(async (tx) => {
            for (const op of ops.slice(i, i + chunk)) {
              if (op.kind === 'put') {
                await tx.put(op.key, op.value, { collection: op.collection });
                model.set(op.key, { value: op.value, collection: op.collection });
              } else {
                expect(await tx.delete(op.key)).toBe(model.delete(op.key));
              }
            }
          });
        }
        await v.close();
        const again = await testVault(store);
        expect(again.count).toBe(model.size);
        for (const [k, m] of model) expect(await again.get(k)).toEqual(m.value);
        for (const c of ['', 'A', 'B']) {
          const seen: string[] = [];
          for await (const e of again.list({ collection: c })) {
            expect(e.collection).toBe(c);
            expect(e.value).toEqual(model.get(e.key)!.value);
            seen.push(e.key);
          }
          expect(seen.sort()).toEqual([...model].filter(([, m]) => m.collection === c).map(([k]) => k).sort());
        }
        expect((await again.verify()).ok).toBe(true);
        await again.close();
      }),
      { numRuns: 40 },
    );
  });

  it('tamper: a flipped byte in any row is refused at open or on read, never returned as other data', async () => {
    const store = createMemoryStore();
    const v = await testVault(store);
    const values = new Map<string, string>();
    for (let i = 0; i < 8; i++) values.set(`k${i}`, `value number ${i}`);
    await v.transaction(async (tx) => {
      for (const [k, val] of values) await tx.put(k, enc(val));
    });
    await v.close();
    const rows = await allRows(store);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: rows.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.constantFrom('value', 'id', 'collection', 'version'), async (ri, bi, mask, part) => {
        const row = rows[ri]!;
        const copy = createMemoryStore();
        await copy.commit({ meta: (await store.readMeta())!, put: rows, delete: [] });
        let bad: VaultRow;
        if (part === 'version') bad = { ...row, version: row.version + mask };
        else {
          const b = new Uint8Array(row[part]);
          b[bi % b.length]! ^= mask;
          bad = { ...row, [part]: b };
        }
        await copy.commit({ put: [bad], delete: part === 'id' ? [row.id] : [] });
        // 1. With the scan, the vault does not open.
        expect(await testVault(copy).then(() => 'OK', codeOf)).toBe('VAULT_CORRUPT');
        // 2. Without it, no key reads back anything but its own value.
        const u = await testVault(copy, PASS, { scan: false });
        let failures = 0;
        for (const [k, val] of values) {
          const got = await u.get(k).then(dec, (e: unknown) => codeOf(e));
          if (got === 'DECRYPT_FAILED' || got === undefined) failures++;
          else expect(got).toBe(val);
        }
        expect(failures).toBeGreaterThan(0);
        expect((await u.verify()).ok).toBe(false);
        await u.close();
      }),
      { numRuns: 150 },
    );
  });

  it('tamper: a flipped byte anywhere in the header makes the vault refuse to open', async () => {
    const store = createMemoryStore();
    const v = await testVault(store);
    await v.put('a', enc('x'));
    await v.close();
    const meta = (await store.readMeta())!;
    const rows = await allRows(store);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: meta.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, mask) => {
        const bad = new Uint8Array(meta);
        bad[i]! ^= mask;
        const copy = createMemoryStore();
        await copy.commit({ meta: bad, put: rows, delete: [] });
        const code = await testVault(copy).then(() => 'OK', codeOf);
        expect(['DECRYPT_FAILED', 'VAULT_CORRUPT', 'KDF_DOWNGRADE', 'INVALID_RECORD', 'UNSUPPORTED', 'INVALID_INPUT']).toContain(code);
      }),
      { numRuns: 200 },
    );
  });

  it('wrong passphrase: never opens', async () => {
    const store = createMemoryStore();
    await (await testVault(store)).close();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }).filter((p) => p.normalize('NFKD') !== (PASS as { passphrase: string }).passphrase.normalize('NFKD')), async (p) => {
        expect(await testVault(store, { passphrase: p }).then(() => 'OK', codeOf)).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 30 },
    );
  });
});
