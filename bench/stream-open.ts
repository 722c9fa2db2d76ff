// Issue 14, round 7 (os14): openStream against bare openers, paired CPU rounds in one process.
// Every mode runs once per round, in a fresh random order, after a minor GC; two rounds are
// discarded; ratios are paired per round (median, IQR, rounds where the first was faster). Modes:
// the round 6 floors of bench/stream.ts (bare TransformStreams around raw GCM, one cipher per chunk),
// a bare opener of OUR format (nothing of ours: it derives the stream key, decrypts each chunk as it
// arrives and retries the last one under the "last" nonce from the ciphertext buffer it keeps), and
// "pre" modes that open a stream sealed once, from memory, so that the opener is measured alone.
// Usage: node scripts/run-ts.mjs --expose-gc bench/stream-open.ts [--mib 64] [--rounds 25]
import { createDecipheriv, createSecretKey, hkdfSync, randomBytes, type DecipherGCM, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openIterable, openStream, sealStream, STREAM_HEADER_LENGTH, STREAM_TAG_LENGTH } from '../src/envelope/index.js';
import { isMain, pairedCpuRounds, quantile } from './harness.js';
import { bareOpener, bareSealer, drain, source } from './stream.js';

const LABEL = new TextEncoder().encode('zkvault/v1/stream');

/** A bare TransformStream opener of the streaming envelope, fed the pieces sealStream emits (header, then ciphertext and tag of each chunk). */
function bareStreamOpener(key: Uint8Array, aad: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  let i = 0;
  let ko: KeyObject | undefined;
  let fullAad = new Uint8Array(0);
  let prefix = new Uint8Array(0);
  let d: DecipherGCM | undefined;
  let ct: Uint8Array = new Uint8Array(0);
  let pt: Uint8Array = new Uint8Array(0);
  const nonce = (last: boolean): Uint8Array => {
    const n = new Uint8Array(12);
    n.set(prefix);
    new DataView(n.buffer).setUint32(7, i);
    n[11] = last ? 1 : 0;
    return n;
  };
  const decipher = (last: boolean): DecipherGCM => {
    const x = createDecipheriv('aes-256-gcm', ko!, nonce(last));
    x.setAAD(fullAad);
    return x;
  };
  return new TransformStream({
    transform(piece, ctl) {
      if (ko === undefined) {
        if (piece.length !== STREAM_HEADER_LENGTH) throw new Error('bench: the header is expected as one piece');
        const info = new Uint8Array(LABEL.length + 6);
        info.set(LABEL);
        info.set(piece.subarray(0, 6), LABEL.length);
        const okm = new Uint8Array(hkdfSync('sha256', key, piece.subarray(6, 38), info, 64));
        ko = createSecretKey(okm.subarray(0, 32));
        fullAad = new Uint8Array(piece.length + aad.length);
        fullAad.set(piece);
        fullAad.set(aad, piece.length);
        prefix = piece.slice(38, 45);
        return;
      }
      if (d === undefined) {
        d = decipher(false);
        ct = piece;
        pt = d.update(piece);
        return;
      }
      if (piece.length !== STREAM_TAG_LENGTH) throw new Error('bench: a tag is expected as one piece');
      try {
        d.setAuthTag(piece);
        d.final();
      } catch {
        const l = decipher(true);
        pt = l.update(ct);
        l.setAuthTag(piece);
        l.final();
      }
      i++;
      d = undefined;
      ctl.enqueue(pt);
    },
  });
}

function fromArray(xs: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= xs.length) return c.close();
      c.enqueue(xs[i++]!);
    },
  });
}

async function collect(s: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const b of s as unknown as AsyncIterable<Uint8Array>) out.push(b);
  return out;
}

const fmt = (xs: number[]): string => `${quantile(xs, 0.5).toFixed(3)} (${quantile(xs, 0.25).toFixed(3)}–${quantile(xs, 0.75).toFixed(3)})`;

/** Runs the paired rounds; @returns the report lines (CPU per mode, then the paired ratios). */
export async function streamOpenReport(mib: number, rounds: number): Promise<string[]> {
  const key = new Uint8Array(randomBytes(32));
  const aad = new Uint8Array(40).fill(1);
  const ko = createSecretKey(key);
  const base = randomBytes(12);
  const pre = await collect(source(mib).pipeThrough(sealStream(key, { aad })));
  const preBare = await collect(source(mib).pipeThrough(bareSealer(ko, aad, base)));
  const modes: Record<string, () => Promise<number>> = {
    'floor seal+open': () => drain(source(mib).pipeThrough(bareSealer(ko, aad, base)).pipeThrough(bareOpener(ko, aad, base))),
    'sealStream+openStream': () => drain(source(mib).pipeThrough(sealStream(key, { aad })).pipeThrough(openStream(key, { aad }))),
    'sealStream+bare stream opener': () => drain(source(mib).pipeThrough(sealStream(key, { aad })).pipeThrough(bareStreamOpener(key, aad))),
    'pre: bare opener': () => drain(fromArray(preBare).pipeThrough(bareOpener(ko, aad, base))),
    'pre: bare stream opener': () => drain(fromArray(pre).pipeThrough(bareStreamOpener(key, aad))),
    'pre: openStream': () => drain(fromArray(pre).pipeThrough(openStream(key, { aad }))),
    'pre: openIterable': () => drain(openIterable(pre, key, { aad })),
  };
  const names = Object.keys(modes);
  const cpu = await pairedCpuRounds(modes, rounds, 1, (m, n) => {
    if (n !== mib << 20) throw new Error(`bench: ${m} gave ${n} bytes`);
  });
  const lines = [`${mib} MiB in 1 MiB pieces, ${rounds} paired rounds, CPU ms: median (IQR)`];
  for (const m of names) lines.push(`  ${m}: ${fmt(cpu.get(m)!)}`);
  const pairs: Array<[string, string]> = [
    ['sealStream+openStream', 'floor seal+open'],
    ['sealStream+openStream', 'sealStream+bare stream opener'],
    ['pre: openStream', 'pre: bare opener'],
    ['pre: openStream', 'pre: bare stream opener'],
    ['pre: openIterable', 'pre: bare opener'],
  ];
  for (const [a, b] of pairs) {
    const xs = cpu.get(a)!;
    const ys = cpu.get(b)!;
    const rs = xs.map((x, i) => x / ys[i]!);
    lines.push(`  ${a} / ${b}: ${fmt(rs)}, first faster in ${rs.filter((x) => x < 1).length} of ${rs.length}`);
  }
  return lines;
}

if (isMain('stream-open')) {
  const { values } = parseArgs({ options: { mib: { type: 'string', default: '64' }, rounds: { type: 'string', default: '25' } } });
  console.log((await streamOpenReport(Number(values.mib), Number(values.rounds))).join('\n'));
}
