// The one set of error helpers of the test suite: every failing call must be a ZkvaultError, and a
// DECRYPT_FAILED must carry the one generic message.
import { expect } from 'vitest';
import { DECRYPT_FAILED_MESSAGE, ZkvaultError } from '../../src/errors.js';

/**
 * @returns the `code` of the ZkvaultError `p` rejects with, or `p()` throws or rejects with (fails the
 * test if it resolves, throws anything else, or gives a non-generic DECRYPT_FAILED message).
 */
export async function errorCode(p: Promise<unknown> | (() => unknown)): Promise<string> {
  const run = typeof p === 'function' ? (async () => p())() : p;
  const e = await run.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ZkvaultError);
  // Every decryption failure must look the same.
  if ((e as ZkvaultError).code === 'DECRYPT_FAILED') expect((e as ZkvaultError).message).toBe(DECRYPT_FAILED_MESSAGE);
  return (e as ZkvaultError).code;
}

/** @returns the `code` of the ZkvaultError `f` throws synchronously, or `'OK'` if it returns. */
export function syncErrorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    return (e as ZkvaultError).code;
  }
  return 'OK';
}

/** @returns the ZkvaultError `p` rejects with (fails the test if it resolves or throws anything else), to check its message too. */
export async function zkvaultErrorOf(p: Promise<unknown>): Promise<ZkvaultError> {
  expect(await errorCode(p)).toEqual(expect.any(String));
  return p.then(
    () => {
      throw new Error('resolved');
    },
    (e: unknown) => e as ZkvaultError,
  );
}

/** @returns the ZkvaultError `f` throws synchronously (fails the test if it returns or throws anything else). */
export function syncZkvaultErrorOf(f: () => unknown): ZkvaultError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ZkvaultError);
  return caught as ZkvaultError;
}

/** Fails the test unless `p` rejects with the one generic DECRYPT_FAILED (same code and message whatever the cause). */
export async function expectDecryptFailed(p: Promise<unknown>): Promise<void> {
  expect(await errorCode(p)).toBe('DECRYPT_FAILED');
}

/** @returns a matcher for a ZkvaultError with `code`, for `toThrow(…)` and `rejects.toThrow(…)`. */
export function zkvaultCode(code: string): unknown {
  return expect.objectContaining({ name: 'ZkvaultError', code });
}

/** @returns "CODE: message" of the ZkvaultError `f` throws synchronously: which check refused, not only its code. */
export function syncRefusal(f: () => unknown): string {
  const e = syncZkvaultErrorOf(f);
  return `${e.code}: ${e.message}`;
}

/** @returns "CODE: message" of the ZkvaultError `p` rejects with: which check refused, not only its code. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await zkvaultErrorOf(p);
  return `${e.code}: ${e.message}`;
}

/** The error `f` throws, as "CODE: message" (it must be a ZkvaultError), or 'OK' if it returns. */
export function syncOutcome(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    return `${(e as ZkvaultError).code}: ${(e as ZkvaultError).message}`;
  }
  return 'OK';
}

/** {@link syncOutcome} for a function that may return a promise. */
export async function outcome(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkvaultError);
    return `${(e as ZkvaultError).code}: ${(e as ZkvaultError).message}`;
  }
  return 'OK';
}
