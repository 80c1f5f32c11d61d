/**
 * A paragraph of many notes (issue 10: cost linear in the input). The text
 * stylesheet read its blocks' segments with `?segments?*`, which SaxonJS 2.7
 * evaluates by concatenating each member onto a new copy of what it has so
 * far: quadratic in the size of the array, and one paragraph of 20,000 notes
 * has 40,000 segments (some 25 s of CPU, 2 s at 10,000). Timing is not
 * asserted here (bench/robustness.mjs `notes` has the rows "notes in one
 * p"); what is counted instead is the array elements SaxonJS copies through
 * Array.prototype.concat while it renders: a few hundred whatever the
 * number of notes when the stylesheets are linear, the square of the
 * segments when a lookup like that comes back (180,000 at 300 notes).
 * Each renderer of the print and text editions (text, print, the two in
 * one transform, the volume's letter with the print edition) is counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { loadVolumeRenderer } from '../src/render/book.js';
import { loadTypstAndTextWriter, loadTypstWriter } from '../src/render/print.js';
import { loadTextRenderer } from '../src/render/text.js';
import type { DocumentModel } from '../src/model/types.js';
import type { SaxonDocument } from '../src/xslt/transform.js';
import { readingTreeOf } from '../src/xslt/tree.js';

const letter = readFileSync(join(import.meta.dirname, 'fixtures/edition/tei/lindqvist-whitcombe-1851-05-02.xml'), 'utf8');

/** The letter with one more paragraph holding `n` editorial notes, each after a few words. */
function oneParagraph(n: number): string {
  const p = Array.from({ length: n }, (_, i) => `Text ${i}<note type="editorial" resp="#ed">Note ${i}.</note>`).join('\n');
  return letter.replace('</body>', `<div><p>${p}</p></div></body>`);
}

type Render = (text: string, tree: SaxonDocument, model: DocumentModel) => unknown;
const renderers: Record<string, Render> = {};

beforeAll(async () => {
  const text = await loadTextRenderer();
  const print = await loadTypstWriter();
  const both = await loadTypstAndTextWriter();
  const volume = await loadVolumeRenderer();
  renderers.text = (_, tree, model) => text(tree, model);
  renderers.print = (_, tree, model) => print(tree, model);
  renderers['text and print'] = (_, tree, model) => both(tree, model);
  renderers['volume letter and print'] = (t, tree, model) => volume.letterAndPrint(tree, model, {}, {}, t);
}, 60_000);

/** Elements of arrays copied by Array.prototype.concat during one render of the letter with `n` notes in one paragraph. */
async function copiedByConcat(render: Render, n: number): Promise<number> {
  const text = oneParagraph(n);
  const tree = readingTreeOf(loadText('notes.xml', text).source!);
  const model = await readDocumentModel('notes.xml', tree);
  const concat = Array.prototype.concat;
  let copied = 0;
  Array.prototype.concat = function (this: unknown[], ...items: unknown[]) {
    copied += this.length;
    return concat.apply(this, items);
  } as typeof concat;
  try {
    render(text, tree, model);
  } finally {
    Array.prototype.concat = concat;
  }
  return copied;
}

describe('the print and text stylesheets on one paragraph of many notes', () => {
  for (const name of ['text', 'print', 'text and print', 'volume letter and print']) {
    it(`${name}: copies no more array elements for 300 notes than for none`, async () => {
      const none = await copiedByConcat(renderers[name]!, 0);
      const many = await copiedByConcat(renderers[name]!, 300);
      // Linear would allow a few per note; the quadratic lookup copied some 600 per note (180,000).
      expect(many - none).toBeLessThan(300);
    }, 60_000);
  }

  it('the text edition calls every note, in order, in the one paragraph', async () => {
    const n = 500;
    const text = oneParagraph(n);
    const tree = readingTreeOf(loadText('notes.xml', text).source!);
    const edition = renderers.text!(text, tree, await readDocumentModel('notes.xml', tree)) as { plain: string; annotated: string };
    // The text section with the line numbers' gutter (six columns) taken out of the wrapped lines.
    const body = edition.annotated.slice(0, edition.annotated.indexOf('\nNotes\n')).replace(/\n[ \d]{6}/g, ' ');
    const calls = [...body.matchAll(/Text (\d+)\[(\d+)\]/g)];
    expect(calls).toHaveLength(n);
    // The letter's own notes come first: the calls of the new paragraph are numbered on from them.
    const first = Number(calls[0]![2]);
    expect(calls.map((m) => [Number(m[1]), Number(m[2])])).toEqual(Array.from({ length: n }, (_, i) => [i, first + i]));
    expect(edition.plain).toContain(Array.from({ length: n }, (_, i) => `Text ${i}`).join(' '));
  }, 60_000);
});
