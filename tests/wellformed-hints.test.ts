/**
 * The slips of an editor typing XML by hand, each reported where it is, with a hint that fixes it (was: at a
 * consequence further on, with a hint that made it worse). On the letter `tei-edition init` writes, one slip each.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';

const LETTER = readFileSync('templates/init/tei/template-letter.xml', 'utf8');

/** The letter with `find` replaced by `replace` (once; it must be there). */
function slip(find: string, replace: string): string {
  expect(LETTER).toContain(find);
  return LETTER.replace(find, replace);
}

/** Every finding as line:col rule | message | hint. */
function findings(text: string): { at: string; rule: string; message: string; hint: string }[] {
  return loadText('letter.xml', text).diagnostics.map((d) => ({ at: `${d.line}:${d.column}`, rule: d.rule, message: d.message, hint: d.hint ?? '' }));
}

/** 1-based line and column of the first `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0): string {
  const i = text.indexOf(needle) + shift;
  expect(i).toBeGreaterThanOrEqual(shift);
  return `${text.slice(0, i).split('\n').length}:${i - text.lastIndexOf('\n', i - 1)}`;
}

describe('a comment not closed with "-->"', () => {
  it('"->" for "-->": one error where the comment opens, naming the "->"; no cascade at the next comment or an end tag', () => {
    const text = slip('<!-- The witness roles used in ana above. -->', '<!-- The witness roles used in ana above. ->');
    const ds = findings(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '<!-- The witness roles')} xml-unclosed-comment`]);
    expect(ds[0]?.message).toMatch(/^the comment opened here is not closed with "-->" before the next comment \(line \d+\): it seems to end in "->" on the same line$/);
    expect(ds[0]?.hint).toContain('Write "-->" for that "->"');
  });
  it('"--" at the end of its line: the same', () => {
    const text = slip('<!-- The witness roles used in ana above. -->', '<!-- The witness roles used in ana above. --');
    expect(findings(text).map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '<!-- The witness roles')} xml-unclosed-comment`]);
  });
  it('no end at all before markup: said at the comment, and nothing after it', () => {
    const text = slip('<!-- The witness roles used in ana above. -->', '<!-- The witness roles used in ana above.');
    const ds = findings(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '<!-- The witness roles')} xml-unclosed-comment`]);
    expect(ds[0]?.message).toMatch(/never closed with "-->" before the next comment/);
  });
  it('"--" inside a closed comment is still that', () => {
    const text = slip('<!-- The witness roles used in ana above. -->', '<!-- The witness roles -- used in ana above. -->');
    expect(findings(text).map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '-- used')} xml-comment-double-hyphen`]);
  });
});

describe('a value without its closing quote', () => {
  it('type="editorial resp="#ed": at the missing quote, not "put a space before the attribute"', () => {
    const text = slip('<note type="editorial" resp="#ed">', '<note type="editorial resp="#ed">');
    expect(findings(text)).toEqual([
      {
        at: at(text, 'editorial resp=', 'editorial'.length),
        rule: 'xml-attribute-quotes',
        message: 'the value of type seems to lack its closing quote " (after "editorial")',
        hint: 'Put the closing " after "editorial": type="editorial".',
      },
    ]);
  });
  it('type="editorial>…: at the ">", not at a "<" further on', () => {
    const text = slip('<note type="editorial" resp="#ed">', '<note type="editorial>');
    const ds = findings(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, 'editorial>', 'editorial'.length)} xml-attribute-quotes`]);
    expect(ds[0]?.message).toContain('seems to lack its closing quote " (after "editorial")');
  });
  it('typographic quotes: says they are curly and XML does not take them', () => {
    const text = slip('<note type="editorial"', '<note type=“editorial”');
    expect(findings(text)).toEqual([
      {
        at: at(text, '“editorial'),
        rule: 'xml-attribute-quotes',
        message: `the value of attribute type is in typographic (curly) quotes “…: XML accepts only straight quotes (" or ') around a value`,
        hint: `Write type="editorial" with straight quotes (a word processor or an editor's "smart quotes" turns " into “ ”).`,
      },
    ]);
  });
  it('a straight opening quote and a curly closing one', () => {
    const text = slip('<note type="editorial" resp="#ed">', '<note type="editorial” resp="#ed">');
    const ds = findings(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '” resp')} xml-attribute-quotes`]);
    expect(ds[0]?.message).toContain('” is a typographic (curly) quote');
  });
});

describe('a start tag without its ">"', () => {
  it('<salute Dear Ben,</salute>: the tag is not closed, not "attribute Dear has no value"', () => {
    const text = slip('<salute>Dear Ben,</salute>', '<salute Dear Ben,</salute>');
    expect(findings(text)).toEqual([
      {
        at: at(text, '<salute', '<salute'.length),
        rule: 'xml-unclosed-tag',
        message: 'the start tag <salute seems not to be closed with ">" before its text "Dear Ben,"',
        hint: 'Write ">" after <salute (or after its last attribute): <salute>Dear Ben,',
      },
    ]);
  });
  it('text that is not a name, after an attribute (<date when="…" 1 March</date>)', () => {
    const one = slip('<date when="1900-03-01">1 March 1900</date>', '<date when="1900-03-01" 1 March 1900</date>');
    expect(findings(one).map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(one, '"1900-03-01" 1', '"1900-03-01"'.length)} xml-unclosed-tag`]);
  });
  it('a "<" in a tag (<p <, <p <lb/>) is still that', () => {
    const text = slip('<salute>', '<salute < >');
    expect(findings(text).map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, '< >')} xml-invalid-attribute`]);
    const two = slip('<salute>', '<salute <hi>');
    expect(findings(two)[0]?.rule).toBe('xml-invalid-attribute');
  });
  it('an attribute without a value is still that', () => {
    const text = slip('<salute>', '<salute rend>');
    expect(findings(text).map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, 'rend>')} xml-attribute-value`]);
  });
});

describe('an empty TEI element written without "/"', () => {
  it('<lb>: reported at the <lb>, with <lb/> as the fix (was: at </p>, "Close <lb> with </lb>")', () => {
    const text = slip('Princes Street</placeName>.\n', 'Princes Street</placeName>.<lb>\n');
    expect(findings(text)).toEqual([
      {
        at: at(text, '<lb>'),
        rule: 'xml-unclosed-element',
        message: `<lb> is never closed (the end tag </p> on line ${at(text, '</note></p>').split(':')[0]} closes the element around it): lb is an empty element in TEI`,
        hint: 'Write <lb/>, with "/" before ">".',
      },
    ]);
  });
  it('two of them, and a pb: each named, nothing else', () => {
    const text = slip('Princes Street</placeName>.\n', 'Princes<lb> Street</placeName>.<lb><pb n="2">\n');
    expect(findings(text).map((d) => `${d.at} ${d.rule}`)).toEqual([
      `${at(text, '<lb>')} xml-unclosed-element`,
      `${at(text, '.<lb>', 1)} xml-unclosed-element`,
      `${at(text, '<pb')} xml-unclosed-element`,
    ]);
  });
  it('an empty element left open where no end tag matches: the hint still says <lb/>', () => {
    const text = slip('<closer>', '<lb><closer>').replace('</div>\n    </body>', '</body>');
    const ds = findings(text);
    expect(ds[0]?.rule).toBe('xml-mismatched-tag');
    expect(ds[0]?.hint).toMatch(/^<lb> is an empty element in TEI: write it <lb\/>/);
  });
});
