// vitest setup file: with ZKVAULT_MEMLOG=<path> set, appends one line per test file to <path> after the
// file's tests: `<file> pid=<worker pid> rss= maxrss= heap= external= buffers=` in MB, read in the
// worker that ran the file. maxrss is the worker's peak RSS so far, so a file that grew its worker
// shows as a step in maxrss, even if the memory was freed before the line was written. Without the
// variable the file registers nothing. Written with appendFileSync: a worker may be stopped right
// after its last file, before an async write would land (docs/testing.md, "Round 4").
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll } from 'vitest';

const target = process.env['ZKVAULT_MEMLOG'];
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

if (target !== undefined && target !== '') {
  const path = resolve(target);
  // vitest 4 parses the first parameter as a fixture list: it must be a destructuring pattern.
  afterAll(({}, suite) => {
    const m = process.memoryUsage();
    // resourceUsage().maxRSS is in KiB.
    const peak = process.resourceUsage().maxRSS * 1024;
    const file = 'filepath' in suite && typeof suite.filepath === 'string' ? suite.filepath : suite.name;
    const fields = `rss=${mb(m.rss)} maxrss=${mb(peak)} heap=${mb(m.heapUsed)} external=${mb(m.external)} buffers=${mb(m.arrayBuffers)}`;
    appendFileSync(path, `${file.replace(`${process.cwd()}/`, '')} pid=${process.pid} ${fields}\n`);
  });
}
