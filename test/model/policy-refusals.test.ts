// Each refusal of src/model/policy.ts is made by its own check (issue 19, mutation testing): the
// bounds are inclusive where documented, the message names the bound, and the creation path's
// relaxed floor applies only without a caller policy.
import { describe, expect, it } from 'vitest';
import { apolicy, checkCreationParams, checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphraseParams, type PassphrasePolicy } from '../../src/model/policy.js';
import { syncOutcome } from '../helpers/errors.js';

const D = DEFAULT_PASSPHRASE_POLICY;
const SRP = { bits: 3072, hash: 'SHA-256' };

const check = (p: PassphraseParams, policy?: PassphrasePolicy) => syncOutcome(() => checkPassphraseParams(p, policy));
const policy = (p: Record<string, unknown>) => syncOutcome(() => apolicy({ ...D, ...p }, 'policy'));

describe('apolicy: each field is checked, bounds inclusive', () => {
  it('accepts the edges', () => {
    expect(policy({ minIterations: 1, maxIterations: 1 })).toBe('OK');
    expect(policy({ minIterations: 2 ** 32 - 1, maxIterations: 2 ** 32 - 1 })).toBe('OK');
    expect(policy({ saltLength: 1 })).toBe('OK');
    expect(policy({ saltLength: 1024 })).toBe('OK');
    expect(policy({ minSrpBits: 2048, srpHashes: ['SHA-512'] })).toBe('OK');
    expect(policy({ minSrpBits: 8192 })).toBe('OK');
  });

  it('refuses past them, naming the field', () => {
    expect(syncOutcome(() => apolicy(null, 'policy'))).toMatch(/^INVALID_INPUT: "policy" expected/);
    expect(policy({ minIterations: 0 })).toBe('INVALID_INPUT: "policy.minIterations" expected integer in 1..4294967295');
    expect(policy({ minIterations: 1.5 })).toBe('INVALID_INPUT: "policy.minIterations" expected integer in 1..4294967295');
    expect(policy({ minIterations: '1' })).toBe('INVALID_INPUT: "policy.minIterations" expected integer in 1..4294967295');
    expect(policy({ maxIterations: 2 ** 32 })).toBe('INVALID_INPUT: "policy.maxIterations" expected integer in 1..4294967295');
    expect(policy({ minIterations: 2, maxIterations: 1 })).toBe('INVALID_INPUT: "policy.minIterations" must not exceed "policy.maxIterations"');
    expect(policy({ saltLength: 1025 })).toBe('INVALID_INPUT: "policy.saltLength" expected integer in 1..1024');
    for (const minSrpBits of [1536, 2000, 3000, '2048'])
      expect(policy({ minSrpBits })).toBe('INVALID_INPUT: "policy.minSrpBits" expected an RFC 5054 group size of 2048 bits or more');
    for (const srpHashes of ['SHA-256', [], ['SHA-256', 'SHA-1']])
      expect(policy({ srpHashes })).toBe(`INVALID_INPUT: "policy.srpHashes" expected a non-empty list of 'SHA-256' and 'SHA-512'`);
  });

  it('returns its own copy of a caller policy, and the default itself', () => {
    const hashes = ['SHA-256'];
    const p = apolicy({ ...D, srpHashes: hashes }, 'policy');
    hashes.push('SHA-512');
    expect(p).toEqual({ ...D, srpHashes: ['SHA-256'] });
    expect(apolicy(D, 'policy')).toBe(D);
  });
});

describe('checkPassphraseParams: each bound refuses on its own, with its message', () => {
  it('iterations', () => {
    const wide: PassphrasePolicy = { ...D, minIterations: 1, maxIterations: 2 ** 32 - 1 };
    expect(check({ iterations: 1 }, wide)).toBe('OK');
    expect(check({ iterations: 2 ** 32 - 1 }, wide)).toBe('OK');
    // Above 2^32 - 1 even when the policy's ceiling would not say so.
    expect(check({ iterations: 2 ** 32 }, wide)).toBe('INVALID_RECORD: zkvault: invalid record: "kdf.iterations" expected integer in 1..2^32-1');
    expect(check({ iterations: 0 }, wide)).toBe('INVALID_RECORD: zkvault: invalid record: "kdf.iterations" expected integer in 1..2^32-1');
    expect(check({ iterations: 599_999 })).toBe('KDF_DOWNGRADE: zkvault: 599999 PBKDF2 iterations is below the floor of 600000');
    expect(check({ iterations: 10_000_000 })).toBe('OK');
    expect(check({ iterations: 10_000_001 })).toBe('INVALID_RECORD: zkvault: invalid record: 10000001 iterations is above the ceiling of 10000000');
    expect(check(null as never)).toBe('INVALID_RECORD: zkvault: invalid record: expected passphrase parameters');
    expect(check('p' as never)).toBe('INVALID_RECORD: zkvault: invalid record: expected passphrase parameters');
    expect(check({ iterations: 600_000 }, { ...D, saltLength: 0 })).toBe('INVALID_INPUT: "policy.saltLength" expected integer in 1..1024');
  });

  it('SRP group and hash', () => {
    expect(check({ iterations: 600_000, srp: { bits: 2048, hash: 'SHA-512' } })).toBe('OK');
    expect(check({ iterations: 600_000, srp: { bits: 2000, hash: 'SHA-256' } })).toBe('INVALID_RECORD: zkvault: invalid record: "srp.bits" expected an RFC 5054 group size');
    expect(check({ iterations: 600_000, srp: { bits: 1536, hash: 'SHA-256' } })).toBe('WEAK_GROUP: zkvault: SRP groups under 2048 bits are refused');
    expect(check({ iterations: 600_000, srp: { bits: 2048, hash: 'SHA-1' } })).toBe('WEAK_GROUP: zkvault: SRP hash SHA-1 is refused by the policy');
  });

  it('salts', () => {
    const salt = (b: number, n = 32) => new Uint8Array(n).fill(b);
    expect(check({ iterations: 600_000, salts: ['x'.repeat(32) as never] })).toBe('INVALID_RECORD: zkvault: invalid record: every salt must be 32 bytes');
    expect(check({ iterations: 600_000, salts: [salt(1), salt(2, 33)] })).toBe('INVALID_RECORD: zkvault: invalid record: every salt must be 32 bytes');
    expect(check({ iterations: 600_000, salts: [salt(1), salt(2), salt(2)] })).toBe('KDF_DOWNGRADE: zkvault: two salts are equal');
    expect(check({ iterations: 600_000, salts: [salt(1), salt(2), salt(3)] })).toBe('OK');
  });
});

describe('checkCreationParams', () => {
  it("without a policy, the caller's own lower iteration count is the floor; with one, the policy is", () => {
    expect(checkCreationParams(1, SRP, undefined)).toEqual({ ...D, minIterations: 1 });
    expect(checkCreationParams(1000, SRP, undefined)).toEqual({ ...D, minIterations: 1000 });
    expect(checkCreationParams(600_000, SRP, undefined)).toBe(D);
    expect(checkCreationParams(700_000, SRP, undefined)).toBe(D);
    expect(syncOutcome(() => checkCreationParams(1000, SRP, D))).toMatch(/^KDF_DOWNGRADE: /);
    expect(syncOutcome(() => checkCreationParams(0, SRP, undefined))).toMatch(/^INVALID_RECORD: .*"kdf\.iterations"/);
    expect(syncOutcome(() => checkCreationParams(1000, { bits: 1024, hash: 'SHA-256' }, undefined))).toBe('WEAK_GROUP: zkvault: SRP groups under 2048 bits are refused');
    expect(syncOutcome(() => checkCreationParams(1000, SRP, { ...D, saltLength: 0 }))).toMatch(/^INVALID_INPUT: "policy\.saltLength"/);
  });
});
