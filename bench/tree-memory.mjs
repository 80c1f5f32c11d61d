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
// (3 December), so PSS every 200 ms took 1.6-3.0 s of CPU in a 25 s
// 300-letter build, some 7 % of a core, and the build's wall time rose by
// about 3 % (two runs each way). Scanning the whole of /proc for the tree
// each time cost another 2 ms. Now the tree comes from the processes' own
// `children` lists (all of /proc where the kernel has none); RSS (status's
// VmRSS, 26 µs a read) is read every `ms`; PSS when the RSS sum is near its
// peak (within PSS_NEAR of it), at most once every PSS_EVERY_MS, and at once
// when the RSS sum rises 2 % past the largest at which PSS was read: the PSS
// peak is the largest PSS seen at and near the RSS peaks, where it can be,
// rather than at every tick.
import { readFileSync, readdirSync } from 'node:fs';

/** PSS is read while the tree's RSS is at least this fraction of its peak so far. */
const PSS_NEAR = 0.9;
const PSS_EVERY_MS = 1000;
/** PSS is read at once when the RSS sum passes the largest at which it was read by this factor. */
const PSS_RISE = 1.02;

/** Whether this kernel gives each thread's list of the processes it started (CONFIG_PROC_CHILDREN). */
const CHILDREN_LISTS = (() => {
  try {
    readFileSync(`/proc/self/task/${process.pid}/children`);
    return true;
  } catch {
    return false;
  }
})();

/** The pids under `root` (itself included): from each thread's list of the processes it started, else from all of /proc. */
function tree(root) {
  if (!CHILDREN_LISTS) return treeFromProc(root);
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

/** The pids under `root` (itself included), each process's parent read from its stat. */
function treeFromProc(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // ended meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/** The sum over `pids` of one field (kB) of a /proc file: RSS from status (VmRSS, in kB whatever the page size), PSS from smaps_rollup. */
function sumOf(pids, file, field) {
  const re = new RegExp(`^${field}:\\s+(\\d+)`, 'm');
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += Number(re.exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return sum;
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
      return true;
    } catch {
      return false;
    }
  })();
  const tick = () => {
    const pids = tree(pid);
    const rss = sumOf(pids, 'status', 'VmRSS');
    const now = performance.now();
    peak.rss = Math.max(peak.rss, rss);
    if (rss > PSS_RISE * pssRss || (rss >= PSS_NEAR * peak.rss && now - lastPss >= PSS_EVERY_MS)) {
      peak.pss = Math.max(peak.pss, sumOf(pids, 'smaps_rollup', 'Pss'));
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
