/**
 * With TEI_EDITION_TEST_CPU=<file>, each test file appends one line to
 * <file>: its name, the CPU seconds of the test process while it ran
 * (worker threads included, spawned commands not), and its wall seconds.
 * Wall time on a shared machine says little; this says where the CPU goes:
 *
 *   TEI_EDITION_TEST_CPU=/tmp/cpu.tsv npm test && sort -t$'\t' -k2 -rn /tmp/cpu.tsv | head
 *
 * With TEI_EDITION_TEST_PROFILE=<folder>, each test file writes a CPU
 * profile of the test process's main thread while it ran,
 * <folder>/<file name>.cpuprofile (Chrome DevTools, or speedscope, opens
 * it). `node --cpu-prof` cannot do this: vitest ends its worker processes
 * before Node writes the profile.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

const file = (): string => relative(process.cwd(), expect.getState().testPath ?? '?');

const out = process.env.TEI_EDITION_TEST_CPU;
if (out) {
  let cpu: NodeJS.CpuUsage;
  let t0 = 0;
  beforeAll(() => {
    cpu = process.cpuUsage();
    t0 = performance.now();
  });
  afterAll(() => {
    const used = process.cpuUsage(cpu);
    appendFileSync(out, `${file()}\t${((used.user + used.system) / 1e6).toFixed(2)}\t${((performance.now() - t0) / 1000).toFixed(2)}\n`);
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
