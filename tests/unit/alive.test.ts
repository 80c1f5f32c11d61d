import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/write/temp.js';

describe('isAlive: whether a lock\'s owner runs', () => {
  it('a running process is; a killed one its parent has not reaped yet (a zombie) is not', async () => {
    expect(isAlive(process.pid)).toBe(true);
    // sh starts a short sleep in the background, prints its pid, and becomes a long sleep, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (b: Buffer) => r(b.toString().trim()))));
    try {
      expect(isAlive(parent.pid as number)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      // (Where /proc tells: Linux.)
      if (existsSync(`/proc/${pid}/stat`)) {
        expect(() => process.kill(pid, 0)).not.toThrow(); // signal 0 reaches a zombie…
        expect(isAlive(pid)).toBe(false); // …which holds nothing
      }
    } finally {
      parent.kill('SIGKILL');
    }
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });
});
