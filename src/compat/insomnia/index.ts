/**
 * `zkvault/compat/insomnia`: reads, verifies and writes the Insomnia API client's end-to-end
 * encrypted sync formats (the account and legacy sync formats, the 10.x VCS project keys and gzip'd
 * blobs, the website login hand-off), pinned by vectors made with the packages whose formulas the app
 * runs (`srp-js` 0.2.1, node-forge, `@getinsomnia/srp-js`; vectors/PROVENANCE.md), and migrates
 * Insomnia accounts into `zkv1` records.
 * docs/architecture.md section 8; the field-by-field mapping and the format's weaknesses are in
 * docs/insomnia.md.
 * @module
 */
export {
  deriveInsomniaKey,
  type DeriveInsomniaKeyOptions,
  insomniaEmail,
  insomniaPassphrase,
  insomniaSalt,
  INSOMNIA_KEY_LENGTH,
  INSOMNIA_PBKDF2_ITERATIONS,
} from './kdf.js';
export {
  decryptInsomnia,
  decryptInsomniaBytes,
  encryptInsomnia,
  insomniaAesJwk,
  insomniaAesKey,
  parseInsomniaMessage,
  INSOMNIA_IV_LENGTH,
  INSOMNIA_TAG_LENGTH,
  type EncryptInsomniaOptions,
  type InsomniaAesJwk,
  type InsomniaAesKey,
  type InsomniaAesMessage,
} from './aes.js';
export {
  decryptInsomniaRsa,
  encryptInsomniaRsa,
  importInsomniaPrivateKey,
  importInsomniaPublicKey,
  unwrapInsomniaGroupKey,
  wrapInsomniaGroupKey,
  INSOMNIA_RSA_MAX_BITS,
  INSOMNIA_RSA_MIN_BITS,
  type InsomniaRsaJwk,
  type InsomniaRsaPrivateKey,
  type InsomniaRsaPublicKey,
} from './rsa.js';
export {
  decryptInsomniaResource,
  decryptInsomniaResourceString,
  openInsomniaResourceGroup,
  parseInsomniaAccount,
  unlockInsomniaAccount,
  type InsomniaAccountPayload,
  type InsomniaResource,
  type InsomniaResourceGroup,
  type UnlockedInsomniaAccount,
} from './account.js';
export {
  createInsomniaVerifier,
  InsomniaLoginClient,
  insomniaLoginA,
  insomniaLoginM1,
  insomniaLoginS,
  insomniaSrpParams,
  type InsomniaLoginARequest,
  type InsomniaLoginAResponse,
  type InsomniaLoginAResult,
  type InsomniaLoginM1Request,
  type InsomniaLoginM1Response,
  type InsomniaLoginM1Result,
  type InsomniaLoginServerState,
  type InsomniaLoginSResponse,
  type InsomniaLoginVerifyResult,
  type InsomniaSrpRecord,
} from './srp.js';
export {
  absorbInsomniaKey,
  type InsomniaHandoff,
  type InsomniaSession,
  type InsomniaWhoami,
} from './handoff.js';
export {
  decryptInsomniaBlob,
  INSOMNIA_MAX_BLOB_BYTES,
  type DecryptInsomniaBlobOptions,
  type InsomniaBlob,
  type InsomniaProject,
} from './vcs.js';
export {
  migrateInsomniaAccount,
  MIGRATION_DEFAULT_ITERATIONS,
  MIGRATION_DEFAULT_TYPE,
  type InsomniaMigration,
  type InsomniaMigrationDryRun,
  type InsomniaMigrationGroupReport,
  type InsomniaMigrationReport,
  type MigrateInsomniaOptions,
} from './migrate.js';
// Referenced by InsomniaRsaPublicKey / InsomniaRsaPrivateKey.
export type { RsaPrivateJwk, RsaPublicJwk } from '../../backend/types.js';
