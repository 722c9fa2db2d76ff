// Streaming envelope throughput against raw node:crypto AES-256-GCM (issue 14, goal 2: ≥ 0.9x raw),
// in one process with the harness's paired rounds (each zkvault run between two raw runs), so the
// ratio survives a loaded machine. Raw = one GCM over the same fresh 1 MiB pieces in a for-await
// loop: no chunks, no framing, no yielding. Peak RSS and event-loop stalls need a fresh process per
// run: bench/stream.ts (the "scaling" section).
import { runMode } from './stream.js';
import { measureGroup, type BenchOptions, type BenchRow } from './harness.js';

/** Floor rows (issue 14, round 6): what any WHATWG TransformStream API pays around raw GCM; names used by bench/run.ts. */
export const STREAM_FLOOR_SEAL = 'floor: bare TransformStream, raw GCM per chunk';
export const STREAM_FLOOR_SEAL_OPEN = 'floor: two bare TransformStreams, raw GCM per chunk';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const mib = 64; // about 50-100 ms per run: one call per batch, in quick mode too
  const rows = await measureGroup(
    `seal ${mib} MiB in 1 MiB pieces`,
    [
      { impl: 'raw node:crypto AES-256-GCM', fn: () => runMode('raw seal', mib), baseline: true },
      { impl: 'zkvault sealStream (TransformStream)', fn: () => runMode('zkvault sealStream', mib) },
      { impl: 'zkvault sealIterable', fn: () => runMode('zkvault sealIterable', mib) },
      { impl: STREAM_FLOOR_SEAL, fn: () => runMode('floor seal', mib) },
    ],
    opts,
  );
  rows.push(
    ...(await measureGroup(
      `seal+open ${mib} MiB in 1 MiB pieces`,
      [
        { impl: 'raw node:crypto AES-256-GCM seal+open', fn: () => runMode('raw seal+open', mib), baseline: true },
        { impl: 'zkvault sealStream+openStream', fn: () => runMode('zkvault sealStream+openStream', mib) },
        { impl: 'zkvault sealIterable+openIterable', fn: () => runMode('zkvault sealIterable+openIterable', mib) },
        { impl: STREAM_FLOOR_SEAL_OPEN, fn: () => runMode('floor seal+open', mib) },
      ],
      opts,
    )),
  );
  return rows;
}
