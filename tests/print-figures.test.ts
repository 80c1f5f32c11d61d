/**
 * Figures in the print and text editions. The PDF shows a figure's images
 * (the files the web edition copies, load/graphics.ts, that Typst reads:
 * PNG, JPEG, GIF, SVG), given to the compiler in memory (typst.ts
 * mapShadow: the compiler's root stays empty), with the figure's head as
 * its caption; a figure without an image gives its description (figDesc) in
 * square brackets, in the PDF and in the plain text, where both gave
 * nothing. An image of another format keeps its caption only; one Typst
 * cannot read is left out with a warning, the PDF still made. A build makes
 * the same bytes twice and makes the PDF again when an image changes (its
 * render key holds the image's signature or hash: build/index.ts imageKeys).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildEdition, type BuildResult } from '../src/build/index.js';
import { readDocumentModel } from '../src/model/read.js';
import { compilePrintSource, loadPrintSourceWriter, printImages, type PrintImage } from '../src/render/print.js';
import { loadTextRenderer } from '../src/render/text.js';
import { compileTypst } from '../src/render/typst.js';
import { parseXml } from '../src/xslt/transform.js';

const HAVE_POPPLER = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdfimages', ['-v']).status === 0;
if (!HAVE_POPPLER) console.warn('[print-figures] SKIPPED in part: pdftotext and pdfimages (poppler-utils) are not installed; the PDF is not read.');

/** A PNG of one colour (RGB, 8 bits, no filter). */
function png(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0);
  head.writeUInt32BE(height, 4);
  head.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + 3 * width);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + 3 * x);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', head), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]));
}

const GIF = new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'));
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="green"/></svg>');
/** A JPEG by its first bytes, not one in the rest. */
const BROKEN_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

/** The images in a PDF (poppler's pdfimages), without soft masks. */
function pdfImages(pdf: Uint8Array, dir: string): string[] {
  const file = join(dir, `images-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((columns) => columns[2] === 'image')
    .map((columns) => columns.slice(3, 5).join('x'));
}

function pdfText(pdf: Uint8Array, dir: string): string {
  const file = join(dir, `text-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const LETTER = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Figures</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<text><body>
<p>Before the figures.</p>
<figure><graphic url="images/garden.png"/><figDesc>A red garden plan.</figDesc><head>The garden, <hi rend="italic">drawn</hi> by the writer</head></figure>
<figure><head>A pencil sketch</head><figDesc>A sketch of a moss, three inches high.</figDesc></figure>
<figure><graphic url="images/seal.gif"/><graphic url="images/plan.svg"/><head>Seal and plan</head></figure>
<figure><graphic url="images/photo.webp"/><figDesc>A photograph.</figDesc><head>A photograph in WebP</head></figure>
<figure><graphic url="images/broken.jpg"/><head>A broken JPEG</head></figure>
<p>After the figures.</p>
</body></text></TEI>`;

const FILES: Record<string, Uint8Array> = {
  'images/garden.png': png(300, 200, [200, 30, 30]),
  'images/seal.gif': GIF,
  'images/plan.svg': SVG,
  'images/photo.webp': new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '),
  'images/broken.jpg': BROKEN_JPEG,
};

/** The images as the build finds them (load/graphics.ts graphicsOf: @url → place in the edition folder, and the bytes). */
const GRAPHICS = {
  paths: Object.fromEntries(Object.keys(FILES).map((url) => [url, `tei/${url}`])),
  files: new Map(Object.entries(FILES).map(([url, bytes]) => [`web/images/tei/${url}`, bytes])),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tei-print-figures-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('figures in the print edition', () => {
  it('takes the images Typst reads, by their place in the edition folder, whose bytes begin as their format', () => {
    const images = printImages({ ...GRAPHICS, files: new Map([...GRAPHICS.files, ['web/images/tei/images/fake.png', GIF]]), paths: { ...GRAPHICS.paths, 'images/fake.png': 'tei/images/fake.png' } });
    expect(Object.fromEntries(Object.entries(images).map(([url, i]) => [url, i.path]))).toEqual({
      'images/garden.png': '/tei/images/garden.png',
      'images/seal.gif': '/tei/images/seal.gif',
      'images/plan.svg': '/tei/images/plan.svg',
      // Begins as a JPEG: Typst is tried on it (below).
      'images/broken.jpg': '/tei/images/broken.jpg',
    });
  });

  it('sets each figure: its images and caption, or its description in brackets; the text edition gives the description', async () => {
    const tree = parseXml(LETTER);
    const model = await readDocumentModel('tei/figures.xml', tree);
    const images: Record<string, PrintImage> = printImages(GRAPHICS);
    const source = (await loadPrintSourceWriter())(tree, model, { images });
    const figures = source.typst.split('\n').filter((l) => l.startsWith('#ed-figure('));
    expect(figures).toEqual([
      '#ed-figure(images: (("/tei/images/garden.png", "A red garden plan."),), caption: [The garden, #emph[drawn] by the writer])',
      '#ed-figure(description: [A sketch of a moss, three inches high\\.], caption: [A pencil sketch])',
      '#ed-figure(images: (("/tei/images/seal.gif", none), ("/tei/images/plan.svg", none),), caption: [Seal and plan])',
      '#ed-figure(caption: [A photograph in WebP])',
      '#ed-figure(images: (("/tei/images/broken.jpg", none),), caption: [A broken JPEG])',
    ]);
    // The compiler is given those files, and no other.
    expect(Object.keys(source.files ?? {}).sort()).toEqual(['/tei/images/broken.jpg', '/tei/images/garden.png', '/tei/images/plan.svg', '/tei/images/seal.gif']);
    // Without images (a build without them, the volume): the captions and the description as above.
    const without = (await loadPrintSourceWriter())(tree, model, {});
    expect(without.typst.split('\n').filter((l) => l.startsWith('#ed-figure('))).toEqual([
      '#ed-figure(caption: [The garden, #emph[drawn] by the writer])',
      figures[1],
      '#ed-figure(caption: [Seal and plan])',
      figures[3],
      '#ed-figure(caption: [A broken JPEG])',
    ]);
    expect(without.files).toBeUndefined();

    const text = (await loadTextRenderer())(tree, model);
    expect(text.plain.split('\n').filter(Boolean)).toEqual([
      'Before the figures.',
      'The garden, drawn by the writer',
      'A pencil sketch',
      '[A sketch of a moss, three inches high.]',
      'Seal and plan',
      'A photograph in WebP',
      'A broken JPEG',
      'After the figures.',
    ]);
    expect(text.annotated).toContain('[A sketch of a moss, three inches high.]');

    // The PDF: the three images it can show, the captions, the description; the broken one left out with the reason.
    const printed = compilePrintSource(source);
    expect(printed.pdfStandard).toBe('a-2b');
    expect(printed.imagesLeftOut?.map((l) => l.path)).toEqual(['/tei/images/broken.jpg']);
    expect(printed.imagesLeftOut?.[0]?.why).toMatch(/decod/i);
    if (!HAVE_POPPLER) return;
    const shown = pdfImages(printed.pdf, dir);
    // The GIF (1×1), the PNG (300×200), the SVG (drawn as vectors: no raster image).
    expect(shown.sort()).toEqual(['1x1', '300x200']);
    const words = pdfText(printed.pdf, dir).replace(/\s+/g, ' ');
    for (const s of ['The garden, drawn by the writer', '[A sketch of a moss, three inches high.] A pencil sketch', 'Seal and plan', 'A photograph in WebP', 'A broken JPEG', 'After the figures.']) expect(words).toContain(s);
    expect(pdfImages(compilePrintSource(without).pdf, dir)).toEqual([]);
  }, 120_000);

  it('shows an image outside a figure as the web page does: in the line, or between the blocks', async () => {
    const letter = LETTER.replace(/<p>Before[\s\S]*<\/body>/, `<p>Sealed with <graphic url="images/seal.gif"><desc>The writer's seal.</desc></graphic> and signed.</p>
<div><graphic url="images/garden.png"/><p>The plan above.</p></div>
<p>A photograph: <graphic url="images/photo.webp"/>, not printed.</p></body>`);
    const tree = parseXml(letter);
    const model = await readDocumentModel('tei/figures.xml', tree);
    const source = (await loadPrintSourceWriter())(tree, model, { images: printImages(GRAPHICS) });
    expect(source.typst).toContain(`Sealed with #ed-image("/tei/images/seal.gif", "The writer's seal.") and signed\\.`);
    expect(source.typst).toContain('#ed-image("/tei/images/garden.png", none)\n');
    expect(source.typst).not.toContain('photo.webp');
    expect(Object.keys(source.files ?? {}).sort()).toEqual(['/tei/images/broken.jpg', '/tei/images/garden.png', '/tei/images/plan.svg', '/tei/images/seal.gif']);
    // Without the files (the volume, a build without images): nothing, as before.
    expect((await loadPrintSourceWriter())(tree, model, {}).typst).not.toContain('#ed-image("');
    const printed = compilePrintSource(source);
    expect(printed.pdfStandard).toBe('a-2b');
    if (!HAVE_POPPLER) return;
    expect(pdfImages(printed.pdf, dir).sort()).toEqual(['1x1', '300x200']);
    const words = pdfText(printed.pdf, dir).replace(/\s+/g, ' ');
    for (const s of ['Sealed with and signed.', 'The plan above.', 'A photograph: , not printed.']) expect(words).toContain(s);
  }, 120_000);

  it('gives a document typeset in a process of its own its images too', () => {
    const files = { '/a/red.png': png(40, 30, [10, 20, 200]) };
    const source = '#set document(date: datetime(year: 2026, month: 12, day: 4))\n#image("/a/red.png")\n';
    const here = compileTypst(source, undefined, { files });
    const alone = compileTypst(source, undefined, { alone: true, files });
    expect(Buffer.from(alone.pdf).equals(Buffer.from(here.pdf))).toBe(true);
    if (HAVE_POPPLER) expect(pdfImages(alone.pdf, dir)).toEqual(['40x30']);
    // Given for that compilation only: the next one has no such file.
    expect(() => compileTypst(source)).toThrow(/not found|file/i);
  }, 60_000);
});

describe('figures in a build', () => {
  const FIGURES = `<figure><graphic url="images/garden.png"/><figDesc>A garden plan.</figDesc><head>The garden</head></figure>
        <figure><head>A sketch</head><figDesc>A moss, drawn in pencil.</figDesc></figure>`;
  let edition: string;
  let first: BuildResult;

  beforeAll(async () => {
    edition = mkdtempSync(join(tmpdir(), 'tei-figures-build-'));
    cpSync(join('tests', 'fixtures', 'edition', 'tei'), join(edition, 'tei'), { recursive: true });
    mkdirSync(join(edition, 'tei', 'images'));
    writeFileSync(join(edition, 'tei', 'images', 'garden.png'), png(120, 80, [200, 30, 30]));
    const file = join(edition, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<closer>', `${FIGURES}\n        <closer>`));
    // (The edition's schema has no figure: TEI from elsewhere.)
    first = await buildEdition({ inputs: [join(edition, 'tei')], editionRoot: edition, targets: ['web', 'print', 'text'], profile: 'any', volume: true, cacheDir: join(edition, '.cache') });
  }, 180_000);
  afterAll(() => rmSync(edition, { recursive: true, force: true }));

  it("shows the image in the letter's PDF, the description in its text; the volume sets the captions without images", () => {
    expect(first.diagnostics.filter((d) => d.severity !== 'info' && d.source !== 'settings')).toEqual([]);
    const pdf = first.files.get('print/moreau-whitcombe-1852.pdf') as Uint8Array;
    expect(first.files.get('print/moreau-whitcombe-1852.typ')).toContain('#ed-figure(images: (("/tei/images/garden.png", "A garden plan."),), caption: [The garden])');
    expect(first.files.get('text/moreau-whitcombe-1852.txt')).toContain('A sketch\n\n[A moss, drawn in pencil.]\n');
    expect(first.files.get('print/edition.typ')).toContain('#ed-figure(caption: [The garden])');
    // The web edition as before: the image copied, the page showing it.
    expect(first.files.get('web/images/tei/images/garden.png')).toBeDefined();
    if (!HAVE_POPPLER) return;
    expect(pdfImages(pdf, dir)).toEqual(['120x80']);
    expect(pdfImages(first.files.get('print/edition.pdf') as Uint8Array, dir)).toEqual([]);
    expect(pdfText(pdf, dir)).toContain('[A moss, drawn in pencil.]');
  });

  it('makes the same PDF again; an edited image makes it anew, as a clean build does', async () => {
    const again = await buildEdition({ inputs: [join(edition, 'tei')], editionRoot: edition, targets: ['web', 'print', 'text'], profile: 'any', volume: true, cacheDir: join(edition, '.cache') });
    const clean = await buildEdition({ inputs: [join(edition, 'tei')], editionRoot: edition, targets: ['web', 'print', 'text'], profile: 'any', volume: true });
    const pdf = (r: BuildResult): Buffer => Buffer.from(r.files.get('print/moreau-whitcombe-1852.pdf') as Uint8Array);
    expect(pdf(again).equals(pdf(first))).toBe(true);
    expect(pdf(clean).equals(pdf(first))).toBe(true);
    writeFileSync(join(edition, 'tei', 'images', 'garden.png'), png(60, 40, [30, 30, 200]));
    const edited = await buildEdition({ inputs: [join(edition, 'tei')], editionRoot: edition, targets: ['web', 'print', 'text'], profile: 'any', volume: true, cacheDir: join(edition, '.cache') });
    const cleanEdited = await buildEdition({ inputs: [join(edition, 'tei')], editionRoot: edition, targets: ['web', 'print', 'text'], profile: 'any', volume: true });
    expect(pdf(edited).equals(pdf(first))).toBe(false);
    expect(pdf(edited).equals(pdf(cleanEdited))).toBe(true);
    if (HAVE_POPPLER) expect(pdfImages(pdf(edited), dir)).toEqual(['60x40']);
    // The other letters' PDFs came from the cache, unchanged.
    expect(Buffer.from(edited.files.get('print/pryce-lindqvist-1853-09-20.pdf') as Uint8Array).equals(Buffer.from(first.files.get('print/pryce-lindqvist-1853-09-20.pdf') as Uint8Array))).toBe(true);
  }, 240_000);
});
