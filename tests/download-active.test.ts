/**
 * A letter's TEI is published as a download of the web edition (web/downloads/<file>.xml, linked from its page).
 * A browser that opens it renders the XML: an element in the XHTML, SVG or MathML namespace there is live, with
 * the site's origin (an <h:script> ran; an <svg onload> in the header's xenoData ran), and an <?xml-stylesheet?>
 * makes the browser apply an XSLT or CSS. Such a TEI is not published in web/ (no file, no link on its page), with
 * one warning at the first such place; the rest of the letter is built, and data/ keeps the TEI as it is.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { activeInDownload } from '../src/build/document.js';
import { loadText } from '../src/load/source.js';

const dir = mkdtempSync(join(tmpdir(), 'download-active-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const edit = (name: string, change: (text: string) => string): string => {
  const file = join(dir, 'tei', name);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return after;
};

describe('the TEI download of a letter a browser would make active', () => {
  it('is left out of web/ (file and link) with one warning at the first place; the page and data/ are made', async () => {
    cpSync(join('tests', 'fixtures', 'edition'), dir, { recursive: true });
    // An XHTML script in the text (twice: one warning, at the first).
    edit('pryce-lindqvist-1853-09-20.xml', (t) => t.replace('<body>', '<body><p><hi rend="x"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(document.domain)</h:script></hi><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(2)</h:script></p>'));
    // An SVG with a handler in the header's xenoData.
    edit('whitcombe-moreau-1854-02-11.xml', (t) => t.replace('</fileDesc>', '</fileDesc>\n    <xenoData><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/></xenoData>'));
    // A stylesheet instruction (accepted by the default profile too).
    edit('lindqvist-whitcombe-1851-05-02.xml', (t) => t.replace('?>', '?>\n<?xml-stylesheet type="text/xsl" href="page.xsl"?>'));
    // A namespace URI in text only (a note about XHTML) is not an active element.
    edit('moreau-whitcombe-1852.xml', (t) => t.replace('<body>', '<body><p>See http://www.w3.org/1999/xhtml and http://www.w3.org/2000/svg.</p>'));
    // The shared register file is published in web/downloads/ too.
    edit('registers.xml', (t) => t.replace('?>', '?>\n<?xml-stylesheet href="r.css"?>'));
    const r = await runCli(dir, 'build', '--profile', 'any', '--only', 'web,data');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const warnings = r.stdout.split('\n').filter((l) => l.includes('download-active')).map((l) => l.replace(/ the TEI holds (.*?), which.*/, ' $1'));
    expect(warnings.sort()).toEqual([
      'tei/lindqvist-whitcombe-1851-05-02.xml:2:1 warning download-active a stylesheet instruction (<?xml-stylesheet?>)',
      'tei/pryce-lindqvist-1853-09-20.xml:64:27 warning download-active an element in the XHTML namespace (<h:script>)',
      'tei/registers.xml:2:1 warning download-active a stylesheet instruction (<?xml-stylesheet?>)',
      'tei/whitcombe-moreau-1854-02-11.xml:31:15 warning download-active an element in the SVG namespace (<svg>)',
    ]);
    const dist = join(dir, 'dist');
    for (const id of ['pryce-lindqvist-1853-09-20', 'whitcombe-moreau-1854-02-11', 'lindqvist-whitcombe-1851-05-02']) {
      expect(existsSync(join(dist, 'web/downloads', `${id}.xml`)), id).toBe(false);
      const page = readFileSync(join(dist, 'web/documents', `${id}.html`), 'utf8');
      expect(page).not.toContain(`downloads/${id}.xml`);
      // Kept as it is outside the site (the export of the TEI).
      expect(readFileSync(join(dist, 'data', `${id}.xml`), 'utf8')).toBe(readFileSync(join(dir, 'tei', `${id}.xml`), 'utf8'));
    }
    expect(existsSync(join(dist, 'web/downloads/registers.xml'))).toBe(false);
    expect(existsSync(join(dist, 'data/registers.xml'))).toBe(true);
    // The others keep their downloads.
    expect(existsSync(join(dist, 'web/downloads/moreau-whitcombe-1852.xml'))).toBe(true);
    expect(readFileSync(join(dist, 'web/documents/moreau-whitcombe-1852.html'), 'utf8')).toContain('href="../downloads/moreau-whitcombe-1852.xml"');
  });

  it('reads elements by their resolved namespace, whatever their prefix; MathML too', () => {
    const at = (text: string): string | undefined => {
      const d = activeInDownload(loadText('x.xml', text).source!);
      return d && `${d.line}:${d.column} ${d.message.replace(/, which.*/, '')}`;
    };
    const tei = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n${body}</body></text></TEI>`;
    expect(at(tei('<p>plain</p>'))).toBeUndefined();
    expect(at(tei('<p xmlns:x="http://www.w3.org/1999/xhtml">a prefix declared, unused</p>'))).toBeUndefined();
    expect(at(tei('<p><formula><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math></formula></p>'))).toBe('2:13 the TEI holds an element in the MathML namespace (<math>)');
    expect(at(tei('<p><t:a xmlns:t="http://www.w3.org/2000/svg"/></p>'))).toBe('2:4 the TEI holds an element in the SVG namespace (<t:a>)');
    expect(at(`<?xml-stylesheet href="a.css"?>${tei('<p/>')}`)).toBe('1:1 the TEI holds a stylesheet instruction (<?xml-stylesheet?>)');
  });
});
