// Each check of the groups, links, resources and context code (src/model/groups.ts, resources.ts,
// context.ts) decides on its own (issue 19, mutation testing): every refusal uses arguments that
// pass every other check and asserts code AND message; the edges of each range are accepted.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceGroup,
  decryptResource,
  encryptResource,
  openLink,
  ResourceGroupKeyring,
  rotateResourceGroup,
  shareResourceGroup,
  UnlockedResourceGroup,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { aid, encodeContext, isWellFormedString, MAX_KEY_VERSION } from '../../src/model/context.js';
import { groupEnvelopeKey, groupFromKey, groupKeyBytes, groupView, sealLink, withNextVersion } from '../../src/model/groups.js';
import { errorCode, outcome, syncOutcome } from '../helpers/errors.js';
import { x25519 } from '../../src/backend/node/x25519.js';
import { withBackends } from '../../src/backend/backend-deps.js';
import { ZkvaultError } from '../../src/errors.js';
import { member, signup } from './fixtures.js';

const DECRYPT = 'DECRYPT_FAILED: zkvault: decryption failed';
let alice: UnlockedAccount;
let bob: UnlockedAccount;
beforeAll(async () => {
  [alice, bob] = await Promise.all([signup('alice'), signup('bob')]).then((r) => r.map((x) => x.account));
});
const ids = { tenantId: 'org1', resourceGroupId: 'g1' };
const key = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

describe('context: aid and encodeContext', () => {
  it('aid refuses each kind of bad id with the argument name, its length or type, and the limit', () => {
    expect(syncOutcome(() => aid('', 'x'))).toBe('INVALID_INPUT: "x" expected a well-formed string of length 1..256, got length=0');
    expect(syncOutcome(() => aid('a'.repeat(257), 'x'))).toBe('INVALID_INPUT: "x" expected a well-formed string of length 1..256, got length=257');
    expect(syncOutcome(() => aid('ab\uD800', 'x'))).toBe('INVALID_INPUT: "x" expected a well-formed string of length 1..256, got length=3');
    expect(syncOutcome(() => aid(5, 'x'))).toBe('INVALID_INPUT: "x" expected a well-formed string of length 1..256, got type=number');
    expect(syncOutcome(() => aid(null, 'x'))).toBe('INVALID_INPUT: "x" expected a well-formed string of length 1..256, got type=null');
    expect(syncOutcome(() => aid('t'.repeat(9), 'type', 8))).toBe('INVALID_INPUT: "type" expected a well-formed string of length 1..8, got length=9');
    expect(aid('a', 'x')).toBe('a');
    expect(aid('a'.repeat(256), 'x')).toBe('a'.repeat(256));
    expect(aid('\uD83D\uDE00', 'x')).toBe('\uD83D\uDE00');
  });

  it('isWellFormedString: lone high or low surrogates anywhere; pairs are fine', () => {
    for (const s of ['\uD800', 'a\uDC00', '\uDC00\uD800', 'x\uD83Dy']) expect(isWellFormedString(s)).toBe(false);
    for (const s of ['', 'abc', '\uD83D\uDE00', 'é\uD83D\uDE00z']) expect(isWellFormedString(s)).toBe(true);
  });

  it('encodeContext names the field that is wrong, counting the purpose as field 0', () => {
    expect(syncOutcome(() => encodeContext(7 as never, []))).toBe('INVALID_INPUT: "purpose" expected a string');
    expect(syncOutcome(() => encodeContext('p', 'ab' as never))).toBe('INVALID_INPUT: "fields" expected an array');
    expect(syncOutcome(() => encodeContext('p', ['a', -1]))).toBe('INVALID_INPUT: "context[2]" expected integer 0..2^32-1');
    expect(syncOutcome(() => encodeContext('p', [2 ** 32]))).toBe('INVALID_INPUT: "context[1]" expected integer 0..2^32-1');
    expect(syncOutcome(() => encodeContext('p', [0.5]))).toBe('INVALID_INPUT: "context[1]" expected integer 0..2^32-1');
    expect(syncOutcome(() => encodeContext('p', ['a', 'b', '\uDC00']))).toBe('INVALID_INPUT: "context[3]" expected a well-formed string');
    expect(syncOutcome(() => encodeContext('p\uD800', []))).toBe('INVALID_INPUT: "context[0]" expected a well-formed string');
    expect(syncOutcome(() => encodeContext('p', [true as never]))).toBe('INVALID_INPUT: "context[1]" expected a well-formed string');
    expect(Buffer.from(encodeContext('p', [0, MAX_KEY_VERSION])).toString('hex')).toBe('0000000170' + '0000000400000000' + '00000004ffffffff');
  });
});

describe('groups: argument checks', () => {
  it('createResourceGroup names the bad argument', async () => {
    expect(await outcome(() => createResourceGroup(ids, {} as never))).toBe('INVALID_INPUT: "account" expected an UnlockedAccount');
    expect(await outcome(() => createResourceGroup('g1' as never, alice))).toMatch(/^INVALID_INPUT: "ids" expected/);
    expect(await outcome(() => createResourceGroup({ ...ids, tenantId: '' }, alice))).toMatch(/^INVALID_INPUT: "tenantId" expected/);
    expect(await outcome(() => createResourceGroup({ ...ids, resourceGroupId: 'g'.repeat(257) }, alice))).toMatch(/^INVALID_INPUT: "resourceGroupId" expected/);
  });

  it('shareResourceGroup and rotateResourceGroup name the bad argument and member', async () => {
    const { group } = await createResourceGroup(ids, alice);
    expect(await outcome(() => shareResourceGroup({} as never, alice, member(bob)))).toBe('INVALID_INPUT: "group" expected an UnlockedResourceGroup');
    expect(await outcome(() => shareResourceGroup(group, 'alice' as never, member(bob)))).toBe('INVALID_INPUT: "sender" expected an UnlockedAccount');
    expect(await outcome(() => shareResourceGroup(group, alice, { ...member(bob), accountId: '' }))).toMatch(/^INVALID_INPUT: "recipient\.accountId" expected/);
    expect(await outcome(() => shareResourceGroup(group, alice, { ...member(bob), publicKey: new Uint8Array(31) }))).toMatch(/^INVALID_INPUT: "recipient\.publicKey" expected Uint8Array of length 32/);
    expect(await outcome(() => rotateResourceGroup(group, alice, member(bob) as never))).toBe('INVALID_INPUT: "members" expected an array');
    expect(await outcome(() => rotateResourceGroup(group, alice, [member(bob), { ...member(bob), publicKey: 1 as never }]))).toMatch(/^INVALID_INPUT: "members\[1\]\.publicKey" expected/);
    expect(await outcome(() => rotateResourceGroup(group, alice, [member(bob), member(bob)]))).toBe('INVALID_INPUT: "members" has duplicate account ids');
    expect(await outcome(() => rotateResourceGroup(group, {} as never, []))).toBe('INVALID_INPUT: "sender" expected an UnlockedAccount');
    expect(await outcome(() => rotateResourceGroup(null as never, alice, []))).toBe('INVALID_INPUT: "group" expected an UnlockedResourceGroup');
    expect(group.keyVersions).toEqual([1]);
  });

  it('the sender in the members list is not a duplicate: it gets one link, first', async () => {
    const { group } = await createResourceGroup(ids, alice);
    const { links } = await rotateResourceGroup(group, alice, [member(bob), member(alice)]);
    expect(links.map((l) => l.recipientId)).toEqual(['alice', 'bob']);
  });

  it('a low-order recipient key is named; other sealing errors pass through unchanged', async () => {
    const { group } = await createResourceGroup(ids, alice);
    expect(await outcome(() => shareResourceGroup(group, alice, { accountId: 'bob', publicKey: new Uint8Array(32) }))).toBe(
      'INVALID_INPUT: "recipient.publicKey" is not a usable X25519 public key',
    );
    // Any other error from the HPKE layer (here a failing X25519 backend) is not relabelled.
    const failing = { ...x25519, sharedSecret: (): never => { throw new ZkvaultError('UNSUPPORTED', 'zkvault: no X25519 here'); } };
    expect(await outcome(() => withBackends({ x25519: failing }, () => shareResourceGroup(group, alice, member(bob))))).toBe('UNSUPPORTED: zkvault: no X25519 here');
    const plain = { ...x25519, sharedSecret: (): never => { throw new RangeError('boom'); } };
    await expect(withBackends({ x25519: plain }, () => shareResourceGroup(group, alice, member(bob)))).rejects.toThrow(RangeError);
    alice.dispose();
    expect(await errorCode(shareResourceGroup(group, alice, member(bob)))).toBe('KEY_LOCKED');
    alice = (await signup('alice')).account;
  });

  it('sealLink refuses a version the group does not hold', async () => {
    const { group } = await createResourceGroup(ids, alice);
    expect(await outcome(() => sealLink(group, 2, alice, member(bob)))).toBe('INVALID_INPUT: "group" does not hold that key version');
  });

  it('merge refuses another group or tenant, and keeps its own key for a version both hold', async () => {
    const a = groupFromKey('org1', 'g1', 1, key(1));
    expect(syncOutcome(() => a.merge(groupFromKey('org2', 'g1', 2, key(2))))).toBe('INVALID_INPUT: "other" expected the same tenant and resource group');
    expect(syncOutcome(() => a.merge(groupFromKey('org1', 'g2', 2, key(2))))).toBe('INVALID_INPUT: "other" expected the same tenant and resource group');
    expect(syncOutcome(() => a.merge({ tenantId: 'org1', resourceGroupId: 'g1' } as never))).toBe('INVALID_INPUT: "other" expected the same tenant and resource group');
    const m = a.merge(groupFromKey('org1', 'g1', 1, key(9)));
    expect(groupKeyBytes(m, 1)).toEqual(key(1));
  });

  it('keyVersions are in numeric order whatever order they were added in; keyVersion is the highest', () => {
    const g = groupFromKey('org1', 'g1', 10, key(10)).merge(groupFromKey('org1', 'g1', 2, key(2))).merge(groupFromKey('org1', 'g1', 9, key(9)));
    expect(g.keyVersions).toEqual([2, 9, 10]);
    expect(g.keyVersion).toBe(10);
  });

  it('withNextVersion stops at 2^32 - 1', () => {
    expect(withNextVersion(groupFromKey('org1', 'g1', 2 ** 32 - 2, key(1))).keyVersions).toEqual([2 ** 32 - 2, 2 ** 32 - 1]);
    expect(syncOutcome(() => withNextVersion(groupFromKey('org1', 'g1', 2 ** 32 - 1, key(1))))).toBe('INVALID_INPUT: "group" key version would overflow');
  });

  it('groupKeyBytes and groupView: copies and only the held versions', () => {
    const g = groupFromKey('org1', 'g1', 1, key(1)).merge(groupFromKey('org1', 'g1', 3, key(3)));
    const copy = groupKeyBytes(g, 3)!;
    copy.fill(0);
    expect(groupKeyBytes(g, 3)).toEqual(key(3));
    expect(groupKeyBytes(g, 2)).toBeUndefined();
    expect(groupView(g, [3, 4]).keyVersions).toEqual([3]);
    g.dispose();
    expect(syncOutcome(() => g.keyVersions)).toBe('KEY_LOCKED: zkvault: the resource group was disposed');
  });

  it('dispose wipes the keys and the cached envelope keys, which views share; `using` disposes', async () => {
    const g = groupFromKey('org1', 'g1', 1, key(1));
    const view = groupView(g, [1]);
    const ek = await groupEnvelopeKey(g, 1);
    g.dispose();
    await Promise.resolve();
    expect(syncOutcome(() => groupKeyBytes(view, 1))).toMatch(/^KEY_LOCKED: /);
    expect(await outcome(() => ek.seal(new Uint8Array(1)))).toBe('KEY_LOCKED: zkvault: envelope key was disposed');
    let scoped: UnlockedResourceGroup | undefined;
    {
      using inner = groupFromKey('org1', 'g1', 1, key(1));
      scoped = inner;
      expect(inner.disposed).toBe(false);
    }
    expect(scoped.disposed).toBe(true);
    let ringGroup: UnlockedResourceGroup | undefined;
    {
      using ring = new ResourceGroupKeyring([groupFromKey('org1', 'g1', 1, key(1))]);
      ringGroup = ring.get('org1', 'g1');
    }
    expect(ringGroup!.disposed).toBe(true);
  });

  it('a disposed group refuses use; dispose twice is a no-op; toJSON is NOT_STORABLE', async () => {
    const { group } = await createResourceGroup(ids, alice);
    expect(syncOutcome(() => JSON.stringify(group))).toBe('NOT_STORABLE: zkvault: SYM_ResourceGroup must never be stored');
    group.dispose();
    group.dispose();
    expect(group.disposed).toBe(true);
    expect(syncOutcome(() => group.keyVersion)).toBe('KEY_LOCKED: zkvault: the resource group was disposed');
    expect(await outcome(() => encryptResource({ resourceId: 'r', type: 't', plaintext: 'x' }, group))).toBe('KEY_LOCKED: zkvault: the resource group was disposed');
  });

  it('groupEnvelopeKey: a version the group does not hold is the one DECRYPT_FAILED; the key is made once', async () => {
    const g = groupFromKey('org1', 'g1', 1, key(1));
    expect(syncOutcome(() => groupEnvelopeKey(g, 2))).toBe(DECRYPT);
    expect(groupEnvelopeKey(g, 1)).toBe(groupEnvelopeKey(g, 1));
  });
});

describe('openLink checks', () => {
  it('a link naming another sender is WRONG_SENDER; one addressed to someone else is DECRYPT_FAILED', async () => {
    const { group } = await createResourceGroup(ids, alice);
    const link = await shareResourceGroup(group, alice, member(bob));
    expect(await outcome(() => openLink(link, bob, { ...member(alice), accountId: 'carol' }))).toBe('WRONG_SENDER: zkvault: the link names another sender');
    expect(await outcome(() => openLink(link, alice, member(alice)))).toBe(DECRYPT);
    expect(await outcome(() => openLink(link, {} as never, member(alice)))).toBe('INVALID_INPUT: "recipient" expected an UnlockedAccount');
    expect(await outcome(() => openLink(link, bob, { ...member(alice), publicKey: new Uint8Array(33) }))).toMatch(/^INVALID_INPUT: "sender\.publicKey" expected Uint8Array of length 32/);
    // A link sealed to alice's key but naming bob as its recipient: the HPKE layer would open it
    // for alice (the info names bob, as sealed); the recipient check refuses it.
    const misnamed = await sealLink(group, 1, alice, { accountId: 'bob', publicKey: alice.publicKey });
    expect(await outcome(() => openLink(misnamed, alice, member(alice)))).toBe(DECRYPT);
    const opened = await openLink(link, bob, member(alice));
    expect(opened.keyVersions).toEqual([1]);
    expect(groupKeyBytes(opened, 1)).toEqual(groupKeyBytes(group, 1));
  });
});

describe('resources: argument checks and the record-to-key binding', () => {
  it('encryptResource names the bad argument; the edges of type and size are accepted', async () => {
    const { group } = await createResourceGroup(ids, alice);
    const r = { resourceId: 'r1', type: 'note', plaintext: 'hi' };
    expect(await outcome(() => encryptResource(r, {} as never))).toBe('INVALID_INPUT: "group" expected an UnlockedResourceGroup');
    expect(await outcome(() => encryptResource('r1' as never, group))).toMatch(/^INVALID_INPUT: "resource" expected/);
    expect(await outcome(() => encryptResource({ ...r, resourceId: '' }, group))).toMatch(/^INVALID_INPUT: "resourceId" expected a well-formed string of length 1\.\.256/);
    expect(await outcome(() => encryptResource({ ...r, type: 't'.repeat(129) }, group))).toMatch(/^INVALID_INPUT: "type" expected a well-formed string of length 1\.\.128/);
    expect(await outcome(() => encryptResource({ ...r, plaintext: 5 as never }, group))).toMatch(/^INVALID_INPUT: "plaintext" expected Uint8Array/);
    expect((await encryptResource({ ...r, type: 't'.repeat(128) }, group)).type).toBe('t'.repeat(128));
  });

  // The 64 MiB size edges are in resource-size.test.ts, a worker of their own (issue 13, mem13).

  it('decryptResource: bad arguments are named; a record naming another tenant, group or version, or an unexpected id or type, is the one DECRYPT_FAILED', async () => {
    const { group } = await createResourceGroup(ids, alice);
    const rec = await encryptResource({ resourceId: 'r1', type: 'note', plaintext: 'hi' }, group);
    expect(await outcome(() => decryptResource(rec, {} as never))).toBe('INVALID_INPUT: "groupOrKeyring" expected an UnlockedResourceGroup or a ResourceGroupKeyring');
    expect(await outcome(() => decryptResource(rec, group, 5 as never))).toMatch(/^INVALID_INPUT: "options" expected/);
    expect(await outcome(() => decryptResource(rec, group, { expected: 'r1' as never }))).toMatch(/^INVALID_INPUT: "options\.expected" expected/);
    const other = groupFromKey('org1', 'g1', 1, groupKeyBytes(group, 1)!);
    const moved = [
      { ...rec, tenantId: 'org2' },
      { ...rec, resourceGroupId: 'g2' },
    ];
    // The key held decides the tenant and group: a record naming others never reaches the envelope.
    for (const m of moved) expect(await outcome(() => decryptResource(m, other))).toBe(DECRYPT);
    expect(await outcome(() => decryptResource({ ...rec, keyVersion: 2 }, group))).toBe(DECRYPT);
    expect(await outcome(() => decryptResource(rec, group, { expected: { resourceId: 'r2' } }))).toBe(DECRYPT);
    expect(await outcome(() => decryptResource(rec, group, { expected: { type: 'Note' } }))).toBe(DECRYPT);
    expect(new TextDecoder().decode(await decryptResource(rec, other, { expected: { resourceId: 'r1', type: 'note' } }))).toBe('hi');
    expect(new TextDecoder().decode(await decryptResource(rec, group, { expected: {} }))).toBe('hi');
    expect(new TextDecoder().decode(await decryptResource(rec, group, {}))).toBe('hi');
    other.dispose();
    expect(await outcome(() => decryptResource(rec, other))).toBe('KEY_LOCKED: zkvault: the resource group was disposed');
  });

  it('a record moved to a group whose ids concatenate the same ("a", "bc" vs "ab", "c") does not open', async () => {
    const g1 = groupFromKey('a', 'bc', 1, key(4));
    const g2 = groupFromKey('ab', 'c', 1, key(4));
    const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'x' }, g1);
    expect(await outcome(() => decryptResource({ ...rec, tenantId: 'ab', resourceGroupId: 'c' }, g2))).toBe(DECRYPT);
    const ring = new ResourceGroupKeyring([g2]);
    expect(ring.get('a', 'bc')).toBeUndefined();
    expect(await outcome(() => decryptResource(rec, ring))).toBe(DECRYPT);
    ring.add(g1);
    expect(new TextDecoder().decode(await decryptResource(rec, ring))).toBe('x');
  });
});

describe('ResourceGroupKeyring', () => {
  it('refuses a non-group, names get arguments, merges versions and wipes only its own merged copies', () => {
    expect(syncOutcome(() => new ResourceGroupKeyring([{} as never]))).toBe('INVALID_INPUT: "group" expected an UnlockedResourceGroup');
    const ring = new ResourceGroupKeyring();
    expect(syncOutcome(() => ring.get(1 as never, 'g1'))).toMatch(/^INVALID_INPUT: "tenantId" expected/);
    expect(syncOutcome(() => ring.get('org1', null as never))).toMatch(/^INVALID_INPUT: "resourceGroupId" expected/);
    const v1 = groupFromKey('org1', 'g1', 1, key(1));
    const v2 = groupFromKey('org1', 'g1', 2, key(2));
    const v3 = groupFromKey('org1', 'g1', 3, key(3));
    expect(ring.add(v1)).toBe(ring);
    expect(ring.get('org1', 'g1')).toBe(v1);
    ring.add(v2);
    const firstMerge = ring.get('org1', 'g1')!;
    expect(firstMerge.keyVersions).toEqual([1, 2]);
    ring.add(v3);
    const held = ring.get('org1', 'g1')!;
    expect(held.keyVersions).toEqual([1, 2, 3]);
    expect(firstMerge.disposed).toBe(true); // the keyring's own copy
    expect([v1.disposed, v2.disposed, v3.disposed]).toEqual([false, false, false]); // the caller's
    ring.dispose();
    expect(held.disposed).toBe(true);
    expect(ring.get('org1', 'g1')).toBeUndefined();
    // A group the keyring holds as given is disposed with it (it was handed over).
    const single = new ResourceGroupKeyring([v1]);
    single.dispose();
    expect(v1.disposed).toBe(true);
    expect(UnlockedResourceGroup.name).toBe('UnlockedResourceGroup');
  });
});
