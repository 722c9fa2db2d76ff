// backendInfo() and requireNativeCrypto(): what each family uses, and the refusal (or warning) when
// crypto.subtle is missing, as in an insecure browser context. The browser run
// (test/browser/flow.browser.ts) checks the web side in real browsers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backendInfo, NATIVE_CRYPTO_MISSING_MESSAGE, requireNativeCrypto } from '../../src/index.js';
import { ZkvaultError } from '../../src/errors.js';

const noSubtle = () => vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
afterEach(() => vi.unstubAllGlobals());

describe('backendInfo', () => {
  it('on Node: the node backend, WebCrypto present, every family on node:crypto', () => {
    const info = backendInfo();
    expect(info.backend).toBe('node');
    expect(info.webCrypto).toBe(true);
    expect(Object.keys(info.families).sort()).toEqual(['aead', 'hash', 'kdf', 'modpow', 'random', 'rsa', 'x25519']);
    expect(info.families.aead).toBe('OpenSSL (node:crypto)');
  });

  it('sees a missing crypto.subtle', () => {
    noSubtle();
    expect(backendInfo().webCrypto).toBe(false);
  });
});

describe('requireNativeCrypto', () => {
  it('returns the info when WebCrypto is present', () => {
    expect(requireNativeCrypto()).toEqual(backendInfo());
  });

  it('throws UNSUPPORTED when crypto.subtle is missing', () => {
    noSubtle();
    expect(() => requireNativeCrypto()).toThrow(ZkvaultError);
    expect(() => requireNativeCrypto({ onMissing: 'throw' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', message: NATIVE_CRYPTO_MISSING_MESSAGE }));
  });

  it('warns instead when asked, and returns the info', () => {
    noSubtle();
    const warn = vi.fn();
    expect(requireNativeCrypto({ onMissing: 'warn', warn }).webCrypto).toBe(false);
    expect(warn).toHaveBeenCalledWith(NATIVE_CRYPTO_MISSING_MESSAGE);
  });

  it.each([[null], [[]], [{ onMissing: 'maybe' }], [{ warn: 'console' }]])('bad options %j: INVALID_INPUT', (o) => {
    expect(() => requireNativeCrypto(o as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
