// Malicious server vs. streamed resources (src/model/resource-stream.ts): every attack names what the
// server does. Expected outcome: a typed ZkvaultError (DECRYPT_FAILED for anything that reaches
// decryption, INVALID_RECORD for a bad record), never wrong plaintext.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceGroup,
  decryptResourceStream,
  encryptResourceStream,
  ResourceGroupKeyring,
  rotateResourceGroup,
  type ResourceStreamRecord,
  type UnlockedAccount,
  type UnlockedResourceGroup,
} from '../../src/model/index.js';
import { errorCode } from '../helpers/errors.js';
import { signup, viaJson } from '../model/fixtures.js';

let jane: UnlockedAccount;
let group: UnlockedResourceGroup; // org1 / g1, versions 1 and 2
let otherGroup: UnlockedResourceGroup; // org1 / g2
let otherTenant: UnlockedResourceGroup; // org2 / g1
let rec1: ResourceStreamRecord;
let blob1: Uint8Array;
let rec2: ResourceStreamRecord;
let blob2: Uint8Array;
let oldRec: ResourceStreamRecord;
let oldBlob: Uint8Array;

const body = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

async function seal(g: UnlockedResourceGroup, resourceId: string, pt: Uint8Array, chunkSize = 1024): Promise<[ResourceStreamRecord, Uint8Array]> {
  const { record, stream } = encryptResourceStream({ resourceId, type: 'attachment' }, g, { chunkSize });
  const out = new Uint8Array(await new Response(new Blob([pt as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream)).arrayBuffer());
  return [viaJson(record), out];
}

function open(rec: ResourceStreamRecord, blob: Uint8Array, g: UnlockedResourceGroup | ResourceGroupKeyring, expected?: { resourceId?: string; type?: string }): Promise<Uint8Array> {
  const run = async (): Promise<Uint8Array> => {
    const t = decryptResourceStream(rec, g, expected === undefined ? undefined : { expected });
    return new Uint8Array(await new Response(new Blob([blob as Uint8Array<ArrayBuffer>]).stream().pipeThrough(t)).arrayBuffer());
  };
  return run();
}

beforeAll(async () => {
  ({ account: jane } = await signup('jane'));
  const g = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g1' }, jane)).group;
  [oldRec, oldBlob] = await seal(g, 'old', body(3000, 1));
  group = (await rotateResourceGroup(g, jane, [])).group;
  otherGroup = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'g2' }, jane)).group;
  otherTenant = (await createResourceGroup({ tenantId: 'org2', resourceGroupId: 'g1' }, jane)).group;
  [rec1, blob1] = await seal(group, 'f1', body(5000, 2));
  [rec2, blob2] = await seal(group, 'f2', body(5000, 3));
});

describe('streamed resources vs. a malicious server', () => {
  it('round trips, with both versions of the group and through a keyring', async () => {
    expect(await open(rec1, blob1, group)).toEqual(body(5000, 2));
    expect(rec1.keyVersion).toBe(2);
    expect(await open(oldRec, oldBlob, group)).toEqual(body(3000, 1));
    expect(await open(rec1, blob1, new ResourceGroupKeyring([otherGroup, group]))).toEqual(body(5000, 2));
    expect(await open(rec1, blob1, group, { resourceId: 'f1', type: 'attachment' })).toEqual(body(5000, 2));
  });

  it('serves the blob of another resource under this record (swapped blobs)', async () => {
    expect(await errorCode(open(rec1, blob2, group))).toBe('DECRYPT_FAILED');
  });

  it.each([
    ['renames the resource id', { resourceId: 'f2' }],
    ['changes the type', { type: 'Request' }],
    ['claims the other key version', { keyVersion: 1 }],
    ['claims a key version the member never had', { keyVersion: 9 }],
    ['moves it to another group', { resourceGroupId: 'g2' }],
    ['moves it to another tenant', { tenantId: 'org2' }],
  ])('%s in the record', async (_n, patch) => {
    const rec = { ...rec1, ...patch } as ResourceStreamRecord;
    const ring = new ResourceGroupKeyring([group, otherGroup, otherTenant]);
    expect(await errorCode(open(rec, blob1, ring))).toBe('DECRYPT_FAILED');
  });

  it('answers a request for one resource with another valid one (expected id and type pinned)', async () => {
    expect(await errorCode(open(rec2, blob2, group, { resourceId: 'f1' }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(open(rec2, blob2, group, { type: 'Request' }))).toBe('DECRYPT_FAILED');
  });

  it.each([
    ['truncates the blob at a chunk boundary', (b: Uint8Array) => b.subarray(0, 77 + 2 * (1024 + 16))],
    ['truncates the blob by one byte', (b: Uint8Array) => b.subarray(0, b.length - 1)],
    ['drops a chunk', (b: Uint8Array) => Buffer.concat([b.subarray(0, 77 + 1040), b.subarray(77 + 2080)])],
    ['duplicates a chunk', (b: Uint8Array) => Buffer.concat([b.subarray(0, 77 + 1040), b.subarray(77, b.length)])],
    ['appends a chunk of another blob', (b: Uint8Array) => Buffer.concat([b, blob2.subarray(77, 77 + 1040)])],
    ['flips a byte in the middle', (b: Uint8Array) => { const t = Uint8Array.from(b); t[2500]! ^= 0x80; return t; }],
  ])('%s', async (_n, tamper) => {
    expect(await errorCode(open(rec1, tamper(blob1), group))).toBe('DECRYPT_FAILED');
  });

  it.each([
    ['a v1 ResourceRecord shape (ciphertext inline)', { ciphertext: 'AAAA' }],
    ['no format field', { format: undefined }],
    ['a zero key version', { keyVersion: 0 }],
    ['an empty resource id', { resourceId: '' }],
    ['a lone surrogate in the type', { type: '\uD800' }],
  ])('serves a bad record: %s → INVALID_RECORD', (_n, patch) => {
    const rec = viaJson({ ...rec1, ...patch }) as ResourceStreamRecord;
    expect(() => decryptResourceStream(rec, group)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
  });

  it('a disposed group refuses with KEY_LOCKED; a stream already open keeps its own key copy', async () => {
    const g = (await createResourceGroup({ tenantId: 'org1', resourceGroupId: 'tmp' }, jane)).group;
    const { record, stream } = encryptResourceStream({ resourceId: 'x', type: 'attachment' }, g);
    g.dispose();
    const sealed = new Uint8Array(await new Response(new Blob(['still works']).stream().pipeThrough(stream)).arrayBuffer());
    expect(sealed.length).toBe(77 + 11 + 16);
    expect(() => decryptResourceStream(record, g)).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    expect(() => encryptResourceStream({ resourceId: 'y', type: 'attachment' }, g)).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
  });

  it('refuses bad arguments with INVALID_INPUT', () => {
    expect(() => encryptResourceStream({ resourceId: '', type: 't' }, group)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encryptResourceStream({ resourceId: 'r', type: 't' }, {} as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encryptResourceStream({ resourceId: 'r', type: 't' }, group, { chunkSize: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => decryptResourceStream(rec1, 'group' as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
