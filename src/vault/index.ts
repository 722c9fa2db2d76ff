/**
 * `zkvault/vault`: encrypted local storage at rest (issue 16). An encrypted key-value and
 * collection store, crash-safe on SQLite (Node, Electron) or IndexedDB (browsers), with
 * whole-vault rollback detection against an app-kept anchor and an in-place migration of plaintext
 * NeDB/JSON-lines folders. The rest of zkvault stays pure: only this entry point touches storage,
 * and its drivers are optional peer dependencies loaded on first use.
 * Format: docs/formats.md, "Vault v1"; threat model: docs/threat-model.md, "11. Device".
 * @module
 */
export { createMemoryStore } from './memory-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { openIndexedDbStore, type IndexedDbStoreOptions } from './indexeddb-store.js';
export type { VaultBatch, VaultStoreListOptions, VaultRow, VaultStore } from './store.js';
export type { VaultAccountUnlock, VaultPassphraseUnlock, VaultUnlock } from './unlock.js';
export {
  openVault,
  repairVault,
  Vault,
  VAULT_MAX_COLLECTION_LENGTH,
  VAULT_MAX_KEY_LENGTH,
  VAULT_MAX_VALUE_BYTES,
  type OpenVaultOptions,
  type VaultAnchor,
  type VaultEntry,
  type VaultListOptions,
  type VaultPutOptions,
  type VaultRekeyOptions,
  type VaultRepairResult,
  type VaultTransaction,
  type VaultVerifyResult,
} from './vault.js';
export { migrateFolder, type MigrateFolderOptions, type MigrateFolderResult } from './migrate.js';
