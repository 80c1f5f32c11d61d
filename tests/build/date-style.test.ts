/**
 * The edition's date style (edition.json "dateStyle") in a build of the
 * fixture edition (a copy in a temporary folder): with "day-month-year",
 * every date the toolkit writes reads "1 January 1852" (the page's header,
 * the index and the lists, the letter navigation, the registers, the search
 * data, the plain text, the print edition, the volume and its EPUB); only
 * the citations keep their manuals' forms. The setting is part of the
 * build's cache keys: a build after the change makes the outputs again,
 * equal byte for byte to a clean build, and a build after going back gives
 * the first build's outputs again.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runCli } from '../cli.js';
import { filesUnder as files } from '../output-tree.js';

const FIXTURE = join('tests', 'fixtures', 'edition');


/** Every file of the tree and its bytes. */
function tree(dir: string): Map<string, Buffer> {
  return new Map(files(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

/** The names of the files whose bytes differ (or that only one tree has). */
function differing(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((f) => !a.get(f)?.equals(b.get(f) ?? Buffer.alloc(0)) || !b.has(f)).sort();
}

/** A day written month first ("January 1, 1852"), as the default style and the citations write it. */
const MONTH_FIRST = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/;

describe('the date style in a build', () => {
  it('day-month-year: every generated date follows it; the change re-renders, equals a clean build, and going back gives the first outputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'date-style-'));
    cpSync(join(FIXTURE, 'tei'), join(dir, 'tei'), { recursive: true });
    const settings = JSON.parse(readFileSync(join(FIXTURE, 'edition.json'), 'utf8')) as Record<string, unknown>;
    delete settings.$schema;
    const write = (extra: Record<string, unknown>): void => writeFileSync(join(dir, 'edition.json'), JSON.stringify({ ...settings, ...extra }, null, 2));
    const build = async (...args: string[]): Promise<void> => {
      const r = await runCli(dir, 'build', '--quiet', ...args, 'tei');
      expect(r.status, r.stdout + r.stderr).toBe(0);
    };
    const out = (p: string, folder = 'dist'): string => readFileSync(join(dir, folder, p), 'utf8');

    // The default: month first, as every output had it.
    write({});
    await build();
    const first = tree(join(dir, 'dist'));
    expect(out('web/documents/moreau-whitcombe-1852.html')).toContain('between January 1, 1852 and June 30, 1852');
    expect(out('text/pryce-lindqvist-1853-09-20.annotated.txt')).toContain('not before September 20, 1853');

    write({ dateStyle: 'day-month-year' });
    await build();
    const styled = tree(join(dir, 'dist'));
    const range = 'between 1 January 1852 and 30 June 1852';
    // The page's header (xslt/html/header.xsl): the Date row of the letter dated by a range.
    expect(out('web/documents/moreau-whitcombe-1852.html')).toMatch(new RegExp(`<dt class="generated">Date</dt>\\s*<dd><span class="tei-date">${range}</span>`));
    // The index and the lists (site/letters.ts), the next and previous letters' links, the registers' back-links, the search data.
    for (const page of ['web/index.html', 'web/years/1852.html', 'web/correspondents/moreau.html', 'web/documents/pryce-lindqvist-1853-09-20.html', 'web/register/persons.html', 'web/search/docs.js']) {
      expect(out(page), page).toContain(range);
      expect(out(page), page).not.toContain('January 1, 1852');
    }
    // The plain text (render/text.ts): the Date and Received rows.
    const annotated = out('text/moreau-whitcombe-1852.annotated.txt');
    expect(annotated).toMatch(new RegExp(`^Date:\\s+${range}$`, 'm'));
    expect(annotated).toMatch(/^Received:\s+not before 1 January 1852$/m);
    expect(out('text/pryce-lindqvist-1853-09-20.annotated.txt')).toMatch(/^Received:\s+not before 20 September 1853$/m);
    // The print edition's heading rows (print.ts, from the model), the volume's rows and contents, the EPUB's contents.
    expect(out('print/moreau-whitcombe-1852.typ')).toContain(`[${range}]`);
    expect(out('print/pryce-lindqvist-1853-09-20.typ')).toContain('[not before 20 September 1853]');
    expect(out('print/edition.typ')).toContain(range);
    const epub = unzipSync(readFileSync(join(dir, 'dist', 'print', 'edition.epub')));
    const contents = Object.entries(epub).filter(([name]) => /\.(x?html|ncx)$/.test(name)).map(([, bytes]) => strFromU8(bytes)).join('\n');
    expect(contents).toContain(range);
    // No day is written month first anywhere but in the citations (their manuals' forms: the cite files and the pages' "Cite this" box).
    // (Nor the print design's comments, which every .typ carries: they quote the Eisenhower letter's "Released November 5, 1956".)
    const withoutCitations = (text: string): string => text.replace(/<section class="cite-box"[^]*?<\/section>/g, '').replace(/^\s*\/\/.*$/gm, '');
    const monthFirst = [...styled].filter(([f, bytes]) => !/^(web\/)?cite\//.test(f) && !/\.(pdf|epub)$/.test(f) && MONTH_FIRST.test(withoutCitations(bytes.toString('utf8')))).map(([f]) => f);
    expect(monthFirst).toEqual([]);
    expect(out('cite/moreau-whitcombe-1852.citations.json')).toBe(first.get('cite/moreau-whitcombe-1852.citations.json')?.toString('utf8'));
    // What changed: the outputs that show a date made from attributes (the pages, texts, PDFs and the volume).
    const changed = differing(first, styled);
    for (const f of ['web/documents/moreau-whitcombe-1852.html', 'web/index.html', 'text/moreau-whitcombe-1852.annotated.txt', 'print/moreau-whitcombe-1852.pdf', 'print/edition.pdf', 'print/edition.epub']) expect(changed, f).toContain(f);

    // The cached build equals a clean one, byte for byte.
    await build('--no-cache', '--out', 'dist-clean');
    expect(differing(styled, tree(join(dir, 'dist-clean')))).toEqual([]);

    // And back: the default's outputs again (from the cache), byte for byte.
    write({});
    await build();
    expect(differing(first, tree(join(dir, 'dist')))).toEqual([]);
  }, 300_000);
});
