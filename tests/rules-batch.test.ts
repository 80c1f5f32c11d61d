// The edition's rules (schemas/edition.sch) on several documents in one transform (checkRulesBatch, as
// `validate` and `build` run them): each document's findings are those it has checked alone, placed on its
// own lines, whatever the other documents of the batch hold. The rules look pointers up in "the document"
// (a schema-level let, $doc): each letter below points to an id only another one defines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { loadBytes, type Source } from '../src/load/source.js';
import { DEFAULT_RULES } from '../src/paths.js';
import { checkRules, checkRulesBatch, loadRules } from '../src/validate/rules.js';
import { transientTreeOf } from '../src/xslt/tree.js';

const TEI = 'http://www.tei-c.org/ns/1.0';
const letter = (id: string, defines: string, pointsTo: string, extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="${TEI}">
  <teiHeader><fileDesc><titleStmt><title>${id}</title></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <standOff><listPerson><person xml:id="${defines}"><persName>${defines}</persName></person></listPerson></standOff>
  <text><body>
    <p>To <persName ref="#${pointsTo}">someone</persName>.</p>${extra}
  </body></text>
</TEI>
`;

const source = (file: string, text: string): Source => loadBytes(file, Buffer.from(text)).source as Source;

describe('the edition rules, several documents to a transform', () => {
  const fixtures = join(import.meta.dirname, 'fixtures/edition/tei');
  const sources = [
    source('a.xml', letter('a', 'p-a', 'p-b')),
    source('b.xml', letter('b', 'p-b', 'p-a', '\n    <p/>\n    <p>On <date when="1851-13-01">a day</date>.</p>')),
    source('c.xml', letter('c', 'p-c', 'p-c')),
    ...readdirSync(fixtures).sort().map((f) => source(join(fixtures, f), readFileSync(join(fixtures, f), 'utf8'))),
  ];

  it('gives each document the findings it has alone, on its own lines', async () => {
    const rules = await loadRules(DEFAULT_RULES);
    const alone = sources.map((s) => checkRules(rules, s, transientTreeOf(s)));
    // a and b each point to an id only the other defines; b has an empty paragraph and a bad date besides.
    const own = (ds: Diagnostic[]): string[] => ds.filter((d) => /^(pointer-resolves|p-not-empty|date-iso)$/.test(d.rule)).map((d) => `${d.line}:${d.column} ${d.rule}`);
    expect(own(alone[0]!)).toEqual(['6:21 pointer-resolves']);
    expect(own(alone[1]!)).toEqual(['6:21 pointer-resolves', '7:5 p-not-empty', '8:17 date-iso']);
    expect(own(alone[2]!)).toEqual([]);
    expect(checkRulesBatch(rules, sources, sources.map((s) => transientTreeOf(s)))).toEqual(alone);
    const reversed = [...sources].reverse();
    expect(checkRulesBatch(rules, reversed, reversed.map((s) => transientTreeOf(s)))).toEqual([...alone].reverse());
  });
});
