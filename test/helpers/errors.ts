// Awaits a promise that must reject with a ZkvaultError and returns its code.
import { expect } from 'vitest';
import { DECRYPT_FAILED_MESSAGE, ZkvaultError } from '../../src/errors.js';

/** @returns the `code` of the ZkvaultError `p` rejects with (fails the test if it resolves, throws anything else, or gives a non-generic DECRYPT_FAILED message). */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
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
