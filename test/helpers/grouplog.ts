// Group log test helpers: raw Ed25519 authors (no account needed) that sign entries through the
// library's own signer, so verifier tests build any log, valid or not, on either backend.
import { randomBytes } from 'node:crypto';
import { modelDeps } from '../../src/model/deps.js';
import { signEntry, type LogAuthor } from '../../src/model/grouplog/append.js';
import { encodeBody, type GroupLogBody, type GroupLogOperation, type IdentityKeys } from '../../src/model/grouplog/encoding.js';
import { signingInput } from '../../src/model/grouplog/verify.js';
import type { GroupLogState } from '../../src/model/grouplog/state.js';

export const IDS = { tenantId: 'org1', groupId: 'g1' } as const;

/** A test author: an account id, an Ed25519 seed, and an X25519 public key to pin (random bytes: no link is made). */
export interface TestAuthor extends LogAuthor {
  readonly seed: Uint8Array;
  readonly identity: IdentityKeys;
}

export function author(accountId: string, seed: Uint8Array = new Uint8Array(randomBytes(32))): TestAuthor {
  const signPublicKey = modelDeps().ed25519.publicKey(seed);
  return {
    accountId,
    seed,
    identity: { publicKey: new Uint8Array(randomBytes(32)), signPublicKey },
    sign: (m) => modelDeps().ed25519.sign(seed, m),
  };
}

/** A random 32-byte commitment: the verifier never sees group keys, only commitments. */
export function commit(keyVersion: number): { keyVersion: number; commitment: Uint8Array } {
  return { keyVersion, commitment: new Uint8Array(randomBytes(32)) };
}

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

/** A growing log built through the library's signer (each entry verified as it is made). */
export class LogBuilder {
  entries: Uint8Array[] = [];
  states: GroupLogState[] = [];
  t = T0;

  get state(): GroupLogState {
    return this.states[this.states.length - 1]!;
  }

  append(by: LogAuthor, op: GroupLogOperation): Uint8Array {
    const { entry, state } = signEntry(this.states.length === 0 ? undefined : this.state, IDS, by, op, (this.t += 1000));
    this.entries.push(entry);
    this.states.push(state);
    return entry;
  }

  create(owner: TestAuthor): this {
    this.append(owner, { op: 'create', identity: owner.identity, ...commit(1), legacy: [] });
    return this;
  }
}

/**
 * Signs an arbitrary body, bypassing the verifier: what a malicious member or server can produce.
 * Fields default to the correct next entry after `state`.
 */
export function rawEntry(by: { accountId: string; sign: (m: Uint8Array) => Uint8Array }, state: GroupLogState, op: GroupLogOperation, patch: Partial<GroupLogBody> = {}): Uint8Array {
  const body = encodeBody({
    tenantId: state.tenantId,
    groupId: state.groupId,
    seq: state.seq + 1,
    prevHash: state.headHash,
    authorId: by.accountId,
    timestamp: state.headTimestamp + 1000,
    operation: op,
    ...patch,
  });
  const sig = by.sign(signingInput(body));
  const out = new Uint8Array(body.length + sig.length);
  out.set(body);
  out.set(sig, body.length);
  return out;
}
