// Shared setup of the vault tests: a test-strength passphrase policy (1000 PBKDF2 iterations, so a
// test opens a vault in milliseconds) and temporary SQLite files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, fromBase64url, toBase64url } from '../../src/bytes/index.js';
import { envelopeKey } from '../../src/envelope/api.js';
import { encodeContext } from '../../src/model/context.js';
import type { PassphrasePolicy } from '../../src/model/policy.js';
import { canonicalUnlock, field, parseHeader, parseState, u64, VAULT_PURPOSE, type Header } from '../../src/vault/format.js';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import type { VaultRow, VaultStore } from '../../src/vault/store.js';
import { checkUnlock, deriveKek, hmacKey, subkey, type VaultUnlock } from '../../src/vault/unlock.js';
import { openVault, type OpenVaultOptions, type Vault } from '../../src/vault/vault.js';

export const TEST_POLICY: PassphrasePolicy = { minIterations: 1000, maxIterations: 10_000_000, minSrpBits: 2048, srpHashes: ['SHA-256'], saltLength: 32 };
export const TEST_OPTIONS: OpenVaultOptions = { iterations: 1000, policy: TEST_POLICY };
export const PASS: VaultUnlock = { passphrase: 'correct horse battery staple' };

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'zkvault-vault-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a passphrase vault at test strength. */
export function testVault(store: VaultStore, unlock: VaultUnlock = PASS, options: OpenVaultOptions = {}): Promise<Vault> {
  return openVault(store, unlock, { ...TEST_OPTIONS, ...options });
}

/** A SQLite store in `dir`. */
export function sqliteAt(dir: string, name = 'test.vault'): VaultStore {
  return openSqliteStore(join(dir, name));
}

/** A raw connection to a vault's SQLite file, as an attacker with the file would have. */
export { localstore as rawSqlite } from '../../src/backend/node/localstore.js';

/** The key schedule of a passphrase vault, from outside (docs/formats.md, "Vault v1"). */
export async function keysOf(store: VaultStore) {
  const h = parseHeader((await store.readMeta())!);
  const kek = await deriveKek(checkUnlock(PASS, 'unlock'), h.unlock, h.id, h.appKey, TEST_POLICY);
  const dekAad = encodeContext(VAULT_PURPOSE.dek, [h.id, canonicalUnlock(h.unlock), h.appKey ? 'app-key' : '']);
  const kekKey = await envelopeKey(kek);
  const dek = await kekKey.open(fromBase64url(h.dek), { aad: dekAad });
  const encKey = await envelopeKey(subkey(dek, VAULT_PURPOSE.enc, h.id));
  const stateAad = encodeContext(VAULT_PURPOSE.state, [h.id]);
  const index = hmacKey(subkey(dek, VAULT_PURPOSE.index, h.id));
  const accKey = hmacKey(subkey(dek, VAULT_PURPOSE.acc, h.id));
  const prefix = encodeContext(VAULT_PURPOSE.record, [h.id]);
  return {
    h,
    /** The header's state as stored. */
    state: parseState(await encKey.open(fromBase64url(h.state), { aad: stateAad })),
    /** A row at the id of `rowKey` and collection `rowCollection` whose sealed plaintext is `pt`. */
    row: async (rowKey: string, rowCollection: string, version: number, pt: Uint8Array): Promise<VaultRow> => {
      const id = index(new Uint8Array([0]), enc(rowKey));
      const collection = index(new Uint8Array([1]), enc(rowCollection));
      const aad = concatBytes(prefix, field(id), field(collection), u64(version));
      return { id, collection, version, value: await encKey.seal(pt, { aad }) };
    },
    /** A header whose DEK envelope holds `bytes`. */
    withDek: async (bytes: Uint8Array): Promise<Header> => ({ ...h, dek: toBase64url(await kekKey.seal(bytes, { aad: dekAad })) }),
    /** The row's term of the accumulator: HMAC-SHA256(acc, id ‖ coll ‖ u64(version) ‖ value). */
    element: (row: VaultRow): Uint8Array => accKey(row.id, row.collection, u64(row.version), row.value),
    /** A header whose state envelope holds `bytes`. */
    withState: async (bytes: Uint8Array): Promise<Header> => ({ ...h, state: toBase64url(await encKey.seal(bytes, { aad: stateAad })) }),
  };
}
