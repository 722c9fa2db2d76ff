// Browser timings of the noble ML-KEM path (issue 18): X-Wing (draft-connolly-cfrg-xwing-kem-10,
// ML-KEM-768 per FIPS 203 + X25519) key generation, encapsulation and decapsulation on the web
// backend, and links v2 share + open against links v1, as medians printed to the console (recorded
// in docs/benchmarks.md). Small counts keep it to a few seconds; the checks are that every
// round trip is correct, not a time bound (the machine is shared).
import { describe, expect, it } from 'vitest';
import { random } from '#backend/random';
import { xwing } from '#backend/xwing';
import {
  createAccount,
  createResourceGroup,
  openLink,
  openLinkV2,
  shareResourceGroup,
  shareResourceGroupV2,
  type UnlockedAccount,
} from '../../src/model/index.js';

const N = 15;

async function median(fn: () => unknown): Promise<number> {
  await fn(); // warm-up (JIT, lazy tables)
  const t: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(N / 2)]!;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function signUp(accountId: string): Promise<UnlockedAccount> {
  // kdf and srp at test strength: the timings are of the links, not of sign-up.
  return (await createAccount({ accountId, passphrase: `${accountId} passphrase`, kdf: { iterations: 1000 }, srp: { bits: 2048 } })).account;
}

describe('X-Wing and links v2 timings in the browser (web backend, @noble/post-quantum)', () => {
  it('X-Wing keygen / encapsulate / decapsulate', async () => {
    expect(xwing.name).toBe('web');
    const seed = random.randomBytes(32);
    const pk = xwing.publicKey(seed);
    const keygen = await median(() => {
      const s = random.randomBytes(32);
      xwing.publicKey(s);
      xwing.forget(s);
    });
    let ct: Uint8Array = new Uint8Array(0);
    let ss: Uint8Array = new Uint8Array(0);
    const encaps = await median(() => {
      ({ ciphertext: ct, sharedSecret: ss } = xwing.encapsulate(pk, random.randomBytes(64)));
    });
    // Decapsulation with the key expansion cached per seed, as an unlocked account uses it.
    const decaps = await median(() => {
      expect(xwing.decapsulate(seed, ct)).toEqual(ss);
    });
    xwing.forget(seed);
    console.info(`[browser pq] ${navigator.userAgent}`);
    console.info(`[browser pq] X-Wing keygen ${ms(keygen)}, encapsulate ${ms(encaps)}, decapsulate ${ms(decaps)} (median of ${N})`);
    expect([pk.length, ct.length]).toEqual([1216, 1120]);
  });

  it('links v2 share + open against v1', async () => {
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    const { group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, alice);
    const v1 = await median(async () => {
      const l = await shareResourceGroup(group, alice, { accountId: 'bob', publicKey: bob.publicKey });
      (await openLink(l, bob, { accountId: 'alice', publicKey: alice.publicKey })).dispose();
    });
    const v2 = await median(async () => {
      const l = await shareResourceGroupV2(group, alice, { ...bob.identity, xwingPublicKey: bob.xwingPublicKey! });
      const g = await openLinkV2(l, bob, { accountId: 'alice', signPublicKey: alice.signPublicKey });
      expect(g.keyVersion).toBe(1);
      g.dispose();
    });
    console.info(`[browser pq] share+open v1 ${ms(v1)}, v2 ${ms(v2)}, ratio ${(v2 / v1).toFixed(2)}x (median of ${N})`);
    expect(v2).toBeGreaterThan(0);
  });
});
