// Issue 14, round 8 (sp14): does feeding GCM update() small pieces (4-64 KiB, so its output is
// malloc'd from the heap and stays in cache) and copying each into ONE preallocated framed output
// bring the v1 seal, or a stream sealer, nearer raw node:crypto GCM? Paired CPU rounds in one process,
// in the style of bench/stream-open.ts: every mode runs once per round (a batch of calls), in a fresh
// random order, after a minor GC; two rounds are discarded; each mode's CPU is divided by the raw
// baseline's in the same round (median, IQR, rounds where the mode was faster than the reference).
// Usage: node scripts/run-ts.mjs --expose-gc bench/seal-pieces.ts --what seal|open|stream [--mib 1]
//          [--rounds 25] [--pieces 8,16,32,64] [--zero] [--paced]
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ENVELOPE_HEADER_LENGTH } from '../src/envelope/envelope-key.js';
import { envelopeKey } from '../src/envelope/api.js';
import { sealStream } from '../src/envelope/index.js';
import { isMain, pairedCpuRounds, quantile } from './harness.js';
import { pooledIv } from './peers.js';
import { bareSealer, drain, source } from './stream.js';

const KiB = 1024;
const TAG = 16;

type Alloc = 'unsafe' | 'zero';

function output(n: number, alloc: Alloc): Uint8Array {
  return alloc === 'zero' ? new Uint8Array(n) : Buffer.allocUnsafeSlow(n);
}

/**
 * Raw GCM into one framed output, update() fed `piece` bytes at a time, each copied in as it comes;
 * `paced`: handing the event loop back every 1 MiB, as the node backend does above 4 MiB.
 */
async function sealInPieces(ko: KeyObject, pt: Uint8Array, aad: Uint8Array, piece: number, alloc: Alloc, paced = false): Promise<Uint8Array> {
  const c = createCipheriv('aes-256-gcm', ko, pooledIv());
  c.setAAD(aad);
  const out = output(ENVELOPE_HEADER_LENGTH + pt.length + TAG, alloc);
  let off = ENVELOPE_HEADER_LENGTH;
  for (let i = 0; i < pt.length; i += piece) {
    if (paced && i > 0 && i % (1 << 20) === 0) await new Promise((resolve) => setImmediate(resolve));
    const part = c.update(pt.subarray(i, Math.min(pt.length, i + piece)));
    out.set(part, off);
    off += part.length;
  }
  c.final();
  out.set(c.getAuthTag(), off);
  return out;
}

/** A bare TransformStream sealer (one cipher per chunk) that feeds update() `piece` bytes at a time. */
function pieceSealer(ko: KeyObject, aad: Uint8Array, base: Uint8Array, piece: number, into: 'direct' | 'chunk'): TransformStream<Uint8Array, Uint8Array> {
  let i = 0;
  return new TransformStream({
    transform(chunk, ctl) {
      const n = base.slice();
      new DataView(n.buffer).setUint32(8, i++);
      const c = createCipheriv('aes-256-gcm', ko, n);
      c.setAAD(aad);
      if (into === 'direct') {
        for (let j = 0; j < chunk.length; j += piece) ctl.enqueue(c.update(chunk.subarray(j, j + piece)));
        c.final();
        ctl.enqueue(c.getAuthTag());
        return;
      }
      const out = Buffer.allocUnsafeSlow(chunk.length + TAG);
      for (let j = 0; j < chunk.length; j += piece) out.set(c.update(chunk.subarray(j, j + piece)), j);
      c.final();
      out.set(c.getAuthTag(), chunk.length);
      ctl.enqueue(out);
    },
  });
}

const fmt = (xs: number[]): string => `${quantile(xs, 0.5).toFixed(3)} (${quantile(xs, 0.25).toFixed(3)}–${quantile(xs, 0.75).toFixed(3)})`;

type Modes = Record<string, () => Promise<unknown>>;

/** One sample: `calls` calls of `f`, so that a sample of a small size is long enough to time. */
const batchOf = (calls: number) => (f: () => unknown) => async (): Promise<void> => {
  for (let i = 0; i < calls; i++) await f();
};

async function sealModes(mib: number, pieces: number[], zero: boolean, paced: boolean): Promise<{ modes: Modes; calls: number }> {
  const key = new Uint8Array(randomBytes(32));
  const aad = new Uint8Array(48).fill(1);
  const ko = createSecretKey(key);
  const size = Math.round(mib * (1 << 20));
  const pt = new Uint8Array(randomBytes(size));
  const k = await envelopeKey(key);
  const calls = Math.max(1, Math.round(16 / mib));
  const batch = batchOf(calls);
  const modes: Modes = {
    raw: batch(() => {
      const c = createCipheriv('aes-256-gcm', ko, pooledIv());
      c.setAAD(aad);
      return [c.update(pt), c.final(), c.getAuthTag()];
    }),
    'floor (raw + one copy)': batch(() => sealInPieces(ko, pt, aad, size || 1, 'unsafe')),
    'ours (EnvelopeKey.seal)': batch(() => k.seal(pt, { aad })),
  };
  for (const p of pieces) {
    modes[`${p} KiB pieces, allocUnsafeSlow`] = batch(() => sealInPieces(ko, pt, aad, p * KiB, 'unsafe'));
    if (zero) modes[`${p} KiB pieces, zero-filled`] = batch(() => sealInPieces(ko, pt, aad, p * KiB, 'zero'));
    if (paced) {
      modes[`${p} KiB pieces, allocUnsafeSlow, paced`] = batch(() => sealInPieces(ko, pt, aad, p * KiB, 'unsafe', true));
      if (zero) modes[`${p} KiB pieces, zero-filled, paced`] = batch(() => sealInPieces(ko, pt, aad, p * KiB, 'zero', true));
    }
  }
  return { modes, calls };
}

/** Raw GCM decryption into one output, update() fed `piece` bytes at a time, paced every 1 MiB (the node backend's path above 4 MiB). */
async function openInPieces(ko: KeyObject, iv: Uint8Array, ct: Uint8Array, tag: Uint8Array, aad: Uint8Array, piece: number, alloc: Alloc): Promise<Uint8Array> {
  const d = createDecipheriv('aes-256-gcm', ko, iv);
  d.setAAD(aad);
  d.setAuthTag(tag);
  const out = output(ct.length, alloc);
  for (let i = 0; i < ct.length; i += piece) {
    if (i > 0 && i % (1 << 20) === 0) await new Promise((resolve) => setImmediate(resolve));
    out.set(d.update(ct.subarray(i, Math.min(ct.length, i + piece))), i);
  }
  d.final();
  return out;
}

async function openModes(mib: number, pieces: number[]): Promise<{ modes: Modes; calls: number }> {
  const key = new Uint8Array(randomBytes(32));
  const aad = new Uint8Array(48).fill(1);
  const ko = createSecretKey(key);
  const pt = new Uint8Array(randomBytes(Math.round(mib * (1 << 20))));
  const k = await envelopeKey(key);
  const env = await k.seal(pt, { aad });
  const iv = env.subarray(2, 14);
  const full = new Uint8Array(ENVELOPE_HEADER_LENGTH + aad.length);
  full.set(env.subarray(0, ENVELOPE_HEADER_LENGTH));
  full.set(aad, ENVELOPE_HEADER_LENGTH);
  const ct = env.subarray(ENVELOPE_HEADER_LENGTH, env.length - TAG);
  const tag = env.subarray(env.length - TAG);
  const calls = Math.max(1, Math.round(16 / mib));
  const batch = batchOf(calls);
  const modes: Modes = {
    raw: batch(() => {
      const d = createDecipheriv('aes-256-gcm', ko, iv);
      d.setAAD(full);
      d.setAuthTag(tag);
      return [d.update(ct), d.final()];
    }),
    'ours (EnvelopeKey.open)': batch(() => k.open(env, { aad })),
  };
  for (const p of pieces) {
    modes[`${p} KiB pieces, allocUnsafeSlow, paced`] = batch(() => openInPieces(ko, iv, ct, tag, full, p * KiB, 'unsafe'));
    modes[`${p} KiB pieces, zero-filled, paced`] = batch(() => openInPieces(ko, iv, ct, tag, full, p * KiB, 'zero'));
  }
  return { modes, calls };
}

function streamModes(mib: number, pieces: number[]): { modes: Modes; calls: number } {
  const key = new Uint8Array(randomBytes(32));
  const aad = new Uint8Array(40).fill(1);
  const ko = createSecretKey(key);
  const base = randomBytes(12);
  const modes: Modes = {
    raw: async () => {
      const c = createCipheriv('aes-256-gcm', ko, pooledIv());
      c.setAAD(aad);
      let n = 0;
      for await (const piece of source(mib) as unknown as AsyncIterable<Uint8Array>) n += c.update(piece).length;
      c.final();
      return n + TAG;
    },
    floor: () => drain(source(mib).pipeThrough(bareSealer(ko, aad, base))),
    sealStream: () => drain(source(mib).pipeThrough(sealStream(key, { aad }))),
  };
  for (const p of pieces) {
    modes[`floor, ${p} KiB pieces emitted`] = () => drain(source(mib).pipeThrough(pieceSealer(ko, aad, base, p * KiB, 'direct')));
    modes[`floor, ${p} KiB pieces into one chunk buffer`] = () => drain(source(mib).pipeThrough(pieceSealer(ko, aad, base, p * KiB, 'chunk')));
  }
  return { modes, calls: 1 };
}

/** Runs the paired rounds; @returns the report lines (CPU per call and mode, then ratios to raw and to the floor). */
export async function sealPiecesReport(what: 'seal' | 'open' | 'stream', mib: number, rounds: number, pieces: number[], zero: boolean, paced = false): Promise<string[]> {
  const { modes, calls } = what === 'seal' ? await sealModes(mib, pieces, zero, paced) : what === 'open' ? await openModes(mib, pieces) : streamModes(mib, pieces);
  const names = Object.keys(modes);
  const ours = what === 'seal' ? 'ours (EnvelopeKey.seal)' : what === 'open' ? 'ours (EnvelopeKey.open)' : 'sealStream';
  // Opening has no framed output to copy into: its floor is raw.
  const floor = what === 'seal' ? 'floor (raw + one copy)' : what === 'open' ? 'raw' : 'floor';
  const cpu = await pairedCpuRounds(modes, rounds, calls);
  const lines = [`${what} ${mib} MiB, ${calls} call(s) per sample, ${rounds} paired rounds; CPU ms per call, median (IQR); paired ratios to raw, the floor and ours (and rounds faster than ours)`];
  const ratio = (xs: number[], ref: string): number[] => xs.map((x, i) => x / cpu.get(ref)![i]!);
  for (const m of names) {
    const xs = cpu.get(m)!;
    const toOurs = ratio(xs, ours);
    lines.push(`  ${m}: ${fmt(xs)} ms; ${fmt(ratio(xs, 'raw'))}x raw; ${fmt(ratio(xs, floor))}x floor; ${fmt(toOurs)}x ours, faster in ${toOurs.filter((x) => x < 1).length} of ${rounds}`);
  }
  return lines;
}

if (isMain('seal-pieces')) {
  const { values } = parseArgs({
    options: {
      what: { type: 'string', default: 'seal' },
      mib: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '25' },
      pieces: { type: 'string', default: '8,16,32,64' },
      zero: { type: 'boolean', default: false },
      paced: { type: 'boolean', default: false },
    },
  });
  const what = values.what === 'stream' || values.what === 'open' ? values.what : 'seal';
  const pieces = values.pieces.split(',').filter((s) => s !== '').map(Number);
  console.log((await sealPiecesReport(what, Number(values.mib), Number(values.rounds), pieces, values.zero, values.paced)).join('\n'));
}
