/**
 * A corpus document rendered as the build renders it (the reading tree of
 * the loaded document): its model, the web edition's parts, the text
 * edition and the Typst source, for tests/any-tei.test.ts and
 * tests/any-tei-pdf.test.ts. Kept in the tests' disk cache
 * (tests/disk-cache.ts) under one key, so that each document is rendered
 * once per run whichever file asks first (the PDF test compiles the same
 * Typst source the print renderer would make: src/render/print.ts is
 * typstSource, then compileTypst).
 */
import { readDocumentModel } from '../../src/model/read.js';
import type { DocumentModel } from '../../src/model/types.js';
import { loadHtmlRenderer, type RenderedDocument } from '../../src/render/html.js';
import { loadTextRenderer, type TextEdition } from '../../src/render/text.js';
import { loadTypstWriter } from '../../src/render/print.js';
import { loadText } from '../../src/load/source.js';
import { readingTreeOf } from '../../src/xslt/tree.js';
import { cachedJson } from '../disk-cache.js';

export interface RenderedCorpusDocument {
  model: DocumentModel;
  html: RenderedDocument;
  text: TextEdition;
  typst: string;
}

let renderers: Promise<[Awaited<ReturnType<typeof loadHtmlRenderer>>, Awaited<ReturnType<typeof loadTextRenderer>>, Awaited<ReturnType<typeof loadTypstWriter>>]> | undefined;

export function renderCorpusDocument(file: string, xml: string): Promise<RenderedCorpusDocument> {
  // The dictionary alone costs ~30 s of CPU.
  return cachedJson('any-tei', `${file}\0${xml}`, async () => {
    renderers ??= Promise.all([loadHtmlRenderer(), loadTextRenderer(), loadTypstWriter()]);
    const [html, text, typst] = await renderers;
    // The tree the build renders: the reading text of the loaded document (src/load/source.ts).
    const tree = readingTreeOf(loadText(file, xml).source!);
    const model = await readDocumentModel(file, tree);
    return { model, html: html(tree, { documentId: model.id, withBody: false }), text: text(tree, model), typst: typst(tree, model) };
  });
}
