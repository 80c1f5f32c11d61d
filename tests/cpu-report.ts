/**
 * With TEI_EDITION_TEST_CPU=<file>, each test file appends one line to
 * <file>: its name, the CPU seconds of the test process while it ran
 * (worker threads included, spawned commands not), and its wall seconds.
 * Wall time on a shared machine says little; this says where the CPU goes:
 *
 *   TEI_EDITION_TEST_CPU=/tmp/cpu.tsv npm test && sort -t$'\t' -k2 -rn /tmp/cpu.tsv | head
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

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
    const file = relative(process.cwd(), expect.getState().testPath ?? '?');
    appendFileSync(out, `${file}\t${((used.user + used.system) / 1e6).toFixed(2)}\t${((performance.now() - t0) / 1000).toFixed(2)}\n`);
  });
}
