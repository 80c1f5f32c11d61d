import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from './source.js';
import { TEI_NS } from './source.js';
import { isWithin, realFolder } from '../within.js';
import { expandReferences } from './scan.js';

/**
 * Images of a document (`<graphic url>`, `<media url>`) for the web
 * edition. A page opened from disk would make the browser fetch any URL it
 * names (`/etc/passwd` becomes file:///etc/passwd), and an http(s) image
 * tells a server who reads the letter. So:
 * - a relative URL naming an image file inside the edition folder is
 *   copied into the web edition (web/images/<its path in the edition folder>);
 * - an http(s) URL is not loaded by the page: the stylesheet shows a link
 *   to it instead (the reader decides);
 * - anything else (an absolute path, file:, data:, a path out of the edition
 *   folder, a hidden file or folder or node_modules, by the path written or
 *   where a link leads, as for xi:include; a missing file; not an image, or
 *   a raster image whose bytes are not its format's) is left out with a warning.
 */
export interface DocumentGraphics {
  /** @url as written → the src for the document page (relative to web/documents/). */
  srcs: Record<string, string>;
  /** Files for the web edition, by path under the output folder (web/images/…). */
  files: Map<string, Uint8Array>;
  /** @url as written → the image's path in the edition folder ('/'-separated): the print edition's name for it (src/render/print.ts). */
  paths: Record<string, string>;
  findings: Diagnostic[];
}

const IMAGE_TYPES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg']);


export async function graphicsOf(source: Source, editionRoot = '.'): Promise<DocumentGraphics> {
  // The edition folder's real path, found once and only for a letter with an image file to place: a build asks
  // this of every letter, and most have none (the call went to the thread pool and back, 3 ms a letter of the
  // render thread's time at 1,000 letters, for nothing).
  let rootOnce: Promise<string> | undefined;
  const editionFolder = (): Promise<string> => (rootOnce ??= realFolder(editionRoot));
  const out: DocumentGraphics = { srcs: {}, files: new Map(), paths: {}, findings: [] };
  for (const { local, attr, url } of shownGraphics(source)) {
    if (url in out.srcs) continue;
    const at = source.lines.position(attr.valueOffset);
    const refuse = (rule: string, why: string, hint: string): void => {
      out.findings.push({ file: source.file, line: at.line, column: at.column, severity: 'warning', source: 'security', rule, message: `<${local} url="${url}">: ${why}; the image is left out of the web edition`, hint });
    };
    const u = url.trim();
    if (/^https?:\/\//i.test(u)) continue; // shown as a link, never loaded (xslt/html/text.xsl)
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u) || u.startsWith('/') || u.startsWith('\\') || u.startsWith('//')) {
      refuse('graphic-url', 'an absolute path or a URL of another scheme than http(s)', 'Put the image in the edition folder and give its path relative to this file (e.g. images/page1.jpg), or give its http(s) address.');
      continue;
    }
    const path = urlPath(u);
    if (path === '') {
      refuse('graphic-missing', 'the url names no file', 'Give the path of the image file, relative to this TEI file (e.g. images/page1.jpg).');
      continue;
    }
    // A line break or another control character in the path (url="new&#10;line.png"): the typesetter is given
    // the path with its line break as a space and failed the whole PDF ("file not found"); no image file needs one.
    const control = /[\u0000-\u001f\u007f-\u009f]/.exec(path);
    if (control) {
      refuse('graphic-url', `the path holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${control[0] === '\n' ? ', a line break' : control[0] === '\t' ? ', a tab' : ''})`, 'Rename the image file without line breaks, tabs or other control characters, and give that name.');
      continue;
    }
    const file = resolve(dirname(source.file), path);
    // As xi:include (load/xinclude.ts): hidden files and folders (.git, whose config a CI checkout gives a token;
    // .env; .ssh) and installed packages are no part of the edition, by the path written or where a link leads.
    // (A path out of the edition folder is graphic-outside's, below.)
    const hiddenIn = (from: string, to: string): string | undefined => {
      const segments = relative(from, to).split(sep);
      return segments[0] === '..' ? undefined : segments.find((segment) => segment.startsWith('.') || segment === 'node_modules');
    };
    const hideout = (hidden: string): void =>
      refuse('graphic-hidden', `the file lies in ${hidden === 'node_modules' ? 'node_modules' : `a hidden file or folder (${hidden})`}, which is not part of the edition`, 'Keep the edition\'s images in ordinary folders (e.g. images/), not in a folder or file whose name begins with a dot.');
    const writtenHidden = hiddenIn(resolve(editionRoot), file);
    if (writtenHidden) {
      hideout(writtenHidden);
      continue;
    }
    const real = await realpath(file).catch(() => undefined);
    const kind = real && (await stat(real).then((s) => (s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other'), () => undefined));
    if (!real || kind !== 'file') {
      refuse('graphic-missing', kind === 'folder' ? `${relative('.', file) || '.'} is a folder, not an image file` : `no such file ${relative('.', file)}`, 'Check the path: it is relative to this TEI file.');
      continue;
    }
    const root = await editionFolder();
    if (!isWithin(real, root)) {
      refuse('graphic-outside', 'the file lies outside the edition folder', 'Copy the image into the edition folder and point to the copy.');
      continue;
    }
    const realHidden = hiddenIn(root, real);
    if (realHidden) {
      hideout(realHidden);
      continue;
    }
    const ext = extname(real).toLowerCase();
    if (!IMAGE_TYPES.has(ext)) {
      refuse('graphic-type', `not an image the web edition shows (${[...IMAGE_TYPES].join(', ')})`, 'Convert the image to PNG or JPEG.');
      continue;
    }
    const bytes = new Uint8Array(await readFile(real));
    // A raster image must begin as its format's files do: a file named .png that holds HTML (or a key) is not published as an image.
    const expected = RASTER_FORMATS[ext];
    if (expected && rasterFormatOf(bytes) !== expected) {
      const actual = rasterFormatOf(bytes);
      refuse('graphic-type', `its name says ${expected}, but ${actual ? `its bytes are a ${actual} image's` : 'its bytes do not begin as an image\'s'}`, actual ? `Rename it to end in ${EXTENSION_OF[actual]}, or save it again as ${expected}.` : 'Check the file: open it in an image viewer, and save it again as PNG or JPEG.');
      continue;
    }
    const active = ext === '.svg' ? activeSvgContent(bytes) : undefined;
    if (active) {
      refuse('graphic-active', `an SVG image with ${active}, which would run in the edition's pages if the image were opened by itself`, 'Remove the scripts, event handlers and javascript: links from the SVG (or export it again as a plain drawing, or as PNG).');
      continue;
    }
    const external = ext === '.svg' ? externalSvgReference(bytes) : undefined;
    if (external) {
      refuse('graphic-active', `an SVG image with ${external}, which a browser would load or follow if the image were opened by itself (another server would learn who reads the edition)`, 'Remove the reference from the SVG (embed the font, image or style in the file, or export it again as a plain drawing, or as PNG): an SVG may point only into itself (#id), to a file in its own folder, or hold a data:image/png, jpeg, gif or webp.');
      continue;
    }
    // Named by its place in the edition folder: the same image of two letters is stored once, and
    // the page's src does not change when the image is edited (cached pages stay right).
    const place = relative(root, real).split(sep).join('/');
    const name = `images/${place}`;
    out.srcs[url] = `../${name.split('/').map(encodeURIComponent).join('/')}`;
    out.files.set(`web/${name}`, bytes);
    out.paths[url] = place;
  }
  return out;
}

/** The raster formats the web edition shows, by extension (SVG is text, read by activeSvgContent). */
export const RASTER_FORMATS: Readonly<Record<string, string>> = { '.png': 'PNG', '.jpg': 'JPEG', '.jpeg': 'JPEG', '.gif': 'GIF', '.webp': 'WebP', '.avif': 'AVIF' };
const EXTENSION_OF: Readonly<Record<string, string>> = { PNG: '.png', JPEG: '.jpg', GIF: '.gif', WebP: '.webp', AVIF: '.avif' };

/**
 * The raster format whose files begin as these bytes do (their signatures: PNG's eight bytes, JPEG's SOI marker and
 * the next marker's FF, GIF87a/GIF89a, RIFF…WEBP, an ISO-BMFF ftyp box naming the avif or avis brand), or undefined.
 */
export function rasterFormatOf(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'PNG';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'GIF';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'WebP';
  if (bytes.length >= 16 && ascii(4, 8) === 'ftyp') {
    // The box: its size, 'ftyp', the major brand, a version, then the compatible brands.
    const size = Math.min(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0, bytes.length, 4096);
    for (let at = 8; at + 4 <= size; at += at === 8 ? 8 : 4) if (['avif', 'avis'].includes(ascii(at, at + 4))) return 'AVIF';
  }
  return undefined;
}

/**
 * The graphic and media elements of a document that its page shows, with their url: not those in the header, the
 * standOff, a facsimile, a sourceDoc outside the text (xslt/html/text.xsl renders none of them, and they are neither
 * placed nor warned of).
 */
function* shownGraphics(source: Source): Generator<{ local: string; attr: Source['elements'][number]['attributes'][number]; url: string }> {
  // The names of the open elements, by depth.
  const open: string[] = [];
  for (const e of source.elements) {
    const local = e.name.slice(e.name.indexOf(':') + 1);
    open.length = e.depth;
    open.push(e.namespace === TEI_NS ? local : '');
    if (e.namespace !== TEI_NS || (local !== 'graphic' && local !== 'media')) continue;
    const outside = open.slice(0, -1);
    if (outside.some((n) => n === 'teiHeader' || n === 'standOff' || n === 'facsimile') || (outside.includes('sourceDoc') && !outside.includes('text'))) continue;
    const attr = e.attributes.find((a) => a.name === 'url');
    if (attr) yield { local, attr, url: expandReferences(attr.raw) };
  }
}

/** The file path a relative url names (percent-escapes decoded, query and fragment dropped). */
function urlPath(u: string): string {
  try {
    return decodeURIComponent(u.replace(/[?#].*$/, ''));
  } catch {
    return u.replace(/[?#].*$/, '');
  }
}

/**
 * The files the images of a document would be read from (graphicsOf reads and checks them), from the working
 * folder, without reading or finding them: what a build's cache keys its PDF by, which holds their bytes
 * (build/index.ts). Only relative urls: the others are never read.
 */
export function graphicFiles(source: Source): string[] {
  const files = new Set<string>();
  for (const { url } of shownGraphics(source)) {
    const u = url.trim();
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u) || u.startsWith('/') || u.startsWith('\\')) continue;
    const path = urlPath(u);
    if (path !== '') files.add(relative('.', resolve(dirname(source.file), path)));
  }
  return [...files].sort();
}

/**
 * What in an SVG file would run as the web edition's own code: a page shows
 * it through <img>, where scripts never run, but the file lies in
 * web/images/ on the edition's own site, and opened there by itself (a
 * link, "open image in new tab") its scripts run with the site's origin.
 * Read as text (UTF-16 by its byte-order mark, else UTF-8), after
 * character references are expanded and the blanks browsers drop inside a
 * URL's scheme are taken out: a script element, an event-handler attribute
 * (onload=…, wherever it stands), a javascript: URL, the elements that
 * embed other documents (foreignObject, iframe, embed, object), and what
 * could hide them: entity declarations, stylesheet instructions, text that
 * is not UTF-8 or UTF-16 with its mark. Undefined for a drawing with none
 * of them.
 */
export function activeSvgContent(bytes: Uint8Array): string | undefined {
  const decoded = svgDecoded(bytes);
  if (decoded.includes('\u0000')) return 'text the toolkit cannot read (NUL characters: UTF-16 or UTF-32 without a byte-order mark?)';
  // An entity declared in the file can spell what the checks below look for ("java" + "script:").
  if (/<!ENTITY/i.test(decoded)) return 'an entity declaration (which can spell a script or a javascript: link)';
  // A stylesheet processing instruction: a browser may transform the file by it (XSLT) into a page with scripts.
  if (/<\?xml-stylesheet/i.test(decoded)) return 'a stylesheet instruction (<?xml-stylesheet?>, which can make it a page with scripts)';
  const text = withCharacterReferences(decoded);
  if (/<(?:[\w.-]+:)?script[\s/>]/i.test(text)) return 'a script element';
  // Anywhere, not only inside a tag as a pattern reads it: a ">" in an earlier attribute's value ended the tag there.
  if (/[\s"'/]on[a-z]+\s*=/i.test(text)) return 'an event-handler attribute (on…=)';
  if (/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(text)) return 'a javascript: URL';
  const embedded = /<(?:[\w.-]+:)?(foreignObject|iframe|embed|object)[\s/>]/i.exec(text);
  if (embedded) return `an embedded document (${embedded[1]})`;
  return undefined;
}

/** The SVG's text as the browser reads it: UTF-16 by its byte-order mark (an onload= in UTF-16 went unseen as UTF-8), else UTF-8. */
function svgDecoded(bytes: Uint8Array): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

/** Character references expanded (&#x6A; → j). */
function withCharacterReferences(text: string): string {
  return text.replace(/&#(?:x([0-9a-f]+)|([0-9]+));?/gi, (_m, hex: string | undefined, dec: string | undefined) => {
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * What in an SVG (one activeSvgContent passed) a browser would load or follow out of the image when the file is
 * opened by itself (as an <img> the page loads nothing it names): a reference that is not to the image itself.
 * The rule: every link (href, xlink:href, any prefix:href) and every CSS url() (in a style element or attribute, a
 * presentation attribute such as fill="url(…)"; CSS escapes decoded first) must be a same-document #fragment, a
 * relative path that stays in the image's folder (no scheme, no leading / or \, no .. segment, also
 * percent-encoded), or a data:image/png, jpeg, gif or webp; data:text/html and any http(s) or other scheme are not.
 * An @import, an image-set() (which takes plain strings), an xml:base (which would move the relative paths) and
 * an animation of a link (<set attributeName="href" to="…">) are refused whatever they name. Read as text, so a
 * pattern in a comment or text counts too (a false positive: the image is left out). Undefined when there are none.
 */
export function externalSvgReference(bytes: Uint8Array): string | undefined {
  const text = withCharacterReferences(svgDecoded(bytes));
  const outside = (raw: string): boolean => {
    // Browsers drop tabs and newlines from a URL and blanks around it.
    const v = raw.replace(/[\t\n\r]/g, '').trim();
    if (v === '' || v.startsWith('#')) return false;
    if (/^data:image\/(?:png|jpeg|gif|webp)[;,]/i.test(v)) return false;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) || v.startsWith('/') || v.startsWith('\\')) return true;
    let path = v.replace(/[?#].*$/, '');
    try {
      path = decodeURIComponent(path);
    } catch {
      return true;
    }
    return path.split(/[/\\]/).some((segment) => segment === '..' || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(segment));
  };
  const short = (v: string): string => (v.length > 60 ? `${v.slice(0, 57)}…` : v);
  for (const m of text.matchAll(/(?:^|[\s"'/])((?:[\w.-]+:)?href)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const value = m[2] ?? m[3] ?? '';
    if (outside(value)) return `a link out of its folder (${m[1]}="${short(value)}")`;
  }
  if (/(?:^|[\s"'/])xml:base\s*=/i.test(text)) return 'an xml:base (which moves its links)';
  if (/attributeName\s*=\s*["']\s*(?:[\w.-]+:)?href\s*["']/i.test(text)) return 'an animation of a link (attributeName="href")';
  // CSS escapes decoded (u\72l( is url(, @\69mport is @import).
  const css = text.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|\r\n|([\s\S]))/gi, (_m, hex: string | undefined, ch: string | undefined) => {
    if (hex === undefined) return ch && ch !== '\n' && ch !== '\r' && ch !== '\f' ? ch : '';
    const code = parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
  if (/@import/i.test(css)) return 'a stylesheet import (@import)';
  if (/image-set\s*\(/i.test(css)) return 'an image-set()';
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))/gi)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    if (outside(value)) return `a reference out of its folder (url(${short(value.trim())}))`;
  }
  return undefined;
}
