// The 64 MiB edge of encryptResource (src/model/resources.ts, MAX_RESOURCE_BYTES): one byte over is
// refused, as a string (counted in UTF-8 bytes) or as bytes; exactly 64 MiB is accepted and opens.
// Each 64 MiB value is dropped as soon as its step is done and collected before the next, so the
// worker holds about one resource at a time (issue 13, mem13: in groups-refusals.test.ts this test
// made the run's largest worker, 661-750 MB RSS, which had to run alone). Forcing a collection is
// process-wide, so this file is in ISOLATED (vitest.config.ts): a fresh fork that exits after it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decryptResource, encryptResource, MAX_RESOURCE_BYTES, type ResourceRecord } from '../../src/model/index.js';
import { groupFromKey } from '../../src/model/groups.js';
import { outcome } from '../helpers/errors.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const TOO_LARGE = 'INVALID_INPUT: "plaintext" is larger than 64 MiB';

describe('resources: the 64 MiB edge', () => {
  it('plaintexts over 64 MiB are refused, as a string (counted in UTF-8 bytes) or as bytes; exactly 64 MiB is accepted', async () => {
    const group = groupFromKey('org1', 'g1', 1, new Uint8Array(32).fill(1));
    const r = { resourceId: 'r1', type: 'blob' };
    // 32 Mi + 1 two-byte characters: within 64 Mi UTF-16 units, so only the UTF-8 count refuses it.
    expect(await outcome(() => encryptResource({ ...r, plaintext: 'é'.repeat(MAX_RESOURCE_BYTES / 2 + 1) }, group))).toBe(TOO_LARGE);
    let big: string | undefined = 'a'.repeat(MAX_RESOURCE_BYTES);
    expect(await outcome(() => encryptResource({ ...r, plaintext: big + 'a' }, group))).toBe(TOO_LARGE);
    gc();
    let rec: ResourceRecord | undefined = await encryptResource({ ...r, plaintext: big }, group);
    big = undefined;
    gc();
    expect((await decryptResource(rec, group)).length).toBe(MAX_RESOURCE_BYTES);
    rec = undefined;
    gc();
    // One allocation for both byte cases: 64 MiB + 1 is refused, its first 64 MiB accepted.
    const bytes = new Uint8Array(MAX_RESOURCE_BYTES + 1);
    expect(await outcome(() => encryptResource({ ...r, plaintext: bytes }, group))).toBe(TOO_LARGE);
    expect((await encryptResource({ ...r, plaintext: bytes.subarray(0, MAX_RESOURCE_BYTES) }, group)).keyVersion).toBe(1);
  }, 60_000);
});
