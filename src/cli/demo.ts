/**
 * `zkvault demo`: the end-to-end story through the public API.
 * (Until the model layer is wired in, it shows the KDF and envelope layers against a tampering server.)
 * @module
 */
import { open, seal, sealToString } from '../envelope/index.js';
import { ZkvaultError } from '../errors.js';
import { pbkdf2 } from '../kdf/index.js';

/** Runs the demo, printing through `out`. @returns the process exit code. */
export async function runDemo(out: (line: string) => void): Promise<number> {
  const te = new TextEncoder();
  const td = new TextDecoder();
  const t0 = performance.now();
  let code = 0;

  const salt = crypto.getRandomValues(new Uint8Array(32));
  const kdfStart = performance.now();
  const key = await pbkdf2('correct horse battery staple', salt, { iterations: 600_000 });
  out(`1. PBKDF2-SHA256, 600,000 iterations → 32-byte key in ${(performance.now() - kdfStart).toFixed(0)} ms`);

  const context = te.encode('zkvault/demo|tenant:acme|group:g1|v1|resource:r1|request');
  const plaintext = te.encode('{"method":"GET","url":"https://api.example.test/users"}');
  const env = await seal(key, plaintext, context);
  out(`2. sealed ${plaintext.length} bytes into a ${env.length}-byte v1 envelope (header 46 + tag 16)`);
  out(`   text form: ${(await sealToString(key, plaintext, context)).slice(0, 60)}…`);
  out(`3. opened with the right key and context: ${td.decode(await open(key, env, context))}`);

  const expectFailure = async (label: string, p: Promise<unknown>): Promise<void> => {
    try {
      await p;
      out(`   ${label}: OPENED — this must not happen`);
      code = 1;
    } catch (e) {
      if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
      out(`   ${label}: ${e.code}`);
    }
  };
  out('4. what a malicious server can try:');
  const flipped = env.slice();
  flipped[60]! ^= 1;
  await expectFailure('flip one ciphertext bit', open(key, flipped, context));
  await expectFailure('move it to another resource (other context)', open(key, env, te.encode('zkvault/demo|tenant:acme|group:g1|v1|resource:r2|request')));
  await expectFailure('open with another key', open(crypto.getRandomValues(new Uint8Array(32)), env, context));
  await expectFailure('truncate it', open(key, env.subarray(0, env.length - 1), context));
  out(`done in ${(performance.now() - t0).toFixed(0)} ms`);
  return code;
}
