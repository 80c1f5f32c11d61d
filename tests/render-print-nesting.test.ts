/**
 * Deeply nested formatting in the print edition (issue 10): 70 nested `hi`
 * used to stop Typst ("maximum show rule depth exceeded"), 2,000 ran
 * SaxonJS out of stack. The print stylesheet sets formatting as runs of one
 * combined style (xslt/typst/text.xsl), so the Typst nests no deeper than
 * its formatting functions, and the PDF has every word.
 *
 * The deep case is MAX_DEPTH nested `hi` inside TEI/text/body/p: deeper than
 * the scanner lets any document be (src/load/scan.ts refuses it, asserted
 * below), so it covers every depth a build can hand the print stylesheet.
 * 2,000 levels proved nothing more (no document that deep gets past the
 * scanner) and cost ~5 s of CPU in SaxonJS and Typst.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';
import { MAX_DEPTH } from '../src/load/scan.js';
import { readDocumentModel } from '../src/model/read.js';
import { loadTypstWriter, renderPrint } from '../src/render/print.js';
import { parseXml } from '../src/xslt/transform.js';

const HAVE_PDFTOTEXT = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('[render-print-nesting] SKIPPED: pdftotext (poppler-utils) is not installed; the words of the PDFs are not read.');
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'tei-nesting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function letter(body: string): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Nesting</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>${body}</p></body></text></TEI>`;
}

/** `depth` nested hi, each with a word of its own before the next: w0 w1 … core. */
function nested(depth: number): { xml: string; words: string[] } {
  const rends = ['italic', 'bold', 'underline', 'strikethrough'];
  let open = '';
  const words = ['start'];
  for (let i = 0; i < depth; i++) {
    open += `<hi rend="${rends[i % rends.length]}">w${i} `;
    words.push(`w${i}`);
  }
  words.push('core', 'end');
  return { xml: letter(`start ${open}core${'</hi>'.repeat(depth)} end`), words };
}

/** How deep the content blocks ([…]) of the Typst source nest. */
function bracketDepth(typst: string): number {
  let depth = 0;
  let most = 0;
  for (const c of typst.replace(/\\./g, '')) {
    if (c === '[') most = Math.max(most, ++depth);
    else if (c === ']') depth--;
  }
  return most;
}

async function typstOf(xml: string): Promise<string> {
  const tree = parseXml(xml);
  const write = await loadTypstWriter();
  const typst = write(tree, await readDocumentModel('nesting.xml', tree));
  return typst.slice(typst.indexOf('#ed-text['));
}

describe('nested formatting in the print edition', () => {
  it('sets nested formatting as runs of one combined style, each function once', async () => {
    expect(await typstOf(letter('<hi rend="italic">a <hi rend="bold">b</hi> c</hi>'))).toContain('#emph[a ]#emph[#strong[b]]#emph[ c]');
    // An italic inside an italic stays italic (Typst's emph inside emph would set it upright).
    expect(await typstOf(letter('<hi rend="italic">a <hi rend="italic">b</hi></hi>'))).toContain('#emph[a b]');
    // A name inside formatting is set by its own template, inside the run.
    expect(await typstOf(letter('<emph>a <del>b <persName>c</persName></del></emph>'))).toContain('#emph[a ]#emph[#strike[b c]]');
  });

  const printed = new Map<number, Promise<{ pdf: Uint8Array; typst: string; words: string[] }>>();
  const printNested = (depth: number) => {
    if (!printed.has(depth)) {
      printed.set(depth, (async () => {
        const { xml, words } = nested(depth);
        const tree = parseXml(xml);
        const print = await renderPrint(tree, await readDocumentModel('nesting.xml', tree));
        return { pdf: print.pdf, typst: print.typst, words };
      })());
    }
    return printed.get(depth) as Promise<{ pdf: Uint8Array; typst: string; words: string[] }>;
  };

  it(`the deep case (${MAX_DEPTH} nested hi) is past the depth the scanner accepts`, () => {
    expect(loadText('nesting.xml', nested(MAX_DEPTH).xml).diagnostics.map((d) => d.rule)).toEqual(['xml-too-deep']);
  });

  for (const depth of [70, MAX_DEPTH]) {
    it(`makes a PDF of ${depth} nested hi, its Typst nested no deeper than its formatting functions`, async () => {
      const print = await printNested(depth);
      expect(Buffer.from(print.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      // Four formatting functions in turn, inside #ed-text[ and #ed-block(…)[.
      expect(bracketDepth(print.typst.slice(print.typst.indexOf('#ed-text[')))).toBeLessThanOrEqual(6);
    });

    it.skipIf(!HAVE_PDFTOTEXT)(`has every word of the ${depth} nested hi in the PDF, in order`, async () => {
      const print = await printNested(depth);
      const file = join(dir, `nested-${depth}.pdf`);
      writeFileSync(file, print.pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const found = text.split(/\s+/).filter((w) => w === 'start' || w === 'core' || w === 'end' || /^w\d+$/.test(w));
      expect(found).toEqual(print.words);
    });
  }
});
