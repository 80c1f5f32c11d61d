import { describe, it, expect } from 'vitest';
import { loadBytes, loadText } from '../../src/load/source.js';
import { LineIndex } from '../../src/load/lines.js';
import { isUriReference, MAX_ATTRIBUTES, MAX_DEPTH } from '../../src/load/scan.js';
import { FINDINGS_PER_RULE } from '../../src/diagnostic.js';

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
  it('refuses a DOCTYPE with an internal subset with a security finding before anything is expanded', () => {
    const d = loadText('f.xml', `<!DOCTYPE TEI SYSTEM "http://example.org/evil.dtd" [<!ENTITY x "y">]>\n<TEI ${TEI}/>`).diagnostics[0];
    expect(d?.source).toBe('security');
    expect(d?.message).toMatch(/never read, expanded or fetched/);
  });
  it('accepts a DOCTYPE that only names an external DTD with an info finding, and never shows it to later stages', () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "http://example.org/tei.dtd">\n<TEI ${TEI}><p>x</p></TEI>`;
    const r = loadText('f.xml', text);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual(['2:1 info dtd-ignored']);
    expect(r.source?.text).not.toContain('DOCTYPE');
    expect(r.source?.text.length).toBe(text.length);
    expect(r.source?.lines.position(r.source.elements[1]!.offset)).toEqual({ line: 3, column: 42 });
    // An entity the external DTD might define is still an error: the DTD is not read.
    expect(findings(`<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI ${TEI}>&nbsp;</TEI>`)).toEqual(['2:42 xml-undefined-entity']);
    expect(findings(`<TEI ${TEI}/>\n<!DOCTYPE TEI SYSTEM "tei.dtd">`)[0]).toBe('2:1 no-dtd');
  });
});

describe('XML declaration, processing instructions, references and namespaces (XML 1.0 and Namespaces in XML)', () => {
  it.each([
    ['no space before encoding', `<?xml version="1.0"encoding="UTF-8"?><TEI ${TEI}/>`],
    ['version twice', `<?xml version="1.0" version="1.0"?><TEI ${TEI}/>`],
    ['unknown pseudo-attribute', `<?xml version="1.0" foo="bar"?><TEI ${TEI}/>`],
    ['standalone="YES"', `<?xml version="1.0" standalone="YES"?><TEI ${TEI}/>`],
    ['encoding before version', `<?xml encoding="UTF-8" version="1.0"?><TEI ${TEI}/>`],
    ['unquoted version', `<?xml version=1.0?><TEI ${TEI}/>`],
    // XML 1.0 §2.8: VersionNum is '1.' [0-9]+ (libxml2 only warns; tests/fuzz/fuzz.test.ts).
    ['version "1."', `<?xml version="1."?><TEI ${TEI}/>`],
    ['version "2.0"', `<?xml version="2.0"?><TEI ${TEI}/>`],
  ])('the XML declaration: %s', (_, text) => {
    expect(findings(text)).toEqual(['1:1 xml-declaration']);
  });
  it('accepts the XML declaration in its allowed forms', () => {
    expect(findings(`<?xml version='1.0' encoding='utf-8' standalone='no' ?>\n<TEI ${TEI}/>`)).toEqual([]);
    // A 1.x version other than 1.0 is read as 1.0 (XML 1.0 §2.8).
    expect(findings(`<?xml version="1.5"?><TEI ${TEI}/>`)).toEqual([]);
  });
  it.each([
    ['target not a name', `<TEI ${TEI}><?pitarget+++?></TEI>`, '1:42 xml-pi-target'],
    ['target with a colon', `<TEI ${TEI}><?a:b c?></TEI>`, '1:42 xml-pi-target'],
    ['rebinding xml', `<TEI ${TEI} xmlns:xml="x"/>`, '1:42 xml-namespace-declaration'],
    ['declaring xmlns', `<TEI ${TEI} xmlns:xmlns="urn:x"/>`, '1:42 xml-namespace-declaration'],
    ['binding the XML namespace to another prefix', `<TEI ${TEI} xmlns:x="http://www.w3.org/XML/1998/namespace"/>`, '1:42 xml-namespace-declaration'],
    ['undeclaring a prefix', `<TEI ${TEI}><p xmlns:a=""/></TEI>`, '1:45 xml-namespace-declaration'],
    ['xmlns: with no prefix', `<TEI ${TEI} xmlns:="urn:x"/>`, '1:42 xml-invalid-name'],
    ['two colons in a name', `<TEI ${TEI}><a:b:c xmlns:a="u"/></TEI>`, '1:43 xml-invalid-name'],
    ['the same attribute twice after namespace expansion', `<TEI ${TEI} xmlns:a="u" xmlns:b="u"><p a:n="1" b:n="2"/></TEI>`, '1:77 xml-duplicate-attribute'],
  ])('%s', (_, text, expected) => {
    expect(findings(text)[0]).toBe(expected);
  });
  it('a character reference with many leading zeros is a reference, not a bare "&"', () => {
    expect(findings(`<TEI ${TEI}>&#${'0'.repeat(60)}65;&#x${'0'.repeat(60)}41;</TEI>`)).toEqual([]);
  });
  it('a namespace name is a URI reference, as libxml2 reads one', async () => {
    // Found by the fuzz test (seeds 7, 8, 9, 12 of 20,000 mutants): U+0085, an empty port or a host
    // ending in ":" in the TEI namespace passed the scanner, libxml2 refused them.
    expect(findings(`<TEI ${TEI}><p xmlns:ex="http://example.org/\u00e4"/></TEI>`)).toEqual(['1:45 xml-namespace-declaration']);
    expect(findings(`<TEI ${TEI}><p xmlns:ex="http://example.org/%C3%A4" xmlns:ip="http://[::1]/ns#a"/></TEI>`)).toEqual([]);
    const names: string[] = ['urn:x', 'foo', '../x', '//x/y', '#', 'mailto:a@b', 'a/b:c', 'http://x/?q=1#f', 'http://x/a?b#c?d/e', 'http://u@[::1]:80/p', 'http://x/%4a'];
    for (let c = 0x20; c < 0x7f; c++) if (!'"&<'.includes(String.fromCharCode(c))) names.push(`http://x/a${String.fromCharCode(c)}b`);
    names.push('http://x/%zz', 'http://x/%4', 'a#b#c', 'http://x/\u007f', 'http://x/\u0085', 'http://x/\u00a0', 'http://x/\u00e4', 'http://x/\u{1F600}', ':x', '1a:b', 'http://x/[a]', '[a]', 'a b');
    // The authority: a port is digits; "[" "]" only around an IP literal (and, for libxml2, in a fragment).
    names.push('http://x:80/', 'http://x:/', 'http://:www.x/', 'http://www.tei-tp://www.tei-c.org/ns/1.0', 'http://x:8a/', 'http://a:b@c/', 'http://a@b@c/', 'http://[v1.x]/', 'http://[x@y]/', 'http://[::1]x/', 'http://[a]:x/', 'http://x/#[a]', 'http://x/?[a]', 'http://x//y', 'a:b:c');
    const { runXmllint } = await import('../../src/validate/xmllint.js');
    const files = names.map((v, i) => ({ fileName: `v${i}.xml`, contents: `<a xmlns:p="${v}"/>` }));
    const run = await runXmllint(files, ['--noout', ...files.map((f) => f.fileName)]);
    const refused = new Set([...run.stderr.matchAll(/^v(\d+)\.xml:\d+: namespace error/gm)].map((m) => names[Number(m[1])]));
    expect(refused.size).toBeGreaterThan(20);
    expect(names.filter((v) => isUriReference(v) === refused.has(v))).toEqual([]);
  });
  it('namespace scopes end with their element', () => {
    expect(findings(`<TEI ${TEI}><a xmlns:x="u"><x:b/></a><x:c/></TEI>`)).toEqual(['1:68 xml-undeclared-prefix']);
  });
});

describe('bounded input', () => {
  const nest = (n: number): string => `<TEI ${TEI}>${'<hi>'.repeat(n - 1)}${'</hi>'.repeat(n - 1)}</TEI>`;
  it(`accepts ${MAX_DEPTH} levels of elements and refuses one more, with a clear finding`, () => {
    expect(findings(nest(MAX_DEPTH))).toEqual([]);
    const d = loadText('f.xml', nest(MAX_DEPTH + 1)).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.rule}`)).toEqual([`1:${42 + 4 * (MAX_DEPTH - 1)} xml-too-deep`]);
    expect(d[0]?.message).toContain(String(MAX_DEPTH));
  });
  it('libxml2 (the schema check) reads every depth the scanner accepts', async () => {
    const { runXmllint } = await import('../../src/validate/xmllint.js');
    const r = await runXmllint([{ fileName: 'd.xml', contents: nest(MAX_DEPTH) }], ['--noout', 'd.xml']);
    expect(r).toEqual({ exitCode: 0, stderr: '' });
  });
  it(`refuses an element with more than ${MAX_ATTRIBUTES} attributes`, () => {
    const many = (n: number): string => `<TEI ${TEI}><p ${Array.from({ length: n }, (_, i) => `n${i}="v"`).join(' ')}/></TEI>`;
    expect(findings(many(MAX_ATTRIBUTES))).toEqual([]);
    expect(findings(many(40_000))).toEqual(['1:42 xml-too-many-attributes']);
  });
  it('does not overflow on 100,000 levels', () => {
    expect(findings(nest(100_000))).toEqual([`1:${42 + 4 * (MAX_DEPTH - 1)} xml-too-deep`]);
  });
  it(`caps the findings of one rule at ${FINDINGS_PER_RULE}, then one summary that counts the rest`, () => {
    const d = loadText('f.xml', `<TEI ${TEI}>\n${'& '.repeat(124_000)}</TEI>`).diagnostics;
    expect(d).toHaveLength(FINDINGS_PER_RULE + 1);
    expect(d.every((x) => x.rule === 'xml-bare-ampersand')).toBe(true);
    expect(d[FINDINGS_PER_RULE]?.message).toMatch(/^123900 more findings of this rule/);
    expect(d[FINDINGS_PER_RULE]?.column).toBe(2 * FINDINGS_PER_RULE + 1);
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
  it('reads UTF-16 with a BOM that declares encoding="UTF-16" (the text handed on declares UTF-8, at the same offsets)', () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>\n${body}`;
    const r = loadBytes('f.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(r.diagnostics).toEqual([]);
    expect(r.source?.text).toBe(`<?xml version="1.0" encoding="UTF-8" ?>\n${body}`);
  });
  it('counts lines ended by CR alone when it places a bad byte', () => {
    const d = loadBytes('f.xml', Buffer.from(`<TEI ${TEI}>\r<p>\r caf\xe9</p></TEI>`, 'latin1')).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.rule}`)).toEqual(['3:5 encoding-invalid-utf8']);
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
