/**
 * The build pool's threads have a limited old generation (src/build/pool.ts,
 * THREAD_HEAP_MB), so that a runaway document stops at that; a task whose
 * thread runs out of that memory goes to the pool's fallback (the build: its
 * own thread) rather than fail, and without a fallback it fails as any task
 * whose thread died.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { THREAD_HEAP_MB, WorkerPool } from '../../src/build/pool.js';

/** A thread speaking the pool's protocol: `limit` answers its heap's limit (MB), `grow` keeps everything it allocates until it dies. */
function workerScript(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pool-heap-')), 'worker.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
const kept = [];
parentPort.on('message', ({ id, request, close }) => {
  if (close) return parentPort.postMessage({ closed: true });
  if (request === 'grow') for (;;) kept.push(new Array(1000000).fill(kept.length + 0.5));
  parentPort.postMessage({ id, result: getHeapStatistics().heap_size_limit / 1048576 });
});
`,
  );
  return file;
}

describe("the build pool's thread heaps", () => {
  let pool: WorkerPool<string, number | string> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('are limited to THREAD_HEAP_MB of old generation by default, and to V8 default with TEI_EDITION_THREAD_HEAP_MB=0', async () => {
    expect(THREAD_HEAP_MB).toBe(1024);
    pool = new WorkerPool(workerScript(), 1);
    // The limit V8 reports is the old generation's plus the young one's.
    const limited = (await pool.run('limit')) as number;
    expect(limited).toBeGreaterThanOrEqual(THREAD_HEAP_MB);
    expect(limited).toBeLessThan(THREAD_HEAP_MB + 256);
    await pool.close();
    process.env.TEI_EDITION_THREAD_HEAP_MB = '0';
    try {
      pool = new WorkerPool(workerScript(), 1);
      // V8's default: what a thread started without limits gets (some 4 GB on a machine of 16 GB or more).
      const script = workerScript();
      const plain = new Worker(script);
      const byDefault = await new Promise<number>((resolve) => {
        plain.once('message', (m: { result: number }) => resolve(m.result));
        plain.postMessage({ id: 1, request: 'limit' });
      });
      await plain.terminate();
      expect((await pool.run('limit')) as number).toBe(byDefault);
    } finally {
      delete process.env.TEI_EDITION_THREAD_HEAP_MB;
    }
  });

  it('give a task that runs out of memory to the fallback; the pool goes on with a new thread', async () => {
    const fallen: string[] = [];
    pool = new WorkerPool(workerScript(), 1, { heapMb: 32, fallback: async (r) => (fallen.push(r), `made elsewhere: ${r}`) });
    expect(await pool.run('grow')).toBe('made elsewhere: grow');
    expect(fallen).toEqual(['grow']);
    expect(await pool.run('limit')).toBeLessThan(32 + 256);
  }, 60_000);

  it('without a fallback, fail that task with the out-of-memory error', async () => {
    pool = new WorkerPool(workerScript(), 1, { heapMb: 32 });
    await expect(pool.run('grow')).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
  }, 60_000);
});
