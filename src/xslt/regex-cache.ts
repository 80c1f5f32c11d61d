/**
 * Compiled regular expressions, kept for the life of the thread.
 *
 * SaxonJS translates an XPath regular expression into a JavaScript RegExp
 * (its own parser, then `new RegExp`) at every call of matches(),
 * replace(), tokenize() and xsl:analyze-string, even when the pattern is a
 * literal of the stylesheet: ~200 times for one letter's web page, where 18
 * distinct patterns occur, which was a fifth of the page's CPU time. The
 * translation is a pure function of the pattern and the flags, so the
 * result is kept here, keyed by both, through the hook SaxonJS itself
 * exposes (`SaxonJS.internals.Regex.prepareRegex`, looked up by its callers
 * at each call).
 *
 * What the callers do with the RegExp stays the same: each call gets it
 * with `lastIndex` 0 (replace() and tokenize() use the global flag, which
 * is part of the key); every caller uses it to the end before evaluating
 * anything else (search, test, replace, or an exec loop that only collects
 * strings), so two uses never overlap; the number of capturing groups,
 * which replace() asks for through a callback, is remembered with it. An
 * invalid pattern is never kept: it fails with SaxonJS's own error each
 * time.
 */

type PrepareRegex = (pattern: string, flags: string | null, input?: string | null, groups?: ((count: number) => void) | null) => RegExp;

interface RegexInternals {
  prepareRegex?: PrepareRegex;
}

interface Kept {
  regex: RegExp;
  groups: number;
}

/** More distinct patterns than this (patterns built from data) and the cache starts afresh. */
const MAX_KEPT = 2000;

/** Calls and translations since the thread started (tests check that the cache is in use). */
export const regexCacheStats = { calls: 0, translated: 0 };

const installed = new WeakSet<object>();

/** Puts the cache in front of SaxonJS's regex translation (once per SaxonJS instance); false where SaxonJS has no such hook. */
export function installRegexCache(saxonApi: { internals?: { Regex?: RegexInternals } }): boolean {
  const internals = saxonApi.internals?.Regex;
  const translate = internals?.prepareRegex;
  if (!internals || typeof translate !== 'function') return false;
  if (installed.has(internals)) return true;
  const kept = new Map<string, Kept>();
  const prepareRegex: PrepareRegex = function (this: unknown, pattern, flags, input = null, groups = null) {
    regexCacheStats.calls++;
    const key = `${flags ?? ''}\u0000${pattern}`;
    let entry = kept.get(key);
    if (!entry) {
      let count = 0;
      const regex = translate.call(this, pattern, flags, input, (n: number) => {
        count = n;
      });
      regexCacheStats.translated++;
      if (kept.size >= MAX_KEPT) kept.clear();
      entry = { regex, groups: count };
      kept.set(key, entry);
    } else if (input !== null && !entry.regex.unicode) {
      // Without the u flag (a platform SaxonJS thinks lacks it) it refuses input outside the BMP: let it check.
      translate.call(this, pattern, flags, input, null);
    }
    entry.regex.lastIndex = 0;
    if (groups) groups(entry.groups);
    return entry.regex;
  };
  internals.prepareRegex = prepareRegex;
  installed.add(internals);
  return true;
}
