// Search engines for the static site, measured on N generated letters
// (default 1,000): index size, build time, query time, and whether the
// index can be loaded from disk (file://). `npm run compile && node bench/search.mjs [N]`.
//
// The site's own index (src/site/search.ts) is always measured, in Node and
// in headless Chromium from file:// (time from typing to the first result
// shown, index loaded lazily). MiniSearch, FlexSearch and Lunr are measured
// when SEARCH_CANDIDATES points to a folder where they are installed
// (`npm install minisearch flexsearch lunr` there): they are not
// dependencies of the toolkit. Numbers depend on the machine and its load.
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { searchFiles, searchPage, shardOf, terms } = await import(join(ROOT, 'lib/site/search.js'));
const N = Number(process.argv[2] ?? 1000);

// A deterministic corpus: a Zipf-distributed vocabulary of 30,000 made-up words, letters of 150–900 words.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const SYL = ['ba', 'ce', 'di', 'fo', 'gu', 'ha', 'je', 'ki', 'lo', 'mu', 'na', 'pe', 'ri', 'so', 'tu', 'va', 'we', 'xi', 'yo', 'ze', 'str', 'an', 'el', 'or'];
const VOCAB = Array.from({ length: 30000 }, (_, i) => { let w = ''; let k = i + 1; do { w += SYL[k % SYL.length]; k = Math.floor(k / SYL.length); } while (k > 0); return w; });
const H = VOCAB.reduce((h, _, i) => h + 1 / (i + 1), 0);
function word() { let r = rand() * H; for (let i = 0; i < VOCAB.length; i++) { r -= 1 / (i + 1); if (r <= 0) return VOCAB[i]; } return VOCAB[0]; }
const PEOPLE = Array.from({ length: 60 }, (_, i) => ({ key: `p${i}`, name: `${VOCAB[500 + i]} ${VOCAB[900 + i]}`, sortAs: VOCAB[900 + i] }));
const docs = Array.from({ length: N }, (_, i) => {
  const len = 150 + Math.floor(rand() * 750);
  const text = Array.from({ length: len }, word).join(' ');
  const year = 1850 + (i % 40);
  const iso = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const from = PEOPLE[i % 60];
  const to = PEOPLE[(i * 7 + 1) % 60];
  return { summary: { id: `l${String(i).padStart(5, '0')}`, title: `${from.name} to ${to.name}`, iso, year: String(year), date: iso, from: [from], to: [to] }, text };
});
// Queries of two or more characters (the first keystroke of a word loads every shard it begins, a few hundred KB).
const QUERIES = ['bace', 'ce', 'dilo', 'kimu fo', 'nape', 'ri', 'zestr', 'tuva', 'haje ki', 'wexi'];
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n) => `${n.toFixed(2)} ms`;
const rows = [];

// --- ours
{
  const t0 = performance.now();
  const files = searchFiles(docs);
  const build = performance.now() - t0;
  const sizes = [...files.entries()].map(([k, v]) => [k, Buffer.byteLength(v)]);
  const total = sizes.reduce((a, [, b]) => a + b, 0);
  const docsJs = sizes.find(([k]) => k.endsWith('docs.js'))[1];
  const maxShard = Math.max(...sizes.filter(([k]) => !k.endsWith('docs.js')).map(([, b]) => b));
  // A query as the page runs it: load the list and the shards it needs, then look up and intersect.
  const shards = new Map();
  let docList;
  const TEISearch = { add: (kind, key, data) => (kind === 'docs' ? (docList = data) : shards.set(key, data)) };
  const load = (path) => new Function('TEISearch', files.get(path))(TEISearch);
  const times = QUERIES.map((q) => {
    shards.clear();
    const t = performance.now();
    load('search/docs.js');
    const words = terms(q);
    let result = null;
    for (const w of words) {
      const s = shardOf(w);
      if (!shards.has(s) && files.has(`search/t-${s}.js`)) load(`search/t-${s}.js`);
      const hits = new Map();
      for (const [term, list] of Object.entries(shards.get(s) ?? {})) {
        if (!term.startsWith(w)) continue;
        let d = 0;
        for (let i = 0; i < list.length; i += 2) { d += list[i]; hits.set(d, (hits.get(d) ?? 0) + list[i + 1]); }
      }
      result = result === null ? hits : new Map([...result].filter(([d]) => hits.has(d)));
    }
    void docList;
    return performance.now() - t;
  });
  rows.push({ engine: 'own sharded index (chosen)', build: ms(build), size: `${kb(total)} in ${sizes.length} files (list ${kb(docsJs)}, largest shard ${kb(maxShard)})`, query: `${ms(Math.max(...times))} max, cold (loading included)`, file: 'yes: <script> files' });

  // In Chromium from file://: time from typing to the first result shown.
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => { try { readFileSync(p); return true; } catch { return false; } });
  if (chromium) {
    const { chromium: pw } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'search-bench-'));
    mkdirSync(join(dir, 'search'));
    mkdirSync(join(dir, 'assets'));
    mkdirSync(join(dir, 'documents'));
    for (const [k, v] of files) writeFileSync(join(dir, k), v);
    for (const a of ['edition.css', 'edition.js', 'search.js']) copyFileSync(join(ROOT, 'assets', a), join(dir, 'assets', a));
    writeFileSync(join(dir, 'search.html'), searchPage('Bench'));
    const browser = await pw.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const firsts = [];
    for (const q of QUERIES) {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'search.html')}`);
      await page.waitForSelector('#search-q');
      // The page loads the list of letters when the box gets the focus, as a reader clicks into it before typing.
      await page.focus('#search-q');
      await page.waitForFunction(() => Boolean(window.TEISearch) && document.querySelectorAll('script[src$="docs.js"]').length > 0);
      await page.waitForTimeout(200);
      // Measured inside the page: from the input event to the first result in the list.
      const t = await page.evaluate((query) => new Promise((resolve) => {
        const input = document.querySelector('#search-q');
        const list = document.querySelector('.search-results');
        let start = 0;
        new MutationObserver(() => { if (list.children.length) resolve(performance.now() - start); }).observe(list, { childList: true });
        input.value = query;
        start = performance.now();
        input.dispatchEvent(new Event('input'));
      }), q);
      firsts.push(t);
      await page.close();
    }
    await browser.close();
    firsts.sort((a, b) => a - b);
    rows.push({ engine: 'own index in Chromium, file://', build: '', size: '', query: `first result after typing: median ${ms(firsts[firsts.length >> 1])}, max ${ms(firsts[firsts.length - 1])} (the list of letters loaded on focus; the query's shard loaded after typing)`, file: 'yes (measured)' });
  }
}

// --- candidates, when installed
const dir = process.env.SEARCH_CANDIDATES;
if (dir) {
  const req = createRequire(join(dir, 'package.json'));
  const flat = docs.map((d, i) => ({ id: i, title: d.summary.title, text: d.text, from: d.summary.from[0].name, to: d.summary.to[0].name, year: d.summary.year }));
  const time = (f) => { const t = performance.now(); const r = f(); return [r, performance.now() - t]; };
  {
    const MiniSearch = req('minisearch');
    const opts = { fields: ['title', 'text'], storeFields: ['title', 'from', 'to', 'year'] };
    const [index, build] = time(() => { const m = new MiniSearch(opts); m.addAll(flat); return m; });
    const json = JSON.stringify(index);
    const [, load] = time(() => MiniSearch.loadJSON(json, opts));
    const q = QUERIES.map((x) => time(() => index.search(x, { prefix: true, combineWith: 'AND' }))[1]);
    rows.push({ engine: 'minisearch 7.2.0 (MIT)', build: ms(build), size: `${kb(Buffer.byteLength(json))} in one JSON`, query: `${ms(Math.max(...q))} max + ${ms(load)} to load the index`, file: 'only if wrapped in a script; one file, loaded whole' });
  }
  {
    const { Document } = req('flexsearch');
    const [index, build] = time(() => { const f = new Document({ document: { id: 'id', index: ['title', 'text'], store: ['title', 'from', 'to', 'year'] }, tokenize: 'forward' }); for (const d of flat) f.add(d); return f; });
    let bytes = 0;
    await index.export((key, data) => { bytes += Buffer.byteLength(String(key)) + Buffer.byteLength(typeof data === 'string' ? data : JSON.stringify(data ?? '')); });
    const q = QUERIES.map((x) => time(() => index.search(x, { bool: 'and' }))[1]);
    rows.push({ engine: 'flexsearch 0.8.212 (Apache-2.0)', build: ms(build), size: `${kb(bytes)} exported (forward tokenizer for prefixes)`, query: `${ms(Math.max(...q))} max`, file: 'only if wrapped in scripts; import is per key' });
  }
  {
    const lunr = req('lunr');
    const [index, build] = time(() => lunr(function () { this.ref('id'); this.field('title'); this.field('text'); for (const d of flat) this.add(d); }));
    const json = JSON.stringify(index);
    const [, load] = time(() => lunr.Index.load(JSON.parse(json)));
    const q = QUERIES.map((x) => time(() => index.search(x.split(' ').map((w) => `+${w}*`).join(' ')))[1]);
    rows.push({ engine: 'lunr 2.3.9 (MIT)', build: ms(build), size: `${kb(Buffer.byteLength(json))} in one JSON`, query: `${ms(Math.max(...q))} max + ${ms(load)} to load the index`, file: 'only if wrapped in a script; one file, loaded whole' });
  }
}

console.log(`search engines, ${N} generated letters (${docs.reduce((n, d) => n + terms(d.text).length, 0)} words), Node ${process.version}`);
console.table(rows);
