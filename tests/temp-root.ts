/**
 * Global setup (every vitest config): one temporary folder per run, made
 * the TMPDIR of the test processes and of everything they spawn, and
 * removed when the run ends. Whatever a test leaves in the temporary
 * folder (a test that fails before its own clean-up, the Typst
 * compiler's folders of a test process that vitest ends, a killed
 * build's leftovers) goes with it, so a run leaves nothing in /tmp.
 * Tests still remove what they make (afterAll/afterEach): a long run
 * should not hold every test's files at once.
 *
 * The folder is made in memory (/dev/shm, a tmpfs) where there is one with room to spare: the tests make and
 * remove tens of thousands of small files (editions built and rebuilt, outputs killed half-written, 1,200 files
 * under a descriptor limit), and on a disk file system the kernel's work for them (journal, allocation) was a large
 * and varying part of the run's CPU (a test writing 3,000 files twice: 2.8-3.2 s of system CPU on ext4, 0.2-0.4 s
 * on tmpfs, 2 December 2026). What the tests check (links, renames, symbolic links, modes, descriptor limits)
 * behaves the same on both. TEI_EDITION_TEST_TMP=<folder> chooses the place (TEI_EDITION_TEST_TMP=disk: the
 * system's temporary folder).
 */
import { accessSync, constants, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Free space the in-memory folder must have: the run's files at their peak, many times over. */
const ROOM = 2 * 1024 ** 3;
const MEMORY = '/dev/shm';

function base(): string {
  const chosen = process.env.TEI_EDITION_TEST_TMP;
  if (chosen === 'disk') return tmpdir();
  if (chosen) return chosen;
  try {
    accessSync(MEMORY, constants.W_OK);
    const fs = statfsSync(MEMORY);
    if (fs.bavail * fs.bsize >= ROOM) return MEMORY;
  } catch {
    // No /dev/shm (macOS, Windows), or not writable.
  }
  return tmpdir();
}

export default function setup(): () => void {
  const root = mkdtempSync(join(base(), 'tei-tests-run-'));
  const saved = process.env.TMPDIR;
  // Read by os.tmpdir() at every call; the test processes are started after this, with this environment.
  process.env.TMPDIR = root;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
