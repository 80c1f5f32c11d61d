/**
 * The editor's interventions in the web edition, as a reader meets them:
 * marked by more than colour (a dotted underline: colour alone fails WCAG
 * 1.4.1, and the accent was 2:1 against the text), the letter's own form
 * reachable by a button (it was only in a tooltip, which keyboard and touch
 * cannot reach), and the signs explained on the About page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { axeViolations, launch, openPage } from './browser.js';
import { serveStatic } from './static-server.js';

const PAGE = 'documents/whitcombe-lindqvist-1851-03-14.html';
let origin: string;
let close: () => Promise<void>;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-editorial-'));
  cpSync(join('tests', 'fixtures', 'edition'), dir, { recursive: true });
  const file = join(dir, 'tei', 'whitcombe-lindqvist-1851-03-14.xml');
  const text = readFileSync(file, 'utf8');
  const marked = text.replace(/<p xml:id="p1">/, '<p xml:id="p1">The <choice><sic>mosess</sic><corr>mosses</corr></choice> came <choice><abbr>Tues.</abbr><expan>Tuesday</expan></choice> in <unclear reason="faded">good</unclear> order. ');
  expect(marked).not.toBe(text);
  writeFileSync(file, marked);
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'tei-edition.js'), 'build', '--only', 'web', '--out', join(dir, 'dist')], { encoding: 'utf8', cwd: dir });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  ({ origin, close } = await serveStatic(join(dir, 'dist', 'web')));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

describe('editorial interventions on the letter page', () => {
  it('are underlined, dotted, besides their colour', async () => {
    const context = await browser.newContext();
    const { page, errors } = await openPage(context, `${origin}/${PAGE}`);
    for (const selector of ['.tei-corr', '.tei-expan', '.tei-unclear']) {
      const style = await page.locator(`#p1 ${selector}`).first().evaluate((el) => { const s = getComputedStyle(el); return `${s.textDecorationLine} ${s.textDecorationStyle}`; });
      expect(style, selector).toBe('underline dotted');
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a button shows the letter\'s own spellings and abbreviations beside the editor\'s, and hides them again', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, `${origin}/${PAGE}`);
    const button = page.locator('button.show-originals');
    await expect.poll(() => button.isVisible()).toBe(true);
    const sic = page.locator('#p1 .choice-alternative').first();
    expect(await sic.isVisible()).toBe(false);
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(await sic.isVisible()).toBe(true);
    expect(await page.locator('#p1 .choice-alternative').allTextContents()).toEqual(['mosess', 'Tues.']);
    expect(await axeViolations(page)).toEqual([]);
    await button.click();
    expect(await sic.isVisible()).toBe(false);
    await context.close();
  });

  it('the About page explains the signs, and passes axe', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, `${origin}/about.html`);
    expect(await page.locator('#about-signs').textContent()).toBe('Signs in the text');
    expect(await page.locator('.signs dt').count()).toBeGreaterThanOrEqual(7);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
