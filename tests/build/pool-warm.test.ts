/**
 * The worker pool's warm-up (src/build/pool.ts): a thread started ahead of
 * its first task takes that task when its warm-up is done, rather than the
 * pool starting a cold thread beside it; later-stage warm-ups go to the
 * threads already started, after the tasks queued before them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/build/pool.js';

/** A worker speaking the pool's protocol: it answers with its thread id and the requests it has seen. */
function workerScript(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pool-warm-')), 'worker.mjs');
  writeFileSync(
    file,
    `import { parentPort, threadId } from 'node:worker_threads';
const seen = [];
parentPort.on('message', async ({ id, request, close }) => {
  if (close) return parentPort.postMessage({ closed: true });
  seen.push(request.kind);
  if (request.ms) await new Promise((r) => setTimeout(r, request.ms));
  parentPort.postMessage({ id, result: { threadId, seen: [...seen] } });
});
`,
  );
  return file;
}

type Request = { kind: string; ms?: number };
type Result = { threadId: number; seen: string[] };

describe('WorkerPool.warm', () => {
  let pool: WorkerPool<Request, Result> | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('starts a thread at once; the first task waits for that thread instead of starting a second, cold one', async () => {
    pool = new WorkerPool<Request, Result>(workerScript(), 2);
    expect(pool.started).toBe(false);
    pool.warm({ kind: 'warm', ms: 300 }, 1);
    expect(pool.started).toBe(true);
    const first = await pool.run({ kind: 'check' });
    expect(first.seen).toEqual(['warm', 'check']);
    // Two tasks at once: one thread is busy, so the second thread starts (cold: it saw no warm-up).
    const [a, b] = await Promise.all([pool.run({ kind: 'render' }), pool.run({ kind: 'render' })]);
    expect(new Set([a.threadId, b.threadId]).size).toBe(2);
    expect([a.seen, b.seen].sort((x, y) => x.length - y.length)).toEqual([['render'], ['warm', 'check', 'render']]);
  });

  it('warms up to the number asked, at most the pool size, and never a thread twice', async () => {
    pool = new WorkerPool<Request, Result>(workerScript(), 2);
    pool.warm({ kind: 'warm', ms: 10 }, 5);
    pool.warm({ kind: 'warm', ms: 10 }, 2);
    const results = await Promise.all(Array.from({ length: 6 }, () => pool!.run({ kind: 'check', ms: 100 })));
    // No third thread (it would have seen no warm-up), and each thread's warm-up came first, once.
    expect(new Set(results.map((r) => r.threadId)).size).toBeLessThanOrEqual(2);
    for (const r of results) expect([r.seen[0], r.seen.filter((k) => k === 'warm').length]).toEqual(['warm', 1]);
  });

  it('sends a later stage to each started thread after the tasks queued before it, and starts none', async () => {
    pool = new WorkerPool<Request, Result>(workerScript(), 2);
    pool.warm({ kind: 'warm', ms: 50 }, 1);
    const model = pool.run({ kind: 'model' });
    pool.warmStarted({ kind: 'warm-render' });
    const render = await pool.run({ kind: 'render' });
    expect((await model).seen).toEqual(['warm', 'model']);
    // One thread only: it took the model, then the render warm-up, then the render.
    expect(render.seen).toEqual(['warm', 'model', 'warm-render', 'render']);
  });
});
