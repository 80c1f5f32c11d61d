import { normalize } from 'node:path';
import { loadText, TEI_NS, type Source } from '../load/source.js';
import { escapeAttributeValue, expandReferences, type ElementSpan } from '../load/scan.js';
import { POINTER_ATTRIBUTES } from '../validate/xref.js';
import { elementEnd, entriesOf, pointerTarget, prefixDefsOf, type EntryDefinition } from './entries.js';

/**
 * What a letter looks like to the renderers once its pointers into the
 * shared register are resolved: every pointer to an entry of another
 * document (`registers.xml#whitcombe`, `psn:whitcombe`) becomes `#whitcombe`,
 * and the entries it points to are copied into the letter's standOff. Every
 * stage after validation (model, HTML, occurrences, text, print, citations,
 * CMIF) then sees one self-contained document and needs no knowledge of
 * shared registers; the published TEI source stays the letter as written.
 * Ids are safe to shorten because an id names one entry in the whole
 * edition (checked before: register-id-clash). `wanted`: the documents
 * whose views are made (all by default); every source is read for entries.
 */
export function resolveSharedRegisters(sources: Source[], wanted: readonly Source[] = sources): Map<Source, Source> {
  const index = new Map<string, Map<string, EntryDefinition>>();
  for (const s of sources) index.set(normalize(s.file), entriesById(s));
  const out = new Map<Source, Source>();
  // Only the views asked for: a build asks for one letter's, and resolving the register files too (whose pointers
  // may also go into each other) cost each letter time in proportion to the registers' size.
  for (const s of wanted) {
    const text = resolvedText(s, index);
    if (text === undefined) continue;
    const view = loadText(s.file, text).source;
    if (view) out.set(s, view);
  }
  return out;
}

/**
 * A document's entries by id, kept while the document is: a build's thread
 * resolves each letter against the same loaded register file (twice a
 * letter: for its model and for its outputs), and reading the file's
 * entries again was a third of each resolution. A Source never changes.
 */
function entriesById(s: Source): Map<string, EntryDefinition> {
  let own = entryIndexes.get(s);
  if (!own) {
    own = new Map();
    for (const e of entriesOf(s)) own.set(e.id, e);
    entryIndexes.set(s, own);
  }
  return own;
}

const entryIndexes = new WeakMap<Source, Map<string, EntryDefinition>>();

const LIST_OF: Record<string, string> = { person: 'listPerson', personGrp: 'listPerson', place: 'listPlace', org: 'listOrg', bibl: 'listBibl' };

function resolvedText(s: Source, index: Map<string, Map<string, EntryDefinition>>): string | undefined {
  const self = normalize(s.file);
  const defs = prefixDefsOf(s);
  const localIds = new Set(s.elements.flatMap((e) => e.attributes.filter((a) => a.name === 'xml:id').map((a) => expandReferences(a.raw))));
  const edits: { start: number; end: number; text: string }[] = [];
  const needed = new Map<string, EntryDefinition>();
  for (const el of s.elements) {
    for (const a of el.attributes) {
      if (!POINTER_ATTRIBUTES.has(a.name)) continue;
      let changed = false;
      // The value as XML reads it (`registers.xml&#x23;ada` is registers.xml#ada), written back escaped when it changes.
      const value = expandReferences(a.raw);
      const tokens = value.split(/(\s+)/).map((token) => {
        if (token === '' || /^\s/.test(token) || token.startsWith('#')) return token;
        const target = pointerTarget(token, s, defs);
        if (!target?.id) return token;
        if (target.file === self) {
          changed = true;
          return `#${target.id}`;
        }
        const entry = index.get(target.file)?.get(target.id);
        if (!entry) return token;
        if (!localIds.has(entry.id)) needed.set(entry.id, entry);
        changed = true;
        return `#${entry.id}`;
      });
      if (changed) edits.push({ start: a.valueOffset, end: a.valueOffset + a.raw.length, text: value === a.raw ? tokens.join('') : escapeAttributeValue(tokens.join('')) });
    }
  }
  if (edits.length === 0) return undefined;
  // An entry nested in another one that is copied comes with it.
  const entries = [...needed.values()].filter((e) => ![...needed.values()].some((o) => o !== e && o.source === e.source && o.start < e.start && e.end <= o.end));
  if (entries.length) edits.push(insertion(s, entries));
  // The edits are spliced in one pass, in the order of their offsets (ties, insertions at one place, keep the
  // order they were found in, last first, as before), and joined once: slicing the text edited so far (a
  // rope, flattened by each slice) copied the whole letter at each edit, quadratic in its pointers.
  const ordered = edits.sort((x, y) => y.start - x.start).reverse();
  const parts: string[] = [];
  let at = 0;
  for (const e of ordered) {
    parts.push(s.text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(s.text.slice(at));
  return parts.join('');
}

/** The copied entries, as lists in the letter's standOff (a new standOff before <text> if it has none). */
function insertion(s: Source, entries: EntryDefinition[]): { start: number; end: number; text: string } {
  const lists = new Map<string, string[]>();
  for (const e of entries) {
    const list = LIST_OF[e.kind] as string;
    // Appended in place: a copy of the list at each entry was quadratic in the entries a letter points to.
    let items = lists.get(list);
    if (!items) lists.set(list, (items = []));
    items.push(e.source.text.slice(e.start, e.end));
  }
  // The copies keep their own namespace declarations' meaning: TEI as the default and as tei:.
  const xml = [...lists].map(([list, items]) => `<${list} xmlns="${TEI_NS}" xmlns:tei="${TEI_NS}" type="shared">${items.join('')}</${list}>`).join('');
  const isChild = (e: ElementSpan, name: string): boolean => e.depth === 1 && e.namespace === TEI_NS && (e.name === name || e.name.endsWith(`:${name}`));
  const standOff = s.elements.findIndex((e) => isChild(e, 'standOff'));
  if (standOff !== -1) {
    const end = elementEnd(s, standOff);
    const at = s.text.lastIndexOf('</', end);
    return { start: at, end: at, text: xml };
  }
  const textElement = s.elements.find((e) => isChild(e, 'text'));
  const at = textElement ? textElement.offset : s.text.lastIndexOf('</');
  return { start: at, end: at, text: `<standOff xmlns="${TEI_NS}">${xml}</standOff>` };
}
