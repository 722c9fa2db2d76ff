// The cost of a missing crypto.subtle (an insecure browser context) on the web backend: PBKDF2-SHA256
// at the default 600,000 iterations and AES-256-GCM over 1 MiB, WebCrypto vs the @noble fallback the
// backend takes without it. Medians of 3 runs. Run: node scripts/run-ts.mjs bench/insecure-context.ts
import { aead } from '../src/backend/web/aead.js';
import { kdf } from '../src/backend/web/kdf.js';
import { DEFAULT_ITERATIONS } from '../src/model/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(f: () => Promise<unknown>, runs = 3): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const pw = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(1);
const key = new Uint8Array(32).fill(2);
const nonce = new Uint8Array(12).fill(3);
const data = new Uint8Array(1 << 20);

async function measure(): Promise<{ pbkdf2: number; gcm: number }> {
  const k = await aead.aesGcmKey(key);
  return {
    pbkdf2: await time(() => kdf.pbkdf2('SHA-256', pw, salt, DEFAULT_ITERATIONS, 32)),
    gcm: await time(() => k.encrypt(nonce, data, new Uint8Array(0))),
  };
}

const native = await measure();
const real = globalThis.crypto;
Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: real.getRandomValues.bind(real) }, configurable: true });
const fallback = await measure();
Object.defineProperty(globalThis, 'crypto', { value: real, configurable: true });
const row = (name: string, a: number, b: number): string => `${name.padEnd(28)} ${a.toFixed(0).padStart(8)} ms ${b.toFixed(0).padStart(8)} ms   ${(b / a).toFixed(1)}x`;
console.log(`${'web backend, Node ' + process.version}`.padEnd(28) + '   WebCrypto   @noble   slowdown');
console.log(row(`PBKDF2-SHA256 ${DEFAULT_ITERATIONS}`, native.pbkdf2, fallback.pbkdf2));
console.log(row('AES-256-GCM encrypt 1 MiB', native.gcm, fallback.gcm));
