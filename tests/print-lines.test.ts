/**
 * Lines of the source in the print edition and on the web page. TEI's lb
 * marks where a line begins; editions that transcribe lines put one before
 * the first line of every paragraph (<p><lb/>In einer …, as the Escher
 * letters do). A break there opened each paragraph with an empty line:
 * in the PDF one that the line numbers counted (every number after the
 * first paragraph was off, and so every apparatus key), on the web page a
 * blank line. Two lb in a row (an empty line of the source) gave the PDF an
 * empty numbered line too; the web page keeps that blank line.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocumentModel } from '../src/model/read.js';
import { compilePrintSource, loadPrintSourceWriter } from '../src/render/print.js';
import { loadHtmlRenderer } from '../src/render/html.js';
import { parseXml } from '../src/xslt/transform.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[print-lines] SKIPPED in part: pdftotext (poppler-utils) is not installed; the PDF is not read.');

const LETTER = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Lines</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<text><body>
<p><lb xml:id="l1"/>Alpha one <lb xml:id="l2"/>alpha two <lb/>alpha three</p>
<p>
  <lb xml:id="l4"/>Beta one<lb/>
  <lb/>beta two</p>
<p><lb/>Gamma one <hi rend="italic">in <lb/>italics</hi> and on.</p>
</body></text></TEI>`;

describe('a line break that begins no line', () => {
  it('is not set before the first line of a paragraph, nor twice for an empty line, in the PDF', async () => {
    const tree = parseXml(LETTER);
    const model = await readDocumentModel('tei/lines.xml', tree);
    const source = (await loadPrintSourceWriter())(tree, model, {});
    const blocks = source.typst.split('\n').filter((l) => l.startsWith('#ed-block("p")'));
    expect(blocks).toEqual([
      '#ed-block("p")[Alpha one #linebreak()alpha two #linebreak()alpha three]',
      '#ed-block("p")[Beta one#linebreak() beta two]',
      '#ed-block("p")[Gamma one #emph[in #linebreak()italics] and on\\.]',
    ]);
    if (!HAVE_PDFTOTEXT) return;
    const dir = mkdtempSync(join(tmpdir(), 'tei-print-lines-'));
    try {
      const file = join(dir, 'lines.pdf');
      writeFileSync(file, compilePrintSource(source).pdf);
      const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
      const from = lines.indexOf('Alpha one');
      // Seven lines of text, numbered 1 to 7 (5 beside "beta two"), with no empty line among them.
      expect(lines.slice(from, from + 7)).toEqual(['Alpha one', 'alpha two', 'alpha three', 'Beta one', '5 beta two', 'Gamma one in', 'italics and on.']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is an empty anchor on the web page before the first line (its id kept), a break elsewhere', async () => {
    const tree = parseXml(LETTER);
    const model = await readDocumentModel('tei/lines.xml', tree);
    const html = (await loadHtmlRenderer())(tree, { documentId: model.id, withBody: false }).text;
    expect(html).toContain('<p class="tei-p" id="doc-b1"><span class="tei-lb" id="l1"></span>Alpha one <br class="tei-lb" id="l2" />alpha two');
    expect(html).toContain('<span class="tei-lb" id="l4"></span>Beta one');
    expect(html).toContain('<p class="tei-p" id="doc-b3"><span class="tei-lb"></span>Gamma one <i class="tei-hi rend-italic" data-rend="italic">in <br class="tei-lb" />italics</i>');
    // An empty line of the source stays a blank line on the page.
    expect(html).toMatch(/Beta one<br class="tei-lb" \/>\s*<br class="tei-lb" \/>beta two/);
  });
});
