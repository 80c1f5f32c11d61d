/**
 * A letter whose file name holds a "\" (tei/back\slash.xml, possible on
 * Linux and macOS) cannot be published under its name: the build copies
 * each letter under it (data/, web/downloads/), and a backslash is a
 * folder separator on Windows and, in URLs, on some servers. It is a
 * finding about that file (src/load/inputs.ts), never an internal error
 * that stops the whole build; the other letters are built.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { Diagnostic } from '../src/diagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'file-name-backslash-'));
mkdirSync(join(dir, 'tei'));
const letter = readFileSync('tests/fixtures/valid/sampler.xml', 'utf8');
writeFileSync(join(dir, 'tei', 'letter.xml'), letter);
writeFileSync(join(dir, 'tei', 'back\\slash.xml'), letter.replace(/xml:id="([^"]+)"/, 'xml:id="$1-2"'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HINT = 'Rename it to back-slash.xml to have it checked and published.';

describe('a "\\" in a letter\'s file name', () => {
  it('validate names the file, which is not read (a warning), and checks the others', async () => {
    const r = await runCli(dir, 'validate', '--format', 'json', '--no-xref');
    const out = JSON.parse(r.stdout) as { summary: { files: number }; diagnostics: Diagnostic[] };
    expect(out.diagnostics.filter((d) => d.file.includes('slash')).map((d) => `${d.file} ${d.severity} ${d.rule}: ${d.message} / ${d.hint}`)).toEqual([
      'tei/back\\slash.xml warning file-not-read: not read: a "\\" in a file name cannot be published (it is a folder separator on Windows, and in URLs on some servers) / ' + HINT,
    ]);
    expect(r.status).toBe(0);
  });

  it('named on the command line, it is an error finding (exit 1), not a stack trace', async () => {
    const r = await runCli(dir, 'validate', '--format', 'json', 'tei/back\\slash.xml');
    const out = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(out.diagnostics.map((d) => `${d.file} ${d.severity} ${d.rule}`)).toEqual(['tei/back\\slash.xml error file-not-read']);
    expect([r.status, r.stderr]).toEqual([1, '']);
  });

  it('build publishes the other letters and says which one it left out', async () => {
    const r = await runCli(dir, 'build', '--only', 'data', '--no-volume');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tei/back\\slash.xml warning file-not-read');
    expect(existsSync(join(dir, 'dist', 'data', 'letter.xml'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'data', 'back\\slash.xml'))).toBe(false);
  }, 120_000);
});
