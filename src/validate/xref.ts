import { dirname, join, normalize, relative, sep } from 'node:path';
import { isRegisterFile } from '../registers/kind.js';
import { closest } from '../closest.js';
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
 * What the cross-reference check needs of one document: its ids, its
 * duplicate-id findings and its pointers with their exact positions. Small
 * and plain (no tree, no text), so that a build can index documents in
 * worker threads, cache the index on disk and resolve pointers across the
 * whole edition without holding every document in memory.
 */
export interface CrossReferenceIndex {
  file: string;
  ids: string[];
  /** Findings within the document (an xml:id used twice). */
  findings: Diagnostic[];
  pointers: { token: string; attribute: string; element: string; line: number; column: number }[];
}

export function crossReferenceIndex(s: Source): CrossReferenceIndex {
  const seen = new Map<string, number>();
  const findings: Diagnostic[] = [];
  for (const el of s.elements) {
    const a = el.attributes.find((x) => x.name === 'xml:id');
    if (!a) continue;
    const first = seen.get(a.raw);
    if (first !== undefined) {
      const prev = s.lines.position(first);
      findings.push({
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
  const pointers: CrossReferenceIndex['pointers'] = [];
  for (const el of s.elements) {
    for (const a of el.attributes) {
      if (!POINTER_ATTRIBUTES.has(a.name)) continue;
      for (const m of a.raw.matchAll(/\S+/g)) {
        if (EXTERNAL.test(m[0])) continue;
        pointers.push({ token: m[0], attribute: a.name, element: el.name, ...s.lines.position(a.valueOffset + (m.index ?? 0)) });
      }
    }
  }
  return { file: s.file, ids: [...seen.keys()], findings, pointers };
}

/**
 * Checks, across every document of the edition, that each pointer resolves:
 * `#id` to an `xml:id` of the same document, `other.xml#id` to an `xml:id`
 * of another document given in the same run (registers shared by letters),
 * `other.xml` to a document given in the same run; and that no `xml:id` is
 * used twice in one document. Positions are exact to the pointer token.
 */
export function checkCrossReferences(sources: Source[]): Diagnostic[] {
  return resolveCrossReferences(sources.map(crossReferenceIndex), sources.filter(isRegisterFile).map((s) => s.file));
}

/**
 * The check over indexes made by `crossReferenceIndex`. `registers`: the
 * shared register files among them, where a `#id` this document lacks may
 * be meant ("Did you mean registers.xml#whitcombe?").
 */
export function resolveCrossReferences(indexes: CrossReferenceIndex[], registers: readonly string[] = []): Diagnostic[] {
  const ids = new Map<string, Set<string>>();
  const out: Diagnostic[] = [];
  for (const x of indexes) {
    out.push(...x.findings);
    ids.set(normalize(x.file), new Set(x.ids));
  }
  for (const x of indexes) {
    const here = ids.get(normalize(x.file)) as Set<string>;
    for (const p of x.pointers) {
      const problem = resolve(p.token, x.file, here, ids);
      if (!problem) continue;
      // An entry of the shared register pointed to as if it were the letter's own: the register's pointer.
      const shared = problem.path === '' && problem.id !== undefined ? registers.find((f) => ids.get(normalize(f))?.has(problem.id as string)) : undefined;
      const meant = problem.known && problem.id !== undefined ? closest(problem.id, [...problem.known]) : undefined;
      const suggestion = shared !== undefined ? `Did you mean ${relativePath(x.file, shared)}#${problem.id}? ` : meant === undefined ? '' : `Did you mean ${problem.path}#${meant}? `;
      out.push({
        file: x.file,
        line: p.line,
        column: p.column,
        severity: 'error',
        source: 'xref',
        rule: 'pointer-resolves',
        message: `@${p.attribute} "${p.token}" on <${p.element}> ${problem.message}`,
        hint:
          shared !== undefined
            ? `${suggestion}The entry "${problem.id}" is in the shared register ${relativePath(x.file, shared)}, not in this letter: point there.`
            : p.token.startsWith('#')
              ? `${suggestion}Declare xml:id="${p.token.slice(1)}" on the element meant (registers: listPerson, listPlace, listOrg; witnesses: listWit), or correct the pointer.`
              : problem.known
                ? `${suggestion}Add the entry with xml:id="${problem.id}" to ${problem.path}, or correct the pointer.`
                : 'Pointers to another document name a file validated in the same run, e.g. register.xml#eisenhower.',
      });
    }
  }
  return out;
}

/** `to` as a pointer written in `from` would name it (forward slashes). */
function relativePath(from: string, to: string): string {
  return relative(dirname(from), to).split(sep).join('/');
}

/** The documents a document points into (`registers.xml#id`): what its outputs may depend on. */
export function pointedFiles(x: CrossReferenceIndex): string[] {
  const files = new Set<string>();
  for (const p of x.pointers) {
    const hash = p.token.indexOf('#');
    const path = hash === -1 ? p.token : p.token.slice(0, hash);
    if (path) files.add(normalize(join(dirname(x.file), path)));
  }
  return [...files].sort();
}

/** Why a pointer resolves to nothing (undefined: it resolves), with the ids of the document it names when that is in the run. */
function resolve(token: string, file: string, here: Set<string>, ids: Map<string, Set<string>>): { message: string; path: string; id?: string; known?: Set<string> } | undefined {
  const hash = token.indexOf('#');
  const path = hash === -1 ? token : token.slice(0, hash);
  const id = hash === -1 ? undefined : safeDecode(token.slice(hash + 1));
  if (path === '') return id !== undefined && here.has(id) ? undefined : { message: 'points to no xml:id in this document', path, ...(id !== undefined ? { id } : {}), known: here };
  const target = ids.get(normalize(join(dirname(file), path)));
  if (!target) return { message: `points into ${path}, which is not a document of this run`, path };
  if (id !== undefined && !target.has(id)) return { message: `points to no xml:id in ${path}`, path, id, known: target };
  return undefined;
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
