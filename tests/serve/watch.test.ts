import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { watchTargets } from '../../src/serve/watch.js';
import { save } from './sse.js';

const pause = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

describe('the watcher', () => {
  it('a burst of saves (writes, temp file + rename) is one change; editors\' hidden files and other names are not changes; the settings file is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    mkdirSync(join(dir, 'tei'));
    const letter = join(dir, 'tei', 'a.xml');
    const settings = join(dir, 'edition.json');
    writeFileSync(letter, '<TEI/>');
    writeFileSync(settings, '{}');
    const calls: string[][] = [];
    const w = watchTargets({ folders: [join(dir, 'tei')], files: [settings] }, (paths) => calls.push(paths), 50);
    try {
      await pause(100);
      for (let i = 0; i < 5; i++) save(letter, `<TEI n="${i}"/>`);
      writeFileSync(letter, '<TEI n="last"/>');
      await expect.poll(() => calls.length, { timeout: 5_000 }).toBe(1);
      await pause(300);
      expect(calls).toEqual([[letter]]);

      writeFileSync(join(dir, 'tei', '.#a.xml'), 'lock');
      writeFileSync(join(dir, 'tei', 'notes.txt'), 'x');
      writeFileSync(join(dir, 'other.xml'), '<x/>');
      await pause(400);
      expect(calls).toHaveLength(1);

      save(settings, '{"title":"t"}');
      await expect.poll(() => calls.length, { timeout: 5_000 }).toBe(2);
      expect(calls[1]).toEqual([settings]);
    } finally {
      w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a change whose files are ready (complete) is handed on without the quiet period, one call for the events heard together; a file that is not ready waits for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const letter = join(dir, 'a.xml');
    writeFileSync(letter, '<TEI/>');
    const calls: string[][] = [];
    const asked: string[] = [];
    // "Complete" as serve means it: here, the root element is closed.
    const ready = (p: string): boolean => (asked.push(p), readFileSync(p, 'utf8').trimEnd().endsWith('/>'));
    const quiet = 60_000;
    const w = watchTargets({ folders: [dir], files: [] }, (paths) => calls.push(paths), quiet, undefined, ready);
    try {
      await pause(100);
      for (let i = 0; i < 5; i++) save(letter, `<TEI n="${i}"/>`);
      // Long before the quiet period of a minute is over: only the early hand-on can have made this call.
      await expect.poll(() => calls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect(calls[0]).toEqual([letter]);
      expect(asked).toContain(letter);
      await pause(300);
      // The five saves were queued before the watcher heard any: they are one change.
      expect(calls).toHaveLength(1);
    } finally {
      w.close();
    }
    // Half-written: not ready, so nothing is handed on before the quiet period (here 1 s) is over.
    const later: string[][] = [];
    const v = watchTargets({ folders: [dir], files: [] }, (paths) => later.push(paths), 1_000, undefined, ready);
    try {
      await pause(100);
      writeFileSync(letter, '<TEI><text>half');
      await pause(300);
      expect(later).toEqual([]);
      await expect.poll(() => later.length, { timeout: 10_000 }).toBe(1);
      expect(later[0]).toEqual([letter]);
    } finally {
      v.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
