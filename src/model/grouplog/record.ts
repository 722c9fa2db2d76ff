/**
 * The server row of a group log entry: what a server stores and compares-and-swaps on. The
 * server learns `seq`, `prevHash` and `hash` from the entry itself, so a client cannot file an
 * entry under another position.
 * @module
 */
import { fromBase64url, isBytes, toBase64url } from '../../bytes/index.js';
import { ZkvaultError } from '../../errors.js';
import { decodeEntry } from './encoding.js';
import { entryHash } from './verify.js';

/** A group log entry as a server stores it: position, chain hashes and the entry, as base64url text. */
export interface GroupLogRecord {
  /** The entry's seq. */
  readonly seq: number;
  /** The previous entry's hash (base64url; 32 zero bytes for the genesis). */
  readonly prevHash: string;
  /** This entry's hash (base64url). */
  readonly hash: string;
  /** The encoded entry (base64url). */
  readonly entry: string;
}

/**
 * Describes an entry for storage: its seq, previous hash and hash, read from the entry bytes. A
 * server calls it on what a client sends, then appends with compare-and-swap on `prevHash`. It
 * checks the encoding, not the signature or the author's role: that is every client's job.
 * @param entry - the encoded entry (bytes or base64url text).
 * @returns the row to store.
 * @throws ZkvaultError `INVALID_RECORD` if it is not a well-formed entry.
 * @example
 * ```ts
 * import { createAccount, createGroupLog, groupLogRecord } from 'zkvault';
 *
 * // kdf and srp at test strength to keep the example fast; omit them in production.
 * const { account } = await createAccount({ accountId: 'alice', passphrase: 'alice passphrase', kdf: { iterations: 1000 }, srp: { bits: 2048 } });
 * const { entry } = await createGroupLog({ tenantId: 'org1', resourceGroupId: 'g1' }, account);
 * const row = groupLogRecord(entry); // POST it; the server appends if prevHash is its head
 * console.log(row.seq, row.prevHash); // 0 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
 * ```
 */
export function groupLogRecord(entry: Uint8Array | string): GroupLogRecord {
  let bytes: Uint8Array;
  if (isBytes(entry)) bytes = entry;
  else if (typeof entry === 'string') {
    try {
      bytes = fromBase64url(entry, 'entry');
    } catch {
      throw new ZkvaultError('INVALID_RECORD', 'zkvault: group log entry is not base64url');
    }
  } else throw new ZkvaultError('INVALID_INPUT', '"entry" expected bytes or a base64url string');
  const e = decodeEntry(bytes);
  return { seq: e.seq, prevHash: toBase64url(e.prevHash), hash: toBase64url(entryHash(e.bytes)), entry: toBase64url(e.bytes) };
}
