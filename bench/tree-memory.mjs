// The memory of a process and of every process it started (the build's
// worker processes), sampled from /proc (Linux): the peak of the sum of
// their RSS, and of their PSS (shared pages, such as Node's own code,
// counted once between the processes that share them: the memory the
// machine really gives the build). GNU time's %M is the largest single
// process only, which says nothing of a build whose workers are processes.
import { readFileSync, readdirSync } from 'node:fs';

/** The pids under `root` (itself included). */
function tree(root) {
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

/** Sums RSS and PSS (kB) over the tree under `root`. */
function sample(root) {
  let rss = 0;
  let pss = 0;
  for (const pid of tree(root)) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return { rss, pss };
}

/** Samples the tree under `pid` every `ms` until stop(); stop() returns the peaks in MB (NaN where /proc is not there). */
export function watchTreeMemory(pid, ms = 200) {
  let peak = { rss: 0, pss: 0 };
  const available = (() => {
    try {
      readFileSync('/proc/self/smaps_rollup');
      return true;
    } catch {
      return false;
    }
  })();
  const tick = () => {
    const s = sample(pid);
    peak = { rss: Math.max(peak.rss, s.rss), pss: Math.max(peak.pss, s.pss) };
  };
  const timer = available ? setInterval(tick, ms) : undefined;
  return {
    stop() {
      if (timer) clearInterval(timer);
      return available ? { rssMb: peak.rss / 1024, pssMb: peak.pss / 1024 } : { rssMb: NaN, pssMb: NaN };
    },
  };
}
