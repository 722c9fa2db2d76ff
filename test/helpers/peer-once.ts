// Peer work that does not depend on our backend, done once per input for both backends.
// A property that runs per backend (describe.each(BACKENDS)) compares our result with a peer's
// (the Insomnia app's deriveKey, its sign-up). The peer's half is the same for both backends, so
// both backends' copies of the property draw the SAME inputs (one fast-check seed per file run,
// still random from run to run) and the peer's result for an input is computed once and compared
// with both backends' results: each backend still checks the same number of inputs as before.
// docs/testing.md, "Round 7 (in13)".
import type { HashName, KdfBackend } from '../../src/backend/types.js';

/**
 * A seed for fast-check, random per run (as fast-check's own default), for the per-backend copies
 * of one property: the same seed draws the same inputs in the same order, so the copy with fewer
 * runs checks a prefix of the other's inputs. A failure's report names the seed, as before.
 */
export function sharedSeed(): number {
  return (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
}

/**
 * @returns `fn` with its results kept by input (the arguments as JSON), for the file's life: a
 * second call with the same input returns the first call's promise. A rejected call is forgotten,
 * so a failure is never served to the other backend.
 */
export function oncePerInput<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const done = new Map<string, Promise<R>>();
  return (...args: A): Promise<R> => {
    const key = JSON.stringify(args);
    let p = done.get(key);
    if (p === undefined) {
      p = fn(...args);
      done.set(key, p);
      p.catch(() => done.delete(key));
    }
    return p;
  };
}

/**
 * @returns `kdf` with PBKDF2 done once per input (hash, password, salt, iterations, length) for the
 * wrapper's life; each call gets its own copy of the key (callers wipe theirs). For the tests that
 * unlock the same account again and again to check a refusal that is not about the KDF (a tampered
 * message, a swapped key): the first derivation of an input is the backend's real one, and a
 * different input (a wrong passphrase, another salt) is derived afresh. HKDF is passed through.
 */
export function oncePerKdfInput(kdf: KdfBackend): KdfBackend {
  const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  const derive = oncePerInput((h: HashName, password: string, salt: string, iterations: number, dkLen: number) =>
    kdf.pbkdf2(h, Buffer.from(password, 'hex'), Buffer.from(salt, 'hex'), iterations, dkLen).then((k) => k.slice()),
  );
  return {
    ...kdf,
    pbkdf2: async (h, password, salt, iterations, dkLen) => (await derive(h, hex(password), hex(salt), iterations, dkLen)).slice(),
  };
}
