/**
 * <graphic url> from a hostile letter (tests/fixtures/hostile/graphics):
 * only an image inside the edition folder is shown (copied into
 * web/images/); an https image becomes a link the page never loads; an
 * absolute path, file:, data:, a path out of the edition, a missing file
 * and a non-image are left out with a warning at the attribute.
 */
import { runCli } from '../cli.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { activeSvgContent, graphicsOf } from '../../src/load/graphics.js';
import { loadText } from '../../src/load/source.js';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLinks } from './site-check.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'graphics-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('<graphic url>', () => {
  it('shows images of the edition, links https images, leaves out everything else with a warning', async () => {
    const p = join(work, 'p');
    mkdirSync(p);
    cpSync(join(root, 'tests/fixtures/hostile/graphics'), join(p, 'tei'), { recursive: true });
    const r = await runCli(p, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', 'web');
    expect(r.status, r.stdout).toBe(0);
    const warnings = r.stdout.split('\n').filter((l) => l.includes(' warning graphic-')).map((l) => l.replace(/ <graphic.*/, ''));
    expect(warnings).toEqual([
      'tei/letter.xml:32:29 warning graphic-url',
      'tei/letter.xml:33:29 warning graphic-url',
      'tei/letter.xml:35:29 warning graphic-outside',
      'tei/letter.xml:36:29 warning graphic-missing',
      'tei/letter.xml:37:29 warning graphic-type',
      'tei/letter.xml:38:29 warning graphic-url',
    ]);
    const html = readFileSync(join(p, 'dist/web/documents/graphics.html'), 'utf8');
    const srcs = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
    expect(srcs).toEqual(['../images/tei/images/seal.png', '../images/tei/images/seal.png']);
    expect(readFileSync(join(p, 'dist/web/images/tei/images/seal.png')).equals(readFileSync(join(p, 'tei/images/seal.png')))).toBe(true);
    expect(html).toContain('<a class="tei-graphic external-image" href="https://example.org/facsimile.jpg" rel="noopener noreferrer"');
    // Nothing the browser would fetch by itself points out of the web edition.
    for (const m of html.matchAll(/\s(?:src|href|srcset|poster)="([^"]*)"/g)) expect(m[1]).not.toMatch(/^(file:|data:|\/|.*etc\/(passwd|hosts))/);
    expect(checkLinks(join(p, 'dist/web')).problems).toEqual([]);
  });

  it('an empty url and a url naming a folder are each left out with a warning that says so', async () => {
    const p = join(work, 'q');
    mkdirSync(join(p, 'tei', 'images'), { recursive: true });
    const file = join(p, 'tei', 'letter.xml');
    const text = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>\n<graphic url=""/><graphic url="#top"/>\n<graphic url="images"/><graphic url="gone.png"/></p></body></text></TEI>';
    const g = await graphicsOf(loadText(file, text).source!, p);
    expect(g.findings.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
      '2:15 graphic-missing <graphic url="">: the url names no file; the image is left out of the web edition',
      '2:32 graphic-missing <graphic url="#top">: the url names no file; the image is left out of the web edition',
      `3:15 graphic-missing <graphic url="images">: ${relative('.', join(p, 'tei', 'images'))} is a folder, not an image file; the image is left out of the web edition`,
      `3:38 graphic-missing <graphic url="gone.png">: no such file ${relative('.', join(p, 'tei', 'gone.png'))}; the image is left out of the web edition`,
    ]);
    expect(g.srcs).toEqual({});
  });

  it('an image the page never shows (a facsimile, the header, a sourceDoc outside the text) is neither placed nor warned of', async () => {
    const p = join(work, 'r');
    mkdirSync(join(p, 'tei'), { recursive: true });
    const file = join(p, 'tei', 'letter.xml');
    const text = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><sourceDesc><p><graphic url="h.png"/></p></sourceDesc></fileDesc></teiHeader>\n<facsimile><surface><graphic url="f1.jpg"/></surface></facsimile><sourceDoc><surface><graphic url="s.jpg"/></surface></sourceDoc>\n<text><body><p><graphic url="gone.png"/></p></body></text></TEI>';
    const g = await graphicsOf(loadText(file, text).source!, p);
    expect(g.findings.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['3:30 graphic-missing']);
  });

  it('an SVG that would run code when opened by itself is left out with a warning; a plain drawing is copied', async () => {
    const p = join(work, 's');
    mkdirSync(join(p, 'tei', 'images'), { recursive: true });
    const svg = (body: string): string => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${body}</svg>`;
    const drawings: Record<string, string> = {
      'plain.svg': svg('<title>Seal (only one tone)</title><circle cx="5" cy="5" r="4" fill="red"/><a xlink:href="#c"><text>on = off</text></a>'),
      'script.svg': svg('<script>alert(document.cookie)</script>'),
      'prefixed.svg': svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'),
      'handler.svg': svg('<circle r="4" onload="alert(1)"/>'),
      'link.svg': svg('<a xlink:href="&#x6A;ava\tscript:alert(1)"><circle r="4"/></a>'),
      'foreign.svg': svg('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
      // A ">" in an attribute value before the handler (a pattern that stopped at it read the tag as ended).
      'gt.svg': '<svg xmlns="http://www.w3.org/2000/svg" data-x=">" onload="document.documentElement.dataset.pwned=1"/>',
      // Entities that spell "javascript:" when expanded.
      'entity.svg': `<!DOCTYPE svg [<!ENTITY a "java"><!ENTITY b "script:alert(1)">]>${svg('<a href="&a;&b;"><circle r="4"/></a>')}`,
      'stylesheet.svg': `<?xml-stylesheet type="text/xsl" href="page.xsl"?>${svg('<circle r="4"/>')}`,
    };
    for (const [name, text] of Object.entries(drawings)) writeFileSync(join(p, 'tei', 'images', name), text);
    // The handler in UTF-16 with its byte-order mark, as a browser reads it (read as UTF-8, it went unseen).
    writeFileSync(join(p, 'tei', 'images', 'utf16.svg'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(drawings['handler.svg'] as string, 'utf16le')]));
    writeFileSync(join(p, 'tei', 'images', 'utf16-no-mark.svg'), Buffer.from(drawings['plain.svg'] as string, 'utf16le'));
    const why = Object.fromEntries([...Object.keys(drawings), 'utf16.svg', 'utf16-no-mark.svg'].map((name) => [name, activeSvgContent(readFileSync(join(p, 'tei', 'images', name)))]));
    expect(why).toEqual({
      'plain.svg': undefined,
      'script.svg': 'a script element',
      'prefixed.svg': 'a script element',
      'handler.svg': 'an event-handler attribute (on…=)',
      'link.svg': 'a javascript: URL',
      'foreign.svg': 'an embedded document (foreignObject)',
      'gt.svg': 'an event-handler attribute (on…=)',
      'entity.svg': 'an entity declaration (which can spell a script or a javascript: link)',
      'stylesheet.svg': 'a stylesheet instruction (<?xml-stylesheet?>, which can make it a page with scripts)',
      'utf16.svg': 'an event-handler attribute (on…=)',
      'utf16-no-mark.svg': 'text the toolkit cannot read (NUL characters: UTF-16 or UTF-32 without a byte-order mark?)',
    });
    const file = join(p, 'tei', 'letter.xml');
    const text = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>\n<graphic url="images/plain.svg"/>\n<graphic url="images/script.svg"/></p></body></text></TEI>';
    const g = await graphicsOf(loadText(file, text).source!, p);
    expect(g.findings.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`)).toEqual([
      '3:15 warning graphic-active <graphic url="images/script.svg">: an SVG image with a script element, which would run in the edition\'s pages if the image were opened by itself; the image is left out of the web edition',
    ]);
    expect(Object.keys(g.srcs)).toEqual(['images/plain.svg']);
    expect([...g.files.keys()]).toEqual(['web/images/tei/images/plain.svg']);
  });
});
