import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { axeViolations, launch, openPage, regionViolations } from './browser.js';
import { serveStatic } from './static-server.js';

const LETTER = 'documents/eisenhower-bulganin-1956-11-04.html';
const ARTIFACTS = join(process.cwd(), 'tests/artifacts');

let web: string;
let close: () => Promise<void>;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'e2e-'));
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'tei-edition.js'), 'build', '--out', join(out, 'dist')], { encoding: 'utf8', cwd: join('tests', 'fixtures', 'letter') });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  web = join(out, 'dist/web');
  // A plain static server on the loopback address, as any static host would serve dist/web.
  ({ origin, close } = await serveStatic(web));
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

const open = openPage;

describe('web edition in headless Chromium', () => {
  it('every page loads without console errors and without requests outside the site', async () => {
    const context = await browser.newContext();
    for (const path of ['index.html', LETTER, 'about.html', 'register/persons.html', 'register/places.html', 'register/organizations.html']) {
      const { page, errors, requests } = await open(context, `${origin}/${path}`);
      expect(errors, path).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(origin)), path).toEqual([]);
      await page.close();
    }
    await context.close();
  });

  it('works from disk too (file://), scripts included', async () => {
    const context = await browser.newContext();
    const { page, errors, requests } = await open(context, `file://${join(web, LETTER)}`);
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    // The script ran: it reveals the variant control.
    await expect.poll(() => page.locator('.variant-control').isVisible()).toBe(true);
    await context.close();
  });

  it('a note call jumps to its note, and the note links back', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/${LETTER}`);
    await page.click('#noteref-n3');
    expect(new URL(page.url()).hash).toBe('#note-n3');
    expect(await page.locator('#note-n3').isVisible()).toBe(true);
    expect(await page.locator('#note-n3').evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= -2 && r.top < window.innerHeight; })).toBe(true);
    await page.click('#note-n3 a[role="doc-backlink"]');
    expect(new URL(page.url()).hash).toBe('#noteref-n3');
    await context.close();
  });

  it('the variant control shows the FRUS readings in place', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/${LETTER}`);
    const rdg = page.locator('#app-app5 .rdg');
    expect(await rdg.isVisible()).toBe(false);
    await page.click('button.show-readings');
    expect(await page.getAttribute('button.show-readings', 'aria-pressed')).toBe('true');
    expect(await rdg.isVisible()).toBe(true);
    expect((await rdg.textContent())?.trim()).toBe('me');
    await page.click('button.show-readings');
    expect(await rdg.isVisible()).toBe(false);
    await context.close();
  });

  it('a name shows its register entry in a popover on focus', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/${LETTER}`);
    await page.focus('#p4 a.tei-placeName[data-ref="#budapest"]');
    const pop = page.locator('#entity-popover');
    expect(await pop.isVisible()).toBe(true);
    expect(await pop.textContent()).toContain('Budapest');
    expect(await page.getAttribute('#p4 a.tei-placeName[data-ref="#budapest"]', 'aria-describedby')).toBe('entity-popover');
    // Within a landmark, as everything on the page (axe's best-practice rule "region"; it stood after main, in body).
    expect(await pop.evaluate((el) => el.closest('main') !== null)).toBe(true);
    expect(await regionViolations(page)).toEqual([]);
    // Where the name is: just below it.
    const [name, box] = await Promise.all([page.locator('#p4 a.tei-placeName[data-ref="#budapest"]').boundingBox(), pop.boundingBox()]);
    expect(Math.abs((box?.y ?? 0) - ((name?.y ?? 0) + (name?.height ?? 0) + 6))).toBeLessThan(2);
    await page.keyboard.press('Escape');
    expect(await pop.isVisible()).toBe(false);
    await context.close();
  });

  it('a copy button copies the citation as plain text', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const { page } = await open(context, `${origin}/${LETTER}`);
    const button = page.locator('button[data-copy="cite-DSB-chicago-note"]');
    expect(await button.isVisible()).toBe(true);
    await button.click();
    await expect.poll(() => page.textContent('#cite-status')).toBe('Copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe('Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, Department of State Bulletin 35 (November 19, 1956): 795–97.');
    await context.close();
  });

  it('axe-core finds no WCAG 2.1 AA violations on any page, in light and dark mode', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      for (const path of ['index.html', LETTER, 'about.html', 'register/persons.html']) {
        const { page } = await open(context, `${origin}/${path}`);
        const result = await axeViolations(page);
        expect(result, `${colorScheme} ${path}`).toEqual([]);
        await page.close();
      }
      await context.close();
    }
  });

  it('reading first: on a 390 px phone the letter\'s text starts on the first screen; names linked to registers look alike', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const { page } = await open(context, `${origin}/${LETTER}`);
    await page.screenshot({ path: join(ARTIFACTS, 'letter-phone-390.png') });
    const top = await page.locator('.tei-text').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(844 - 100); // and some of it is visible, not just its edge
    // The witnesses and the long note are folded away, and open when a siglum leads to them.
    expect(await page.locator('details.doc-more').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.goto(`${origin}/${LETTER}#wit-FRUS`);
    await expect.poll(() => page.locator('details.doc-more').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    // A name linked as a whole and a name linked piece by piece (it holds another name) have one style.
    const style = (selector: string) => page.locator(selector).first().evaluate((el) => { const c = getComputedStyle(el); return [c.color, c.textDecorationLine, c.textDecorationStyle, c.textDecorationColor].join(' '); });
    expect(await style('.tei-text a.name-link')).toBe(await style('.tei-text a.tei-persName'));
    await context.close();
  });

  it('keeps screenshots of the letter page at desktop and phone widths (tests/artifacts/)', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 740 }]] as const) {
      const context = await browser.newContext({ viewport });
      const { page } = await open(context, `${origin}/${LETTER}`);
      const file = join(ARTIFACTS, `letter-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(existsSync(file)).toBe(true);
      // Nothing is wider than the viewport (responsive down to 360 px).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    }
  });
});
