/**
 * Byte helpers shared by every layer. Internal: no public entry point re-exports them, so their
 * doc comments are tagged `@internal`.
 * @module
 */
export {
  afields,
  ainteger,
  aobject,
  aoneOf,
  aoptionalObject,
  assertBytes,
  assertBytesRange,
  astring,
  isBytes,
  isPlainObject,
} from './assert.js';
export { bytesToUtf8, fromBase64url, fromHex, toBase64url, toHex, utf8ToBytes } from './encoding.js';
export { concatBytes, copyBytes, equalBytes, wipe } from './util.js';
