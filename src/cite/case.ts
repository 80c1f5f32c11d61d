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
 * APA wants sentence case instead; lowering capitals would need to know
 * which words are proper nouns, so APA titles are kept as encoded.
 * Headline style is for English titles only (titles in other languages keep
 * their own capitalisation), so it applies when the document is in English.
 */

const MINOR = new Set(
  'a an the and but for or nor so yet to as at by in of on off up via per with from into onto upon out over than through under until unto within without about above across after against along among around before behind below beneath beside between beyond during except inside like near past since toward towards versus vs'.split(
    ' ',
  ),
);

export function headlineCase(title: string): string {
  const words = title.split(/(\s+)/);
  const wordIndexes = words.map((w, i) => (/\S/.test(w) ? i : -1)).filter((i) => i >= 0);
  const first = wordIndexes[0];
  const last = wordIndexes[wordIndexes.length - 1];
  let afterColon = false;
  return words
    .map((w, i) => {
      if (!/\S/.test(w)) return w;
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
export function headlineCaseIn(language: string | undefined, title: string): string {
  return language && /^en(?:-|$)/i.test(language) ? headlineCase(title) : title;
}
