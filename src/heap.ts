/**
 * Full garbage collections asked for by the toolkit, where V8 would wait too
 * long on its own.
 *
 * V8 lets a heap grow to several times what is alive in it before it
 * collects (the limit it sets after a full collection is the live size times
 * a factor of up to 4). The build's main thread keeps little alive from
 * letter to letter (some 45 MB) but receives every letter's outputs, and its
 * heap grew to 330 MB at 3,000 letters (docs/scale-log.md, the fourteenth pass).
 * collectIfGrown collects once the heap has grown by a bound beyond what was
 * alive after the last collection, so that it stays within that bound of its
 * live size whatever the number of letters. The build's worker threads have
 * a limited old generation instead (build/pool.ts): forced collections there
 * cost some 20 % more CPU.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection of this thread's heap (V8's `gc()`, reached as Node's `--expose-gc` gives it, without the flag on the command line); nothing when it cannot be reached. */
export function fullCollection(): void {
  try {
    gc ??= (globalThis as { gc?: () => void }).gc ?? exposedGc();
    gc();
  } catch {
    // Not available: nothing is collected.
  }
}

let gc: (() => void) | undefined;

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** What was alive after this thread's last collection by collectIfGrown (bytes). */
let alive = 0;

/**
 * A full collection when this thread's heap holds more than `slackMb` beyond
 * what was alive after the last one (TEI_EDITION_HEAP_SLACK_MB overrides;
 * 0 turns it off). Call it between units of work (a letter), where little of
 * the last one is alive.
 */
export function collectIfGrown(slackMb = HEAP_SLACK_MB): void {
  const mb = Number(process.env.TEI_EDITION_HEAP_SLACK_MB ?? slackMb);
  if (!(mb > 0)) return;
  if (getHeapStatistics().used_heap_size < alive + mb * 1024 * 1024) return;
  fullCollection();
  alive = getHeapStatistics().used_heap_size;
}

/** The bound: docs/scale-log.md, the fourteenth pass. */
export const HEAP_SLACK_MB = 64;
