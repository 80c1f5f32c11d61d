/**
 * A published SVG opened by itself loaded from other servers: `<style>@import url(http://host/x.css)</style>` and
 * `fill:url(http://host/f)` were accepted (Chromium requested the host), and so was a data:text/html link. An SVG
 * may now point only into itself (#id), to a relative path in its own folder, or hold a data:image (png, jpeg,
 * gif, webp); anything else is left out as the other active SVGs are (graphic-active).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { externalSvgReference, graphicsOf } from '../src/load/graphics.js';
import { loadText } from '../src/load/source.js';

const work = mkdtempSync(join(tmpdir(), 'graphics-external-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const svg = (body: string): string => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${body}</svg>`;

describe('an SVG that would load from elsewhere when opened by itself', () => {
  it('is found, however its reference is written; a drawing that refers only to itself or its folder is not', () => {
    const why = (text: string): string | undefined => externalSvgReference(new TextEncoder().encode(text));
    const kept = {
      plain: svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke: url( \'#g\' )"/><use href="#g"/><a xlink:href="#c"><text>on</text></a>'),
      inkscape: `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg('<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><cc:Work xmlns:cc="http://creativecommons.org/ns#" rdf:about=""><cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/></cc:Work></rdf:RDF></metadata>')}`,
      sibling: svg('<image href="seal.png"/><image xlink:href="parts/leaf.png"/><rect fill="url(pattern.svg#p)"/>'),
      embedded: svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'),
    };
    for (const [name, text] of Object.entries(kept)) expect(why(text), name).toBeUndefined();
    expect(why(svg('<style>@import url(http://host/x.css);</style>'))).toBe('a stylesheet import (@import)');
    expect(why(svg('<style>@import "x.css";</style>'))).toBe('a stylesheet import (@import)');
    expect(why(svg('<style>@\\69mport "//host/x.css";</style>'))).toBe('a stylesheet import (@import)');
    expect(why(svg('<rect style="fill:url(http://host/f)"/>'))).toBe('a reference out of its folder (url(http://host/f))');
    expect(why(svg('<rect fill="url(\'//host/f#a\')"/>'))).toBe("a reference out of its folder (url(//host/f#a))");
    expect(why(svg('<style>rect{fill:u\\72l(https://host/f)}</style>'))).toBe('a reference out of its folder (url(https://host/f))');
    expect(why(svg('<style>rect{fill:url(&#x68;ttp://host/f)}</style>'))).toBe('a reference out of its folder (url(http://host/f))');
    expect(why(svg('<rect fill="url(../secret.svg#a)"/>'))).toBe('a reference out of its folder (url(../secret.svg#a))');
    expect(why(svg('<style>rect{background:image-set("http://host/f.png" 1x)}</style>'))).toBe('an image-set()');
    expect(why(svg('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><circle r="4"/></a>'))).toBe('a link out of its folder (href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;")');
    expect(why(svg('<image xlink:href="http://host/p.png"/>'))).toBe('a link out of its folder (xlink:href="http://host/p.png")');
    expect(why(svg('<use href=" h\tttps://host/s.svg#a"/>'))).toBe('a link out of its folder (href=" h\tttps://host/s.svg#a")');
    expect(why(svg('<image href="%2e%2e/x.png"/>'))).toBe('a link out of its folder (href="%2e%2e/x.png")');
    expect(why(svg('<image href="/etc/x.png"/>'))).toBe('a link out of its folder (href="/etc/x.png")');
    expect(why(svg('<g xml:base="http://host/"><image href="x.png"/></g>'))).toBe('an xml:base (which moves its links)');
    expect(why(svg('<image href="#a"><set attributeName="href" to="http://host/x.png"/></image>'))).toBe('an animation of a link (attributeName="href")');
  });

  it('is left out of the web edition with a warning at the attribute', async () => {
    const p = join(work, 'e');
    mkdirSync(join(p, 'tei', 'images'), { recursive: true });
    writeFileSync(join(p, 'tei', 'images', 'import.svg'), svg('<style>@import url(http://host/x.css);</style><circle r="4"/>'));
    writeFileSync(join(p, 'tei', 'images', 'fill.svg'), svg('<circle r="4" style="fill:url(http://host/f)"/>'));
    writeFileSync(join(p, 'tei', 'images', 'plain.svg'), svg('<circle r="4" fill="red"/>'));
    const text = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>\n<graphic url="images/import.svg"/>\n<graphic url="images/fill.svg"/>\n<graphic url="images/plain.svg"/></p></body></text></TEI>';
    const g = await graphicsOf(loadText(join(p, 'tei', 'letter.xml'), text).source!, p);
    expect(g.findings.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`)).toEqual([
      '2:15 warning graphic-active <graphic url="images/import.svg">: an SVG image with a stylesheet import (@import), which a browser would load or follow if the image were opened by itself (another server would learn who reads the edition); the image is left out of the web edition',
      '3:15 warning graphic-active <graphic url="images/fill.svg">: an SVG image with a reference out of its folder (url(http://host/f)), which a browser would load or follow if the image were opened by itself (another server would learn who reads the edition); the image is left out of the web edition',
    ]);
    expect([...g.files.keys()]).toEqual(['web/images/tei/images/plain.svg']);
  });
});
