// The model flows on both backends (node: node:crypto / OpenSSL; web: WebCrypto + @noble + BigInt),
// and records made on one opened on the other: a browser client and a Node server must agree.
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND, BACKENDS } from '../helpers/backends.js';
import { accountSigner } from '../../src/model/account-state.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import {
  createResourceGroup,
  decryptResource,
  encryptResource,
  openLink,
  shareResourceGroup,
  type AccountRecord,
  type LinkRecord,
  type ResourceRecord,
} from '../../src/model/index.js';
import { login, member, signup } from './fixtures.js';

afterAll(() => setBackends(undefined));

const made: Partial<Record<'node' | 'web', { jane: AccountRecord; bob: AccountRecord; link: LinkRecord; res: ResourceRecord }>> = {};

describe.each(['node', 'web'] as const)('model flows on the %s backend', (name) => {
  it('sign up, log in, create, share, open, encrypt, decrypt', async () => {
    setBackends(BACKEND[name]);
    const { record: jane, account: j } = await signup('jane', 'pässwörd');
    const { record: bob, account: b } = await signup('bob', 'hunter2');
    const j2 = await login(jane, 'pässwörd');
    expect(j2.publicKey).toEqual(j.publicKey);
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, j2);
    const link = await shareResourceGroup(group, j2, member(b));
    const res = await encryptResource({ resourceId: 'r', type: 'x', plaintext: `made on ${name}` }, group);
    const bg = await openLink(link, b, member(j));
    expect(new TextDecoder().decode(await decryptResource(res, bg))).toBe(`made on ${name}`);
    made[name] = { jane, bob, link, res };
  });
});

describe('cross-backend', () => {
  it.each([
    ['node', 'web'],
    ['web', 'node'],
  ] as const)('records made on %s log in, open and decrypt on %s', async (from, to) => {
    const m = made[from];
    expect(m).toBeDefined();
    setBackends(BACKEND[to]);
    const jane = await login(m!.jane, 'pässwörd');
    const bob = await login(m!.bob, 'hunter2');
    const g = await openLink(m!.link, bob, member(jane));
    expect(new TextDecoder().decode(await decryptResource(m!.res, g))).toBe(`made on ${from}`);
    // The signing key made on one backend unlocks on the other, and its signatures verify on both.
    const sig = accountSigner(jane)(new TextEncoder().encode(`signed on ${to}`));
    for (const b of BACKENDS) expect(b.ed25519.verify(jane.signPublicKey, new TextEncoder().encode(`signed on ${to}`), sig)).toBe(true);
  });
});
