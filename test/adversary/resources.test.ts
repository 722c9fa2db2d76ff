// Malicious server vs. M_Resource: every attack names what the server does. Expected outcome: a typed
// ZkvaultError (DECRYPT_FAILED for anything that reaches decryption), never wrong plaintext.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceGroup,
  decryptResource,
  encryptResource,
  MAX_RESOURCE_BYTES,
  ResourceGroupKeyring,
  rotateResourceGroup,
  type ResourceRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { signup, viaJson } from '../model/fixtures.js';

let jane: UnlockedAccount;
let group: UnlockedResourceGroup; // org1 / g1, versions 1 and 2
let otherGroup: UnlockedResourceGroup; // org1 / g2
let otherTenant: UnlockedResourceGroup; // org2 / g1 (same group id, other tenant)
let r1: ResourceRecord;
let r2: ResourceRecord;
let oldV1: ResourceRecord;

const DECRYPT = { code: 'DECRYPT_FAILED' };
const RECORD = { code: 'INVALID_RECORD' };

beforeAll(async () => {
  ({ account: jane } = await signup('jane'));
  const g = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane)).group;
  oldV1 = await encryptResource({ resourceId: 'r0', type: 'Request', plaintext: 'version 1 secret' }, g);
  group = (await rotateResourceGroup(g, jane, [])).group;
  otherGroup = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g2' }, jane)).group;
  otherTenant = (await createResourceGroup({ tenantId: 'org2', resourceGroupId: 'g1' }, jane)).group;
  r1 = await encryptResource({ resourceId: 'r1', type: 'Request', plaintext: 'secret one' }, group);
  r2 = await encryptResource({ resourceId: 'r2', type: 'Request', plaintext: 'secret two' }, group);
});

function edit(rec: ResourceRecord, patch: Record<string, unknown>): ResourceRecord {
  return { ...viaJson(rec), ...patch } as ResourceRecord;
}

describe('server moves a resource', () => {
  it('into another tenant (record relabelled org2)', async () => {
    await expect(decryptResource(edit(r1, { tenantId: 'org2' }), group)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(edit(r1, { tenantId: 'org2' }), otherTenant)).rejects.toMatchObject(DECRYPT);
    const ring = new ResourceGroupKeyring([group, otherTenant]);
    await expect(decryptResource(edit(r1, { tenantId: 'org2' }), ring)).rejects.toMatchObject(DECRYPT);
  });

  it('into another resource group of the same tenant', async () => {
    const moved = edit(r1, { resourceGroupId: 'g2' });
    await expect(decryptResource(moved, otherGroup)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(moved, new ResourceGroupKeyring([group, otherGroup]))).rejects.toMatchObject(DECRYPT);
  });

  it('into another resource id (ciphertext of r1 served as r2)', async () => {
    await expect(decryptResource(edit(r2, { ciphertext: r1.ciphertext }), group)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(edit(r1, { resourceId: 'r2' }), group)).rejects.toMatchObject(DECRYPT);
  });

  it('swaps the ciphertexts of two rows', async () => {
    await expect(decryptResource(edit(r1, { ciphertext: r2.ciphertext }), group)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(edit(r2, { ciphertext: r1.ciphertext }), group)).rejects.toMatchObject(DECRYPT);
  });

  it('changes the type', async () => {
    await expect(decryptResource(edit(r1, { type: 'Environment' }), group)).rejects.toMatchObject(DECRYPT);
  });

  it('relabels the key version (v2 resource as v1, v1 resource as v2)', async () => {
    await expect(decryptResource(edit(r1, { keyVersion: 1 }), group)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(edit(oldV1, { keyVersion: 2 }), group)).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(edit(r1, { keyVersion: 3 }), group)).rejects.toMatchObject(DECRYPT);
  });

  it('answers a request for r1 with the (valid) record of r2: caught by `expected`', async () => {
    await expect(decryptResource(r2, group, { expected: { resourceId: 'r1' } })).rejects.toMatchObject(DECRYPT);
    await expect(decryptResource(r2, group, { expected: { type: 'Environment' } })).rejects.toMatchObject(DECRYPT);
    expect(new TextDecoder().decode(await decryptResource(r2, group, { expected: { resourceId: 'r2' } }))).toBe('secret two');
  });
});

describe('server tampers with the ciphertext', () => {
  it('flips every bit position of every byte → DECRYPT_FAILED each time', async () => {
    const bytes = Buffer.from(r1.ciphertext, 'base64url');
    let cases = 0;
    for (let i = 0; i < bytes.length; i++) {
      const t = Buffer.from(bytes);
      t[i]! ^= 1 << (i % 8);
      await expect(decryptResource(edit(r1, { ciphertext: t.toString('base64url') }), group)).rejects.toMatchObject(DECRYPT);
      cases++;
    }
    expect(cases).toBe(62 + 'secret one'.length);
  });

  it('truncates the ciphertext to every shorter length → typed error', async () => {
    const bytes = Buffer.from(r1.ciphertext, 'base64url');
    for (let n = 0; n < bytes.length; n++) {
      const err = await decryptResource(edit(r1, { ciphertext: bytes.subarray(0, n).toString('base64url') }), group).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: expect.stringMatching(/^(DECRYPT_FAILED|INVALID_RECORD)$/) });
    }
  });

  it('appends bytes → DECRYPT_FAILED', async () => {
    const ct = Buffer.concat([Buffer.from(r1.ciphertext, 'base64url'), Buffer.alloc(16)]).toString('base64url');
    await expect(decryptResource(edit(r1, { ciphertext: ct }), group)).rejects.toMatchObject(DECRYPT);
  });

  it('changes the envelope version or suite byte → DECRYPT_FAILED', async () => {
    for (const [i, v] of [[0, 2], [1, 2], [0, 0]] as const) {
      const t = Buffer.from(r1.ciphertext, 'base64url');
      t[i] = v;
      await expect(decryptResource(edit(r1, { ciphertext: t.toString('base64url') }), group)).rejects.toMatchObject(DECRYPT);
    }
  });

  it('changes one byte of a large (5 MiB) resource, decrypted over its decoded bytes → DECRYPT_FAILED, nothing returned', async () => {
    // Above 4 MiB the node backend writes plaintext over the decoded envelope before the tag is
    // checked (issue 13, mem13); a bad tag must still give only the one error.
    const pt = new Uint8Array(5 << 20).fill(0x5a);
    const big = await encryptResource({ resourceId: 'big', type: 'Blob', plaintext: pt }, group);
    expect(Buffer.from(await decryptResource(big, group)).equals(pt)).toBe(true);
    for (const at of [46, 3 << 20, (5 << 20) + 46 + 15]) {
      const t = Buffer.from(big.ciphertext, 'base64url');
      t[at]! ^= 1;
      await expect(decryptResource(edit(big, { ciphertext: t.toString('base64url') }), group)).rejects.toMatchObject(DECRYPT);
    }
  });

  it('serves non-canonical or non-base64url text → typed error', async () => {
    for (const ct of [r1.ciphertext + '=', r1.ciphertext.slice(0, -1) + '/', r1.ciphertext.replace(/^./, '+'), ' ' + r1.ciphertext]) {
      await expect(decryptResource(edit(r1, { ciphertext: ct }), group)).rejects.toMatchObject({
        code: expect.stringMatching(/^(DECRYPT_FAILED|INVALID_RECORD)$/),
      });
    }
  });
});

describe('server serves malformed or oversized resource records', () => {
  const cases: [string, (r: Record<string, unknown>) => unknown][] = [
    ['v: 2', (r) => ({ ...r, v: 2 })],
    ['v as string', (r) => ({ ...r, v: '1' })],
    ['another suite', (r) => ({ ...r, suite: 'zkv0' })],
    ['extra field', (r) => ({ ...r, extra: 1 })],
    ['missing ciphertext', ({ ciphertext: _c, ...r }) => r],
    ['missing resourceId', ({ resourceId: _c, ...r }) => r],
    ['keyVersion 0', (r) => ({ ...r, keyVersion: 0 })],
    ['keyVersion 1.5', (r) => ({ ...r, keyVersion: 1.5 })],
    ['keyVersion 2^32', (r) => ({ ...r, keyVersion: 2 ** 32 })],
    ['keyVersion as string', (r) => ({ ...r, keyVersion: '2' })],
    ['empty resource id', (r) => ({ ...r, resourceId: '' })],
    ['resource id of 257 chars', (r) => ({ ...r, resourceId: 'x'.repeat(257) })],
    ['type of 129 chars', (r) => ({ ...r, type: 'x'.repeat(129) })],
    ['lone surrogate in id', (r) => ({ ...r, resourceId: 'a\uD800' })],
    ['ciphertext as number', (r) => ({ ...r, ciphertext: 5 })],
    ['ciphertext over 64 MiB', (r) => ({ ...r, ciphertext: 'A'.repeat(Math.ceil(((MAX_RESOURCE_BYTES + 62) * 4) / 3) + 4) })],
    ['null', () => null],
    ['array', (r) => [r]],
    ['string', () => 'record'],
    ['class instance', (r) => Object.assign(Object.create({ x: 1 }), r)],
    ['__proto__ key', (r) => JSON.parse(JSON.stringify(r).replace('{', '{"__proto__":{"v":1},'))],
  ];
  it.each(cases)('%s → INVALID_RECORD', async (_name, mutate) => {
    await expect(decryptResource(mutate(viaJson(r1) as unknown as Record<string, unknown>) as ResourceRecord, group)).rejects.toMatchObject(RECORD);
  });

  it('oversized plaintext is refused before encryption (INVALID_INPUT)', async () => {
    await expect(encryptResource({ resourceId: 'big', type: 't', plaintext: new Uint8Array(MAX_RESOURCE_BYTES + 1) }, group)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('ids with lone surrogates are refused at encryption (they would collide in UTF-8)', async () => {
    await expect(encryptResource({ resourceId: 'a\uD800', type: 't', plaintext: 'x' }, group)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(encryptResource({ resourceId: 'a', type: '', plaintext: 'x' }, group)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
