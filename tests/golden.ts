import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Golden files: `actual` must equal tests/golden/<dir>/<name> byte for byte.
 * With UPDATE_GOLDEN=1 the file is rewritten instead (review the diff, then
 * commit it). A missing golden file is written and the test fails, so a
 * new golden is always looked at once.
 */
export function checkGolden(dir: string, name: string, actual: string): void {
  const file = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual, 'utf8');
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${file} was missing and has been written; check it and run again`);
    return;
  }
  expect(actual, `golden file ${file}`).toBe(readFileSync(file, 'utf8'));
}
