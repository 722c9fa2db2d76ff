// A small HTTP client for the server suites: JSON calls, SRP sign-up and login at test strength.
import { expect } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/bytes/index.js';
import { createAccount, ClientLogin, unlockAccount, type AccountRecord, type LoginParams, type UnlockedAccount } from '../../src/model/index.js';

export const IT = 1000; // test-only KDF setting
/** The fake parameters of unknown accounts match the test accounts' strength. */
export const TEST_FAKE = { kdf: { alg: 'PBKDF2-SHA256', iterations: IT }, srp: { bits: 2048, hash: 'SHA-256' }, secretKey: false } as const;
/** Limits high enough that only the tests about them hit them. */
export const ROOMY = { rateLimits: { perAccount: 10_000, perAddress: 100_000 }, pendingPerAccount: 1000, fakeAccount: TEST_FAKE };

export interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

export function client(base: string) {
  const call = async (method: string, path: string, body?: unknown, token?: string, raw?: string): Promise<Reply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (raw !== undefined) init.body = raw;
    else if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(base + path, init);
    expect(res.headers.get('content-type')).toBe('application/json');
    return { status: res.status, json: await res.json(), headers: res.headers };
  };
  const signup = async (accountId: string, passphrase: string): Promise<AccountRecord> => {
    const { record, account } = await createAccount({ accountId, passphrase, kdf: { iterations: IT }, srp: { bits: 2048 } });
    account.dispose();
    const r = await call('POST', '/v1/signup', { record });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return record;
  };
  /** A full login; `finish` (default: this server) takes round trip 3, so logins can cross instances. */
  const login = async (accountId: string, passphrase: string, finish: typeof call = call): Promise<{ status: number; token?: string; json?: any; unlock?: () => Promise<UnlockedAccount> }> => {
    const params = (await call('POST', '/v1/login/params', { accountId })).json as LoginParams;
    const l = await ClientLogin.start({ accountId, passphrase, params, minIterations: IT });
    const a = await call('POST', '/v1/login/a', { accountId, A: toBase64url(l.A) });
    if (a.status !== 200) return { status: a.status, json: a.json };
    const M1 = await l.respond(fromBase64url(a.json.B));
    const m = await finish('POST', '/v1/login/m1', { loginId: a.json.loginId, M1: toBase64url(M1) });
    if (m.status !== 200) return { status: m.status, json: m.json };
    await l.verify(fromBase64url(m.json.M2));
    const token = m.json.token as string;
    return { status: 200, token, unlock: async () => unlockAccount((await call('GET', '/v1/whoami', undefined, token)).json.record, l) };
  };
  return { call, signup, login };
}
