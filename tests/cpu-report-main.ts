/**
 * Global setup, the counterpart of tests/cpu-report.ts for vitest's own main process: with
 * TEI_EDITION_TEST_CPU=<file>, one more line at the end of the run, `(vitest main process)`, with the CPU seconds
 * of that process (config, transforming the test files, the reporter, the global setups and teardowns: the
 * temporary folder's removal among them, since this teardown runs last) and the run's wall seconds. Listed first
 * in vitest.config.mjs, so its teardown runs after the others'.
 */
import { appendFileSync } from 'node:fs';

export default function setup(): (() => void) | undefined {
  const out = process.env.TEI_EDITION_TEST_CPU;
  if (!out) return undefined;
  const t0 = performance.now();
  // Run once: the global setups are the root config's alone (vitest.config.mjs, PROJECT).
  return () => {
    // From the start of the process (the config and vitest's own start-up included), not from this setup.
    const used = process.cpuUsage();
    appendFileSync(out, `(vitest main process)\t${((used.user + used.system) / 1e6).toFixed(2)}\t${((performance.now() - t0) / 1000).toFixed(2)}\t\n`);
  };
}
