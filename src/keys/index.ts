/**
 * The seed's key table as types: names, Stored / Locked flags, typed key states and wrapping
 * (docs/architecture.md section 2).
 * @module
 */
export {
  KEY_TABLE,
  isKeyName,
  type KeyFlags,
  type KeyName,
  type LockedKeyName,
  type PublicKeyName,
  type SecretKeyName,
  type StoredKeyName,
} from './names.js';
export {
  LockedKey,
  PublicValue,
  UnlockedKey,
  loadStored,
  requireUnlocked,
  storeKey,
  type Storable,
  type StoredText,
} from './states.js';
export { lockKey, unlockKey, type EnvelopeLockedName, type LockedBy } from './wrap.js';
