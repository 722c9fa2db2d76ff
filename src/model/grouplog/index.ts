/**
 * Group logs (docs/protocol.md, "Group log"; docs/formats.md, "Group log"): signed, hash-chained
 * group state, its verifier, and links and resources held to it.
 * @module
 */
export { GROUP_ROLES, addGroupMember, confirmMemberKeys, createGroupLog, migrateGroupLog, removeGroupMember, rotateGroupKey, setGroupPolicy, setGroupRole } from './members.js';
export type { AddGroupMemberResult, CreateGroupLogOptions, GroupLogAppendResult, GroupLogKeyResult, GroupLogOptions } from './members.js';
export { checkMemberIdentity, encryptResourceVerified, openLinkVerified, shareGroupKey } from './held.js';
export { GroupLogState, groupLogFingerprint, parseGroupLogCheckpoint, type GroupLogCheckpoint, type GroupMember } from './state.js';
export { verifyGroupLog, type VerifiedGroupLog, type VerifyGroupLogOptions } from './verify.js';
export { groupLogRecord, type GroupLogRecord } from './record.js';
export type { GroupRole } from './encoding.js';
export type {
  AddGroupMemberArgs,
  ConfirmMemberKeysArgs,
  RemoveGroupMemberArgs,
  RotateGroupKeyArgs,
  SetGroupPolicyArgs,
  SetGroupRoleArgs,
  ShareGroupKeyArgs,
} from './args.js';
