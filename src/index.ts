/**
 * `zkvault`: the zero-knowledge sync key system. This entry re-exports the error type; the
 * model API (accounts, resource groups, links, resources) lands here.
 * @module
 */
export { DECRYPT_FAILED_MESSAGE, ZkvaultError, type ZkvaultErrorCode } from './errors.js';
