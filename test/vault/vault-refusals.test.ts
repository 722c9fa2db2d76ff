// Each check of the vault (src/vault/format.ts, unlock.ts, vault.ts, migrate.ts) decides on its own (issue 19,
// mutation testing): every refusal starts from a vault that opens, changes one thing, and asserts
// code AND message, so the test fails if that check is dropped and another one refuses instead. The
// edges of each range are accepted. Headers and states that only the key holder could write are
// built here with the vault's own key schedule (docs/formats.md, "Vault v1").
import { hkdfSync, pbkdf2Sync } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hash } from '../../src/backend/node/hash.js';
import { toBase64url } from '../../src/bytes/index.js';
import { createAccount } from '../../src/model/account-signup.js';
import { accountSecrets } from '../../src/model/account-state.js';
import { accAdd, encodeState, field, joinRecord, parseHeader, splitRecord, u64, VAULT_PURPOSE } from '../../src/vault/format.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import { migrateFolder, MIGRATION_COLLECTION } from '../../src/vault/migrate.js';
import type { VaultRow, VaultStore } from '../../src/vault/store.js';
import { checkUnlock, deriveKek, subkey } from '../../src/vault/unlock.js';
import { openVault, VAULT_MAX_COLLECTION_LENGTH, VAULT_MAX_KEY_LENGTH, VAULT_MAX_VALUE_BYTES, type Vault } from '../../src/vault/vault.js';
import { outcome } from '../helpers/errors.js';
import { dec, enc, keysOf, PASS, tempDir, TEST_OPTIONS, TEST_POLICY, testVault } from './helpers.js';

type Rec = Record<string, unknown>;
const corrupt = (why: string): string => `VAULT_CORRUPT: zkvault: the vault is damaged: ${why}`;

/** A closed passphrase vault holding one record. */
async function made(unlock = PASS): Promise<VaultStore> {
  const store = createMemoryStore();
  const v = await testVault(store, unlock);
  await v.put('a', enc('x'));
  await v.close();
  return store;
}

/** The store's header as JSON. */
async function headerOf(store: VaultStore): Promise<Rec> {
  return JSON.parse(dec(await store.readMeta())!) as Rec;
}

/** A store holding only this meta row (no records: the header checks run before any row is read). */
async function withMeta(meta: Rec | string | Uint8Array): Promise<VaultStore> {
  const s = createMemoryStore();
  const bytes = meta instanceof Uint8Array ? meta : enc(typeof meta === 'string' ? meta : JSON.stringify(meta));
  await s.commit({ meta: bytes, put: [], delete: [] });
  return s;
}

/** Opens a store with the test policy; "OK" if it opens. */
const opens = (store: VaultStore, unlock = PASS, options = {}): Promise<string> =>
  outcome(async () => (await openVault(store, unlock, { ...TEST_OPTIONS, ...options })).close());

describe('the header checks', () => {
  const refusals: [string, (h: Rec) => Rec | string | Uint8Array, string][] = [
    ['bytes that are not UTF-8', () => new Uint8Array([0x7b, 0xff, 0x7d]), corrupt('the header is not JSON')],
    ['text that is not JSON', () => '{"v":1,', corrupt('the header is not JSON')],
    ['a JSON array', (h) => JSON.stringify([h]), corrupt('the header is not a plain object')],
    ['JSON null', () => 'null', corrupt('the header is not a plain object')],
    ['version 2', (h) => ({ ...h, v: 2 }), 'UNSUPPORTED: zkvault: vault format v2 is newer than this library'],
    ['version "2" (a string)', (h) => ({ ...h, v: '2' }), corrupt('bad header version')],
    ['version 0', (h) => ({ ...h, v: 0 }), corrupt('bad header version')],
    ['no version', (h) => ({ ...h, v: undefined }), corrupt('bad header version')],
    ['unlock not an object', (h) => ({ ...h, unlock: 'passphrase' }), corrupt('no unlock parameters')],
    ['iterations 0', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), iterations: 0 } }), corrupt('bad iterations')],
    ['iterations 1000.5', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), iterations: 1000.5 } }), corrupt('bad iterations')],
    ['iterations "1000"', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), iterations: '1000' } }), corrupt('bad iterations')],
    ['iterations 2^53', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), iterations: 2 ** 53 } }), corrupt('bad iterations')],
    ['an empty salt', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), salt: '' } }), corrupt('bad salt')],
    ['a salt that is not a string', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), salt: 32 } }), corrupt('bad salt')],
    ['a salt of 4097 characters', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), salt: 'A'.repeat(4097) } }), corrupt('bad salt')],
    ['a salt that is not base64url', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), salt: 'a+b/' } }), corrupt('bad salt')],
    ['an unknown unlock kind', (h) => ({ ...h, unlock: { ...(h['unlock'] as Rec), kind: 'sso' } }), corrupt('unknown unlock kind')],
    ['an account unlock without an account id', (h) => ({ ...h, unlock: { kind: 'account', accountId: '', salt: (h['unlock'] as Rec)['salt'] } }), corrupt('bad account id')],
    ['an account unlock whose account id is a number', (h) => ({ ...h, unlock: { kind: 'account', accountId: 5, salt: (h['unlock'] as Rec)['salt'] } }), corrupt('bad account id')],
    ['an account unlock with a bad salt', (h) => ({ ...h, unlock: { kind: 'account', accountId: 'jane', salt: '!' } }), corrupt('bad salt')],
    ['appKey "false"', (h) => ({ ...h, appKey: 'false' }), corrupt('bad appKey flag')],
    ['an empty vault id', (h) => ({ ...h, id: '' }), corrupt('bad vault id')],
    ['a vault id that is not base64url', (h) => ({ ...h, id: 'a b' }), corrupt('bad vault id')],
    ['a dek that is not a string', (h) => ({ ...h, dek: 5 }), corrupt('bad dek')],
    ['a dek that is not base64url', (h) => ({ ...h, dek: 'A' }), corrupt('bad dek')],
    ['an empty state', (h) => ({ ...h, state: '' }), corrupt('bad state')],
    ['a state that is not base64url', (h) => ({ ...h, state: '=' }), corrupt('bad state')],
  ];
  it.each(refusals)('refuses %s', async (_label, change, want) => {
    const h = await headerOf(await made());
    expect(await opens(await withMeta(change(h)))).toBe(want);
  });

  it('the header as written opens, and the edges pass the header checks (the next check refuses them)', async () => {
    const h = await headerOf(await made());
    expect(await opens(await withMeta(h), PASS, { scan: false })).toBe('OK');
    // Iterations 1: a valid header value, below the policy's floor.
    expect(await opens(await withMeta({ ...h, unlock: { ...(h['unlock'] as Rec), iterations: 1 } }))).toBe(
      'KDF_DOWNGRADE: zkvault: 1 PBKDF2 iterations is below the floor of 1000',
    );
    // A salt of 4096 characters: a valid header value, not the policy's 32 bytes.
    expect(await opens(await withMeta({ ...h, unlock: { ...(h['unlock'] as Rec), salt: 'A'.repeat(4096) } }))).toBe(
      'INVALID_RECORD: zkvault: invalid record: every salt must be 32 bytes',
    );
    // A one-character id: valid in the header, bound into the DEK's AAD.
    expect(await opens(await withMeta({ ...h, id: 'AA' }))).toBe('DECRYPT_FAILED: zkvault: decryption failed');
    expect(parseHeader(enc(JSON.stringify({ ...h, appKey: true }))).appKey).toBe(true);
  });
});

describe('the key checks', () => {
  it('an app key must be given exactly when the vault has one', async () => {
    const appKey = new Uint8Array(32).fill(3);
    expect(await opens(await made({ ...PASS, appKey: appKey.slice() }), PASS)).toBe('INVALID_INPUT: "unlock.appKey" is required: this vault was made with an app key');
    expect(await opens(await made(), { ...PASS, appKey })).toBe('INVALID_INPUT: "unlock.appKey" given, but this vault has none');
  });

  it('the unlock must be of the vault kind; an account vault needs a 32-byte salt', async () => {
    const o = { passphrase: 'pw', kdf: { iterations: 1000 }, srp: { bits: 2048 } } as const;
    const jane = (await createAccount({ ...o, accountId: 'jane' })).account;
    const store = createMemoryStore();
    await (await openVault(store, { account: jane }, TEST_OPTIONS)).close();
    expect(await opens(store, PASS)).toBe('INVALID_INPUT: "unlock" expected an account: this vault opens with one');
    expect(await opens(await made(), { account: jane })).toBe('INVALID_INPUT: "unlock" expected a passphrase: this vault opens with one');
    const h = await headerOf(store);
    for (const n of [31, 33]) {
      const edited = { ...h, unlock: { ...(h['unlock'] as Rec), salt: toBase64url(new Uint8Array(n)) } };
      expect(await opens(await withMeta(edited), { account: jane })).toBe('INVALID_INPUT: "unlock" the vault salt must be 32 bytes');
    }
    expect(await opens(await withMeta(h), { account: jane })).toBe('OK');
    jane.dispose();
  });

  it('checkUnlock: exactly one source, a non-empty passphrase, an account, a 32-byte app key', async () => {
    const store = await made();
    const cases: [unknown, string][] = [
      [{}, '"unlock" expected exactly one of passphrase or account'],
      [{ passphrase: 'p', account: {} }, '"unlock" expected exactly one of passphrase or account'],
      [{ passphrase: '' }, '"unlock.passphrase" expected a non-empty string'],
      [{ passphrase: 5 }, '"unlock.passphrase" expected a non-empty string'],
      [{ account: {} }, '"unlock.account" expected an UnlockedAccount'],
      [{ ...PASS, appKey: new Uint8Array(31) }, '"unlock.appKey" expected Uint8Array of length 32'],
      [{ ...PASS, appKey: 'k'.repeat(32) }, '"unlock.appKey" expected Uint8Array of length 32'],
    ];
    for (const [unlock, msg] of cases) expect(await opens(store, unlock as never)).toBe(`INVALID_INPUT: ${msg}`);
    expect(checkUnlock({ passphrase: 'p' }, 'u')).toEqual({ passphrase: 'p' });
  });

  it('the app key is copied in and wiped after opening; the caller keeps its own', async () => {
    const appKey = new Uint8Array(32).fill(9);
    const store = await made({ ...PASS, appKey });
    expect(appKey).toEqual(new Uint8Array(32).fill(9));
    const u = checkUnlock({ ...PASS, appKey }, 'unlock');
    expect(u.appKey).toEqual(appKey);
    expect(u.appKey).not.toBe(appKey);
    expect(await opens(store, { ...PASS, appKey })).toBe('OK');
  });
});

describe('the key schedule, rebuilt from docs/formats.md with node:crypto', () => {
  // ctx(label, f1, …) = u32be(len) ‖ bytes per field (docs/formats.md, "Model records v1").
  const ctx = (...fields: string[]): Buffer => Buffer.concat(fields.flatMap((f) => [Buffer.from([0, 0, 0, Buffer.byteLength(f)]), Buffer.from(f, 'utf8')]));
  const salt = new Uint8Array(32).fill(5);
  const hkdf = (ikm: Uint8Array, s: Uint8Array, info: Uint8Array): Uint8Array => new Uint8Array(hkdfSync('sha256', ikm, s, info, 32));

  it('KEK of a passphrase vault: HKDF(PBKDF2(passphrase), salt, ctx(kek, id, "passphrase", "")), with the app key appended to the IKM', async () => {
    const params = { kind: 'passphrase', iterations: 1000, salt: toBase64url(salt) } as const;
    const base = pbkdf2Sync(Buffer.from((PASS as { passphrase: string }).passphrase.normalize('NFKD'), 'utf8'), salt, 1000, 32, 'sha256');
    const info = ctx('zkvault/v1/vault/kek', 'vault-id', 'passphrase', '');
    expect(await deriveKek(checkUnlock(PASS, 'unlock'), params, 'vault-id', false, TEST_POLICY)).toEqual(hkdf(base, salt, info));
    const appKey = new Uint8Array(32).fill(8);
    expect(await deriveKek(checkUnlock({ ...PASS, appKey }, 'unlock'), params, 'vault-id', true, TEST_POLICY)).toEqual(hkdf(Buffer.concat([base, appKey]), salt, info));
  });

  it('KEK of an account vault: HKDF(SYM_Account, salt, ctx(kek, id, "account", accountId)); subkeys: HKDF(DEK, "", ctx(label, id))', async () => {
    const jane = (await createAccount({ accountId: 'jane', passphrase: 'pw', kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
    const sym = accountSecrets(jane).symAccount.bytes().slice();
    const kek = await deriveKek(checkUnlock({ account: jane }, 'unlock'), { kind: 'account', accountId: 'jane', salt: toBase64url(salt) }, 'vault-id', false, TEST_POLICY);
    expect(kek).toEqual(hkdf(sym, salt, ctx('zkvault/v1/vault/kek', 'vault-id', 'account', 'jane')));
    jane.dispose();
    const dek = new Uint8Array(32).fill(1);
    expect(subkey(dek, VAULT_PURPOSE.enc, 'vault-id')).toEqual(hkdf(dek, new Uint8Array(0), ctx('zkvault/v1/vault/enc', 'vault-id')));
  });
});

describe('the data key and state checks (headers only the key holder can write)', () => {
  it('a DEK that is not 32 bytes is VAULT_CORRUPT "bad data key"', async () => {
    const k = await keysOf(await made());
    for (const n of [31, 33]) expect(await opens(await withMeta((await k.withDek(new Uint8Array(n))) as unknown as Rec))).toBe(corrupt('bad data key'));
  });

  it('a state of the wrong shape is VAULT_CORRUPT "bad state"; a well-formed one opens', async () => {
    const k = await keysOf(await made());
    const acc = toBase64url(new Uint8Array(32));
    const shapes = [
      'not json',
      JSON.stringify({ counter: '1', count: 0, acc }),
      JSON.stringify({ counter: 1, count: null, acc }),
      JSON.stringify({ counter: 1, count: 0, acc: toBase64url(new Uint8Array(31)) }),
      JSON.stringify({ counter: 1, count: 0 }),
    ];
    for (const s of shapes) expect(await opens(await withMeta((await k.withState(enc(s))) as unknown as Rec), PASS, { scan: false }), s).toBe(corrupt('bad state'));
    const good = await k.withState(encodeState({ counter: 7, count: 0, acc: new Uint8Array(32) }));
    const v = await openVault(await withMeta(good as unknown as Rec), PASS, { ...TEST_OPTIONS, scan: false });
    expect(v.counter).toBe(7);
    await v.close();
  });

  it('the open scan compares the row count as well as the accumulator', async () => {
    const store = await made();
    const k = await keysOf(store);
    const rows = (await store.list({ limit: 10 })).length;
    expect(rows).toBe(1);
    const miscounted = await k.withState(encodeState({ ...k.state, count: rows + 1 }));
    const edited = createMemoryStore();
    await edited.commit({ meta: enc(JSON.stringify(miscounted)), put: await store.list({ limit: 10 }), delete: [] });
    expect(await opens(edited)).toBe(corrupt('the records do not match the header (rows dropped, added, swapped or replayed)'));
    const same = await k.withState(encodeState(k.state));
    const intact = createMemoryStore();
    await intact.commit({ meta: enc(JSON.stringify(same)), put: await store.list({ limit: 10 }), delete: [] });
    expect(await opens(intact)).toBe('OK');
  });

  it("another vault's state is VAULT_CORRUPT: the right key opened the DEK, so it is damage, not a wrong key", async () => {
    const h = await headerOf(await made());
    const other = await headerOf(await made());
    expect(await opens(await withMeta({ ...h, state: other['state'] }))).toBe(corrupt('the header state does not authenticate'));
  });
});

describe('rows only the key holder can write: the key and collection inside must match the row', () => {
  /** A vault with record "a", whose row is then replaced by `forge(keys)`; opened without the scan. */
  async function forged(forge: (k: Awaited<ReturnType<typeof keysOf>>) => Promise<VaultRow>): Promise<Vault> {
    const store = await made();
    const row = await forge(await keysOf(store));
    await store.commit({ put: [row], delete: [] });
    return testVault(store, PASS, { scan: false });
  }
  const read = async (v: Vault, how: 'get' | 'list'): Promise<string> =>
    outcome(async () => {
      if (how === 'get') return v.get('a');
      for await (const e of v.list()) void e;
    });

  it('the row of "a" sealed correctly holds "a": get and list read it', async () => {
    const v = await forged((k) => k.row('a', '', 1, joinRecord(enc('a'), enc(''), enc('fine'))));
    expect(dec(await v.get('a'))).toBe('fine');
    expect(await read(v, 'list')).toBe('OK');
    expect(v.status).toBe('ok');
  });

  it('a row at "a" holding key "b" is DECRYPT_FAILED for get and for list', async () => {
    for (const how of ['get', 'list'] as const) {
      const v = await forged((k) => k.row('a', '', 1, joinRecord(enc('b'), enc(''), enc('moved'))));
      expect(await read(v, how)).toBe('DECRYPT_FAILED: zkvault: decryption failed');
      expect(v.status).toBe('damaged');
    }
  });

  it('a row in collection "" holding collection "C" is DECRYPT_FAILED for list', async () => {
    const v = await forged((k) => k.row('a', '', 1, joinRecord(enc('a'), enc('C'), enc('moved'))));
    expect(await read(v, 'list')).toBe('DECRYPT_FAILED: zkvault: decryption failed');
  });

  it('a plaintext too short to hold a key and a collection is DECRYPT_FAILED', async () => {
    const v = await forged((k) => k.row('a', '', 1, new Uint8Array(7)));
    expect(await read(v, 'get')).toBe('DECRYPT_FAILED: zkvault: decryption failed');
  });
});

describe('format helpers', () => {
  it('splitRecord: lengths at and past each edge', () => {
    const rec = joinRecord(enc('key'), enc('c'), enc('value'));
    const parts = splitRecord(rec)!;
    expect([dec(parts.key), dec(parts.collection), dec(parts.value)]).toEqual(['key', 'c', 'value']);
    expect(splitRecord(joinRecord(enc(''), enc(''), enc('')))).toEqual({ key: new Uint8Array(0), collection: new Uint8Array(0), value: new Uint8Array(0) });
    for (const n of [0, 3, 4, 7]) expect(splitRecord(new Uint8Array(n))).toBeUndefined();
    // Key length 1 with no room for the collection length; then a collection length past the end.
    expect(splitRecord(new Uint8Array([0, 0, 0, 1, 0x61, 0, 0, 0]))).toBeUndefined();
    expect(splitRecord(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1]))).toBeUndefined();
    expect(splitRecord(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 0x63]))).toEqual({ key: new Uint8Array(0), collection: enc('c'), value: new Uint8Array(0) });
    expect(splitRecord(new Uint8Array([0, 0, 0, 1, 0x61, 0, 0, 0, 0]))).toEqual({ key: enc('a'), collection: new Uint8Array(0), value: new Uint8Array(0) });
    // A view into a larger buffer reads its own bytes.
    const padded = new Uint8Array(rec.length + 5);
    padded.set(rec, 5);
    expect(dec(splitRecord(padded.subarray(5))!.value)).toBe('value');
  });

  it('accAdd: adding and removing an element are inverse, with carries and borrows across all 32 bytes', () => {
    const acc = new Uint8Array(32).fill(0xff);
    const one = new Uint8Array(32);
    one[31] = 1;
    accAdd(acc, one, 1);
    expect(acc).toEqual(new Uint8Array(32));
    accAdd(acc, one, -1);
    expect(acc).toEqual(new Uint8Array(32).fill(0xff));
    const e = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
    const before = acc.slice();
    accAdd(acc, e, 1);
    expect(acc).not.toEqual(before);
    accAdd(acc, e, -1);
    expect(acc).toEqual(before);
    const x = new Uint8Array(32);
    x[0] = 0x80;
    accAdd(x, x.slice(), 1);
    expect(x).toEqual(new Uint8Array(32)); // 2^255 + 2^255 = 0 mod 2^256
    expect(u64(2 ** 32 + 5)).toEqual(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 5]));
  });
});

describe('opening: store, options, anchor', () => {
  it('refuses a store that is not a VaultStore, rows without a header, and create: false on an empty store', async () => {
    expect(await opens({} as never)).toBe('INVALID_INPUT: "store" expected a VaultStore');
    expect(await opens(null as never)).toBe('INVALID_INPUT: "store" expected a VaultStore');
    expect(await opens(createMemoryStore(), PASS, { create: false })).toBe('INVALID_INPUT: "store" holds no vault and options.create is false');
    const orphan = createMemoryStore();
    await orphan.commit({ put: [{ id: new Uint8Array(32), collection: new Uint8Array(32), version: 1, value: new Uint8Array(80) }], delete: [] });
    expect(await opens(orphan)).toBe(corrupt('records without a header'));
    expect(await opens(await made(), PASS, { create: false })).toBe('OK');
  });

  it('checks each option by name', async () => {
    const store = await made();
    const fn = () => undefined;
    expect(await opens(store, PASS, { anchor: { read: fn } })).toBe('INVALID_INPUT: "options.anchor" expected read and write functions');
    expect(await opens(store, PASS, { anchor: { write: fn } })).toBe('INVALID_INPUT: "options.anchor" expected read and write functions');
    expect(await opens(store, PASS, { anchor: 5 })).toMatch(/^INVALID_INPUT: "options\.anchor" expected/);
    expect(await opens(store, PASS, { create: 'no' })).toBe('INVALID_INPUT: "options.create" expected a boolean');
    expect(await opens(store, PASS, { scan: 1 })).toBe('INVALID_INPUT: "options.scan" expected a boolean');
    expect(await opens(store, PASS, { iterations: 0 })).toMatch(/^INVALID_INPUT: "options\.iterations" expected integer in 1\.\.4294967295/);
    expect(await opens(store, PASS, { iterations: null })).toMatch(/^INVALID_INPUT: "options\.iterations" expected integer/);
    expect(await opens(store, PASS, { policy: { ...TEST_POLICY, minIterations: 0 } })).toMatch(/^INVALID_INPUT: "options\.policy/);
    expect(await outcome(() => openVault(store, PASS, 'fast' as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await opens(store, PASS, { anchor: { read: fn, write: fn }, create: true, scan: true })).toBe('OK');
  });

  it('a new passphrase vault uses the policy floor unless told otherwise', async () => {
    const store = createMemoryStore();
    await (await openVault(store, PASS, { policy: TEST_POLICY })).close();
    expect(((await headerOf(store))['unlock'] as Rec)['iterations']).toBe(1000);
    const other = createMemoryStore();
    await (await openVault(other, PASS, { policy: TEST_POLICY, iterations: 1234 })).close();
    expect(((await headerOf(other))['unlock'] as Rec)['iterations']).toBe(1234);
  });

  it('the anchor: equal counters open, a newer anchor refuses with both counters in the message, none opens', async () => {
    const store = await made();
    const at = (n: number | undefined) => ({ read: () => n, write: () => undefined });
    expect(await opens(store, PASS, { anchor: at(1) })).toBe('OK');
    expect(await opens(store, PASS, { anchor: at(0) })).toBe('OK');
    expect(await opens(store, PASS, { anchor: at(undefined) })).toBe('OK');
    expect(await opens(store, PASS, { anchor: at(2) })).toBe("ROLLBACK_DETECTED: zkvault: the vault is at commit 1, older than the anchor's 2 (an old copy was restored)");
  });

  it('the scan: a dropped row is refused at open, and with scan: false the vault opens', async () => {
    const store = createMemoryStore();
    const v = await testVault(store);
    await v.put('a', enc('x'));
    await v.put('b', enc('y'));
    await v.close();
    const [first] = await store.list({ limit: 1 });
    await store.commit({ put: [], delete: [first!.id] });
    expect(await opens(store)).toBe(corrupt('the records do not match the header (rows dropped, added, swapped or replayed)'));
    expect(await opens(store, PASS, { scan: false })).toBe('OK');
  });
});

describe('reads and writes: names, sizes and state', () => {
  async function vault(): Promise<Vault> {
    return testVault(createMemoryStore());
  }

  it('keys: non-empty, well-formed, at most 1024 code units', async () => {
    const v = await vault();
    expect(await outcome(() => v.put('', enc('v')))).toBe('INVALID_INPUT: "key" expected a well-formed non-empty string');
    expect(await outcome(() => v.put(5 as never, enc('v')))).toBe('INVALID_INPUT: "key" expected a well-formed non-empty string');
    expect(await outcome(() => v.get('k\uD800'))).toBe('INVALID_INPUT: "key" expected a well-formed non-empty string');
    expect(await outcome(() => v.put('k'.repeat(VAULT_MAX_KEY_LENGTH + 1), enc('v')))).toBe('TOO_LARGE: zkvault: "key" (length 1025) is over the limit of 1024');
    expect(await outcome(() => v.put('k'.repeat(VAULT_MAX_KEY_LENGTH), enc('v')))).toBe('OK');
    expect(await outcome(() => v.transaction((tx) => tx.get('')))).toBe('INVALID_INPUT: "key" expected a well-formed non-empty string');
    expect(await outcome(() => v.delete(''))).toBe('INVALID_INPUT: "key" expected a well-formed non-empty string');
    await v.close();
  });

  it('collections: may be empty, well-formed, at most 256 code units; values: bytes, at most 16 MiB', async () => {
    const v = await vault();
    expect(await outcome(() => v.put('k', enc('v'), { collection: '\uDC00' }))).toBe('INVALID_INPUT: "options.collection" expected a well-formed string');
    expect(await outcome(() => v.put('k', enc('v'), { collection: 'c'.repeat(VAULT_MAX_COLLECTION_LENGTH + 1) }))).toBe(
      'TOO_LARGE: zkvault: "options.collection" (length 257) is over the limit of 256',
    );
    expect(await outcome(() => v.put('k', enc('v'), 'c' as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await outcome(() => v.put('k', enc('v'), { collection: 'c'.repeat(VAULT_MAX_COLLECTION_LENGTH) }))).toBe('OK');
    expect(await outcome(() => v.put('k', enc('v'), { collection: '' }))).toBe('OK');
    expect(await outcome(() => v.put('k', enc('v'), {}))).toBe('OK');
    expect(await outcome(() => v.put('k', [1] as never))).toBe('INVALID_INPUT: "value" expected Uint8Array');
    expect(await outcome(() => v.put('k', new Uint8Array(VAULT_MAX_VALUE_BYTES + 1)))).toBe('TOO_LARGE: zkvault: "value" (16777217 bytes) is over the limit of 16777216');
    expect(await outcome(() => v.put('big', new Uint8Array(VAULT_MAX_VALUE_BYTES)))).toBe('OK');
    expect((await v.get('big'))!.length).toBe(VAULT_MAX_VALUE_BYTES);
    await v.close();
  });

  it('list options: prefix and collection are checked by name; an empty prefix lists everything', async () => {
    const v = await vault();
    await v.put('a/1', enc('1'), { collection: 'A' });
    await v.put('b/1', enc('2'));
    const keys = async (o?: object) => {
      const out: string[] = [];
      for await (const e of v.list(o)) out.push(`${e.collection}:${e.key}`);
      return out.sort();
    };
    expect(await outcome(() => keys({ prefix: 5 }))).toBe('INVALID_INPUT: "options.prefix" expected a well-formed string');
    expect(await outcome(() => keys({ prefix: 'p'.repeat(VAULT_MAX_KEY_LENGTH + 1) }))).toBe('TOO_LARGE: zkvault: "options.prefix" (length 1025) is over the limit of 1024');
    expect(await outcome(() => keys({ collection: '\uD800' }))).toBe('INVALID_INPUT: "options.collection" expected a well-formed string');
    expect(await outcome(() => keys('a' as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await keys({ prefix: '' })).toEqual([':b/1', 'A:a/1']);
    expect(await keys({ collection: '' })).toEqual([':b/1']);
    expect(await keys({ collection: 'A', prefix: 'a/' })).toEqual(['A:a/1']);
    expect(await keys({ prefix: 'b' })).toEqual([':b/1']);
    await v.close();
    expect(await outcome(() => keys())).toBe('KEY_LOCKED: zkvault: the vault is closed');
  });

  it('transaction needs a function; rekey checks its unlock and iterations; a closed vault is KEY_LOCKED', async () => {
    const v = await vault();
    expect(await outcome(() => v.transaction('put' as never))).toBe('INVALID_INPUT: "fn" expected a function');
    expect(await outcome(() => v.rekey({} as never))).toBe('INVALID_INPUT: "unlock" expected exactly one of passphrase or account');
    expect(await outcome(() => v.rekey(PASS, 5 as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await outcome(() => v.rekey(PASS, { iterations: 2 ** 32 }))).toMatch(/^INVALID_INPUT: "options\.iterations" expected integer in 1\.\.4294967295/);
    expect(await outcome(() => v.rekey(PASS, { iterations: 999 }))).toBe('KDF_DOWNGRADE: zkvault: 999 PBKDF2 iterations is below the floor of 1000');
    expect(v.counter).toBe(0);
    await v.rekey({ passphrase: 'two' });
    expect(v.counter).toBe(1);
    await v.close();
    expect(await outcome(() => v.get('a'))).toBe('KEY_LOCKED: zkvault: the vault is closed');
    expect(await outcome(() => v.verify())).toBe('KEY_LOCKED: zkvault: the vault is closed');
  });

  it('a damaged vault refuses writes and rekeys until repaired, with the reason', async () => {
    const store = createMemoryStore();
    const v = await testVault(store);
    await v.put('a', enc('x'));
    await v.close();
    const [row] = await store.list({ limit: 1 });
    const value = row!.value.slice();
    value[value.length - 1]! ^= 1;
    await store.commit({ put: [{ ...row!, value }], delete: [] });
    const d = await testVault(store, PASS, { scan: false });
    expect(d.status).toBe('ok');
    expect(await outcome(() => d.get('a'))).toBe('DECRYPT_FAILED: zkvault: decryption failed');
    expect(d.status).toBe('damaged');
    const why = corrupt('a record failed to authenticate; run repairVault before writing');
    expect(await outcome(() => d.put('b', enc('y')))).toBe(why);
    expect(await outcome(() => d.rekey({ passphrase: 'other' }))).toBe(why);
    await d.close();
  });
});

describe('migrateFolder: arguments, lines and file names', () => {
  async function folder(files: Record<string, string>): Promise<{ dir: string; cleanup: () => void }> {
    const t = tempDir('zkvault-migrate-refusals-');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(t.dir, name), text);
    return t;
  }

  it('names each bad argument', async () => {
    const t = await folder({});
    const v = await testVault(createMemoryStore());
    expect(await outcome(() => migrateFolder('', v))).toBe('INVALID_INPUT: "folder" expected a non-empty string');
    expect(await outcome(() => migrateFolder(5 as never, v))).toMatch(/^INVALID_INPUT: "folder" expected string/);
    expect(await outcome(() => migrateFolder(t.dir, {} as never))).toBe('INVALID_INPUT: "vault" expected a Vault');
    expect(await outcome(() => migrateFolder(t.dir, v, 'dry' as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await outcome(() => migrateFolder(t.dir, v, { dryRun: null } as never))).toBe('INVALID_INPUT: "options.dryRun" expected a boolean');
    expect(await outcome(() => migrateFolder(t.dir, v, { extensions: '.db' } as never))).toBe('INVALID_INPUT: "options.extensions" expected non-empty strings');
    expect(await outcome(() => migrateFolder(t.dir, v, { extensions: ['.db', ''] }))).toBe('INVALID_INPUT: "options.extensions" expected non-empty strings');
    expect(await outcome(() => migrateFolder(t.dir, v, { extensions: [1] } as never))).toBe('INVALID_INPUT: "options.extensions" expected non-empty strings');
    expect(await outcome(() => migrateFolder(t.dir, v, { extensions: [['.db']] } as never))).toBe('INVALID_INPUT: "options.extensions" expected non-empty strings');
    expect(await migrateFolder(t.dir, v, {})).toEqual({ dryRun: false, files: 0, records: 0, bytes: 0, resumed: 0 });
    await v.close();
    t.cleanup();
  });

  it('names the file and line of each bad line', async () => {
    const v = await testVault(createMemoryStore());
    const cases: [string, string][] = [
      ['{"_id":"a"}\n{"_id": tr', 'x.db line 2 is not JSON (nothing was migrated from it)'],
      ['\n[1]\n', 'x.db line 2 is not an object'],
      ['null', 'x.db line 1 is not an object'],
      ['"text"', 'x.db line 1 is not an object'],
      ['{"url":"https://a"}', 'x.db line 1 has no _id'],
      ['{"_id":""}', 'x.db line 1 has no _id'],
      ['{"_id":7}', 'x.db line 1 has no _id'],
    ];
    for (const [text, what] of cases) {
      const t = await folder({ 'x.db': text });
      expect(await outcome(() => migrateFolder(t.dir, v))).toBe(`INVALID_RECORD: zkvault: invalid record: ${what}`);
      t.cleanup();
    }
    expect(v.count).toBe(0);
    await v.close();
  });

  it('collections come from the file name (without "insomnia." and the extension); a bare extension, other extensions and blank or index lines are skipped', async () => {
    const t = await folder({
      'insomnia.Request.db': '{"_id":"r1"}\n\n   \n{"$$indexCreated":{"fieldName":"x"}}\n{"_id":"r2","$$deleted":false}\n',
      'notes.jsonl': '{"_id":"n1"}\n{"_id":"n1","v":2}\n{"_id":"n2"}\n{"_id":"n2","$$deleted":true}\n',
      'my.insomnia.Env.db': '{"_id":"e1"}\n',
      '.db': '{"_id":"skipped"}\n',
      'other.txt': 'not json',
    });
    const v = await testVault(createMemoryStore());
    const r = await migrateFolder(t.dir, v);
    expect(r).toMatchObject({ files: 3, records: 4, resumed: 0 });
    const got: string[] = [];
    for await (const e of v.list()) if (e.collection !== MIGRATION_COLLECTION) got.push(`${e.collection}|${e.key}|${dec(e.value)}`);
    expect(got.sort()).toEqual([
      'Request|Request/r1|{"_id":"r1"}',
      'Request|Request/r2|{"_id":"r2","$$deleted":false}',
      'my.insomnia.Env|my.insomnia.Env/e1|{"_id":"e1"}',
      'notes|notes/n1|{"_id":"n1","v":2}',
    ]);
    expect(readdirSync(t.dir).sort()).toEqual(['.db', 'other.txt']);
    await v.close();
    t.cleanup();
  });

  it('counts bytes, and a dry run over a committed file counts it as resumed and removes nothing', async () => {
    const text = '{"_id":"a"}\n{"_id":"b"}\n';
    const t = await folder({ 'k.db': text });
    const v = await testVault(createMemoryStore());
    expect(await migrateFolder(t.dir, v, { dryRun: true, extensions: ['.db'] })).toEqual({ dryRun: true, files: 1, records: 2, bytes: text.length, resumed: 0 });
    await v.put(`${MIGRATION_COLLECTION}/k.db`, hash.digest('SHA-256', enc(text)), { collection: MIGRATION_COLLECTION });
    expect(await migrateFolder(t.dir, v, { dryRun: true })).toEqual({ dryRun: true, files: 0, records: 0, bytes: 0, resumed: 1 });
    expect(readdirSync(t.dir)).toEqual(['k.db']);
    expect(await migrateFolder(t.dir, v, { extensions: ['.jsonl'] })).toMatchObject({ files: 0, resumed: 0 });
    expect(readdirSync(t.dir)).toEqual(['k.db']);
    expect(await migrateFolder(t.dir, v)).toMatchObject({ files: 0, resumed: 1 });
    expect(readdirSync(t.dir)).toEqual([]);
    await v.close();
    t.cleanup();
  });
});
