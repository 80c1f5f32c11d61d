import { describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// Ctrl-C in a real terminal signals the whole process group (serve and its worker processes); closing the terminal
// sends SIGHUP to it. Before, the workers died of the signal: their temporary folders
// (tei-edition-serve-thread-<pid>-*) stayed behind, and during a build serve printed "internal error: the worker
// process ended unexpectedly (SIGINT)" or "the worker pool is closed … This is a bug of tei-edition". Now it stops
// cleanly. serve runs as a process group of its own (detached, as setsid does), with a temporary folder of its own.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const BIN = join(process.cwd(), 'bin/tei-edition.js');

async function stopGroup(signal: NodeJS.Signals, when: 'building' | 'idle'): Promise<{ code: number | null; output: string; left: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'serve-stop-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  cpSync(FIXTURE, join(dir, 'edition'), { recursive: true });
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: join(dir, 'edition'), detached: true, env: { ...process.env, TMPDIR: tmp, TEI_EDITION_THREADS: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const deadline = Date.now() + 120_000;
  const workerFolders = (): string[] => readdirSync(tmp).filter((n) => n.startsWith('tei-edition-serve-thread-'));
  // building: as soon as the worker process has begun its first task; idle: once everything is up to date.
  while (Date.now() < deadline && !(when === 'building' ? workerFolders().length > 0 : /up to date/.test(output))) await new Promise((r) => setTimeout(r, 20));
  expect(when === 'building' ? workerFolders().length : Number(/up to date/.test(output)), output).toBeGreaterThan(0);
  process.kill(-(child.pid as number), signal);
  const code = await exited;
  // The worker processes of the group have gone too (a moment after serve, which waited for them).
  const left = workerFolders();
  rmSync(dir, { recursive: true, force: true });
  return { code, output, left };
}

describe('serve: stopped by a signal to its process group (Ctrl-C in a terminal, the terminal closed)', () => {
  for (const [signal, when] of [['SIGINT', 'building'], ['SIGINT', 'idle'], ['SIGHUP', 'building']] as const) {
    it(`${signal} ${when === 'building' ? 'during the first build' : 'once up to date'}: exit 0, no temporary folders, no internal error`, async () => {
      const { code, output, left } = await stopGroup(signal, when);
      expect(output).not.toMatch(/internal error|internal-error|a bug of tei-edition/);
      expect(left).toEqual([]);
      expect(code, output).toBe(0);
    }, 180_000);
  }
});
