import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
});
