/**
 * Right-to-left text in the print edition: a block or phrase whose xml:lang
 * is written the other way than the text around it (ar, he, fa, a tag with
 * the Arab or Hebr script…; c:dir in xslt/common/within.xsl, the web
 * page's list too) is set in its language and direction
 * (ed-lang in edition.typ). An Arabic paragraph of an English letter was set
 * left to right: indented on the left, its last line ending on the left.
 * Read back from the PDF with poppler's pdftotext -layout: its last line
 * now ends at the right margin. Letters without such an element are set as
 * before (the golden files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocumentModel } from '../src/model/read.js';
import { compilePrintSource, loadPrintSourceWriter, type PrintSource } from '../src/render/print.js';
import { parseXml } from '../src/xslt/transform.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[print-rtl] SKIPPED in part: pdftotext (poppler-utils) is not installed; the PDF is not read.');

const AR = 'هذه رسالة طويلة مكتوبة باللغة العربية لاختبار اتجاه النص من اليمين إلى اليسار في الطبعة المطبوعة، وتستمر الجملة حتى تملأ عدة أسطر من الصفحة. ';

const XML = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A letter in two directions</title></titleStmt>
<publicationStmt><p>Fixture Press</p></publicationStmt><sourceDesc><p>An invented letter.</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>The first paragraph, in English, long enough to run over more than one line of the page so that its last line is ragged on the right.</p>
<p xml:lang="ar">${AR.repeat(3)}<foreign xml:lang="ar">كلمة</foreign> <foreign xml:lang="en">Kew</foreign></p>
<p>He wrote <foreign xml:lang="he">שלום</foreign> and <foreign xml:lang="ku-Arab">کوردی</foreign>, then <foreign xml:lang="la">vale</foreign> and <seg xml:lang="ar-Latn">marhaba</seg>.</p></body></text></TEI>`;

let source: PrintSource;
let dir: string;
let layout: string[] = [];

beforeAll(async () => {
  const tree = parseXml(XML);
  source = (await loadPrintSourceWriter())(tree, await readDocumentModel('rtl.xml', tree), {});
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-print-rtl-'));
  const pdf = join(dir, 'rtl.pdf');
  writeFileSync(pdf, compilePrintSource(source).pdf);
  layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trimEnd());
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('right-to-left text in the print edition', () => {
  it('sets a block or phrase in a language written the other way in its language and direction, and only those', () => {
    const text = source.typst.slice(source.typst.indexOf('#ed-text['));
    expect(text).toContain('#ed-lang("ar", rtl)[\n#ed-block("p")[هذه');
    // Inside the Arabic paragraph: Arabic needs nothing more, the English word turns back.
    expect(text).toContain('#emph[كلمة] #ed-lang("en", ltr)[#emph[Kew]]]\n]\n');
    expect(text).toContain('#ed-lang("he", rtl)[#emph[שלום]]');
    // The script subtag decides: Kurdish in Arabic script is rtl, Arabic in Latin letters is not.
    expect(text).toContain('#ed-lang("ku", rtl)[#emph[کوردی]]');
    expect(text).toContain('#emph[vale] and marhaba\\.');
    expect(text.match(/#ed-lang\(/g)).toHaveLength(4);
  });

  it.skipIf(!HAVE_PDFTOTEXT)('an Arabic paragraph ends at the right margin, an English one on the left', () => {
    const indent = (l: string): number => l.length - l.trimStart().length;
    const english = layout.find((l) => l.includes('is ragged on the right'))!;
    const after = layout.findIndex((l) => l.includes('He wrote'));
    const arabic = layout.slice(0, after).filter((l) => /[\u0600-\u06ff]/.test(l));
    expect(arabic.length).toBeGreaterThan(3);
    // The full lines of the paragraph and its last, short one end at the same place: the right margin.
    const last = arabic.at(-1)!;
    expect(indent(last)).toBeGreaterThan(indent(english) + 10);
    // (pdftotext places the characters of a justified line by estimate: a few columns either way.)
    expect(Math.abs(last.length - arabic[1]!.length)).toBeLessThanOrEqual(6);
  });
});

/** One list of right-to-left languages and scripts for the web page and the print edition (they had twins to keep equal). */
describe('the list of right-to-left languages', () => {
  it('is defined once, in xslt/common/within.xsl, which both the web page and the print edition read', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.xsl') ? [join(dir, d.name)] : []));
    const defining = files('xslt').filter((f) => /'arab', 'hebr'/.test(readFileSync(f, 'utf8')));
    expect(defining).toEqual([join('xslt', 'common', 'within.xsl')]);
    for (const f of ['xslt/html/common.xsl', 'xslt/tei-to-html.xsl', 'xslt/typst/text.xsl']) expect(readFileSync(f, 'utf8'), f).toContain('c:dir(');
  });
});
