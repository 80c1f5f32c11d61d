import type { Diagnostic, Severity } from '../diagnostic.js';
import { visible } from '../controls.js';

/** At most this many characters of a source line are shown: enough context, never a whole minified file or a leaked secret. */
export const EXCERPT_BEFORE = 60;
export const EXCERPT_AFTER = 80;

/**
 * The characters a terminal (and a monospaced font) draws two columns wide: East Asian wide and fullwidth ones
 * (CJK, kana, Hangul, fullwidth forms) and emoji. As a regular expression's source, which serve's overlay script
 * uses too (src/serve/client.ts).
 */
export const WIDE_CHARACTERS = '[\\u1100-\\u115F\\u2E80-\\u303E\\u3041-\\u33FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uA000-\\uA4CF\\uAC00-\\uD7A3\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF60\\uFFE0-\\uFFE6\\u{1F300}-\\u{1F64F}\\u{1F900}-\\u{1FAFF}\\u{20000}-\\u{3FFFD}]';
/** Characters drawn on the one before them (combining marks, joiners, variation selectors): no column of their own. */
export const ZERO_WIDTH_CHARACTERS = '[\\p{Mn}\\p{Me}\\u200B-\\u200D\\uFE00-\\uFE0F]';

const WIDE = new RegExp(WIDE_CHARACTERS, 'u');
const ZERO_WIDTH = new RegExp(ZERO_WIDTH_CHARACTERS, 'u');

/** Blanks as wide as `text` is drawn, its tabs kept: the caret's padding. */
export function caretPad(text: string): string {
  let pad = '';
  for (const ch of text) pad += ch === '\t' ? '\t' : ZERO_WIDTH.test(ch) ? '' : WIDE.test(ch) ? '  ' : ' ';
  return pad;
}

/**
 * The part of a source line shown under a finding, and the caret's
 * padding: a window around the column, cut with "…", controls made
 * visible (a raw ESC or U+202E from a file never reaches the terminal).
 */
export function excerpt(line: string, column: number): { text: string; pad: string } {
  // Columns count UTF-16 code units (see Diagnostic).
  const chars = line.replace(/\s+$/, '');
  const col = Math.min(Math.max(1, column), chars.length + 1);
  const start = Math.max(0, col - 1 - EXCERPT_BEFORE);
  const end = Math.min(chars.length, col - 1 + EXCERPT_AFTER);
  const head = (start > 0 ? '…' : '') + visible(chars.slice(start, col - 1));
  const tail = visible(chars.slice(col - 1, end)) + (end < chars.length ? '…' : '');
  // Tabs are kept, and wide characters (CJK, emoji) count two blanks, so the caret lines up under the same character.
  return { text: head + tail, pad: caretPad(head) };
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  ms: number;
}

export function summarize(files: number, diagnostics: Diagnostic[], ms: number): Summary {
  const count = (s: Severity): number => diagnostics.filter((d) => d.severity === s).length;
  return { files, errors: count('error'), warnings: count('warning'), infos: count('info'), ms: Math.round(ms) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Summary): string {
  const time = s.ms >= 1000 ? `${(s.ms / 1000).toFixed(2)} s` : `${s.ms} ms`;
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos) counts.push(plural(s.infos, 'note'));
  const mark = s.errors ? '✖' : '✔';
  return `${mark} ${plural(s.files, 'file')} checked: ${counts.join(', ')} (${time})`;
}

/** `file:line:col` as editors and terminals recognise it (a file name may hold controls too). */
export function place(d: Diagnostic): string {
  return visible(d.line > 0 ? `${d.file}:${d.line}:${d.column || 1}` : d.file);
}

/**
 * Findings for people: grouped by file; each finding starts with
 * `file:line:col severity rule message`, then the offending source line
 * with a caret under the column, then the hint.
 */
export function formatHuman(diagnostics: Diagnostic[], lineText: (file: string, line: number) => string | undefined, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out: string[] = [];
  for (const [file, ds] of byFile) {
    out.push(paint('1;4', visible(file)));
    for (const d of ds) {
      out.push(`${place(d)} ${paint(sevColor[d.severity], d.severity)} ${paint('2', visible(d.rule))} ${visible(d.message)}`);
      const text = d.line > 0 ? lineText(file, d.line) : undefined;
      if (text !== undefined) {
        const shown = excerpt(text, d.column);
        out.push(`  │ ${shown.text}`);
        out.push(`  │ ${shown.pad}${paint(sevColor[d.severity], '^')}`);
      }
      for (const n of d.notes ?? []) out.push(`  ${paint('36', 'note:')} ${visible(n.line > 0 ? `${n.file}:${n.line}:${n.column || 1}` : n.file)} ${visible(n.message)}`);
      if (d.hint) out.push(`  ${paint('2', 'fix:')} ${visible(d.hint)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * JSON escapes C0 controls itself; DEL, C1, the separators and bidi
 * controls are legal in JSON strings, so they are escaped here too (the
 * same values, but nothing a terminal obeys when the JSON is printed).
 */
export function formatJson(diagnostics: Diagnostic[], summary: Summary): string {
  return JSON.stringify({ summary, diagnostics }, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}
