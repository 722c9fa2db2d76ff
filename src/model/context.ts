/**
 * The canonical context encoding of suite `zkv1` (docs/formats.md, "Model records v1"): one length-prefixed byte
 * string per field, purpose label first. It is the envelope AAD (docs/architecture.md section 4) and the
 * HPKE `info` (RFC 9180 section 5.1, section 5 of docs/architecture.md).
 *
 * ```
 * context = field(purpose) ‖ field(f1) ‖ … ‖ field(fn)
 * field(x) = u32be(len(x)) ‖ x
 * strings → UTF-8 (well-formed UTF-16 required, no normalisation); integers → u32be (len 4)
 * ```
 *
 * Why length prefixes: plain concatenation is ambiguous ("ab" ‖ "c" = "a" ‖ "bc"), which would let a
 * server move a ciphertext between two contexts that concatenate to the same bytes.
 * @module
 */
import { invalidInput } from '../errors.js';
import { utf8ToBytes } from '../bytes/index.js';

/** Purpose labels, one per kind of context. */
export const PURPOSE = {
  /** `SYM_Account` envelope under `SEC_PWD_Enc`; fields: account id. */
  symAccount: 'zkvault/v1/sym-account',
  /** `PRV_Account` envelope under `SYM_Account`; fields: account id, `PUB_Account` (base64url). */
  prvAccount: 'zkvault/v1/prv-account',
  /** `PRV_Sign` envelope under `SYM_Account`; fields: account id, `PUB_Account`, `PUB_Sign` (base64url). */
  prvSign: 'zkvault/v1/prv-sign',
  /**
   * HKDF info of the `PRV_Sign` seed an account made before signing keys gets on its first unlock
   * (derived from `SYM_Account`, so every unlock before the upload makes the same key); fields:
   * account id, `PUB_Account` (base64url).
   */
  migrateSign: 'zkvault/v1/migrate/prv-sign',
  /** `SYM_Link` HPKE info; fields: tenant, group, key version, sender id, recipient id. */
  link: 'zkvault/v1/link',
  /** `PRV_XWing` envelope under `SYM_Account` (issue 18); fields: account id, `PUB_Account`, `PUB_XWing` (base64url). */
  prvXWing: 'zkvault/v1/prv-xwing',
  /**
   * HKDF info of the `PRV_XWing` seed a record made before X-Wing keys gets on its first unlock
   * (derived from `SYM_Account`, like {@link PURPOSE.migrateSign}); fields: account id, `PUB_Account`.
   */
  migrateXWing: 'zkvault/v1/migrate/prv-xwing',
  /**
   * The bytes an account signs with `PRV_Sign` to certify its own `PUB_XWing` (`SIG_XWing`, issue 18);
   * fields: account id, `PUB_XWing` (base64url). Senders verify it before sealing a v2 link.
   */
  xwingKey: 'zkvault/v2/xwing-key',
  /** Links v2 (X-Wing) HPKE info; fields: tenant, group, key version, sender id, recipient id. */
  linkV2: 'zkvault/v2/link',
  /**
   * The bytes a links v2 sender signs with `PRV_Sign`; fields: tenant, group, key version, sender id,
   * recipient id, recipient `PUB_XWing`, `SYM_Link` (both base64url).
   */
  linkV2Signature: 'zkvault/v2/link-signature',
  /** Resource envelope AAD; fields: tenant, group, key version, resource id, type. */
  resource: 'zkvault/v1/resource',
  /** HKDF info for mixing the secret key into `SEC_PWD_Auth`; fields: account id. */
  secretKeyAuth: 'zkvault/v1/2skd/auth',
  /** HKDF info for mixing the secret key into `SEC_PWD_Enc`; fields: account id. */
  secretKeyEnc: 'zkvault/v1/2skd/enc',
} as const;

/** Longest id (tenant, group, account, resource) in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;
/** Longest resource type in UTF-16 code units. */
export const MAX_TYPE_LENGTH = 128;
/** Largest key version. */
export const MAX_KEY_VERSION: number = 2 ** 32 - 1;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * @internal Whether a string is well-formed UTF-16 (no lone surrogates; not exported from `zkvault`).
 * @param s - the string.
 * @returns true if it has no lone surrogate.
 * @throws never.
 * @example
 * ```ts
 * isWellFormedString('\uD800'); // false
 * ```
 */
export function isWellFormedString(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/**
 * @internal Checks an identifier: a non-empty, well-formed string of at most `max` code units. Lone
 * surrogates are refused because UTF-8 encoding would map different strings to the same bytes. Not
 * exported from `zkvault`.
 * @param value - the id.
 * @param name - argument name for the message.
 * @param max - maximum length; default {@link MAX_ID_LENGTH}.
 * @returns the id.
 * @throws ZkvaultError `INVALID_INPUT` if it is not such a string.
 * @example
 * ```ts
 * aid(tenantId, 'tenantId');
 * ```
 */
export function aid(value: unknown, name: string, max: number = MAX_ID_LENGTH): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || LONE_SURROGATE.test(value)) {
    const got = typeof value === 'string' ? `length=${value.length}` : `type=${value === null ? 'null' : typeof value}`;
    throw invalidInput(`"${name}" expected a well-formed string of length 1..${max}, got ${got}`);
  }
  return value;
}

/**
 * @internal Not exported by any entry point: plumbing of the model (docs/api-conventions.md, "Root entry").
 * Encodes a context: purpose label, then each field, each as u32be length ‖ bytes.
 * @param purpose - the purpose label (one of {@link PURPOSE}).
 * @param fields - strings (UTF-8) and integers 0..2^32-1 (4 bytes, big-endian).
 * @returns the encoded context.
 * @throws ZkvaultError `INVALID_INPUT` on a lone surrogate or an integer out of range.
 * @example
 * ```ts
 * import { encodeContext, PURPOSE } from 'zkvault';
 *
 * // The AAD of resource 'r1' (type 'note'), version 1 of group 'g1' in tenant 'org1'.
 * const aad = encodeContext(PURPOSE.resource, ['org1', 'g1', 1, 'r1', 'note']);
 * console.log(aad.length); // 59: six fields, each a 4-byte length and its bytes
 * ```
 */
export function encodeContext(purpose: string, fields: readonly (string | number)[]): Uint8Array {
  if (typeof purpose !== 'string') throw invalidInput('"purpose" expected a string');
  if (!Array.isArray(fields)) throw invalidInput('"fields" expected an array');
  const parts: Uint8Array[] = [];
  for (const [i, f] of [purpose, ...fields].entries()) {
    if (typeof f === 'number') {
      if (!Number.isInteger(f) || f < 0 || f > MAX_KEY_VERSION) throw invalidInput(`"context[${i}]" expected integer 0..2^32-1`);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, f);
      parts.push(b);
    } else {
      if (typeof f !== 'string' || LONE_SURROGATE.test(f)) throw invalidInput(`"context[${i}]" expected a well-formed string`);
      parts.push(utf8ToBytes(f));
    }
  }
  let len = 0;
  for (const p of parts) len += 4 + p.length;
  const out = new Uint8Array(len);
  const view = new DataView(out.buffer);
  let off = 0;
  for (const p of parts) {
    view.setUint32(off, p.length);
    out.set(p, off + 4);
    off += 4 + p.length;
  }
  return out;
}
