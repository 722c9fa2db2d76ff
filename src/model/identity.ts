/**
 * An account's identity (issue 12): its account id and both public keys, `PUB_Account` (X25519,
 * RFC 7748: what links are sealed to) and `PUB_Sign` (Ed25519, RFC 8032: what its group log entries
 * are signed with). Group logs pin identities; {@link fingerprint} codes cover both keys.
 * @module
 */
import { assertBytes, afields, copyBytes, isBytes } from '../bytes/index.js';
import { invalidInput } from '../errors.js';
import { aid } from './context.js';

/** Length of `PUB_Account` and of `PUB_Sign`. */
const PUBLIC_KEY_LENGTH = 32;

/**
 * Who an account is, as a member verifies and pins it: the account id and the two public keys.
 * Get your own from {@link UnlockedAccount.identity}; check another member's with
 * {@link fingerprint} before trusting it.
 */
export interface Identity {
  /** The account id (the SRP identity). */
  readonly accountId: string;
  /** `PUB_Account`: the 32-byte X25519 public key links are sealed to. */
  readonly publicKey: Uint8Array;
  /** `PUB_Sign`: the 32-byte Ed25519 public key the account signs with. */
  readonly signPublicKey: Uint8Array;
  /**
   * `PUB_XWing` (issue 18): the 1216-byte X-Wing public key links v2 are sealed to. Absent for an
   * identity without one (links to it stay v1).
   */
  readonly xwingPublicKey?: Uint8Array | undefined;
  /**
   * `SIG_XWing` (issue 18): the account's Ed25519 certificate of `xwingPublicKey`, made with its
   * `PRV_Sign` over ctx("zkvault/v2/xwing-key", accountId, `PUB_XWing`). A sender verifies it against
   * the member's signing key (the pinned one, in a group log) before sealing a link v2; the
   * {@link fingerprint} does not cover it (it is checked, not compared).
   */
  readonly xwingSignature?: Uint8Array | undefined;
}

/** The part of an {@link Identity} a {@link fingerprint} covers: its public keys. */
export type IdentityKeys = Pick<Identity, 'publicKey' | 'signPublicKey' | 'xwingPublicKey'>;

/** Length of `PUB_XWing` (draft-connolly-cfrg-xwing-kem section 5.1). */
const XWING_PUBLIC_KEY_LENGTH = 1216;

/**
 * @internal Validates the two public keys of an identity (not exported from `zkvault`).
 * @param value - an untrusted `{ publicKey, signPublicKey }`.
 * @param name - the argument name for messages.
 * @returns the two keys (the caller's arrays, checked).
 * @throws ZkvaultError `INVALID_INPUT` if either key is not 32 bytes, or an `xwingPublicKey` given is
 *   not 1216 bytes.
 * @example
 * ```ts
 * const { publicKey, signPublicKey } = identityKeys(x, 'identity');
 * ```
 */
export function identityKeys(value: unknown, name: string): IdentityKeys {
  const v = afields(value, name);
  const keys = {
    publicKey: assertBytes(v['publicKey'], `${name}.publicKey`, PUBLIC_KEY_LENGTH),
    signPublicKey: assertBytes(v['signPublicKey'], `${name}.signPublicKey`, PUBLIC_KEY_LENGTH),
  };
  if (v['xwingPublicKey'] === undefined) return keys;
  return { ...keys, xwingPublicKey: assertBytes(v['xwingPublicKey'], `${name}.xwingPublicKey`, XWING_PUBLIC_KEY_LENGTH) };
}

/**
 * @internal Validates an untrusted identity and copies it (not exported from `zkvault`).
 * @param value - an untrusted `{ accountId, publicKey, signPublicKey }`.
 * @param name - the argument name for messages.
 * @returns a fresh, validated copy.
 * @throws ZkvaultError `INVALID_INPUT` on a bad account id or a key that is not 32 bytes.
 * @example
 * ```ts
 * const member = checkIdentity(payload.member, 'member');
 * ```
 */
export function checkIdentity(value: unknown, name: string): Identity {
  const keys = identityKeys(value, name);
  const id = {
    accountId: aid((value as Record<string, unknown>)['accountId'], `${name}.accountId`),
    publicKey: copyBytes(keys.publicKey),
    signPublicKey: copyBytes(keys.signPublicKey),
  };
  if (keys.xwingPublicKey === undefined) return id;
  const pq = { ...id, xwingPublicKey: copyBytes(keys.xwingPublicKey) };
  const sig = (value as Record<string, unknown>)['xwingSignature'];
  if (sig === undefined) return pq;
  // Any length: a bad certificate is VERIFY_FAILED where it is checked, before sealing.
  if (!isBytes(sig)) throw invalidInput(`"${name}.xwingSignature" expected a Uint8Array`);
  return { ...pq, xwingSignature: copyBytes(sig) };
}
