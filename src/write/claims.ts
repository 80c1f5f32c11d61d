import type { Diagnostic } from '../diagnostic.js';

/** Two outputs that would land on the same file (or on names only a case-insensitive disk confuses). */
export interface Collision {
  path: string;
  /** The path claimed first (differs from `path` only in case or Unicode normal form). */
  firstPath: string;
  first: Origin;
  second: Origin;
}

/** Who asked for an output file: the document's source file, or what made it ("the CMIF export"). */
export interface Origin {
  /** The TEI file the output comes from, if one does. */
  file?: string;
  /** What the output is, for people: "the CMIF export", "the plain text of document \"x\"". */
  what: string;
}

/** The key under which macOS and Windows disks (and a deployment there) see two names as one. */
function foldKey(path: string): string {
  // Most paths are ASCII, which NFC leaves as it is (a build claims every one of its tens of thousands of files).
  return (ASCII.test(path) ? path : path.normalize('NFC')).toLowerCase();
}
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Every output path claimed in one build, with its origin, so that no
 * output silently replaces another: a document id `cmif` against
 * data/cmif.xml, a siglum `citations` against the citations index, ids
 * `x` and `x.annotated`, `Letter` and `letter`.
 */
export class OutputClaims {
  private readonly byPath = new Map<string, { path: string; origin: Origin }>();
  readonly collisions: Collision[] = [];

  /** Records a claim; false (and a collision) when the path, or its case-folded form, is taken. */
  claim(path: string, origin: Origin): boolean {
    const key = foldKey(path);
    const held = this.byPath.get(key);
    if (held) {
      this.collisions.push({ path, firstPath: held.path, first: held.origin, second: origin });
      return false;
    }
    this.byPath.set(key, { path, origin });
    return true;
  }

  findings(): Diagnostic[] {
    // Two clashing ids clash in many outputs; one finding per pair of sources says it.
    const pairs = new Map<string, Collision[]>();
    for (const c of this.collisions) {
      const key = `${c.path === c.firstPath}\0${c.first.file ?? c.first.what}\0${c.second.file ?? c.second.what}`;
      pairs.set(key, [...(pairs.get(key) ?? []), c]);
    }
    return [...pairs.values()].map((group) => {
      const c = group[0] as Collision;
      const same = c.path === c.firstPath;
      const more = group.length > 1 ? ` (and ${group.length - 1} more output${group.length > 2 ? 's' : ''} of the two)` : '';
      const where = (same ? `the same output file ${c.path}` : `${c.firstPath} and ${c.path}, which differ only in case (one file on macOS and Windows disks)`) + more;
      const file = c.second.file ?? c.first.file ?? c.path;
      const firstFrom = c.first.file && c.first.file !== file ? ` (${c.first.file})` : '';
      return {
        file,
        line: 0,
        column: 0,
        severity: 'error',
        source: 'xref',
        rule: 'output-name-collision',
        message: `${c.first.what}${firstFrom} and ${c.second.what} would be written to ${where}`,
        hint: 'Give the document (or witness) another id: document ids and sigla must differ from each other, also in case, and from the names the build uses itself (cmif, edition, citations, annotated).',
      } satisfies Diagnostic;
    });
  }
}
