/**
 * An OpenSSL Diffie-Hellman context (RFC 2631 / PKCS #3 modular exponentiation) built and held in a
 * worker thread, for moduli OpenSSL does not name (the RFC 5054 2048-bit group).
 *
 * Why a worker: `createDiffieHellman(N, g)` runs OpenSSL's safe-prime check (DH_check) before it
 * returns, a one-time cost that blocked the event loop for 0.25 s at 2048 bits on an idle machine
 * and over 1 s under load (issue 14). Node has no way to skip the check, and a DH object cannot
 * move between threads, so the worker builds it and keeps it; the main thread is never blocked by
 * the check. Until the worker reports ready, the caller uses BigInt.
 *
 * Each exponentiation after that is a synchronous call into the worker: the exponent and base are
 * written into a SharedArrayBuffer, the worker is woken with `Atomics.notify`, and the main thread
 * waits (`Atomics.wait`, allowed on Node's main thread) for the result, about the modexp's own time
 * plus two thread wake-ups. The exponent bytes are zeroed in the shared buffer after each call. A
 * call that does not finish within {@link CALL_TIMEOUT_MS} (a dead or starved worker) marks the
 * context broken and the caller falls back to BigInt for good.
 * @module
 */
import { Worker } from 'node:worker_threads';

/** The longest a main-thread call waits for the worker before giving up on it (ms). */
export const CALL_TIMEOUT_MS = 2000;

// Control words (Int32): [0] state, [1] exponent length, [2] base length (0: generator power), [3] result length.
const IDLE = 0;
const REQUEST = 1;
const DONE = 2;
const FAILED = 3;
const CLOSE = 4;
const CTL_BYTES = 16;

// Runs in the worker (CommonJS, eval): builds the context, reports, then serves requests forever.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createDiffieHellman } = require('node:crypto');
const ctl = new Int32Array(workerData.sab, 0, 4);
const buf = new Uint8Array(workerData.sab, ${CTL_BYTES});
let dh;
try {
  dh = createDiffieHellman(Buffer.from(workerData.N), Buffer.from(workerData.g));
} catch {
  dh = undefined;
}
parentPort.postMessage(dh !== undefined);
while (dh !== undefined) {
  const state = Atomics.load(ctl, 0);
  if (state === ${CLOSE}) break;
  if (state !== ${REQUEST}) {
    Atomics.wait(ctl, 0, state);
    continue;
  }
  let done = ${FAILED};
  try {
    const el = ctl[1];
    const bl = ctl[2];
    const e = Buffer.from(buf.subarray(0, el));
    dh.setPrivateKey(e);
    e.fill(0);
    let out;
    if (bl === 0) {
      dh.generateKeys();
      out = dh.getPublicKey();
    } else {
      out = dh.computeSecret(Buffer.from(buf.subarray(el, el + bl)));
    }
    buf.set(out);
    ctl[3] = out.length;
    done = ${DONE};
  } catch {}
  Atomics.store(ctl, 0, done);
  Atomics.notify(ctl, 0);
}
`;

/** A DH context in a worker thread; see the module comment. */
export class WorkerDh {
  readonly #worker: Worker;
  readonly #ctl: Int32Array;
  readonly #buf: Uint8Array;
  #ready = false;
  #broken = false;
  /** Settles once the worker has built the context (true) or could not (false). */
  readonly ready: Promise<boolean>;

  /**
   * Starts the worker; nothing blocks the calling thread.
   * @param N - the modulus, big-endian.
   * @param g - the generator, big-endian.
   */
  constructor(N: Uint8Array, g: Uint8Array) {
    // Room for an exponent below N and a base below N.
    const sab = new SharedArrayBuffer(CTL_BYTES + 2 * N.length);
    this.#ctl = new Int32Array(sab, 0, 4);
    this.#buf = new Uint8Array(sab, CTL_BYTES);
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, N, g } });
    this.ready = new Promise<boolean>((resolve) => {
      this.#worker.once('message', (ok: boolean) => {
        this.#ready = ok;
        this.#broken = !ok;
        // Kept referenced until now, so a process awaiting the preparation does not exit first.
        this.#worker.unref();
        if (!ok) void this.#worker.terminate();
        resolve(ok);
      });
      this.#worker.once('error', () => {
        this.#broken = true;
        resolve(false);
      });
    });
  }

  /** Whether calls go to the worker now (built, not broken). */
  usable(): boolean {
    return this.#ready && !this.#broken;
  }

  /**
   * @param exponent - the private exponent, big-endian, shorter than N.
   * @param base - the base, big-endian, N's length; undefined for a power of the context's generator.
   * @returns base^exponent mod N, or undefined if the worker is not usable (the caller uses BigInt).
   */
  pow(exponent: Uint8Array, base: Uint8Array | undefined): Uint8Array | undefined {
    if (!this.usable()) return undefined;
    const ctl = this.#ctl;
    const buf = this.#buf;
    buf.set(exponent);
    if (base !== undefined) buf.set(base, exponent.length);
    ctl[1] = exponent.length;
    ctl[2] = base === undefined ? 0 : base.length;
    Atomics.store(ctl, 0, REQUEST);
    Atomics.notify(ctl, 0);
    let state = Atomics.load(ctl, 0);
    while (state === REQUEST) {
      if (Atomics.wait(ctl, 0, REQUEST, CALL_TIMEOUT_MS) === 'timed-out') {
        this.close();
        return undefined;
      }
      state = Atomics.load(ctl, 0);
    }
    const out = state === DONE ? buf.slice(0, ctl[3]) : undefined;
    buf.fill(0, 0, exponent.length);
    Atomics.store(ctl, 0, IDLE);
    return out;
  }

  /** Stops the worker; later calls return undefined. */
  close(): void {
    this.#broken = true;
    Atomics.store(this.#ctl, 0, CLOSE);
    Atomics.notify(this.#ctl, 0);
    void this.#worker.terminate();
  }
}
