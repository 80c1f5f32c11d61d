/**
 * Each letter of the volume in its language, as in its own PDF: the volume tagged every letter as English
 * (the volume's language), where the letter's PDF had its own (a Spanish letter "es"). And a text or block in
 * another language written the same way (a Polish translation after the Spanish letter) is set in its
 * language, in the letter's PDF and in the volume: it was tagged as the letter's (only a language written the
 * other way, Arabic or Hebrew, was set in its own).
 *
 * The PDFs' language tags (/Lang) read with mutool (decompressed); skipped with a warning where it is not
 * installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { assembleVolume, loadVolumeRenderer, orderParts } from '../src/render/book.js';
import { compilePrintSource, loadPrintSourceWriter } from '../src/render/print.js';
import { readingTreeOf } from '../src/xslt/tree.js';

const HAVE_MUTOOL = spawnSync('mutool', ['-v']).status !== null;
if (!HAVE_MUTOOL) console.warn('[book-languages] SKIPPED: mutool is not installed; the language tags are not read.');

const SPANISH = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="cortes"><teiHeader><fileDesc><titleStmt><title>Cortés to Dantiscus</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Invented.</p></sourceDesc></fileDesc>
<profileDesc><langUsage><language ident="es">Spanish</language><language ident="pl">Polish</language></langUsage>
<correspDesc><correspAction type="sent"><persName>Hernán Cortés</persName><date when="1531-08-01"/></correspAction>
<correspAction type="received"><persName>Ioannes Dantiscus</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text type="source" xml:lang="es"><body><p>Dos cartas de vuestra señoría, una duplicada de otra, he recibido.</p>
<p xml:lang="la">Vale et me ama.</p></body></text>
<text type="translation" xml:lang="pl"><body><p>Otrzymałem od Waszej Wielmożności dwa listy.</p></body></text></TEI>`;

const ENGLISH = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="english" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>An English letter</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Invented.</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Ann Writer</persName><date when="1532-01-01"/></correspAction>
<correspAction type="received"><persName>Ben Reader</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>A short letter in English.</p></body></text></TEI>`;

let dir: string;
/** The language tags of a PDF, with the number of each. */
const tags = (pdf: string): Map<string, number> => {
  const out = join(dir, 'decompressed.pdf');
  execFileSync('mutool', ['clean', '-d', pdf, out], { stdio: 'ignore' });
  const counts = new Map<string, number>();
  for (const m of readFileSync(out, 'latin1').matchAll(/\/Lang \(([A-Za-z-]*)\)/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
};
let letterTags: Map<string, number>;
let volumeTags: Map<string, number>;

beforeAll(async () => {
  if (!HAVE_MUTOOL) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-book-languages-'));
  const renderer = await loadVolumeRenderer();
  const print = await loadPrintSourceWriter();
  const parts = [];
  for (const [k, text] of [SPANISH, ENGLISH].entries()) {
    const file = join(dir, `letter-${k}.xml`);
    const tree = readingTreeOf(loadText(file, text).source!);
    const model = await readDocumentModel(file, tree);
    parts.push(renderer.letter(tree, model));
    if (k === 0) {
      writeFileSync(join(dir, 'letter.pdf'), compilePrintSource(print(tree, model, {})).pdf);
      letterTags = tags(join(dir, 'letter.pdf'));
    }
  }
  // The volume's own language English (the settings'), as the tester's edition.
  writeFileSync(join(dir, 'edition.pdf'), assembleVolume(orderParts(parts), { settings: { title: 'Languages', language: 'en' } }).pdf);
  volumeTags = tags(join(dir, 'edition.pdf'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_MUTOOL)('the languages of the print edition', () => {
  it('tag a text and a block in another language written the same way in the letter’s PDF', () => {
    expect(letterTags.get('es')).toBeGreaterThan(0);
    expect(letterTags.get('pl')).toBeGreaterThan(0);
    expect(letterTags.get('la')).toBeGreaterThan(0);
  });

  it('tag each letter of the volume in its language, and the parts of it in theirs', () => {
    expect(volumeTags.get('es')).toBeGreaterThan(0);
    expect(volumeTags.get('pl')).toBeGreaterThan(0);
    expect(volumeTags.get('la')).toBeGreaterThan(0);
    // The English letter and the volume's own sections.
    expect(volumeTags.get('en')).toBeGreaterThan(0);
  });
});
