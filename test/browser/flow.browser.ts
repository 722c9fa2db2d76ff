// The whole model flow in a real browser with only the web backend: sign up, log in over SRP,
// create a group, share it, encrypt, and the member decrypts; plus each backend family's own
// checks (names, CSPRNG, hash, PBKDF2, AES-GCM tamper, X25519, RSA-OAEP, modpow) in this browser.
import { describe, expect, it } from 'vitest';
import { aead } from '#backend/aead';
import { hash } from '#backend/hash';
import { kdf } from '#backend/kdf';
import { modpow } from '#backend/modpow';
import { random } from '#backend/random';
import { rsa } from '#backend/rsa';
import { x25519 } from '#backend/x25519';
import {
  createAccount,
  createResourceGroup,
  decryptResource,
  encryptResource,
  loginParams,
  openLink,
  ServerLogin,
  shareResourceGroup,
  ClientLogin,
  unlockAccount,
  type AccountRecord,
  type UnlockedAccount,
} from '../../src/model/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { backendInfo, requireNativeCrypto } from '../../src/index.js';
import { vi } from 'vitest';

// Test-only costs; the library default is 600,000 iterations and SRP-3072.
const ITER = 1000;
const FAST = { kdf: { iterations: ITER }, srp: { bits: 2048, hash: 'SHA-256' } } as const;
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const bytes = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

async function login(record: AccountRecord, passphrase: string): Promise<UnlockedAccount> {
  const client = await ClientLogin.start({ accountId: record.accountId, passphrase, params: json(loginParams(record)), minIterations: ITER });
  const server = ServerLogin.fromJSON(json((await ServerLogin.start(record)).toJSON()));
  const M1 = await client.respond(server.B);
  const { M2, sessionKey } = await server.verify(client.A, M1);
  const c = await client.verify(M2);
  expect(c.sessionKey).toEqual(sessionKey);
  return unlockAccount(json(record), client);
}

describe('backend families in the browser', () => {
  it('every family is the web implementation', () => {
    for (const f of [aead, hash, kdf, modpow, random, rsa, x25519]) expect(f.name).toBe('web');
  });

  it('random: CSPRNG bytes of the asked length, distinct draws', () => {
    const a = random.randomBytes(32);
    expect(a.length).toBe(32);
    expect(a).not.toEqual(random.randomBytes(32));
  });

  it('hash and PBKDF2 agree with the browser WebCrypto directly', async () => {
    const data = bytes('abc');
    const want = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    expect(hash.digest('SHA-256', data)).toEqual(want);
    const base = await crypto.subtle.importKey('raw', bytes('pw'), 'PBKDF2', false, ['deriveBits']);
    const salt = bytes('salt-salt-salt-1');
    const dk = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 2000 }, base, 256));
    expect(await kdf.pbkdf2('SHA-256', bytes('pw'), salt, 2000, 32)).toEqual(dk);
  });

  it('AES-GCM: round trip; a flipped byte fails with DECRYPT_FAILED', async () => {
    const key = await aead.aesGcmKey(random.randomBytes(32));
    const nonce = random.randomBytes(12);
    const ct = await key.encrypt(nonce, bytes('in a browser'), bytes('aad'));
    expect(text(await key.decrypt(nonce, ct, bytes('aad')))).toBe('in a browser');
    for (const i of [0, ct.length - 1]) {
      const bad = ct.slice();
      bad[i]! ^= 1;
      await expect(key.decrypt(nonce, bad, bytes('aad'))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    }
  });

  it('X25519: both sides agree; a low-order point is refused', () => {
    const a = random.randomBytes(32);
    const b = random.randomBytes(32);
    expect(x25519.sharedSecret(a, x25519.publicKey(b))).toEqual(x25519.sharedSecret(b, x25519.publicKey(a)));
    expect(() => x25519.sharedSecret(a, new Uint8Array(32))).toThrow(ZkvaultError);
  });

  it('modpow: fixed-base table and plain modPow agree with a direct BigInt computation', () => {
    const N = (1n << 127n) - 1n; // a Mersenne prime
    const e = 0x1234567890abcdefn;
    let want = 1n;
    for (let b = 5n, x = e; x > 0n; x >>= 1n, b = (b * b) % N) if (x & 1n) want = (want * b) % N;
    expect(modpow.modPow(5n, e, N)).toBe(want);
    expect(modpow.modPowFixed(5n, e, N)).toBe(want);
  });
});

describe('backendInfo in the browser', () => {
  it('reports the web backend with WebCrypto', () => {
    const info = requireNativeCrypto();
    expect(info.backend).toBe('web');
    expect(info.webCrypto).toBe(true);
    expect(info.families.kdf).toMatch(/^WebCrypto/);
  });

  it('without crypto.subtle (an insecure context): reported, refused by requireNativeCrypto, PBKDF2 still right through @noble', async () => {
    const salt = bytes('salt-salt-salt-1');
    const native = await kdf.pbkdf2('SHA-256', bytes('pw'), salt, 2000, 32);
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    try {
      expect(backendInfo().families.kdf).toBe('@noble/hashes');
      expect(() => requireNativeCrypto()).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
      expect(await kdf.pbkdf2('SHA-256', bytes('pw'), salt, 2000, 32)).toEqual(native);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('model flow in the browser (web backend only)', () => {
  it('sign up → log in → group → share → encrypt → decrypt', async () => {
    const { record: janeRec } = await createAccount({ accountId: 'jane', passphrase: 'pässwörd', ...FAST });
    const { record: bobRec, account: bob0 } = await createAccount({ accountId: 'bob', passphrase: 'hunter2', ...FAST });
    const jane = await login(json(janeRec), 'pässwörd');
    const bob = await login(json(bobRec), 'hunter2');
    expect(bob.publicKey).toEqual(bob0.publicKey);
    const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane);
    const link = await shareResourceGroup(group, jane, { accountId: bob.accountId, publicKey: bob.publicKey });
    const res = await encryptResource({ resourceId: 'r1', type: 'request', plaintext: 'GET /secret in a browser' }, group);
    const bobGroup = await openLink(json(link), bob, { accountId: jane.accountId, publicKey: jane.publicKey });
    expect(text(await decryptResource(json(res), bobGroup))).toBe('GET /secret in a browser');
    await expect(login(json(janeRec), 'wrong')).rejects.toBeInstanceOf(ZkvaultError);
  });
});
