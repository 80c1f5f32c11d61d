import type { Source } from '../load/source.js';

/**
 * Whether a TEI document is the edition's shared register file
 * (`<TEI type="registers">`: a header and a standOff, no text) rather than
 * a letter. It is validated and pointed into like any document, but it has
 * no page, no citation and no place in the list of letters.
 */
export function isRegisterFile(source: Source): boolean {
  const root = source.elements[0];
  return Boolean(source.isTei && root?.attributes.some((a) => a.name === 'type' && a.raw.trim() === 'registers'));
}
