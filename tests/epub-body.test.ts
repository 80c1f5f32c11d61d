// src/render/epub-body.ts: a letter's EPUB body made by one pass over its
// serialized XHTML parts gives, byte for byte, what the stylesheet that made
// it before (tests/epub/html-to-epub.xsl, kept here as the oracle) gives
// from the parsed parts: on a hand-made input that meets every rule and on
// the fixture edition's letters as the web edition renders them. With the
// letters of the book to link (options.letters), a link to one of their web
// pages links its content document instead; the rest is the same.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { epubBody } from '../src/render/epub-body.js';
import { loadHtmlRenderer, type HtmlRenderer } from '../src/render/html.js';
import { loadSef, type SefJson } from '../src/xslt/sef.js';
import { parseXml, transformSync } from '../src/xslt/transform.js';
import { readingTreeOf } from '../src/xslt/tree.js';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';

const here = import.meta.dirname;
const XHTML = 'http://www.w3.org/1999/xhtml';

let oracle: SefJson;
const byStylesheet = (parts: string): string =>
  transformSync<string>(oracle, { source: parseXml(`<div xmlns="${XHTML}">${parts}</div>`), destination: 'serialized' }).principalResult;

beforeAll(async () => {
  oracle = await loadSef(join(here, 'epub', 'html-to-epub.xsl'));
}, 120_000);

// Every rule once: note calls, the notes (blocks inside them, a call inside a note, what the section holds besides
// its heading and notes), links to the edition's pages and to the web, controls, roles, empty elements, comments,
// and the characters the serializer escapes, in text and in attributes.
const HAND_MADE = [
  `<article xmlns="${XHTML}" class="doc-text"><p class="tei-p" id="p1">A &amp; B &lt; C &gt; D "q" ‘x’ &#155; &#8232; &#13;`,
  `<a class="noteref generated" id="noteref-n1" href="#note-n1" role="doc-noteref" aria-label="Note 1"><sup>1</sup></a> `,
  `<a href="../registers/persons.html#x" class="tei-persName" lang="en" data-ref="#x" title="t">Name</a> `,
  `<a href="https://example.org/?a=1&amp;b=2">web</a> <a href="MAILTO:x@example.org">mail</a> <a href="#p1">here</a>`,
  `<span class="empty"></span><br/><button type="button">Show</button><script>alert(1)</script><!-- a comment --></p>\n</article>`,
  `<section xmlns="${XHTML}" class="notes" role="doc-endnotes" aria-labelledby="h" id="notes">\n <h2 id="h" class="generated">Notes <b>here</b></h2> stray text <p>dropped</p>`,
  `<ol class="notes-list"><li id="note-n1" class="note editorial" value="1"><p class="x">First block</p><div>Second &amp; block `,
  `<a class="noteref" href="#note-n2" role="doc-noteref"><sup>2</sup></a></div> <a class="backlink generated" href="#noteref-n1" role="doc-backlink" aria-label="Back">↩</a></li>`,
  `<li id="note-n2" value="2">Plain "note" <span title="a&#34;b&#10;c&#9;d &lt;&gt;">x</span><span/></li><li id="other">not a note</li></ol></section>`,
  `<div xmlns="${XHTML}" class="apparatus" role="doc-backlink"><p role="note">App <a href="other.html">other</a></p></div>`,
].join('');

describe('the EPUB body of a letter, without parsing its parts', () => {
  it('is what the stylesheet made, on a hand-made input that meets every rule', () => {
    const body = epubBody(HAND_MADE);
    expect(body).toBe(byStylesheet(HAND_MADE));
    // What the rules do, read from the result.
    expect(body).toContain('<a xmlns:epub="http://www.idpf.org/2007/ops" epub:type="noteref" class="noteref generated" id="noteref-n1" href="#note-n1" aria-label="Note 1"><sup>1</sup></a>');
    expect(body).toContain('<span xmlns:epub="http://www.idpf.org/2007/ops" class="tei-persName" lang="en" data-ref="#x">Name</span>');
    expect(body).toContain('<a href="https://example.org/?a=1&amp;b=2">web</a>');
    expect(body).toContain('<aside id="note-n1" class="note editorial" epub:type="footnote"><p><span class="note-number">1. </span><span class="block x">First block</span><span class="block">Second &amp; block <a epub:type="noteref" class="noteref" href="#note-n2"><sup>2</sup></a></span>');
    expect(body).toContain('<aside id="note-n2" class="" epub:type="footnote">');
    expect(body).toContain('title="a&#34;b&#10;c&#9;d &lt;&gt;"');
    expect(body).toContain('<span class="empty"/><br/>');
    expect(body).not.toMatch(/<button|<script|doc-backlink|doc-endnotes|doc-noteref|stray text|dropped|not a note/);
  });

  it('links the letters of the book instead (their web pages by name), at an id their body has, else at their start', () => {
    const parts = [
      `<article xmlns="${XHTML}" class="doc-text"><p id="p1"><a class="tei-ptr generated" href="other.html" data-target="other.xml">Other</a> `,
      `<a class="tei-ref" id="r1" href="other.html#p2" data-target="other.xml#p2">there</a> <a class="tei-ref" href="other.html#ed">editor</a> `,
      `<a class="tei-ref" href="later.html#n-1">later</a> <a class="tei-persName" href="../register/persons.html#x">Name</a> <a href="notinbook.html">gone</a></p></article>`,
      `<section xmlns="${XHTML}" class="notes"><h2>Notes</h2><ol><li id="note-n1" value="1"><p>See <a class="tei-ptr" href="other.html#p2">it</a>.</p></li></ol></section>`,
    ].join('');
    const ids = new Set<string>();
    const unchecked: [string, string][] = [];
    const letters = new Map([['other.html', { file: 'letter-0001.xhtml', ids: new Set(['p2']) }], ['later.html', { file: 'letter-0003.xhtml' }]]);
    const body = epubBody(parts, { letters, ids, unchecked });
    expect(body).toContain('<a class="tei-ptr generated" href="letter-0001.xhtml" data-target="other.xml">Other</a>');
    expect(body).toContain('<a class="tei-ref" id="r1" href="letter-0001.xhtml#p2" data-target="other.xml#p2">there</a>');
    // An id the target's body does not have: the letter; one not known yet: kept, and reported.
    expect(body).toContain('<a class="tei-ref" href="letter-0001.xhtml">editor</a>');
    expect(body).toContain('<a class="tei-ref" href="letter-0003.xhtml#n-1">later</a>');
    expect(unchecked).toEqual([['letter-0003.xhtml', 'n-1']]);
    // In a note too; the other pages stay spans, as without the letters.
    expect(body).toContain('<span class="block">See <a class="tei-ptr" href="letter-0001.xhtml#p2">it</a>.</span>');
    expect(body).toContain('<span xmlns:epub="http://www.idpf.org/2007/ops" class="tei-persName">Name</span>');
    expect(body).toContain('<span xmlns:epub="http://www.idpf.org/2007/ops">gone</span>');
    expect([...ids].sort()).toEqual(['note-n1', 'p1', 'r1']);
    // Without letters, the stylesheet's output, byte for byte.
    expect(epubBody(parts)).toBe(byStylesheet(parts));
    expect(epubBody(parts, { letters: new Map() })).toBe(byStylesheet(parts));
  });

  it('is what the stylesheet made, for every letter of the fixture edition', async () => {
    const html: HtmlRenderer = await loadHtmlRenderer();
    const folder = join(here, 'fixtures', 'edition', 'tei');
    const letters = readdirSync(folder).filter((f) => f.endsWith('.xml') && f !== 'registers.xml');
    expect(letters.length).toBeGreaterThanOrEqual(5);
    for (const file of letters) {
      const tree = readingTreeOf(loadText(file, readFileSync(join(folder, file), 'utf8')).source!);
      const model = await readDocumentModel(join(folder, file), tree);
      const r = html(tree, { documentId: model.id, withBody: false });
      const parts = `${r.header}${r.text}${r.notes}${r.apparatus}`;
      expect(epubBody(parts), file).toBe(byStylesheet(parts));
    }
  }, 120_000);
});
