/**
 * The sidebar items a renderer keeps between documents (src/render/html.ts
 * EntityCache, xslt/html/names.xsl $entityCache): a renderer that has
 * rendered other documents gives, for every document, the same bytes as a
 * new renderer; an entry is taken from the cache only when it is the same
 * entry with the same link, and entries whose item depends on the document
 * (links in their description) are never kept.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText } from '../src/load/source.js';
import { resolveSharedRegisters } from '../src/registers/resolve.js';
import { htmlEntityCacheStats, loadHtmlRenderer, type RenderHtmlOptions, type RenderedDocument } from '../src/render/html.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EDITION = join(root, 'tests', 'fixtures', 'edition', 'tei');
const LETTERS = ['lindqvist-whitcombe-1851-05-02.xml', 'moreau-whitcombe-1852.xml', 'pryce-lindqvist-1853-09-20.xml', 'whitcombe-lindqvist-1851-03-14.xml'];

/** A letter naming #a and #b, with its own register entries (their bodies given). */
function letter(entries: string, text = '<persName ref="#a">A</persName> and <placeName ref="#b">B</placeName>'): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<standOff>${entries}</standOff><text><body><p>${text}</p></body></text></TEI>`;
}
const person = (occupation: string, desc = '') =>
  `<listPerson><person xml:id="a"><persName><forename>Ann</forename> <surname>Ash</surname></persName><occupation>${occupation}</occupation>${desc}</person>` +
  `<person xml:id="c"><persName>Cy</persName></person></listPerson>`;
const place = '<listPlace><place xml:id="b"><placeName>Bern</placeName><idno type="wikidata">Q70</idno></place></listPlace>';

/**
 * Renders each document with one renderer, in order, and each with a new renderer: both must agree byte for
 * byte. A document listed again (the same entry of `docs`) is compared with what a new renderer made of it the
 * first time: a new renderer keeps nothing from before, so it would make the same again.
 */
async function sameAsFresh(docs: [string, RenderHtmlOptions][]): Promise<RenderedDocument[]> {
  const shared = await loadHtmlRenderer({ entityCache: 'own' });
  const out: RenderedDocument[] = [];
  const freshOf = new Map<[string, RenderHtmlOptions], RenderedDocument>();
  for (const doc of docs) {
    const [text, options] = doc;
    const kept = shared(text, options);
    let fresh = freshOf.get(doc);
    if (!fresh) freshOf.set(doc, (fresh = (await loadHtmlRenderer({ entityCache: 'own' }))(text, options)));
    expect(kept).toEqual(fresh);
    out.push(kept);
  }
  return out;
}

describe('the sidebar as text (h:entities-html, assembled from its items)', () => {
  it('is what the serializer writes for the sidebar tree (in the body), byte for byte', async () => {
    // The body serializes the tree of all parts (h:entities among them), one level deeper and without xmlns:
    // each line the serializer indents gets three more spaces (lines that continue a text with a line break do not).
    const render = await loadHtmlRenderer({ entityCache: 'own' });
    const files = [
      join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml'),
      join(root, 'tests', 'fixtures', 'hostile', 'hostile.xml'),
      ...LETTERS.map((f) => join(EDITION, f)),
    ];
    let compared = 0;
    for (const round of [1, 2]) {
      for (const file of files) {
        const r = render(readFileSync(file, 'utf8'), { documentId: 'd' });
        if (!r.entities) continue;
        const inBody = r.entities.replace(' xmlns="http://www.w3.org/1999/xhtml"', '').split('\n').map((line) => (/^ *</.test(line) ? `   ${line}` : line)).join('\n');
        expect(r.body, `${file}, round ${round}`).toContain(`\n${inBody}\n`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});

describe('the sidebar items a renderer keeps', () => {
  it('the letters of the fixture edition (shared register): the same pages, and the second round from the cache', async () => {
    const sources = [...LETTERS, 'registers.xml'].map((f) => loadText(join(EDITION, f), readFileSync(join(EDITION, f), 'utf8')).source!);
    const views = resolveSharedRegisters(sources);
    const texts = sources.slice(0, LETTERS.length).map((s) => views.get(s)?.resolvedText ?? views.get(s)?.text ?? s.text);
    const docs = texts.map((t, i): [string, RenderHtmlOptions] => [t, { documentId: `l${i}`, withBody: true }]);
    const before = htmlEntityCacheStats.kept;
    const rendered = await sameAsFresh([...docs, ...docs]);
    expect(rendered.every((r) => r.entities.includes('class="entity '))).toBe(true);
    // Kept once, in the first round (a new renderer per document keeps its own too, so count only the shared one's second round).
    const render = await loadHtmlRenderer({ entityCache: 'own' });
    for (const [t, o] of docs) render(t, o);
    const afterFirst = htmlEntityCacheStats.kept;
    expect(afterFirst).toBeGreaterThan(before);
    for (const [t, o] of docs) render(t, o);
    expect(htmlEntityCacheStats.kept).toBe(afterFirst);
    // A build asks for a renderer per letter (src/build/document.ts): by default they share the thread's cache.
    const [t0, o0] = docs[0]!;
    (await loadHtmlRenderer())(t0, o0);
    const afterThread = htmlEntityCacheStats.kept;
    (await loadHtmlRenderer())(t0, o0);
    expect(htmlEntityCacheStats.kept).toBe(afterThread);
  });

  it('an entry with the same id but other content, or another link, is rendered anew', async () => {
    const [, smith, , other] = await sameAsFresh([
      [letter(person('baker') + place), { documentId: 'x' }],
      [letter(person('smith') + place), { documentId: 'y' }],
      [letter(person('baker') + place), { documentId: 'z' }],
      [letter(person('baker') + place), { documentId: 'z', registerBase: '../other/' }],
    ]);
    expect(smith!.entities).toContain('>smith<');
    expect(smith!.entities).not.toContain('baker');
    expect(other!.entities).toContain('href="../other/persons.html#a"');
    expect(other!.entities).not.toContain('../register/');
  });

  it('an entry whose description links to another entry is never kept: the link follows each document', async () => {
    const desc = '<note>Friend of <persName ref="#c">Cy</persName>.</note>';
    const withC = letter(person('baker', desc) + place, '<persName ref="#a">A</persName>, <persName ref="#c">C</persName>, <placeName ref="#b">B</placeName>');
    const withoutC = letter(person('baker', desc).replace('<person xml:id="c"><persName>Cy</persName></person>', '') + place);
    const [linked, unlinked] = await sameAsFresh([
      [withC, { documentId: 'x' }],
      [withoutC, { documentId: 'y' }],
    ]);
    expect(linked!.entities).toMatch(/<a class="tei-persName" href="\.\.\/register\/persons\.html#c"/);
    expect(unlinked!.entities).not.toContain('persons.html#c');
    // Of the three entries named, the place and Cy are kept, #a is not.
    const before = htmlEntityCacheStats.kept;
    (await loadHtmlRenderer({ entityCache: 'own' }))(withC, { documentId: 'x' });
    expect(htmlEntityCacheStats.kept - before).toBe(2);
  });
});
