/**
 * Pointers without words in the print edition of one letter: a ptr or an
 * empty ref to another letter gives its target as words (the text edition
 * gives the same), where the PDF printed nothing ("Compare the undated
 * letter here."); a ptr within the letter stays out, as before.
 */
import { describe, expect, it } from 'vitest';
import { readDocumentModel } from '../src/model/read.js';
import { loadTypstWriter } from '../src/render/print.js';
import { parseXml } from '../src/xslt/transform.js';

describe('the print edition: pointers without words', () => {
  it('a ptr or an empty ref to another letter gives its target; a ptr within the letter nothing', async () => {
    const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Pointers</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<text><body><p xml:id="p1">Compare the undated letter <ptr target="moreau-whitcombe-1852.xml"/> here, <ref target="K_2430"/> too, and above <ptr target="#p1"/>.</p></body></text></TEI>`;
    const tree = parseXml(xml);
    const typst = (await loadTypstWriter())(tree, await readDocumentModel('pointers.xml', tree));
    const paragraph = typst.split('\n').find((l) => l.includes('Compare'));
    expect(paragraph).toContain('Compare the undated letter moreau\\-whitcombe\\-1852\\.xml here, K\\_2430 too, and above \\.');
  });
});
