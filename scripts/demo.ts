// `npm run demo`: the end-to-end story through the public API, in one process.
// (Until the model layer lands this shows the envelope and KDF layers.)
import { open, seal, sealToString } from '../src/envelope/index.js';
import { ZkvaultError } from '../src/errors.js';
import { pbkdf2 } from '../src/kdf/index.js';

const te = new TextEncoder();
const td = new TextDecoder();
const t0 = performance.now();

const salt = crypto.getRandomValues(new Uint8Array(32));
const kdfStart = performance.now();
const key = await pbkdf2('correct horse battery staple', salt, { iterations: 600_000 });
console.log(`1. PBKDF2-SHA256, 600,000 iterations → 32-byte key in ${(performance.now() - kdfStart).toFixed(0)} ms`);

const context = te.encode('zkvault/demo|tenant:acme|group:g1|v1|resource:r1|request');
const plaintext = te.encode('{"method":"GET","url":"https://api.example.test/users"}');
const env = await seal(key, plaintext, context);
console.log(`2. sealed ${plaintext.length} bytes into a ${env.length}-byte v1 envelope (header 46 + tag 16)`);
console.log(`   text form: ${(await sealToString(key, plaintext, context)).slice(0, 60)}…`);
console.log(`3. opened with the right key and context: ${td.decode(await open(key, env, context))}`);

async function expectFailure(label: string, p: Promise<unknown>): Promise<void> {
  try {
    await p;
    console.log(`   ${label}: OPENED — this must not happen`);
    process.exitCode = 1;
  } catch (e) {
    if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
    console.log(`   ${label}: ${e.code}`);
  }
}
console.log('4. what a malicious server can try:');
const flipped = env.slice();
flipped[60]! ^= 1;
await expectFailure('flip one ciphertext bit', open(key, flipped, context));
await expectFailure('move it to another resource (other context)', open(key, env, te.encode('zkvault/demo|tenant:acme|group:g1|v1|resource:r2|request')));
await expectFailure('open with another key', open(crypto.getRandomValues(new Uint8Array(32)), env, context));
await expectFailure('truncate it', open(key, env.subarray(0, env.length - 1), context));
console.log(`done in ${(performance.now() - t0).toFixed(0)} ms`);
