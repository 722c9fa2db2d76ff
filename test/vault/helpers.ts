// Shared setup of the vault tests: a test-strength passphrase policy (1000 PBKDF2 iterations, so a
// test opens a vault in milliseconds) and temporary SQLite files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PassphrasePolicy } from '../../src/model/policy.js';
import { openSqliteStore } from '../../src/vault/sqlite-store.js';
import type { VaultStore } from '../../src/vault/store.js';
import { openVault, type OpenVaultOptions, type Vault } from '../../src/vault/vault.js';
import type { VaultUnlock } from '../../src/vault/unlock.js';

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
