/**
 * The `{ aad }` options object of the one-message AEAD calls (envelope seal/open, HPKE context
 * seal/open), read one way (docs/api-conventions.md, "Calls").
 * @module
 */
import { assertBytes, aobject } from './assert.js';

const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * @internal Reads `options.aad`: absent options or aad give the empty AAD.
 * @param options - the caller's options argument (untrusted).
 * @returns the aad bytes (the caller's array, not a copy).
 * @throws ZkvaultError `INVALID_INPUT` naming `"options"` if it is not a plain object, or
 *   `"options.aad"` if the aad is not bytes.
 * @example
 * ```ts
 * const aad = aadOption(options);
 * ```
 */
export function aadOption(options: unknown): Uint8Array {
  if (options === undefined) return EMPTY;
  const aad = aobject(options, 'options')['aad'];
  return aad === undefined ? EMPTY : assertBytes(aad, 'options.aad');
}
