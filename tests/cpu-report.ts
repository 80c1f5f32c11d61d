/**
 * With TEI_EDITION_TEST_CPU=<file>, each test file appends one line to
 * <file>: its name, the CPU seconds of the test process while it ran
 * (worker threads included, spawned commands not), its wall seconds, and
 * the CPU seconds of the processes it spawned that ended while it ran
 * (spawned builds and serves, serve's worker processes, LaTeX, epubcheck:
 * Linux only, from /proc; empty elsewhere). Wall time on a shared machine
 * says little; this says where the CPU goes:
 *
 *   TEI_EDITION_TEST_CPU=/tmp/cpu.tsv npm test && sort -t$'\t' -k2 -rn /tmp/cpu.tsv | head
 *
 * With TEI_EDITION_TEST_CPU_EACH=<file> as well, each test appends a line to that file: the test file's name and
 * the test's full name, its CPU seconds in the test process (its own beforeEach/afterEach hooks included, the
 * file's beforeAll not), its wall seconds and the CPU seconds of what it spawned: which test of a long file costs.
 *
 * With TEI_EDITION_TEST_PROFILE=<folder>, each test file writes a CPU
 * profile of the test process's main thread while it ran,
 * <folder>/<file name>.cpuprofile (Chrome DevTools, or speedscope, opens
 * it). `node --cpu-prof` cannot do this: vitest ends its worker processes
 * before Node writes the profile.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

const file = (): string => relative(process.cwd(), expect.getState().testPath ?? '?');

/**
 * CPU seconds of this process's children that have ended and been waited for (cutime + cstime of /proc/self/stat,
 * in clock ticks of 1/100 s), or undefined where there is no /proc.
 */
function childrenCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // After the command name (in parentheses, which may hold spaces): field 3 onwards; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Starts a clock; what it returns gives, tab-separated, this process's CPU seconds since, the wall seconds and the CPU seconds of the processes it spawned. */
function clock(): () => string {
  const cpu = process.cpuUsage();
  const children = childrenCpu();
  const t0 = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    const after = childrenCpu();
    const spawned = after === undefined || children === undefined ? '' : (after - children).toFixed(2);
    return `${((used.user + used.system) / 1e6).toFixed(2)}\t${((performance.now() - t0) / 1000).toFixed(2)}\t${spawned}`;
  };
}

const out = process.env.TEI_EDITION_TEST_CPU;
if (out) {
  let stop: () => string;
  beforeAll(() => {
    stop = clock();
  });
  // Registered first, so run last of the file's afterAll hooks (vitest runs them in reverse): a serve session's
  // worker processes, ended by the file's own afterAll, are counted.
  afterAll(() => appendFileSync(out, `${file()}\t${stop()}\n`));
}

const each = process.env.TEI_EDITION_TEST_CPU_EACH;
if (each) {
  let stop: () => string;
  beforeEach(() => {
    stop = clock();
  });
  afterEach(() => {
    const used = stop();
    const name = (expect.getState().currentTestName ?? '?').replaceAll('\t', ' ');
    appendFileSync(each, `${file()}\t${name}\t${used}\n`);
  });
}

const profiles = process.env.TEI_EDITION_TEST_PROFILE;
if (profiles) {
  const session = new Session();
  beforeAll(async () => {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  });
  afterAll(async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(profiles, { recursive: true });
    writeFileSync(join(profiles, `${file().replaceAll('/', '_')}.cpuprofile`), JSON.stringify(profile));
  });
}
