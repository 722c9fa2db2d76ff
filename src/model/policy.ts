/**
 * The client's passphrase parameter policy (docs/architecture.md sections 3 and 6; RFC 8018 PBKDF2,
 * RFC 5054 SRP groups): one object and one check, run on every path that derives a key from a
 * passphrase (`createAccount`, `resetAccount`, `ClientLogin.start`, `unlockAccount`, `changePassphrase`,
 * Insomnia migration) before any key is derived. The parameters of those paths come, directly or
 * through a record, from the server, which is untrusted: a server that lowers the iteration count,
 * the SRP group or the salt rules would make the passphrase cheap to guess offline.
 * @module
 */
import { aobject, equalBytes, isBytes, isPlainObject } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { SRP_GROUP_BITS, SRP_MIN_GROUP_BITS, type SrpGroupBits } from '../srp/groups.js';
import type { SrpHash } from '../srp/protocol.js';

/**
 * What a client accepts for the parameters of a passphrase derivation. Every field is a bound the
 * server cannot move: parameters outside it are refused before any key is derived.
 */
export interface PassphrasePolicy {
  /** Fewest PBKDF2-SHA256 iterations accepted (fewer: `KDF_DOWNGRADE`). */
  readonly minIterations: number;
  /** Most PBKDF2-SHA256 iterations the client will run (more: `INVALID_RECORD`, a server must not hang the client). */
  readonly maxIterations: number;
  /** Smallest RFC 5054 SRP group accepted, in bits (smaller: `WEAK_GROUP`); never under 2048. */
  readonly minSrpBits: SrpGroupBits;
  /** SRP hashes accepted (others: `WEAK_GROUP`). */
  readonly srpHashes: readonly SrpHash[];
  /** Length of every salt, in bytes (other lengths: `INVALID_RECORD`). */
  readonly saltLength: number;
}

/** The parameters of one passphrase derivation, as {@link checkPassphraseParams} sees them. */
export interface PassphraseParams {
  /** PBKDF2-SHA256 iteration count. */
  iterations: number;
  /** SRP group size in bits and hash, when the path runs SRP. */
  srp?: {
    /** RFC 5054 group size in bits. */
    bits: number;
    /** SRP hash name. */
    hash: string;
  };
  /** Every salt of the derivation (`SLT_Auth_1`, `SLT_Auth_2`, `SLT_Enc`): each of the policy's length, all distinct. */
  salts?: readonly Uint8Array[];
}

/**
 * The default policy: what a client accepts at login and what every flow checks unless given
 * another. 600,000 to 10,000,000 PBKDF2-SHA256 iterations (OWASP 2023 floor), SRP groups of 2048
 * bits and up with SHA-256 or SHA-512, 32-byte salts. New accounts are made with 3072 bits
 * (`DEFAULT_SRP`); 2048 is the floor a login accepts (RFC 5054's smallest group without known
 * practical attacks, NIST SP 800-57's 112-bit level), and a passphrase change never goes below
 * the group the account already has.
 */
export const DEFAULT_PASSPHRASE_POLICY: PassphrasePolicy = Object.freeze({
  minIterations: 600_000,
  maxIterations: 10_000_000,
  minSrpBits: 2048,
  srpHashes: Object.freeze(['SHA-256', 'SHA-512'] as const),
  saltLength: 32,
});

const MAX_ITERATIONS = 2 ** 32 - 1;

function positiveInt(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw invalidInput(`"${name}" expected integer in 1..${max}`);
  }
  return value;
}

/**
 * @internal Validates a policy given by the caller (not exported from `zkvault`).
 * @param value - the policy.
 * @param name - its name, for the message.
 * @returns the policy, checked.
 * @throws ZkvaultError `INVALID_INPUT` on a bad field.
 * @example
 * ```ts
 * const p = apolicy(o['policy'] ?? DEFAULT_PASSPHRASE_POLICY, 'policy');
 * ```
 */
export function apolicy(value: unknown, name: string): PassphrasePolicy {
  if (value === DEFAULT_PASSPHRASE_POLICY) return DEFAULT_PASSPHRASE_POLICY;
  const p = aobject(value, name);
  const minIterations = positiveInt(p['minIterations'], `${name}.minIterations`, MAX_ITERATIONS);
  const maxIterations = positiveInt(p['maxIterations'], `${name}.maxIterations`, MAX_ITERATIONS);
  if (minIterations > maxIterations) throw invalidInput(`"${name}.minIterations" must not exceed "${name}.maxIterations"`);
  const minSrpBits = p['minSrpBits'];
  if (typeof minSrpBits !== 'number' || !(SRP_GROUP_BITS as readonly number[]).includes(minSrpBits) || minSrpBits < SRP_MIN_GROUP_BITS) {
    throw invalidInput(`"${name}.minSrpBits" expected an RFC 5054 group size of ${SRP_MIN_GROUP_BITS} bits or more`);
  }
  const hashes = p['srpHashes'];
  if (!Array.isArray(hashes) || hashes.length === 0 || !hashes.every((h) => h === 'SHA-256' || h === 'SHA-512')) {
    throw invalidInput(`"${name}.srpHashes" expected a non-empty list of 'SHA-256' and 'SHA-512'`);
  }
  const saltLength = positiveInt(p['saltLength'], `${name}.saltLength`, 1024);
  return { minIterations, maxIterations, minSrpBits: minSrpBits as SrpGroupBits, srpHashes: [...(hashes as SrpHash[])], saltLength };
}

/**
 * Checks the parameters of a passphrase derivation against a policy. Call it before deriving
 * anything: the zkvault flows do, on every passphrase path.
 * @param params - iterations, optionally the SRP group and hash, and the salts.
 * @param policy - the client's policy; default {@link DEFAULT_PASSPHRASE_POLICY}.
 * @returns nothing; it throws if the parameters are refused.
 * @throws ZkvaultError `KDF_DOWNGRADE` for fewer iterations than `minIterations` or two equal
 *   salts; `WEAK_GROUP` for an SRP group under `minSrpBits` or a hash not in `srpHashes`;
 *   `INVALID_RECORD` for more iterations than `maxIterations`, a malformed value, or a salt of
 *   the wrong length; `INVALID_INPUT` for a bad policy.
 * @example
 * ```ts
 * import { checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, ZkvaultError } from 'zkvault';
 *
 * checkPassphraseParams({ iterations: 600_000, srp: { bits: 3072, hash: 'SHA-256' } }); // accepted
 * try {
 *   checkPassphraseParams({ iterations: 1, srp: { bits: 3072, hash: 'SHA-256' } }, DEFAULT_PASSPHRASE_POLICY);
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'KDF_DOWNGRADE') throw e;
 *   console.log('refused:', e.code);
 * }
 * ```
 */
export function checkPassphraseParams(params: PassphraseParams, policy: PassphrasePolicy = DEFAULT_PASSPHRASE_POLICY): void {
  const p = apolicy(policy, 'policy');
  const bad = (why: string): ZkvaultError => new ZkvaultError('INVALID_RECORD', `zkvault: invalid record: ${why}`);
  if (!isPlainObject(params)) throw bad('expected passphrase parameters');
  const it = params.iterations;
  if (typeof it !== 'number' || !Number.isSafeInteger(it) || it < 1 || it > MAX_ITERATIONS) throw bad('"kdf.iterations" expected integer in 1..2^32-1');
  if (it < p.minIterations) throw new ZkvaultError('KDF_DOWNGRADE', `zkvault: ${it} PBKDF2 iterations is below the floor of ${p.minIterations}`);
  if (it > p.maxIterations) throw bad(`${it} iterations is above the ceiling of ${p.maxIterations}`);
  if (params.srp !== undefined) {
    const { bits, hash } = params.srp;
    if (typeof bits !== 'number' || !(SRP_GROUP_BITS as readonly number[]).includes(bits)) throw bad('"srp.bits" expected an RFC 5054 group size');
    if (bits < p.minSrpBits) throw new ZkvaultError('WEAK_GROUP', `zkvault: SRP groups under ${p.minSrpBits} bits are refused`);
    if (!(p.srpHashes as readonly string[]).includes(hash)) throw new ZkvaultError('WEAK_GROUP', `zkvault: SRP hash ${String(hash)} is refused by the policy`);
  }
  const salts = params.salts ?? [];
  for (const s of salts) if (!isBytes(s) || s.length !== p.saltLength) throw bad(`every salt must be ${p.saltLength} bytes`);
  for (let i = 0; i < salts.length; i++) {
    for (let j = i + 1; j < salts.length; j++) {
      if (equalBytes(salts[i]!, salts[j]!)) throw new ZkvaultError('KDF_DOWNGRADE', 'zkvault: two salts are equal');
    }
  }
}

/**
 * @internal The check of a creation path (`createAccount`, `resetAccount`, Insomnia migration):
 * the caller's policy, or without one the default policy whose iteration floor yields to the
 * caller's own explicit count (tests and demos; such a record cannot log in with a default client).
 * Not exported from `zkvault`.
 * @param iterations - the new account's PBKDF2 iterations.
 * @param srp - its SRP group and hash.
 * @param policy - the caller's policy, if any (unchecked input).
 * @returns the policy in force.
 * @throws ZkvaultError as {@link checkPassphraseParams}; `INVALID_INPUT` for a bad policy.
 * @example
 * ```ts
 * const policy = checkCreationParams(1000, { bits: 2048, hash: 'SHA-256' }, undefined);
 * ```
 */
export function checkCreationParams(iterations: number, srp: { bits: number; hash: string }, policy?: unknown): PassphrasePolicy {
  let p: PassphrasePolicy = DEFAULT_PASSPHRASE_POLICY;
  if (policy !== undefined) p = apolicy(policy, 'policy');
  else if (typeof iterations === 'number' && iterations >= 1 && iterations < p.minIterations) p = { ...p, minIterations: iterations };
  checkPassphraseParams({ iterations, srp }, p);
  return p;
}
