/**
 * Headline-style capitalisation for titles in Chicago and MLA citations
 * (CMOS 17 8.159; the MLA Handbook's rule is the same): the edition's
 * subtitle is encoded in sentence case ("A TEI edition of …"), the
 * manuals want "A TEI Edition of …".
 *
 * Raises lowercase initials, and lowers the initial of the manuals'
 * lowercase words (articles, coordinating conjunctions, "to", "as" and
 * prepositions: "Forces From Hungary" → "Forces from Hungary") unless
 * first, last, or after a colon. Other capitalised words stay as they are
 * (proper nouns, acronyms), so no fact is lost; a minor word written all in
 * capitals ("IN") is an acronym and stays.
 * APA wants sentence case instead (sentenceCase() below).
 * Words the TEI marks up as names keep their case (a particle stays
 * lowercase, "Friends From Abroad" as an organisation's name keeps "From").
 * Headline style is for English titles only (titles in other languages keep
 * their own capitalisation), so it applies when the document is in English.
 */

export const MINOR = new Set(
  'a an the and but for or nor so yet to as at by in of on off up via per with from into onto upon out over than through under until unto within without about above across after against along among around before behind below beneath beside between beyond during except inside like near past since toward towards versus vs'.split(
    ' ',
  ),
);

export function headlineCase(title: string, names?: MarkedTitle['names']): string {
  const words = title.split(/(\s+)/);
  // The k-th word (not counting white space) is names[k]: a name the TEI marks up keeps its case ("Ludwig van Beethoven").
  const nameAt = new Map(words.map((w, i) => [i, words.slice(0, i).filter((x) => /\S/.test(x)).length]).filter(([i]) => /\S/.test(words[i as number] as string)) as [number, number][]);
  const wordIndexes = words.map((w, i) => (/\S/.test(w) ? i : -1)).filter((i) => i >= 0);
  const first = wordIndexes[0];
  const last = wordIndexes[wordIndexes.length - 1];
  let afterColon = false;
  return words
    .map((w, i) => {
      if (!/\S/.test(w)) return w;
      if (names?.[nameAt.get(i) as number]) {
        afterColon = /[:?!—]$/.test(w);
        return w;
      }
      const forced = i === first || i === last || afterColon;
      afterColon = /[:?!—]$/.test(w);
      const cap = /^([^\p{L}]*)(\p{Lu})(\p{Ll}*)([^\p{L}]*)$/u.exec(w);
      if (cap && !forced && MINOR.has(`${(cap[2] as string).toLowerCase()}${cap[3]}`)) {
        return `${cap[1]}${(cap[2] as string).toLowerCase()}${cap[3]}${cap[4]}`;
      }
      const m = /^([^\p{L}]*)(\p{Ll})([\p{Ll}'’-]*)([^\p{L}]*)$/u.exec(w);
      if (!m) return w; // has capitals, digits inside, or no letters: keep
      const bare = `${m[2]}${m[3]}`;
      if (!forced && MINOR.has(bare)) return w;
      return `${m[1]}${(m[2] as string).toUpperCase()}${m[3]}${m[4]}`;
    })
    .join('');
}

/** Headline style for an English document's titles; other languages' titles as encoded. */
export function headlineCaseIn(language: string | undefined, title: string | MarkedTitle): string {
  const t = typeof title === 'string' ? { text: title } : title;
  return language && /^en(?:-|$)/i.test(language) ? headlineCase(t.text, t.names) : t.text;
}

// ------------------------------------------------------------------ sentence case (APA) and what must keep its capitals

/**
 * A title and, word by word, whether the TEI marks the word up as (part of)
 * a name: true or false in a title with name markup, undefined where
 * nothing is known (`names` absent: a title without name markup). The words
 * are `text.split(' ')` (the text is normalised: single spaces, trimmed).
 */
export interface MarkedTitle {
  text: string;
  names?: (boolean | undefined)[];
}

/**
 * What a change of case may do to one word of a title:
 * - 'proper': keep its capitals (a name, an acronym, a month);
 * - 'initial': the first word of the title or of a subtitle (after a
 *   colon): capitalised (and a capital BibTeX styles keep without braces);
 * - 'free': lowercase in sentence case.
 */
export type WordCase = 'proper' | 'initial' | 'free';

const MONTHS_AND_DAYS = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday'.split(' '),
);

/** The letters of a word, without the punctuation around it and a possessive "’s". */
function core(word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '').replace(/['’]s$/u, '');
}

/**
 * An acronym, an initial or a roman numeral: a capital after the first letter
 * ("U.S.S.R.", "TEI", "XXV", "McNeil") or a single capital ("A.", "V").
 */
function isAcronym(c: string): boolean {
  // Each part of a compound on its own: "Long-Term" is two words, not an acronym.
  return c.split(/[-‐–]/).some((p) => /\p{Lu}/u.test(p.slice(1)) || /^\p{Lu}\.?$/u.test(p));
}

/**
 * The case class of each word (see WordCase). In English:
 * - a title with name markup: its names, acronyms and month and day names
 *   keep their capitals; every other word is free (the markup is taken as
 *   complete: mark up every proper noun of a title that has any);
 * - a title without: a capital cannot be told from a proper noun's, so every
 *   capitalised word keeps it, except the small words (articles,
 *   conjunctions, prepositions: "From", "The"), which are never names on their
 *   own. Such a title keeps its case in APA and its capitals in BibTeX.
 */
export function wordCases(t: MarkedTitle): WordCase[] {
  const words = t.text.split(' ');
  let initial = true;
  return words.map((w, i) => {
    const c = core(w);
    const wasInitial = initial;
    initial = /:$/.test(w);
    if (!/\p{L}/u.test(c)) {
      initial = initial || wasInitial;
      return 'free';
    }
    const capitalised = /^\p{Lu}/u.test(c);
    if (isAcronym(c) || (capitalised && MONTHS_AND_DAYS.has(c.toLowerCase())) || c === 'I') return 'proper';
    const name = t.names?.[i];
    if (name !== undefined) {
      if (name && /\p{Lu}/u.test(c)) return 'proper';
    } else if (capitalised && !MINOR.has(c.toLowerCase())) {
      return wasInitial ? 'initial' : 'proper';
    }
    return wasInitial ? 'initial' : 'free';
  });
}

/**
 * APA 7 sentence case (6.17): the first word of the title and of a subtitle
 * capitalised, proper nouns and acronyms as written, every other word
 * lowercase. What counts as a proper noun: see wordCases().
 */
export function sentenceCase(t: MarkedTitle): string {
  const cases = wordCases(t);
  return t.text
    .split(' ')
    .map((w, i) => {
      const k = cases[i];
      const raise = (x: string): string => x.replace(/^([^\p{L}]*)(\p{Ll})/u, (_m, lead: string, l: string) => `${lead}${l.toUpperCase()}`);
      if (k === 'proper') return w;
      // An unmarked first word keeps its capitals ("Austro-Hungarian"): nothing says they are not a name's.
      if (k === 'initial' && t.names?.[i] === undefined) return raise(w);
      // Lower the capitalised parts ("Withdrawal", "Long-Term"; a mixed-case word was kept above), then raise an initial.
      const lower = w.replace(/\p{Lu}\p{Ll}*/gu, (part, offset: number, whole: string) => (/\p{L}/u.test(whole[offset - 1] ?? '') ? part : part.toLowerCase()));
      return k === 'initial' ? raise(lower) : lower;
    })
    .join(' ');
}

/** Sentence case for an English title; a title in another language as encoded. */
export function sentenceCaseIn(language: string | undefined, t: MarkedTitle): string {
  return language && !/^en(?:-|$)/i.test(language) ? t.text : sentenceCase(t);
}

/** A title of the record with its markup (when the TEI gave any). */
export function markedTitle(text: string, known: readonly MarkedTitle[] = []): MarkedTitle {
  return known.find((k) => k.text === text) ?? { text };
}

/** Titles joined ("Title: Subtitle", "Book, Volume"), their markup kept in step. */
export function joinMarked(separator: string, ...titles: (MarkedTitle | undefined)[]): MarkedTitle | undefined {
  const parts = titles.filter((t): t is MarkedTitle => Boolean(t?.text));
  if (parts.length === 0) return undefined;
  const text = parts.map((p) => p.text).join(separator);
  if (parts.every((p) => !p.names)) return { text };
  const names: (boolean | undefined)[] = text.split(' ').map(() => undefined);
  let prefix = '';
  parts.forEach((p, i) => {
    if (i > 0) prefix += separator;
    // The index of the part's first word (a part glued to what precedes shares that word).
    const start = prefix === '' ? 0 : prefix.split(' ').length - 1;
    p.text.split(' ').forEach((_w, k) => {
      const n = p.names?.[k];
      if (n !== undefined) names[start + k] = Boolean(names[start + k]) || n;
    });
    prefix += p.text;
  });
  return { text, names };
}

/**
 * A title as CSL-JSON holds it: sentence case (English titles), each run of
 * marked-up name words that holds a lowercase word other than the small
 * ones CSL's title case skips ("van", "von", "de") in a nocase span.
 * `nocase: false` gives the same words without the spans, for RIS: a
 * plain-text format (EndNote and the others show markup as written), and
 * Zotero's RIS import reads every title through unescapeHTML, which keeps
 * an element's text only, so a span there would protect nothing.
 */
export function cslTitle(language: string | undefined, t: MarkedTitle | undefined, { nocase = true }: { nocase?: boolean } = {}): string | undefined {
  if (!t) return undefined;
  const words = sentenceCaseIn(language, t).split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    if (!t.names?.[i]) {
      out.push(words[i] as string);
      i += 1;
      continue;
    }
    let j = i;
    while (j < words.length && t.names[j]) j += 1;
    const run = words.slice(i, j);
    const particle = run.some((w) => /^[^\p{L}]*\p{Ll}/u.test(w) && !MINOR.has(w.replace(/[^\p{L}]/gu, '')));
    out.push(particle && nocase ? `<span class="nocase">${run.join(' ')}</span>` : run.join(' '));
    i = j;
  }
  return out.join(' ');
}
