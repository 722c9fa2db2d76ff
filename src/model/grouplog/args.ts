/**
 * The named argument types of the group-log functions (docs/protocol.md, "Group log";
 * docs/api-conventions.md, "Results"): one per function that takes an `args` object.
 * @module
 */
import type { UnlockedResourceGroup } from '../groups.js';
import type { Identity } from '../identity.js';
import type { GroupRole } from './encoding.js';

/** `args` of {@link addGroupMember}. */
export interface AddGroupMemberArgs {
  /** The group, unlocked, held to the log. */
  group: UnlockedResourceGroup;
  /** The new member's identity (its keys are pinned in the log). */
  member: Identity;
  /** The new member's role. */
  role: GroupRole;
}

/** `args` of {@link removeGroupMember}. */
export interface RemoveGroupMemberArgs {
  /** The group, unlocked, held to the log. */
  group: UnlockedResourceGroup;
  /** The member to remove. */
  memberId: string;
  /** The remaining members' identities as served (checked against the pinned keys). */
  identities?: readonly Identity[];
}

/** `args` of {@link rotateGroupKey}. */
export interface RotateGroupKeyArgs {
  /** The group, unlocked, held to the log. */
  group: UnlockedResourceGroup;
  /** The members' identities as served (checked against the pinned keys). */
  identities?: readonly Identity[];
}

/** `args` of {@link setGroupRole}. */
export interface SetGroupRoleArgs {
  /** The member whose role changes. */
  memberId: string;
  /** The new role. */
  role: GroupRole;
}

/** `args` of {@link confirmMemberKeys}. */
export interface ConfirmMemberKeysArgs {
  /** The member's identity with the keys to confirm. */
  member: Identity;
}

/** `args` of {@link setGroupPolicy}. */
export interface SetGroupPolicyArgs {
  /** Require post-quantum (X-Wing) links for this group from now on. */
  requirePq: boolean;
}

/** `args` of {@link shareGroupKey}. */
export interface ShareGroupKeyArgs {
  /** The group, unlocked, held to the log. */
  group: UnlockedResourceGroup;
  /** The recipient's identity as served (checked against the pinned keys). */
  recipient: Identity;
}
