import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { hostname, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { startServe, type ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { buildEdition } from '../../src/build/index.js';
import { resolveRequestPath } from '../../src/serve/paths.js';
import { CLIENT_URL, EVENTS_URL } from '../../src/serve/client.js';
import { ListenError, SERVE_CSP, startPreviewServer } from '../../src/serve/http.js';
import { CSP } from '../../src/site/html.js';
import { openStates, raw, save, type StateStream, startServeOneWorker } from './sse.js';
import { runCli } from '../cli.js';

// The real server on a free port, over a copy of the fixture edition (the repo's files are never touched): three of
// its five letters and the shared register file. The letter the tests save, another one (a letter with errors beside
// a saved one) and the saved letter's answer (its neighbour in time and in its correspondence); the other two would
// only add their checks and renderings to every round that makes all letters again (the start, the settings and
// register edits, the clean build) without any test looking at them.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const LEFT_OUT = new Set(['moreau-whitcombe-1852.xml', 'whitcombe-moreau-1854-02-11.xml']);
const LETTER_ID = 'whitcombe-lindqvist-1851-03-14';
let dir: string;
let letter: string;
let original: string;
let session: ServeSession;
let origin: string;
let events: StateStream;
/** The saved letter's page as served at each reload made by a round of saves (before the whole build that follows). */
const pagesAtReload: string[] = [];
/** The session's events, by type, in order. */
const eventLog: string[] = [];
/** The web files of a clean build (no serve) of the edition once the saves are settled (tests below). */
let cleanWeb: Map<string, string | Uint8Array> | undefined;
/** Called once at the next reload made by a round of saves. */
let atNextReload: (() => void) | undefined;

/** 1-based line and column of an offset, as findings count them. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const page = async (path: string): Promise<string> => (await fetch(`${origin}/${path}`)).text();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-'));
  cpSync(FIXTURE, dir, { recursive: true, filter: (f) => !LEFT_OUT.has(basename(f)) });
  letter = join(dir, 'tei', `${LETTER_ID}.xml`);
  original = readFileSync(letter, 'utf8');
  const settings = join(dir, 'edition.json');
  // One worker process, not one per core: the session's checks and renderings still run off the thread that
  // answers the browser, in a process of their own, without a second process loading SaxonJS, the stylesheets and
  // Typst and rendering cold (the spawned serve below runs one as well).
  session = await startServeOneWorker({
    inputs: [join(dir, 'tei')],
    buildOptions: () => serveBuildOptions(settings, {}),
    watchFiles: [settings],
    host: '127.0.0.1',
    port: 0,
    onEvent: (e) => {
      // Emitted right after the reload is sent: what the open page reloads to.
      eventLog.push(e.type);
      if (e.type === 'web' && e.changed.includes(letter)) {
        pagesAtReload.push(String(session.site().get(`documents/${LETTER_ID}.html`)));
        const then = atNextReload;
        atNextReload = undefined;
        then?.();
      }
    },
  });
  origin = session.url.replace(/\/$/, '');
  events = await openStates(`${origin}${EVENTS_URL}`);
  await events.next((s) => s.version >= 1, 300_000, 0);
  await session.idle();
}, 600_000);

afterAll(async () => {
  events?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve: pages', () => {
  it('serves the built pages with the reload client and the built policy plus connect-src', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(`${CSP}; connect-src 'self'`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<h1>Letters of the Northern Herbarium Circle</h1>');
    expect(html).toMatch(new RegExp(`<script src="${CLIENT_URL}" data-version="${session.state().version}" data-session="[0-9a-f]+" defer></script>`));
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${SERVE_CSP}">`);
    expect(html).not.toContain(`content="${CSP}">`);
    const client = await fetch(`${origin}${CLIENT_URL}`);
    expect(client.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await client.text()).toContain('new EventSource');
  });

  it('the document page links its PDF, and the PDF is served', async () => {
    const html = await page(`documents/${LETTER_ID}.html`);
    expect(html).toContain(`href="../downloads/${LETTER_ID}.pdf"`);
    const pdf = await fetch(`${origin}/downloads/${LETTER_ID}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

});

describe('serve: safety', () => {
  it('refuses traversal, encoded dots, backslashes and NUL with 403, unknown files with 404', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/documents/%2E%2E/%2E%2E/edition.json', '/..%2f..%2fetc%2fpasswd', '/downloads/..%5c..%5cedition.json', '/a%00.html', '//etc/passwd', '/./index.html']) {
      const r = await raw(origin, path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain('root:');
    }
    for (const path of ['/nope.html', '/tei/registers.xml', '/edition.json', '/__tei-edition/other']) expect((await raw(origin, path)).status, path).toBe(404);
    expect((await raw(origin, '/%E0%A4%A.html')).status).toBe(400);
  });

  it('never serves files from disk: a file or a symlink out placed beside the edition is not found', async () => {
    mkdirSync(join(dir, 'dist/web'), { recursive: true });
    writeFileSync(join(dir, 'dist/web/secret.txt'), 'secret');
    symlinkSync('/etc/passwd', join(dir, 'dist/web/passwd'));
    expect((await raw(origin, '/secret.txt')).status).toBe(404);
    expect((await raw(origin, '/passwd')).status).toBe(404);
  });

  it('answers only GET and HEAD, and only to a loopback Host (no DNS rebinding)', async () => {
    expect((await raw(origin, '/index.html', { method: 'POST' })).status).toBe(405);
    const head = await raw(origin, '/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await raw(origin, '/index.html', { host: 'evil.example:80' })).status).toBe(403);
    expect((await raw(origin, '/index.html', { host: `localhost:${new URL(origin).port}` })).status).toBe(200);
  });

  it('on --host 0.0.0.0 (the preview shown on the network), a request by an IP address or this machine\'s name is answered, a rebinding name refused', async () => {
    const server = await startPreviewServer({ host: '0.0.0.0', port: 0, site: () => new Map([['index.html', '<!doctype html><title>x</title>']]), state: () => ({ version: 1, findings: [] }) });
    try {
      const port = new URL(server.url).port;
      const at = `http://127.0.0.1:${port}`;
      for (const host of [`127.0.0.1:${port}`, `192.0.2.2:${port}`, `[::1]:${port}`, `localhost:${port}`, `${hostname()}:${port}`, `${hostname()}.local:${port}`]) {
        expect((await raw(at, '/index.html', { host })).status, host).toBe(200);
      }
      for (const host of [`evil.example:${port}`, `192.0.2.2.evil.example:${port}`, 'evil.example']) expect((await raw(at, '/index.html', { host })).status, host).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('a port in use is a clear error that suggests --port', async () => {
    const port = Number(new URL(origin).port);
    await expect(startServe({ inputs: [join(dir, 'tei')], buildOptions: () => ({}), host: '127.0.0.1', port })).rejects.toThrow(ListenError);
    await expect(startServe({ inputs: [join(dir, 'tei')], buildOptions: () => ({}), host: '127.0.0.1', port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is in use.*--port N/);
  });

  it('request paths map to the web root or are refused', () => {
    expect(resolveRequestPath('/')).toEqual({ key: 'index.html' });
    expect(resolveRequestPath('/register/')).toEqual({ key: 'register/index.html' });
    expect(resolveRequestPath('/documents/a%20b.html?x=1#y')).toEqual({ key: 'documents/a b.html' });
    expect(resolveRequestPath('/a/../b')).toEqual({ status: 403 });
    expect(resolveRequestPath('/a/%2e%2E/b')).toEqual({ status: 403 });
    expect(resolveRequestPath('/a%2fb')).toEqual({ status: 403 });
    expect(resolveRequestPath('x')).toEqual({ status: 400 });
  });
});

describe('serve: edits', () => {
  it('a save (temp file + rename, in a burst) gives one rebuild, the reload event and the new text', async () => {
    const before = session.state().version;
    const since = events.states.length;
    const edited = original.replace('arrived', 'arrived, to my great joy,');
    expect(edited).not.toBe(original);
    // An editor's burst: several writes within a few milliseconds.
    save(letter, edited.replace('great joy', 'joy'));
    save(letter, edited);
    writeFileSync(letter, edited);
    const s = await events.next((x) => x.version > before, 120_000, since);
    expect(s.version).toBe(before + 1);
    expect(s.findings).toEqual([]);
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('arrived, to my great joy,');
    await session.idle();
    // One rebuild for the burst: no later version.
    expect(session.state().version).toBe(before + 1);
    expect(events.states.slice(since).filter((x) => x.version > before + 1)).toEqual([]);
  });

  it('a save that changes the header: the page it reloads to already has the new title in its frame (<title>, citation metadata), not only in its text', async () => {
    await session.idle();
    const title = 'Clara Whitcombe to Anders Lindqvist, 14 March 1851';
    const retitled = original.replace(`<title type="main">${title}</title>`, '<title type="main">Clara Whitcombe to Anders Lindqvist, the Ides of March 1851</title>');
    expect(retitled).not.toBe(original);
    const since = events.states.length;
    const before = session.state().version;
    const seen = pagesAtReload.length;
    save(letter, retitled);
    await events.next((x) => x.version > before, 120_000, since);
    await session.idle();
    const atReload = pagesAtReload[seen] ?? '';
    expect(atReload).toContain('<title>Clara Whitcombe to Anders Lindqvist, the Ides of March 1851');
    expect(atReload).toMatch(/<meta name="citation_title" content="Clara Whitcombe to Anders Lindqvist, the Ides of March 1851"/);
    expect(atReload).not.toContain(`<title>${title}`);
    save(letter, original);
    await events.next((x) => x.version > before + 1 && x.findings.length === 0, 120_000, since);
    await session.idle();
  });

  it('a save that changes the header reloads the open pages once, when the pages that list the letter show the change too', async () => {
    const title = 'Clara Whitcombe to Anders Lindqvist, 14 March 1851';
    const pages = ['index.html', 'years/1851.html', 'correspondents/whitcombe.html', 'register/persons.html', `documents/${LETTER_ID}.html`];
    /** Saves `text` and gives the served pages at the first reload after it, checking it is the only one of the save. */
    const reloadAfter = async (text: string): Promise<Map<string, string>> => {
      await session.idle();
      const before = session.state().version;
      const since = events.states.length;
      save(letter, text);
      await events.next((x) => x.version > before, 120_000, since);
      // What an open page reloads to: the served files when the reload event arrives.
      const served = new Map(pages.map((p) => [p, String(session.site().get(p))]));
      await session.idle();
      expect(new Set(events.states.slice(since).map((x) => x.version).filter((v) => v !== before))).toEqual(new Set([before + 1]));
      expect(session.state().version).toBe(before + 1);
      return served;
    };
    const shortened = await reloadAfter(original.replace(`<title type="main">${title}</title>`, '<title type="main">Clara W. to Anders L., 14 March 1851</title>'));
    for (const [path, html] of shortened) expect(html, path).toContain('Clara W. to Anders L., 14 March 1851');
    const back = await reloadAfter(original);
    for (const [path, html] of back) expect(html, path).not.toContain('Clara W. to Anders L.');
  });

  it('a save that comes while the letter saved before it is checked: its page is shown next, and the PDF is made for it alone, not first for the older bytes', async () => {
    await session.idle();
    const since = events.states.length;
    const before = session.state().version;
    const from = eventLog.length;
    // The second save lands right after the first one's page is served, while its checks run in a worker.
    atNextReload = () => save(letter, original.replace('arrived', 'arrived, second,'));
    save(letter, original.replace('arrived', 'arrived, first,'));
    await events.next((x) => x.version >= before + 2, 120_000, since);
    await session.idle();
    expect(eventLog.slice(from).filter((t) => t === 'web' || t === 'document')).toEqual(['web', 'web', 'document']);
    expect(pagesAtReload.at(-1)).toContain('arrived, second,');
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('arrived, second,');
    expect(await (await fetch(`${origin}/downloads/${LETTER_ID}.txt`)).text()).toContain('arrived, second,');
  });

  it('the PDF follows the edit', async () => {
    await session.idle();
    const pdf = Buffer.from(await (await fetch(`${origin}/downloads/${LETTER_ID}.pdf`)).arrayBuffer());
    const since = events.states.length;
    const before = session.state().version;
    save(letter, original.replace('arrived', 'arrived, late but whole,'));
    await events.next((x) => x.version > before, 120_000, since);
    await session.idle();
    const after = Buffer.from(await (await fetch(`${origin}/downloads/${LETTER_ID}.pdf`)).arrayBuffer());
    expect(after.subarray(0, 5).toString()).toBe('%PDF-');
    expect(after.equals(pdf)).toBe(false);
  });

  it('a document that is not well-formed: the overlay data has file, line, column, rule, source line; the last good build stays; fixing removes it', async () => {
    const good = await page(`documents/${LETTER_ID}.html`);
    const version = session.state().version;
    const broken = original.replace('<salute>Dear Mr Lindqvist,</salute>', '<salute>Dear Mr Lindqvist,</salut>');
    expect(broken).not.toBe(original);
    const at = position(broken, broken.indexOf('</salut>'));
    let since = events.states.length;
    save(letter, broken);
    const s = await events.next((x) => x.findings.length > 0, 120_000, since);
    expect(s.version).toBe(version);
    expect(s.findings).toEqual([{ file: letter, line: at.line, column: at.column, severity: 'error', rule: 'xml-mismatched-tag', message: expect.stringContaining('</salut>'), hint: expect.stringContaining('</salute>'), source: broken.split('\n')[at.line - 1] }]);
    // The server is still up and serves the last good build.
    expect(await page(`documents/${LETTER_ID}.html`)).toBe(good);
    since = events.states.length;
    save(letter, original);
    const fixed = await events.next((x) => x.findings.length === 0, 120_000, since);
    expect(fixed.version).toBe(version + 1);
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('arrived');
  });

  it('a schema or rule error shows in the overlay at its place, and a new page gets the current findings', async () => {
    const broken = original.replace('<date when="1851-03-14">', '<date when="1851-3-14">');
    expect(broken).not.toBe(original);
    const since = events.states.length;
    save(letter, broken);
    const s = await events.next((x) => x.findings.length > 0, 120_000, since);
    const line = position(broken, broken.indexOf('when="1851-3-14"')).line;
    expect(s.findings.map((f) => [f.file, f.line, f.rule])).toContainEqual([letter, line, 'date-iso']);
    const f = s.findings.find((x) => x.rule === 'date-iso');
    expect(f?.source).toContain('when="1851-3-14"');
    expect(f?.column).toBe(position(broken, broken.indexOf('when="1851-3-14"')).column);
    // A page opened now learns the findings as soon as it connects.
    const late = await openStates(`${origin}${EVENTS_URL}`);
    expect((await late.next(() => true, 10_000, 0)).findings.map((x) => x.rule)).toContain('date-iso');
    late.close();
    const since2 = events.states.length;
    save(letter, original);
    await events.next((x) => x.findings.length === 0, 120_000, since2);
  });

  it('an edit of edition.json (the settings) rebuilds: the new title shows', async () => {
    // The rounds of the tests above are over (their last step may still reload the pages).
    await session.idle();
    const file = join(dir, 'edition.json');
    const settings = readFileSync(file, 'utf8');
    const before = session.state().version;
    const since = events.states.length;
    save(file, settings.replace('"title": "Letters of the Northern Herbarium Circle"', '"title": "Letters of the Herbarium Circle, revised"'));
    await events.next((x) => x.version > before, 120_000, since);
    expect(await page('index.html')).toContain('<h1>Letters of the Herbarium Circle, revised</h1>');
    save(file, settings);
    await events.next((x) => x.version > before + 1, 120_000, since);
    await session.idle();
    // A broken settings file is a finding like any other, and the server stays up.
    const since2 = events.states.length;
    save(file, settings.replace('"title":', '"title"'));
    const s = await events.next((x) => x.findings.length > 0, 120_000, since2);
    expect(s.findings.map((f) => [f.file, f.rule])).toEqual([[file, 'settings-json']]);
    save(file, settings);
    await events.next((x) => x.findings.length === 0, 120_000, since2);
  });

  it('an edit of the shared register file (watched with the documents) shows on the register page and the letters, and a broken register gives the overlay', async () => {
    await session.idle();
    const file = join(dir, 'tei', 'registers.xml');
    const text = readFileSync(file, 'utf8');
    const before = session.state().version;
    let since = events.states.length;
    save(file, text.replace('<placeName>Edinburgh</placeName>', '<placeName>Edinburgh (Dùn Èideann)</placeName>'));
    await events.next((x) => x.version > before, 120_000, since);
    expect(await page('register/places.html')).toContain('Edinburgh (Dùn Èideann)');
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('Edinburgh (Dùn Èideann)');
    since = events.states.length;
    const broken = text.replace('<placeName>Edinburgh</placeName>', '<placeName>Edinburgh</placename>');
    save(file, broken);
    const s = await events.next((x) => x.findings.length > 0, 120_000, since);
    // The letters' pointers into it fail too; the register's own finding is among them, at its place.
    expect(s.findings).toContainEqual(expect.objectContaining({ file, rule: 'xml-mismatched-tag', ...position(broken, broken.indexOf('</placename>')) }));
    since = events.states.length;
    save(file, text);
    await events.next((x) => x.findings.length === 0 && x.version > before + 1, 120_000, since);
  });

  it('a letter with errors keeps its last good page under the overlay, and a save of another letter still shows, with its text download', async () => {
    await session.idle();
    const otherId = 'pryce-lindqvist-1853-09-20';
    const other = join(dir, 'tei', `${otherId}.xml`);
    const otherText = readFileSync(other, 'utf8');
    // As built (served pages carry the version they were served with).
    const otherPage = session.site().get(`documents/${otherId}.html`);
    expect(otherPage).toContain('Pryce');
    const broken = otherText.replace('<orgName>Pryce and Son, seed merchants</orgName>', '<orgName>Pryce and Son, seed merchants</orgname>');
    expect(broken).not.toBe(otherText);
    let since = events.states.length;
    save(other, broken);
    await events.next((x) => x.findings.some((f) => f.file === other), 120_000, since);
    await session.idle();
    // Now a save of the letter without errors: its page changes, the other's finding stays, the other's page is its last good one.
    const before = session.state().version;
    since = events.states.length;
    save(letter, original.replace('arrived', 'arrived despite the other letter'));
    const s = await events.next((x) => x.version > before, 120_000, since);
    expect(s.findings.map((f) => [f.file, f.rule])).toContainEqual([other, 'xml-mismatched-tag']);
    expect(s.findings.filter((f) => f.file === letter)).toEqual([]);
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('arrived despite the other letter');
    expect(session.site().get(`documents/${otherId}.html`)).toBe(otherPage);
    await session.idle();
    expect(await (await fetch(`${origin}/downloads/${LETTER_ID}.txt`)).text()).toContain('arrived despite the other letter');
    expect(session.state().findings.map((f) => [f.file, f.rule])).toContainEqual([other, 'xml-mismatched-tag']);
    expect(session.state().findings.filter((f) => f.file === letter)).toEqual([]);
    // A schema error in the saved letter itself: its last good page comes back, under the overlay.
    since = events.states.length;
    save(letter, original.replace('arrived', 'arrived despite the other letter').replace('<date when="1851-03-14">', '<date when="1851-3-14">'));
    await events.next((x) => x.findings.some((f) => f.file === letter && f.rule === 'date-iso'), 120_000, since);
    await session.idle();
    expect(await page(`documents/${LETTER_ID}.html`)).toContain('arrived despite the other letter');
    expect(await page(`documents/${LETTER_ID}.html`)).not.toContain('1851-3-14');
    since = events.states.length;
    save(other, otherText);
    save(letter, original);
    await events.next((x) => x.findings.length === 0, 120_000, since);
    await session.idle();
    expect(session.state().findings).toEqual([]);
  });

  it('once the saves are settled, the served files are those of a clean build of the same sources, file by file', async () => {
    // Saves of the letter that change what other pages show: its date (the index, the year pages, its neighbours) and a name in it (the registers).
    const since = events.states.length;
    const before = session.state().version;
    save(letter, original.replace('arrived', 'arrived at last').replaceAll('when="1851-03-14"', 'when="1851-03-15"').replace('<placeName ref="#leith">Leith</placeName>', 'Leith'));
    await events.next((x) => x.version > before, 120_000, since);
    await session.idle();
    const served = session.site();
    const { settingsFindings, ...options } = serveBuildOptions(join(dir, 'edition.json'), {});
    expect(settingsFindings).toEqual([]);
    // serve never makes the volume (print/edition.pdf, .epub): the clean build without it.
    const clean = await buildEdition({ ...options, inputs: [join(dir, 'tei')], volume: false });
    expect(clean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const web = new Map([...clean.files].filter(([k]) => k.startsWith('web/')).map(([k, v]) => [k.slice(4), v]));
    cleanWeb = web;
    expect([...served.keys()].sort()).toEqual([...web.keys()].sort());
    for (const [path, content] of web) {
      const mine = served.get(path) as string | Uint8Array;
      if (typeof content === 'string') expect(mine, path).toBe(content);
      else expect(Buffer.from(mine).equals(Buffer.from(content)), path).toBe(true);
    }
    expect(served.get(`documents/${LETTER_ID}.html`)).toContain('arrived at last');
    save(letter, original);
    await events.next((x) => x.findings.length === 0, 120_000, events.states.length);
    await session.idle();
  });
});

describe('serve: a normal build', () => {
  // The clean build of the test above (every target of serve, so the downloads too): a build of its own for this
  // test (three letters' pages) would prove no more.
  it('has no trace of the client or the channel', () => {
    expect(cleanWeb?.size).toBeGreaterThan(5);
    for (const [name, content] of cleanWeb ?? []) {
      const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
      expect(text.includes('__tei-edition') || text.includes('connect-src') || text.includes('EventSource'), name).toBe(false);
    }
  });
});

describe('serve: the command', () => {
  it('a port in use: exit code 2 and a message that suggests --port', async () => {
    // The command in this process (tests/cli.ts): what is tested is what it does with the error (exit 2 and the
    // message), not the process. The spawned serve below runs bin/ as a process of its own, and the port's own
    // error is raised before any worker starts, in this process as in a new one (0.4 s of CPU less).
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    const r = await runCli(dir, 'serve', '--port', String(port), 'tei');
    blocker.close();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`tei-edition: port ${port} on 127.0.0.1 is in use (another serve, or another server): choose another with --port N (or --port 0 for any free port)\n`);
  });

  it('--open opens the browser; Ctrl-C stops cleanly: exit 0, the port is free again, no temporary folder left', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'serve-tmp-'));
    // A stand-in for the desktop's opener, which records the address it is given.
    const bin = mkdtempSync(join(tmpdir(), 'serve-bin-'));
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, process.platform === 'darwin' ? 'open' : 'xdg-open'), `#!/bin/sh\necho "$1" > '${opened}'\n`, { mode: 0o755 });
    // A fresh edition, nothing the tests above did to theirs in the way: one short letter of the fixture edition
    // and its register file, whose single PDF makes Typst's temporary folders as five would (a spawned serve builds
    // everything: 4.6 s of CPU, 5.8 s with the 30 KB letter of tests/fixtures/letter, 7.1 s with the five letters).
    const own = mkdtempSync(join(tmpdir(), 'serve-cli-'));
    mkdirSync(join(own, 'tei'));
    cpSync(join(FIXTURE, 'edition.json'), join(own, 'edition.json'));
    for (const f of ['pryce-lindqvist-1853-09-20.xml', 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(own, 'tei', f));
    // One worker process (TEI_EDITION_THREADS=1), not one per core: the temporary folders of a worker process, its
    // Typst compiler's among them, are made and must be gone after Ctrl-C with one as with two, and each more
    // process loads SaxonJS, the stylesheets and Typst again (this serve: 5.4 s of CPU with two, 3.8 s with one).
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/tei-edition.js'), 'serve', '--port', '0', '--open', 'tei'], { cwd: own, stdio: 'pipe', env: { ...process.env, TEI_EDITION_THREADS: '1', TMPDIR: tmp, PATH: `${bin}:${process.env.PATH ?? ''}` } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
    // Wait until the PDFs are made: the Typst compiler has made its temporary folders by then.
    await expect.poll(() => stdout, { timeout: 400_000, interval: 500 }).toMatch(/PDF, text, citations and data up to date/);
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(readdirSync(tmp).length).toBeGreaterThan(0);
    expect(readFileSync(opened, 'utf8')).toBe(`http://127.0.0.1:${port}/\n`);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(code, stdout).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    const again = createServer();
    await new Promise<void>((ok, fail) => again.once('error', fail).listen(port, '127.0.0.1', ok));
    again.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
    rmSync(own, { recursive: true, force: true });
  }, 600_000);
});
