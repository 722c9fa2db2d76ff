// The inflate family (gzip with an output limit) on both backends: round trips against node:zlib,
// the exact limit, corrupt and truncated input, and a 1 GiB decompression bomb that must fail with
// TOO_LARGE while the process's peak memory stays far below the bomb's size.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inflate as nodeInflate } from '../../src/backend/node/inflate.js';
import { inflate as webInflate } from '../../src/backend/web/inflate.js';
import { errorCode } from '../helpers/errors.js';

const MiB = 1 << 20;
const INFLATES = [nodeInflate, webInflate];

describe.each(INFLATES)('inflate [$name backend]', (inflate) => {
  it('a 1 GiB bomb (64 gzip members of 16 MiB of zeros, 1 MiB on the wire) fails with TOO_LARGE in bounded memory', async () => {
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const bomb = new Uint8Array(Buffer.concat(Array.from({ length: 64 }, () => member)));
    expect(bomb.length).toBeLessThan(2 * MiB);
    const peakBefore = process.resourceUsage().maxRSS; // KiB
    expect(await errorCode(inflate.gunzip(bomb, 4 * MiB))).toBe('TOO_LARGE');
    // Unbounded inflation would add about 1 GiB to the peak; the limit keeps it to a few MiB.
    expect((process.resourceUsage().maxRSS - peakBefore) * 1024).toBeLessThan(256 * MiB);
    // One member alone, under a limit it fits: inflates in full.
    expect((await inflate.gunzip(new Uint8Array(member), 16 * MiB)).length).toBe(16 * MiB);
  }, 60_000);

  it('inflates what node:zlib gzip made, up to exactly the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 9 }), async (data, level) => {
        const gz = new Uint8Array(gzipSync(data, { level }));
        expect(await inflate.gunzip(gz, data.length)).toEqual(data);
        if (data.length > 0) expect(await errorCode(inflate.gunzip(gz, data.length - 1))).toBe('TOO_LARGE');
      }),
      { numRuns: 100 },
    );
  });

  it('refuses corrupt, truncated and empty input with INVALID_RECORD', async () => {
    const gz = new Uint8Array(gzipSync(Buffer.from('{"_id":"req_1","type":"Request"}')));
    expect(await errorCode(inflate.gunzip(new Uint8Array(0), MiB))).toBe('INVALID_RECORD');
    expect(await errorCode(inflate.gunzip(gz.subarray(0, gz.length - 4), MiB))).toBe('INVALID_RECORD');
    expect(await errorCode(inflate.gunzip(new TextEncoder().encode('{"not":"gzip"}'), MiB))).toBe('INVALID_RECORD');
    const badCrc = gz.slice();
    badCrc[badCrc.length - 5]! ^= 1; // the CRC-32 of the trailer
    expect(await errorCode(inflate.gunzip(badCrc, MiB))).toBe('INVALID_RECORD');
  });
});
