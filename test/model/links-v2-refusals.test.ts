// Each refusal of the links v2 record parser (src/model/links-v2.ts) is made by its own check
// (issue 19, mutation testing): a golden link (vectors/zkvault-links-v2.json) with one field
// changed, passing every other check; code and message name the field; the edges are inclusive.
import { describe, expect, it } from 'vitest';
import { ZkvaultError } from '../../src/errors.js';
import { parseLinkRecordV2 } from '../../src/model/index.js';
import { loadVectors } from '../helpers/vectors.js';

const V = loadVectors('zkvault-links-v2.json');
const link = V.vectors[0].link as Record<string, unknown>;

/** The error `f` throws, as "CODE: message", or 'OK'. */
function outcome(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    return `${(e as ZkvaultError).code}: ${(e as ZkvaultError).message}`;
  }
  return 'OK';
}
const parse = (changes: Record<string, unknown>) => outcome(() => parseLinkRecordV2({ ...link, ...changes }));
const b64 = (n: number) => Buffer.alloc(n, 1).toString('base64url');
const R = 'INVALID_RECORD: zkvault: invalid record: ';

describe('parseLinkRecordV2: each field by its own check', () => {
  it('the golden link parses, and the result is the record', () => {
    expect(parseLinkRecordV2(link)).toEqual(link);
  });

  it('a value that is not a plain object', () => {
    for (const v of [null, 'link', [link]]) expect(outcome(() => parseLinkRecordV2(v))).toBe(`${R}"link" expected a plain object`);
  });

  it('an extra field, and each missing field', () => {
    expect(parse({ extra: 1 })).toBe(`${R}"link" has an unexpected field`);
    for (const k of Object.keys(link)) {
      const { [k]: _gone, ...rest } = link;
      expect(outcome(() => parseLinkRecordV2(rest))).toBe(`${R}"link.${k}" is missing`);
    }
  });

  it('another version or suite', () => {
    for (const v of [1, 3, '2']) expect(parse({ v })).toBe(`${R}"link.v" expected 2`);
    for (const suite of ['zkv1', 'zkv2-xwing ', '']) expect(parse({ suite })).toBe(`${R}"link.suite" expected "zkv2-xwing"`);
  });

  it('the key version: an integer in 1..2^32 - 1, edges inclusive', () => {
    // The signature is not checked here, so any version parses if in range.
    expect(parse({ keyVersion: 1 })).toBe('OK');
    expect(parse({ keyVersion: 2 ** 32 - 1 })).toBe('OK');
    for (const keyVersion of [0, -1, 2 ** 32, 1.5, '1', 2 ** 53])
      expect(parse({ keyVersion })).toBe(`${R}"link.keyVersion" expected integer in 1..4294967295`);
  });

  it('SYM_Link and SIG_Link: text, canonical base64url, exact lengths', () => {
    expect(parse({ SYM_Link: b64(1167) })).toBe(`${R}"SYM_Link" expected 1168 bytes`);
    expect(parse({ SYM_Link: b64(1169) })).toBe(`${R}"SYM_Link" expected 1168 bytes`);
    expect(parse({ SYM_Link: 5 })).toBe('INVALID_RECORD: zkvault: "SYM_Link" expected base64url text');
    expect(parse({ SIG_Link: b64(63) })).toBe(`${R}"SIG_Link" expected 64 bytes`);
    expect(parse({ SIG_Link: b64(65) })).toBe(`${R}"SIG_Link" expected 64 bytes`);
    expect(parse({ SIG_Link: '!' })).toBe('INVALID_RECORD: zkvault: "SIG_Link" expected canonical base64url');
  });

  it('each id: a string of length 1..256 (edges inclusive), well formed, named', () => {
    for (const k of ['tenantId', 'resourceGroupId', 'senderId', 'recipientId']) {
      expect(parse({ [k]: 'x' })).toBe('OK');
      expect(parse({ [k]: 'x'.repeat(256) })).toBe('OK');
      for (const v of ['', 'x'.repeat(257), 5, null]) expect(parse({ [k]: v })).toBe(`${R}"link.${k}" expected a string of length 1..256`);
      expect(parse({ [k]: 'a\ud800' })).toBe(`${R}"link.${k}" expected a well-formed string`);
    }
  });
});
