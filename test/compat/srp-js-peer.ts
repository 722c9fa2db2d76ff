// The SRP package the Insomnia desktop app actually depends on: `srp-js` 0.2.1 (CommonJS, jsbn,
// node:crypto), pinned exactly in package.json. Loaded with createRequire; typed here with the few
// members the tests use (the package ships no types).
import { createRequire } from 'node:module';

/** A group as srp-js holds it (jsbn numbers; only `hash` and the bit length are read here). */
export interface SrpJsParams {
  N_length_bits: number;
  hash: string;
}

/** srp-js `Client`: `new Client(params, salt, I, P, a)`. */
export interface SrpJsClient {
  computeA(): Buffer;
  setB(B: Buffer): void;
  computeM1(): Buffer;
  checkM2(M2: Buffer): void;
  computeK(): Buffer;
  /** Internal state the package keeps "only for tests": S is read to prove the leading-zero cases. */
  _private: { S_buf: Buffer };
}

/** srp-js `Server`: `new Server(params, v, b)`. */
export interface SrpJsServer {
  computeB(): Buffer;
  setA(A: Buffer): void;
  checkM1(M1: Buffer): Buffer;
  computeK(): Buffer;
  _private: { S_buf: Buffer };
}

export interface SrpJs {
  params: Record<number, SrpJsParams>;
  computeVerifier(params: SrpJsParams, salt: Buffer, I: Buffer, P: Buffer): Buffer;
  Client: new (params: SrpJsParams, salt: Buffer, I: Buffer, P: Buffer, a: Buffer) => SrpJsClient;
  Server: new (params: SrpJsParams, v: Buffer, b: Buffer) => SrpJsServer;
}

/** The srp-js 0.2.1 module. */
export function loadSrpJs(): SrpJs {
  const require = createRequire(import.meta.url);
  const mod = require('srp-js') as SrpJs;
  const version = (require('srp-js/package.json') as { version: string }).version;
  if (version !== '0.2.1') throw new Error(`expected srp-js 0.2.1, found ${version}`);
  return mod;
}
