// Peak memory of encryptResource + decryptResource of one 64 MiB resource (a string and bytes), on
// the node and web backends (issue 13, mem13). Each case runs in a fresh process, so its peak RSS
// (the kernel's VmHWM) is its own; heap and external are sampled after each step (before any GC).
// Run: node scripts/run-ts.mjs --expose-gc bench/resource-memory.ts        (all four cases)
//      node scripts/run-ts.mjs --expose-gc bench/resource-memory.ts node string   (one case)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aead as webAead } from '../src/backend/web/aead.js';
import { withBackends } from '../src/backend/backend-deps.js';
import { groupFromKey } from '../src/model/groups.js';
import { decryptResource, encryptResource, MAX_RESOURCE_BYTES } from '../src/model/index.js';

const MB = 1 << 20;
const vmHwm = (): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function runCase(backend: string, kind: string): Promise<void> {
  gc();
  const base = process.memoryUsage();
  const baseHwm = vmHwm();
  let peakHeap = 0;
  let peakExt = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakExt = Math.max(peakExt, m.external + m.arrayBuffers - base.external - base.arrayBuffers);
  };
  const group = groupFromKey('org1', 'g1', 1, new Uint8Array(32).fill(7));
  const run = async (): Promise<void> => {
    let plaintext: string | Uint8Array | undefined = kind === 'string' ? 'a'.repeat(MAX_RESOURCE_BYTES) : new Uint8Array(MAX_RESOURCE_BYTES).fill(97);
    if (typeof plaintext === 'string') plaintext.charCodeAt(0); // a flat string, as one read from a file would be
    sample();
    const t0 = performance.now();
    let rec: Awaited<ReturnType<typeof encryptResource>> | undefined = await encryptResource({ resourceId: 'r1', type: 'blob', plaintext }, group);
    const tEnc = performance.now() - t0;
    sample();
    plaintext = undefined; // the caller's copy is gone: what is left is the library's
    const t1 = performance.now();
    const pt = await decryptResource(rec, group);
    const tDec = performance.now() - t1;
    sample();
    rec = undefined;
    if (pt.length !== MAX_RESOURCE_BYTES || pt[12345] !== 97) throw new Error('round trip failed');
    console.log(JSON.stringify({ backend, kind, encryptMs: Math.round(tEnc), decryptMs: Math.round(tDec) }));
  };
  await (backend === 'web' ? withBackends({ aead: webAead }, run) : run());
  console.log(
    JSON.stringify({
      backend,
      kind,
      peakRssMB: +(vmHwm() / MB).toFixed(1),
      rssOverBaseMB: +((vmHwm() - baseHwm) / MB).toFixed(1),
      peakHeapOverBaseMB: +(peakHeap / MB).toFixed(1),
      peakExternalOverBaseMB: +(peakExt / MB).toFixed(1),
    }),
  );
}

const [backend, kind] = process.argv.slice(2);
if (backend !== undefined && kind !== undefined) {
  await runCase(backend, kind);
} else {
  const self = fileURLToPath(import.meta.url);
  console.log('case            peak RSS   RSS over start   heap over start*   external over start*   encrypt   decrypt');
  for (const b of ['node', 'web']) {
    for (const k of ['string', 'bytes']) {
      const r = spawnSync(process.execPath, ['--expose-gc', self, b, k], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const [t, m] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
      console.log(
        `${`${b} ${k}`.padEnd(14)} ${String(m!['peakRssMB']).padStart(7)} MB ${String(m!['rssOverBaseMB']).padStart(11)} MB ${String(m!['peakHeapOverBaseMB']).padStart(13)} MB ${String(m!['peakExternalOverBaseMB']).padStart(17)} MB ${String(t!['encryptMs']).padStart(7)} ms ${String(t!['decryptMs']).padStart(6)} ms`,
      );
    }
  }
  console.log('* sampled after each step (input made, encrypted, decrypted), before GC: a lower bound of the peak.');
}
