import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { CLIENT_URL, EVENTS_URL } from '../../src/serve/client.js';
import { SERVE_CSP, startPreviewServer } from '../../src/serve/http.js';
import { openStates, raw, startServeOneWorker } from './sse.js';

// A page that is not there (yet) carries the reload client, so that an open tab lands on the page once a build
// makes it: during the first build after a start (a tab of an earlier run reconnects and reloads at once), and
// after a letter is renamed away and back. Before, both were a text/plain 404 with no client: the tab stayed there.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const LETTER_ID = 'pryce-lindqvist-1853-09-20';

describe('serve: a missing page', () => {
  it('is an HTML page with the client (503 while starting, 404 after); a missing non-page file stays text/plain', async () => {
    let starting = true;
    const server = await startPreviewServer({ host: '127.0.0.1', port: 0, site: () => new Map([['index.html', '<!doctype html><title>x</title>']]), state: () => ({ version: starting ? 0 : 3, findings: [] }), starting: () => starting });
    try {
      const at = server.url.replace(/\/$/, '');
      const building = await raw(at, '/documents/a.html');
      expect(building.status).toBe(503);
      expect(building.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(building.headers['content-security-policy']).toBe(SERVE_CSP);
      expect(building.body).toMatch(new RegExp(`<script src="${CLIENT_URL}" data-version="0" data-session="[0-9a-f]+" defer></script>`));
      expect(building.body).toContain('Building the edition');
      expect((await raw(at, '/downloads/a.pdf')).status).toBe(503);
      starting = false;
      const missing = await raw(at, '/documents/a.html');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(missing.body).toContain(`<script src="${CLIENT_URL}" data-version="3"`);
      expect(missing.body).toContain(`<meta http-equiv="Content-Security-Policy" content="${SERVE_CSP}">`);
      // A folder's page, a path without an extension: pages too.
      for (const path of ['/register/', '/documents/a']) expect((await raw(at, path)).headers['content-type'], path).toMatch(/^text\/html/);
      const pdf = await raw(at, '/downloads/a.pdf');
      expect(pdf.status).toBe(404);
      expect(pdf.headers['content-type']).toMatch(/^text\/plain/);
      // The session the page names is the one the event stream names (a page of an earlier run reloads).
      const session = /data-session="([0-9a-f]+)"/.exec(missing.body)?.[1];
      const events = await openStates(`${at}${EVENTS_URL}`);
      try {
        expect((await events.next(() => true, 10_000, 0)).session).toBe(session);
      } finally {
        events.close();
      }
    } finally {
      await server.close();
    }
  });
});

describe('serve: pages requested during the first build, and a letter renamed away and back', () => {
  let dir: string;
  let session: ServeSession;
  let origin: string;
  let duringStart: Awaited<ReturnType<typeof raw>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-missing-'));
    mkdirSync(join(dir, 'tei'));
    cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
    for (const f of [`${LETTER_ID}.xml`, 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
    const settings = join(dir, 'edition.json');
    session = await startServeOneWorker({ inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port: 0, background: false });
    origin = session.url.replace(/\/$/, '');
    // The first build has only begun (it takes seconds): the letter's page is not built yet.
    duringStart = await raw(origin, `/documents/${LETTER_ID}.html`);
    await session.idle();
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('during the first build, a page is "building" with the client at version 0, not a bare 404; after it, the page', async () => {
    expect(session.state().version).toBeGreaterThan(0);
    expect(duringStart.status).toBe(503);
    expect(duringStart.headers['content-type']).toMatch(/^text\/html/);
    expect(duringStart.body).toContain(`<script src="${CLIENT_URL}" data-version="0"`);
    const built = await raw(origin, `/documents/${LETTER_ID}.html`);
    expect(built.status).toBe(200);
  });

  it('a letter renamed away: its page is a 404 page with the client, which the build that makes it again reloads', async () => {
    const events = await openStates(`${origin}${EVENTS_URL}`);
    try {
      const file = join(dir, 'tei', `${LETTER_ID}.xml`);
      const away = join(dir, 'tei', 'away.xml.bak');
      const before = session.state().version;
      renameSync(file, away);
      await events.next((s) => s.version > before, 120_000, 0);
      await session.idle();
      const gone = await raw(origin, `/documents/${LETTER_ID}.html`);
      expect(gone.status).toBe(404);
      expect(gone.body).toContain(`<script src="${CLIENT_URL}" data-version="${session.state().version}"`);
      const version = session.state().version;
      renameSync(away, file);
      // The version the 404 page was served with changes: the tab reloads, onto the page.
      await events.next((s) => s.version > version, 120_000, 0);
      await session.idle();
      expect((await raw(origin, `/documents/${LETTER_ID}.html`)).status).toBe(200);
      expect(readFileSync(file, 'utf8')).toContain(LETTER_ID);
    } finally {
      events.close();
    }
  });
});
