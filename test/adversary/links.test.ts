// Malicious server vs. M_Link and public keys. The server stores links and serves public keys; it
// can forge, move, relabel and tamper with links, and substitute keys.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, open, seal } from '../../src/hpke/index.js';
import { open as envelopeOpen } from '../../src/envelope/index.js';
import {
  createResourceGroup,
  decryptResource,
  encryptResource,
  fingerprint,
  openLink,
  rotateResourceGroup,
  shareResourceGroup,
  type Identity,
  type LinkRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { member, signup, viaJson } from '../model/fixtures.js';

let jane: UnlockedAccount;
let bob: UnlockedAccount;
let mallory: UnlockedAccount;
let group: UnlockedResourceGroup;
let toBob: LinkRecord;
let toMallory: LinkRecord;

const DECRYPT = { code: 'DECRYPT_FAILED' };

beforeAll(async () => {
  ({ account: jane } = await signup('jane'));
  ({ account: bob } = await signup('bob'));
  ({ account: mallory } = await signup('mallory'));
  ({ group } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane));
  toBob = await shareResourceGroup(group, jane, member(bob));
  toMallory = await shareResourceGroup(group, jane, member(mallory));
});

function edit(l: LinkRecord, patch: Record<string, unknown>): LinkRecord {
  return { ...viaJson(l), ...patch } as LinkRecord;
}

/** A link the server builds itself: HPKE to Bob with a key pair of its own choosing. */
async function forge(o: { auth: boolean; info?: Uint8Array; senderPrivateKey?: Uint8Array }): Promise<LinkRecord> {
  const server = generateKeyPair();
  const info = o.info ?? encodeContext(PURPOSE.link, ['org1', 'g1', 1, 'jane', 'bob']);
  const sealed = await seal(new Uint8Array(32).fill(0x42), bob.publicKey, { // a group key the server knows
    info,
    ...(o.auth ? { senderPrivateKey: o.senderPrivateKey ?? server.privateKey } : {}),
  });
  return edit(toBob, { SYM_Link: Buffer.concat([sealed.enc, sealed.ciphertext]).toString('base64url') });
}

describe('server forges links', () => {
  it('replaces a link with one it made itself (auth mode, its own key pair) → DECRYPT_FAILED', async () => {
    await expect(openLink(await forge({ auth: true }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('replaces a link with a base-mode (unauthenticated) HPKE ciphertext → DECRYPT_FAILED', async () => {
    await expect(openLink(await forge({ auth: false }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('forges a link as Mallory (a real member) but claims it is from Jane → DECRYPT_FAILED', async () => {
    // Only meaningful with Mallory's private key, which the test reaches through a link Mallory seals.
    const { group: mg } = await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, mallory);
    const fromMallory = await shareResourceGroup(mg, mallory, member(bob));
    const claimed = edit(fromMallory, { senderId: 'jane' });
    await expect(openLink(claimed, bob, member(jane))).rejects.toMatchObject(DECRYPT);
    // Opening it as Mallory's works, and yields Mallory's group key, not Jane's.
    const g = await openLink(fromMallory, bob, member(mallory));
    const rec = await encryptResource({ resourceId: 'r', type: 't', plaintext: 'jane data' }, group);
    await expect(decryptResource(rec, g)).rejects.toMatchObject(DECRYPT);
  });

  it('sends a link with a low-order enc (all-zero point) → DECRYPT_FAILED, no crash', async () => {
    const sym = Buffer.from(toBob.SYM_Link, 'base64url');
    for (const point of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      sym.set(point, 0);
      await expect(openLink(edit(toBob, { SYM_Link: sym.toString('base64url') }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
    }
  });
});

describe('server moves links', () => {
  it("moves Jane's link for Bob to Mallory's account → Mallory cannot open it", async () => {
    await expect(openLink(edit(toBob, { recipientId: 'mallory' }), mallory, member(jane))).rejects.toMatchObject(DECRYPT);
    // and without relabelling, it is addressed to Bob
    await expect(openLink(toBob, mallory, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it("gives Mallory's link to Bob (relabelled recipient) → DECRYPT_FAILED", async () => {
    await expect(openLink(edit(toMallory, { recipientId: 'bob' }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('moves a link to another resource group → DECRYPT_FAILED', async () => {
    await expect(openLink(edit(toBob, { resourceGroupId: 'g2' }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('moves a link to another tenant → DECRYPT_FAILED', async () => {
    await expect(openLink(edit(toBob, { tenantId: 'org2' }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
  });

  it('relabels the key version (old link served as the new version) → DECRYPT_FAILED', async () => {
    const { links } = await rotateResourceGroup(group, jane, [member(bob)]);
    const v2 = links.find((l) => l.recipientId === 'bob')!;
    await expect(openLink(edit(toBob, { keyVersion: 2 }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
    await expect(openLink(edit(v2, { keyVersion: 1 }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
    expect((await openLink(v2, bob, member(jane))).keyVersion).toBe(2);
  });

  it('claims another sender id → WRONG_SENDER; with that sender key → DECRYPT_FAILED', async () => {
    await expect(openLink(edit(toBob, { senderId: 'mallory' }), bob, member(jane))).rejects.toMatchObject({ code: 'WRONG_SENDER' });
    await expect(openLink(edit(toBob, { senderId: 'mallory' }), bob, member(mallory))).rejects.toMatchObject(DECRYPT);
  });

  it('serves the right link but the wrong sender public key → DECRYPT_FAILED', async () => {
    await expect(openLink(toBob, bob, { accountId: 'jane', publicKey: mallory.publicKey })).rejects.toMatchObject(DECRYPT);
  });
});

describe('server tampers with links', () => {
  it('flips one bit in every byte of SYM_Link (enc and ciphertext) → DECRYPT_FAILED each time', async () => {
    const sym = Buffer.from(toBob.SYM_Link, 'base64url');
    for (let i = 0; i < sym.length; i++) {
      const t = Buffer.from(sym);
      t[i]! ^= 0x80 >> (i % 8);
      await expect(openLink(edit(toBob, { SYM_Link: t.toString('base64url') }), bob, member(jane))).rejects.toMatchObject(DECRYPT);
    }
  });

  const malformed: [string, (l: Record<string, unknown>) => unknown][] = [
    ['truncated SYM_Link (79 bytes)', (l) => ({ ...l, SYM_Link: Buffer.from(l['SYM_Link'] as string, 'base64url').subarray(0, 79).toString('base64url') })],
    ['oversized SYM_Link (81 bytes)', (l) => ({ ...l, SYM_Link: Buffer.concat([Buffer.from(l['SYM_Link'] as string, 'base64url'), Buffer.alloc(1)]).toString('base64url') })],
    ['empty SYM_Link', (l) => ({ ...l, SYM_Link: '' })],
    ['huge SYM_Link', (l) => ({ ...l, SYM_Link: 'A'.repeat(1 << 20) })],
    ['SYM_Link with padding', (l) => ({ ...l, SYM_Link: `${l['SYM_Link'] as string}=` })],
    ['keyVersion 0', (l) => ({ ...l, keyVersion: 0 })],
    ['keyVersion negative', (l) => ({ ...l, keyVersion: -1 })],
    ['senderId missing', ({ senderId: _s, ...l }) => l],
    ['recipientId as number', (l) => ({ ...l, recipientId: 7 })],
    ['tenant id oversized', (l) => ({ ...l, tenantId: 't'.repeat(10_000) })],
    ['v: 0', (l) => ({ ...l, v: 0 })],
    ['extra field enc', (l) => ({ ...l, enc: 'AAAA' })],
    ['not an object', () => 42],
  ];
  it.each(malformed)('%s → INVALID_RECORD', async (_name, mutate) => {
    await expect(openLink(mutate(viaJson(toBob) as unknown as Record<string, unknown>) as LinkRecord, bob, member(jane))).rejects.toMatchObject({
      code: 'INVALID_RECORD',
    });
  });
});

describe('server substitutes public keys', () => {
  it("serves Mallory's key as Bob's: sharing works, but the fingerprint differs (the check an app must make)", async () => {
    // What Bob reads to Jane out of band (in person, on a call):
    const bobSays = bob.fingerprint;
    // What the server serves as "Bob's key":
    const served = { accountId: 'bob', publicKey: mallory.publicKey, signPublicKey: bob.signPublicKey };
    expect(fingerprint(served)).not.toBe(bobSays);
    // The app's check, before sharing: refuse when the codes differ.
    const appShare = async (m: Identity, expected: string) => {
      if (fingerprint(m) !== expected) throw new Error('fingerprint mismatch: not sharing');
      return shareResourceGroup(group, jane, m);
    };
    await expect(appShare(served, bobSays)).rejects.toThrow('fingerprint mismatch');
    // Without the check, the substitution succeeds: the server (holding the private key it served)
    // opens the link with plain HPKE and reads Jane's resources.
    const attacker = generateKeyPair();
    const leaked = await shareResourceGroup(group, jane, { accountId: 'bob', publicKey: attacker.publicKey });
    const sym = Buffer.from(leaked.SYM_Link, 'base64url');
    const stolenKey = await open({ enc: sym.subarray(0, 32), ciphertext: sym.subarray(32) }, attacker.privateKey, {
      senderPublicKey: jane.publicKey,
      info: encodeContext(PURPOSE.link, ['org1', 'g1', 1, 'jane', 'bob']),
    });
    const rec = await encryptResource({ resourceId: 'r9', type: 't', plaintext: 'jane secret' }, group);
    const aad = encodeContext(PURPOSE.resource, ['org1', 'g1', 1, 'r9', 't']);
    expect(new TextDecoder().decode(await envelopeOpen(Buffer.from(rec.ciphertext, 'base64url'), stolenKey, { aad }))).toBe('jane secret');
    // With the real key the link opens for Bob.
    await expect(appShare(bob.identity, bobSays)).resolves.toMatchObject({ recipientId: 'bob' });
  });

  it('fingerprints: 24 Crockford base32 characters in groups of 4, stable, key-specific', () => {
    expect(bob.fingerprint).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){5}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(fingerprint(bob.identity)).toBe(bob.fingerprint);
    for (const field of ['publicKey', 'signPublicKey'] as const) {
      const flipped = bob.identity;
      flipped[field][0]! ^= 1;
      expect(fingerprint(flipped)).not.toBe(bob.fingerprint);
    }
    // The code covers the pair, not one key: swapping the two keys changes it too.
    expect(fingerprint({ publicKey: bob.signPublicKey, signPublicKey: bob.publicKey })).not.toBe(bob.fingerprint);
    // A lone public key is refused (a code over PUB_Account alone would vouch for less).
    expect(() => fingerprint(bob.publicKey as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('serves a low-order point as a member key → sharing refuses it (INVALID_INPUT)', async () => {
    await expect(shareResourceGroup(group, jane, { accountId: 'bob', publicKey: new Uint8Array(32) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(shareResourceGroup(group, jane, { accountId: 'bob', publicKey: new Uint8Array(31) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
