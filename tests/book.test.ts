/**
 * The edition as a book (src/render/book.ts, src/render/epub.ts): the PDF
 * volume and the EPUB of the fixture edition (tests/fixtures/edition/),
 * read back with pdfjs and unzipped, and checked against the TEI and
 * against themselves: the contents' page numbers are the pages where the
 * letters start; an index entry's pages are those of the letters that
 * name the entry; every word of every letter's reading text is in the
 * volume, in order, on that letter's pages; the outline lists every
 * letter; a cross-reference to another letter prints its number and page;
 * the EPUB passes epubcheck (where installed: .ci/run installs it) and its
 * footnote links resolve; two builds give the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { unzipSync, strFromU8 } from 'fflate';
import { buildEdition } from '../src/build/index.js';
import { TYPST_PAGE_DESIGN } from '../src/render/print.js';
import { compileTypst } from '../src/render/typst.js';
import { forgetBook, typstString, VOLUME_DESIGN } from '../src/render/book.js';
import type { EditionSettings } from '../src/settings/types.js';
import { teiReadingWords } from './tei-text.js';
import { cachedJson } from './disk-cache.js';

const EDITION = join('tests', 'fixtures', 'edition');
const TEI = join(EDITION, 'tei');
const settings = JSON.parse(readFileSync(join(EDITION, 'edition.json'), 'utf8')) as EditionSettings;
const letterFiles = readdirSync(TEI).filter((f) => f.endsWith('.xml') && f !== 'registers.xml');

interface PdfText {
  pages: { items: { str: string; size: number; eol: boolean }[] }[];
  outline: string[];
  /** The level of each outline entry (1: at the top). */
  depths: number[];
  /** pdfaid:part and pdfaid:conformance from the XMP metadata. */
  pdfa: string;
}

/** The text of the first `upTo` pages (all by default), the outline and the PDF/A identification. */
async function readPdf(pdf: Uint8Array, upTo = Infinity): Promise<PdfText> {
  const doc = await getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfText['pages'] = [];
  for (let p = 1; p <= Math.min(doc.numPages, upTo); p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push({
      items: content.items.filter((i) => 'str' in i).map((i) => {
        const [a, b] = i.transform as number[];
        return { str: i.str, size: Math.hypot(a!, b!), eol: i.hasEOL };
      }),
    });
  }
  const outline: string[] = [];
  const depths: number[] = [];
  const walk = (nodes: { title: string; items: unknown[] }[] | null, depth: number) => {
    for (const n of nodes ?? []) {
      outline.push(n.title);
      depths.push(depth);
      walk(n.items as { title: string; items: unknown[] }[], depth + 1);
    }
  };
  walk((await doc.getOutline()) as { title: string; items: unknown[] }[] | null, 1);
  const xmp = (await doc.getMetadata()).metadata as { get(name: string): string | null } | null;
  const pdfa = `${xmp?.get('pdfaid:part') ?? ''}${xmp?.get('pdfaid:conformance') ?? ''}`;
  await doc.destroy();
  return { pages, outline, depths, pdfa };
}

const pageText = (pdf: PdfText, page: number, keep: (size: number) => boolean = () => true): string =>
  (pdf.pages[page - 1]?.items ?? []).filter((i) => keep(i.size)).map((i) => i.str + (i.eol ? '\n' : '')).join('');

/** Letters and digits only, typography undone: what must survive line breaks, hyphenation and quotation marks. */
const canon = (s: string): string => s.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();

/** The page (1-based) of the first page whose text matches. */
function pageOf(pdf: PdfText, pattern: RegExp, from = 1): number {
  for (let p = from; p <= pdf.pages.length; p++) if (pattern.test(pageText(pdf, p))) return p;
  throw new Error(`${pattern} is on no page`);
}

/** The contents as printed: letter number → page. */
function contents(pdf: PdfText): Map<number, number> {
  const page = pageOf(pdf, /^Contents$/m);
  const map = new Map<number, number>();
  for (const line of pageText(pdf, page).split('\n')) {
    const m = /^(\d+)\s*[^\d].*?\s(\d+)$/.exec(line.trim());
    if (m) map.set(Number(m[1]), Number(m[2]));
  }
  return map;
}

/** The entries of an index as printed: "Pryce, Owen" → [13, 15]. */
function indexOf(pdf: PdfText, title: string): Map<string, number[]> {
  const start = pageOf(pdf, new RegExp(`^${title}$`, 'm'));
  const text = pageText(pdf, start).split(`${title}\n`)[1] ?? '';
  const map = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const m = /^(.+?)(?: \([^)]*\))?, ([\d–, ]+)$/.exec(line.trim());
    if (!m) continue;
    const pages = m[2]!.split(', ').flatMap((r) => {
      const [a, b] = r.split('–').map(Number);
      return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, k) => a! + k);
    });
    map.set(m[1]!, pages);
  }
  return map;
}

let dir: string;
let indexHtml: string;
let webPdf: Uint8Array | undefined;
let pdfBytes: Uint8Array;
let epubBytes: Uint8Array;
let typst: string;
let pdf: PdfText;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tei-edition-book-'));
  // With the cache folder the rebuilding tests read: the volume typeset here is their first (see there).
  const result = await buildEdition({ inputs: [TEI], targets: ['print', 'web'], settings, paper: 'a4', cacheDir: join(dir, 'cache') });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  pdfBytes = result.files.get('print/edition.pdf') as Uint8Array;
  epubBytes = result.files.get('print/edition.epub') as Uint8Array;
  typst = result.files.get('print/edition.typ') as string;
  indexHtml = String(result.files.get('web/index.html'));
  webPdf = result.files.get('web/downloads/edition.pdf') as Uint8Array | undefined;
  pdf = await readPdf(pdfBytes);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PDF volume', () => {
  it('opens with the title page and the settings, then the contents, introduction, principles and sources', () => {
    const title = pageText(pdf, 1);
    expect(title).toContain('Letters of the Northern Herbarium Circle');
    expect(title).toContain('Edited by Ada Testwell and Bo Fixture');
    expect(pageText(pdf, 2)).toMatch(/How to cite this volume: Ada Testwell, Bo Fixture, eds\., Letters of the Northern Herbarium Circle/);
    const order = ['Contents', 'Introduction', 'Editorial principles', 'Sources', 'Letters'].map((h) => pageOf(pdf, new RegExp(`^${h}$`, 'm')));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(pageText(pdf, order[1]!)).toContain('Nothing in these letters is historical.');
  });

  it('its notice speaks of the apparatus only when a letter has one', async () => {
    // This edition's last letter has one.
    const principles = pageText(pdf, pageOf(pdf, /^Editorial principles$/m));
    expect(principles).toContain('keyed to page and line');
    expect(typst).toMatch(/^#ed-volume-notice\(apparatus: true\)$/m);
    // Two letters without one.
    const two = mkdtempSync(join(tmpdir(), 'tei-edition-book-noapp-'));
    for (const f of ['whitcombe-lindqvist-1851-03-14.xml', 'pryce-lindqvist-1853-09-20.xml', 'registers.xml']) cpSync(join(TEI, f), join(two, f));
    // A long title: the title page does not hyphenate it (it broke "Corre-spondence"), and nothing in the PDF's text is a soft hyphen.
    const title = 'Corpus of Ioannes Dantiscus’ Texts and Correspondence: Letter #5823 Bona Sforza to Ioannes DANTISCUS, 1531-08-01';
    const plain = await buildEdition({ inputs: [two], targets: ['print'], settings: { ...settings, title }, paper: 'us-letter', volume: true });
    const volume = await readPdf(plain.files.get('print/edition.pdf') as Uint8Array);
    expect(volume.pages[0]!.items.map((i) => i.str).filter((t) => t.trim()).join(' ')).toContain('Texts and Correspondence: Letter');
    expect(volume.pages.map((p) => p.items.map((i) => i.str).join(' ')).join('\n')).not.toContain('\u00ad');
    expect(plain.files.get('print/edition.typ') as string).toMatch(/^#ed-volume-notice\(apparatus: false\)$/m);
    const text = pageText(volume, pageOf(volume, /^Editorial principles$/m)).replace(/\s+/g, ' ');
    expect(text).toContain('the plain-text edition keeps them as they stand. Line numbers count the lines of each page. Notes are');
    expect(text).not.toContain('apparatus');
    rmSync(two, { recursive: true, force: true });
  }, 120_000);

  it('numbers the letters in chronological order (the letter dated by a range by its start) and the contents give the page each starts on', () => {
    const toc = contents(pdf);
    expect([...toc.keys()]).toEqual([1, 2, 3, 4, 5]);
    const expected = ['Clara Whitcombe to Anders Lindqvist, 14 March 1851', 'Anders Lindqvist to Clara Whitcombe', 'Étienne Moreau to Clara Whitcombe', 'Owen Pryce to Anders Lindqvist', 'Clara Whitcombe to Étienne Moreau'];
    for (const [k, heading] of expected.entries()) {
      const page = toc.get(k + 1)!;
      expect(pageText(pdf, page)).toContain(`${k + 1}. ${heading}`);
    }
  });

  it('has every word of every letter’s reading text, in order, on the pages of that letter', () => {
    const toc = contents(pdf);
    const indexStart = pageOf(pdf, /^Index of persons$/m);
    const order = [...typst.matchAll(/^#ed-letter\("([^"]+)"/gm)].map((m) => m[1]!);
    expect(order).toHaveLength(letterFiles.length);
    for (const [k, id] of order.entries()) {
      const from = toc.get(k + 1)!;
      const to = (toc.get(k + 2) ?? indexStart) - 1;
      let stream = '';
      for (let p = from; p <= Math.max(from, to); p++) stream += canon(pageText(pdf, p, (size) => size > 9.5));
      const file = letterFiles.find((f) => readFileSync(join(TEI, f), 'utf8').includes(`xml:id="${id}"`))!;
      let at = 0;
      for (const word of teiReadingWords(join(TEI, file)).map(canon).filter(Boolean)) {
        const found = stream.indexOf(word, at);
        expect(found, `letter ${k + 1} (${id}): "${word}" after position ${at}`).toBeGreaterThanOrEqual(0);
        at = found + word.length;
      }
    }
  });

  it('gives for each index entry the pages of the letters that name it', () => {
    const toc = contents(pdf);
    const persons = indexOf(pdf, 'Index of persons');
    // Mr Pryce is named in letter 2 (a postscript) and signs letter 4 (his name in the closer).
    expect(persons.get('Pryce, Owen')).toEqual([toc.get(2), toc.get(4)]);
    expect(persons.get('Moreau, Étienne')).toEqual([toc.get(3)]);
    const places = indexOf(pdf, 'Index of places');
    expect(places.get('Uppsala')).toEqual([toc.get(1), toc.get(2)]);
    // No authority ids in the indexes.
    expect(pageText(pdf, pageOf(pdf, /^Index of places$/m))).not.toMatch(/wikidata|Q\d{3,}/i);
  });

  it('lists the letters by correspondent, sent and received', () => {
    const text = pageText(pdf, pageOf(pdf, /^Letters by correspondent$/m));
    expect(text).toContain('Pryce, Owen: 4');
    expect(text).toContain('Moreau, Étienne: 3, 5 (to)');
  });

  it('has an outline (bookmarks) with every section and every letter', () => {
    expect(pdf.outline).toEqual(expect.arrayContaining(['Contents', 'Introduction', 'Editorial principles', 'Sources', 'Index of persons', 'Index of places', 'Letters by correspondent']));
    for (let n = 1; n <= letterFiles.length; n++) expect(pdf.outline.some((t) => t.startsWith(`${n}. `))).toBe(true);
    // The letters under "Letters" (they stood beside it, a flat list of hundreds), a letter's apparatus under it.
    const depth = (title: string): number | undefined => pdf.depths[pdf.outline.indexOf(title)];
    expect([depth('Contents'), depth('Letters'), depth('Index of persons')]).toEqual([1, 1, 1]);
    for (const [i, t] of pdf.outline.entries()) if (/^\d+\. /.test(t)) expect(pdf.depths[i], t).toBe(2);
    const apparatus = pdf.outline.indexOf('Apparatus');
    expect(apparatus).toBeGreaterThan(0);
    expect(pdf.depths[apparatus]).toBe(3);
  });

  it('keys the apparatus to page and line of the volume', () => {
    const page = contents(pdf).get(5)!;
    const text = pageText(pdf, page) + pageText(pdf, page + 1);
    expect(text).toContain('keyed to page and line of this volume');
    expect(text).toMatch(new RegExp(`^${page}\\.\\d+ `, 'm'));
  });

  it('is PDF/A-2b and the same bytes when built again', async () => {
    expect(pdf.pdfa).toMatch(/^2B$/i);
    forgetBook();
    const again = await buildEdition({ inputs: [TEI], targets: ['print', 'web'], settings, paper: 'a4' });
    expect(Buffer.from(again.files.get('print/edition.pdf') as Uint8Array).equals(Buffer.from(pdfBytes))).toBe(true);
    expect(Buffer.from(again.files.get('print/edition.epub') as Uint8Array).equals(Buffer.from(epubBytes))).toBe(true);
  }, 120_000);
});

describe('the volume in the web edition', () => {
  it('is offered on the home page, as PDF and EPUB', () => {
    expect(indexHtml).toContain('<a href="downloads/edition.pdf" type="application/pdf" download>');
    expect(indexHtml).toContain('<a href="downloads/edition.epub" type="application/epub+zip" download>');
    expect(webPdf).toBe(pdfBytes);
  });
});

// One edition built with an on-disk cache serves both tests: the volume is typeset twice in all (the settings'
// title, then another), each typesetting about a second of CPU. The first is the volume of the edition built
// above (beforeAll, with this cache folder and paper), kept on disk and in memory: \`first\` takes it from there.
describe('rebuilding the volume', () => {
  let cacheDir: string;
  let first: Awaited<ReturnType<typeof buildEdition>>;
  let retitled: Awaited<ReturnType<typeof buildEdition>>;

  it('typesets it again only when something it shows changed', async () => {
    cacheDir = join(dir, 'cache');
    first = await buildEdition({ inputs: [TEI], targets: ['print'], settings, paper: 'a4', cacheDir });
    expect(Buffer.from(first.files.get('print/edition.pdf') as Uint8Array).equals(Buffer.from(pdfBytes))).toBe(true);
    const same = await buildEdition({ inputs: [TEI], targets: ['print'], settings, paper: 'a4', cacheDir });
    expect(same.files.get('print/edition.pdf')).toBe(first.files.get('print/edition.pdf'));
    retitled = await buildEdition({ inputs: [TEI], targets: ['print'], settings: { ...settings, title: 'Another title' }, paper: 'a4', cacheDir });
    expect(retitled.files.get('print/edition.pdf')).not.toBe(first.files.get('print/edition.pdf'));
    expect((await readPdf(retitled.files.get('print/edition.pdf') as Uint8Array, 1)).pages[0]!.items.map((i) => i.str).join(' ')).toContain('Another title');
  }, 120_000);

  it('a build in a new process takes the typeset volume from the on-disk cache while nothing it shows changed', async () => {
    // Each volume under its own key: the first title's and the other's.
    const entries = join(cacheDir, 'v1', 'volume');
    expect(readdirSync(entries)).toHaveLength(2);
    const firstPdf = Buffer.from(first.files.get('print/edition.pdf') as Uint8Array);
    const stored = readdirSync(entries).map((name) => ({ file: join(entries, name), value: JSON.parse(readFileSync(join(entries, name), 'utf8')) as { value: { volume: { pdf: string } } } }));
    const firstEntry = stored.filter((e) => Buffer.from(e.value.value.volume.pdf, 'base64').equals(firstPdf));
    expect(firstEntry).toHaveLength(1);
    // Mark the stored volume, forget the one in memory (as a new process would), build again: the mark comes back.
    const { file, value } = firstEntry[0]!;
    const marked = Buffer.concat([firstPdf, Buffer.from('%cached\n')]);
    value.value.volume.pdf = marked.toString('base64');
    writeFileSync(file, JSON.stringify(value));
    forgetBook();
    const second = await buildEdition({ inputs: [TEI], targets: ['print'], settings, paper: 'a4', cacheDir });
    expect(Buffer.from(second.files.get('print/edition.pdf') as Uint8Array).equals(marked)).toBe(true);
    // A change it shows (the title) is another key: never the marked volume, and no third entry.
    forgetBook();
    const third = await buildEdition({ inputs: [TEI], targets: ['print'], settings: { ...settings, title: 'Another title' }, paper: 'a4', cacheDir });
    expect(readdirSync(entries)).toHaveLength(2);
    expect(Buffer.from(third.files.get('print/edition.pdf') as Uint8Array).includes(Buffer.from('%cached'))).toBe(false);
    expect(Buffer.from(third.files.get('print/edition.pdf') as Uint8Array).equals(Buffer.from(retitled.files.get('print/edition.pdf') as Uint8Array))).toBe(true);
  }, 180_000);
});

describe('cross-references, ranges and escaping', () => {
  const hostile = '#read("/etc/passwd") ] [ #eval("1+1") \\ " $x$ <label> @ref';
  let built: Promise<PdfText> | undefined;
  /**
   * One volume for the cross-references and the settings' text (each a typesetting of about a second): the
   * edition with cross-references added to a letter, titled and introduced by the hostile settings text.
   */
  const xrefVolume = (): Promise<PdfText> =>
    (built ??= (async () => {
      const edition = join(dir, 'xref');
      cpSync(TEI, edition, { recursive: true });
      const file = join(edition, 'lindqvist-whitcombe-1851-05-02.xml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('Your letter of the fourteenth of March', 'Your <ref target="whitcombe-lindqvist-1851-03-14.xml">letter of the fourteenth of March</ref>')
          .replace('I add a line', 'I add a line (see <ptr target="whitcombe-moreau-1854-02-11.xml"/>) and <ref target="https://example.org/">a link</ref>'),
      );
      const result = await buildEdition({ inputs: [edition], targets: ['print'], settings: { ...settings, title: hostile, introduction: hostile }, schema: false, rules: false });
      return readPdf(result.files.get('print/edition.pdf') as Uint8Array);
    })());

  it('prints the number and page of the letter a ref points to', async () => {
    const volume = await xrefVolume();
    const toc = contents(volume);
    const text = pageText(volume, toc.get(2)!).replace(/\s+/g, ' ');
    expect(text).toContain(`letter of the fourteenth of March (no. 1, p. ${toc.get(1)})`);
    // A pointer to a later letter; a web link is no cross-reference.
    expect(text).toContain(`I add a line (see no. 5, p. ${toc.get(5)}) and a link`);
  }, 120_000);

  it('merges page ranges, explicitly or with f. and ff.', () => {
    const design = `${readFileSync(TYPST_PAGE_DESIGN, 'utf8')}\n${readFileSync(VOLUME_DESIGN, 'utf8')}\n#set text(font: ed-fonts)\n`;
    const out = compileTypst(`${design}#ed-page-ranges((3, 4, 5, 9, 10, 12))\n\n#ed-page-ranges((3, 4, 5, 9, 10, 12), style: "f-ff")`, false);
    return readPdf(out.pdf).then((r) => expect(pageText(r, 1).replace(/\s+/g, ' ').trim()).toBe('3–5, 9–10, 12 3 ff., 9 f., 12'));
  });

  it('puts settings text into the volume as text, never as code', async () => {
    expect(typstString(hostile)).toBe('"#read(\\"/etc/passwd\\") ] [ #eval(\\"1+1\\") \\\\ \\" $x$ <label> @ref"');
    const volume = await xrefVolume();
    expect(pageText(volume, 1).replace(/\s+/g, '')).toContain(hostile.replace(/\s+/g, ''));
  }, 120_000);
});

describe('the EPUB', () => {
  const files = () => unzipSync(epubBytes);

  it('starts with the stored mimetype, and has a package document with the settings’ metadata', () => {
    expect(strFromU8(epubBytes.subarray(30, 38))).toBe('mimetype');
    expect(strFromU8(epubBytes.subarray(38, 58))).toBe('application/epub+zip');
    const opf = strFromU8(files()['OEBPS/content.opf']!);
    expect(opf).toContain('<dc:title>Letters of the Northern Herbarium Circle</dc:title>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:contributor id="editor-1">Ada Testwell<\/dc:contributor>/);
    expect(opf).toContain('CC BY 4.0');
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
  });

  it('has one content document per letter, with note references that resolve to footnotes', () => {
    const all = files();
    const letters = Object.keys(all).filter((f) => /letter-\d+\.xhtml$/.test(f)).sort();
    expect(letters).toHaveLength(letterFiles.length);
    let refs = 0;
    for (const [name, bytes] of Object.entries(all)) {
      if (!name.endsWith('.xhtml')) continue;
      const text = strFromU8(bytes);
      for (const m of text.matchAll(/href="([^"]*)"/g)) {
        const [file, fragment] = m[1]!.split('#');
        if (/^(https?|mailto):/.test(m[1]!)) continue;
        const target = file ? strFromU8(all[`OEBPS/${file}`] ?? new Uint8Array()) : text;
        expect(target, `${name}: ${m[1]}`).not.toBe('');
        if (fragment) expect(target, `${name}: ${m[1]}`).toContain(`id="${fragment}"`);
      }
      for (const m of text.matchAll(/<a [^>]*epub:type="noteref"[^>]*href="#([^"]+)"/g)) {
        refs++;
        expect(text).toMatch(new RegExp(`<aside id="${m[1]}"[^>]*epub:type="footnote"`));
      }
    }
    expect(refs).toBeGreaterThan(0);
  });

  it('has indexes that link to the letters', () => {
    const persons = strFromU8(files()['OEBPS/index-persons.xhtml']!);
    expect(persons).toMatch(/Pryce, Owen: <a href="letter-0002.xhtml">2<\/a>, <a href="letter-0004.xhtml">4<\/a>/);
  });

  /**
   * The JVM that runs epubcheck, for the key of its verdict: the `java` found on PATH (by its resolved path, size and
   * time), and the files of its installation that an update replaces (the JVM library, the class modules, the
   * `release` file that names the version), as tests/cite.test.ts keys the TeX programs. No spawned `java -version`
   * (about 0.15 s of CPU, a JVM started only to print its version); where the installation has another layout, its output.
   */
  const javaInstallation = (): string => {
    const java = (process.env.PATH ?? '').split(':').map((d) => join(d, 'java')).find((f) => existsSync(f));
    const real = java === undefined ? undefined : realpathSync(java);
    const home = real === undefined ? undefined : dirname(dirname(real));
    const files = home === undefined ? [] : [real!, join(home, 'lib', 'server', 'libjvm.so'), join(home, 'lib', 'modules'), join(home, 'release')];
    if (files.length === 0 || !files.every(existsSync)) {
      const version = spawnSync('java', ['-version'], { encoding: 'utf8' });
      return version.stdout + version.stderr;
    }
    const described = (file: string): string => `${file} ${statSync(file).size} ${statSync(file).mtimeMs}`;
    return [...files.map(described), readFileSync(join(home!, 'release'), 'utf8')].join('\n');
  };
  const epubcheck = ['/usr/share/java/epubcheck.jar', '/usr/share/java/epubcheck-4.2.6.jar'].find(existsSync);
  if (!epubcheck) console.warn('epubcheck is not installed (apt-get install epubcheck): the EPUB validation test is skipped');
  it.skipIf(!epubcheck)('passes epubcheck with no errors and no warnings', async () => {
    const file = join(dir, 'edition.epub');
    writeFileSync(file, epubBytes);
    // The JVM's quick compiler only and its serial collector: a short run of
    // epubcheck then takes about half the CPU (6 s instead of 13 s); the check is the same.
    const args = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', epubcheck!];
    // epubcheck's verdict depends on the EPUB's bytes, epubcheck and the JVM only: kept on disk under a key of
    // these (tests/disk-cache.ts, toolkit: false), so an EPUB the same as in an earlier run is not checked again
    // (some 6 s of CPU in Java); any change of the EPUB checks it again.
    const jar = statSync(epubcheck!);
    const key = [createHash('sha256').update(epubBytes).digest('hex'), epubcheck, jar.size, jar.mtimeMs, javaInstallation(), 'java', ...args].join('\0');
    const out = await cachedJson('epubcheck', key, () => execFileSync('java', [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), { toolkit: false });
    expect(out).toContain('No errors or warnings detected.');
  }, 180_000);
});
