/**
 * Group key commitment: HMAC-SHA256 (RFC 2104) under `SYM_ResourceGroup` of a fixed label bound
 * to the tenant, group and key version. Rotate entries carry it, so a member can tell whether a link
 * carries the key the log announced for that version. HMAC is a PRF, so the commitment reveals
 * nothing about the key; and it is collision resistant, so one commitment binds one key.
 * @module
 */
import { equalBytes } from '../../bytes/index.js';
import { encodeContext } from '../context.js';
import { modelDeps } from '../deps.js';

/** The HMAC message label. */
export const COMMIT_LABEL = 'zkvault/v1/group-key-commit';

/**
 * @internal HMAC-SHA256(key, ctx("zkvault/v1/group-key-commit", tenant, group, version)).
 * @param key - the 32-byte group key.
 * @param tenantId - tenant id.
 * @param groupId - group id.
 * @param keyVersion - key version.
 * @returns the 32-byte commitment.
 * @throws ZkvaultError `INVALID_INPUT` on a version out of range.
 * @example
 * ```ts
 * const c = keyCommitment(key, 'org1', 'g1', 2);
 * ```
 */
export function keyCommitment(key: Uint8Array, tenantId: string, groupId: string, keyVersion: number): Uint8Array {
  return modelDeps().hash.hmac('SHA-256', key, encodeContext(COMMIT_LABEL, [tenantId, groupId, keyVersion]));
}

/**
 * @internal Whether `key` matches a commitment, compared in constant time.
 * @param key - the 32-byte group key.
 * @param commitment - the commitment from the log.
 * @param tenantId - tenant id.
 * @param groupId - group id.
 * @param keyVersion - key version.
 * @returns true if it matches.
 * @throws never for valid arguments.
 * @example
 * ```ts
 * if (!keyMatches(key, v.commitment, tenantId, groupId, 2)) throw new ZkvaultError('KEY_MISMATCH', '…');
 * ```
 */
export function keyMatches(key: Uint8Array, commitment: Uint8Array, tenantId: string, groupId: string, keyVersion: number): boolean {
  return equalBytes(keyCommitment(key, tenantId, groupId, keyVersion), commitment);
}
