/**
 * A letter's TEI is published (dist/data/, web/downloads/) under its own file's name: the other letters point to it
 * by that name (`moreau-whitcombe-1852.xml#p1`), also when its xml:id, which names its pages, is another. Published
 * as `<id>.xml`, those pointers led nowhere in the published sources.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

const dir = mkdtempSync(join(tmpdir(), 'published-tei-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the published TEI sources', () => {
  it('keep their files\' names, which the letters point by; the pages keep the ids', async () => {
    cpSync(join('tests', 'fixtures', 'edition'), dir, { recursive: true });
    const file = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('xml:id="moreau-whitcombe-1852"', 'xml:id="mw-1852"'));
    const r = await runCli(dir, 'build', '--only', 'web,data');
    expect(r.status, r.stdout).toBe(0);
    const dist = join(dir, 'dist');
    for (const path of ['data/moreau-whitcombe-1852.xml', 'web/downloads/moreau-whitcombe-1852.xml', 'web/documents/mw-1852.html', 'data/whitcombe-lindqvist-1851-03-14.xml']) expect(existsSync(join(dist, path)), path).toBe(true);
    for (const path of ['data/mw-1852.xml', 'web/downloads/mw-1852.xml']) expect(existsSync(join(dist, path)), path).toBe(false);
    expect(readFileSync(join(dist, 'data/moreau-whitcombe-1852.xml'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    const page = readFileSync(join(dist, 'web/documents/mw-1852.html'), 'utf8');
    expect(page).toContain('href="../downloads/moreau-whitcombe-1852.xml"');
  });
});
