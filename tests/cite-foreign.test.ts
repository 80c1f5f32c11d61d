/**
 * Titles and publishers as other editions encode them, in citations: the
 * Van Gogh Letters end every title with a full stop after the date
 * ("To Paul Gauguin. Arles, Wednesday, 3 October 1888."), and give the
 * publisher with its e-mail address inside <publisher>.
 */
import { describe, expect, it } from 'vitest';
import { citationRecord } from '../src/cite/record.js';
import { formatCitation, formatData } from '../src/cite/index.js';
import { readDocumentModel } from '../src/model/read.js';
describe('citations of titles and publishers as other editions encode them', () => {
  const doc = (title: string, publisher: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${title}</title></titleStmt>
<publicationStmt>${publisher}<pubPlace>Amsterdam</pubPlace><date when="2009">2009</date></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Mon cher Gauguin</p></body></text></TEI>`;

  it('a title ending in a stop after a number is cited without it; a stop after a word is kept', async () => {
    // The Van Gogh Letters' form: every style puts its own punctuation after the title.
    const m = await readDocumentModel('let695.xml', doc('To <persName>Paul Gauguin</persName>. Arles, Wednesday, 3 October 1888.', '<publisher>Van Gogh Museum</publisher>'));
    const r = citationRecord(m);
    expect(r.title).toBe('To Paul Gauguin. Arles, Wednesday, 3 October 1888');
    expect(formatCitation(r, 'chicago-note')).toBe('“To Paul Gauguin. Arles, Wednesday, 3 October 1888” (Amsterdam: Van Gogh Museum, 2009).');
    // The title's name markup is still found: BibTeX keeps the name's capitals.
    expect(formatData(r, 'bibtex')).toContain('title        = {To {Paul} {Gauguin.} Arles, {Wednesday}, 3 {October} 1888},');
    const abbreviation = citationRecord(await readDocumentModel('t.xml', doc('Letters of Smith &amp; Co.', '<publisher>P</publisher>')));
    expect(abbreviation.title).toBe('Letters of Smith & Co.');
  });

  it("a publisher is named without the e-mail address or address TEI lets it hold", async () => {
    const m = await readDocumentModel('let695.xml', doc('T', '<publisher><name>Huygens Instituut voor Nederlandse Geschiedenis (KNAW)</name><email>info@huygens.knaw.nl</email></publisher><publisher>Van Gogh Museum</publisher>'));
    expect(m.publisher).toBe('Huygens Instituut voor Nederlandse Geschiedenis (KNAW)');
    expect(formatCitation(citationRecord(m), 'chicago-note')).toBe('“T” (Amsterdam: Huygens Instituut voor Nederlandse Geschiedenis (KNAW), 2009).');
  });
});
