/**
 * Bytes to text. The edition reads UTF-8 (with or without BOM) and UTF-16
 * with a BOM, which is what XML requires every processor to read; anything
 * else is refused with the position of the first bad byte rather than
 * decoded into mojibake.
 */

import { LineIndex } from './lines.js';

export interface DecodeProblem {
  /** 1-based line and column of the problem, counted in the decodable prefix. */
  line: number;
  column: number;
  rule: string;
  message: string;
  hint: string;
}

export type Decoded = { ok: true; text: string; encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' } | { ok: false; problem: DecodeProblem };

const SAVE_AS_UTF8 = 'Save the file as UTF-8 (in most editors: "Save with encoding" → UTF-8).';

export function decodeXml(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) {
    return { ok: false, problem: { line: 0, column: 0, rule: 'empty-file', message: 'the file is empty', hint: 'A TEI document needs at least <TEI xmlns="http://www.tei-c.org/ns/1.0">…</TEI>.' } };
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return utf16(bytes.subarray(2), 'UTF-16LE');
  if (b0 === 0xfe && b1 === 0xff) return utf16(bytes.subarray(2), 'UTF-16BE');
  if ((b0 === 0x3c && b1 === 0x00) || (b0 === 0x00 && b1 === 0x3c)) {
    return {
      ok: false,
      problem: { line: 1, column: 1, rule: 'encoding-utf16-without-bom', message: 'the file looks like UTF-16 but has no byte order mark', hint: SAVE_AS_UTF8 },
    };
  }
  const body = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, problem: invalidUtf8(body) };
  }
  const declared = declaredEncoding(text);
  if (declared && !/^utf-?8$/i.test(declared)) {
    return {
      ok: false,
      problem: {
        ...new LineIndex(text).position(declaredEncodingAt(text)?.offset ?? 0),
        rule: 'encoding-unsupported',
        message: `the XML declaration says encoding="${declared}", but the file is read as UTF-8`,
        hint: /^utf-?16/i.test(declared) ? 'Save the file as UTF-16 with a byte order mark, or as UTF-8 and declare encoding="UTF-8".' : `${SAVE_AS_UTF8} Then declare encoding="UTF-8".`,
      },
    };
  }
  return { ok: true, text, encoding: 'UTF-8' };
}

function utf16(body: Uint8Array, encoding: 'UTF-16LE' | 'UTF-16BE'): Decoded {
  try {
    const text = new TextDecoder(encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(body);
    const declared = declaredEncoding(text);
    if (declared && !/^utf-?16(le|be)?$/i.test(declared)) {
      return {
        ok: false,
        problem: { ...new LineIndex(text).position(declaredEncodingAt(text)?.offset ?? 0), rule: 'encoding-unsupported', message: `the file is ${encoding} (it starts with a byte order mark), but its XML declaration says encoding="${declared}"`, hint: SAVE_AS_UTF8 },
      };
    }
    return { ok: true, text: declareUtf8(text), encoding };
  } catch {
    return { ok: false, problem: { line: 1, column: 1, rule: 'encoding-invalid-utf16', message: `the file starts with a ${encoding} byte order mark but is not valid ${encoding}`, hint: SAVE_AS_UTF8 } };
  }
}

/**
 * The decoded text is handed on (to libxml2 and SaxonJS) as a JavaScript
 * string, i.e. no longer UTF-16: its declaration must not say so any more.
 * The name is replaced in place, padded with spaces after the closing
 * quote, so no offset after it moves.
 */
function declareUtf8(text: string): string {
  if (!text.startsWith('<?xml')) return text;
  const end = text.indexOf('?>');
  const m = /(\sencoding\s*=\s*)(["'])([^"']*)\2/.exec(text.slice(0, end === -1 ? 200 : end));
  if (!m || m.index === undefined) return text;
  const quote = m[2] as string;
  const replacement = `${m[1]}${quote}UTF-8${quote}`.padEnd(m[0].length, ' ');
  return text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
}

function declaredEncoding(text: string): string | undefined {
  return declaredEncodingAt(text)?.name;
}

/** The encoding name of the XML declaration and its offset in the text. */
function declaredEncodingAt(text: string): { name: string; offset: number } | undefined {
  if (!text.startsWith('<?xml')) return undefined;
  const end = text.indexOf('?>');
  const m = /\sencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, end === -1 ? 200 : end));
  if (!m) return undefined;
  return { name: m[1] as string, offset: m.index + m[0].length - 1 - (m[1] as string).length };
}

/** A UTF-8 file that is not XML (edition.json): its text, or where its first byte that is not UTF-8 stands. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: DecodeProblem } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: invalidUtf8(bytes) };
  }
}

/** Finds the first byte that is not valid UTF-8 and says where it is. */
function invalidUtf8(bytes: Uint8Array): DecodeProblem {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (!ok) break;
    i += need + 1;
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, i));
  // Counted like every other position (CR, LF and CR LF all end a line).
  const { line, column } = new LineIndex(prefix).position(prefix.length);
  const byte = (bytes[i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    line,
    column,
    rule: 'encoding-invalid-utf8',
    message: `byte 0x${byte} is not valid UTF-8 (the file is probably Latin-1 or Windows-1252)`,
    hint: SAVE_AS_UTF8,
  };
}
