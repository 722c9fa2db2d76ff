// Each check of the record parsers (src/model/records.ts) decides on its own (issue 19, mutation
// testing): every refusal starts from a golden record (vectors/zkvault-model-v1.json) that passes
// every check, changes one thing, and asserts code AND message, so a test fails if that check is
// dropped and another one refuses instead. The edges of each range are accepted.
import { describe, expect, it } from 'vitest';
import { loginParams, parseAccountRecord, parseLinkRecord, parseLoginParams, parseResourceRecord } from '../../src/model/index.js';
import { syncOutcome } from '../helpers/errors.js';
import { loadVectors } from '../helpers/vectors.js';

const V = loadVectors('zkvault-model-v1.json');
type Rec = Record<string, unknown>;
const clone = (o: unknown): Rec => JSON.parse(JSON.stringify(o)) as Rec;
const b64 = (n: number, fill = 7): string => Buffer.alloc(n, fill).toString('base64url');
const bad = (what: string): string => `INVALID_RECORD: zkvault: invalid record: ${what}`;
/** `base` with `change` applied to a fresh copy. */
const variant = (base: unknown, change: (r: Rec) => void): Rec => {
  const r = clone(base);
  change(r);
  return r;
};
const without = (r: Rec, ...keys: string[]): void => keys.forEach((k) => delete r[k]);

const ACCOUNT = V.accounts.jane;
const LINK = V.links.janeToBob;
const RESOURCE = V.resources[0];

describe('the golden records pass every check (the refusals below change one thing each)', () => {
  it('account, login parameters, link, resource', () => {
    expect(syncOutcome(() => parseAccountRecord(clone(ACCOUNT)))).toBe('OK');
    expect(syncOutcome(() => parseLoginParams(loginParams(parseAccountRecord(clone(ACCOUNT)))))).toBe('OK');
    expect(syncOutcome(() => parseLinkRecord(clone(LINK)))).toBe('OK');
    expect(syncOutcome(() => parseResourceRecord(clone(RESOURCE)))).toBe('OK');
  });
});

describe('parseAccountRecord / parseLoginParams', () => {
  const refusals: [string, (r: Rec) => void, string][] = [
    ['an extra field', (r) => void (r['extra'] = 1), '"record" has an unexpected field'],
    ['a missing field', (r) => without(r, 'SLT_Enc'), '"record.SLT_Enc" is missing'],
    ['v 2', (r) => void (r['v'] = 2), '"record.v" expected 1'],
    ['suite zkv2', (r) => void (r['suite'] = 'zkv2'), '"record.suite" expected "zkv1"'],
    ['kdf not an object', (r) => void (r['kdf'] = 'PBKDF2-SHA256'), '"record.kdf" expected a plain object'],
    ['kdf with an extra field', (r) => void ((r['kdf'] as Rec)['salt'] = 'x'), '"record.kdf" has an unexpected field'],
    ['kdf without iterations', (r) => without(r['kdf'] as Rec, 'iterations'), '"record.kdf.iterations" is missing'],
    ['kdf.alg argon2id', (r) => void ((r['kdf'] as Rec)['alg'] = 'argon2id'), '"record.kdf.alg" expected "PBKDF2-SHA256"'],
    ['srp not an object', (r) => void (r['srp'] = null), '"record.srp" expected a plain object'],
    ['srp.bits 2047', (r) => void ((r['srp'] as Rec)['bits'] = 2047), '"record.srp.bits" expected an RFC 5054 group size'],
    ['srp.bits "2048"', (r) => void ((r['srp'] as Rec)['bits'] = '2048'), '"record.srp.bits" expected an RFC 5054 group size'],
    ['srp.hash SHA-1', (r) => void ((r['srp'] as Rec)['hash'] = 'SHA-1'), '"record.srp.hash" expected SHA-256 or SHA-512'],
    ['srp.hash not a string', (r) => void ((r['srp'] as Rec)['hash'] = 256), '"record.srp.hash" expected SHA-256 or SHA-512'],
    ['secretKey "false"', (r) => void (r['secretKey'] = 'false'), '"record.secretKey" expected boolean'],
    ['accountId empty', (r) => void (r['accountId'] = ''), '"record.accountId" expected a well-formed string of length 1..256'],
    ['accountId of 257', (r) => void (r['accountId'] = 'a'.repeat(257)), '"record.accountId" expected a well-formed string of length 1..256'],
    ['accountId with a lone surrogate', (r) => void (r['accountId'] = 'jane\uD800'), '"record.accountId" expected a well-formed string of length 1..256'],
    ['accountId a number', (r) => void (r['accountId'] = 7), '"record.accountId" expected a well-formed string of length 1..256'],
    ['iterations 0', (r) => void ((r['kdf'] as Rec)['iterations'] = 0), '"record.kdf.iterations" expected integer in 1..4294967295'],
    ['iterations 2^32', (r) => void ((r['kdf'] as Rec)['iterations'] = 2 ** 32), '"record.kdf.iterations" expected integer in 1..4294967295'],
    ['iterations 1000.5', (r) => void ((r['kdf'] as Rec)['iterations'] = 1000.5), '"record.kdf.iterations" expected integer in 1..4294967295'],
    ['iterations "1000"', (r) => void ((r['kdf'] as Rec)['iterations'] = '1000'), '"record.kdf.iterations" expected integer in 1..4294967295'],
    ['SLT_Auth_1 of 31 bytes', (r) => void (r['SLT_Auth_1'] = b64(31)), '"SLT_Auth_1" expected 32 bytes'],
    ['SLT_Auth_2 of 33 bytes', (r) => void (r['SLT_Auth_2'] = b64(33)), '"SLT_Auth_2" expected 32 bytes'],
    ['SLT_Enc of 16 bytes', (r) => void (r['SLT_Enc'] = b64(16)), '"SLT_Enc" expected 32 bytes'],
    ['SRP_Verifier empty', (r) => void (r['SRP_Verifier'] = ''), '"SRP_Verifier" expected 1..1024 bytes'],
    ['SRP_Verifier of 1025 bytes', (r) => void (r['SRP_Verifier'] = b64(1025)), '"SRP_Verifier" expected 1..1024 bytes'],
    ['PUB_Account of 31 bytes', (r) => void (r['PUB_Account'] = b64(31)), '"PUB_Account" expected 32 bytes'],
    ['SYM_Account of 93 bytes', (r) => void (r['SYM_Account'] = b64(93)), '"SYM_Account" expected 94 bytes'],
    ['PRV_Account of 95 bytes', (r) => void (r['PRV_Account'] = b64(95)), '"PRV_Account" expected 94 bytes'],
    ['PUB_Sign without PRV_Sign', (r) => without(r, 'PRV_Sign'), '"PUB_Sign" and "PRV_Sign" must be present together'],
    ['PRV_Sign without PUB_Sign', (r) => without(r, 'PUB_Sign'), '"PUB_Sign" and "PRV_Sign" must be present together'],
    ['PUB_XWing without PRV_XWing', (r) => without(r, 'PRV_XWing', 'SIG_XWing'), '"PUB_XWing" and "PRV_XWing" must be present together'],
    ['PRV_XWing without PUB_XWing', (r) => without(r, 'PUB_XWing', 'SIG_XWing'), '"PUB_XWing" and "PRV_XWing" must be present together'],
    ['PUB_Sign of 33 bytes', (r) => void (r['PUB_Sign'] = b64(33)), '"PUB_Sign" expected 32 bytes'],
    ['PRV_Sign of 32 bytes', (r) => void (r['PRV_Sign'] = b64(32)), '"PRV_Sign" expected 94 bytes'],
    ['PUB_XWing of 1215 bytes', (r) => void (r['PUB_XWing'] = b64(1215)), '"PUB_XWing" expected 1216 bytes'],
    ['PRV_XWing of 93 bytes', (r) => void (r['PRV_XWing'] = b64(93)), '"PRV_XWing" expected 94 bytes'],
    ['SIG_XWing without PUB_XWing', (r) => without(r, 'PUB_XWing', 'PRV_XWing'), '"SIG_XWing" without "PUB_XWing"'],
    ['SIG_XWing of 63 bytes', (r) => void (r['SIG_XWing'] = b64(63)), '"SIG_XWing" expected 64 bytes'],
  ];
  it('a SIG_XWing that is not text is named by the base64url check', () => {
    expect(syncOutcome(() => parseAccountRecord(variant(ACCOUNT, (r) => void (r['SIG_XWing'] = 64))))).toBe('INVALID_RECORD: zkvault: "SIG_XWing" expected base64url text');
  });
  it.each(refusals)('refuses %s', (_label, change, what) => {
    expect(syncOutcome(() => parseAccountRecord(variant(ACCOUNT, change)))).toBe(bad(what));
  });

  it('accepts the edges: ids of 1 and 256, iterations 1 and 2^32 - 1, verifiers of 1 and 1024 bytes, SRP-6a groups and SHA-512', () => {
    const ok: ((r: Rec) => void)[] = [
      (r) => void (r['accountId'] = 'a'),
      (r) => void (r['accountId'] = 'a'.repeat(256)),
      (r) => void ((r['kdf'] as Rec)['iterations'] = 1),
      (r) => void ((r['kdf'] as Rec)['iterations'] = 2 ** 32 - 1),
      (r) => void (r['SRP_Verifier'] = b64(1)),
      (r) => void (r['SRP_Verifier'] = b64(1024)),
      (r) => void ((r['srp'] as Rec)['bits'] = 8192),
      (r) => void ((r['srp'] as Rec)['hash'] = 'SHA-512'),
      (r) => without(r, 'PUB_Sign', 'PRV_Sign'),
      (r) => without(r, 'PUB_XWing', 'PRV_XWing', 'SIG_XWing'),
      (r) => without(r, 'SIG_XWing'),
    ];
    for (const change of ok) expect(syncOutcome(() => parseAccountRecord(variant(ACCOUNT, change)))).toBe('OK');
    const parsed = parseAccountRecord(variant(ACCOUNT, (r) => void (r['accountId'] = 'a'.repeat(256))));
    expect(parsed.accountId).toBe('a'.repeat(256));
    expect(parsed.SIG_XWing).toBe(ACCOUNT.SIG_XWing);
  });

  it('the login parameters: their own name in messages, and no account fields', () => {
    const params = clone(loginParams(parseAccountRecord(clone(ACCOUNT))));
    expect(syncOutcome(() => parseLoginParams(variant(params, (r) => void (r['v'] = 0))))).toBe(bad('"params.v" expected 1'));
    expect(syncOutcome(() => parseLoginParams(variant(params, (r) => void (r['PUB_Account'] = ACCOUNT.PUB_Account))))).toBe(bad('"params" has an unexpected field'));
    expect(syncOutcome(() => parseLoginParams([params]))).toBe(bad('"params" expected a plain object'));
  });
});

describe('parseLinkRecord', () => {
  const refusals: [string, (r: Rec) => void, string][] = [
    ['an extra field', (r) => void (r['SIG'] = 'x'), '"link" has an unexpected field'],
    ['a missing field', (r) => without(r, 'recipientId'), '"link.recipientId" is missing'],
    ['v "1"', (r) => void (r['v'] = '1'), '"link.v" expected 1'],
    ['suite ZKV1', (r) => void (r['suite'] = 'ZKV1'), '"link.suite" expected "zkv1"'],
    ['tenantId empty', (r) => void (r['tenantId'] = ''), '"link.tenantId" expected a well-formed string of length 1..256'],
    ['resourceGroupId of 257', (r) => void (r['resourceGroupId'] = 'g'.repeat(257)), '"link.resourceGroupId" expected a well-formed string of length 1..256'],
    ['keyVersion 0', (r) => void (r['keyVersion'] = 0), '"link.keyVersion" expected integer in 1..4294967295'],
    ['keyVersion 2^32', (r) => void (r['keyVersion'] = 2 ** 32), '"link.keyVersion" expected integer in 1..4294967295'],
    ['senderId a lone surrogate', (r) => void (r['senderId'] = '\uDC00'), '"link.senderId" expected a well-formed string of length 1..256'],
    ['recipientId null', (r) => void (r['recipientId'] = null), '"link.recipientId" expected a well-formed string of length 1..256'],
    ['SYM_Link of 79 bytes', (r) => void (r['SYM_Link'] = b64(79)), '"SYM_Link" expected 80 bytes'],
    ['SYM_Link of 81 bytes', (r) => void (r['SYM_Link'] = b64(81)), '"SYM_Link" expected 80 bytes'],
  ];
  it.each(refusals)('refuses %s', (_label, change, what) => {
    expect(syncOutcome(() => parseLinkRecord(variant(LINK, change)))).toBe(bad(what));
  });
  it('refuses a non-object, and accepts key versions 1 and 2^32 - 1', () => {
    expect(syncOutcome(() => parseLinkRecord('link' as never))).toBe(bad('"link" expected a plain object'));
    for (const keyVersion of [1, 2 ** 32 - 1]) expect(parseLinkRecord(variant(LINK, (r) => void (r['keyVersion'] = keyVersion))).keyVersion).toBe(keyVersion);
  });
});

describe('parseResourceRecord', () => {
  // The envelope's 62-byte overhead is 83 base64url characters; the 64 MiB limit 89,478,568.
  const MIN_TEXT = 83;
  const MAX_TEXT = Math.ceil(((64 * 1024 * 1024 + 62) * 4) / 3);
  const refusals: [string, (r: Rec) => void, string][] = [
    ['an extra field', (r) => void (r['aad'] = ''), '"resource" has an unexpected field'],
    ['a missing field', (r) => without(r, 'type'), '"resource.type" is missing'],
    ['v "1"', (r) => void (r['v'] = '1'), '"resource.v" expected 1'],
    ['suite missing its value', (r) => void (r['suite'] = ''), '"resource.suite" expected "zkv1"'],
    ['ciphertext not a string', (r) => void (r['ciphertext'] = 5), '"resource.ciphertext" expected base64url of at most 64 MiB'],
    ['ciphertext one character over 64 MiB', (r) => void (r['ciphertext'] = 'A'.repeat(MAX_TEXT + 1)), '"resource.ciphertext" expected base64url of at most 64 MiB'],
    ['ciphertext shorter than an envelope', (r) => void (r['ciphertext'] = 'A'.repeat(MIN_TEXT - 1)), '"resource.ciphertext" expected base64url of an envelope'],
    ['ciphertext with a "+"', (r) => void (r['ciphertext'] = (r['ciphertext'] as string).replace(/^./, '+')), '"resource.ciphertext" expected base64url of an envelope'],
    ['ciphertext with padding', (r) => void (r['ciphertext'] = `${r['ciphertext'] as string}=`), '"resource.ciphertext" expected base64url of an envelope'],
    ['ciphertext of length 4k + 1', (r) => void (r['ciphertext'] = 'A'.repeat(85)), '"resource.ciphertext" expected base64url of an envelope'],
    ['tenantId of 257', (r) => void (r['tenantId'] = 't'.repeat(257)), '"resource.tenantId" expected a well-formed string of length 1..256'],
    ['resourceGroupId empty', (r) => void (r['resourceGroupId'] = ''), '"resource.resourceGroupId" expected a well-formed string of length 1..256'],
    ['keyVersion -1', (r) => void (r['keyVersion'] = -1), '"resource.keyVersion" expected integer in 1..4294967295'],
    ['keyVersion 2^32', (r) => void (r['keyVersion'] = 2 ** 32), '"resource.keyVersion" expected integer in 1..4294967295'],
    ['resourceId a lone surrogate', (r) => void (r['resourceId'] = 'r\uD83D'), '"resource.resourceId" expected a well-formed string of length 1..256'],
    ['type of 129', (r) => void (r['type'] = 'T'.repeat(129)), '"resource.type" expected a well-formed string of length 1..128'],
  ];
  it.each(refusals)('refuses %s', (_label, change, what) => {
    expect(syncOutcome(() => parseResourceRecord(variant(RESOURCE, change)))).toBe(bad(what));
  });

  it('accepts the edges: the shortest envelope text, exactly 64 MiB of text, a type of 128, key versions 1 and 2^32 - 1', () => {
    const ok: ((r: Rec) => void)[] = [
      (r) => void (r['ciphertext'] = 'A'.repeat(MIN_TEXT)),
      (r) => void (r['ciphertext'] = 'A'.repeat(MAX_TEXT)),
      (r) => void (r['type'] = 'T'.repeat(128)),
      (r) => void (r['keyVersion'] = 2 ** 32 - 1),
      (r) => void (r['keyVersion'] = 1),
    ];
    for (const change of ok) expect(syncOutcome(() => parseResourceRecord(variant(RESOURCE, change)))).toBe('OK');
    expect(syncOutcome(() => parseResourceRecord(null as never))).toBe(bad('"resource" expected a plain object'));
  });
});
