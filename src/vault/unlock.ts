/**
 * How a vault is unlocked: the key-encryption key (KEK) from an unlocked account's `SYM_Account`
 * (HKDF, RFC 5869, under the vault's own purpose label) or from a passphrase (PBKDF2-SHA256,
 * RFC 8018, checked against the same {@link PassphrasePolicy} as accounts), optionally mixed with
 * an app key (Electron `safeStorage`, the OS keychain: docs/formats.md, "Vault v1").
 * @module
 */
import { hash } from '#backend/hash';
import { kdf } from '#backend/kdf';
import { aobject, concatBytes, copyBytes, fromBase64url, isBytes, wipe } from '../bytes/index.js';
import { invalidInput } from '../errors.js';
import { passwordBytes } from '../kdf/pbkdf2.js';
import { accountSecrets, UnlockedAccount } from '../model/account-state.js';
import { encodeContext } from '../model/context.js';
import { checkPassphraseParams, type PassphrasePolicy } from '../model/policy.js';
import { VAULT_PURPOSE, type UnlockParams } from './format.js';

/** Unlock a vault with a passphrase (PBKDF2-SHA256 under the passphrase policy). */
export interface VaultPassphraseUnlock {
  /** The passphrase (NFKD-normalised, as for accounts). */
  readonly passphrase: string;
  /** Optional 32-byte key the app keeps elsewhere (OS keychain, Electron safeStorage); copied. */
  readonly appKey?: Uint8Array;
}

/** Unlock a vault with an unlocked account (its `SYM_Account`, under the vault's own label). */
export interface VaultAccountUnlock {
  /** The unlocked account; the vault copies no key out of it beyond the derivation. */
  readonly account: UnlockedAccount;
  /** Optional 32-byte key the app keeps elsewhere (OS keychain, Electron safeStorage); copied. */
  readonly appKey?: Uint8Array;
}

/** The key material that opens a vault. */
export type VaultUnlock = VaultPassphraseUnlock | VaultAccountUnlock;

/** A checked unlock: exactly one source, the app key copied. */
export interface CheckedUnlock {
  readonly passphrase?: string;
  readonly account?: UnlockedAccount;
  readonly appKey?: Uint8Array;
}

/** Length of the app key and of every vault key. */
export const VAULT_KEY_LENGTH = 32;

/**
 * @internal Validates an unlock argument.
 * @param value - the caller's unlock.
 * @param name - its name for messages.
 * @returns the checked unlock.
 * @throws ZkvaultError `INVALID_INPUT` unless it has exactly one of passphrase or account and a
 *   32-byte app key if any.
 * @example
 * ```ts
 * const u = checkUnlock({ passphrase: 'p' }, 'unlock');
 * ```
 */
export function checkUnlock(value: unknown, name: string): CheckedUnlock {
  const o = aobject(value, name);
  const { passphrase, account, appKey } = o;
  if ((passphrase === undefined) === (account === undefined)) throw invalidInput(`"${name}" expected exactly one of passphrase or account`);
  if (passphrase !== undefined && (typeof passphrase !== 'string' || passphrase.length === 0)) throw invalidInput(`"${name}.passphrase" expected a non-empty string`);
  if (account !== undefined && !(account instanceof UnlockedAccount)) throw invalidInput(`"${name}.account" expected an UnlockedAccount`);
  if (appKey !== undefined && (!isBytes(appKey) || appKey.length !== VAULT_KEY_LENGTH)) throw invalidInput(`"${name}.appKey" expected Uint8Array of length 32`);
  return {
    ...(passphrase !== undefined ? { passphrase: passphrase as string } : {}),
    ...(account !== undefined ? { account: account as UnlockedAccount } : {}),
    ...(appKey !== undefined ? { appKey: copyBytes(appKey as Uint8Array) } : {}),
  };
}

/**
 * @internal The unlock parameters for a new header: a fresh 32-byte salt, and the account id or
 * iteration count.
 * @param u - the checked unlock.
 * @param iterations - PBKDF2 iterations for a passphrase.
 * @param salt - 32 fresh random bytes, base64url.
 * @returns the parameters.
 * @throws ZkvaultError `KEY_LOCKED` for a disposed account.
 * @example
 * ```ts
 * const params = unlockParamsFor(u, 600_000, salt);
 * ```
 */
export function unlockParamsFor(u: CheckedUnlock, iterations: number, salt: string): UnlockParams {
  if (u.account !== undefined) return { kind: 'account', accountId: u.account.accountId, salt };
  return { kind: 'passphrase', iterations, salt };
}

/**
 * @internal Derives the KEK of a vault (see src/vault/format.ts). The passphrase parameters are
 * checked against the policy before anything is derived.
 * @param u - the checked unlock.
 * @param params - the header's unlock parameters.
 * @param vaultId - the vault id.
 * @param appKeyFlag - whether the header says an app key is mixed in.
 * @param policy - the passphrase policy.
 * @returns the 32-byte KEK (the caller wipes it).
 * @throws ZkvaultError `INVALID_INPUT` if the unlock kind or app key presence does not match the
 *   vault; `KDF_DOWNGRADE` / `INVALID_RECORD` from the policy; `KEY_LOCKED` for a disposed account.
 * @example
 * ```ts
 * const kek = await deriveKek(u, header.unlock, header.id, header.appKey, policy);
 * ```
 */
export async function deriveKek(u: CheckedUnlock, params: UnlockParams, vaultId: string, appKeyFlag: boolean, policy: PassphrasePolicy): Promise<Uint8Array> {
  if (appKeyFlag !== (u.appKey !== undefined)) {
    throw invalidInput(appKeyFlag ? '"unlock.appKey" is required: this vault was made with an app key' : '"unlock.appKey" given, but this vault has none');
  }
  const salt = fromBase64url(params.salt);
  let base: Uint8Array;
  if (params.kind === 'passphrase') {
    if (u.passphrase === undefined) throw invalidInput('"unlock" expected a passphrase: this vault opens with one');
    checkPassphraseParams({ iterations: params.iterations, salts: [salt] }, policy);
    base = await kdf.pbkdf2('SHA-256', passwordBytes(u.passphrase), salt, params.iterations, VAULT_KEY_LENGTH);
  } else {
    if (u.account === undefined) throw invalidInput('"unlock" expected an account: this vault opens with one');
    if (salt.length !== VAULT_KEY_LENGTH) throw invalidInput('"unlock" the vault salt must be 32 bytes');
    base = copyBytes(accountSecrets(u.account).symAccount.bytes());
  }
  const ikm = u.appKey === undefined ? base : concatBytes(base, u.appKey);
  const info = encodeContext(VAULT_PURPOSE.kek, [vaultId, params.kind, params.kind === 'account' ? params.accountId : '']);
  const kek = kdf.hkdf('SHA-256', ikm, salt, info, VAULT_KEY_LENGTH);
  wipe(base, ikm);
  return kek;
}

/**
 * @internal A subkey of the DEK: HKDF-SHA256(DEK, "", ctx(label, vaultId)).
 * @param dek - the data key.
 * @param label - one of the vault purpose labels.
 * @param vaultId - the vault id.
 * @returns 32 bytes.
 * @throws never.
 * @example
 * ```ts
 * const enc = subkey(dek, VAULT_PURPOSE.enc, id);
 * ```
 */
export function subkey(dek: Uint8Array, label: string, vaultId: string): Uint8Array {
  return kdf.hkdf('SHA-256', dek, new Uint8Array(0), encodeContext(label, [vaultId]), VAULT_KEY_LENGTH);
}

/** @internal The prepared HMAC-SHA256 of a subkey (the index and accumulator keys). */
export const hmacKey = (key: Uint8Array): ((...data: Uint8Array[]) => Uint8Array) => hash.hmacKey('SHA-256', key);
