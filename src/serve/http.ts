import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { CSP, esc } from '../site/html.js';
import { CHANNEL, CLIENT_JS, CLIENT_URL, EVENTS_URL, OVERLAY_CSS, OVERLAY_CSS_URL, type ServeState } from './client.js';
import { contentType, resolveRequestPath } from './paths.js';

/** The web edition as served: files by path relative to the web root. */
export type SiteFiles = ReadonlyMap<string, string | Uint8Array>;

/**
 * The built pages' policy plus the one thing the reload channel needs: the
 * page may open an EventSource to its own origin. Sent as a header and
 * written into each page's own <meta> policy (a page enforces both, so the
 * meta policy of a built page alone would block the channel).
 */
export const SERVE_CSP = `${CSP}; connect-src 'self'`;

const META_CSP = `<meta http-equiv="Content-Security-Policy" content="${CSP}">`;

/**
 * A served HTML page: the serve policy and the client script, which no built page has.
 * `session` names the server process: a page served by an earlier run of serve reloads
 * when it reconnects to this one, even where the version numbers happen to agree.
 */
export function injectClient(html: string, version: number, session?: string): string {
  const tag = `<script src="${CLIENT_URL}" data-version="${version}"${session ? ` data-session="${session}"` : ''} defer></script>\n`;
  const withPolicy = html.replace(META_CSP, `<meta http-equiv="Content-Security-Policy" content="${SERVE_CSP}">`);
  const at = withPolicy.indexOf('</head>');
  return at < 0 ? `${withPolicy}\n${tag}` : `${withPolicy.slice(0, at)}${tag}${withPolicy.slice(at)}`;
}

export interface PreviewServer {
  server: Server;
  /** The address the server listens on, e.g. http://127.0.0.1:4321/. */
  url: string;
  /** Sends the state to every open page. */
  broadcast(state: ServeState): void;
  close(): Promise<void>;
}

export interface PreviewOptions {
  host: string;
  port: number;
  /** The last good build (read on every request: a rebuild swaps it whole). */
  site: () => SiteFiles;
  state: () => ServeState;
  /**
   * True while the first build is running: a file not there yet is being
   * built, not missing (answered 503, a page with the client that reloads
   * when the build is served), never a 404 that would strand an open tab.
   */
  starting?: () => boolean;
}

/**
 * What a browser gets for a page that is not there (yet): a small page of
 * its own that carries the client, so that the tab reloads by itself once
 * a build makes the page (the first build after a start, a letter renamed
 * back, a broken new letter fixed). The client comes in with the serve
 * policy by injectClient; the page has no inline script or style.
 */
function missingPage(key: string, starting: boolean): string {
  const [title, text] = starting ? ['Building the edition…', `tei-edition serve is building the edition: this page (${key}) is shown as soon as it is built.`] : ['Not found', `There is no page ${key} in the edition as built now. This page reloads by itself when a build makes it (a letter renamed back, or fixed).`];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(title)} – tei-edition serve</title>
<link rel="stylesheet" href="/assets/edition.css">
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p>${esc(text)}</p>
<p><a href="/">The edition's first page</a></p>
</main>
</body>
</html>
`;
}

/** Whether a request is for a page (a browser's navigation, or a page's path), to answer one that is missing with a page. */
function wantsPage(req: IncomingMessage, key: string): boolean {
  if (/\.html?$/i.test(key) || !/\.[a-z0-9]+$/i.test(key.slice(key.lastIndexOf('/') + 1))) return true;
  return /\btext\/html\b/i.test(String(req.headers.accept ?? ''));
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Port in use, or not allowed: said in words, with what to do. */
export class ListenError extends Error {}

/**
 * The preview server: node:http, no framework (it answers GET and HEAD for
 * a map of files, plus one event stream). It never reads the disk: the
 * files are the build's own output held in memory, so a path can only name
 * a file the build made (no traversal, no symlink, no half-written file).
 */
export async function startPreviewServer(o: PreviewOptions): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  /** This run of the server (see injectClient). */
  const session = randomBytes(6).toString('hex');
  const message = (state: ServeState): string => `event: state\ndata: ${JSON.stringify({ ...state, session })}\n\n`;
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': SERVE_CSP,
  });
  const refuse = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, headers('text/plain; charset=utf-8')).end(`${text}\n`);
  };
  const send = (req: IncomingMessage, res: ServerResponse, type: string, body: string | Uint8Array, status = 200): void => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { ...headers(type), 'content-length': String(bytes.byteLength), ...(status === 503 ? { 'retry-after': '1' } : {}) });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };

  // Bound to the loopback address, the server answers only requests addressed
  // to it by a loopback name: a web page elsewhere cannot reach it through
  // DNS rebinding (a name of its own that resolves to 127.0.0.1). Bound to
  // another address (--host 0.0.0.0, to show the preview on the network), it
  // answers requests addressed by an IP address, by a loopback name, by the
  // name given to --host, or by this machine's own name (its hostname, and
  // NAME.local): a rebinding name (attacker.example resolving to this
  // machine's address) is refused there too.
  const loopback = LOOPBACK.has(o.host);
  const machine = hostname().toLowerCase();
  const named = new Set([...LOOPBACK, '[::1]', o.host.toLowerCase(), machine, `${machine}.local`]);
  const hostAllowed = (host: string | undefined): boolean => {
    const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (loopback) return LOOPBACK.has(name) || name === '[::1]';
    return named.has(name) || isIP(name) !== 0 || (name.startsWith('[') && name.endsWith(']') && isIP(name.slice(1, -1)) === 6);
  };
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return refuse(res, 405, 'method not allowed');
    }
    if (!hostAllowed(req.headers.host)) return refuse(res, 403, 'forbidden: unexpected Host header');
    const target = req.url ?? '/';
    const path = target.split(/[?#]/, 1)[0] ?? '';
    if (path === EVENTS_URL) {
      res.writeHead(200, { ...headers('text/event-stream; charset=utf-8'), connection: 'keep-alive' });
      // The browser retries quickly after a restart of the server.
      res.write(`retry: 500\n\n${message(o.state())}`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === CLIENT_URL) return send(req, res, 'text/javascript; charset=utf-8', CLIENT_JS);
    if (path === OVERLAY_CSS_URL) return send(req, res, 'text/css; charset=utf-8', OVERLAY_CSS);
    if (path.startsWith(`${CHANNEL}/`)) return refuse(res, 404, 'not found');
    const r = resolveRequestPath(target);
    if ('status' in r) return refuse(res, r.status, r.status === 403 ? 'forbidden: only files of the web edition are served' : 'bad request');
    const body = o.site().get(r.key);
    if (body === undefined && r.key === 'favicon.ico') return void res.writeHead(204, headers('image/x-icon')).end(); // browsers ask for it; the edition has none
    if (body === undefined) {
      const starting = o.starting?.() ?? false;
      const status = starting ? 503 : 404;
      if (wantsPage(req, r.key)) return send(req, res, 'text/html; charset=utf-8', injectClient(missingPage(r.key, starting), o.state().version, session), status);
      return refuse(res, status, starting ? `building the edition: ${r.key} is not built yet` : `not found: ${r.key}`);
    }
    const type = contentType(r.key);
    if (type.startsWith('text/html')) return send(req, res, type, injectClient(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'), o.state().version, session));
    return send(req, res, type, body);
  });
  // Keep-alive comments so that proxies and idle timers leave the stream open.
  const ping = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15_000);
  ping.unref();

  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') fail(new ListenError(`port ${o.port} on ${o.host} is in use (another serve, or another server): choose another with --port N (or --port 0 for any free port)`));
      else if (e.code === 'EACCES') fail(new ListenError(`not allowed to listen on port ${o.port} of ${o.host}: choose a port above 1023 with --port N`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') fail(new ListenError(`cannot listen on ${o.host}: it is not an address of this machine (--host)`));
      else fail(e);
    });
    server.listen(o.port, o.host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}/`,
    broadcast(state: ServeState): void {
      const text = message(state);
      for (const c of clients) c.write(text);
    },
    async close(): Promise<void> {
      clearInterval(ping);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
