// checkPassphraseParams and DEFAULT_PASSPHRASE_POLICY (src/model/policy.ts): each bound, its code,
// and a property check that the verdict is exactly "inside every bound".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syncErrorCode } from '../helpers/errors.js';
import { checkPassphraseParams, DEFAULT_PASSPHRASE_POLICY, type PassphraseParams, type PassphrasePolicy } from '../../src/model/index.js';

const code = (p: PassphraseParams, policy?: PassphrasePolicy): string => syncErrorCode(() => checkPassphraseParams(p, policy));
const salt = (b: number, n = 32) => new Uint8Array(n).fill(b);
const SRP = { bits: 3072, hash: 'SHA-256' };

describe('DEFAULT_PASSPHRASE_POLICY', () => {
  it('is the documented policy, and frozen', () => {
    expect(DEFAULT_PASSPHRASE_POLICY).toEqual({ minIterations: 600_000, maxIterations: 10_000_000, minSrpBits: 2048, srpHashes: ['SHA-256', 'SHA-512'], saltLength: 32 });
    expect(Object.isFrozen(DEFAULT_PASSPHRASE_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PASSPHRASE_POLICY.srpHashes)).toBe(true);
  });
});

describe('checkPassphraseParams', () => {
  it('each bound gives its code', () => {
    expect(code({ iterations: 600_000, srp: SRP, salts: [salt(1), salt(2), salt(3)] })).toBe('OK');
    expect(code({ iterations: 599_999 })).toBe('KDF_DOWNGRADE');
    expect(code({ iterations: 10_000_001 })).toBe('INVALID_RECORD');
    for (const iterations of [0, -1, 1.5, Number.NaN, 2 ** 32, '600000' as never]) expect(code({ iterations })).toBe('INVALID_RECORD');
    expect(code({ iterations: 600_000, srp: { bits: 1536, hash: 'SHA-256' } })).toBe('WEAK_GROUP');
    expect(code({ iterations: 600_000, srp: { bits: 1024, hash: 'SHA-256' } })).toBe('WEAK_GROUP');
    expect(code({ iterations: 600_000, srp: { bits: 2000, hash: 'SHA-256' } })).toBe('INVALID_RECORD');
    expect(code({ iterations: 600_000, srp: { bits: 2048, hash: 'SHA-1' } })).toBe('WEAK_GROUP');
    expect(code({ iterations: 600_000, salts: [salt(1), salt(1, 31)] })).toBe('INVALID_RECORD');
    expect(code({ iterations: 600_000, salts: [salt(1), salt(2), salt(1)] })).toBe('KDF_DOWNGRADE');
    expect(code(null as never)).toBe('INVALID_RECORD');
  });

  it('a stricter policy is honoured', () => {
    const strict: PassphrasePolicy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1_000_000, minSrpBits: 4096, srpHashes: ['SHA-512'], saltLength: 16 };
    expect(code({ iterations: 999_999 }, strict)).toBe('KDF_DOWNGRADE');
    expect(code({ iterations: 1_000_000, srp: { bits: 3072, hash: 'SHA-512' } }, strict)).toBe('WEAK_GROUP');
    expect(code({ iterations: 1_000_000, srp: { bits: 4096, hash: 'SHA-256' } }, strict)).toBe('WEAK_GROUP');
    expect(code({ iterations: 1_000_000, srp: { bits: 4096, hash: 'SHA-512' }, salts: [salt(1, 16), salt(2, 16)] }, strict)).toBe('OK');
    expect(code({ iterations: 1_000_000, salts: [salt(1)] }, strict)).toBe('INVALID_RECORD');
  });

  it('a bad policy → INVALID_INPUT (a policy cannot go under 2048 bits or allow SHA-1)', () => {
    const bad: unknown[] = [
      null,
      [],
      { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 0 },
      { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 20_000_000 },
      { ...DEFAULT_PASSPHRASE_POLICY, minSrpBits: 1024 },
      { ...DEFAULT_PASSPHRASE_POLICY, minSrpBits: 2000 },
      { ...DEFAULT_PASSPHRASE_POLICY, srpHashes: [] },
      { ...DEFAULT_PASSPHRASE_POLICY, srpHashes: ['SHA-1'] },
      { ...DEFAULT_PASSPHRASE_POLICY, saltLength: 0 },
    ];
    for (const p of bad) expect(code({ iterations: 600_000 }, p as PassphrasePolicy)).toBe('INVALID_INPUT');
  });

  it('property: accepted exactly when every bound holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.constantFrom(1024, 1536, 2048, 3072, 4096, 6144, 8192),
        fc.constantFrom('SHA-1', 'SHA-256', 'SHA-512'),
        fc.array(fc.uint8Array({ minLength: 31, maxLength: 33 }), { maxLength: 3 }),
        (iterations, bits, hash, salts) => {
          const inside =
            iterations >= 600_000 &&
            iterations <= 10_000_000 &&
            bits >= 2048 &&
            hash !== 'SHA-1' &&
            salts.every((s) => s.length === 32) &&
            new Set(salts.map((s) => Buffer.from(s).toString('hex'))).size === salts.length;
          expect(code({ iterations, srp: { bits, hash }, salts }) === 'OK').toBe(inside);
        },
      ),
    );
  });
});
