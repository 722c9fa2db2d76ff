/**
 * `zkvault`: the model API of the zero-knowledge sync key system (M_Account, M_ResourceGroup,
 * M_Link, M_Resource): its flows, records, results and the types of their stored fields. Besides
 * the model it exports only what every caller of the model needs (docs/api-conventions.md, "Root
 * entry"): the error type (`ZkvaultError`, `DECRYPT_FAILED_MESSAGE`), and `backendInfo` /
 * `requireNativeCrypto`, which tell an app which crypto backend the model runs on and let it refuse
 * to run without native crypto. Context encoding, the key table and the key-state classes are
 * plumbing and stay internal. Primitives have their own entry points: `zkvault/envelope`,
 * `zkvault/kdf`, `zkvault/srp`, `zkvault/hpke`, `zkvault/compat/insomnia`, `zkvault/vault`.
 * @module
 */
export { DECRYPT_FAILED_MESSAGE, ZkvaultError, type ZkvaultErrorCode } from './errors.js';
export * from './model/index.js';
export {
  backendInfo,
  NATIVE_CRYPTO_MISSING_MESSAGE,
  requireNativeCrypto,
  type BackendFamily,
  type BackendInfo,
  type RequireNativeCryptoOptions,
} from './backend-info.js';
