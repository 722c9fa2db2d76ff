/**
 * @internal Signing new group log entries (docs/formats.md, "Group log"). Every entry made here
 * goes through the verifier before it is returned, so a client can never produce an entry the
 * other members would refuse. Not exported from `zkvault`.
 * @module
 */
import { ZkvaultError } from '../../errors.js';
import { encodeBody, LOG_HASH_LENGTH, MAX_TIMESTAMP, type GroupLogOperation } from './encoding.js';
import { decodeEntry } from './encoding.js';
import { cloneData, newState, stateData, type GroupLogState } from './state.js';
import { applyEntry, signingInput } from './verify.js';

/** Who signs an entry: the account id and an Ed25519 signing function over its `PRV_Sign`. */
export interface LogAuthor {
  readonly accountId: string;
  readonly sign: (message: Uint8Array) => Uint8Array;
}

/** The new entry and the state after it. */
export interface SignedEntry {
  readonly entry: Uint8Array;
  readonly state: GroupLogState;
}

/**
 * @internal Signs `operation` as the next entry after `state` (or as the genesis of
 * `ids` when `state` is undefined) and verifies it.
 * @param state - the verified state, or undefined for a genesis.
 * @param ids - tenant and group ids (used for the genesis; must match `state` otherwise).
 * @param author - the signer.
 * @param operation - what the entry does.
 * @param now - the author's clock (ms); raised to the head's timestamp if behind.
 * @returns the encoded entry and the new state.
 * @throws ZkvaultError from the verifier (`NOT_AUTHORIZED`, `VERSION_SKIPPED`, `VERIFY_FAILED` when
 *   the signing key is not the pinned one).
 * @example
 * ```ts
 * const { entry, state: next } = signEntry(state, ids, author, { op: 'set-role', memberId: 'bob', role: 'admin' }, Date.now());
 * ```
 */
export function signEntry(
  state: GroupLogState | undefined,
  ids: { readonly tenantId: string; readonly groupId: string },
  author: LogAuthor,
  operation: GroupLogOperation,
  now: number,
): SignedEntry {
  const d = state === undefined ? undefined : stateData(state);
  if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIMESTAMP) throw new ZkvaultError('INVALID_INPUT', '"now" expected a timestamp in ms');
  const body = encodeBody({
    tenantId: d?.tenantId ?? ids.tenantId,
    groupId: d?.groupId ?? ids.groupId,
    seq: d === undefined ? 0 : d.seq + 1,
    prevHash: d === undefined ? new Uint8Array(LOG_HASH_LENGTH) : d.headHash,
    authorId: author.accountId,
    timestamp: Math.max(now, d?.headTimestamp ?? 0),
    operation,
  });
  const sig = author.sign(signingInput(body));
  const entry = new Uint8Array(body.length + sig.length);
  entry.set(body);
  entry.set(sig, body.length);
  const next = applyEntry(d === undefined ? undefined : cloneData(d), decodeEntry(entry));
  return { entry, state: newState(next) };
}
