/**
 * The vault format v1 (docs/formats.md, "Vault v1"): the header in the meta row, the key schedule
 * (HKDF, RFC 5869) and the record layout. Internal: `zkvault/vault` re-exports none of this.
 *
 * ```
 * header  = JSON { v: 1, id, unlock, appKey, dek, state }            (the meta row, UTF-8)
 * KEK     = HKDF-SHA256(ikm = base ‖ appKey?, salt = unlock.salt, info = ctx("zkvault/v1/vault/kek", id, kind, accountId))
 *           base = PBKDF2-SHA256(passphrase, salt, iterations) | SYM_Account
 * dek     = envelope(KEK, DEK, ctx("zkvault/v1/vault/dek", id, canonical(unlock), appKey))
 * subkeys = HKDF-SHA256(DEK, "", ctx("zkvault/v1/vault/enc" | ".../index" | ".../acc", id))
 * state   = envelope(enc, JSON { counter, count, acc }, ctx("zkvault/v1/vault/state", id))
 * row     = { id: HMAC(index, 0x00 ‖ key), coll: HMAC(index, 0x01 ‖ collection), ver, val }
 * val     = envelope(enc, field(key) ‖ field(collection) ‖ value,
 *                   ctx("zkvault/v1/vault/record", id) ‖ field(row.id) ‖ field(row.coll) ‖ u64(ver))
 * acc     = Σ HMAC(acc, row.id ‖ row.coll ‖ u64(ver) ‖ val) mod 2^256, over every row
 * ```
 * @module
 */
import { concatBytes, fromBase64url, isPlainObject, toBase64url, utf8ToBytes } from '../bytes/index.js';
import { ZkvaultError } from '../errors.js';

/** Purpose labels of the vault's contexts. */
export const VAULT_PURPOSE = {
  kek: 'zkvault/v1/vault/kek',
  dek: 'zkvault/v1/vault/dek',
  enc: 'zkvault/v1/vault/enc',
  index: 'zkvault/v1/vault/index',
  acc: 'zkvault/v1/vault/acc',
  state: 'zkvault/v1/vault/state',
  record: 'zkvault/v1/vault/record',
} as const;

/** How the vault's key-encryption key is made. */
export type UnlockParams =
  | { readonly kind: 'passphrase'; readonly iterations: number; readonly salt: string }
  | { readonly kind: 'account'; readonly accountId: string; readonly salt: string };

/** The parsed meta row. */
export interface Header {
  readonly v: 1;
  /** Vault id, base64url of 16 random bytes. */
  readonly id: string;
  readonly unlock: UnlockParams;
  /** Whether an app key is mixed into the KEK. */
  readonly appKey: boolean;
  /** The DEK envelope (base64url). */
  readonly dek: string;
  /** The state envelope (base64url). */
  readonly state: string;
}

/** The authenticated vault state. */
export interface State {
  /** Commits so far: +1 per commit, never down. */
  readonly counter: number;
  /** Rows in the store. */
  readonly count: number;
  /** The row accumulator (32 bytes). */
  readonly acc: Uint8Array;
}

const corrupt = (why: string): ZkvaultError => new ZkvaultError('VAULT_CORRUPT', `zkvault: the vault is damaged: ${why}`);

/**
 * @internal The unlock parameters in one fixed field order (bound into the DEK's AAD).
 * @param u - the parameters.
 * @returns the canonical text.
 * @throws never.
 * @example
 * ```ts
 * canonicalUnlock({ kind: 'passphrase', iterations: 600000, salt });
 * ```
 */
export function canonicalUnlock(u: UnlockParams): string {
  return u.kind === 'passphrase'
    ? JSON.stringify({ kind: u.kind, iterations: u.iterations, salt: u.salt })
    : JSON.stringify({ kind: u.kind, accountId: u.accountId, salt: u.salt });
}

function str(v: unknown, why: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) throw corrupt(why);
  return v;
}

function b64(v: unknown, why: string): string {
  const s = str(v, why);
  try {
    fromBase64url(s);
  } catch {
    throw corrupt(why);
  }
  return s;
}

/**
 * @internal Parses the meta row.
 * @param meta - its bytes.
 * @returns the header.
 * @throws ZkvaultError `VAULT_CORRUPT` if it is not a v1 header; `UNSUPPORTED` for a later version.
 * @example
 * ```ts
 * const h = parseHeader(await store.readMeta());
 * ```
 */
export function parseHeader(meta: Uint8Array): Header {
  let j: unknown;
  try {
    j = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(meta));
  } catch {
    throw corrupt('the header is not JSON');
  }
  if (!isPlainObject(j)) throw corrupt('the header is not a plain object');
  const o = j;
  if (typeof o['v'] === 'number' && o['v'] > 1) throw new ZkvaultError('UNSUPPORTED', `zkvault: vault format v${o['v']} is newer than this library`);
  if (o['v'] !== 1) throw corrupt('bad header version');
  const u = o['unlock'];
  if (!isPlainObject(u)) throw corrupt('no unlock parameters');
  const uo = u;
  let unlock: UnlockParams;
  if (uo['kind'] === 'passphrase') {
    const it = uo['iterations'];
    if (typeof it !== 'number' || !Number.isSafeInteger(it) || it < 1) throw corrupt('bad iterations');
    unlock = { kind: 'passphrase', iterations: it, salt: b64(uo['salt'], 'bad salt') };
  } else if (uo['kind'] === 'account') {
    unlock = { kind: 'account', accountId: str(uo['accountId'], 'bad account id'), salt: b64(uo['salt'], 'bad salt') };
  } else throw corrupt('unknown unlock kind');
  if (typeof o['appKey'] !== 'boolean') throw corrupt('bad appKey flag');
  return { v: 1, id: b64(o['id'], 'bad vault id'), unlock, appKey: o['appKey'], dek: b64(o['dek'], 'bad dek'), state: b64(o['state'], 'bad state') };
}

/**
 * @internal Serialises a header.
 * @param h - the header.
 * @returns the meta row bytes.
 * @throws never.
 * @example
 * ```ts
 * const meta = encodeHeader({ ...h, state });
 * ```
 */
export function encodeHeader(h: Header): Uint8Array {
  // Spliced as text: the unlock object in its canonical field order, without a parse per commit.
  return utf8ToBytes(`{"v":${h.v},"id":${JSON.stringify(h.id)},"unlock":${canonicalUnlock(h.unlock)},"appKey":${h.appKey},"dek":${JSON.stringify(h.dek)},"state":${JSON.stringify(h.state)}}`);
}

/**
 * @internal Serialises the state (sealed before it is stored).
 * @param s - the state.
 * @returns its bytes.
 * @throws never.
 * @example
 * ```ts
 * encodeState({ counter: 0, count: 0, acc: new Uint8Array(32) });
 * ```
 */
export function encodeState(s: State): Uint8Array {
  return utf8ToBytes(JSON.stringify({ counter: s.counter, count: s.count, acc: toBase64url(s.acc) }));
}

/**
 * @internal Parses an opened state.
 * @param b - its bytes (already authenticated).
 * @returns the state.
 * @throws ZkvaultError `VAULT_CORRUPT` on a bad shape.
 * @example
 * ```ts
 * const s = parseState(await enc.open(env, { aad }));
 * ```
 */
export function parseState(b: Uint8Array): State {
  try {
    const o = JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;
    const { counter, count } = o;
    const acc = fromBase64url(o['acc'] as string);
    if (typeof counter !== 'number' || typeof count !== 'number' || acc.length !== 32) throw new Error('shape');
    return { counter, count, acc };
  } catch {
    throw corrupt('bad state');
  }
}

/**
 * @internal `field(x) = u32be(len) ‖ x`, as in the context encoding.
 * @param x - the bytes.
 * @returns the field.
 * @throws never.
 * @example
 * ```ts
 * field(utf8ToBytes('key'));
 * ```
 */
export function field(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + x.length);
  new DataView(out.buffer).setUint32(0, x.length);
  out.set(x, 4);
  return out;
}

/**
 * @internal Splits a record plaintext into key, collection and value.
 * @param pt - field(key) ‖ field(collection) ‖ value.
 * @returns the three parts, or undefined if malformed.
 * @throws never.
 * @example
 * ```ts
 * const parts = splitRecord(pt);
 * ```
 */
export function splitRecord(pt: Uint8Array): { key: Uint8Array; collection: Uint8Array; value: Uint8Array } | undefined {
  const v = new DataView(pt.buffer, pt.byteOffset, pt.byteLength);
  if (pt.length < 8) return undefined;
  const kl = v.getUint32(0);
  if (4 + kl + 4 > pt.length) return undefined;
  const cl = v.getUint32(4 + kl);
  const start = 8 + kl + cl;
  if (start > pt.length) return undefined;
  return { key: pt.subarray(4, 4 + kl), collection: pt.subarray(8 + kl, start), value: pt.subarray(start) };
}

/**
 * @internal The record plaintext.
 * @param key - UTF-8 key.
 * @param collection - UTF-8 collection.
 * @param value - the value.
 * @returns field(key) ‖ field(collection) ‖ value.
 * @throws never.
 * @example
 * ```ts
 * joinRecord(k, c, v);
 * ```
 */
export function joinRecord(key: Uint8Array, collection: Uint8Array, value: Uint8Array): Uint8Array {
  return concatBytes(field(key), field(collection), value);
}

/**
 * @internal A version as the two u32 context fields (high, low).
 * @param version - 0..2^53-1.
 * @returns [high, low].
 * @throws never.
 * @example
 * ```ts
 * versionFields(1); // [0, 1]
 * ```
 */
export function versionFields(version: number): [number, number] {
  return [Math.floor(version / 2 ** 32), version >>> 0];
}

/**
 * @internal u64be of a version.
 * @param version - 0..2^53-1.
 * @returns 8 bytes.
 * @throws never.
 * @example
 * ```ts
 * u64(1);
 * ```
 */
export function u64(version: number): Uint8Array {
  const out = new Uint8Array(8);
  const [hi, lo] = versionFields(version);
  const v = new DataView(out.buffer);
  v.setUint32(0, hi);
  v.setUint32(4, lo);
  return out;
}

/**
 * @internal acc ± element, mod 2^256 (32-byte big-endian), in place.
 * @param acc - the accumulator (changed).
 * @param e - the element.
 * @param sign - +1 to add, -1 to remove.
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * accAdd(acc, element, 1);
 * ```
 */
export function accAdd(acc: Uint8Array, e: Uint8Array, sign: 1 | -1): void {
  let carry = 0;
  for (let i = 31; i >= 0; i--) {
    const x = acc[i]! + sign * e[i]! + carry;
    acc[i] = x & 0xff;
    carry = x >> 8; // -1, 0 or 1 (arithmetic shift keeps the borrow)
  }
}
