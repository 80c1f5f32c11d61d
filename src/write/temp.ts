import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from './fs.js';

/**
 * Private folders in the system's temporary folder (the Typst compiler's
 * sandbox). Their names carry the process id, so that a later run can tell
 * the folders of killed processes (which never ran their exit handlers)
 * from those of running ones, and remove them.
 */
const PREFIX = 'tei-edition-';
const WITH_PID = /^tei-edition-([a-z-]+)-(\d+)-[^-]+$/;
/** Names from before the process id was in them; removed once a day old. */
const WITHOUT_PID = /^tei-edition-typst-(root|home|fonts)-[A-Za-z0-9]{6}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** mkdtemp in the system's temporary folder, named `tei-edition-<kind>-<pid>-XXXXXX` (0700). */
export function privateTempDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `${PREFIX}${kind}-${process.pid}-`));
}

/** Whether a process runs (a lock's or a temporary folder's owner); another user's counts as running. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
  // A process killed but not yet reaped by its parent (a zombie, state Z in /proc on Linux) answers signal 0 and holds
  // nothing: a build killed with SIGKILL made the next one wait as busy until its parent collected it.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return true;
  }
}

/**
 * Removes this process's own folders, its worker threads' included: the
 * threads share the process id, and a pool ends them with terminate(), which
 * runs no exit handler of theirs. Called when the command line's process
 * exits; without it each finished build left its threads' Typst folders in
 * the temporary folder until the next build. Never throws.
 */
export function removeOwnTempDirs(): void {
  for (const name of ourTempDirs()) {
    if (Number(WITH_PID.exec(name)?.[2]) !== process.pid) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Gone already, or not removable: the next run's removeStaleTempDirs tries again.
    }
  }
}

/** The names of the toolkit's folders in the system's temporary folder (none when it cannot be read). */
function ourTempDirs(): string[] {
  try {
    return readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX));
  } catch {
    return [];
  }
}

/** Removes the temporary folders that killed runs left; returns their names. Never throws. */
export function removeStaleTempDirs(now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of ourTempDirs()) {
    const path = join(tmpdir(), name);
    const m = WITH_PID.exec(name);
    let stale = false;
    if (m) stale = !isAlive(Number(m[2]));
    else if (WITHOUT_PID.test(name)) {
      try {
        stale = now - statSync(path).mtimeMs > DAY_MS;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to insist on: another user's folder, or gone already.
    }
  }
  return removed;
}
