// UnlockedAccount.dispose() leaves no copy of PRV_Account in the X25519 caches (issue 10, finding 3).
// Both backends cache per private-key array (a raw copy; on Node also a KeyObject) to speed up link
// opens; dispose must evict that entry and wipe the copy, on both backends.
import { afterEach, describe, expect, it } from 'vitest';
import { x25519CacheEntryForTesting as nodeCache } from '../../src/backend/node/x25519.js';
import { x25519CacheEntryForTesting as webCache } from '../../src/backend/web/x25519.js';
import type { X25519Backend } from '../../src/backend/types.js';
import { accountSecrets } from '../../src/model/account-state.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import { createResourceGroup, openLink } from '../../src/model/index.js';
import { login, member, signup } from '../model/fixtures.js';
import { BACKENDS } from '../helpers/backends.js';

const CACHE = { node: nodeCache, web: webCache } as const;

afterEach(() => setBackends(undefined));

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

describe.each(BACKENDS)('X25519 cache after dispose [$name]', ({ name, x25519 }) => {
  const cacheEntry = CACHE[name];
  it('a created account: the cached copy of PRV_Account is evicted and wiped by dispose', async () => {
    setBackends({ x25519 });
    const { account } = await signup('jane');
    const prv = accountSecrets(account).prvAccount.bytes();
    x25519.publicKey(prv); // what every link open does (kem_context needs the recipient's public key)
    const cached = cacheEntry(prv);
    expect(cached).toBeDefined();
    expect(cached).toEqual(prv);
    expect(cached).not.toBe(prv);
    expect(isZero(cached!)).toBe(false);
    account.dispose();
    expect(cacheEntry(prv)).toBeUndefined(); // nothing reachable through the cache
    expect(isZero(cached!)).toBe(true); // and the copy it held is zeroed
    expect(isZero(prv)).toBe(true);
  });

  it('an unlocked account that opened a link: same', async () => {
    setBackends({ x25519 });
    const { record, account: first } = await signup('jane', 'pw');
    const { link } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, first);
    const account = await login(record, 'pw');
    (await openLink(link, account, member(account))).dispose();
    const prv = accountSecrets(account).prvAccount.bytes();
    const cached = cacheEntry(prv);
    expect(cached).toBeDefined();
    account.dispose();
    first.dispose();
    expect(cacheEntry(prv)).toBeUndefined();
    expect(isZero(cached!)).toBe(true);
  });

  it('createAccount leaves no cache entry under its temporary key array', async () => {
    const seen: Uint8Array[] = [];
    const spy: X25519Backend = {
      ...x25519,
      publicKey: (sk) => {
        seen.push(sk);
        return x25519.publicKey(sk);
      },
    };
    setBackends({ x25519: spy });
    const { account } = await signup('jane');
    expect(seen.length).toBeGreaterThan(0);
    for (const sk of seen) expect(cacheEntry(sk)).toBeUndefined();
    account.dispose();
  });
});
