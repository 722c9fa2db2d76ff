/**
 * `zkvault`: the zero-knowledge sync key system (M_Account, M_ResourceGroup, M_Link, M_Resource),
 * its typed key states, and the error type. Primitives have their own entry points:
 * `zkvault/envelope`, `zkvault/kdf`, `zkvault/srp`, `zkvault/hpke`, `zkvault/compat/insomnia`.
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
