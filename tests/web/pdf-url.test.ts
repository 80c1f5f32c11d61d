/**
 * A document page's citation_pdf_url (the Highwire tag Zotero's Embedded
 * Metadata translator saves the PDF from) is an absolute URL or absent:
 * Zotero takes the value as the attachment's address as it stands, and a
 * relative one ("../downloads/x.pdf") names no file, where without the tag
 * Zotero saves a snapshot of the page.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.js';

const FIXTURE = join('tests', 'fixtures', 'edition', 'tei');

describe('citation_pdf_url', () => {
  it('absolute with a base URL, absent without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdf-url-'));
    mkdirSync(join(dir, 'tei'));
    for (const f of ['pryce-lindqvist-1853-09-20.xml', 'registers.xml']) cpSync(join(FIXTURE, f), join(dir, 'tei', f));
    const page = (): string => readFileSync(join(dir, 'dist', 'web', 'documents', 'pryce-lindqvist-1853-09-20.html'), 'utf8');
    expect((await runCli(dir, 'build', '--only', 'web,print')).status).toBe(0);
    expect(page()).toContain('href="../downloads/pryce-lindqvist-1853-09-20.pdf"');
    expect(page()).not.toContain('citation_pdf_url');
    expect((await runCli(dir, 'build', '--only', 'web,print', '--base-url', 'https://example.org/ed/')).status).toBe(0);
    expect(page()).toContain('<meta name="citation_pdf_url" content="https://example.org/ed/downloads/pryce-lindqvist-1853-09-20.pdf">');
  }, 120_000);
});
