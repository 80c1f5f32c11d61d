/**
 * The worker pool's processes (src/build/pool.ts, src/worker/process.ts):
 * tasks run in child processes that speak the same protocol as threads; a
 * process whose memory has grown beyond the pool's limit is ended after its
 * task (its exit handlers run) and replaced; a process that dies fails its
 * task, not the pool; closing the pool ends every process.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/build/pool.js';

/** A worker process speaking the pool's protocol: it answers with its pid, the requests it has seen and some typed data, and notes its orderly exit in `dir`. */
function workerScript(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pool-process-'));
  const file = join(dir, 'worker.mjs');
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';
const seen = [];
process.on('disconnect', () => process.exit(0));
process.on('exit', () => writeFileSync(${JSON.stringify(dir)} + '/exited-' + process.pid, ''));
process.on('message', ({ id, request, close }) => {
  if (close) return process.send({ closed: true });
  seen.push(request.kind);
  if (request.kind === 'die') process.kill(process.pid, 'SIGKILL');
  if (request.kind === 'fail') return process.send({ id, error: 'no such letter', rss: process.memoryUsage.rss() });
  process.send({ id, result: { pid: process.pid, seen: [...seen], bytes: new Uint8Array([1, 2, 3]), map: new Map([['a', 1]]) }, rss: process.memoryUsage.rss() });
});
`,
  );
  return { file, dir };
}

type Request = { kind: string };
type Result = { pid: number; seen: string[]; bytes: Uint8Array; map: Map<string, number> };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WorkerPool with processes', () => {
  let pool: WorkerPool<Request, Result> | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('runs tasks in child processes, reused while small; typed arrays and maps arrive as such; close ends them (their exit handlers run)', async () => {
    const { file, dir } = workerScript();
    pool = new WorkerPool<Request, Result>(file, 2, { processes: true, recycleMb: 4096 });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((kind) => pool!.run({ kind })));
    const pids = [...new Set(results.map((r) => r.pid))];
    expect(pids.length).toBeGreaterThanOrEqual(1);
    expect(pids.length).toBeLessThanOrEqual(2);
    expect(pids).not.toContain(process.pid);
    expect(results.flatMap((r) => r.seen).filter((k) => k.length === 1).length).toBeGreaterThanOrEqual(4);
    expect(results[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect([...results[0]!.bytes]).toEqual([1, 2, 3]);
    expect(results[0]!.map.get('a')).toBe(1);
    await pool.close();
    pool = undefined;
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('exited-')).sort()).toEqual(pids.map((p) => `exited-${p}`).sort());
  });

  it('replaces a process that has grown beyond the limit after its task, which still succeeds; the replacement ran its exit handlers', async () => {
    const { file, dir } = workerScript();
    // A limit every process exceeds: each task gets a fresh process.
    pool = new WorkerPool<Request, Result>(file, 1, { processes: true, recycleMb: 1 });
    const first = await pool.run({ kind: 'a' });
    const second = await pool.run({ kind: 'b' });
    const third = await pool.run({ kind: 'c' });
    expect([first.seen, second.seen, third.seen]).toEqual([['a'], ['b'], ['c']]);
    expect(new Set([first.pid, second.pid, third.pid]).size).toBe(3);
    await new Promise((r) => setTimeout(r, 200));
    for (const r of [first, second]) {
      expect(alive(r.pid)).toBe(false);
      expect(existsSync(join(dir, `exited-${r.pid}`))).toBe(true);
    }
  });

  it('a process that dies fails its own task with a clear error; the next task gets a new process', async () => {
    const { file } = workerScript();
    pool = new WorkerPool<Request, Result>(file, 1, { processes: true, recycleMb: 4096 });
    const before = await pool.run({ kind: 'a' });
    await expect(pool.run({ kind: 'die' })).rejects.toThrow(/worker process ended unexpectedly \(SIGKILL\)/);
    await expect(pool.run({ kind: 'fail' })).rejects.toThrow('no such letter');
    const after = await pool.run({ kind: 'b' });
    expect(after.pid).not.toBe(before.pid);
    expect(after.seen).toEqual(['fail', 'b']);
  });
});
