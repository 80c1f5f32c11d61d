import type { DocumentModel } from '../model/types.js';
import type { EntityKind } from '../render/html.js';

/**
 * Where a register entry is named in a document's text: one back-link of
 * the register pages.
 */
export interface Occurrence {
  id: string;
  kind: EntityKind;
  /** HTML id of the block to link back to (p4, head, note-n3). */
  anchor: string;
  /** What the block is: 'p', 'head', 'note 3', … */
  where: string;
  text: string;
}

/**
 * What an edition-level page (home page, registers, correspondents, years,
 * search) may know of one document: its typed header and where it names
 * register entries. Small and plain (JSON), never a tree or HTML, so that
 * a build of thousands of letters holds only these in memory, makes them in
 * worker threads and keeps them in its on-disk cache. A page that needs
 * more of each document adds it here (and to src/build/document.ts, which
 * makes it), not to the Edition.
 */
export interface DocumentSummary {
  model: DocumentModel;
  occurrences: Occurrence[];
  /** What the full-text search indexes, the words of the reading text and the notes with their counts (site/search.ts letterTerms). */
  terms: string;
}
