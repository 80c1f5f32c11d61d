/**
 * V8 settings for the command line's process (bin/tei-edition.js sets them
 * before the toolkit loads; the build's worker threads, started later, have
 * them too: V8's flags are the process's). Not set by the toolkit as a
 * library: a program that imports it keeps its own.
 *
 * Why: in a build, about a third of the CPU went to V8's own work rather
 * than to rendering, most of it TurboFan compiling the same SaxonJS code
 * again: its functions are made anew, as new closures, while documents are
 * parsed and transformed; optimized code is held by its closures, so once
 * they die, the next full collection drops it and a later letter compiles
 * it again.
 * 300 generated letters (`node --trace-opt --trace-gc`, build --no-cache):
 * 2,936 TurboFan compilations and 68 full collections with V8's defaults;
 * 1,161 and 36 with these settings and a heap growth of 150 %. Each does
 * its share:
 *
 * - `--heap-growing-percent=100`: after a full collection the old
 *   generation may grow to twice what is alive before the next one (V8
 *   chose about 1.75 in the build's threads, whose heaps hold 40-60 MB
 *   alive, and more while a thread checks or reads a large register): a
 *   fixed factor, whatever the thread's heap limit. 150 (2.5 times) ran
 *   half the full collections of V8's choice at 300 letters (36 against
 *   68) for the same CPU as 100 at 1,000 letters (two builds at once,
 *   150/100: 138.4/138.6 and 119.6/122.4 s), but 100 letters with a shared
 *   register of 2.2 MB took 760-951 MB at 150 against 792-815 MB at 100
 *   and 765-831 MB with V8's choice (tree PSS, three runs each).
 * - `--max-bytecode-size-for-early-opt=0`: V8 optimizes a small function on
 *   its first tick of use; most of a transform's closures are small and die
 *   with it (2,057 of the 2,936 compilations were of such functions).
 * - `--interrupt-budget=270336` (four times V8's): a function runs four
 *   times as long before V8 considers optimizing it, so closures that die
 *   soon are not compiled at all. Eight times was no better.
 *
 * 1,000 letters, two builds at once (the same CPU contention for both):
 * 141.7/121.5 and 146.1/128.9 s of CPU, V8's defaults/these with a growth
 * of 150 %, which 100 % matches (above; docs/scale-log.md, the sixteenth
 * pass). TEI_EDITION_V8_FLAGS replaces them (empty:
 * V8's defaults). They are set once V8 is running (setFlagsFromString): a
 * flag V8 reads only at start may crash it there (`--single-threaded-gc`:
 * a fatal check, exit 133, on any command); such a flag goes on node's own
 * command line (`node --single-threaded-gc bin/tei-edition.js …`).
 *
 * Set only on the V8 they were measured on (11.3, Node 20's): they are V8's
 * internal flags, and a V8 that does not know one prints an error on
 * standard output (where `cite` writes), and a later one tiers its code
 * differently (Maglev), so what they save there is not known.
 */
import { setFlagsFromString } from 'node:v8';

export const V8_TUNING: readonly string[] = ['--heap-growing-percent=100', '--max-bytecode-size-for-early-opt=0', '--interrupt-budget=270336'];

/** The V8 versions V8_TUNING was measured on. */
export const TUNED_V8 = /^11\.3\./;

/** The flags to set: TEI_EDITION_V8_FLAGS (blank-separated; empty for none) when given, else V8_TUNING on the V8 it was measured on. */
export function v8Flags(env: NodeJS.ProcessEnv = process.env, v8 = process.versions.v8): string[] {
  const given = env.TEI_EDITION_V8_FLAGS;
  if (given !== undefined) return given.split(/\s+/).filter(Boolean);
  return TUNED_V8.test(v8) ? [...V8_TUNING] : [];
}

/** Sets them; call before any worker thread starts. Returns what was set. */
export function tuneV8(env: NodeJS.ProcessEnv = process.env): string[] {
  const flags = v8Flags(env);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
