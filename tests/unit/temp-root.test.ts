import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { expect, it } from 'vitest';

it('the test process has the run’s own temporary folder (tests/temp-root.ts), removed when the run ends', () => {
  expect(basename(tmpdir())).toMatch(/^tei-tests-run-/);
  expect(dirname(tmpdir())).not.toBe(tmpdir());
});
