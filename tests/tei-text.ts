import { readFileSync } from 'node:fs';
import { parseXml, saxon } from '../src/xslt/transform.js';

/**
 * Test oracles read straight from the TEI by XPath, independent of the
 * stylesheets under test: the reading text (outside notes and readings,
 * blocks set off by spaces) and the notes.
 */
const TEI = 'http://www.tei-c.org/ns/1.0';

export const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

export function teiReadingWords(file: string): string[] {
  const doc = parseXml(readFileSync(file, 'utf8'));
  const text = saxon().XPath.evaluate(
    `let $blocks := ('text', 'body', 'back', 'div', 'head', 'byline', 'docDate', 'opener', 'dateline', 'address',
                     'addrLine', 'p', 'quote', 'list', 'item', 'closer', 'signed')
     return string-join(
       for $n in //tei:text//(* | text())[not(ancestor-or-self::tei:note or ancestor-or-self::tei:rdg)]
       return if ($n instance of text()) then string($n) else if (local-name($n) = $blocks) then ' ' else '', '')`,
    doc,
    { namespaceContext: { tei: TEI } },
  ) as string;
  return words(text);
}

export function teiNotes(file: string): string[] {
  const doc = parseXml(readFileSync(file, 'utf8'));
  return (
    saxon().XPath.evaluate(`//tei:text//tei:note[not(ancestor::tei:note)] ! normalize-space(string-join(.//text(), ''))`, doc, {
      namespaceContext: { tei: TEI },
      resultForm: 'array',
    }) as string[]
  ).map(String);
}
