/**
 * Check profiles: how severe a finding is depends on what the documents are.
 *
 * - `edition` (the default): the edition's own documents. Every check is
 *   binding: the strict schema, the rules, every pointer.
 * - `any`: TEI from elsewhere, read to be published. Binding is only what
 *   publishing needs: the bytes and encoding, well-formedness, the TEI
 *   namespace (and xi:includes resolved), unique xml:ids, and the pointers
 *   the outputs follow (@target of links and notes, @ref of names, @wit of
 *   readings). Everything else (the edition's schema and rules, pointers
 *   the outputs do not follow) is reported as info: worth knowing, not a
 *   reason to refuse the document. A followed pointer into a file that is
 *   not in the run is a warning: its words are shown without a link.
 */
import type { Diagnostic } from '../diagnostic.js';

export type Profile = 'edition' | 'any';
export const PROFILES: readonly Profile[] = ['edition', 'any'];

/** Pointer attributes the web, print and text outputs follow. */
const FOLLOWED_POINTERS = new Set(['target', 'ref', 'wit']);
/** Elements whose pointers no output follows: a header's classification (catRef into a taxonomy) is never made a link. */
const UNFOLLOWED_ELEMENTS = new Set(['catRef']);

/**
 * A pointer into a file that is not a document of the run (`../chapter-7#fn81`,
 * a bare `Apk.1.8`, another letter of the project not given): the outputs
 * show the words without a link. Under `any` a warning: TEI from elsewhere
 * points into the rest of its project, which a run rarely holds whole.
 */
function intoAnotherFile(d: Diagnostic): boolean {
  return d.source === 'xref' && d.rule === 'pointer-resolves' && d.message.endsWith(', which is not a document of this run');
}

/** Whether a finding stays as it is under the profile `any`. */
function bindingForAny(d: Diagnostic): boolean {
  switch (d.source) {
    case 'io':
    case 'encoding':
    case 'security':
    case 'xml':
    case 'internal':
      return true;
    case 'xref': {
      // A name pointing to an entry of another kind: the edition's rule (ref-kind), as the Schematron's is.
      if (d.rule === 'ref-kind') return false;
      if (d.rule !== 'pointer-resolves') return true;
      const attribute = /^@([\w:-]+) /.exec(d.message)?.[1];
      const element = / on <([\w:.-]+)>/.exec(d.message)?.[1];
      return attribute !== undefined && FOLLOWED_POINTERS.has(attribute) && !(element !== undefined && UNFOLLOWED_ELEMENTS.has(element));
    }
    default:
      return false;
  }
}

/** The findings as the profile weighs them. */
export function applyProfile(diagnostics: Diagnostic[], profile: Profile | undefined): Diagnostic[] {
  if (profile !== 'any') return diagnostics;
  return diagnostics.map((d) => {
    if (d.severity === 'info') return d;
    if (intoAnotherFile(d)) {
      if (!bindingForAny(d)) return { ...d, severity: 'info' };
      const note = / on <(?:[\w.-]+:)?note>/.test(d.message);
      return { ...d, severity: 'warning', hint: `${d.hint ?? ''} Until then ${note ? 'the note stands where it is written' : 'the outputs show the words without a link'}.`.trim() };
    }
    return bindingForAny(d) ? d : { ...d, severity: 'info', message: `${d.message}${AS_NOTE[d.source] ?? ''}` };
  });
}

/**
 * What a finding made a note says it is: the same words as the edition's errors read, without this, as if the
 * document were not valid TEI (the Escher letters' <table> in <body>, @key on <persName>: all TEI P5 allows).
 */
const AS_NOTE: Partial<Record<Diagnostic['source'], string>> = {
  relaxng: " (in the edition's schema, which is stricter than TEI P5)",
  schematron: " (a rule of the edition's)",
};
