import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, openPage } from './browser.js';
import { serveStatic } from './static-server.js';
import { buildFixtureSite } from '../site/letters.js';

/**
 * The site of many letters in headless Chromium: the search (from disk and
 * over http, facets included, index loaded only when used), the index's
 * filters and sorting, and axe-core on the new pages in light and dark mode.
 * The edition is generated (tests/site/letters.ts), 12 invented letters.
 */

const ARTIFACTS = join(process.cwd(), 'tests/artifacts');

let web: string;
let origin: string;
let close: () => Promise<void>;
let browser: Browser;

beforeAll(async () => {
  web = join(buildFixtureSite(12), 'dist/web');
  ({ origin, close } = await serveStatic(web));
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

const open = openPage;

/** The letters whose text has a word beginning with `prefix`, read from the built pages (an oracle independent of the index). */
function lettersWith(prefix: string): string[] {
  return readdirSync(join(web, 'documents'))
    .filter((f) => {
      const html = readFileSync(join(web, 'documents', f), 'utf8');
      // What the index holds: the title, the text and the notes (not the header's metadata, not the links to other letters).
      const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
      const text = [title, html.slice(html.indexOf('<article'), html.indexOf('</article>')), /<section class="notes"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''].join(' ').replace(/<[^>]*>/g, ' ');
      return new RegExp(`(^|[^\\p{L}\\p{N}])${prefix}`, 'iu').test(text);
    })
    .sort();
}

const resultIds = (page: Page) => page.$$eval('.search-results a', (as) => as.map((a) => decodeURIComponent((a as HTMLAnchorElement).pathname.split('/').pop() ?? '').replace(/\.html$/, '')).sort());

describe('search', () => {
  for (const via of ['file', 'http'] as const) {
    it(`finds the letters with a word, from ${via === 'file' ? 'disk (file://)' : 'a static server (http)'}, loading the index only when used`, async () => {
      const context = await browser.newContext();
      const url = via === 'file' ? `file://${join(web, 'search.html')}` : `${origin}/search.html`;
      const { page, errors, requests } = await open(context, url);
      expect(requests.some((u) => u.includes('/search/'))).toBe(false); // lazy: nothing loaded before the search is used
      await page.fill('#search-q', 'telegr');
      const expected = lettersWith('telegr');
      expect(expected.length).toBeGreaterThan(0);
      await expect.poll(() => resultIds(page), { timeout: 10_000 }).toEqual(expected.map((f) => f.replace(/\.html$/, '')));
      expect(await page.textContent('.search-status')).toBe(`${expected.length} letter${expected.length === 1 ? '' : 's'} found.`);
      // Only the list of letters and the one shard the query needs.
      expect(requests.filter((u) => u.includes('/search/')).map((u) => u.slice(u.lastIndexOf('/') + 1)).sort()).toEqual(['docs.js', 't-te.js']);
      expect(requests.every((u) => u.startsWith(via === 'file' ? 'file://' : origin))).toBe(true);
      expect(errors).toEqual([]);
      // Why scripts: fetch() is not allowed (file:// in Chromium, and the CSP's default-src 'none' everywhere).
      expect(await page.evaluate(() => fetch('search/docs.js').then(() => 'fetched', () => 'refused'))).toBe('refused');
      await context.close();
    });
  }

  it('folds case and accents as the index does; every word must occur', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/search.html`);
    await page.fill('#search-q', 'ÅBERG');
    const emil = lettersWith('åberg');
    await expect.poll(() => resultIds(page), { timeout: 10_000 }).toEqual(emil.map((f) => f.replace(/\.html$/, '')));
    await page.fill('#search-q', 'aberg telegr');
    const both = emil.filter((f) => lettersWith('telegr').includes(f));
    await expect.poll(() => resultIds(page), { timeout: 10_000 }).toEqual(both.map((f) => f.replace(/\.html$/, '')));
    await page.fill('#search-q', 'zzzzqx');
    await expect.poll(() => page.textContent('.search-status'), { timeout: 10_000 }).toBe('No letter contains all of “zzzzqx”.');
    // Submitted, the query is in the address (a reload or a shared link gives it).
    await page.press('#search-q', 'Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 10_000 }).toBe('zzzzqx');
    await context.close();
  });

  it('facets (sender, recipient, year) count the results and narrow them', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/search.html`);
    await page.fill('#search-q', 'the');
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(12);
    expect(await page.$$eval('.facet legend', (ls) => ls.map((l) => l.textContent))).toEqual(['Sender', 'Recipient', 'Year']);
    const sender = page.locator('fieldset[data-facet="from"] label').first();
    const [name, count] = /^\s*(.*?)\s*\((\d+)\)$/.exec((await sender.textContent()) ?? '')!.slice(1) as [string, string];
    await sender.locator('input').check();
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(Number(count));
    for (const meta of await page.$$eval('.search-results .result-meta', (ms) => ms.map((m) => m.textContent ?? ''))) expect(meta).toContain(`· ${name} →`);
    // A chosen sender whom no result of another query has is still named (it showed the register's id: "lindqvist (0)").
    await page.fill('#search-q', 'zzzzqx');
    await expect.poll(() => page.locator('fieldset[data-facet="from"] label').first().textContent(), { timeout: 10_000 }).toBe(` ${name} (0)`);
    // Quotation marks do not make a phrase, and the status says so.
    await page.fill('#search-q', '"the"');
    await expect.poll(() => page.textContent('.search-status'), { timeout: 10_000 }).toMatch(/found\. \(Words are found in any order: the search does not match phrases\.\)$/);
    await page.fill('#search-q', 'the');
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(Number(count));
    // Another facet combines with it: one year of that sender's letters.
    const year = page.locator('fieldset[data-facet="year"] label').first();
    const yearCount = Number(/\((\d+)\)$/.exec((await year.textContent()) ?? '')![1]);
    await year.locator('input').check();
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(yearCount);
    await sender.locator('input').uncheck();
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(yearCount);
    await context.close();
  });
});

describe('index: filters and sorting', () => {
  const visibleRows = (page: Page) => page.$$eval('table.letter-list tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.getAttribute('data-people') + '|' + tr.getAttribute('data-year') + '|' + tr.getAttribute('data-place')));

  it('filters by correspondent, year and place in place, and shows all again', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, `${origin}/index.html`);
    expect(await page.locator('form.letter-filter').isVisible()).toBe(true);
    expect(await visibleRows(page)).toHaveLength(12);
    await page.selectOption('select[name=person]', 'ada');
    const ada = await visibleRows(page);
    expect(ada.length).toBeGreaterThan(0);
    expect(ada.every((r) => r.split('|')[0]!.split(' ').includes('ada'))).toBe(true);
    // The same letters as Ada's correspondent page lists (the filter without JavaScript).
    const page2 = readFileSync(join(web, 'correspondents/ada.html'), 'utf8');
    expect(ada.length).toBe((page2.match(/<tr data-year/g) ?? []).length);
    await page.selectOption('select[name=year]', '1891');
    expect((await visibleRows(page)).every((r) => r.includes('ada') && r.split('|')[1] === '1891')).toBe(true);
    expect(await page.locator('section#y-1890').isVisible()).toBe(false);
    expect(await page.textContent('.filter-status')).toMatch(/^\d+ of 12 letters shown\.$/);
    await page.click('button[type=reset]');
    await page.selectOption('select[name=place]', 'lyon');
    expect((await visibleRows(page)).every((r) => r.endsWith('|lyon'))).toBe(true);
    await page.click('button[type=reset]');
    await expect.poll(async () => (await visibleRows(page)).length).toBe(12);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without JavaScript the filters are pages: a year heading leads to the year, a name to the correspondent', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(context, `${origin}/index.html`);
    expect(await page.locator('form.letter-filter').isVisible()).toBe(false);
    await page.click('#y-1891-h a');
    expect(new URL(page.url()).pathname).toBe('/years/1891.html');
    expect(await page.$$eval('table.letter-list tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-year')))).toEqual(['1891', '1891', '1891']);
    await page.click('table.letter-list tbody tr:first-child td:nth-child(2) a');
    expect(new URL(page.url()).pathname).toMatch(/^\/correspondents\/[a-z]+\.html$/);
    expect(await page.textContent('h1')).toBe(await page.textContent('nav.breadcrumbs [aria-current="page"]'));
    await context.close();
  });

  it('sorts every list by a column, with aria-sort on the header and a button to press', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, `${origin}/years/1890.html`);
    const th = page.locator('th[data-column="4"]');
    expect(await page.getAttribute('th[data-column="0"]', 'aria-sort')).toBe('ascending');
    await th.locator('button').click();
    expect(await th.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getAttribute('th[data-column="0"]', 'aria-sort')).toBeNull();
    const titles = () => page.$$eval('table.letter-list tbody td:last-child', (tds) => tds.map((td) => td.textContent ?? ''));
    const asc = await titles();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'en')));
    await th.locator('button').click();
    expect(await th.getAttribute('aria-sort')).toBe('descending');
    expect(await titles()).toEqual([...asc].reverse());
    await context.close();
  });
});

describe('accessibility of the new pages', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe-core finds no WCAG 2.1 AA violations in ${colorScheme} mode (search with results and facets)`, async () => {
      const context = await browser.newContext({ colorScheme });
      for (const path of ['index.html', 'correspondents.html', 'correspondents/ada.html', 'years/1890.html', 'search.html', 'register/persons.html', 'documents/letter-0005.html']) {
        const { page } = await open(context, `${origin}/${path}`);
        if (path === 'search.html') {
          await page.fill('#search-q', 'the');
          await expect.poll(() => page.locator('.facet').count(), { timeout: 10_000 }).toBe(3);
        }
        const result = await axeViolations(page);
        expect(result, `${colorScheme} ${path}`).toEqual([]);
        await page.close();
      }
      await context.close();
    }, 180_000);
  }

  it('keeps a phone screenshot of the index (tests/artifacts/), no wider than the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await open(context, `${origin}/index.html`);
    await page.screenshot({ path: join(ARTIFACTS, 'site-index-phone.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
