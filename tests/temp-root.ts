/**
 * Global setup (every vitest config): one temporary folder per run, made
 * the TMPDIR of the test processes and of everything they spawn, and
 * removed when the run ends. Whatever a test leaves in the temporary
 * folder (a test that fails before its own clean-up, the Typst
 * compiler's folders of a test process that vitest ends, a killed
 * build's leftovers) goes with it, so a run leaves nothing in /tmp.
 * Tests still remove what they make (afterAll/afterEach): a long run
 * should not hold every test's files at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'tei-tests-run-'));
  const saved = process.env.TMPDIR;
  // Read by os.tmpdir() at every call; the test processes are started after this, with this environment.
  process.env.TMPDIR = root;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
