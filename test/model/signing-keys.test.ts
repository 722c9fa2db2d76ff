// Account signing keys (issue 12): every account has PUB_Sign (clear) and PRV_Sign (locked under
// SYM_Account); accountSigner signs without handing out the key; identity and fingerprint cover
// both public keys; records made before signing keys gain one on their next unlock (recordUpgrade).
import { createPrivateKey, createPublicKey, hkdfSync, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ed25519Backend, X25519Backend } from '../../src/backend/types.js';
import { ed25519 as nodeEd25519 } from '../../src/backend/node/ed25519.js';
import { x25519 as nodeX25519 } from '../../src/backend/node/x25519.js';
import { accountSigner } from '../../src/model/account-state.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import {
  changePassphrase,
  fingerprint,
  parseAccountRecord,
  type AccountRecord,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { encodeContext, PURPOSE } from '../../src/model/context.js';
import { login, signup, viaJson } from './fixtures.js';

const PW = 'jane passphrase';
const te = new TextEncoder();
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Independent check with node:crypto (OpenSSL), not the backend under test. */
function opensslVerifies(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  return nodeVerify(null, msg, createPublicKey({ key: Buffer.concat([SPKI, pk]), format: 'der', type: 'spki' }), sig);
}

/** A record as stored before signing keys: the same record without its two signing fields. */
function legacy(r: AccountRecord): AccountRecord {
  // SIG_XWing goes too: the account's certificate is made with PRV_Sign, so a record without one has none.
  const { PUB_Sign: _pub, PRV_Sign: _prv, SIG_XWing: _cert, ...rest } = viaJson(r);
  void _pub;
  void _prv;
  void _cert;
  return rest;
}

let record: AccountRecord;
let jane: UnlockedAccount;
beforeAll(async () => {
  ({ record, account: jane } = await signup('jane', PW));
});
afterEach(() => setBackends(undefined));

describe('new accounts', () => {
  it('store PUB_Sign in the clear and PRV_Sign locked; the unlocked account exposes the public key only', async () => {
    expect(Buffer.from(record.PUB_Sign!, 'base64url')).toHaveLength(32);
    expect(Buffer.from(record.PRV_Sign!, 'base64url')).toHaveLength(Buffer.from(record.PRV_Account, 'base64url').length);
    expect(Buffer.from(jane.signPublicKey).toString('base64url')).toBe(record.PUB_Sign);
    expect(jane.recordUpgrade).toBeUndefined();
    expect(parseAccountRecord(viaJson(record))).toEqual(record);
    const again = await login(record, PW);
    expect(again.signPublicKey).toEqual(jane.signPublicKey);
    expect(again.recordUpgrade).toBeUndefined();
    // Nothing secret is reachable from the account object.
    expect(Object.keys(again)).toEqual(['accountId']);
    expect(() => JSON.stringify(again)).toThrow(expect.objectContaining({ code: 'NOT_STORABLE' }));
  });

  it('signPublicKey and identity return copies', () => {
    const k = jane.signPublicKey;
    k[0]! ^= 0xff;
    expect(jane.signPublicKey).not.toEqual(k);
    const id = jane.identity;
    expect(id).toEqual({ accountId: 'jane', publicKey: jane.publicKey, signPublicKey: jane.signPublicKey, xwingPublicKey: jane.xwingPublicKey, xwingSignature: jane.xwingSignature });
    id.signPublicKey[0]! ^= 0xff;
    expect(jane.identity.signPublicKey).toEqual(jane.signPublicKey);
  });

  it('the fingerprint covers both public keys', async () => {
    expect(jane.fingerprint).toBe(fingerprint(jane.identity));
    const other = (await signup('jane2', PW)).account;
    expect(fingerprint({ publicKey: jane.publicKey, signPublicKey: other.signPublicKey })).not.toBe(jane.fingerprint);
    expect(fingerprint({ publicKey: other.publicKey, signPublicKey: jane.signPublicKey })).not.toBe(jane.fingerprint);
  });

  it('two accounts never share a signing key', async () => {
    const a = (await signup('a1', PW)).account;
    const b = (await signup('a1', PW)).account; // same id and passphrase, fresh randomness
    expect(a.signPublicKey).not.toEqual(b.signPublicKey);
  });
});

describe('accountSigner', () => {
  it('signs with PRV_Sign: OpenSSL verifies under signPublicKey; any other message or key fails', () => {
    const sign = accountSigner(jane);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (msg, at) => {
        const sig = sign(msg);
        expect(sig).toHaveLength(64);
        expect(opensslVerifies(jane.signPublicKey, msg, sig)).toBe(true);
        const other = msg.length === 0 ? Uint8Array.of(1) : msg.map((b, i) => (i === at % msg.length ? b ^ 1 : b));
        expect(opensslVerifies(jane.signPublicKey, other, sig)).toBe(false);
        expect(opensslVerifies(jane.publicKey, msg, sig)).toBe(false); // PUB_Account is not the signing key
      }),
      { numRuns: 40 },
    );
  });

  it('refuses non-accounts and non-bytes; throws KEY_LOCKED once the account is disposed', async () => {
    expect(() => accountSigner({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const a = await login(record, PW);
    const sign = accountSigner(a);
    expect(() => sign('text' as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    a.dispose();
    expect(() => sign(te.encode('late'))).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    expect(() => accountSigner(a)).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
  });

  it('dispose drops the backend cache entries of PRV_Sign and PRV_Account before wiping them', async () => {
    const calls: { family: string; bytes: Uint8Array; wasSecret: boolean }[] = [];
    const record1 = (family: string) => (key: Uint8Array) => calls.push({ family, bytes: key, wasSecret: key.some((b) => b !== 0) });
    const ed: Ed25519Backend = { ...nodeEd25519, forget: (k) => (record1('ed25519')(k), nodeEd25519.forget(k)) };
    const x: X25519Backend = { ...nodeX25519, forget: (k) => (record1('x25519')(k), nodeX25519.forget(k)) };
    setBackends({ ed25519: ed, x25519: x });
    const a = await login(record, PW);
    const sig = accountSigner(a)(te.encode('x'));
    a.dispose();
    a.dispose(); // idempotent: no second forget
    expect(calls.map((c) => c.family).sort()).toEqual(['ed25519', 'x25519']);
    for (const c of calls) {
      expect(c.wasSecret).toBe(true);
      expect(c.bytes.every((b) => b === 0)).toBe(true); // wiped right after
    }
    expect(opensslVerifies(a.signPublicKey, te.encode('x'), sig)).toBe(true);
  });

  it('a failed unlock also drops the cached PRV_Account', async () => {
    const other = (await signup('mallory', PW)).record;
    const forgotten: Uint8Array[] = [];
    setBackends({ x25519: { ...nodeX25519, forget: (k) => (forgotten.push(k), nodeX25519.forget(k)) } });
    await expect(login({ ...viaJson(record), PUB_Sign: other.PUB_Sign! }, PW)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(forgotten).toHaveLength(1);
    expect(forgotten[0]!.every((b) => b === 0)).toBe(true);
  });
});

describe('records made before signing keys (migration)', () => {
  it('unlocking adds a signing key and returns the upgraded record to upload', async () => {
    const old = legacy(record);
    expect(parseAccountRecord(old)).toEqual(old);
    const a = await login(old, PW);
    const up = a.recordUpgrade;
    expect(up).toBeDefined();
    expect(up!.added).toEqual(['PUB_Sign', 'PRV_Sign', 'SIG_XWing']);
    // Only the signing key and the X-Wing certificate are added; everything else is the stored record.
    expect(legacy(up!.record)).toEqual(old);
    expect(parseAccountRecord(viaJson(up!.record))).toEqual(up!.record);
    expect(Buffer.from(a.signPublicKey).toString('base64url')).toBe(up!.record.PUB_Sign);
    expect(a.publicKey).toEqual(jane.publicKey); // PUB_Account is untouched
    // The upgraded record unlocks to the same key, with nothing more to upgrade.
    const b = await login(up!.record, PW);
    expect(b.recordUpgrade).toBeUndefined();
    expect(b.signPublicKey).toEqual(a.signPublicKey);
    expect(opensslVerifies(b.signPublicKey, te.encode('m'), accountSigner(a)(te.encode('m')))).toBe(true);
  });

  it('the added key is derived from SYM_Account: every unlock before the upload makes the same key', async () => {
    const old = legacy(record);
    const [a, b] = [await login(old, PW), await login(old, PW)];
    expect(a.signPublicKey).toEqual(b.signPublicKey);
    expect(a.fingerprint).toBe(b.fingerprint);
    // The locked PRV_Sign differs (fresh envelope nonce) but opens to the same key either way.
    expect(a.recordUpgrade!.record.PRV_Sign).not.toBe(b.recordUpgrade!.record.PRV_Sign);
  });

  it('independently: PRV_Sign = HKDF-SHA256(SYM_Account, "", ctx(migrate/prv-sign, id, PUB_Account)) and PUB_Sign its Ed25519 key', async () => {
    const { open } = await import('../../src/envelope/index.js');
    const { pbkdf2Sync } = await import('node:crypto');
    const old = legacy(record);
    const a = await login(old, PW);
    const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
    const enc = pbkdf2Sync(Buffer.from(PW.normalize('NFKD')), Buffer.concat([Buffer.from('zkvault/v1/enc'), b64(old.SLT_Enc)]), old.kdf.iterations, 32, 'sha256');
    const sym = await open(b64(old.SYM_Account), new Uint8Array(enc), { aad: encodeContext(PURPOSE.symAccount, [old.accountId]) });
    const seed = Buffer.from(hkdfSync('sha256', sym, new Uint8Array(0), encodeContext(PURPOSE.migrateSign, [old.accountId, old.PUB_Account]), 32));
    const pub = createPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8, seed]), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(12);
    expect(Buffer.from(a.signPublicKey).equals(pub)).toBe(true);
    // And the added PRV_Sign opens under SYM_Account with its documented AAD.
    const up = a.recordUpgrade!.record;
    const prv = await open(b64(up.PRV_Sign!), sym, { aad: encodeContext(PURPOSE.prvSign, [up.accountId, up.PUB_Account, up.PUB_Sign!]) });
    expect(Buffer.from(prv).equals(seed)).toBe(true);
  });

  it('a passphrase change of an old record carries the signing key over', async () => {
    const old = legacy(record);
    const a = await login(old, PW);
    const next = await changePassphrase(old, a, { newPassphrase: 'new one' });
    expect(next.PUB_Sign).toBe(Buffer.from(a.signPublicKey).toString('base64url'));
    const b = await login(next, 'new one');
    expect(b.signPublicKey).toEqual(a.signPublicKey);
    expect(b.recordUpgrade).toBeUndefined();
  });
});

describe('passphrase change', () => {
  it('keeps PUB_Sign and the locked PRV_Sign byte for byte', async () => {
    const a = await login(record, PW);
    const next = await changePassphrase(record, a, { newPassphrase: 'another' });
    expect(next.PUB_Sign).toBe(record.PUB_Sign);
    expect(next.PRV_Sign).toBe(record.PRV_Sign);
    expect((await login(next, 'another')).signPublicKey).toEqual(jane.signPublicKey);
  });

  it("refuses a record whose PUB_Sign is not the account's", async () => {
    const other = (await signup('jane', 'x')).record;
    const forged = { ...viaJson(record), PUB_Sign: other.PUB_Sign!, PRV_Sign: other.PRV_Sign! };
    await expect(changePassphrase(forged, jane, { newPassphrase: 'another' })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
  });
});

describe('record shape', () => {
  it('PUB_Sign and PRV_Sign come together, with exact lengths', () => {
    const r = viaJson(record) as unknown as Record<string, unknown>;
    const { PUB_Sign, PRV_Sign, ...rest } = r;
    for (const bad of [
      { ...rest, PUB_Sign },
      { ...rest, PRV_Sign },
      { ...r, PUB_Sign: Buffer.alloc(31).toString('base64url') },
      { ...r, PRV_Sign: Buffer.alloc(40).toString('base64url') },
      { ...r, PUB_Sign: 7 },
      { ...r, PRV_Sign: null },
    ]) {
      expect(() => parseAccountRecord(bad)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    }
  });
});

describe('Identity validation (src/model/identity.ts)', () => {
  it('checkIdentity copies a valid identity and refuses bad ids and key lengths', async () => {
    const { checkIdentity } = await import('../../src/model/identity.js');
    const id = jane.identity;
    const copy = checkIdentity(id, 'member');
    expect(copy).toEqual(id);
    id.publicKey[0]! ^= 1;
    expect(copy.publicKey).toEqual(jane.publicKey); // a copy, not the caller's array
    for (const bad of [
      null,
      jane.publicKey,
      { ...jane.identity, accountId: '' },
      { ...jane.identity, accountId: 7 },
      { ...jane.identity, publicKey: new Uint8Array(31) },
      { ...jane.identity, signPublicKey: new Uint8Array(33) },
      { accountId: 'jane', publicKey: jane.publicKey },
    ]) {
      expect(() => checkIdentity(bad, 'member')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
