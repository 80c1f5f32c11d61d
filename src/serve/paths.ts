/**
 * From a request's target to the key of a served file (its path relative
 * to the web root), or the status that refuses it. The server only ever
 * looks keys up in the built site's file map, so nothing outside the web
 * edition can be reached whatever this returns; it still refuses every
 * attempt to climb out explicitly (literal or percent-encoded `..`,
 * backslashes, NUL) rather than relying on URL normalisation, so the
 * attempt is visible as a 403 in tests and logs.
 */
export type Resolved = { key: string } | { status: 400 | 403 };

export function resolveRequestPath(target: string): Resolved {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return { status: 400 };
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 400 };
    }
    if (segment === '..' || segment === '.' || /[/\\\0]/.test(segment)) return { status: 403 };
    segments.push(segment);
  }
  // A folder (trailing slash, or the root) means its index page.
  if (segments.length === 0 || segments[segments.length - 1] === '') segments[segments.length ? segments.length - 1 : 0] = 'index.html';
  if (segments.some((s) => s === '')) return { status: 403 }; // '//' would be an absolute path on disk
  return { key: segments.join('/') };
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  bib: 'text/plain; charset=utf-8',
  ris: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  woff2: 'font/woff2',
};

export function contentType(key: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
