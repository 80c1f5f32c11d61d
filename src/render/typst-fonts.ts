/**
 * The edition's own fonts for the print edition (edition.json "printFonts":
 * font files inside the edition folder), which the compiler is given after
 * its embedded ones (typst.ts), for the characters those lack (CJK, Thai,
 * Arabic …).
 *
 * A font set is what a build passes down to wherever it typesets (its
 * threads, their Typst processes, a process of its own for a large letter):
 * the files' paths, the families Typst knows them by (read from each font's
 * `name` table, as Typst reads them) and the hash of their bytes, which is
 * in the cache keys of the PDFs. Each process reads the files once (the
 * build's main thread when it makes the set) and keeps their bytes by that
 * hash.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { isWithin } from '../within.js';

/** The edition's fonts as the build passes them to the typesetter (plain data: it crosses threads and processes). */
export interface PrintFontSet {
  /** The font files, absolute paths, in the order edition.json gives them. */
  files: string[];
  /** The families Typst knows them by, in that order, each once (typst.ts puts them after the design's own: sys.inputs "ed-fonts"). */
  families: string[];
  /** sha256 of the files' bytes, in order: the compiler that has them, and the PDFs' cache keys. */
  hash: string;
}

/** The extensions of the font files the print edition takes. */
export const PRINT_FONT_EXTENSIONS = ['.otf', '.ttf', '.ttc'];

/** True when the bytes begin as a font file does: OpenType with CFF ("OTTO"), TrueType (0x00010000, "true") or a collection ("ttcf"). */
export function isFontFile(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const tag = String.fromCharCode(head[0]!, head[1]!, head[2]!, head[3]!);
  return tag === 'OTTO' || tag === 'ttcf' || tag === 'true' || (head[0] === 0 && head[1] === 1 && head[2] === 0 && head[3] === 0);
}

/**
 * What is wrong with `path` (as edition.json gives it) as a font of the
 * print edition whose folder is `root`, or undefined when nothing is: it
 * must be a relative path inside the folder (no `..` out of it, no link
 * leading out), an existing regular file named .otf, .ttf or .ttc whose
 * first bytes are a font's. Reads only those bytes.
 */
export function printFontProblem(root: string, path: string): string | undefined {
  if (isAbsolute(path) || /^[A-Za-z]:|^[\\/]/.test(path)) return 'is not a path inside the edition folder (it must be relative to the folder of edition.json)';
  const folder = resolve(root);
  const file = resolve(folder, path);
  if (!isWithin(file, folder)) return 'lies outside the edition folder';
  if (!PRINT_FONT_EXTENSIONS.includes(extname(file).toLowerCase())) return 'is not named as a font file (.otf, .ttf or .ttc)';
  if (!lstatSync(file, { throwIfNoEntry: false })) return 'does not exist';
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return 'does not exist (a link to nothing)';
  }
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    realFolder = folder;
  }
  if (!isWithin(real, realFolder)) return 'is a link that leads out of the edition folder';
  const st = statSync(real, { throwIfNoEntry: false });
  if (!st?.isFile()) return 'is not a regular file';
  const head = new Uint8Array(4);
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    readSync(fd, head, 0, 4, 0);
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!isFontFile(head)) return 'is not a font file (its first bytes are not those of OpenType, TrueType or a TrueType collection)';
  return undefined;
}

/** The bytes of the font sets this process has read, by their hash. */
const blobs = new Map<string, Buffer[]>();

/**
 * The font set of these files (absolute, or relative to the working folder),
 * each read once: their bytes are kept for this process's compiler
 * (fontBlobs). Throws when a file cannot be read.
 */
export function printFontSet(files: readonly string[]): PrintFontSet {
  const paths = files.map((f) => resolve(f));
  const bytes = paths.map((f) => readFileSync(f));
  const hash = createHash('sha256');
  for (const b of bytes) hash.update(createHash('sha256').update(b).digest());
  const set: PrintFontSet = { files: paths, families: [...new Set(bytes.flatMap((b) => fontFamilies(b)))], hash: hash.digest('hex') };
  blobs.set(set.hash, bytes);
  return set;
}

/** The bytes of a font set, for the compiler: those read by printFontSet in this process, else read now (once). */
export function printFontBlobs(set: PrintFontSet): Buffer[] {
  let bytes = blobs.get(set.hash);
  if (!bytes) {
    bytes = set.files.map((f) => readFileSync(f));
    blobs.set(set.hash, bytes);
  }
  return bytes;
}

// ---------------------------------------------------------------- the name table

/** The families of a font file (each font of a collection), as Typst names them: the typographic family, else the family, without style words. */
export function fontFamilies(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const tag = view.getUint32(0);
    const offsets = tag === 0x74746366 /* ttcf */ ? Array.from({ length: view.getUint32(8) }, (_, i) => view.getUint32(12 + 4 * i)) : [0];
    const out: string[] = [];
    for (const offset of offsets) {
      const family = familyAt(view, offset);
      if (family && !out.includes(family)) out.push(family);
    }
    return out;
  } catch {
    return [];
  }
}

function familyAt(view: DataView, offset: number): string | undefined {
  const tables = view.getUint16(offset + 4);
  let name: number | undefined;
  for (let i = 0; i < tables; i++) {
    const record = offset + 12 + 16 * i;
    if (view.getUint32(record) === 0x6e616d65 /* name */) name = view.getUint32(record + 8);
  }
  if (name === undefined) return undefined;
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  const found = (id: number): string | undefined => {
    let best: { rank: number; text: string } | undefined;
    for (let i = 0; i < count; i++) {
      const r = name! + 6 + 12 * i;
      const [platform, encoding, language, nameId, length, at] = [view.getUint16(r), view.getUint16(r + 2), view.getUint16(r + 4), view.getUint16(r + 6), view.getUint16(r + 8), view.getUint16(r + 10)];
      if (nameId !== id) continue;
      const start = strings + at;
      let text: string | undefined;
      let rank: number;
      // As Typst's find_name: Unicode or Windows (UTF-16BE, English first), else Macintosh Roman (ASCII here).
      if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) {
        text = String.fromCharCode(...Array.from({ length: length >> 1 }, (_, k) => view.getUint16(start + 2 * k)));
        rank = platform === 3 && language === 0x409 ? 0 : 1;
      } else if (platform === 1 && encoding === 0 && language === 0) {
        text = String.fromCharCode(...Array.from({ length }, (_, k) => view.getUint8(start + k)));
        rank = 2;
      } else continue;
      if (!best || rank < best.rank) best = { rank, text };
    }
    return best?.text;
  };
  const family = found(16) ?? found(1);
  return family === undefined ? undefined : typographicFamily(family);
}

const SEPARATORS = [' ', '-', '_'];
const MODIFIERS = ['extra', 'ext', 'ex', 'x', 'semi', 'sem', 'sm', 'demi', 'dem', 'ultra'];
const SUFFIXES = ['normal', 'italic', 'oblique', 'slanted', 'thin', 'th', 'hairline', 'light', 'lt', 'regular', 'medium', 'med', 'md', 'bold', 'bd', 'demi', 'extb', 'black', 'blk', 'bk', 'heavy', 'narrow', 'condensed', 'cond', 'cn', 'cd', 'compressed', 'expanded', 'exp'];

/** A family name without its style words ("Noto Sans Bold" → "Noto Sans"), as Typst's typographic_family makes it. */
export function typographicFamily(given: string): string {
  const family = given.trim().replace(/^\.+/, '');
  const lower = family.toLowerCase();
  let trimmed = lower;
  let len = Number.MAX_SAFE_INTEGER;
  while (trimmed.length < len) {
    len = trimmed.length;
    let t = trimmed;
    let shortened = false;
    for (;;) {
      const s = SUFFIXES.find((x) => t.endsWith(x));
      if (!s) break;
      shortened = true;
      t = t.slice(0, -s.length);
    }
    if (!shortened) break;
    if (SEPARATORS.some((x) => t.endsWith(x))) {
      t = t.slice(0, -1);
      trimmed = t;
    }
    const m = MODIFIERS.find((x) => t.endsWith(x));
    if (m) {
      const before = t.slice(0, -m.length);
      if (SEPARATORS.some((x) => before.endsWith(x))) trimmed = before.slice(0, -1);
    }
  }
  return family.slice(0, len);
}
