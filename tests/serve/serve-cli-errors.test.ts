import { describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// What serve prints after a save that leaves an error: its lines said "✖ 1 error…", then "✔ tei/empty.xml: pages
// updated and reloaded" and "every page, PDF, text, citations and data up to date", so that the last line an editor
// read said all was well. Now the lines that say the pages are up to date say too that an error remains. And each
// save reprinted every finding of every letter (hundreds with TEI from elsewhere), some twice: now the errors and the
// warnings and notes that are new.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const BIN = join(process.cwd(), 'bin/tei-edition.js');

describe('serve on the command line, an error left by a save', () => {
  it('says on its last lines that the error remains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-cli-errors-'));
    mkdirSync(join(dir, 'tei'));
    cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
    for (const f of ['pryce-lindqvist-1853-09-20.xml', 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
    // A warning of the letter that stays (a name without a register entry): printed once, not again with every save.
    const letter = join(dir, 'tei', 'pryce-lindqvist-1853-09-20.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace('<p xml:id="p1">The firm', '<p xml:id="p1">Greetings to <persName>Jane Unlinked</persName>. The firm'));
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', 'tei'], { cwd: dir, env: { ...process.env, TEI_EDITION_THREADS: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await expect.poll(() => output, { timeout: 120_000, interval: 200 }).toMatch(/data up to date \([^)]*\)\n/);
      expect(output).not.toMatch(/error remains/);
      expect(output).toMatch(/warning name-unlinked/);
      const before = output.length;
      writeFileSync(join(dir, 'tei', 'empty.xml'), '');
      await expect.poll(() => output.slice(before), { timeout: 120_000, interval: 200 }).toMatch(/data up to date \([^)]*\); 1 error remains: a letter with errors keeps its last good page\n/);
      const after = output.slice(before);
      expect(after).toMatch(/✖ 1 error/);
      expect(after).not.toMatch(/up to date \([^)]*\)\n/);
      // The new error is printed; the warning that was there before is not printed again.
      expect(after).toMatch(/empty\.xml.* error /);
      expect(after).not.toMatch(/name-unlinked/);
    } finally {
      child.kill('SIGINT');
      await new Promise((ok) => child.on('exit', ok));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
