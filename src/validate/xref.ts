import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, normalize, relative, sep } from 'node:path';
import { isRegisterFile } from '../registers/kind.js';
import { closest } from '../closest.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { documentIdOf } from './identity.js';
import { attributeTokens, expandReferences } from '../load/scan.js';

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
    const id = expandReferences(a.raw);
    const first = seen.get(id);
    if (first !== undefined) {
      const prev = s.lines.position(first);
      findings.push({
        file: s.file,
        ...s.lines.position(a.valueOffset),
        severity: 'error',
        source: 'xref',
        rule: 'xml-id-unique',
        message: `xml:id "${id}" is already used at line ${prev.line}`,
        hint: 'Give each element a different xml:id; pointers to the old id must be updated too.',
      });
    } else seen.set(id, a.valueOffset);
  }
  const pointers: CrossReferenceIndex['pointers'] = [];
  for (const el of s.elements) {
    for (const a of el.attributes) {
      if (!POINTER_ATTRIBUTES.has(a.name)) continue;
      for (const { token, offset } of attributeTokens(a)) {
        if (EXTERNAL.test(token)) continue;
        pointers.push({ token, attribute: a.name, element: el.name, ...s.lines.position(offset) });
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
export function checkCrossReferences(sources: Source[], files: readonly string[] = sources.map((s) => s.file)): Diagnostic[] {
  const { aliases, ambiguous } = documentNames(sources.filter((s) => s.isTei).map((s) => ({ file: s.file, id: documentIdOf(s).id })));
  return resolveCrossReferences(sources.map(crossReferenceIndex), { registers: sources.filter(isRegisterFile).map((s) => s.file), files, aliases, ambiguous });
}

/**
 * The names a pointer without a file extension may give a document of the
 * run, as other projects write them: its id (`target="K_0197"` in the Escher
 * letters, whose TEI/@xml:id is K_0197) or its file's name without `.xml`
 * (`target="1975-11-14-hac-meeting-minutes"` at the Office of the
 * Historian), each as a path beside the document → its file. A name that two
 * documents of one folder give, or that is itself a file of the run, names none.
 */
export function documentAliases(docs: readonly { file: string; id?: string }[]): Map<string, string> {
  return documentNames(docs).aliases;
}

/** documentAliases, and the names that two or more documents give (→ their files), which name none of them. */
export function documentNames(docs: readonly { file: string; id?: string }[]): { aliases: Map<string, string>; ambiguous: Map<string, string[]> } {
  const files = new Set(docs.map((d) => normalize(d.file)));
  const named = new Map<string, Set<string>>();
  for (const d of docs) {
    const file = normalize(d.file);
    for (const name of new Set([basename(file).replace(/\.xml$/i, ''), d.id ?? ''])) {
      if (!name || name.includes('/') || name.includes('\\')) continue;
      const alias = normalize(join(dirname(file), name));
      if (files.has(alias)) continue;
      const giving = named.get(alias);
      if (giving) giving.add(file);
      else named.set(alias, new Set([file]));
    }
  }
  const aliases = new Map<string, string>();
  const ambiguous = new Map<string, string[]>();
  for (const [alias, giving] of named) {
    if (giving.size === 1) aliases.set(alias, [...giving][0] as string);
    else ambiguous.set(alias, [...giving].sort());
  }
  return { aliases, ambiguous };
}

export interface ResolveOptions {
  /** The shared register files among the indexes, where a `#id` a document lacks may be meant ("Did you mean registers.xml#whitcombe?"). */
  registers?: readonly string[];
  /**
   * Every file of the run, also those without an index (not well-formed):
   * a pointer into one of them is not reported (the file's own findings say
   * what is wrong with it), and a file meant is suggested from them.
   */
  files?: readonly string[];
  /** Documents of the run by the bare names pointers may give them (documentAliases). */
  aliases?: ReadonlyMap<string, string>;
  /** Bare names that two or more documents give (documentNames): a pointer by one is told so. */
  ambiguous?: ReadonlyMap<string, readonly string[]>;
}

/** The check over indexes made by `crossReferenceIndex`. */
export function resolveCrossReferences(indexes: CrossReferenceIndex[], options: ResolveOptions = {}): Diagnostic[] {
  const registers = options.registers ?? [];
  const ids = new Map<string, Set<string>>();
  const out: Diagnostic[] = [];
  for (const x of indexes) {
    out.push(...x.findings);
    ids.set(normalize(x.file), new Set(x.ids));
  }
  const runFiles = new Set([...(options.files ?? []).map((f) => normalize(f)), ...ids.keys()]);
  // The file meant by a missing one, found once per folder and name (a thousand letters may point to one missing file);
  // the folders' files read once, and not beyond SUGGESTED names (each is measured against every file).
  const candidates = new Map<string, string[]>();
  const suggested = new Map<string, string | undefined>();
  const fileMeant = (from: string, path: string, into: string): string | undefined => {
    const key = `${dirname(from)}\0${path}`;
    if (suggested.has(key)) return suggested.get(key);
    if (suggested.size >= SUGGESTED) return undefined;
    // The files as a pointer from this folder names them, once per folder pointed from and into.
    const both = `${dirname(from)}\0${dirname(into)}`;
    let names = candidates.get(both);
    if (!names) candidates.set(both, (names = [...new Set([...runFiles, ...xmlFilesIn(dirname(into))])].map((f) => relativePath(from, f))));
    const meant = closest(path, names);
    suggested.set(key, meant);
    return meant;
  };
  for (const x of indexes) {
    const here = ids.get(normalize(x.file)) as Set<string>;
    for (const p of x.pointers) {
      const problem = resolve(p.token, x.file, here, ids, options.aliases, options.ambiguous);
      if (!problem) continue;
      const into = problem.known === undefined && problem.path !== '' ? pointedPath(x.file, problem.path) : undefined;
      // A file of the run that could not be read: its own findings say why, not every pointer into it.
      if (into !== undefined && runFiles.has(into)) continue;
      // A file that is there but not in this run (a letter named alone): not checked, and no link is made to it.
      const elsewhere = into !== undefined && existsSync(into);
      // An entry of the shared register pointed to as if it were the letter's own: the register's pointer.
      const shared = problem.path === '' && problem.id !== undefined ? registers.find((f) => ids.get(normalize(f))?.has(problem.id as string)) : undefined;
      const meant = problem.known && problem.id !== undefined ? closest(problem.id, [...problem.known]) : undefined;
      // The file of the run (or of the folder it names) whose name is nearest the one written.
      const file = into !== undefined && !elsewhere ? fileMeant(x.file, problem.path, into) : undefined;
      const suggestion =
        shared !== undefined ? `Did you mean ${relativePath(x.file, shared)}#${problem.id}? ` : meant !== undefined ? `Did you mean ${problem.path}#${meant}? ` : file !== undefined ? `Did you mean ${file}${problem.id !== undefined ? `#${problem.id}` : ''}? ` : '';
      if (elsewhere) {
        out.push({
          file: x.file,
          line: p.line,
          column: p.column,
          severity: 'warning',
          source: 'xref',
          rule: 'pointer-resolves',
          message: `@${p.attribute} "${p.token}" on <${p.element}> points into ${problem.path}, which is not checked in this run`,
          hint: 'Check the documents together (tei-edition validate, with no file named) to check this pointer; built without it, the outputs show the words without a link.',
        });
        continue;
      }
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
                : `${suggestion}A pointer to another document names its file, relative to this one (other-letter.xml, registers.xml#id), and that file is checked in the same run.`,
      });
    }
  }
  return out;
}

/** How many missing files a run suggests a file for (see fileMeant in resolveCrossReferences). */
const SUGGESTED = 50;

/** The .xml files of a folder (none when it cannot be read). */
function xmlFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.xml'))
      .map((f) => normalize(join(dir, f)));
  } catch {
    return [];
  }
}

/** `to` as a pointer written in `from` would name it (forward slashes). */
function relativePath(from: string, to: string): string {
  return relative(dirname(from), to).split(sep).join('/');
}

/**
 * The documents a document points into (`registers.xml#id`): what its outputs may depend on. A bare name
 * (`K_0197`) is the path it writes (`tei/K_0197`); the run's documentAliases say which file that is.
 */
export function pointedFiles(x: CrossReferenceIndex): string[] {
  const files = new Set<string>();
  for (const p of x.pointers) {
    const hash = p.token.indexOf('#');
    const path = hash === -1 ? p.token : p.token.slice(0, hash);
    if (path) files.add(pointedPath(x.file, path));
  }
  return [...files].sort();
}

/**
 * The file a relative pointer's path names, from the document at `from`: a path with percent-escapes
 * (`M%C3%BCller-1851.xml`, as a URI writes Müller-1851.xml) is the file of the decoded name, unless a file of
 * the name as written is there.
 */
export function pointedPath(from: string, path: string): string {
  const written = normalize(join(dirname(from), path));
  if (!path.includes('%')) return written;
  const decoded = normalize(join(dirname(from), safeDecode(path)));
  return decoded !== written && !existsSync(written) ? decoded : written;
}

/** Why a pointer resolves to nothing (undefined: it resolves), with the ids of the document it names when that is in the run. */
function resolve(token: string, file: string, here: Set<string>, ids: Map<string, Set<string>>, aliases?: ReadonlyMap<string, string>, ambiguous?: ReadonlyMap<string, readonly string[]>): { message: string; path: string; id?: string; known?: Set<string> } | undefined {
  const hash = token.indexOf('#');
  const path = hash === -1 ? token : token.slice(0, hash);
  const id = hash === -1 ? undefined : safeDecode(token.slice(hash + 1));
  if (path === '') return id !== undefined && here.has(id) ? undefined : { message: 'points to no xml:id in this document', path, ...(id !== undefined ? { id } : {}), known: here };
  const into = pointedPath(file, path);
  const alias = aliases?.get(into);
  const target = ids.get(into) ?? (alias !== undefined ? ids.get(alias) : undefined);
  const several = target ? undefined : ambiguous?.get(into);
  if (several) return { message: `names ${several.length} documents of this run (${several.map((f) => relativePath(file, f)).join(', ')}), by their ids or file names: which one is not known`, path };
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
