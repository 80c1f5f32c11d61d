/**
 * A part of a large corpus document that exercises everything the whole
 * does, for the everyday run of the corpus tests: the 2.4 MB dictionary
 * (1,817 entries) costs ~28 s of CPU to render three ways and minutes to
 * typeset, yet after its first few dozen entries it repeats the same
 * elements with other words (as the 1,164 paragraphs of the minutes of a meeting do). With TEI_EDITION_EXHAUSTIVE=1 (set by .ci/run)
 * the tests take every document whole.
 *
 * The part keeps everything outside the document's repeated units (the
 * header, front, back and the divisions around the entries) and, of the
 * units (the children of the innermost container that holds most of
 * them: the dictionary's <entry>s), the first FIRST_UNITS and then, the
 * smaller first, units until the part holds every shape the units of the
 * whole hold (a parent > child pair of elements with its attribute names
 * and values, or a character other than a letter or a digit in the text
 * under a given element), and every unit that a kept
 * unit's `#id` pointer targets, so no pointer dangles that does not
 * dangle in the whole. `shapes` gives the same inventory of a text, for
 * the tests to assert that the part has every shape of the whole.
 *
 * Cut at element boundaries of the source text: the kept units keep
 * their bytes, so every line of the part is a line of the whole.
 */
import { statSync } from 'node:fs';

/**
 * Over this size a document is tested on its part unless TEI_EDITION_EXHAUSTIVE=1: the dictionary (2.4 MB) and
 * the minutes of a meeting (380 KB, 1,164 paragraphs: about 10 s of CPU rendered and typeset, its part 10 KB).
 */
export const LARGE_BYTES = 300_000;
export const exhaustive = process.env.TEI_EDITION_EXHAUSTIVE === '1';
export const isLarge = (file: string): boolean => statSync(file).size > LARGE_BYTES;

/** Units always kept, whatever they add: the start of the document as an editor sees it. */
const FIRST_UNITS = 10;
/** Attribute values that name one thing (ids, pointers, links): their names count, their values do not. */
const UNIQUE_VALUES = new Set(['xml:id', 'target', 'url', 'corresp', 'ref', 'facs', 'n', 'source']);

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Tag {
  name: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** The element's attributes as a shape ("@type=lemma @xml:id"). */
  attrs: string;
}

function attributeShape(source: string): string {
  const out: string[] = [];
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1] as string;
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out.push(UNIQUE_VALUES.has(name) ? `@${name}` : `@${name}=${m[2] ?? m[3]}`);
  }
  return out.sort().join(' ');
}

/** Each element and text node of `xml`, with the open elements around it (a well-formed document: the tests load it first). */
function walk(xml: string, visit: (kind: 'element' | 'end' | 'text', stack: Tag[], token: { start: number; end: number; text?: string; tag?: Tag }) => void): void {
  const stack: Tag[] = [];
  for (const m of xml.matchAll(TOKEN)) {
    const start = m.index as number;
    const end = start + m[0].length;
    if (m[5] !== undefined) visit('text', stack, { start, end, text: m[5] });
    else if (m[2] === undefined) continue; // comment, PI, CDATA: none in the corpora's large documents
    else if (m[1]) {
      const tag = stack.pop() as Tag;
      visit('end', stack, { start, end, tag });
    } else {
      const tag = { name: m[2], start, attrs: attributeShape(m[3] ?? '') };
      visit('element', stack, { start, end, tag });
      if (!m[4]) stack.push(tag);
      else visit('end', stack, { start, end, tag });
    }
  }
}

const elementShape = (parent: Tag | undefined, tag: Tag): string => `${parent?.name ?? '/'} > ${tag.name}${tag.attrs ? ` ${tag.attrs}` : ''}`;
const OTHER_CHARACTERS = /[^\p{L}\p{N}]/gu;

/** Every shape of `xml` (element in its parent with its attributes; character other than letters and digits under its element). */
export function shapes(xml: string): Set<string> {
  const out = new Set<string>();
  walk(xml, (kind, stack, t) => {
    if (kind === 'element') out.add(elementShape(stack.at(-1), t.tag as Tag));
    else if (kind === 'text') for (const c of (t.text as string).match(OTHER_CHARACTERS) ?? []) out.add(`${stack.at(-1)?.name ?? '/'} ∋ ${JSON.stringify(c)}`);
  });
  return out;
}

interface Unit {
  start: number;
  end: number;
  shapes: Set<string>;
  ids: string[];
  pointers: string[];
}

/**
 * The part of `xml` described above. The units are the children of the
 * element that has the most element children (the dictionary's
 * div type="A", parent of every entry).
 */
export function partOf(xml: string): string {
  // The container: the element with the most element children.
  const counts = new Map<number, number>();
  walk(xml, (kind, stack) => {
    if (kind === 'element' && stack.length > 0) {
      const parent = (stack.at(-1) as Tag).start;
      counts.set(parent, (counts.get(parent) ?? 0) + 1);
    }
  });
  const container = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];

  const units: Unit[] = [];
  let unit: Unit | undefined;
  let depth = -1;
  walk(xml, (kind, stack, t) => {
    if (kind === 'element' && !unit && stack.at(-1)?.start === container) {
      unit = { start: t.start, end: -1, shapes: new Set(), ids: [], pointers: [] };
      depth = stack.length;
    }
    if (!unit) return;
    if (kind === 'element') {
      const tag = t.tag as Tag;
      unit.shapes.add(elementShape(stack.at(-1), tag));
      const source = xml.slice(t.start, t.end);
      for (const m of source.matchAll(ATTRIBUTE)) {
        if (m[1] === 'xml:id') unit.ids.push(m[2] ?? (m[3] as string));
        else for (const token of (m[2] ?? (m[3] as string)).split(/\s+/)) if (token.startsWith('#')) unit.pointers.push(token.slice(1));
      }
    } else if (kind === 'text') {
      for (const c of (t.text as string).match(OTHER_CHARACTERS) ?? []) unit.shapes.add(`${stack.at(-1)?.name ?? '/'} ∋ ${JSON.stringify(c)}`);
    }
    if (kind === 'end' && stack.length === depth) {
      unit.end = t.end;
      units.push(unit);
      unit = undefined;
    }
  });

  // The first units, then, until every shape of the units is held, the unit that adds the most shapes not yet held
  // per byte it adds (the greedy cover: small units preferred, the part stays small), with the units it points into.
  const unitOfId = new Map<string, number>();
  units.forEach((u, i) => u.ids.forEach((id) => unitOfId.set(id, i)));
  const keep = new Set<number>();
  const seen = new Set<string>();
  /** `i` and the units it points into, and those they point into, not yet kept. */
  const closure = (i: number): number[] => {
    const out = new Set<number>([i]);
    const pending = [i];
    while (pending.length > 0) {
      for (const id of units[pending.pop() as number]!.pointers) {
        const target = unitOfId.get(id);
        if (target !== undefined && !keep.has(target) && !out.has(target)) {
          out.add(target);
          pending.push(target);
        }
      }
    }
    return [...out];
  };
  const take = (i: number): void => {
    for (const j of closure(i)) {
      keep.add(j);
      for (const s of units[j]!.shapes) seen.add(s);
    }
  };
  for (let i = 0; i < Math.min(FIRST_UNITS, units.length); i++) take(i);
  const listed = units.map((u) => [...u.shapes]);
  for (;;) {
    let best = -1;
    let bestScore = 0;
    listed.forEach((list, i) => {
      if (keep.has(i) || list.every((s) => seen.has(s))) return;
      const added = new Set<string>();
      let bytes = 0;
      for (const j of closure(i)) {
        bytes += units[j]!.end - units[j]!.start;
        for (const s of units[j]!.shapes) if (!seen.has(s)) added.add(s);
      }
      const score = added.size / bytes;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best < 0) break;
    take(best);
  }

  // Dropped units go with the white space before them, so that the layout between kept units stays as it is.
  let out = '';
  let at = 0;
  units.forEach((u, i) => {
    if (keep.has(i)) return;
    const before = xml.slice(at, u.start);
    out += before.replace(/\s*$/, '');
    at = u.end;
  });
  return out + xml.slice(at);
}
