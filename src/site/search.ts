import { page } from './html.js';
import { byTime, type LetterSummary } from './letters.js';
import { documentPath } from './lists.js';
import { compareText } from '../collate.js';

/**
 * The full-text search, built at build time: an inverted index split into
 * shards by the first two characters of the term, each shard a small script
 * (`search/t-XX.js`) that hands its data to the search page's script.
 * Scripts, not fetch(): a page opened from disk (file://) may not fetch
 * files in Chromium, but it may load its own scripts, and the CSP allows
 * nothing else. The page loads the list of letters when the search box is
 * first used and a shard when a query needs it, so nothing is loaded until
 * someone searches. Why this and not a library: README, "Search".
 */

export const SEARCH_DIR = 'search';
export const SEARCH_PAGE = 'search.html';

/**
 * Words of a text as the index stores them: letters and digits, accents and
 * case folded. assets/search.js has the same function for the queries
 * (tests/site/search.test.ts checks that they agree).
 */
export function terms(text: string): string[] {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The shard a term lives in: its first two characters, each kept if a-z or
 * 0-9, else "_" ("telegram" → "te", "åberg" → "ab", "день" → "__"). Two
 * characters keep each shard small (a query loads a few KB, not a letter's
 * worth of the alphabet); a one-character query loads every shard that
 * begins with it.
 */
export function shardOf(term: string): string {
  return [...term.slice(0, 2)].map((c) => (/[a-z0-9]/.test(c) ? c : '_')).join('') || '_';
}

export interface SearchDocument {
  summary: LetterSummary;
  /** The searchable text (reading text and notes)… */
  text?: string;
  /** … or its part of the index, as letterTerms made it (the build's cache keeps it with the letter). */
  terms?: string;
}

/**
 * One letter's part of the index: the words of its text with their counts,
 * as `word` or `word:count`, separated by spaces (a word is letters and
 * digits only). Made where the letter is rendered and cached with it, so
 * that a rebuild after an edit counts the words of the edited letter only;
 * searchFiles adds the words of the titles and numbers the letters.
 */
export function letterTerms(text: string): string {
  const counts = new Map<string, number>();
  for (const w of terms(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, n]) => (n === 1 ? w : `${w}:${n}`)).join(' ');
}

/** HTML elements that end a word (a block, a line, a cell); every other tag is inside a word's flow. */
const WORD_BREAKING = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul']);
const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: '\u00a0' };

/**
 * The words of a rendered text (the web page's text and notes) as a reader
 * finds them, for the search index:
 * - a tag inside a word's flow adds nothing ("leb" + a line break marked
 *   not to break a word + "haften" is "lebhaften"; "[statu]s", supplied
 *   letters in brackets, is "status"); a block, a cell, a line, page or
 *   column break (unless marked `break="no"`) does end a word, as in the
 *   text (xslt/html/text.xsl marks a block in phrase content span.block);
 * - what the page generates (note numbers and back-links, page-break
 *   labels, the brackets around supplied text, the notes' heading: class
 *   "generated") is not the document's and is left out;
 * - the alternative of a choice the page hides (an abbreviation beside its
 *   expansion, the original beside the correction) and a deletion (struck
 *   out on the page) are kept, as words of their own after the text: the
 *   document has them, and a search for an old spelling or a struck word
 *   finds the letter, while the word a deletion stands in reads whole.
 */
export function searchableText(html: string): string {
  let text = '';
  let apart = '';
  // Open elements: whether each leaves its text out (generated) or sets it apart (hidden).
  const open: { name: string; skip: boolean; hidden: boolean }[] = [];
  let skip = 0;
  let hidden = 0;
  let joinNext = false;
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[^]*?-->/g;
  let at = 0;
  const addText = (raw: string): void => {
    if (skip > 0 || raw === '') return;
    let t = decodeEntities(raw);
    if (joinNext) {
      t = t.replace(/^\s+/, '');
      if (t !== '') joinNext = false;
    }
    if (hidden > 0) apart += t;
    else text += t;
  };
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    addText(html.slice(at, m.index));
    at = tag.lastIndex;
    const [whole, close, rawName, attrs = '', selfClosing] = m;
    if (!rawName) continue; // a comment
    const name = rawName.toLowerCase();
    const milestone = name === 'br' || /\bclass="[^"]*\btei-(?:pb|cb)\b/.test(attrs);
    const breaks = WORD_BREAKING.has(name) || /\bclass="[^"]*\bblock\b/.test(attrs) || (milestone && !close);
    if (close) {
      const i = open.map((e) => e.name).lastIndexOf(name);
      if (i >= 0) {
        for (const e of open.splice(i)) {
          if (e.skip) skip--;
          if (e.hidden) {
            hidden--;
            apart += ' ';
          }
        }
      }
      if (breaks && skip === 0) (hidden > 0 ? (apart += ' ') : (text += ' '));
      continue;
    }
    if (milestone && /\bdata-break="no"/.test(attrs)) {
      // A line or page break inside a word: the white space around it is the layout's, not a space between words
      // (of the text, or of the hidden alternative it stands in: "Mei <lb break="no"/>ng." in an abbreviation).
      if (skip > 0) continue;
      // trimEnd, not a regular expression anchored at the end: that scans the whole text at each break.
      if (hidden > 0) apart = apart.trimEnd();
      else text = text.trimEnd();
      joinNext = true;
      if (name !== 'br' && !selfClosing) {
        open.push({ name, skip: true, hidden: false });
        skip++;
      }
      continue;
    }
    if (breaks && skip === 0) (hidden > 0 ? (apart += ' ') : (text += ' '));
    if (VOID.has(name) || selfClosing || whole.endsWith('/>')) continue;
    const isSkipped = /\bclass="[^"]*\bgenerated\b/.test(attrs);
    // A deletion is read as struck out: words of its own, apart from the text it was struck from ("sprech" beside "schaffen").
    const isHidden = name === 'del' || /\shidden(?:[\s=]|$)/.test(attrs);
    open.push({ name, skip: isSkipped, hidden: isHidden });
    if (isSkipped) skip++;
    if (isHidden) hidden++;
  }
  addText(html.slice(at));
  return apart.trim() ? `${text} ${apart}` : text;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e] ?? whole;
  });
}

/** A script that registers data with the search page's script: `TEISearch.add(kind, key, data)`. */
function script(kind: string, key: string, data: unknown): string {
  // JSON is valid JavaScript; "<" is escaped so that no data can ever close a script element.
  return `TEISearch.add(${JSON.stringify(kind)},${JSON.stringify(key)},${JSON.stringify(data).replace(/</g, '\\u003c')});\n`;
}

/**
 * The index files, path (under the web root) → content. Letters are numbered
 * in time order; the list of letters (`docs.js`) gives for each its page,
 * title, date and correspondents (the facets); each shard maps its terms (in
 * code point order) to postings [letter, count, letter, count, …] with letter
 * numbers as gaps from the previous one.
 */
export function searchFiles(docs: readonly SearchDocument[]): Map<string, string> {
  const files = [...searchFileParts(docs)];
  // The list of letters first, then the shards (the order the files were always listed in).
  return new Map([...files.slice(-1), ...files.slice(0, -1)]);
}

/**
 * searchFiles one file at a time, [path, content], the shards first and the list of letters last: the caller
 * writes each before the next is made. With `passes` > 1 the shards are made in that many passes over the
 * letters, each collecting the postings of its own share of the shards only: a large edition's postings
 * (a million at 3,000 letters) are then never all held at once, and each letter's words (`terms`, which the
 * build reads from disk) are taken once per pass. The files are the same whatever the number of passes.
 */
export function* searchFileParts(docs: readonly SearchDocument[], passes = 1): Generator<[string, string]> {
  const sorted = [...docs].sort((a, b) => byTime(a.summary, b.summary));
  const made: string[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const mine = (term: string): boolean => passes === 1 || passOf(shardOf(term), passes) === pass;
    // Per term, its postings as one flat array [letter, count, letter, count, …] in letter order (letters are
    // added in order): a few bytes a posting, where a map per term took some eighty (at 3,000 letters, a
    // million postings).
    const postings = new Map<string, number[]>();
    sorted.forEach((d, i) => {
      const add = (w: string, n: number): void => {
        if (!mine(w)) return;
        const p = postings.get(w);
        if (!p) postings.set(w, [i, n]);
        else if (p[p.length - 2] === i) p[p.length - 1] = (p[p.length - 1] as number) + n;
        else p.push(i, n);
      };
      for (const w of terms(d.summary.title)) add(w, 1);
      const part = d.terms ?? letterTerms(d.text ?? '');
      for (const item of part ? part.split(' ') : []) {
        const colon = item.indexOf(':');
        if (colon < 0) add(item, 1);
        else add(item.slice(0, colon), Number(item.slice(colon + 1)));
      }
    });
    const shards = new Map<string, Record<string, number[]>>();
    for (const term of [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const key = shardOf(term);
      let shard = shards.get(key);
      if (!shard) shards.set(key, (shard = {}));
      // Letter numbers become gaps from the previous one, in place.
      const list = postings.get(term) as number[];
      for (let j = list.length - 2; j >= 2; j -= 2) list[j] = (list[j] as number) - (list[j - 2] as number);
      shard[term] = list;
    }
    postings.clear();
    for (const [key, shard] of shards) {
      made.push(key);
      yield [`${SEARCH_DIR}/t-${key}.js`, script('shard', key, shard)];
      shards.delete(key);
    }
  }
  const list = sorted.map(({ summary: s }) => ({
    href: documentPath(s.id),
    title: s.title,
    date: s.date,
    year: s.year,
    from: s.from.map((p) => [p.key, p.name]),
    to: s.to.map((p) => [p.key, p.name]),
  }));
  // The correspondents in the edition's collation order (by sort name), so the facets list names as every other page does.
  const people = new Map<string, string>();
  for (const { summary: s } of sorted) for (const p of [...s.from, ...s.to]) people.set(p.key, p.sortAs);
  const order = [...people.entries()].sort((a, b) => compareText(a[1], b[1]) || compareText(a[0], b[0])).map(([key]) => key);
  yield [`${SEARCH_DIR}/docs.js`, script('docs', '', { shards: made.sort(compareText), people: order, docs: list })];
}

/** The pass (of `passes`) that makes a shard: by its key's characters, the same in every build. */
function passOf(key: string, passes: number): number {
  let n = 0;
  for (let i = 0; i < key.length; i++) n += key.charCodeAt(i);
  return n % passes;
}

/** The search page: a search box, facets and results, all made by assets/search.js. */
export function searchPage(editionTitle: string): string {
  const main = `<h1>Search</h1>
<form class="search-form" role="search" aria-label="Search the letters" hidden>
<label for="search-q">Words in the letters</label>
<input type="search" id="search-q" name="q" autocomplete="off" spellcheck="false" aria-describedby="search-help"> <button type="submit">Search</button>
<p id="search-help" class="hint">Every word must occur; a word also finds longer words it begins (“tele” finds “telegram”).</p>
</form>
<p class="search-status" role="status" aria-live="polite"></p>
<div class="search-layout">
<div class="facets" aria-label="Narrow the results" role="group" hidden></div>
<ol class="search-results"></ol>
</div>
<noscript><p>The search needs JavaScript. Without it, browse the letters <a href="index.html">by year</a> or <a href="correspondents.html">by correspondent</a>.</p></noscript>`;
  return page({ title: `Search · ${editionTitle}`, root: '', main, current: 'search', editionTitle, scripts: ['assets/search.js'] });
}
