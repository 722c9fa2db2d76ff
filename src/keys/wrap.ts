/**
 * Locking and unlocking account keys with the v1 envelope (docs/architecture.md sections 2 and 4):
 * `SYM_Account` is locked by `SEC_PWD_Enc`, `PRV_Account` by `SYM_Account`. The caller supplies the
 * context (AAD) so a locked key moved to another account or field fails to open.
 * `SYM_Link` (HPKE) is handled by the model layer.
 * @module
 */
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { random } from '#backend/random';
import { bindBackends } from '../backend/backend-deps.js';
import { createEnvelopeKey, type EnvelopeDeps } from '../envelope/envelope-key.js';
import { assertBytes } from '../bytes/index.js';
import { decryptFailed, ZkvaultError } from '../errors.js';
import { LockedKey, requireUnlocked, UnlockedKey } from './states.js';

/** Which key locks which (the seed's "locked" column, zkv1 choices). */
export interface LockedBy {
  /** `SYM_Account` is an envelope under `SEC_PWD_Enc`. */
  SYM_Account: 'SEC_PWD_Enc';
  /** `PRV_Account` is an envelope under `SYM_Account`. */
  PRV_Account: 'SYM_Account';
  /** `PRV_Sign` is an envelope under `SYM_Account`. */
  PRV_Sign: 'SYM_Account';
  /** `PRV_XWing` (the X-Wing seed, issue 18) is an envelope under `SYM_Account`. */
  PRV_XWing: 'SYM_Account';
}

/** Names locked with an envelope. */
export type EnvelopeLockedName = keyof LockedBy;

const KEK_OF: Readonly<LockedBy> = { SYM_Account: 'SEC_PWD_Enc', PRV_Account: 'SYM_Account', PRV_Sign: 'SYM_Account', PRV_XWing: 'SYM_Account' };
const ENVELOPE_LOCKED = Object.keys(KEK_OF) as EnvelopeLockedName[];

const defaultDeps: () => EnvelopeDeps = bindBackends<EnvelopeDeps>({ aead, hash, random });

function kekName(name: unknown): LockedBy[EnvelopeLockedName] {
  if (!(ENVELOPE_LOCKED as unknown[]).includes(name)) {
    throw new ZkvaultError('INVALID_INPUT', `"key" expected ${ENVELOPE_LOCKED.join(' or ')}`);
  }
  return KEK_OF[name as EnvelopeLockedName];
}

/**
 * @internal Backend-parameterised {@link lockKey}.
 * @param deps - the envelope's backend families.
 * @param kek - the unlocked key-encryption key.
 * @param key - the unlocked key to lock.
 * @param aad - the context.
 * @returns the locked key.
 * @throws ZkvaultError as {@link lockKey}.
 * @example
 * ```ts
 * await lockKeyWith({ aead, hash, random }, secPwdEnc, symAccount, aad);
 * ```
 */
export async function lockKeyWith<N extends EnvelopeLockedName>(
  deps: EnvelopeDeps,
  kek: UnlockedKey<LockedBy[N]>,
  key: UnlockedKey<N>,
  aad: Uint8Array,
): Promise<LockedKey<N>> {
  const k = requireUnlocked(key, 'key', ...ENVELOPE_LOCKED);
  const w = requireUnlocked(kek, 'kek', kekName(k.name));
  assertBytes(aad, 'aad');
  using ek = await createEnvelopeKey(deps, w.bytes());
  return new LockedKey(k.name as N, await ek.seal(k.bytes(), { aad }));
}

/**
 * @internal Backend-parameterised {@link unlockKey}.
 * @param deps - the envelope's backend families.
 * @param kek - the unlocked key-encryption key.
 * @param locked - the locked key.
 * @param aad - the context given when locking.
 * @returns the unlocked key.
 * @throws ZkvaultError as {@link unlockKey}.
 * @example
 * ```ts
 * await unlockKeyWith({ aead, hash, random }, secPwdEnc, lockedSym, aad);
 * ```
 */
export async function unlockKeyWith<N extends EnvelopeLockedName>(
  deps: EnvelopeDeps,
  kek: UnlockedKey<LockedBy[N]>,
  locked: LockedKey<N>,
  aad: Uint8Array,
): Promise<UnlockedKey<N>> {
  if (!(locked instanceof LockedKey)) throw new ZkvaultError('INVALID_INPUT', '"locked" expected a LockedKey');
  const w = requireUnlocked(kek, 'kek', kekName(locked.name));
  assertBytes(aad, 'aad');
  using ek = await createEnvelopeKey(deps, w.bytes());
  const raw = await ek.open(locked.ciphertext, { aad });
  // Every account key is 32 bytes (AES-256 key, X25519 scalar, Ed25519 seed); anything else is not ours.
  if (raw.length !== 32) throw decryptFailed();
  const out = UnlockedKey.from(locked.name, raw);
  raw.fill(0);
  return out;
}

/**
 * @internal Locks (encrypts) an account key under the key that the seed's table says locks it (used
 * by the model flows; not exported from `zkvault`).
 * @param kek - the unlocked key-encryption key (`SEC_PWD_Enc` for `SYM_Account`, `SYM_Account` for `PRV_Account`).
 * @param key - the unlocked key to lock.
 * @param aad - the context to bind (given again to unlock).
 * @returns the locked key (a v1 envelope, 94 bytes for a 32-byte key).
 * @throws ZkvaultError `KEY_LOCKED` if a key is locked or disposed; `INVALID_INPUT` for a wrong key name.
 * @example
 * ```ts
 * const locked = await lockKey(secPwdEnc, symAccount, aad);
 * ```
 */
export function lockKey<N extends EnvelopeLockedName>(kek: UnlockedKey<LockedBy[N]>, key: UnlockedKey<N>, aad: Uint8Array): Promise<LockedKey<N>> {
  return lockKeyWith(defaultDeps(), kek, key, aad);
}

/**
 * @internal Unlocks (decrypts) a locked account key (used by the model flows; not exported from
 * `zkvault`).
 * @param kek - the unlocked key-encryption key.
 * @param locked - the locked key.
 * @param aad - the context given when locking.
 * @returns the unlocked key.
 * @throws ZkvaultError `DECRYPT_FAILED` on a wrong key, wrong context or tampering (one message);
 *   `KEY_LOCKED` if `kek` is locked or disposed.
 * @example
 * ```ts
 * const sym = await unlockKey(secPwdEnc, lockedSym, aad);
 * ```
 */
export function unlockKey<N extends EnvelopeLockedName>(kek: UnlockedKey<LockedBy[N]>, locked: LockedKey<N>, aad: Uint8Array): Promise<UnlockedKey<N>> {
  return unlockKeyWith(defaultDeps(), kek, locked, aad);
}
