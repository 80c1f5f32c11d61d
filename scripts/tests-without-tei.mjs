#!/usr/bin/env node
// Proof that the test suite does not depend on the edition in tei/: copies the
// repository (its git-tracked files, plus lib/ and .cache/, with node_modules
// linked) to a temporary folder, adds a second letter to tei/, edits a word of
// the first one, and runs the tests there (all but tests/edition-letter.test.ts,
// the edition letter's own tests, which are meant to see the edit).
//
//   node scripts/tests-without-tei.mjs [test files…]   (default: the whole suite)
//
// Exit code: vitest's. The copy is removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const copy = mkdtempSync(join(tmpdir(), 'tei-edition-copy-'));
try {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of tracked) {
    if (!existsSync(join(root, f))) continue;
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(root, f), join(copy, f));
  }
  for (const d of ['lib', '.cache']) if (existsSync(join(root, d))) cpSync(join(root, d), join(copy, d), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // The shared oracles sit beside the repository; keep that relation.
  if (existsSync(join(root, '..', 'shared')) && !existsSync(join(copy, '..', 'shared'))) console.warn('[tests-without-tei] ../shared is not beside the copy: oracle tests will say they are skipped.');

  // A second letter in tei/ (the fixture edition's letter, with its register), and an edited first one.
  const fixture = join(root, 'tests', 'fixtures', 'edition', 'tei');
  cpSync(join(fixture, 'pryce-lindqvist-1853-09-20.xml'), join(copy, 'tei', 'pryce-lindqvist-1853-09-20.xml'));
  cpSync(join(fixture, 'registers.xml'), join(copy, 'tei', 'registers.xml'));
  const letter = join(copy, 'tei', 'eisenhower-bulganin-1956-11-04.xml');
  if (existsSync(letter)) writeFileSync(letter, readFileSync(letter, 'utf8').replace('with profound distress', 'with deep distress'));

  const files = process.argv.slice(2);
  console.log(`[tests-without-tei] tei/ in ${copy} now holds a second letter and an edited first one; running ${files.length ? files.join(' ') : 'the whole suite'}`);
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files, '--exclude', 'tests/edition-letter.test.ts', '--exclude', 'tests/e2e/**', '--exclude', 'node_modules/**'], { cwd: copy, stdio: 'inherit' });
  process.exitCode = r.status ?? 2;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
