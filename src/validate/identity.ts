import { expandReferences, localName, textOfElement } from '../load/scan.js';
import { TEI_NS, type Source } from '../load/source.js';
import { documentId } from '../model/ids.js';
import type { Diagnostic } from '../diagnostic.js';

/**
 * What names a document in the outputs, read off the scanner's elements (no
 * transform): its id (TEI/@xml:id, else the file's base name, as the model
 * reads it), which names its pages and files, and the idno the model takes
 * as its identifier in JSON-LD and the citation records (publicationStmt's
 * idno typed "edition", else its first idno, either without child elements).
 * `validate` and `build` check them across the edition alike (checkIdentities).
 */
export interface DocumentIdentity {
  id: string;
  /** Where TEI/@xml:id is written; 0, 0 when the id is the file's name. */
  line: number;
  column: number;
  idno?: { value: string; line: number; column: number };
}

const HEADER_PATH = ['TEI', 'teiHeader', 'fileDesc', 'publicationStmt'];

const tei = (el: { name: string; namespace: string } | undefined, local: string): boolean => el !== undefined && el.namespace === TEI_NS && localName(el.name) === local;

/** The document's id (TEI/@xml:id, else the file's base name) and where the xml:id is written (0, 0: the file's name). */
export function documentIdOf(s: Source): Pick<DocumentIdentity, 'id' | 'line' | 'column'> {
  const root = s.elements[0];
  const xmlId = tei(root, 'TEI') ? root?.attributes.find((a) => a.name === 'xml:id') : undefined;
  const at = xmlId ? s.lines.position(xmlId.valueOffset) : { line: 0, column: 0 };
  return { id: documentId(xmlId ? expandReferences(xmlId.raw) : undefined, s.file), ...at };
}

export function documentIdentity(s: Source): DocumentIdentity {
  const identity: DocumentIdentity = documentIdOf(s);
  // publicationStmt's idno children (depth 4 under the path), each with its text when it holds no element.
  const path: string[] = [];
  const idnos: { value: string; typed: boolean; offset: number }[] = [];
  s.elements.forEach((el, i) => {
    path.length = el.depth;
    path.push(el.namespace === TEI_NS ? localName(el.name) : `{${el.namespace}}${el.name}`);
    if (el.depth !== HEADER_PATH.length || path.slice(0, HEADER_PATH.length).join('/') !== HEADER_PATH.join('/') || path[HEADER_PATH.length] !== 'idno') return;
    if ((s.elements[i + 1]?.depth ?? 0) > el.depth) return; // an idno holding other idnos is a structure, not an identifier
    const value = textOfElement(s.text, el);
    if (value !== undefined) idnos.push({ value, typed: el.attributes.some((a) => a.name === 'type' && a.raw === 'edition'), offset: el.offset });
  });
  const chosen = idnos.find((x) => x.typed) ?? idnos[0];
  if (chosen?.value) identity.idno = { value: chosen.value, ...s.lines.position(chosen.offset) };
  return identity;
}

/**
 * Across the documents of a run: two documents with one id would overwrite
 * each other's pages (an error at the second, with a note at the first; ids
 * that differ only in case are one id); two with one idno would be one
 * identifier in JSON-LD and the citation records (a warning: other projects
 * give every document the edition's own idno).
 */
export function checkIdentities(docs: readonly { file: string; identity: DocumentIdentity }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, { file: string; identity: DocumentIdentity }>();
  const idnos = new Map<string, { file: string; line: number; column: number }>();
  const named = (x: { identity: DocumentIdentity }): string => (x.identity.line ? 'TEI/@xml:id' : 'the file name');
  const place = (p: { file: string; line: number; column: number }): string => (p.line ? `${p.file}:${p.line}:${p.column}` : p.file);
  for (const d of docs) {
    // Ids that differ only in case name one file where case is ignored (macOS, Windows): one id.
    const other = ids.get(d.identity.id.toLowerCase());
    if (other) {
      const there = { file: other.file, line: other.identity.line, column: other.identity.column };
      out.push({
        file: d.file,
        line: d.identity.line,
        column: d.identity.column,
        severity: 'error',
        source: 'xref',
        rule: 'document-id-unique',
        message: `document id "${d.identity.id}" (from ${named(d)}) is ${other.identity.id === d.identity.id ? 'also the id' : `"${other.identity.id}" but for case, the id`} of ${place(there)} (from ${named(other)}): their pages and files would have one name${other.identity.id === d.identity.id ? '' : ' where case is ignored (macOS, Windows)'}`,
        hint: 'Give each document its own TEI/@xml:id (without one, the id is the file name; accents are dropped, other characters than ASCII letters, digits, "-", "_" and "." become "-", and a name in another script gets a hash of it).',
        notes: [{ ...there, message: `the other "${other.identity.id}"` }],
      });
    } else ids.set(d.identity.id.toLowerCase(), d);
    const idno = d.identity.idno;
    if (!idno) continue;
    const first = idnos.get(idno.value);
    if (first) {
      out.push({
        file: d.file,
        line: idno.line,
        column: idno.column,
        severity: 'warning',
        source: 'xref',
        rule: 'document-idno-unique',
        message: `idno "${idno.value}" is also the idno of ${place(first)}: JSON-LD and the citation records would give both documents one identifier`,
        hint: 'Give each letter its own <idno type="edition"> in publicationStmt (an identifier of the whole edition belongs in edition.json).',
        notes: [{ ...first, message: `the other idno "${idno.value}"` }],
      });
    } else idnos.set(idno.value, { file: d.file, line: idno.line, column: idno.column });
  }
  return out;
}
