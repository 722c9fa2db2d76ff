// The deterministic workload of the crash test, shared by the writer child and the checking parent:
// transaction t (t = 1, 2, …) is a fixed list of 1-3 puts and deletes over 64 keys, so the parent
// knows exactly what the vault must hold after any number of commits.

/** One write of a transaction. */
export type CrashOp = { kind: 'put'; key: string; value: Uint8Array } | { kind: 'delete'; key: string };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value transaction `t` writes to `key`: its origin in text, then a pattern (16..415 bytes). */
export function crashValue(t: number, key: string, length: number): Uint8Array {
  const head = new TextEncoder().encode(`${t}:${key}:`);
  const out = new Uint8Array(Math.max(length, head.length));
  out.set(head);
  for (let i = head.length; i < out.length; i++) out[i] = (i * 31 + t * 7) & 0xff;
  return out;
}

/** The writes of transaction `t`. */
export function crashOps(t: number): CrashOp[] {
  const r = mulberry32(t * 2654435761);
  const n = 1 + Math.floor(r() * 3);
  const ops: CrashOp[] = [];
  for (let i = 0; i < n; i++) {
    const key = `k${Math.floor(r() * 64)}`;
    if (r() < 0.15) ops.push({ kind: 'delete', key });
    else ops.push({ kind: 'put', key, value: crashValue(t, key, 16 + Math.floor(r() * 400)) });
  }
  return ops;
}

/** Applies transaction `t` to a model of the vault. */
export function applyCrashOps(model: Map<string, Uint8Array>, t: number): void {
  for (const op of crashOps(t)) {
    if (op.kind === 'put') model.set(op.key, op.value);
    else model.delete(op.key);
  }
}

/** The NeDB folder of the migration crash test: `files` files of `docs` documents, with rewrites and deletes. */
export function nedbFolder(files: number, docs: number): Map<string, string> {
  const out = new Map<string, string>();
  for (let f = 0; f < files; f++) {
    const lines: string[] = [];
    for (let d = 0; d < docs; d++) lines.push(JSON.stringify({ _id: `doc_${f}_${d}`, type: `Type${f}`, n: d, body: 'x'.repeat(d % 50) }));
    lines.push(JSON.stringify({ _id: `doc_${f}_0`, type: `Type${f}`, n: -1, body: 'rewritten' })); // later line wins
    lines.push(JSON.stringify({ $$deleted: true, _id: `doc_${f}_1` }));
    out.set(`insomnia.Type${f}.db`, lines.join('\n') + '\n');
  }
  return out;
}

/** What the vault holds after migrating {@link nedbFolder}: key → JSON text. */
export function nedbExpected(files: number, docs: number): Map<string, string> {
  const out = new Map<string, string>();
  for (let f = 0; f < files; f++) {
    for (let d = 2; d < docs; d++) out.set(`Type${f}/doc_${f}_${d}`, JSON.stringify({ _id: `doc_${f}_${d}`, type: `Type${f}`, n: d, body: 'x'.repeat(d % 50) }));
    out.set(`Type${f}/doc_${f}_0`, JSON.stringify({ _id: `doc_${f}_0`, type: `Type${f}`, n: -1, body: 'rewritten' }));
  }
  return out;
}
