// vitest setup file: with ZKVAULT_MEMLOG=<path> set, appends one line per test file to <path> after the
// file's tests: `<file> pid=<worker pid> start= end= cpu= children= rss= maxrss= heap= external= buffers=`
// (times in s: start/end since the epoch, CPU of the worker and of its waited-for child processes during
// the file's tests, not its imports; memory in MB), read in the
// worker that ran the file. maxrss is the worker's peak RSS so far, so a file that grew its worker
// shows as a step in maxrss, even if the memory was freed before the line was written. Without the
// variable the file registers nothing. Written with appendFileSync: a worker may be stopped right
// after its last file, before an async write would land (docs/testing.md, "Round 4").
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const target = process.env['ZKVAULT_MEMLOG'];
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

if (target !== undefined && target !== '') {
  const path = resolve(target);
  // vitest 4 parses the first parameter as a fixture list: it must be a destructuring pattern.
  // CPU seconds of this worker (user + sys) and of its waited-for children (Linux /proc; 0 elsewhere).
  const cpu = (): [number, number] => {
    const u = process.cpuUsage();
    let children = 0;
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      children = (Number(f[13]) + Number(f[14])) / 100;
    } catch {
      // not Linux
    }
    return [(u.user + u.system) / 1e6, children];
  };
  let start: [number, number] = [0, 0];
  let t0 = 0;
  beforeAll(() => {
    start = cpu();
    t0 = Date.now();
  });
  afterAll(({}, suite) => {
    const now = cpu();
    // start/end: seconds since the epoch, to lay the files of a run out on one time line.
    const times = `start=${(t0 / 1000).toFixed(1)} end=${(Date.now() / 1000).toFixed(1)} cpu=${(now[0] - start[0]).toFixed(1)} children=${(now[1] - start[1]).toFixed(1)} `;
    const m = process.memoryUsage();
    // resourceUsage().maxRSS is in KiB.
    const peak = process.resourceUsage().maxRSS * 1024;
    const file = 'filepath' in suite && typeof suite.filepath === 'string' ? suite.filepath : suite.name;
    const fields = times + `rss=${mb(m.rss)} maxrss=${mb(peak)} heap=${mb(m.heapUsed)} external=${mb(m.external)} buffers=${mb(m.arrayBuffers)}`;
    appendFileSync(path, `${file.replace(`${process.cwd()}/`, '')} pid=${process.pid} ${fields}\n`);
  });
}
