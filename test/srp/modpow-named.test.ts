// The Node backend runs the 3072-8192-bit groups on OpenSSL's named MODP objects from the first
// call, with no set-up call and no blocking safe-prime check (issue 14); 2048 bits stay on BigInt
// until prepared. Results are checked against an independent square-and-multiply.
import { spawnSync } from 'node:child_process';
import { getDiffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { modpow, usesOpenSsl } from '../../src/backend/node/modpow.js';
import { srpGroup } from '../../src/srp/groups.js';
import { reference } from '../helpers/modpow-reference.js';

describe('named MODP groups on the Node backend', () => {
  it.each([
    [3072, 'modp15'],
    [4096, 'modp16'],
    [6144, 'modp17'],
    [8192, 'modp18'],
  ] as const)('RFC 5054 %i-bit prime is OpenSSL %s, used without prepare', (bits, name) => {
    const { N, g } = srpGroup(bits);
    expect(BigInt('0x' + getDiffieHellman(name).getPrime('hex'))).toBe(N);
    expect(usesOpenSsl(N)).toBe(true);
    const e = (1n << 255n) + 0x1234_5678n;
    expect(modpow.modPowFixed(g, e, N)).toBe(reference(g, e, N));
    const y = reference(7n, 1000n + BigInt(bits), N);
    expect(modpow.modPow(y, e, N)).toBe(reference(y, e, N));
  });

  it('2048 bits (not a named group) stay on BigInt until prepared', () => {
    const { N } = srpGroup(2048);
    expect(usesOpenSsl(N)).toBe(false);
  });

  it('the first 3072-bit exponentiations in a fresh process cost no safe-prime check (< 50 ms of CPU)', () => {
    // A fresh process, so no context exists yet; CPU time, so machine load does not count. The
    // safe-prime check that createDiffieHellman runs costs about 1.6 s of CPU at 3072 bits.
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'test/srp/first-use-child.ts'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const cpuMs = Number(r.stdout.trim().split('\n').pop());
    console.info(`[srp] first two 3072-bit modexps in a fresh process: ${cpuMs.toFixed(1)} ms CPU`);
    expect(cpuMs).toBeLessThan(50);
  }, 60_000);
});
