// Runs bundled snippets (test/helpers/snippets.ts) one after another in this one Node process, as
// `node <snippet>.mjs` would run each: its own module, top-level await awaited, then the event loop
// left to drain what the snippet started. Per snippet it records what the snippet wrote to stdout and
// stderr, uncaught exceptions and unhandled rejections, and process.exitCode; the exit status is 1
// if anything was thrown, else process.exitCode ?? 0 (a Node process exits the same way).
// Usage: node run-snippets.mjs <results.json> <snippet.mjs>...
import { writeFileSync } from 'node:fs';
import { setImmediate as turn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const [out, ...files] = process.argv.slice(2);
let cur = { stdout: '', stderr: '', errors: [] };
const capture = (key) => (chunk, encoding, cb) => {
  cur[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
  const done = typeof encoding === 'function' ? encoding : cb;
  if (typeof done === 'function') queueMicrotask(done);
  return true;
};
process.stdout.write = capture('stdout');
process.stderr.write = capture('stderr');
const failed = (e) => void cur.errors.push(e instanceof Error ? (e.stack ?? String(e)) : String(e));
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);

// What keeps the loop alive besides the snippet (the runner's own handles), so the wait below ends
// when the snippet's timers, sockets and workers are gone, as the snippet's own process would exit.
// Counted after a settling pause (stdio handles open, start-up requests done); immediates and close
// requests are left out, as they come and go with the runner's own waiting.
const pending = () => process.getActiveResourcesInfo().filter((r) => r !== 'Immediate' && r !== 'CloseReq');
await new Promise((r) => setTimeout(r, 20));
const base = pending().length;

const results = [];
for (const file of files) {
  cur = { stdout: '', stderr: '', errors: [] };
  process.exitCode = undefined;
  const t = Date.now();
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    failed(e);
  }
  // Drain: rejections surface after a turn; wait (at most 60 s) for the snippet's handles to close.
  await turn();
  while (pending().length > base && Date.now() - t < 60_000) await new Promise((r) => setTimeout(r, 5));
  if (pending().length > base) failed(new Error(`still running after 60 s: ${pending().join(', ')}`));
  const code = Number(process.exitCode ?? 0);
  results.push({ file, status: cur.errors.length > 0 ? 1 : code, stdout: cur.stdout, stderr: cur.stderr + cur.errors.join('\n'), ms: Date.now() - t });
}
process.exitCode = 0;
writeFileSync(out, JSON.stringify(results));
