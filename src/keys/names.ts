/**
 * The key table of the seed document (Insomnia's "Security at Insomnia" page, "Data models, keys, and salts"; docs/protocol.md) as
 * data and as types. Names and their Stored / Locked flags are the seed's; how each value is made
 * is zkvault's suite `zkv1` (docs/architecture.md section 2).
 *
 * | name                | stored | locked | locked by / made from                       |
 * |---------------------|--------|--------|---------------------------------------------|
 * | `PUB_Account`       | Y      | N      | X25519 public key                           |
 * | `PRV_Account`       | Y      | Y      | envelope under `SYM_Account`                |
 * | `SYM_Account`       | Y      | Y      | envelope under `SEC_PWD_Enc`                |
 * | `SYM_ResourceGroup` | N      | N      | never stored; travels only as `SYM_Link`    |
 * | `SYM_Link`          | Y      | Y      | HPKE (RFC 9180) seal of `SYM_ResourceGroup` |
 * | `SLT_Auth_1`        | Y      | N      | 32 random bytes                             |
 * | `SLT_Auth_2`        | Y      | N      | 32 random bytes (the SRP salt)              |
 * | `SLT_Enc`           | Y      | N      | 32 random bytes                             |
 * | `SEC_PWD_Auth`      | N      | N      | PBKDF2 of the passphrase with `SLT_Auth_1`  |
 * | `SEC_PWD_Enc`       | N      | N      | PBKDF2 of the passphrase with `SLT_Enc`     |
 * | `SRP_Verifier`      | Y      | N      | SRP-6a verifier (RFC 5054)                  |
 * | `PUB_Sign`          | Y      | N      | Ed25519 public key (RFC 8032; zkvault's)    |
 * | `PRV_Sign`          | Y      | Y      | envelope under `SYM_Account` (zkvault's)    |
 * | `PUB_XWing`         | Y      | N      | X-Wing public key (1216 bytes; zkvault's)   |
 * | `PRV_XWing`         | Y      | Y      | envelope under `SYM_Account` (zkvault's)    |
 *
 * `PUB_Sign` / `PRV_Sign` are zkvault's addition to the seed (issue 12): the account's Ed25519
 * signing key pair, stored and locked exactly like `PUB_Account` / `PRV_Account`. `PUB_XWing` /
 * `PRV_XWing` (issue 18) are its post-quantum key pair (X-Wing, draft-connolly-cfrg-xwing-kem: the
 * 32-byte seed is the private key), what links v2 are sealed to; stored and locked the same way.
 * @module
 */

/** Flags of one key name, as in the seed's table. */
export interface KeyFlags {
  /** May appear in a server record. */
  readonly stored: boolean;
  /** Stored only in encrypted (locked) form. */
  readonly locked: boolean;
  /** Secret material: the unlocked value must never leave the client. */
  readonly secret: boolean;
}

/** Every key name of the seed's table. */
export type KeyName =
  | 'PUB_Account'
  | 'PRV_Account'
  | 'SYM_Account'
  | 'SYM_ResourceGroup'
  | 'SYM_Link'
  | 'SLT_Auth_1'
  | 'SLT_Auth_2'
  | 'SLT_Enc'
  | 'SEC_PWD_Auth'
  | 'SEC_PWD_Enc'
  | 'SRP_Verifier'
  | 'PUB_Sign'
  | 'PRV_Sign'
  | 'PUB_XWing'
  | 'PRV_XWing';

/** Names whose seed flag says "stored: Y": only these can enter a server record. */
export type StoredKeyName =
  | 'PUB_Account'
  | 'PRV_Account'
  | 'SYM_Account'
  | 'SYM_Link'
  | 'SLT_Auth_1'
  | 'SLT_Auth_2'
  | 'SLT_Enc'
  | 'SRP_Verifier'
  | 'PUB_Sign'
  | 'PRV_Sign'
  | 'PUB_XWing'
  | 'PRV_XWing';

/** Names stored only in locked (encrypted) form: "stored: Y, locked: Y". */
export type LockedKeyName = 'PRV_Account' | 'SYM_Account' | 'SYM_Link' | 'PRV_Sign' | 'PRV_XWing';

/** Public (stored, never locked) values: salts, the public key, the verifier. */
export type PublicKeyName = 'PUB_Account' | 'SLT_Auth_1' | 'SLT_Auth_2' | 'SLT_Enc' | 'SRP_Verifier' | 'PUB_Sign' | 'PUB_XWing';

/** Secret keys that exist in the clear only in client memory, as {@link UnlockedKey}s. */
export type SecretKeyName = 'PRV_Account' | 'SYM_Account' | 'SYM_ResourceGroup' | 'SEC_PWD_Auth' | 'SEC_PWD_Enc' | 'PRV_Sign' | 'PRV_XWing';

/**
 * The seed's table as runtime data, for the runtime guards (the types above say the same thing to
 * the compiler; test/keys checks that both agree).
 */
export const KEY_TABLE: Readonly<Record<KeyName, KeyFlags>> = Object.freeze({
  PUB_Account: { stored: true, locked: false, secret: false },
  PRV_Account: { stored: true, locked: true, secret: true },
  SYM_Account: { stored: true, locked: true, secret: true },
  SYM_ResourceGroup: { stored: false, locked: false, secret: true },
  SYM_Link: { stored: true, locked: true, secret: false },
  SLT_Auth_1: { stored: true, locked: false, secret: false },
  SLT_Auth_2: { stored: true, locked: false, secret: false },
  SLT_Enc: { stored: true, locked: false, secret: false },
  SEC_PWD_Auth: { stored: false, locked: false, secret: true },
  SEC_PWD_Enc: { stored: false, locked: false, secret: true },
  SRP_Verifier: { stored: true, locked: false, secret: false },
  PUB_Sign: { stored: true, locked: false, secret: false },
  PRV_Sign: { stored: true, locked: true, secret: true },
  PUB_XWing: { stored: true, locked: false, secret: false },
  PRV_XWing: { stored: true, locked: true, secret: true },
});

/**
 * @internal Whether `name` is a key name of the seed's table (not exported from `zkvault`).
 * @param name - any value.
 * @returns true for the names of {@link KeyName}.
 * @throws never.
 * @example
 * ```ts
 * isKeyName('SYM_Link'); // true
 * ```
 */
export function isKeyName(name: unknown): name is KeyName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(KEY_TABLE, name);
}
