/**
 * A witness described by an msDesc (as the TEI Correspondence SIG's
 * examples do) has no words of its own: its label is where the manuscript
 * is, so that the annotated text and the citations name it. The annotated
 * text read "Witnesses: autograph: draft:" with nothing after either siglum.
 */
import { describe, expect, it } from 'vitest';
import { readDocumentModel } from '../src/model/read.js';
import { renderText } from '../src/render/text.js';

const TEI = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Weber to Brühl</title></titleStmt>
  <publicationStmt><p>x</p></publicationStmt><sourceDesc><listWit>
    <witness xml:id="autograph"><msDesc><msIdentifier><country>D</country><settlement>Dresden</settlement><repository>Landesbibliothek</repository><idno>Mscr. App. 514</idno></msIdentifier></msDesc></witness>
    <witness xml:id="draft">A draft, <bibl><title level="u">Draft</title></bibl></witness>
  </listWit></sourceDesc></fileDesc></teiHeader><text><body><p>Text.</p></body></text></TEI>`;

describe('a witness described by its msDesc', () => {
  it('is labelled by place, holder and shelfmark (not the country code), and the annotated text names it', async () => {
    const model = await readDocumentModel('w.xml', TEI);
    expect(model.witnesses?.map((w) => w.label)).toEqual(['Dresden, Landesbibliothek, Mscr. App. 514', 'A draft,']);
    const { annotated } = await renderText(TEI, model);
    expect(annotated).toContain('autograph: Dresden, Landesbibliothek, Mscr. App. 514.');
  });
});
