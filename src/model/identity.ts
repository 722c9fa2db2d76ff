/**
 * An account's identity (issue 12): its account id and both public keys, `PUB_Account` (X25519,
 * RFC 7748: what links are sealed to) and `PUB_Sign` (Ed25519, RFC 8032: what its group log entries
 * are signed with). Group logs pin identities; {@link fingerprint} codes cover both keys.
 * @module
 */
import { abytes, copyBytes } from '../bytes/index.js';
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
}

/** The part of an {@link Identity} a {@link fingerprint} covers: both public keys. */
export type IdentityKeys = Pick<Identity, 'publicKey' | 'signPublicKey'>;

/**
 * @internal Validates the two public keys of an identity (not exported from `zkvault`).
 * @param value - an untrusted `{ publicKey, signPublicKey }`.
 * @param name - the argument name for messages.
 * @returns the two keys (the caller's arrays, checked).
 * @throws ZkvaultError `INVALID_INPUT` if either key is not 32 bytes.
 * @example
 * ```ts
 * const { publicKey, signPublicKey } = identityKeys(x, 'identity');
 * ```
 */
export function identityKeys(value: unknown, name: string): IdentityKeys {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) {
    throw invalidInput(`"${name}" expected an identity { publicKey, signPublicKey }`);
  }
  const v = value as Record<string, unknown>;
  return {
    publicKey: abytes(v['publicKey'], `${name}.publicKey`, PUBLIC_KEY_LENGTH),
    signPublicKey: abytes(v['signPublicKey'], `${name}.signPublicKey`, PUBLIC_KEY_LENGTH),
  };
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
  return {
    accountId: aid((value as Record<string, unknown>)['accountId'], `${name}.accountId`),
    publicKey: copyBytes(keys.publicKey),
    signPublicKey: copyBytes(keys.signPublicKey),
  };
}
