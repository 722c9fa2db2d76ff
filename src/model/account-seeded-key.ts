/**
 * The four steps every seeded account key pair follows (`PRV_Sign`, issue 12; `PRV_XWing`, issue
 * 18): a 32-byte seed, its public key, the seed locked under `SYM_Account` with an AAD naming the
 * account and both public keys, and a public-key check after unlocking. Records made before the
 * pair existed derive the seed from `SYM_Account`, so every unlock of the same old record makes the
 * same pair until the upgraded record is stored:
 *
 * ```
 * PRV_X locked: envelope under SYM_Account, AAD ctx(lock purpose, I, PUB_Account, PUB_X)
 * new accounts:  PRV_X = 32 random bytes
 * older records (no PUB_X): PRV_X = HKDF-SHA256(ikm = SYM_Account, salt = "", info = ctx(migrate purpose, I, PUB_Account), 32)
 * ```
 * @module
 */
import { equalBytes, fromBase64url, wipe } from '../bytes/index.js';
import { decryptFailed, ZkvaultError } from '../errors.js';
import { LockedKey, PublicValue, storeKey, UnlockedKey, type Storable, type StoredText } from '../keys/index.js';
import { lockKeyWith, unlockKeyWith } from '../keys/wrap.js';
import { encodeContext } from './context.js';
import type { ModelDeps } from './deps.js';

/** Length of a seed: an Ed25519 seed (RFC 8032 section 5.1.5) and an X-Wing one (draft section 5.2). */
const SEED_LENGTH = 32;

/** The seeded pairs: their public and private record fields. */
type Pair = { readonly pub: 'PUB_Sign'; readonly prv: 'PRV_Sign' } | { readonly pub: 'PUB_XWing'; readonly prv: 'PRV_XWing' };

/** What tells one seeded pair from another. */
export interface SeededKeySpec<P extends Pair> {
  /** The public record field. */
  readonly pub: P['pub'];
  /** The locked record field. */
  readonly prv: P['prv'];
  /** `PURPOSE` of the locked seed's AAD. */
  readonly lockPurpose: string;
  /** `PURPOSE` of the HKDF info that derives the seed of an older record. */
  readonly migratePurpose: string;
  /** @returns the public key of a seed. */
  readonly publicKey: (deps: ModelDeps, seed: Uint8Array) => Uint8Array;
  /** Evicts the seed from the backend's caches (before it is disposed). */
  readonly forget: (deps: ModelDeps, seed: Uint8Array) => void;
}

/** An unlocked seeded pair and its record fields. */
export interface SeededKey<P extends Pair> {
  /** The unlocked seed (the caller owns it: {@link disposeSeededKey}). */
  readonly prv: UnlockedKey<P['prv']>;
  /** The public key. */
  readonly publicKey: Uint8Array;
  /** The public record field. */
  readonly pubText: StoredText<P['pub']>;
  /** The locked record field. */
  readonly prvText: StoredText<P['prv']>;
  /** Whether the pair was made now for a record that had none (the record needs the fields). */
  readonly added: boolean;
}

/** The record fields the unlock reads. */
interface Owner {
  readonly accountId: string;
  readonly PUB_Account: StoredText<'PUB_Account'>;
}

// TypeScript does not resolve `Storable` of a generic name; P names a public and a locked key.
const storePub = <P extends Pair>(v: PublicValue<P['pub']>): StoredText<P['pub']> => storeKey(v as Storable<P['pub']>);
const storePrv = <P extends Pair>(k: LockedKey<P['prv']>): StoredText<P['prv']> => storeKey(k as Storable<P['prv']>);

function aad<P extends Pair>(spec: SeededKeySpec<P>, o: Owner, pubText: StoredText<P['pub']>): Uint8Array {
  return encodeContext(spec.lockPurpose, [o.accountId, o.PUB_Account, pubText]);
}

/**
 * @internal Forgets and disposes a seed (idempotent).
 * @param spec - the pair.
 * @param deps - the backend families.
 * @param prv - the unlocked seed.
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * disposeSeededKey(SIGN, deps, prvSign);
 * ```
 */
export function disposeSeededKey<P extends Pair>(spec: SeededKeySpec<P>, deps: ModelDeps, prv: UnlockedKey<P['prv']>): void {
  if (!prv.disposed) spec.forget(deps, prv.bytes());
  prv.dispose();
}

/** Makes the pair from `seed` (wiped here) and locks the seed under `symAccount`. */
async function fromSeed<P extends Pair>(
  spec: SeededKeySpec<P>,
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  o: Owner,
  seed: Uint8Array,
  added: boolean,
): Promise<SeededKey<P>> {
  const prv = UnlockedKey.from<P['prv']>(spec.prv, seed);
  wipe(seed);
  try {
    const publicKey = spec.publicKey(deps, prv.bytes());
    const pubText = storePub<P>(new PublicValue(spec.pub, publicKey));
    const locked = await lockKeyWith<P['prv']>(deps, symAccount, prv, aad(spec, o, pubText));
    return { prv, publicKey, pubText, prvText: storePrv<P>(locked), added };
  } catch (e) {
    disposeSeededKey(spec, deps, prv);
    throw e;
  }
}

/**
 * @internal A fresh random pair for a new account.
 * @param spec - the pair.
 * @param deps - the backend families.
 * @param symAccount - the account's `SYM_Account`, which locks the seed.
 * @param o - the account id and its `PUB_Account` text (bound into the AAD).
 * @returns the pair and its record fields.
 * @throws ZkvaultError from the backend only (never for valid inputs).
 * @example
 * ```ts
 * const k = await newSeededKey(SIGN, deps, symAccount, { accountId, PUB_Account: pub });
 * ```
 */
export function newSeededKey<P extends Pair>(spec: SeededKeySpec<P>, deps: ModelDeps, symAccount: UnlockedKey<'SYM_Account'>, o: Owner): Promise<SeededKey<P>> {
  return fromSeed(spec, deps, symAccount, o, deps.random.randomBytes(SEED_LENGTH), false);
}

/**
 * @internal Unlocks a record's pair, or derives one for a record made before the pair (`added: true`).
 * @param spec - the pair.
 * @param deps - the backend families.
 * @param symAccount - the unlocked `SYM_Account`.
 * @param o - the validated record's account id and `PUB_Account`.
 * @param pubText - the record's public field, if it has one.
 * @param prvText - the record's locked field, if it has one.
 * @returns the pair and its record fields.
 * @throws ZkvaultError `DECRYPT_FAILED` if the seed does not open under this account's context or
 *   does not match the public key.
 * @example
 * ```ts
 * const k = await unlockSeededKey(SIGN, deps, sym, record, record.PUB_Sign, record.PRV_Sign);
 * ```
 */
export async function unlockSeededKey<P extends Pair>(
  spec: SeededKeySpec<P>,
  deps: ModelDeps,
  symAccount: UnlockedKey<'SYM_Account'>,
  o: Owner,
  pubText: StoredText<P['pub']> | undefined,
  prvText: StoredText<P['prv']> | undefined,
): Promise<SeededKey<P>> {
  if (pubText === undefined || prvText === undefined) {
    const info = encodeContext(spec.migratePurpose, [o.accountId, o.PUB_Account]);
    return fromSeed(spec, deps, symAccount, o, deps.kdf.hkdf('SHA-256', symAccount.bytes(), new Uint8Array(0), info, SEED_LENGTH), true);
  }
  const prv = await unlockKeyWith<P['prv']>(deps, symAccount, new LockedKey<P['prv']>(spec.prv, fromBase64url(prvText)), aad(spec, o, pubText));
  const publicKey = fromBase64url(pubText);
  if (!equalBytes(spec.publicKey(deps, prv.bytes()), publicKey)) {
    disposeSeededKey(spec, deps, prv);
    throw decryptFailed();
  }
  return { prv, publicKey, pubText, prvText, added: false };
}

/**
 * @internal The fields a record rewritten for the account (passphrase change) carries: the
 * record's own if it has them (they must be the account's), else the seed locked afresh.
 * @param spec - the pair.
 * @param deps - the backend families.
 * @param key - the account's unlocked seed and its public key.
 * @param symAccount - the account's current `SYM_Account`.
 * @param o - the validated current record's account id and `PUB_Account`.
 * @param stored - the record's public and locked fields of this pair, if it has them.
 * @param relockUnder - a new `SYM_Account` (`rotateAccountKey`): the seed is locked again under it,
 *   so the old `SYM_Account` opens nothing of the new record.
 * @returns the public and locked fields.
 * @throws ZkvaultError `INVALID_RECORD` if the record's public key is not the account's.
 * @example
 * ```ts
 * const [pub, prv] = await seededFieldsFor(SIGN, deps, { prv: prvSign, publicKey }, sym, r, [r.PUB_Sign, r.PRV_Sign]);
 * ```
 */
export async function seededFieldsFor<P extends Pair>(
  spec: SeededKeySpec<P>,
  deps: ModelDeps,
  key: { readonly prv: UnlockedKey<P['prv']>; readonly publicKey: Uint8Array },
  symAccount: UnlockedKey<'SYM_Account'>,
  o: Owner,
  stored: readonly [StoredText<P['pub']> | undefined, StoredText<P['prv']> | undefined],
  relockUnder?: UnlockedKey<'SYM_Account'>,
): Promise<readonly [StoredText<P['pub']>, StoredText<P['prv']>]> {
  const [pubText, prvText] = stored;
  if (pubText !== undefined && prvText !== undefined) {
    if (!equalBytes(fromBase64url(pubText), key.publicKey)) {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: invalid record: it belongs to another account');
    }
    if (relockUnder === undefined) return [pubText, prvText];
  }
  const pub = storePub<P>(new PublicValue(spec.pub, key.publicKey));
  const locked = await lockKeyWith<P['prv']>(deps, relockUnder ?? symAccount, key.prv, aad(spec, o, pub));
  return [pub, storePrv<P>(locked)];
}
