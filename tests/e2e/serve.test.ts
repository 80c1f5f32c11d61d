import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser } from 'playwright-core';
import { launch } from './browser.js';
import { startServe, type ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { OVERLAY_ID } from '../../src/serve/client.js';
import { save } from '../serve/sse.js';

// `serve` in headless Chromium: the page follows the file on disk without a
// manual reload, and shows the findings overlay while the file is broken.
const LETTER_ID = 'whitcombe-lindqvist-1851-03-14';
const ARTIFACTS = join(process.cwd(), 'tests/artifacts');
let dir: string;
let letter: string;
let original: string;
let session: ServeSession;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-e2e-'));
  cpSync(join(process.cwd(), 'tests/fixtures/edition'), dir, { recursive: true });
  letter = join(dir, 'tei', `${LETTER_ID}.xml`);
  original = readFileSync(letter, 'utf8');
  const settings = join(dir, 'edition.json');
  session = await startServe({ inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port: 0, background: false });
  await session.idle();
  expect(session.state().version).toBeGreaterThan(0);
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve in the browser', () => {
  it('the page changes by itself after a save, shows the overlay for a broken edit and removes it after the fix', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${session.url}documents/${LETTER_ID}.html`, { waitUntil: 'load' });
    const text = page.locator('.tei-text');
    await expect.poll(() => text.textContent()).toContain('arrived');
    // The channel is open before the edit (else the edit would only show on the next load).
    await expect.poll(() => page.getAttribute('html', 'data-serve')).toBe('connected');

    save(letter, original.replace('arrived', 'arrived in perfect order'));
    await expect.poll(() => text.textContent(), { timeout: 60_000 }).toContain('arrived in perfect order');

    const broken = original.replace('<salute>Dear Mr Lindqvist,</salute>', '<salute>Dear Mr Lindqvist,</salut>');
    const line = broken.slice(0, broken.indexOf('</salut>')).split('\n').length;
    save(letter, broken);
    const overlay = page.locator(`#${OVERLAY_ID}`);
    await expect.poll(() => overlay.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await overlay.getAttribute('role')).toBe('alert');
    expect(await overlay.locator('.place').first().textContent()).toMatch(new RegExp(`${LETTER_ID}\\.xml:${line}:\\d+$`));
    expect(await overlay.locator('.rule').first().textContent()).toBe('xml-mismatched-tag');
    expect(await overlay.locator('pre.source').first().textContent()).toContain('</salut>');
    expect(await overlay.locator('.hint').first().textContent()).toMatch(/^fix: /);
    // Underneath, the last good build.
    expect(await text.textContent()).toContain('arrived in perfect order');
    await page.screenshot({ path: join(ARTIFACTS, 'serve-overlay.png') });

    save(letter, original.replace('arrived', 'arrived, fixed,'));
    await expect.poll(() => text.textContent(), { timeout: 60_000 }).toContain('arrived, fixed,');
    await expect.poll(() => overlay.count(), { timeout: 60_000 }).toBe(0);
    // The strict policy held throughout: no CSP violation, no script error.
    expect(errors).toEqual([]);
    await context.close();
  });
});
