import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser } from 'playwright-core';
import { launch } from './browser.js';
import { startServe, type ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { save } from '../serve/sse.js';

// serve stopped and started again on the same port while a letter's page is open, the letter edited meanwhile:
// the tab reconnects, reloads (the new server's version differs), and must land on the letter as built by the new
// server. Before, it reloaded during the new server's first build onto a text/plain "404 not found" without the
// reload client and stayed there.
const LETTER_ID = 'pryce-lindqvist-1853-09-20';
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
let dir: string;
let letter: string;
let settings: string;
let browser: Browser;
let session: ServeSession | undefined;

const start = (port: number): Promise<ServeSession> => startServe({ inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port, background: false });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-restart-'));
  mkdirSync(join(dir, 'tei'));
  cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
  for (const f of [`${LETTER_ID}.xml`, 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
  letter = join(dir, 'tei', `${LETTER_ID}.xml`);
  settings = join(dir, 'edition.json');
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve restarted under an open tab', () => {
  it('the tab lands on the letter as the new server builds it (not on a 404 it never leaves)', async () => {
    session = await start(0);
    await session.idle();
    const url = `${session.url}documents/${LETTER_ID}.html`;
    const port = Number(new URL(session.url).port);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await expect.poll(() => page.getAttribute('html', 'data-serve')).toBe('connected');
    await session.close();
    session = undefined;
    await expect.poll(() => page.getAttribute('html', 'data-serve')).toBe('reconnecting');
    const original = readFileSync(letter, 'utf8');
    const edited = original.replace('<p xml:id="p1">', '<p xml:id="p1">Edited while serve was stopped. ');
    expect(edited).not.toBe(original);
    save(letter, edited);
    session = await start(port);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 60_000, interval: 200 }).toContain('Edited while serve was stopped.');
    await context.close();
  });
});
