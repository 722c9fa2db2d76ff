/**
 * `zkvault`: the zero-knowledge model (docs/architecture.md sections 2, 5 and 6): M_Account,
 * M_ResourceGroup, M_Link and M_Resource flows over SRP-6a (RFC 5054), PBKDF2 (RFC 8018),
 * HKDF (RFC 5869), RFC 9180 HPKE and the v1 envelope. Protocol: docs/protocol.md; threat model:
 * docs/threat-model.md; record formats: docs/formats.md, "Model records v1".
 * @module
 */
export { DEFAULT_ITERATIONS, DEFAULT_MAX_ITERATIONS, DEFAULT_MIN_ITERATIONS, DEFAULT_SRP } from './account-shared.js';
export { createAccount, type CreateAccountOptions, type CreateAccountResult } from './account-signup.js';
export { resetAccount } from './account-reset.js';
export { changePassphrase, type ChangePassphraseOptions } from './account-change.js';
export { ClientLogin, unlockAccount, type ClientLoginVerifyResult, type StartLoginOptions } from './login-client.js';
export {
  loginParams,
  ServerLogin,
  type ServerLoginOptions,
  type ServerLoginResumeOptions,
  type ServerLoginState,
  type ServerLoginVerifyResult,
} from './login-server.js';
export { UnlockedAccount, type AccountUpgrade } from './account-state.js';
export { checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphraseParams, type PassphrasePolicy } from './policy.js';
export { type Identity, type IdentityKeys } from './identity.js';
export {
  createResourceGroup,
  openLink,
  rotateResourceGroup,
  shareResourceGroup,
  UnlockedResourceGroup,
  type CreateResourceGroupResult,
  type Member,
  type ResourceGroupIds,
  type RotateResourceGroupResult,
} from './groups.js';
export { fingerprint, formatSecretKey, generateSecretKey, generateSecretKeyString, parseSecretKey } from './human.js';
export {
  MAX_RESOURCE_BYTES,
  parseAccountRecord,
  parseLinkRecord,
  parseLoginParams,
  parseResourceRecord,
  type AccountRecord,
  type KdfParams,
  type LinkRecord,
  type LoginParams,
  type ResourceRecord,
  type SrpParamsRecord,
} from './records.js';
export {
  decryptResource,
  encryptResource,
  ResourceGroupKeyring,
  type DecryptResourceOptions,
  type ResourceInput,
  type ResourceMeta,
} from './resources.js';
export {
  decryptResourceStream,
  encryptResourceStream,
  parseResourceStreamRecord,
  type DecryptResourceStreamOptions,
  type EncryptResourceStreamOptions,
  type EncryptResourceStreamResult,
  type ExpectedResource,
  type ResourceStreamRecord,
} from './resource-stream.js';
// Record field types: every stored field of AccountRecord, LinkRecord, ... is a StoredText<name>, so
// apps can type their own storage code. The key table, the key-state classes and storeKey are the
// model's plumbing and stay internal (docs/api-conventions.md, "Root entry").
export type { StoredKeyName, StoredText } from '../keys/index.js';
// Group logs: signed, hash-chained membership, roles and key versions (issue 12).
export {
  GROUP_ROLES,
  GroupLogState,
  addGroupMember,
  checkMemberIdentity,
  confirmMemberKeys,
  createGroupLog,
  encryptResourceVerified,
  groupLogFingerprint,
  groupLogRecord,
  migrateGroupLog,
  openLinkVerified,
  parseGroupLogCheckpoint,
  removeGroupMember,
  rotateGroupKey,
  setGroupPolicy,
  setGroupRole,
  shareGroupKey,
  verifyGroupLog,
  type AddGroupMemberArgs,
  type AddGroupMemberResult,
  type ConfirmMemberKeysArgs,
  type RemoveGroupMemberArgs,
  type RotateGroupKeyArgs,
  type SetGroupPolicyArgs,
  type SetGroupRoleArgs,
  type ShareGroupKeyArgs,
  type CreateGroupLogOptions,
  type GroupLogAppendResult,
  type GroupLogCheckpoint,
  type GroupLogKeyResult,
  type GroupLogOptions,
  type GroupLogRecord,
  type GroupMember,
  type GroupRole,
  type VerifiedGroupLog,
  type VerifyGroupLogOptions,
} from './grouplog/index.js';
// Links v2: post-quantum (X-Wing) links signed by the sender, and the per-group PQ policy (issue 18).
export {
  LINK_V2_SUITE,
  SYM_LINK_V2_LENGTH,
  openGroupLink,
  openLinkV2,
  parseLinkRecordV2,
  rotateResourceGroupPq,
  shareResourceGroupV2,
  type AnyLinkRecord,
  type LinkPolicy,
  type LinkRecordV2,
  type LinkSigner,
  type MixedMember,
  type PqMember,
  type RotateResourceGroupPqResult,
} from './links-v2.js';
