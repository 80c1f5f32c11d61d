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
  // Most paths are ASCII, which NFC leaves as it is (a build claims every one of its tens of thousands of
  // files), and lower case, kept as the same string (no second copy of the path).
  if (!ASCII.test(path)) return path.normalize('NFC').toLowerCase();
  return UPPER.test(path) ? path.toLowerCase() : path;
}
const ASCII = /^[\x00-\x7f]*$/;
const UPPER = /[A-Z]/;

/**
 * The origins of the claims, compactly: a build claims some 32 files a
 * letter, each with an origin such as `{ file: "tei/x.xml", what: "the PDF
 * of document \"x\"" }`, and kept as objects they cost some 250 bytes a file
 * (the file's name arrives as a new string with every file from a worker).
 * Each origin is kept as three numbers naming strings kept once: the file,
 * and its `what` cut before its first quotation mark ("the PDF of document ",
 * which recurs from letter to letter, and "\"x\"", which recurs within a
 * letter). The origin given back is equal, field for field.
 */
class Origins {
  private readonly strings: string[] = [''];
  private readonly numbers = new Map<string, number>();
  private parts = new Uint32Array(3 * 64);
  private count = 0;

  push(origin: Origin): void {
    if (3 * this.count === this.parts.length) {
      const parts = new Uint32Array(this.parts.length * 2);
      parts.set(this.parts);
      this.parts = parts;
    }
    const quote = origin.what.indexOf('"');
    const head = quote < 0 ? origin.what : origin.what.slice(0, quote);
    const tail = quote < 0 ? '' : origin.what.slice(quote);
    // 0 stands for "no file" (the empty string is never a file name).
    this.parts.set([origin.file === undefined ? 0 : this.number(origin.file) + 1, this.number(head), this.number(tail)], 3 * this.count++);
  }

  get(i: number): Origin {
    const [file, head, tail] = this.parts.subarray(3 * i, 3 * i + 3) as unknown as [number, number, number];
    const what = (this.strings[head] as string) + (this.strings[tail] as string);
    return file === 0 ? { what } : { file: this.strings[file - 1] as string, what };
  }

  private number(s: string): number {
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = this.strings.length;
      this.strings.push(s);
      this.numbers.set(s, n);
    }
    return n;
  }
}

/**
 * Every output path claimed in one build, with its origin, so that no
 * output silently replaces another: a document id `cmif` against
 * data/cmif.xml, a siglum `citations` against the citations index, ids
 * `x` and `x.annotated`, `Letter` and `letter`.
 */
export class OutputClaims {
  /** Case-folded path → claim number; the path as claimed where it differs from its key. */
  private readonly byKey = new Map<string, number>();
  private readonly unfolded = new Map<number, string>();
  private readonly origins = new Origins();
  readonly collisions: Collision[] = [];

  /** Records a claim; false (and a collision) when the path, or its case-folded form, is taken. */
  claim(path: string, origin: Origin): boolean {
    const key = foldKey(path);
    const held = this.byKey.get(key);
    if (held !== undefined) {
      this.collisions.push({ path, firstPath: this.unfolded.get(held) ?? key, first: this.origins.get(held), second: origin });
      return false;
    }
    const n = this.byKey.size;
    this.byKey.set(key, n);
    if (key !== path) this.unfolded.set(n, path);
    this.origins.push(origin);
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
