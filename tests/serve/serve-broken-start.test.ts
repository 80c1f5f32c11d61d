import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { EVENTS_URL } from '../../src/serve/client.js';
import { openStates, raw, save, type StateStream, startServeOneWorker } from './sse.js';

// serve started while one letter is not well-formed: the other letters are served (a preview shows what can be
// built; `build` would publish nothing), the broken one is reported at its place, and saves of the others show.
// Two letters of the fixture edition and its register file: the broken letter and one other.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const BROKEN_ID = 'whitcombe-lindqvist-1851-03-14';
const OTHER_ID = 'pryce-lindqvist-1853-09-20';
let dir: string;
let brokenFile: string;
let brokenOriginal: string;
let session: ServeSession;
let origin: string;
let events: StateStream;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-broken-'));
  mkdirSync(join(dir, 'tei'));
  cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
  for (const f of [`${BROKEN_ID}.xml`, `${OTHER_ID}.xml`, 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
  brokenFile = join(dir, 'tei', `${BROKEN_ID}.xml`);
  brokenOriginal = readFileSync(brokenFile, 'utf8');
  const broken = brokenOriginal.replace('<p xml:id="p2">Pray', '<p xml:id="p2"><hi>Pray');
  expect(broken).not.toBe(brokenOriginal);
  save(brokenFile, broken);
  const settings = join(dir, 'edition.json');
  // One worker process, as in serve.test.ts.
  session = await startServeOneWorker({ inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port: 0 });
  origin = session.url.replace(/\/$/, '');
  events = await openStates(`${origin}${EVENTS_URL}`);
  await session.idle();
}, 600_000);

afterAll(async () => {
  events?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (path: string): Promise<string> => (await fetch(`${origin}/${path}`)).text();

describe('serve: started with a letter that has errors', () => {
  it('serves the other letters and the edition\'s pages, and reports the broken letter at its place', async () => {
    expect(session.state().version).toBeGreaterThanOrEqual(1);
    const broken = readFileSync(brokenFile, 'utf8');
    const lines = broken.slice(0, broken.indexOf('</p>', broken.indexOf('<hi>Pray'))).split('\n');
    expect(session.state().findings).toEqual([expect.objectContaining({ file: brokenFile, rule: 'xml-mismatched-tag', line: lines.length, column: lines.at(-1)!.length + 1 })]);
    expect((await raw(origin, `/documents/${OTHER_ID}.html`)).status).toBe(200);
    expect((await raw(origin, `/documents/${BROKEN_ID}.html`)).status).toBe(404);
    const index = await page('index.html');
    expect(index).toContain(`documents/${OTHER_ID}.html`);
    expect(index).not.toContain(`documents/${BROKEN_ID}.html`);
    expect((await raw(origin, `/downloads/${OTHER_ID}.txt`)).status).toBe(200);
  });

  it('a save of another letter shows (its page, then its text), the broken letter\'s finding stays', async () => {
    const other = join(dir, 'tei', `${OTHER_ID}.xml`);
    const text = readFileSync(other, 'utf8');
    const before = session.state().version;
    const since = events.states.length;
    save(other, text.replace('first steamer', 'FIRST steamer'));
    const s = await events.next((x) => x.version > before, 120_000, since);
    expect(s.findings.map((f) => [f.file, f.rule])).toEqual([[brokenFile, 'xml-mismatched-tag']]);
    expect(await page(`documents/${OTHER_ID}.html`)).toContain('FIRST steamer');
    await session.idle();
    expect(await page(`downloads/${OTHER_ID}.txt`)).toContain('FIRST steamer');
    expect(session.state().findings.map((f) => [f.file, f.rule])).toEqual([[brokenFile, 'xml-mismatched-tag']]);
  });

  it('fixing the broken letter serves its page and clears the overlay', async () => {
    const since = events.states.length;
    save(brokenFile, brokenOriginal);
    await events.next((x) => x.findings.length === 0, 120_000, since);
    await session.idle();
    expect((await raw(origin, `/documents/${BROKEN_ID}.html`)).status).toBe(200);
    expect(await page('index.html')).toContain(`documents/${BROKEN_ID}.html`);
  });
});
