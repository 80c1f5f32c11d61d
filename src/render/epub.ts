/**
 * The edition as an e-book: dist/print/edition.epub, EPUB 3 of the same
 * volume as edition.pdf (src/render/book.ts): a cover page, a title page
 * with how to cite the volume, the introduction, a list of sources, one
 * XHTML content document per letter (the web edition's rendering of it,
 * turned into EPUB markup by epub-body.ts: note calls as noteref, notes as
 * footnotes; a ref or ptr to another letter as a link to its document),
 * indexes of persons, places and
 * organisations that link to the letters instead of giving pages, letters
 * by correspondent, and the navigation document.
 *
 * Deterministic: every file has the volume's date as its time stamp, the
 * files are written in a fixed order (mimetype first, stored), and the
 * identifier is the settings' identifier, else one derived from the
 * edition's title and documents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { TOOLKIT_ROOT } from '../paths.js';
import { epubBody, type EpubLetterTarget } from './epub-body.js';
import type { RenderedDocument } from './html.js';
import type { EditionSettings } from '../settings/types.js';
import { bookLanguage, NO_SOURCES, sourceTexts, volumeCitation, type IndexEntry, type VolumePart } from './book.js';

import { esc as escHtml } from '../site/html.js';
import { neutraliseText } from '../controls.js';

const EPUB_CSS = join(TOOLKIT_ROOT, 'assets', 'epub.css');

export interface EpubLetter {
  part: VolumePart;
  /** The parts of the letter's web rendering the EPUB uses (a build may hold only these, not the whole rendering). */
  html: EpubHtml;
}

export type EpubHtml = Pick<RenderedDocument, 'lang' | 'title' | 'header' | 'text' | 'notes' | 'apparatus'>;

export interface EpubOptions {
  settings?: EditionSettings;
  title: string;
  /** The volume's date (time stamps, dcterms:modified). */
  date: Date;
  entries: readonly IndexEntry[];
  correspondents: readonly [string, [number, 'from' | 'to'][]][];
}

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** The EPUB of the letters (in volume order) as bytes. */
export async function renderEpub(letters: readonly EpubLetter[], options: EpubOptions): Promise<Uint8Array> {
  const settings = options.settings ?? {};
  const lang = bookLanguage(settings.language, letters.map((l) => l.html.lang));
  const files: [string, string][] = [];
  const content = (name: string, title: string, body: string, type = '') => files.push([`OEBPS/${name}`, xhtml(lang, title, body, type)]);

  content('cover.xhtml', options.title, `<section epub:type="cover" class="cover"><h1>${esc(options.title)}</h1>${settings.subtitle ? `<p class="subtitle">${esc(settings.subtitle)}</p>` : ''}${editorsLine(settings)}</section>`);
  content('title.xhtml', 'Title page', titlePage(options.title, settings), 'frontmatter');
  const front: [string, string][] = [['cover.xhtml', 'Cover'], ['title.xhtml', 'Title page']];
  if (settings.introduction?.trim()) {
    content('introduction.xhtml', 'Introduction', `<section epub:type="introduction"><h1>Introduction</h1>${paragraphs(settings.introduction)}</section>`, 'frontmatter');
    front.push(['introduction.xhtml', 'Introduction']);
  }
  content('sources.xhtml', 'Sources', `<section><h1>Sources</h1>${sources(letters)}</section>`, 'frontmatter');
  front.push(['sources.xhtml', 'Sources']);

  const letterFiles: [string, string][] = [];
  const bodies = letterBodies(letters);
  for (const [i, { part, html }] of letters.entries()) {
    const name = letterFile(part.number);
    const body = bodies[i]!;
    bodies[i] = '';
    content(name, `${part.number}. ${html.title}`, `<section epub:type="chapter" class="letter"><p class="letter-number">No. ${part.number}</p>${body}</section>`, 'bodymatter');
    letterFiles.push([name, `${part.number}. ${tocLine(part)}`]);
  }

  const back: [string, string][] = [];
  for (const [kind, heading, file] of [['person', 'Index of persons', 'index-persons.xhtml'], ['place', 'Index of places', 'index-places.xhtml'], ['org', 'Index of organisations', 'index-organisations.xhtml']] as const) {
    const list = options.entries.filter((e) => e.kind === kind && e.letters.length);
    if (!list.length) continue;
    const items = list.map((e) => `<li>${esc(e.label)}${e.detail ? ` (${esc(e.detail)})` : ''}: ${e.letters.map((n) => `<a href="${letterFile(n)}">${n}</a>`).join(', ')}</li>`);
    content(file, heading, `<section epub:type="index"><h1>${heading}</h1><ul class="index">${items.join('')}</ul></section>`, 'backmatter');
    back.push([file, heading]);
  }
  if (options.correspondents.length) {
    const items = options.correspondents.map(([name, list]) => `<li>${esc(name)}: ${list.map(([n, role]) => `<a href="${letterFile(n)}">${n}</a>${role === 'to' ? ' (to)' : ''}`).join(', ')}</li>`);
    content('correspondents.xhtml', 'Letters by correspondent', `<section><h1>Letters by correspondent</h1><ul class="index">${items.join('')}</ul></section>`, 'backmatter');
    back.push(['correspondents.xhtml', 'Letters by correspondent']);
  }

  const nav = navDocument(lang, options.title, front, letterFiles, back);
  const identifier = settings.identifier ?? `urn:uuid:${uuidFrom(`${options.title}\u0000${letters.map((l) => l.part.model.id).join('\u0000')}`)}`;
  const opf = packageDocument({ lang, identifier, title: options.title, settings, date: options.date, files: files.map(([p]) => p.slice('OEBPS/'.length)) });

  // Zip time stamps (DOS dates) hold only 1980–2099; a volume of 1900 letters is dated by them.
  const mtime = zipTime(new Date(Math.min(Math.max(options.date.getTime(), Date.UTC(1980, 0, 1, 12)), Date.UTC(2099, 11, 31))));
  const zippable: Zippable = {};
  // The mimetype first and stored (OCF); the rest deflated, all with the volume's date.
  zippable['mimetype'] = [strToU8('application/epub+zip'), { level: 0, mtime }];
  zippable['META-INF/container.xml'] = [strToU8(CONTAINER), { mtime }];
  zippable['OEBPS/content.opf'] = [strToU8(opf), { mtime }];
  zippable['OEBPS/nav.xhtml'] = [strToU8(nav), { mtime }];
  zippable['OEBPS/edition.css'] = [strToU8(readFileSync(EPUB_CSS, 'utf8')), { mtime }];
  for (const [path, text] of files) zippable[path] = [strToU8(text), { mtime }];
  return zipSync(zippable, { level: 6, mtime });
}

/**
 * The letters' EPUB bodies, in their order: a ref or ptr to another letter of
 * the book links its content document (the web page's link to `<id>.html`,
 * `<id>.html#p2`), at the element named if that document has its id, else
 * at its start. Each body is made once, the fragments kept while the ids
 * of the bodies are not known; a letter that points at an id its target
 * turns out not to have is made again, knowing them all.
 */
function letterBodies(letters: readonly EpubLetter[]): string[] {
  const targets = new Map<string, EpubLetterTarget>(letters.map(({ part }) => [`${part.model.id}.html`, { file: letterFile(part.number) }]));
  const parts = (i: number): string => {
    const { html } = letters[i]!;
    return `${html.header}${html.text}${html.notes}${html.apparatus}`;
  };
  const idsOf = new Map<string, Set<string>>();
  const pending: [string, string][][] = [];
  const bodies = letters.map(({ part }, i) => {
    const ids = new Set<string>();
    const unchecked: [string, string][] = [];
    const body = epubBody(parts(i), { letters: targets, ids, unchecked });
    idsOf.set(letterFile(part.number), ids);
    pending[i] = unchecked;
    return body;
  });
  if (pending.some((list) => list.some(([file, id]) => !idsOf.get(file)?.has(id)))) {
    const known = new Map([...targets].map(([page, t]) => [page, { ...t, ids: idsOf.get(t.file) ?? new Set<string>() }]));
    for (const [i, list] of pending.entries()) {
      if (list.some(([file, id]) => !idsOf.get(file)?.has(id))) bodies[i] = epubBody(parts(i), { letters: known });
    }
  }
  return bodies;
}

/**
 * The zip's time for a UTC time: fflate writes DOS time stamps from the local
 * time of the Date it is given, so a Date whose local time reads as the UTC
 * time makes the same bytes under any TZ (a volume built in New York was
 * dated the day before, and its EPUB differed from one built in Berlin).
 */
export function zipTime(utc: Date): Date {
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

const letterFile = (n: number) => `letter-${String(n).padStart(4, '0')}.xhtml`;

function xhtml(lang: string, title: string, body: string, type: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="${XHTML_NS}" xmlns:epub="http://www.idpf.org/2007/ops" lang="${esc(lang)}" xml:lang="${esc(lang)}">
<head>
<meta charset="UTF-8"/>
<title>${esc(title)}</title>
<link rel="stylesheet" type="text/css" href="edition.css"/>
</head>
<body${type ? ` epub:type="${type}"` : ''}>
${body}
</body>
</html>
`;
}

function editorsLine(settings: EditionSettings): string {
  const editors = (settings.editors ?? []).map((e) => e.name);
  return editors.length ? `<p class="editors">Edited by ${esc(joinNames(editors))}</p>` : '';
}

function joinNames(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
}

function titlePage(title: string, settings: EditionSettings): string {
  const { editors, title: fullTitle, imprint, publisher, year } = volumeCitation(title, settings);
  const licences = (settings.licences ?? []).map((l) => `<a href="${esc(l.url)}">${esc(l.name ?? l.url)}</a>${l.appliesTo ? ` for the ${esc(l.appliesTo)}` : ''}`);
  const cite = `${esc(editors)}<cite>${esc(fullTitle)}</cite>${esc(imprint)}`;
  return [
    '<section epub:type="titlepage">',
    `<h1>${esc(title)}</h1>`,
    settings.subtitle ? `<p class="subtitle">${esc(settings.subtitle)}</p>` : '',
    editorsLine(settings),
    publisher ? `<p>${esc(publisher)}${year ? `, ${esc(year)}` : ''}</p>` : '',
    licences.length ? `<p>Licence: ${licences.join('; ')}.</p>` : '',
    `<p class="cite"><strong>How to cite this volume:</strong> ${cite}</p>`,
    '</section>',
  ].join('');
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}

function sources(letters: readonly EpubLetter[]): string {
  const items = letters.flatMap(({ part }) => sourceTexts(part.model).map((text) => `<li><a href="${letterFile(part.number)}">${part.number}</a> ${esc(text)}</li>`));
  return items.length ? `<ul class="index">${items.join('')}</ul>` : `<p>${esc(NO_SOURCES)}</p>`;
}

function tocLine(part: VolumePart): string {
  return [part.toc.who, part.toc.place, part.toc.date].filter(Boolean).join(', ');
}

function navDocument(lang: string, title: string, front: [string, string][], letters: [string, string][], back: [string, string][]): string {
  const li = ([href, label]: [string, string]) => `<li><a href="${href}">${esc(label)}</a></li>`;
  return xhtml(
    lang,
    title,
    [
      '<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>',
      ...front.map(li),
      letters.length ? `<li><a href="${letters[0]![0]}">Letters</a><ol>${letters.map(li).join('')}</ol></li>` : '',
      ...back.map(li),
      '</ol></nav>',
      '<nav epub:type="landmarks" id="landmarks" hidden=""><h2>Landmarks</h2><ol>',
      '<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>',
      '<li><a epub:type="toc" href="nav.xhtml">Contents</a></li>',
      letters.length ? `<li><a epub:type="bodymatter" href="${letters[0]![0]}">Letters</a></li>` : '',
      '</ol></nav>',
    ].join('\n'),
    '',
  );
}

function packageDocument(p: { lang: string; identifier: string; title: string; settings: EditionSettings; date: Date; files: string[] }): string {
  const modified = p.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const s = p.settings;
  const item = (href: string) => {
    const id = `f-${href.replace(/[^A-Za-z0-9]/g, '-')}`;
    return `    <item id="${id}" href="${esc(href)}" media-type="application/xhtml+xml"/>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${esc(p.lang)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">${esc(p.identifier)}</dc:identifier>
    <dc:title>${esc(p.title)}</dc:title>
    <dc:language>${esc(p.lang)}</dc:language>
${(s.editors ?? []).map((e, i) => `    <dc:contributor id="editor-${i + 1}">${esc(e.name)}</dc:contributor>\n    <meta refines="#editor-${i + 1}" property="role" scheme="marc:relators">edt</meta>`).join('\n')}
${s.publisher ? `    <dc:publisher>${esc(s.publisher)}</dc:publisher>` : ''}
${s.date ? `    <dc:date>${esc(s.date)}</dc:date>` : ''}
${(s.licences ?? []).map((l) => `    <dc:rights>${esc(`${l.name ?? l.url}${l.name ? ` (${l.url})` : ''}${l.appliesTo ? ` for the ${l.appliesTo}` : ''}`)}</dc:rights>`).join('\n')}
    <meta property="dcterms:modified">${modified}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="edition.css" media-type="text/css"/>
${p.files.map(item).join('\n')}
  </manifest>
  <spine>
${p.files.map((f) => `    <itemref idref="f-${f.replace(/[^A-Za-z0-9]/g, '-')}"/>${f === 'title.xhtml' ? '\n    <itemref idref="nav"/>' : ''}`).join('\n')}
  </spine>
</package>
`.replace(/\n\n+/g, '\n');
}

/** A name-based (version 5 style) UUID from SHA-256 of the text: the same edition gets the same identifier. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Text for the XHTML: controls neutralised (XML 1.0 forbids most C0), then the page escaping of the site. */
function esc(s: string): string {
  return escHtml(neutraliseText(s));
}
