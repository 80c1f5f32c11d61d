/**
 * HTML rendering (xslt/tei-to-html.xsl through src/render/html.ts).
 *
 * Golden files: tests/golden/html/*.html hold the `body` fragment of the
 * letter and of the FRUS witness, byte for byte (the serializer indents
 * deterministically). Any change to the output fails the test; after
 * checking the difference, rewrite them with
 *
 *     UPDATE_GOLDEN=1 npx vitest run tests/render-html.test.ts
 */
import { checkGolden } from './golden.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadHtmlRenderer, renderDocumentHtml, type HtmlRenderer, type RenderedDocument } from '../src/render/html.js';
import { loadSef, loadSefFromText } from '../src/xslt/sef.js';
import { parseXml, saxon, transformSync, type SaxonDocument } from '../src/xslt/transform.js';
import { XSLT_DIR } from '../src/paths.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const COPY_TEXT = join(root, 'tests', 'fixtures', 'copy-text', '000_7c683ee98f370b22.txt');
const HOSTILE = join(root, 'tests', 'fixtures', 'hostile', 'hostile.xml');
const SAMPLER = join(root, 'tests', 'fixtures', 'valid', 'sampler.xml');
const GOLDEN_DIR = join(root, 'tests', 'golden', 'html');
// The FRUS witness lives in the shared sources (outside the repository); a copy may sit in the fixtures.
const FRUS = [join(root, 'tests', 'fixtures', 'frus', 'frus1955-57v25-d166.xml'), resolve(root, '../shared/sources/frus1955-57v25-d166.xml')].find(
  (f) => existsSync(f),
);
if (!FRUS) console.warn('[render-html] SKIPPED: the FRUS witness frus1955-57v25-d166.xml was not found; its tests do not run.');

const XHTML = 'http://www.w3.org/1999/xhtml';
const TEI = 'http://www.tei-c.org/ns/1.0';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let render: HtmlRenderer;
let letter: RenderedDocument;
let frus: RenderedDocument | undefined;

beforeAll(async () => {
  render = await loadHtmlRenderer();
  letter = render(readFileSync(LETTER, 'utf8'), { documentId: 'eisenhower-bulganin-1956-11-04' });
  if (FRUS) frus = render(readFileSync(FRUS, 'utf8'), { documentId: 'frus1955-57v25-d166' });
}, 120_000);

// ------------------------------------------------------------------ helpers

/** XPath 3.1 over a parsed fragment; `h:` is the XHTML namespace, `tei:` TEI. Returns the items as an array. */
function q<T = unknown>(doc: SaxonDocument, xpath: string): T[] {
  return saxon().XPath.evaluate(xpath, doc, { namespaceContext: { h: XHTML, tei: TEI }, resultForm: 'array' }) as T[];
}
const strings = (doc: SaxonDocument, xpath: string): string[] => q<string>(doc, xpath).map(String);
const one = (doc: SaxonDocument, xpath: string): unknown => q(doc, xpath)[0];
const html = (fragment: string): SaxonDocument => parseXml(fragment);

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };
const treeParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
});

const BLOCKS = new Set(
  'div p h1 h2 h3 h4 h5 h6 li ul ol section article aside header footer blockquote dl dt dd table tbody tr td th caption figure figcaption br address'.split(' '),
);

/**
 * The text a reader sees in an HTML fragment: text nodes in order, with a
 * space around every block (and br, and span.block) so that words of
 * adjacent blocks never run together. Left out: what the stylesheet
 * generated (class "generated": note numbers, variant markers, page
 * markers, labels) and hidden elements (variant readings, the other half of
 * a choice). `hidden: 'include'` keeps hidden elements; `readings: true`
 * shows what the variant control shows: the readings instead of the lemmata.
 */
function visibleText(fragment: string, options: { hidden?: 'include'; readings?: boolean } = {}): string {
  const out: string[] = [];
  const walk = (nodes: Ordered[]): void => {
    for (const node of nodes) {
      if (typeof node['#text'] === 'string') {
        out.push(node['#text']);
        continue;
      }
      const name = Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
      if (!name) continue;
      const attrs = node[':@'] ?? {};
      const classes = (attrs.class ?? '').split(/\s+/);
      if (classes.includes('generated')) continue;
      // The bibliography of standOff closes the text part: not copy text (xslt/html/bibliography.xsl).
      if (name === 'section' && classes.includes('bibliography')) continue;
      if (options.readings && classes.includes('lem')) continue;
      const shown = !('hidden' in attrs) || options.hidden === 'include' || (options.readings && classes.includes('rdg'));
      if (!shown) continue;
      const block = BLOCKS.has(name) || classes.includes('block');
      if (block) out.push(' ');
      walk(node[name] as Ordered[]);
      if (block) out.push(' ');
    }
  };
  walk(treeParser.parse(fragment) as Ordered[]);
  return out.join('');
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

/** The first index where two word lists differ, with context, or null (for readable failures). */
function firstDifference(expected: string[], actual: string[]): string | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      return `word ${i + 1}: expected ${JSON.stringify(expected[i] ?? '<end>')}, got ${JSON.stringify(actual[i] ?? '<end>')} after "… ${expected.slice(Math.max(0, i - 6), i).join(' ')}"`;
    }
  }
  return null;
}

const TEI_BLOCKS = new Set(
  'text front body back group div head p ab lg l list item opener closer dateline salute signed byline docDate address addrLine quote note table row cell figure lb postscript trailer'.split(
    ' ',
  ),
);

/**
 * The words of a TEI document's text, in the order the HTML has them: the
 * text (readings included) without the notes, then each note (not inside
 * another note) in document order; a space around every block element.
 */
function teiWords(teiPath: string): string[] {
  const main: string[] = [];
  const notes: string[][] = [];
  const walk = (nodes: Ordered[], out: string[], inNote: boolean): void => {
    for (const node of nodes) {
      if (typeof node['#text'] === 'string') {
        out.push(node['#text']);
        continue;
      }
      const name = Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
      if (!name) continue;
      const children = node[name] as Ordered[];
      if (name === 'note' && !inNote) {
        const buffer: string[] = [];
        notes.push(buffer);
        walk(children, buffer, true);
        continue;
      }
      const block = TEI_BLOCKS.has(name);
      if (block) out.push(' ');
      walk(children, out, inNote);
      if (block) out.push(' ');
    }
  };
  const tree = treeParser.parse(readFileSync(teiPath, 'utf8')) as Ordered[];
  const tei = tree.find((n) => 'TEI' in n)!.TEI as Ordered[];
  walk(tei.filter((n) => 'text' in n), main, false);
  return words([main.join(''), ...notes.map((n) => n.join(''))].join(' '));
}


const fragments = (r: RenderedDocument): Record<string, string> => ({
  header: r.header,
  text: r.text,
  notes: r.notes,
  apparatus: r.apparatus,
  entities: r.entities,
  body: r.body,
});

// ------------------------------------------------------------------ golden files

describe('golden HTML', () => {
  it('the letter renders exactly as tests/golden/html/eisenhower-bulganin-1956-11-04.html', () => {
    checkGolden(GOLDEN_DIR, 'eisenhower-bulganin-1956-11-04.html', `${letter.body}\n`);
  });

  it.skipIf(!FRUS)('the FRUS witness renders exactly as tests/golden/html/frus1955-57v25-d166.html', () => {
    checkGolden(GOLDEN_DIR, 'frus1955-57v25-d166.html', `${frus!.body}\n`);
  });

  it('rendering is deterministic: the same input gives byte-identical output', async () => {
    const again = render(readFileSync(LETTER, 'utf8'), { documentId: 'eisenhower-bulganin-1956-11-04' });
    expect(again).toEqual(letter);
    // The async entry point gives the same result.
    expect(await renderDocumentHtml(readFileSync(LETTER, 'utf8'), { documentId: 'eisenhower-bulganin-1956-11-04' })).toEqual(letter);
  });
});

// ------------------------------------------------------------------ structure

describe('well-formed fragments the assembler can embed', () => {
  const docs = (): [string, RenderedDocument][] => [['letter', letter], ...(frus ? [['frus', frus] as [string, RenderedDocument]] : [])];

  it('every non-empty fragment is one well-formed XHTML element, without an XML declaration', () => {
    for (const [name, r] of docs()) {
      for (const [part, fragment] of Object.entries(fragments(r))) {
        if (fragment === '') continue;
        expect(XMLValidator.validate(fragment), `${name}.${part}`).toBe(true);
        expect(fragment.startsWith('<?xml'), `${name}.${part}`).toBe(false);
        const doc = html(fragment);
        expect(strings(doc, `namespace-uri(/*)`), `${name}.${part}`).toEqual([XHTML]);
        expect(one(doc, 'count(/*)')).toBe(1);
      }
    }
  });

  it('ids are unique, every in-page link has a target, and the page has one h1: the title', () => {
    for (const [name, r] of docs()) {
      const doc = html(r.body);
      const ids = strings(doc, '//@id/string()');
      expect(new Set(ids).size, `${name}: duplicate ids ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`).toBe(ids.length);
      const fragmentsLinked = strings(doc, `//h:a/@href[starts-with(., '#')]/substring(., 2)`);
      expect(fragmentsLinked.filter((f) => !ids.includes(f)), name).toEqual([]);
      expect(strings(doc, '//h:h1/normalize-space()'), name).toEqual([r.title]);
      // No empty links.
      expect(q(doc, `//h:a[not(normalize-space())]`).length, name).toBe(0);
    }
  });

  it('the parts are the body, in order', () => {
    const body = html(letter.body);
    expect(strings(body, `/h:div/*/local-name()`)).toEqual(['header', 'article', 'section', 'section', 'aside']);
    expect(strings(body, `/h:div/h:section/@class/string()`)).toEqual(['notes', 'apparatus']);
    expect(letter.title).toBe(
      'Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., Urging Withdrawal of Soviet Forces From Hungary',
    );
    expect(letter.lang).toBe('en');
    expect(letter).toMatchObject({ noteCount: 7, variantCount: 6, variantWitnesses: ['FRUS'], entityCount: 24 });
  });

  it('gives the register back-links too: the same as occurrences.xsl, each to an id of the page', async () => {
    const alone = transformSync(await loadSef(join(XSLT_DIR, 'occurrences.xsl')), { source: readFileSync(LETTER, 'utf8'), destination: 'raw' }).principalResult;
    expect(letter.occurrences.length).toBeGreaterThan(10);
    expect(letter.occurrences).toEqual(alone);
    const ids = new Set([...strings(html(letter.text), '//@id/string()'), ...strings(html(letter.notes), '//@id/string()')]);
    for (const o of letter.occurrences) expect(ids, `${o.id} in ${o.where}`).toContain(o.anchor);
  });
});

// ------------------------------------------------------------------ the letter

describe('the letter: metadata block', () => {
  it('has title, from, to, date, place and the three witnesses with sigla, bibliography, role and note', () => {
    const doc = html(letter.header);
    const dl = (label: string): string => strings(doc, `//h:dl[@class='doc-metadata']/h:dt[. = '${label}']/following-sibling::h:dd[1]/normalize-space()`)[0] ?? '';
    expect(strings(doc, '//h:h1/normalize-space()')).toEqual([letter.title]);
    expect(dl('From')).toBe('Dwight D. Eisenhower');
    expect(dl('To')).toBe('Nikolai A. Bulganin');
    expect(dl('Date')).toBe('November 4, 1956');
    expect(strings(doc, `//h:dt[. = 'Date']/following-sibling::h:dd[1]/h:time/@datetime/string()`)).toEqual(['1956-11-04']);
    expect(dl('Place')).toBe('Washington, D.C.');
    expect(strings(doc, '//h:dl[@class="witnesses"]/h:dt/string()')).toEqual(['PPP', 'DSB', 'FRUS']);
    expect(strings(doc, '//h:dl[@class="witnesses"]/h:dt/@id/string()')).toEqual(['wit-PPP', 'wit-DSB', 'wit-FRUS']);
    const role = (siglum: string): string => strings(doc, `//h:dt[. = '${siglum}']/following-sibling::h:dd[1]//*[@class = 'witness-role']/normalize-space()`).join('|');
    const note = (siglum: string): string => strings(doc, `//h:dt[. = '${siglum}']/following-sibling::h:dd[1]/*[@class = 'tei-note']/normalize-space()`).join('|');
    // Each role is said once: the notes of PPP and DSB begin with it, so no role line repeats it.
    expect(note('PPP')).toMatch(/^Copy text\. Transcribed/);
    expect(note('DSB')).toMatch(/^Preferred witness for citation\. /);
    expect(role('PPP')).toBe('');
    expect(role('DSB')).toBe('');
    expect(role('FRUS')).toBe('');
    // The note and the witnesses fold away (reading first); From, To, Date and Place stay in view.
    expect(strings(doc, '//h:header/h:details[@class="doc-more"]/h:summary/string()')).toEqual(['Note and witnesses (3)']);
    expect(strings(doc, '//h:header/h:dl[@class="doc-metadata"]/h:dt/string()')).toEqual(['From', 'To', 'Date', 'Place']);
    // Monographs and journals in <cite>; the FRUS URL is a link.
    expect(strings(doc, `//h:dt[. = 'DSB']/following-sibling::h:dd[1]//h:cite[@data-level = 'j']/string()`)).toEqual(['Department of State Bulletin']);
    expect(strings(doc, `//h:dt[. = 'FRUS']/following-sibling::h:dd[1]//h:a/@href/string()`)).toEqual([
      'https://history.state.gov/historicaldocuments/frus1955-57v25/d166',
    ]);
    expect(strings(doc, `//h:dt[. = 'FRUS']/following-sibling::h:dd[1]/*[@class = 'tei-note']/normalize-space()`)[0]).toMatch(/^Telegram 546 /);
  });

  it('formats an ISO date when the header gives no wording', async () => {
    const tei = readFileSync(LETTER, 'utf8').replace('<date when="1956-11-04">November 4, 1956</date>\n        </correspAction>', '<date when="1956-11-04"/>\n        </correspAction>');
    expect(tei).not.toBe(readFileSync(LETTER, 'utf8'));
    const doc = html(render(tei, { documentId: 'x' }).header);
    expect(strings(doc, `//h:dt[. = 'Date']/following-sibling::h:dd[1]/normalize-space()`)).toEqual(['November 4, 1956']);
  });

  it('the folded metadata is named by what it holds, whatever it holds (a disclosure without a name fails axe)', () => {
    const header = (sourceDesc: string, note = ''): string[] => {
      const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
        <publicationStmt><p/></publicationStmt><sourceDesc>${sourceDesc}</sourceDesc></fileDesc>
        ${note ? `<profileDesc><correspDesc><note>${note}</note></correspDesc></profileDesc>` : ''}</teiHeader><text><body><p>x</p></body></text></TEI>`;
      return strings(html(render(tei, { documentId: 'x' }).header), '//h:details[@class="doc-more"]/h:summary/string()');
    };
    const ms = '<msDesc><msIdentifier><repository>BAR</repository><idno>J I.67</idno></msIdentifier></msDesc>';
    expect(header(ms)).toEqual(['Manuscript']);
    expect(header('<bibl>Printed in the Bulletin.</bibl>')).toEqual(['Source']);
    expect(header(`${ms}<bibl>Printed in the Bulletin.</bibl>`, 'Sent by courier.')).toEqual(['Note, manuscript and source']);
    expect(header('<listWit><witness xml:id="A">A copy</witness></listWit>', 'Sent by courier.')).toEqual(['Note and witnesses (1)']);
  });

  it('names a witness\'s role (the category up to its colon) when its note does not already say it', () => {
    const tei = readFileSync(LETTER, 'utf8').replace('<note>Copy text. Transcribed from', '<note>Transcribed from');
    expect(tei).not.toBe(readFileSync(LETTER, 'utf8'));
    const doc = html(render(tei, { documentId: 'x' }).header);
    expect(strings(doc, `//h:dt[. = 'PPP']/following-sibling::h:dd[1]//*[@class = 'witness-role']/normalize-space()`)).toEqual(['Copy text']);
    expect(strings(doc, `//h:dt[. = 'DSB']/following-sibling::h:dd[1]//*[@class = 'witness-role']`)).toEqual([]);
  });
});

describe('the letter: reading text', () => {
  it('the visible text (minus notes, apparatus, generated labels and hidden readings) is the copy text, word for word', () => {
    const expected = words(readFileSync(COPY_TEXT, 'utf8'));
    const actual = words(visibleText(letter.text));
    expect(firstDifference(expected, actual)).toBeNull();
    expect(actual).toEqual(expected);
  });

  it('the FRUS readings are in the text, hidden, and show in place of the lemmata', () => {
    const doc = html(letter.text);
    expect(strings(doc, '/h:article/@data-variant-witnesses/string()')).toEqual(['FRUS']);
    expect(q(doc, '//h:span[contains-token(@class, "rdg")][not(@hidden)]').length).toBe(0);
    expect(strings(doc, '//h:span[contains-token(@class, "rdg")]/@data-wit/string()')).toEqual(Array(6).fill('#FRUS'));
    // Swapping lemma for reading gives the FRUS wording.
    const frusWords = visibleText(letter.text, { readings: true });
    expect(norm(frusWords)).toContain('those of me Hungarian Government');
    expect(norm(frusWords)).toContain('His Excellency Marshal Nikolai A. Bulganin');
    expect(norm(frusWords)).toMatch(/said that ‘it considered/);
  });

  it('keeps quotation marks as characters: a quote is a span, never <q>, and nothing adds marks', () => {
    const doc = html(letter.text);
    expect(q(doc, '//h:q').length).toBe(0);
    expect(strings(doc, '//h:span[@class = "tei-quote"]/@data-source/string()')).toEqual(['#soviet-declaration-1956-10-30']);
    expect(norm(visibleText(letter.text))).toContain('said that "it considered');
    expect(norm(visibleText(letter.text))).toContain('Bulganin letter "in an');
  });

  it('renders divisions, heads, blocks and paragraphs with their TEI names, ids and attributes', () => {
    const doc = html(letter.text);
    expect(strings(doc, '//h:section[@id = "letter"]/@class/string()')).toEqual(['tei-div']);
    expect(strings(doc, '//h:section[@id = "letter"]/@data-type/string()')).toEqual(['letter']);
    expect(strings(doc, '//h:h2/@class/string()')).toEqual(['tei-head', 'generated']);
    // The text closes with the bibliography of standOff: one entry per work, with its xml:id.
    expect(strings(doc, '//h:section[@class = "bibliography"]/h:h2/string()')).toEqual(['Bibliography']);
    expect(strings(doc, '//h:section[@class = "bibliography"]//h:li/@id/string()')).toEqual(['soviet-declaration-1956-10-30']);
    expect(strings(doc, '//h:p/@id/string()')).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    for (const block of ['byline', 'docDate', 'opener', 'dateline', 'closer', 'signed']) {
      expect(q(doc, `//h:div[@class = 'tei-${block}']`).length, block).toBe(1);
    }
    expect(strings(doc, '//h:time[. = "yesterday afternoon"]/@datetime/string()')).toEqual(['1956-11-03']);
    expect(strings(doc, '//h:cite[@class = "tei-title"][not(ancestor::h:section[@class = "bibliography"])]/@data-level/string()')).toEqual(['j']);
  });
});

describe('the letter: notes', () => {
  it('has 7 note calls, numbered 1–7 in document order, linked both ways with the notes list', () => {
    const text = html(letter.text);
    const notes = html(letter.notes);
    expect(strings(text, '//h:a[@role = "doc-noteref"]/normalize-space()')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(strings(text, '//h:a[@role = "doc-noteref"]/@href/string()')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `#note-n${n}`));
    expect(strings(text, '//h:a[@role = "doc-noteref"]/@id/string()')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `noteref-n${n}`));
    expect(strings(text, '//h:a[@role = "doc-noteref"]/@aria-label/string()')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Note ${n}`));
    expect(strings(notes, '//h:ol/h:li/@id/string()')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `note-n${n}`));
    expect(strings(notes, '//h:li/h:a[@role = "doc-backlink"]/@href/string()')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `#noteref-n${n}`));
    // No role on the items: DPUB-ARIA 1.1 deprecates doc-endnote (axe flags it); the list in a doc-endnotes section says it.
    expect(strings(notes, '//h:li/@role/string()')).toEqual([]);
    // Editorial notes are marked as such, for sighted readers (class) and screen readers (label).
    expect(q(notes, '//h:li[contains-token(@class, "editorial")]').length).toBe(7);
    expect(strings(notes, '//h:li[1]/*[contains-token(@class, "note-label")]/string()')).toEqual(['Editorial note: ']);
    expect(strings(notes, '/h:section/h:h2/string()')).toEqual(['Notes']);
  });

  it('the note texts are in the list, in order, and not in the text', () => {
    const list = strings(html(letter.notes), '//h:li/*[contains-token(@class, "tei-note")]/normalize-space()');
    expect(list[0]).toMatch(/^Sent to Moscow in telegram 546/);
    expect(list[1]).toMatch(/^The declaration of the Soviet Government/);
    expect(list[6]).toMatch(/^Bulganin’s letter of November 5, 1956 .*Document 505, “Letter from Prime Minister Bulganin to President Eisenhower”\. Its text/);
    expect(visibleText(letter.text)).not.toContain('telegram 546');
  });
});

describe('the letter: apparatus', () => {
  const entries = (): string[] =>
    q<SaxonDocument>(html(letter.apparatus), '//h:li').map((li) =>
      String(saxon().XPath.evaluate(`normalize-space(string-join(.//text()[not(ancestor::*[contains-token(@class, 'backlink')])], ''))`, li)),
    );

  it('has 6 entries in the classic form "lemma] reading SIGLUM"', () => {
    expect(entries()).toEqual([
      'om.] November 4, 1956 FRUS',
      'om.] His Excellency Marshal Nikolai A. Bulganin, Chairman of the Council of Ministers of the Union of Soviet Socialist Republics, Moscow. FRUS',
      '"] ‘ FRUS',
      '."] ’. FRUS',
      'the] me FRUS',
      'DWIGHT D. EISENHOWER] Dwight D. Eisenhower FRUS',
    ]);
  });

  it('links variant markers and entries both ways, and the sigla to the witnesses', () => {
    const text = html(letter.text);
    const app = html(letter.apparatus);
    const keys = ['app1', 'app2', 'app3', 'app4', 'app5', 'app6'];
    expect(strings(text, '//h:span[contains-token(@class, "app")]/@id/string()')).toEqual(keys.map((k) => `app-${k}`));
    expect(strings(text, '//h:a[contains-token(@class, "app-marker")]/@href/string()')).toEqual(keys.map((k) => `#var-${k}`));
    // The FRUS-only date line and inside address (empty lemmata) are marked with a caret and the siglum where they would stand.
    expect(strings(text, '//h:a[contains-token(@class, "app-marker")]/string-join(.//text()[not(ancestor::*[@class = "visually-hidden"])], "")')).toEqual(['‸a FRUS', '‸b FRUS', 'c', 'd', 'e', 'f']);
    expect(strings(text, '//h:a[contains-token(@class, "empty-lemma")]/string-join(.//text()[not(ancestor::*[@aria-hidden = "true"])], "")')).toEqual(['Variant a, a reading only in FRUS', 'Variant b, a reading only in FRUS']);
    expect(strings(app, '//h:li/@id/string()')).toEqual(keys.map((k) => `var-${k}`));
    expect(strings(app, '//h:li/h:a[@role = "doc-backlink"]/@href/string()')).toEqual(keys.map((k) => `#app-${k}`));
    expect(new Set(strings(app, '//h:a[@class = "siglum"]/@href/string()'))).toEqual(new Set(['#wit-FRUS']));
    // The lemma "the" and its marker, in the text.
    expect(strings(text, `//h:span[@id = 'app-app5']/h:span[contains-token(@class, 'lem')]/string()`)).toEqual(['the']);
    expect(strings(text, `//h:span[@id = 'app-app5']/following-sibling::*[1]/@aria-label/string()`)).toEqual(['Variant e']);
  });
});

describe('the letter: names and the entities sidebar', () => {
  const teiDoc = (): SaxonDocument => parseXml(readFileSync(LETTER, 'utf8'));
  const PAGE: Record<string, string> = { person: 'persons.html', place: 'places.html', org: 'organizations.html' };

  it('every name with @ref is a link to its register entry (or, holding other links, is linked piece by piece)', () => {
    const tei = teiDoc();
    // Every element of the TEI text with @ref, in document order: [element name, ref, kind of target or ''].
    const refs = strings(
      tei,
      `for $e in /tei:TEI/tei:text//*[@ref]
       return let $t := root($e)//*[@xml:id = substring($e/@ref, 2)]
       return string-join((local-name($e), string($e/@ref),
         if ($t/self::tei:person) then 'person' else if ($t/self::tei:place) then 'place' else if ($t/self::tei:org) then 'org'
         else if ($t/self::tei:bibl) then 'bibl' else ''), '|')`,
    );
    expect(refs.length).toBeGreaterThan(60);
    // The same names in the HTML of the text and the notes (the apparatus list renders names without links).
    const rendered = [html(letter.text), html(letter.notes)].flatMap((d) =>
      strings(
        d,
        `for $e in //*[@data-ref][starts-with(@class, 'tei-')]
         return string-join((substring-after(tokenize($e/@class)[1], 'tei-'), string($e/@data-ref),
           if ($e/self::h:a) then string($e/@href)
           else string-join(distinct-values($e//h:a[@class = 'name-link'][@data-ref = $e/@data-ref]/@href), ' ')), '|')`,
      ),
    );
    // Documents order differs (notes come after the text), so compare as multisets.
    const expected = refs.map((r) => {
      const [name, ref, kind] = r.split('|') as [string, string, string];
      // A work of the bibliography: its entry on the page.
      const href = kind === 'bibl' ? ref : kind ? `../register/${PAGE[kind]}#${ref.slice(1)}` : '';
      return `${name}|${ref}|${href}`;
    });
    expect([...rendered].sort()).toEqual([...expected].sort());
    // The one @ref that is not a register entry (a bibl) links to its entry in the page's bibliography.
    expect(expected.filter((e) => !e.includes('../register/'))).toEqual(['rs|#soviet-declaration-1956-10-30|#soviet-declaration-1956-10-30']);
  });

  it('names carry data-entity pointing to their sidebar entry', () => {
    const entityIds = new Set(strings(html(letter.entities), '//h:li[contains-token(@class, "entity")]/@id/string()'));
    const used = strings(html(letter.text), '//@data-entity/string()');
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((id) => !entityIds.has(id))).toEqual([]);
    expect(entityIds.size).toBe(letter.entityCount);
  });

  it('the sidebar lists each entity once, sorted by normalised name, with dates, description and authority links', () => {
    const doc = html(letter.entities);
    expect(strings(doc, '//h:section/h:h3/string()')).toEqual(['Persons', 'Places', 'Organizations']);
    const persons = strings(doc, '//h:section[@data-kind = "person"]//h:li[contains-token(@class, "entity")]/h:*[@class = "entity-name"]/string()');
    expect(persons.slice(0, 3)).toEqual(['Bohlen', 'Bulganin, Nikolai Aleksandrovich', 'Eisenhower, Dwight D.']);
    for (const kind of ['person', 'place', 'org']) {
      const names = strings(doc, `//h:section[@data-kind = '${kind}']//h:li[contains-token(@class, 'entity')]/*[@class = 'entity-name']/lower-case(string())`);
      expect(names, kind).toEqual([...names].sort());
    }
    const ike = '//h:li[@id = "entity-eisenhower"]';
    expect(strings(doc, `${ike}/h:a[@class = 'entity-name']/@href/string()`)).toEqual(['../register/persons.html#eisenhower']);
    expect(strings(doc, `${ike}//*[@class = 'entity-dates']/string()`)).toEqual(['(1890–1969)']);
    expect(strings(doc, `${ike}//*[contains-token(@class, 'entity-occupation')]/string()`)).toEqual(['President of the United States']);
    expect(strings(doc, `${ike}//h:a[@class = 'authority-link']/@href/string()`)).toEqual(['https://www.wikidata.org/entity/Q9916']);
    // Identifiers that are not URLs are text, not links.
    expect(strings(doc, `${ike}//h:li[@class = 'idno'][not(h:a)]/string()`)).toEqual([
      'SNAC 5402727',
      'LCNAF Eisenhower, Dwight D. (Dwight David), 1890-1969',
      'HSG 103887',
    ]);
    // Entities named only in the header (Washington) are not in the sidebar.
    expect(q(doc, '//h:li[@id = "entity-washington"]').length).toBe(0);
  });

  it('uses registerHref and the register options for every link to a register', () => {
    const r = render(readFileSync(LETTER, 'utf8'), {
      documentId: 'x',
      registerHref: (kind, id) => (id === 'hungary' ? 'javascript:alert(1)' : `/reg/${kind}/${id}/`),
    });
    const hrefs = strings(html(r.body), '//h:a/@href[contains(., "reg")]/string()');
    expect(hrefs).toContain('/reg/person/eisenhower/');
    expect(hrefs).toContain('/reg/org/white-house/');
    expect(r.body).not.toContain('javascript:');
    expect(strings(html(r.text), '//*[@data-ref = "#hungary"]/local-name()')).toContain('span');
    const base = render(readFileSync(LETTER, 'utf8'), { documentId: 'x', registerBase: 'reg/', registerPages: { place: 'orte.html' } });
    expect(strings(html(base.text), '//h:a[@data-ref = "#budapest"]/@href/string()')).toEqual(['reg/orte.html#budapest']);
  });
});

// ------------------------------------------------------------------ FRUS

describe.skipIf(!FRUS)('the FRUS witness (a foreign encoding)', () => {
  it('every word of its text is in the HTML: text, then the notes, in order', () => {
    const expected = teiWords(FRUS!);
    const actual = words(`${visibleText(frus!.text, { hidden: 'include' })} ${visibleText(frus!.notes, { hidden: 'include' })}`);
    expect(firstDifference(expected, actual)).toBeNull();
    expect(actual).toEqual(expected);
  });

  it('numbers its 6 notes and links them both ways', () => {
    const text = html(frus!.text);
    const notes = html(frus!.notes);
    expect(strings(text, '//h:a[@role = "doc-noteref"]/string()')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(strings(notes, '//h:li/@id/string()')).toEqual([1, 2, 3, 4, 5, 6].map((n) => `note-n${n}`));
    expect(strings(notes, '//h:li[1]//h:ul/h:li/@class/string()')).toEqual(Array(5).fill('tei-item'));
    expect(strings(notes, '//h:li[1]/*[@data-type = "source"]/h:p/normalize-space()')[0]).toMatch(/^Source: Department of State/);
  });

  it('shows its page breaks as page markers', () => {
    const text = html(frus!.text);
    expect(strings(text, '//h:span[contains-token(@class, "tei-pb")]/@data-n/string()')).toEqual(['391', '392']);
    expect(strings(text, '//h:span[contains-token(@class, "tei-pb")]/string()')).toEqual(['[p. 391]', '[p. 392]']);
    expect(strings(text, '//h:span[contains-token(@class, "tei-pb")]/@aria-label/string()')).toEqual(['Page 391', 'Page 392']);
  });

  it('makes no link of names and references that do not resolve in the file', () => {
    const doc = html(frus!.body);
    expect(q(doc, '//h:a[contains-token(@class, "tei-persName") or contains-token(@class, "tei-ref")]').length).toBe(0);
    expect(strings(doc, '//h:span[@data-corresp = "#p_BNA1"]/normalize-space()')[0]).toBe('Bulganin');
    expect(strings(doc, '//h:span[@class = "tei-ref"]/@data-target/string()')).toEqual(['#d141', '#d160', '#d167']);
    // The blockquote of the message, the italic dateline, the glosses, the bold signature.
    expect(q(doc, '//h:blockquote[@class = "tei-quote"]/h:p').length).toBe(8);
    expect(strings(doc, '//h:i[contains-token(@class, "rend-italic")]/normalize-space()')[0]).toBe('Washington, November 4, 1956—4:25 p.m.');
    expect(strings(doc, '//h:span[@class = "tei-gloss"]/@data-type/string()').slice(0, 2)).toEqual(['from', 'to']);
    expect(strings(doc, '//h:b/string()')).toEqual(['Hoover']);
    // Attributes in other namespaces (frus:doc-dateTime-min) are ignored.
    expect(frus!.body).not.toContain('dateTime');
  });
});

// ------------------------------------------------------------------ any TEI

describe('any TEI: nothing is lost', () => {
  it('every word of the sampler’s text appears in the HTML', () => {
    const r = render(readFileSync(SAMPLER, 'utf8'), { documentId: 'sampler' });
    for (const fragment of Object.values(fragments(r))) if (fragment) html(fragment);
    const have = new Map<string, number>();
    for (const w of words(`${visibleText(r.text, { hidden: 'include' })} ${visibleText(r.notes, { hidden: 'include' })}`)) have.set(w, (have.get(w) ?? 0) + 1);
    const missing: string[] = [];
    for (const w of teiWords(SAMPLER)) {
      const n = have.get(w) ?? 0;
      if (n === 0) missing.push(w);
      else have.set(w, n - 1);
    }
    expect(missing).toEqual([]);
  });

  it('a word broken at a line end (lb break="no") ends its line in a generated hyphen, unless the writer\'s own hyphen is transcribed', () => {
    const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <text><body><p>The speci<lb break="no"/>mens came<lb/>today, the beauti-<lb break="no"/>ful ones.</p></body></text></TEI>`;
    const text = html(render(tei, { documentId: 'lb' }).text);
    expect(strings(text, '//h:p/node() ! (if (. instance of element()) then local-name() || "." || @class else string())')).toEqual([
      'The speci', 'span.lb-hyphen generated', 'br.tei-lb', 'mens came', 'br.tei-lb', 'today, the beauti-', 'br.tei-lb', 'ful ones.',
    ]);
    expect(strings(text, '//h:p/h:span[@class = "lb-hyphen generated"]/concat(@aria-hidden, " ", .)')).toEqual(['true -']);
    // The white space that lays the source out before the break is not a space before the hyphen ("Wahr -").
    const laidOut = html(render(tei.replace('The speci<lb break="no"/>', 'The speci\n        <lb break="no"/>'), { documentId: 'lb' }).text);
    expect(strings(laidOut, '//h:p/node()[1]/string()')).toEqual(['The speci']);
  });

  it('the text\'s language: xml:lang, else the header\'s langUsage (a French letter that declares only <language ident="fr">)', () => {
    const tei = (lang: string, usage: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"${lang}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>${usage}</teiHeader>
      <text><body><p>Mon cher ami.</p></body></text></TEI>`;
    const usage = '<profileDesc><langUsage><language ident="fr">French</language><language ident="de">German</language></langUsage></profileDesc>';
    const lang = (xml: string): string[] => strings(html(render(xml, { documentId: 'l' }).text), '//h:article/@lang/string()');
    expect(lang(tei('', usage))).toEqual(['fr']);
    expect(lang(tei(' xml:lang="it"', usage))).toEqual(['it']);
    expect(lang(tei('', ''))).toEqual([]);
  });

  it('right-to-left languages: dir="rtl" where the language changes to one, dir="ltr" where it changes back (HTML does not take the direction from lang)', () => {
    const tei = (lang: string, body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"${lang}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <text><body>${body}</body></text></TEI>`;
    const dirs = (xml: string): string[] => strings(html(render(xml, { documentId: 'l' }).text), '//*[@lang]/(local-name() || " " || @lang || " " || (@dir, "-")[1])');
    const body = '<p xml:lang="ar">مرحبا <foreign xml:lang="en">Hello <foreign xml:lang="fr">ami</foreign></foreign></p><p xml:lang="he-Latn">shalom</p><p xml:lang="fr">Mon cher <foreign xml:lang="yi">שלום</foreign></p>';
    expect(dirs(tei(' xml:lang="en"', body))).toEqual(['article en -', 'p ar rtl', 'span en ltr', 'span fr -', 'p he-Latn -', 'p fr -', 'span yi rtl']);
    // Within a Hebrew document, an English passage is marked left to right, a Hebrew one needs nothing.
    expect(dirs(tei(' xml:lang="he"', '<p>שלום <foreign xml:lang="en">friend</foreign></p><p xml:lang="he">עוד</p>'))).toEqual(['article he rtl', 'span en ltr', 'p he -']);
  });

  it('a figure: its head is the caption, its description the image\'s alt text only (shown when there is no image)', () => {
    const tei = (figure: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <text><body><p>Before.</p>${figure}</body></text></TEI>`;
    const text = html(render(tei('<figure><head>A moss</head><graphic url="moss.png"/><figDesc>A pencil sketch</figDesc></figure>'), { documentId: 'fig', graphics: { 'moss.png': '../images/moss.png' } }).text);
    expect(strings(text, '//h:figure/*/(local-name() || ":" || normalize-space())')).toEqual(['figcaption:A moss', 'img:']);
    expect(strings(text, '//h:img/@alt/string()')).toEqual(['A pencil sketch']);
    expect(strings(text, 'normalize-space(/)')).toEqual(['Before. A moss']);
    const alone = html(render(tei('<figure><figDesc>A lost sketch</figDesc></figure>'), { documentId: 'fig' }).text);
    expect(strings(alone, 'normalize-space(/)')).toEqual(['Before. A lost sketch']);
  });

  it('renders phrase-level editorial markup, nested names and nested notes', () => {
    const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:example:x"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <standOff><listPerson><person xml:id="a"><persName>A</persName></person></listPerson>
        <listPlace><place xml:id="b"><placeName>B</placeName></place></listPlace></standOff>
      <text><body><div><div><head>Sub</head>
        <p><persName ref="#a">Al of <placeName ref="#b">Bee</placeName><note>On Al<note>nested</note>.</note></persName>
          <choice><sic>teh</sic><corr>the</corr></choice> <gap reason="illegible"/> <supplied>sup</supplied>
          <hi rend="italic bold">ib</hi> <hi rend="smallcaps">sc</hi> <hi rend="sup">2</hi> line<lb/>break
          <del>gone</del><add>added</add> <x:foo>ext</x:foo> <unknownElement>kept</unknownElement>
          <list><item>in a paragraph</item></list></p></div></div></body></text></TEI>`;
    const r = render(tei, { documentId: 'mini' });
    const text = html(r.text);
    // Heading level follows nesting: div/div/head → h3.
    expect(strings(text, '//h:h3/string()')).toEqual(['Sub']);
    // A name holding other links is a span whose own text is linked piece by piece; links never nest.
    expect(q(text, '//h:a//h:a').length).toBe(0);
    expect(strings(text, '//h:span[@class = "tei-persName"]/h:a[@class = "name-link"]/@href/string()')).toEqual(['../register/persons.html#a']);
    expect(strings(text, '//h:span[@class = "tei-persName"]/h:a[@class = "tei-placeName"]/@href/string()')).toEqual(['../register/places.html#b']);
    // The nested note is inline in its note; one note call.
    expect(q(text, '//h:a[@role = "doc-noteref"]').length).toBe(1);
    expect(strings(html(r.notes), '//h:li//h:span[contains-token(@class, "inline-note")]/string()')).toEqual(['nested']);
    // choice shows the correction, keeps the other reading hidden and in a tooltip.
    expect(strings(text, '//h:span[@class = "tei-choice"]/@title/string()')).toEqual(['sic: teh']);
    expect(strings(text, '//h:span[@class = "tei-choice"]/h:span[contains-token(@class, "editorial")]/string()')).toEqual(['the']);
    expect(strings(text, '//h:span[contains-token(@class, "tei-gap")]/string()')).toEqual(['[…]']);
    expect(strings(text, '//h:span[contains-token(@class, "tei-supplied")]/string()')).toEqual(['[sup]']);
    expect(strings(text, '//h:i/@class/string()')).toEqual(['tei-hi rend-italic rend-bold']);
    expect(strings(text, '//h:span[contains-token(@class, "rend-smallcaps")]/string()')).toEqual(['sc']);
    expect(strings(text, '//h:sup[@class = "tei-hi rend-sup"]/string()')).toEqual(['2']);
    expect(q(text, '//h:br[@class = "tei-lb"]').length).toBe(1);
    expect(strings(text, '//h:del/string()')).toEqual(['gone']);
    expect(strings(text, '//h:ins/string()')).toEqual(['added']);
    expect(strings(text, '//h:span[@class = "ext-foo"]/string()')).toEqual(['ext']);
    expect(strings(text, '//h:span[@class = "tei-unknownElement"]/string()')).toEqual(['kept']);
    // A list inside a paragraph: the paragraph becomes a div (HTML's <p> cannot hold a list).
    expect(strings(text, '//h:div[@class = "tei-p"]/h:ul/h:li/string()')).toEqual(['in a paragraph']);
  });
});

// ------------------------------------------------------------------ safety

/** What a browser would do with an href/src: strip tabs and line breaks, trim; accept only these. */
function isSafeUrl(url: string): boolean {
  const u = url.replace(/[\t\n\r]/g, '').trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return /^(https?|mailto):/i.test(u);
  return !u.startsWith('//') && !u.startsWith('\\');
}

describe('hostile input', () => {
  let hostile: RenderedDocument;
  beforeAll(() => {
    hostile = render(readFileSync(HOSTILE, 'utf8'), { documentId: 'hostile' });
  });

  it('lets no markup, script URL or data URL through', () => {
    const out = hostile.body;
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/javascript:|vbscript:/i);
    expect(out).not.toMatch(/<img[^>]+onerror/i);
    const doc = html(out);
    const urls = strings(doc, '//(@href | @src | @cite | @action | @formaction)/string()');
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((u) => !isSafeUrl(u))).toEqual([]);
    expect(urls.filter((u) => /^\s*data:/i.test(u))).toEqual([]);
    // No event handler or style attributes, whatever the TEI had.
    expect(strings(doc, '//@*[starts-with(local-name(), "on") or local-name() = "style"]/local-name()')).toEqual([]);
    // No element other than the stylesheet's own vocabulary.
    expect(strings(doc, '//*[local-name() = ("script", "iframe", "object", "embed", "style", "link", "meta", "base", "form")]/local-name()')).toEqual([]);
    expect(strings(doc, '//*[namespace-uri() != "http://www.w3.org/1999/xhtml"]/name()')).toEqual([]);
  });

  it('keeps hostile text as escaped text', () => {
    expect(hostile.text).toContain('Text: &lt;script&gt;alert(1)&lt;/script&gt; and &lt;script&gt;alert(17)&lt;/script&gt;');
    expect(hostile.header).toContain('Hostile &lt;script&gt;alert(1)&lt;/script&gt; title');
    expect(hostile.entities).toContain('Villain &lt;img src=x onerror=alert(3)&gt;');
    expect(norm(visibleText(hostile.text))).toContain('Text: <script>alert(1)</script> and <script>alert(17)</script> and "quotes" & ampersands </p></div>.');
    expect(hostile.title).toBe('Hostile <script>alert(1)</script> title');
  });

  it('drops unsafe links but keeps their text; keeps safe ones', () => {
    const doc = html(hostile.text);
    for (const text of [
      'plain script link',
      'mixed case with a leading space',
      'tab inside',
      'line feed inside',
      'carriage return inside',
      'colon as a character reference',
      'second pointer hostile',
      'vbscript',
      'data URL',
      'protocol-relative',
      'attribute breaker',
      'unresolvable fragment',
    ]) {
      expect(strings(doc, `//*[. = '${text}']/local-name()`), text).toEqual(['span']);
    }
    // A relative file that is no letter of the edition (other.html: nothing beside the page answers it) is words, not a link.
    expect(strings(doc, '//h:a[@class = "tei-ref"]/@href/string()')).toEqual(['https://example.org/ok', 'mailto:someone@example.org', '#p1']);
    expect(strings(doc, '//*[starts-with(., "Scripted Name")]/local-name()')).toEqual(['span']);
    expect(strings(doc, '//*[. = "Data Place"]/local-name()')).toEqual(['span']);
    expect(strings(doc, '//*[. = "Ghost Name"]/local-name()')).toEqual(['span']);
    expect(strings(doc, '//*[. = "The Villain"]/@href/string()')).toEqual(['../register/persons.html#villain']);
    // Images are shown only as the build vetted and copied them (src/load/graphics.ts): none here.
    expect(strings(doc, '//h:img/@src/string()')).toEqual([]);
    const vetted = html(render(readFileSync(HOSTILE, 'utf8'), { documentId: 'hostile', graphics: { 'images/ok.png': '../images/tei/images/ok.png' } }).text);
    expect(strings(vetted, '//h:img/@src/string()')).toEqual(['../images/tei/images/ok.png']);
    // The unsafe wikidata "URL" of the register entry is text, the https one a link.
    const entities = html(hostile.entities);
    expect(strings(entities, '//h:a[@class = "authority-link"]/@href/string()')).toEqual(['https://example.org/ok-authority']);
    // The reading with a hostile @wit loses its data-wit; the article names no such witness.
    expect(strings(doc, '//h:span[contains-token(@class, "rdg")]/@data-wit/string()')).toEqual([]);
    expect(q(doc, '/h:article/@data-variant-witnesses').length).toBe(0);
  });

  it('turns any xml:id into a valid, unique HTML id that never clashes with generated ids', () => {
    const doc = html(hostile.body);
    const ids = strings(doc, '//@id/string()');
    expect(ids.filter((id) => !/^[A-Za-z_][\w.-]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('tei-note-n1'); // the TEI's xml:id "note-n1" …
    expect(ids).toContain('note-n1'); // … next to the generated id of note 1
    expect(ids).toContain('tei-x-x_22__20_onclick_3D__22_alert_28_4_29_');
    // An invalid xml:lang is not copied.
    expect(strings(doc, '//@lang/string()')).toEqual([]);
  });
});

/** Calls a one-argument function of xslt/html/safety.xsl on a string (the empty sequence comes back as null). */
async function callSafetyFunction(name: string, argument: string): Promise<string | null> {
  const probe = `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:h="urn:x-tei-edition:html"
      xmlns:xs="http://www.w3.org/2001/XMLSchema">
    <xsl:include href="html/safety.xsl"/>
    <xsl:param name="function" as="xs:string"/>
    <xsl:param name="argument" as="xs:string"/>
    <xsl:template name="probe">
      <xsl:variable name="result" select="if ($function eq 'safe-url') then h:safe-url($argument) else h:html-id($argument)"/>
      <xsl:sequence select="array { $result }"/>
    </xsl:template>
  </xsl:stylesheet>`;
  const sef = await loadSefFromText(probe, join(XSLT_DIR, 'safety-probe.xsl'));
  // Parameters, not XML: XML cannot carry U+0001, a parameter can.
  const result = transformSync<unknown[]>(sef, { destination: 'raw', initialTemplate: 'probe', stylesheetParams: { function: name, argument } });
  const items = result.principalResult;
  return items.length === 0 ? null : String(items[0]);
}

describe('h:safe-url, the one function that decides which URLs become links', () => {
  const cases: [string, string | null][] = [
    ['https://example.org/a?b=c#d', 'https://example.org/a?b=c#d'],
    ['HTTP://EXAMPLE.ORG/', 'HTTP://EXAMPLE.ORG/'],
    ['mailto:a@example.org', 'mailto:a@example.org'],
    ['#p1', '#p1'],
    ['../register/persons.html#x', '../register/persons.html#x'],
    ['images/p1.jpg', 'images/p1.jpg'],
    ['  https://example.org/  ', 'https://example.org/'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    [' javascript:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['java\nscript:alert(1)', null],
    ['\u0001javascript:alert(1)', null],
    ['vbscript:msgbox(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['DATA:image/png;base64,AAAA', null],
    ['file:///etc/passwd', null],
    ['//evil.example/', null],
    ['\\\\evil.example\\', null],
    ['/\\evil.example', null],
    ['"><script>alert(1)</script>', null],
    ['a b', null],
    ['#x javascript:alert(1)', null],
    ['', null],
  ];
  it.each(cases)('%j → %j', async (input, expected) => {
    expect(await callSafetyFunction('safe-url', input)).toBe(expected);
  });
});

describe('h:html-id: TEI ids to HTML ids, injective and clear of the generated ids', () => {
  const cases: [string, string][] = [
    ['p1', 'p1'],
    ['a_b.c-d', 'a_b.c-d'],
    ['müller', 'müller'],
    ['note-n1', 'tei-note-n1'],
    ['entity-x', 'tei-entity-x'],
    ['tei-x-1', 'tei-tei-x-1'],
    ['1a', 'tei-x-1a'],
    ['a b', 'tei-x-a_20_b'],
    ['a_20_b', 'a_20_b'],
    ['x"><script>', 'tei-x-x_22__3E__3C_script_3E_'],
    ['a_b c', 'tei-x-a_5F_b_20_c'],
  ];
  it.each(cases)('%j → %j', async (input, expected) => {
    expect(await callSafetyFunction('html-id', input)).toBe(expected);
  });
});

describe('note numbers and block anchors in a long letter', () => {
  // Up to 500 notes (blocks) the stylesheet numbers them from a map by generate-id, beyond that from the accumulators
  // (xslt/html/note-number.xsl, block-anchor.xsl): both must give every call, item, anchor and back-link the same numbers.
  const tei = (n: number) => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Long</title></titleStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
    <standOff><listPerson><person xml:id="gp"><persName>G P</persName></person></listPerson></standOff>
    <text><body><div>${Array.from({ length: n }, (_, i) =>
      `<p>Text ${i + 1} <persName ref="#gp">G</persName><note>Note ${i + 1}${i === 1 ? '<note>inner</note>' : ''} <persName ref="#gp">P</persName>.</note></p>`).join('\n')}</div></body></text></TEI>`;
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it.each([3, 501])('%i notes, each in a paragraph of one division', async (n) => {
    const source = tei(n);
    const r = render(source, { documentId: 'long', withBody: false });
    expect(r.noteCount).toBe(n);
    const text = html(r.text);
    expect(strings(text, '//h:a[@role = "doc-noteref"]/@id/string()')).toEqual(upTo(n).map((i) => `noteref-n${i}`));
    expect(strings(text, '//h:a[@role = "doc-noteref"]/@href/string()')).toEqual(upTo(n).map((i) => `#note-n${i}`));
    expect(strings(text, '//h:p/@id/string()')).toEqual(upTo(n).map((i) => `doc-b${i}`));
    expect(strings(html(r.notes), '//h:ol/h:li/@id/string()')).toEqual(upTo(n).map((i) => `note-n${i}`));
    expect(r.occurrences.map((o) => o.anchor)).toEqual(upTo(n).flatMap((i) => [`doc-b${i}`, `note-n${i}`]));
    const alone = transformSync(await loadSef(join(XSLT_DIR, 'occurrences.xsl')), { source, destination: 'raw' }).principalResult;
    expect(r.occurrences).toEqual(alone);
  });
});
