import { dirname, join, normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';

/**
 * Attributes whose values are (lists of) TEI pointers (teidata.pointer).
 * `facs` and `url` name images and web resources, not document parts, and
 * are left to the schema.
 */
export const POINTER_ATTRIBUTES = new Set([
  'ref', 'corresp', 'target', 'wit', 'source', 'resp', 'ana', 'sameAs', 'copyOf', 'next', 'prev', 'who',
  'hand', 'rendition', 'decls', 'spanTo', 'change', 'active', 'passive', 'mutual', 'exclude', 'synch', 'scribeRef',
]);

/** A value with a scheme (`https:`), or a prefix (`wd:Q28`) declared by listPrefixDef, is not ours to resolve. */
const EXTERNAL = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Checks, across every document of the edition, that each pointer resolves:
 * `#id` to an `xml:id` of the same document, `other.xml#id` to an `xml:id`
 * of another document given in the same run (registers shared by letters),
 * `other.xml` to a document given in the same run; and that no `xml:id` is
 * used twice in one document. Positions are exact to the pointer token.
 */
export function checkCrossReferences(sources: Source[]): Diagnostic[] {
  const ids = new Map<string, Set<string>>();
  const out: Diagnostic[] = [];
  for (const s of sources) {
    const seen = new Map<string, number>();
    for (const el of s.elements) {
      const a = el.attributes.find((x) => x.name === 'xml:id');
      if (!a) continue;
      const first = seen.get(a.raw);
      if (first !== undefined) {
        const prev = s.lines.position(first);
        out.push({
          file: s.file,
          ...s.lines.position(a.valueOffset),
          severity: 'error',
          source: 'xref',
          rule: 'xml-id-unique',
          message: `xml:id "${a.raw}" is already used at line ${prev.line}`,
          hint: 'Give each element a different xml:id; pointers to the old id must be updated too.',
        });
      } else seen.set(a.raw, a.valueOffset);
    }
    ids.set(normalize(s.file), new Set(seen.keys()));
  }
  for (const s of sources) {
    const here = ids.get(normalize(s.file)) as Set<string>;
    for (const el of s.elements) {
      for (const a of el.attributes) {
        if (!POINTER_ATTRIBUTES.has(a.name)) continue;
        for (const m of a.raw.matchAll(/\S+/g)) {
          const token = m[0];
          if (EXTERNAL.test(token)) continue;
          const problem = resolve(token, s, here, ids);
          if (!problem) continue;
          out.push({
            file: s.file,
            ...s.lines.position(a.valueOffset + (m.index ?? 0)),
            severity: 'error',
            source: 'xref',
            rule: 'pointer-resolves',
            message: `@${a.name} "${token}" on <${el.name}> ${problem}`,
            hint: token.startsWith('#')
              ? `Declare xml:id="${token.slice(1)}" on the element meant (registers: listPerson, listPlace, listOrg; witnesses: listWit), or correct the pointer.`
              : 'Pointers to another document name a file validated in the same run, e.g. register.xml#eisenhower.',
          });
        }
      }
    }
  }
  return out;
}

function resolve(token: string, s: Source, here: Set<string>, ids: Map<string, Set<string>>): string | undefined {
  const hash = token.indexOf('#');
  const path = hash === -1 ? token : token.slice(0, hash);
  const id = hash === -1 ? undefined : safeDecode(token.slice(hash + 1));
  if (path === '') return id !== undefined && here.has(id) ? undefined : 'points to no xml:id in this document';
  const target = ids.get(normalize(join(dirname(s.file), path)));
  if (!target) return `points into ${path}, which is not a document of this run`;
  if (id !== undefined && !target.has(id)) return `points to no xml:id in ${path}`;
  return undefined;
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
