/**
 * The one error type of zkvault. Every failure the library reports on purpose is a
 * `ZkvaultError` with a stable {@link ZkvaultErrorCode}; messages never contain secret values.
 * The list of codes and their meaning is in docs/errors.md.
 * @module
 */

/**
 * Stable error codes. Match on `error.code`, never on the message text.
 *
 * - `INVALID_INPUT`: an argument has the wrong type, length or range (the message names the argument).
 * - `DECRYPT_FAILED`: an envelope, message or link did not authenticate. Always the same message,
 *   whatever the cause (bad version, commitment, tag or truncation), so it cannot serve as an oracle.
 * - `VERIFY_FAILED`: a MAC, proof or signature check failed.
 * - `UNSUPPORTED`: a valid but unsupported algorithm, version or parameter.
 * - `INVALID_RECORD`: a stored record (server JSON) has a bad shape, or a forged server login state.
 * - `KDF_DOWNGRADE`: KDF parameters below the client's policy floor, or equal salts (every passphrase path).
 * - `WEAK_GROUP`: an SRP group below 2048 bits without an explicit opt-in, or below the client's policy (SRP API and model alike).
 * - `SRP_BAD_PUBLIC`: an SRP public value A or B is 0 mod N, empty or longer than N.
 * - `SRP_BAD_U`: the SRP scrambling parameter u is 0.
 * - `SRP_BAD_PROOF`: an SRP proof M1 or M2 did not match.
 * - `SRP_STATE`: an SRP step was called out of order or twice.
 * - `KEY_LOCKED`: a locked key was used where an unlocked one is needed, or a disposed key was used.
 * - `NOT_STORABLE`: an attempt to put a secret that must never be stored into a server record.
 * - `WRONG_SENDER`: a link or message came from a sender other than the one expected.
 * - `LOG_CHAIN_BROKEN`: a group log entry does not follow its predecessor (seq, prevHash, group,
 *   timestamp): reordered, dropped, replayed or moved entries.
 * - `NOT_AUTHORIZED`: a group log entry or link from someone without the role (or no longer a member).
 * - `VERSION_SKIPPED`: a group log entry announces a key version other than the current + 1.
 * - `VERSION_NOT_IN_LOG`: a link carries a key version the group log never announced.
 * - `KEY_MISMATCH`: a group key differs from the commitment the group log holds for its version.
 * - `KEY_CHANGED`: a member's identity keys differ from the ones the group log pinned.
 * - `ROLLBACK_DETECTED`: a group log ends before the client's checkpoint, or a vault's commit counter is
 *   below the app's anchor (an old copy of the vault file).
 * - `FORK_DETECTED`: a group log holds another entry at the client's checkpoint.
 * - `LOG_STALE`: the newest group log entry is outside the freshness bound.
 * - `TOO_LARGE`: data would expand past a stated limit (for example a decompression bomb); nothing past the limit is kept;
 *   or a vault record key, collection or value is over its limit.
 * - `NONCE_BUDGET_EXHAUSTED`: a key reached its sealing limit (`ENVELOPE_NONCE_BUDGET` envelopes,
 *   or 2^32 chunks in one stream); rotate to a new key.
 * - `PQ_REQUIRED`: the group requires post-quantum links (v2, X-Wing) and got or would make a v1 link.
 * - `VAULT_CORRUPT`: a vault's file or database is damaged: a bad header, SQLite corruption, or rows
 *   that do not match the authenticated header (dropped, added, swapped, replayed). The vault then
 *   refuses writes until `repairVault`.
 * - `VAULT_CONFLICT`: another writer changed the vault store since this one read it.
 */
export type ZkvaultErrorCode =
  | 'INVALID_INPUT'
  | 'DECRYPT_FAILED'
  | 'VERIFY_FAILED'
  | 'UNSUPPORTED'
  | 'INVALID_RECORD'
  | 'KDF_DOWNGRADE'
  | 'WEAK_GROUP'
  | 'SRP_BAD_PUBLIC'
  | 'SRP_BAD_U'
  | 'SRP_BAD_PROOF'
  | 'SRP_STATE'
  | 'KEY_LOCKED'
  | 'NOT_STORABLE'
  | 'WRONG_SENDER'
  | 'LOG_CHAIN_BROKEN'
  | 'NOT_AUTHORIZED'
  | 'VERSION_SKIPPED'
  | 'VERSION_NOT_IN_LOG'
  | 'KEY_MISMATCH'
  | 'KEY_CHANGED'
  | 'ROLLBACK_DETECTED'
  | 'FORK_DETECTED'
  | 'LOG_STALE'
  | 'TOO_LARGE'
  | 'NONCE_BUDGET_EXHAUSTED'
  | 'PQ_REQUIRED'
  | 'VAULT_CORRUPT'
  | 'VAULT_CONFLICT';

/** The one fixed message of every `DECRYPT_FAILED` error. */
export const DECRYPT_FAILED_MESSAGE = 'zkvault: decryption failed';

/**
 * Error thrown by every zkvault function for bad input or failed authentication.
 *
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { open, seal } from 'zkvault/envelope';
 *
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const envelope = await seal(new TextEncoder().encode('hello'), key);
 * envelope[envelope.length - 1]! ^= 1; // tamper with the tag
 * try {
 *   await open(envelope, key);
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
 *   console.log('tampered or wrong key'); // match on e.code, never on the message
 * }
 * ```
 */
export class ZkvaultError extends Error {
  /** Stable machine-readable code; see {@link ZkvaultErrorCode}. */
  readonly code: ZkvaultErrorCode;

  /**
   * @param code - the stable code.
   * @param message - a human message; must not contain secret values.
   * @param options - standard `ErrorOptions` (a `cause` is kept only for non-secret internal errors).
   */
  constructor(code: ZkvaultErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ZkvaultError';
    this.code = code;
  }
}

/**
 * The generic decryption failure. One instance shape, one message, for every cause.
 * @returns a fresh `ZkvaultError('DECRYPT_FAILED')` (no cause attached, so nothing leaks).
 */
export function decryptFailed(): ZkvaultError {
  return new ZkvaultError('DECRYPT_FAILED', DECRYPT_FAILED_MESSAGE);
}

/**
 * Shorthand for an `INVALID_INPUT` error.
 * @param message - what was wrong, naming the argument.
 * @returns the error, for `throw invalidInput(...)`.
 */
export function invalidInput(message: string): ZkvaultError {
  return new ZkvaultError('INVALID_INPUT', message);
}
