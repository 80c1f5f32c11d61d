/**
 * Text → BibTeX/BibLaTeX field values that compile with `bibtex` and
 * `biber`.
 *
 * - TeX's special characters are escaped (`\&`, `\%`, `\$`, `\#`, `\_`);
 *   `\`, `~`, `^` become text commands.
 * - Literal braces become `{\textbraceleft}` and `{\textbraceright}`, not
 *   `\{`: BibTeX and biber's btparse count every brace, escaped or not, so
 *   a lone `\{` would unbalance the field.
 * - For BibTeX (`ascii`), accented letters become accent commands inside
 *   braces (`{\'e}`, `{\"u}`, `{\ss}`), which BibTeX sorts and purifies
 *   correctly; typographic double quotes and dashes become TeX ligatures
 *   (``…'', `--`), single quotes \textquoteleft and \textquoteright.
 *   Characters with no command stay UTF-8 (LaTeX reads UTF-8 by default
 *   since 2018).
 * - For BibLaTeX (biber reads UTF-8), letters and quotes stay as they are.
 */

import { plainLine } from './controls.js';
import { wordCases, type MarkedTitle } from './case.js';
import type { CitationName } from './names.js';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '{\\textbraceleft}',
  '}': '{\\textbraceright}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In the OT1 encoding (LaTeX's default) "<" and ">" print as "¡" and "¿".
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

const ASCII_PUNCTUATION: Record<string, string> = {
  '\u201c': '``',
  '\u201d': "''",
  // Not ` and ': BibTeX readers (Better BibTeX) take those as plain characters.
  '\u2018': '{\\textquoteleft}',
  '\u2019': '{\\textquoteright}',
  '\u2013': '--',
  '\u2014': '---',
  '\u00a0': '~',
  '\u2026': '\\ldots{}',
};

const LETTERS: Record<string, string> = {
  ß: '{\\ss}',
  æ: '{\\ae}',
  Æ: '{\\AE}',
  œ: '{\\oe}',
  Œ: '{\\OE}',
  ø: '{\\o}',
  Ø: '{\\O}',
  ł: '{\\l}',
  Ł: '{\\L}',
  ı: '{\\i}',
};

/** Combining marks (NFD) → accent commands. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u030c': 'v',
  '\u0327': 'c',
  '\u0328': 'k',
};

export interface LatexOptions {
  /** BibTeX: accents as commands, quotes and dashes as ligatures. */
  ascii: boolean;
}

export function escapeLatex(text: string, options: LatexOptions): string {
  // Composed first: "e" + U+0301 is "é", which the 7-bit form writes {\'e} (the combining accent stayed raw).
  const s = plainLine(text).normalize('NFC');
  let out = '';
  for (const ch of s) {
    const special = SPECIAL[ch];
    if (special) out += special;
    else if (ch.charCodeAt(0) < 0x80 || !options.ascii) out += ch;
    else out += asciiCommand(ch);
  }
  return out;
}

function asciiCommand(ch: string): string {
  const punct = ASCII_PUNCTUATION[ch] ?? LETTERS[ch];
  if (punct) return punct;
  const [base, ...marks] = [...ch.normalize('NFD')];
  if (base && base.charCodeAt(0) < 0x80 && marks.length === 1) {
    const accent = ACCENTS[marks[0] as string];
    if (accent) {
      const letter = base === 'i' ? '\\i' : base === 'j' ? '\\j' : base;
      // Letter accents (\c, \v, …) need a space or braces before the letter; braces work for both kinds.
      return /[a-zA-Z]/.test(accent) ? `{\\${accent}{${letter}}}` : `{\\${accent}${letter.startsWith('\\') ? `{${letter}}` : letter}}`;
    }
  }
  return ch;
}

/**
 * A title whose case BibTeX styles may change (plain lowercases `title`;
 * biblatex styles may sentence-case titles) with braces only around what
 * must keep its capitals, as case.ts's wordCases() classifies the words:
 * the names the TEI marks up in the title, acronyms and initials
 * ("U.S.S.R.", "TEI", "A."), month names; in a title without name markup,
 * every capitalised word but the small ones (nothing tells its proper
 * nouns apart). Other capitals are left free, so a style can lowercase
 * "Message", "Urging" or "Withdrawal". A title in another language than
 * English (`keepCase`) keeps every capital: English sentence case would
 * lowercase a German noun.
 */
export function protectedTitle(title: MarkedTitle | string, options: LatexOptions, keepCase = false): string {
  const t = typeof title === 'string' ? { text: plainLine(title) } : title;
  const cases = wordCases(t);
  return t.text
    .split(' ')
    .map((w, i) => {
      // Braces around the word itself, not its punctuation: "{Bulganin},", "{U.S.S.R.},".
      const [, lead = '', core = '', trail = ''] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}.]*)$/u.exec(w) ?? [];
      const e = (x: string): string => escapeLatex(x, options);
      const keep = /\p{Lu}/u.test(core) && (keepCase || cases[i] === 'proper');
      return keep ? `${e(lead)}{${e(core)}}${e(trail)}` : e(w);
    })
    .join(' ');
}

/**
 * A name-list value: "Eisenhower, Dwight D. and Bulganin, Nikolai A.";
 * a particle as BibTeX's von part ("von Gonzenbach, August"); organisations
 * and names that cannot be split in braces, so "and" or commas inside are
 * not read as separators.
 */
export function latexNames(names: CitationName[], options: LatexOptions): string {
  return names
    .map((n) => {
      if (n.family) {
        const last = n.particle ? `${n.particle} ${n.family}` : n.family;
        return escapeLatex(n.given ? `${last}, ${n.given}` : last, options);
      }
      return `{${escapeLatex(n.display, options)}}`;
    })
    .join(' and ');
}

/**
 * A verbatim field (url): braces, spaces, backslashes and a percent sign
 * that begins no escape percent-encoded, nothing else touched. An escape
 * the URL has (`my%20ed`) stays as it is: encoding its "%" again would name
 * another address (`my%2520ed`). biber reads the field verbatim, and
 * url.sty's \url, which BibTeX styles print it with, reads its argument
 * verbatim too (tests/cite.test.ts compiles such a URL with both).
 */
export function latexUrl(url: string): string {
  return plainLine(url).replace(/[{}\s\\]|%(?![0-9A-Fa-f]{2})/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** English, or a document of unknown language (a title's case is then the English styles' to change). */
export function isEnglish(language: string | undefined): boolean {
  return !language || /^en(?:-|$)/i.test(language);
}

/** A citation key: letters, digits and -_:. only. */
export function citationKey(parts: string[]): string {
  return parts
    .map((p) => p.replace(/[^A-Za-z0-9_.:-]+/g, '-'))
    .join('-')
    .replace(/^-+|-+$/g, '');
}

/**
 * What a field holds, and so how formatEntry() writes it. Every value goes
 * through the writer of its kind (there is no unescaped kind):
 * - `text`: escaped prose (escapeLatex);
 * - `title`: a title (the letter's, a book's), escaped, case protected
 *   (protectedTitle): its names and acronyms braced, from the TEI's markup;
 * - `serial`: the title of a periodical or series: a name as a whole, so
 *   every capital is kept (Better BibTeX, which imports .bib files into
 *   Zotero, sentence-cases unprotected words);
 * - `names`: a name list (latexNames);
 * - `url`: verbatim, percent-encoded (latexUrl);
 * - `date`: an ISO date (YYYY, YYYY-MM, YYYY-MM-DD) or a year, or a span of two (a/b), else left out;
 * - `month`: a BibTeX month macro (jan … dec), else left out;
 * - `range`: a page range: escaped, with a hyphen or en dash between two parts written `--`.
 */
export type FieldKind = 'text' | 'title' | 'serial' | 'names' | 'url' | 'date' | 'month' | 'range';

export type FieldValue = string | CitationName[] | MarkedTitle | undefined;

/** One field: name, kind and value (undefined, '' or []: left out). */
export type EntryField = readonly [name: string, kind: FieldKind, value: FieldValue];

export interface EntryOptions extends LatexOptions {
  /** Protect every capital of titles (a title not in English). */
  keepCase?: boolean;
}

const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);

/** The field's value as written between the braces (or bare, for a month), or undefined to leave it out. */
export function fieldValue(kind: FieldKind, value: FieldValue, options: EntryOptions): string | undefined {
  if (value === undefined) return undefined;
  if (kind === 'names') return Array.isArray(value) && value.length ? latexNames(value, options) : undefined;
  if (kind === 'title' && typeof value === 'object' && !Array.isArray(value)) return protectedTitle(value, options, options.keepCase) || undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  switch (kind) {
    case 'text':
      return escapeLatex(value, options) || undefined;
    case 'title':
      return protectedTitle(value, options, options.keepCase) || undefined;
    case 'serial':
      return protectedTitle(value, options, true) || undefined;
    case 'url':
      return latexUrl(value) || undefined;
    case 'date':
      // ISO 8601, or a span of two (BibLaTeX's "1851-05-02/1851-05-04"), each end perhaps marked uncertain, approximate
      // or both (EDTF's "?", "~", "%", which biblatex reads: "1853-09-20?").
      return /^-?\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?(?:\/-?\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?)?$/.test(value) ? value : undefined;
    case 'month':
      return MONTHS.has(value) ? value : undefined;
    case 'range': {
      const parts = plainLine(value).split(/\s*(?:--|[-\u2013])\s*/);
      return parts.map((p) => escapeLatex(p, options)).join('--') || undefined;
    }
  }
}

/** Formats an entry with aligned fields, in the given field order; empty values are left out. */
export function formatEntry(type: string, key: string, fields: readonly EntryField[], options: EntryOptions): string {
  const present = fields
    .map(([name, kind, value]) => [name, kind, fieldValue(kind, value, options)] as const)
    .filter((f): f is readonly [string, FieldKind, string] => f[2] !== undefined);
  const width = Math.max(...present.map(([name]) => name.length));
  const lines = present.map(([name, kind, value]) => `  ${name.padEnd(width)} = ${kind === 'month' ? value : `{${value}}`},`);
  return `@${type}{${citationKey([key])},\n${lines.join('\n')}\n}\n`;
}
