import type { DocumentModel, RegisterEntry } from '../model/types.js';
import type { Occurrence } from '../site/summary.js';
import type { LetterSummary, Party } from '../site/letters.js';

/**
 * One copy of what the letters' models and summaries repeat, for the build's
 * main thread, which keeps one model and one summary per letter until the
 * edition-level pages are made. Each letter's view copies the shared
 * register's entries it points to (src/registers/), so every model arrives
 * here (from a worker or from the cache, as JSON) with its own copies of the
 * same entries: two thirds of a generated letter's model. Equal entries
 * (the same JSON) become one object, and the occurrences' strings (ids,
 * anchors, the names as written, which recur from letter to letter) one
 * string each: the models and summaries stay equal value for
 * value (their JSON, and so every cache key and output, is unchanged), and
 * the memory kept per letter shrinks to what is the letter's own.
 *
 * Values are replaced in place: nothing in the build mutates a model or a
 * register entry once read.
 */
export class SharedValues {
  private readonly entries = new Map<string, RegisterEntry>();
  private readonly strings = new Map<string, string>();
  private readonly parties = new Map<string, Party>();

  /** The model, its register entries (and its correspondents' entries) replaced by the one copy of each. */
  model(m: DocumentModel): DocumentModel {
    for (const kind of ['person', 'place', 'org'] as const) {
      const list = m.registers[kind];
      if (list) for (let i = 0; i < list.length; i++) list[i] = this.entry(list[i] as RegisterEntry);
    }
    for (const side of [m.sender, m.recipient]) {
      for (const a of side?.agents ?? []) if (a.entry) a.entry = this.entry(a.entry);
    }
    return m;
  }

  /** The occurrences, with their repeated strings (entry ids, kinds, anchors, block names, the names as written) kept once. */
  occurrences(list: Occurrence[]): Occurrence[] {
    for (const o of list) {
      o.id = this.string(o.id);
      o.kind = this.string(o.kind) as Occurrence['kind'];
      o.anchor = this.string(o.anchor);
      o.where = this.string(o.where);
      o.text = this.string(o.text);
    }
    return list;
  }

  /** The lists' facts of a letter, its correspondents and place (which recur from letter to letter) kept once. */
  letter(s: LetterSummary): LetterSummary {
    s.from = s.from.map((p) => this.party(p));
    s.to = s.to.map((p) => this.party(p));
    if (s.place) s.place = this.party(s.place);
    s.year = this.string(s.year);
    return s;
  }

  /** One string object for equal strings (an about page part most letters share, an entry id). */
  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  private party(p: Party): Party {
    return oneOf(this.parties, p);
  }

  private entry(e: RegisterEntry): RegisterEntry {
    return oneOf(this.entries, e);
  }
}

/** The value kept for values with the same JSON: the first one seen. */
function oneOf<T>(known: Map<string, T>, value: T): T {
  const key = JSON.stringify(value);
  const first = known.get(key);
  if (first !== undefined) return first;
  known.set(key, value);
  return value;
}
