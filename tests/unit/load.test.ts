import { describe, it, expect } from 'vitest';
import { loadBytes, loadText } from '../../src/load/source.js';
import { LineIndex } from '../../src/load/lines.js';

const TEI = 'xmlns="http://www.tei-c.org/ns/1.0"';
const findings = (text: string): string[] => loadText('f.xml', text).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`);

describe('line index', () => {
  it('maps offsets to line and column for LF, CRLF and CR endings', () => {
    const idx = new LineIndex('ab\ncd\r\nef\rg');
    expect(idx.position(0)).toEqual({ line: 1, column: 1 });
    expect(idx.position(4)).toEqual({ line: 2, column: 2 });
    expect(idx.position(7)).toEqual({ line: 3, column: 1 });
    expect(idx.position(10)).toEqual({ line: 4, column: 1 });
    expect(idx.lineText(2)).toBe('cd');
  });
});

describe('well-formedness with exact positions', () => {
  it('accepts a well-formed TEI document and indexes its elements and attributes', () => {
    const r = loadText('f.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<TEI ${TEI}>\n  <p xml:id="p1"\n     n="2">a &amp; b &#x2014;</p>\n</TEI>\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.source?.isTei).toBe(true);
    const p = r.source?.elements[1];
    expect(p?.name).toBe('p');
    expect(r.source?.lines.position(p?.offset ?? -1)).toEqual({ line: 3, column: 3 });
    expect(r.source?.lines.position(p?.attributes[1]?.offset ?? -1)).toEqual({ line: 4, column: 6 });
  });
  it.each([
    ['mismatched end tag', `<TEI ${TEI}>\n  <p>x</q>\n</TEI>`, '2:7 xml-mismatched-tag'],
    ['unclosed element', `<TEI ${TEI}>\n  <p>x</p>`, '1:1 xml-unclosed-element'],
    ['end tag without start', `<TEI ${TEI}/>\n</p>`, '2:1 xml-unexpected-end-tag'],
    ['undefined entity', `<TEI ${TEI}>\n  <p>a &mdash; b</p>\n</TEI>`, '2:8 xml-undefined-entity'],
    ['bare ampersand', `<TEI ${TEI}>\n  <p>A & B</p>\n</TEI>`, '2:8 xml-bare-ampersand'],
    ['control character', `<TEI ${TEI}>\n  <p>a\u000cb</p>\n</TEI>`, '2:7 xml-invalid-char'],
    ['invalid character reference', `<TEI ${TEI}>\n  <p>&#0;</p>\n</TEI>`, '2:6 xml-invalid-char-ref'],
    ['duplicate attribute', `<TEI ${TEI}>\n  <p n="1" n="2">x</p>\n</TEI>`, '2:12 xml-duplicate-attribute'],
    ['unquoted attribute', `<TEI ${TEI}>\n  <p n=1>x</p>\n</TEI>`, '2:8 xml-attribute-quotes'],
    ['< in attribute value', `<TEI ${TEI}>\n  <p n="<">x</p>\n</TEI>`, '2:9 xml-attribute-lt'],
    ['second root element', `<TEI ${TEI}/>\n<TEI ${TEI}/>`, '2:1 xml-multiple-roots'],
    ['text before the root', `hello <TEI ${TEI}/>`, '1:1 xml-text-outside-root'],
    ['undeclared prefix', `<TEI ${TEI}>\n  <x:p>y</x:p>\n</TEI>`, '2:4 xml-undeclared-prefix'],
    ['XML declaration not first', `\n<?xml version="1.0"?>\n<TEI ${TEI}/>`, '2:1 xml-declaration-position'],
    ['double hyphen in comment', `<TEI ${TEI}>\n  <!-- a -- b -->\n</TEI>`, '2:10 xml-comment-double-hyphen'],
    ['unclosed comment', `<TEI ${TEI}>\n  <!-- a\n</TEI>`, '2:3 xml-unclosed-comment'],
    ['invalid element name', `<TEI ${TEI}>\n  <1p/>\n</TEI>`, '2:4 xml-invalid-name'],
    ['DOCTYPE with entities (billion laughs)', `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<TEI ${TEI}>&lol2;</TEI>`, '2:1 no-dtd'],
    ['external entity', `<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<TEI ${TEI}>&xxe;</TEI>`, '1:1 no-dtd'],
    ['not TEI', '<html><body/></html>', '1:1 not-tei'],
    ['TEI without namespace', '<TEI><text/></TEI>', '1:1 not-tei'],
  ])('%s', (_, text, expected) => {
    expect(findings(text)[0]).toBe(expected);
  });
  it('reports several character-level errors of one file at once', () => {
    expect(findings(`<TEI ${TEI}>\n  <p>&a; &b;</p>\n</TEI>`)).toEqual(['2:6 xml-undefined-entity', '2:10 xml-undefined-entity']);
  });
  it('refuses a DOCTYPE with a security finding before anything is expanded', () => {
    const d = loadText('f.xml', `<!DOCTYPE TEI SYSTEM "http://example.org/evil.dtd">\n<TEI ${TEI}/>`).diagnostics[0];
    expect(d?.source).toBe('security');
    expect(d?.message).toMatch(/never read, expanded or fetched/);
  });
});

describe('bytes and encoding', () => {
  const body = `<TEI ${TEI}><p>café</p></TEI>`;
  it('reads UTF-8 with and without BOM', () => {
    expect(loadBytes('f.xml', Buffer.from(body, 'utf8')).diagnostics).toEqual([]);
    expect(loadBytes('f.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])).diagnostics).toEqual([]);
  });
  it('reads UTF-16 LE and BE with BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
    expect(loadBytes('f.xml', le).source?.text).toBe(body);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(loadBytes('f.xml', Buffer.concat([Buffer.from([0xfe, 0xff]), be])).source?.text).toBe(body);
  });
  it('names the line and column of the first byte that is not UTF-8', () => {
    const d = loadBytes('f.xml', Buffer.from(`<TEI ${TEI}>\n<p>caf\xe9</p></TEI>`, 'latin1')).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.rule}`)).toEqual(['2:7 encoding-invalid-utf8']);
  });
  it('refuses UTF-16 without BOM, a declared non-UTF-8 encoding and an empty file', () => {
    expect(loadBytes('f.xml', Buffer.from(body, 'utf16le')).diagnostics[0]?.rule).toBe('encoding-utf16-without-bom');
    expect(loadBytes('f.xml', Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body}`)).diagnostics[0]?.rule).toBe('encoding-unsupported');
    expect(loadBytes('f.xml', new Uint8Array()).diagnostics[0]?.rule).toBe('empty-file');
  });
});
