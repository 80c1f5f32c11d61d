/**
 * An empty <ref target> (its words were the source's software's to give,
 * e.g. a note of the Escher letters that only points to another letter) shows
 * its target on the web page and in the print edition, as a ptr does, marked
 * as generated on the page; it was an empty link and an empty footnote.
 */
import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../../src/render/html.js';
import { loadTypstAndTextWriter } from '../../src/render/print.js';
import { readDocumentModel } from '../../src/model/read.js';

const TEI = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
  <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body><p xml:id="p1">Text<note><ref target="K_2430"/></note> and <ref target="#p1"/> and <ref target="#p1">words</ref>.</p></body></text></TEI>`;

describe('an empty ref', () => {
  it('shows its target on the page (generated) and in the print edition', async () => {
    const page = await renderDocumentHtml(TEI, { documentId: 'e', withBody: false });
    expect(page.notes).toMatch(/<(a|span) class="tei-ref generated"[^>]*>K_2430<\/\1>/);
    expect(page.text).toMatch(/<a class="tei-ref generated" href="#p1"[^>]*>#p1<\/a>/);
    expect(page.text).toMatch(/<a class="tei-ref" href="#p1"[^>]*>words<\/a>/);
    const write = await loadTypstAndTextWriter();
    const { print } = write(TEI, await readDocumentModel('e.xml', TEI));
    expect(print.typst).toMatch(/footnote\[[^\]]*K\\?_2430/);
  });
});
