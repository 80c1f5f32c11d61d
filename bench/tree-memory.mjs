// The memory of a process and of every process it started (the build's
// worker processes), sampled from /proc (Linux): the peak of the sum of
// their RSS, and of their PSS (shared pages, such as Node's own code,
// counted once between the processes that share them: the memory the
// machine really gives the build). GNU time's %M is the largest single
// process only, which says nothing of a build whose workers are processes.
//
// The sampler must not slow what it measures. Reading a process's
// smaps_rollup (its PSS) makes the kernel walk the page tables of the whole
// process while holding its memory-map lock, which the build's own page
// faults and mappings then wait for: 17 ms a read during a 100-letter build
// (3 December), so PSS every 200 ms took 1.6-1.7 s of CPU in a 25 s
// 300-letter build, some 7 % of a core, and the build's wall time rose by
// about 3 % (two runs each way). Scanning the whole of /proc for the tree
// each time cost another 2 ms. Now the tree comes from the processes' own
// `children` lists, RSS (statm, 0.3 ms) is read every `ms`, and PSS only
// when the RSS sum is at or near its peak (within PSS_NEAR of it), at most
// once every PSS_EVERY_MS, and at once when the RSS sum rises 2 % past the
// largest at which PSS was read: the PSS peak is the largest PSS seen at and
// near the RSS peaks, where it can be, rather than at every tick.
import { readFileSync, readdirSync } from 'node:fs';

const PAGE_KB = 4;
/** PSS is read while the tree's RSS is at least this fraction of its peak so far. */
const PSS_NEAR = 0.9;
const PSS_EVERY_MS = 1000;
/** PSS is read at once when the RSS sum passes the largest at which it was read by this factor. */
const PSS_RISE = 1.02;

/** The pids under `root` (itself included), from each thread's list of the processes it started. */
function tree(root) {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue; // ended meanwhile
    }
    for (const tid of tids) {
      try {
        for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' ')) if (child.trim()) out.push(Number(child));
      } catch {
        // ended meanwhile
      }
    }
  }
  return out;
}

/** The sum of RSS (kB) over `pids`, from statm (resident pages, the second field). */
function rssOf(pids) {
  let rss = 0;
  for (const pid of pids) {
    try {
      rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_KB;
    } catch {
      // ended meanwhile
    }
  }
  return rss;
}

/** The sum of PSS (kB) over `pids`. */
function pssOf(pids) {
  let pss = 0;
  for (const pid of pids) {
    try {
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return pss;
}

/** Samples the tree under `pid` every `ms` until stop(); stop() returns the peaks in MB (NaN where /proc is not there). */
export function watchTreeMemory(pid, ms = 200) {
  let peak = { rss: 0, pss: 0 };
  let lastPss = -Infinity;
  /** The largest RSS sum at which PSS was read. */
  let pssRss = 0;
  const available = (() => {
    try {
      readFileSync('/proc/self/smaps_rollup');
      readFileSync(`/proc/self/task/${process.pid}/children`);
      return true;
    } catch {
      return false;
    }
  })();
  const tick = () => {
    const pids = tree(pid);
    const rss = rssOf(pids);
    const now = performance.now();
    peak.rss = Math.max(peak.rss, rss);
    if (rss > PSS_RISE * pssRss || (rss >= PSS_NEAR * peak.rss && now - lastPss >= PSS_EVERY_MS)) {
      peak.pss = Math.max(peak.pss, pssOf(pids));
      pssRss = Math.max(pssRss, rss);
      lastPss = now;
    }
  };
  const timer = available ? setInterval(tick, ms) : undefined;
  return {
    stop() {
      if (timer) clearInterval(timer);
      return available ? { rssMb: peak.rss / 1024, pssMb: peak.pss / 1024 } : { rssMb: NaN, pssMb: NaN };
    },
  };
}
