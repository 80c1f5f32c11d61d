/**
 * The words the search indexes of a letter (site/search.ts searchableText):
 * the words of its page's text and notes as a reader reads them, from the
 * page the real stylesheet renders. Before, every tag ended a word, so a
 * word broken by <lb break="no"/> or around supplied letters was indexed as
 * two pieces and the letter could not be found by it, and note numbers,
 * page labels and the notes' heading were indexed as the letter's words.
 */
import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../../src/render/html.js';
import { searchableText, terms } from '../../src/site/search.js';

const letter = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Search</title></titleStmt>
  <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div>${body}</div></body></text></TEI>`;

async function indexed(body: string): Promise<string[]> {
  const page = await renderDocumentHtml(letter(body), { documentId: 'search', withBody: false });
  return terms(searchableText(`${page.text} ${page.notes}`));
}

describe('the words a letter is found by', () => {
  it('a word broken across lines or pages with break="no" is one word, however the source indents it', async () => {
    expect(await indexed('<p>Ihr leb<lb break="no"/>haften Dank, ein aus<lb break="no"/>\n      gezeichnetes Werk, Mit<pb n="4" break="no"/>glied.</p>')).toEqual(['ihr', 'lebhaften', 'dank', 'ein', 'ausgezeichnetes', 'werk', 'mitglied']);
  });
  it('a line or page break without it ends a word, also where the source has no space', async () => {
    expect(await indexed('<p>one<lb/>two<pb n="2"/>three <lb/>four</p>')).toEqual(['one', 'two', 'three', 'four']);
  });
  it('letters supplied in brackets, and markup inside a word, do not split it', async () => {
    expect(await indexed('<p>status <supplied>no</supplied>stri, <hi rend="italic">wun</hi>derbar</p>')).toEqual(['status', 'nostri', 'wunderbar']);
  });
  it('what the page generates is not indexed: note numbers, back-links, page labels, the notes heading', async () => {
    const words = await indexed('<p>Text<note>Gloss here.</note> more.<pb n="17"/> After.</p>');
    expect(words).toEqual(['text', 'more', 'after', 'gloss', 'here']);
  });
  it('a hidden alternative of a choice is indexed as words of its own, after the text', async () => {
    expect(await indexed('<p>Herr <choice><abbr>Dr</abbr><expan>Doktor</expan></choice> Escher <choice><sic>teh</sic><corr>the</corr></choice> end</p>')).toEqual(['herr', 'doktor', 'escher', 'the', 'end', 'dr', 'teh']);
  });
  it('a line break inside a hidden alternative joins the alternative\'s word, not the text before it to the expansion', async () => {
    expect(await indexed('<p>die <choice><abbr><hi>Mei</hi> <lb break="no"/><hi>ng.</hi></abbr><expan>Meinung</expan></choice> der</p>')).toEqual(['die', 'meinung', 'der', 'meing']);
  });
  it('a deletion is set apart, as words of its own after the text: the word it stands beside reads as the writer left it', async () => {
    // K_0542: "<del>sprech</del><add>schaff</add>en" was indexed as "sprechschaffen" and found by neither word.
    expect(await indexed('<p>zu <del>sprech</del><add>schaff</add>en, <del>wet</del><add>dry</add> weather</p>')).toEqual(['zu', 'schaffen', 'dry', 'weather', 'sprech', 'wet']);
  });
  it('blocks, cells and list items end words', async () => {
    expect(await indexed('<p>alpha</p><p>beta</p><list><item>gamma</item><item>delta</item></list><table><row><cell>eps</cell><cell>zeta</cell></row></table>')).toEqual(['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta']);
  });
});
