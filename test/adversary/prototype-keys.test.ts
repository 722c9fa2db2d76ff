// Issue 11: a server (or a caller's JSON) adds an own "__proto__" key to an otherwise valid record
// or options object. JSON.parse keeps it as an own property; a later spread or Object.assign would
// turn it into a prototype change. Every record parser refuses it with INVALID_RECORD, every options
// check with INVALID_INPUT, before any key is used, and Object.prototype stays clean. Values from
// another realm are judged by shape, not by realm: a valid record or options object made in a `vm`
// context is accepted, a `vm` array is not.
import { runInNewContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceGroup,
  encryptResource,
  loginParams,
  parseAccountRecord,
  parseLinkRecord,
  parseLoginParams,
  parseResourceRecord,
  ServerLogin,
  type AccountRecord,
  type LinkRecord,
  type ResourceRecord,
} from '../../src/index.js';
import { encryptInsomnia, parseInsomniaMessage } from '../../src/compat/insomnia/index.js';
import { hkdf } from '../../src/kdf/index.js';
import { generateKeyPair, open, seal } from '../../src/hpke/index.js';
import { errorCode, syncErrorCode } from '../helpers/errors.js';
import { signup } from '../model/fixtures.js';

/** The JSON text of `value` with an own "__proto__" member added first. */
function withProtoKey(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace('{', '{"__proto__":{"polluted":true,"v":1},'));
}

/** The same JSON value, built in another realm. */
function inOtherRealm(value: unknown): unknown {
  return runInNewContext(`JSON.parse(${JSON.stringify(JSON.stringify(value))})`);
}

let record: AccountRecord;
let link: LinkRecord;
let resource: ResourceRecord;

beforeAll(async () => {
  const jane = await signup('jane');
  record = jane.record;
  const g = await createResourceGroup({ tenantId: 't1', resourceGroupId: 'g1' }, jane.account);
  link = g.link;
  resource = await encryptResource({ resourceId: 'r1', type: 'note', plaintext: 'hello' }, g.group);
});

afterEach(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('an own "__proto__" key in a served record → INVALID_RECORD', () => {
  it('account, link, resource records and login parameters', () => {
    const cases: [string, () => unknown][] = [
      ['account', () => parseAccountRecord(withProtoKey(record))],
      ['link', () => parseLinkRecord(withProtoKey(link))],
      ['resource', () => parseResourceRecord(withProtoKey(resource))],
      ['login params', () => parseLoginParams(withProtoKey(loginParams(record)))],
    ];
    for (const [, f] of cases) expect(syncErrorCode(f)).toBe('INVALID_RECORD');
    // The same records without the key parse.
    expect(parseAccountRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
    expect(parseLinkRecord(JSON.parse(JSON.stringify(link)))).toEqual(link);
  });

  it('a server login state, and an Insomnia message', async () => {
    const state = JSON.parse(JSON.stringify((await ServerLogin.start(record)).toJSON())) as unknown;
    expect(syncErrorCode(() => ServerLogin.fromJSON(withProtoKey(state) as never))).toBe('INVALID_RECORD');
    const message = await encryptInsomnia('hello', new Uint8Array(32));
    expect(syncErrorCode(() => parseInsomniaMessage(withProtoKey(message)))).toBe('INVALID_RECORD');
    // As JSON text too (JSON.stringify keeps the own key, JSON.parse makes it again).
    expect(syncErrorCode(() => parseInsomniaMessage(JSON.stringify(withProtoKey(message))))).toBe('INVALID_RECORD');
    expect(parseInsomniaMessage(JSON.stringify(message))).toEqual(message);
  });

  it('records of another realm are judged by shape: accepted when valid', () => {
    expect(parseAccountRecord(inOtherRealm(record))).toEqual(record);
    expect(parseResourceRecord(inOtherRealm(resource))).toEqual(resource);
    expect(syncErrorCode(() => parseResourceRecord(withProtoKey(inOtherRealm(resource))))).toBe('INVALID_RECORD');
  });
});

describe('an own "__proto__" key in an options object → INVALID_INPUT', () => {
  it('hkdf, HPKE seal and open', async () => {
    const ikm = new Uint8Array(32);
    expect(await errorCode(hkdf(ikm, withProtoKey({ length: 32 }) as never))).toBe('INVALID_INPUT');
    const { publicKey, privateKey } = generateKeyPair();
    const pt = new Uint8Array(0);
    // Valid options but for the own key: the key alone is what is refused.
    expect(await errorCode(seal(pt, publicKey, withProtoKey({ aead: 'AES-256-GCM' }) as never))).toBe('INVALID_INPUT');
    // open's first argument is what seal returned; with an own "__proto__" key added it is refused.
    const sealed = await seal(pt, publicKey);
    const withKey = Object.assign(withProtoKey({ v: 1 }) as object, sealed);
    expect(await errorCode(open(withKey as never, privateKey))).toBe('INVALID_INPUT');
    expect(await open(sealed, privateKey)).toEqual(pt);
    // Options from another realm, valid and without the key, are accepted.
    expect(await hkdf(ikm, inOtherRealm({ length: 32 }) as never)).toHaveLength(32);
  });
});
