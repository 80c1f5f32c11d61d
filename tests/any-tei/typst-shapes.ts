/**
 * Which corpus documents tests/any-tei-pdf.test.ts typesets in an everyday
 * run: a set of them that together hold every shape of the Typst source of
 * every document, where a shape is
 *
 * - a call in its parent (`ed-block > footnote`, `ed-text > ed-pb-margin`), and with its
 *   first argument when that names a kind (`ed-editorial > ed-block("p")`), and
 * - a character other than an ASCII letter, digit or space, anywhere (the
 *   glyphs the embedded fonts must have).
 *
 * What the PDF can lose between the Typst source and the page (a show rule
 * of the page design that drops content, a footnote, a glyph the fonts lack)
 * depends on these, not on which words stand between them; and
 * tests/any-tei.test.ts checks every word of every document's Typst source
 * in every run. So typesetting and reading the covering documents checks
 * every construct and character of the corpus in the PDF; TEI_EDITION_EXHAUSTIVE=1
 * (.ci/run) typesets every document.
 *
 * The cover is greedy (the document that adds the most shapes not yet held
 * per character of its source first), so the documents typeset are few and
 * small: 12 of the 44 when written, the 2.4 MB dictionary's part among them.
 */
import { readFileSync } from 'node:fs';
import { TYPST_PAGE_DESIGN } from '../../src/render/print.js';

const DESIGN = readFileSync(TYPST_PAGE_DESIGN, 'utf8').trimEnd();

/** `\x` escapes, calls, brackets and parentheses, line comments, any other character. */
const TOKEN = /\\([\s\S])|#([A-Za-z_][\w-]*)|([[\]()])|(\/\/[^\n]*)|([\s\S])/g;
/** A string literal, in code (a call's arguments) only: in markup, " is text (escape.xsl leaves it as it is). */
const STRING = /"((?:[^"\\]|\\[\s\S])*)"/y;

/** The shapes of the document part of a print edition's Typst source (the page design in front of it is the same in all). */
export function typstShapes(source: string): Set<string> {
  const typst = source.startsWith(DESIGN) ? source.slice(DESIGN.length) : source;
  const out = new Set<string>();
  const stack: { name: string; args: boolean }[] = [];
  /** The call whose arguments or content may follow (its name was the last token, or its arguments were). */
  let pending: string | undefined;
  let firstArgument = false;
  const top = (): string => stack.at(-1)?.name ?? '/';
  const inArgs = (): boolean => stack.at(-1)?.args === true;
  const character = (c: string): void => {
    if (!/[A-Za-z0-9\s]/.test(c)) out.add(`∋ ${c}`);
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(typst); m; m = TOKEN.exec(typst)) {
    const [, escaped, call, bracket, comment, other] = m;
    let string: string | undefined;
    if (other === '"' && inArgs()) {
      STRING.lastIndex = m.index;
      const s = STRING.exec(typst);
      if (s) {
        string = s[1] as string;
        TOKEN.lastIndex = STRING.lastIndex;
      }
    }
    if (call !== undefined) {
      pending = call;
      out.add(`${top()} > ${call}`);
      continue;
    }
    if (bracket === '(' && (pending !== undefined || inArgs())) {
      // A call's arguments (or parentheses in code): code until the matching ")".
      stack.push({ name: pending ?? top(), args: true });
      firstArgument = pending !== undefined;
      pending = undefined;
      continue;
    }
    if (bracket === ')' && inArgs()) {
      const frame = stack.pop();
      if (!inArgs()) pending = frame?.name;
      continue;
    }
    if (bracket === '[') {
      stack.push({ name: pending ?? '[]', args: false });
      pending = undefined;
      continue;
    }
    if (bracket === ']' && stack.length > 0 && !inArgs()) {
      const frame = stack.pop();
      // Another content block of the same call may follow: #f[a][b].
      pending = frame?.name === '[]' ? undefined : frame?.name;
      continue;
    }
    if (comment !== undefined) continue;
    if (string !== undefined) {
      if (firstArgument && /^[a-z]+$/.test(string)) out.add(`${stack.at(-2)?.name ?? '/'} > ${top()}("${string}")`);
      for (const c of string) character(c);
    } else {
      const c = (escaped ?? other ?? bracket) as string;
      character(c);
      if (/\s/.test(c) && inArgs()) continue;
    }
    firstArgument = false;
    if (!inArgs()) pending = undefined;
  }
  return out;
}

/** The documents (keys of `sources`, in their order) whose Typst sources together hold every shape of all of them. */
export function typstCover(sources: Map<string, string>): string[] {
  const shapes = [...sources].map(([file, typst]) => ({ file, size: typst.length, shapes: typstShapes(typst) }));
  const held = new Set<string>();
  const keep = new Set<string>();
  for (;;) {
    let best: (typeof shapes)[number] | undefined;
    let bestScore = 0;
    for (const d of shapes) {
      if (keep.has(d.file)) continue;
      let added = 0;
      for (const s of d.shapes) if (!held.has(s)) added++;
      const score = added / d.size;
      if (score > bestScore) [best, bestScore] = [d, score];
    }
    if (!best) break;
    keep.add(best.file);
    for (const s of best.shapes) held.add(s);
  }
  return [...sources.keys()].filter((f) => keep.has(f));
}
