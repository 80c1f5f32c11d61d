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
  const s = text.replace(/\s+/g, ' ').trim();
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
 * A title whose capitals survive BibTeX styles that lowercase titles:
 * each word with a capital letter after its first character, or any
 * capital except the title's first letter, is wrapped in braces.
 */
export function protectedTitle(title: string, options: LatexOptions): string {
  const words = title.replace(/\s+/g, ' ').trim().split(' ');
  return words
    .map((w, i) => {
      // Braces around the word itself, not its punctuation: "{Bulganin},", "{U.S.S.R.},".
      const [, lead = '', core = '', trail = ''] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w) ?? [];
      const hasCapital = i === 0 ? /\p{Lu}/u.test(core.slice(1)) : /\p{Lu}/u.test(core);
      const e = (t: string): string => escapeLatex(t, options);
      return hasCapital ? `${e(lead)}{${e(core)}}${e(trail)}` : e(w);
    })
    .join(' ');
}

/** A name-list value: "Eisenhower, Dwight D. and Bulganin, Nikolai A."; organisations in braces. */
export function latexNames(names: { display: string; family?: string; given?: string; organization?: boolean }[], options: LatexOptions): string {
  return names
    .map((n) => {
      if (n.family) return escapeLatex(n.given ? `${n.family}, ${n.given}` : n.family, options);
      // Unsplittable names and organisations: one brace group, so "and" or commas inside are not read as separators.
      return `{${escapeLatex(n.display, options)}}`;
    })
    .join(' and ');
}

/** A verbatim field (url): braces and spaces percent-encoded, nothing else touched. */
export function latexUrl(url: string): string {
  return url.replace(/[{}\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A citation key: letters, digits and -_:. only. */
export function citationKey(parts: string[]): string {
  return parts
    .map((p) => p.replace(/[^A-Za-z0-9_.:-]+/g, '-'))
    .join('-')
    .replace(/^-+|-+$/g, '');
}

/** One field: name, value (undefined: left out), and 'bare' for macros such as `month = nov`. */
export type EntryField = readonly [name: string, value: string | undefined, kind?: 'braced' | 'bare'];

/** Formats an entry with aligned fields, in the given field order; undefined values are left out. */
export function formatEntry(type: string, key: string, fields: readonly EntryField[]): string {
  const present = fields.filter((f): f is readonly [string, string, ('braced' | 'bare')?] => f[1] !== undefined && f[1] !== '');
  const width = Math.max(...present.map(([name]) => name.length));
  const lines = present.map(([name, value, kind]) => `  ${name.padEnd(width)} = ${kind === 'bare' ? value : `{${value}}`},`);
  return `@${type}{${key},\n${lines.join('\n')}\n}\n`;
}
