import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkLinks, parsePage, walk, allElements, attr, validateHtml } from './site-check.js';
import { runCli } from '../cli.js';
import { freshBuilds, LETTER_EDITION as FRESH_LETTER_EDITION } from '../fresh-builds.js';

const LETTER_ID = 'eisenhower-bulganin-1956-11-04';
// A one-letter edition folder (edition.json + tei/): the tests never read the repository's own tei/.
const LETTER_EDITION = FRESH_LETTER_EDITION;
const LETTER_FILE = join(LETTER_EDITION, 'tei', `${LETTER_ID}.xml`);

let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'web-'));
  const r = await runCli(LETTER_EDITION, 'build', '--only', 'web,cite', '--out', join(out, 'dist'), '--base-url', 'https://edition.example.org/eisenhower');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^✔ built 1 document → \d+ files in .*dist\/ \(\d+(\.\d+)? m?s\)\n$/);
}, 120_000); // a cold build; slow when the machine is shared

describe('dist/web', () => {
  it('has the home page, one page per document, registers, about, assets and the TEI download', () => {
    const files = walk(join(out, 'dist/web')).sort();
    expect(files).toEqual(expect.arrayContaining([
      'index.html', 'about.html', `documents/${LETTER_ID}.html`,
      'register/persons.html', 'register/places.html', 'register/organizations.html',
      'assets/edition.css', 'assets/edition.js', `downloads/${LETTER_ID}.xml`,
    ]));
  });
  it('every page is well-formed HTML5 and every internal link and fragment resolves', async () => {
    const { problems, pages } = checkLinks(join(out, 'dist/web'));
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(problems).toEqual([]);
    expect(await validateHtml(join(out, 'dist/web'))).toEqual([]);
  });
  it('the checkers catch a broken fragment, a missing file, a duplicate id and a misnested tag (they can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-'));
    writeFileSync(join(dir, 'a.html'), '<!DOCTYPE html><html lang="en"><head><title>a</title></head><body><a href="b.html#x">b</a><a href="c.html">c</a><p id="d"></p><p id="d"></p></body></html>');
    writeFileSync(join(dir, 'b.html'), '<!DOCTYPE html><html lang="en"><head><title>b</title></head><body><p>b</b></body></html>');
    const { problems } = checkLinks(dir);
    expect(problems.some((p) => p.includes('no id "x"'))).toBe(true);
    expect(problems.some((p) => p.includes('no file c.html'))).toBe(true);
    expect(problems.some((p) => p.includes('duplicate id "d"'))).toBe(true);
    expect((await validateHtml(dir)).some((p) => p.startsWith('b.html') && /close-order|unclosed|no-unclosed/.test(p))).toBe(true);
  });
  it('nothing is loaded from outside: scripts, styles and images are the site\'s own; every page sets a CSP', () => {
    for (const f of walk(join(out, 'dist/web')).filter((x) => x.endsWith('.html'))) {
      const p = parsePage(join(out, 'dist/web'), f);
      for (const el of allElements(p.root)) {
        if (['script', 'link', 'img', 'iframe', 'source', 'video', 'audio'].includes(el.tagName)) {
          const url = attr(el, 'src') ?? (el.tagName === 'link' && attr(el, 'rel') !== 'canonical' ? attr(el, 'href') : undefined);
          if (url) expect(url, `${f} <${el.tagName}>`).not.toMatch(/^(https?:)?\/\//);
        }
      }
      const csp = allElements(p.root).find((el) => el.tagName === 'meta' && attr(el, 'http-equiv') === 'Content-Security-Policy');
      expect(attr(csp!, 'content'), f).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'/);
    }
  });
});

describe('document page', () => {
  const meta = (html: string, name: string): string[] => [...html.matchAll(new RegExp(`<meta name="${name.replace('.', '\\.')}" content="([^"]*)">`, 'g'))].map((m) => m[1] as string);
  it('carries Highwire, Dublin Core, OpenGraph and canonical metadata from the header', () => {
    const html = readFileSync(join(out, 'dist/web/documents', `${LETTER_ID}.html`), 'utf8');
    expect(meta(html, 'citation_title')).toEqual(['Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., Urging Withdrawal of Soviet Forces From Hungary']);
    // No citation_author: Zotero would take the Highwire authors and drop the recipient (z:recipients); see tests/consumers/zotero.test.ts.
    expect(meta(html, 'citation_author')).toEqual([]);
    expect(meta(html, 'z:itemType')).toEqual(['letter']);
    expect(meta(html, 'z:recipients')).toEqual(['Bulganin, Nikolai A.']);
    expect(meta(html, 'citation_date')).toEqual(['1956/11/04']);
    expect(meta(html, 'DC.creator')).toEqual(['Eisenhower, Dwight D.']);
    expect(meta(html, 'DC.contributor')).toEqual(['Nikolai A. Bulganin']);
    expect(meta(html, 'DC.date')).toEqual(['1956-11-04']);
    expect(meta(html, 'DC.source')).toHaveLength(3);
    expect(html).toContain(`<link rel="canonical" href="https://edition.example.org/eisenhower/documents/${LETTER_ID}.html">`);
    expect(html).toContain(`<meta property="og:url" content="https://edition.example.org/eisenhower/documents/${LETTER_ID}.html">`);
  });
  it('has a schema.org Message in JSON-LD with sender, recipient, dateSent, isPartOf and licence', () => {
    const html = readFileSync(join(out, 'dist/web/documents', `${LETTER_ID}.html`), 'utf8');
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const ld = JSON.parse(json!) as Record<string, any>;
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('Message');
    expect(ld.sender).toEqual({ '@type': 'Person', name: 'Dwight D. Eisenhower', familyName: 'Eisenhower', givenName: 'Dwight D.', sameAs: 'https://www.wikidata.org/entity/Q9916' });
    expect(ld.recipient).toEqual({ '@type': 'Person', name: 'Nikolai A. Bulganin', familyName: 'Bulganin', givenName: 'Nikolai A.' });
    // The same node as in dist/data/edition.jsonld, standing alone.
    expect(ld['@id']).toBe(`https://edition.example.org/eisenhower/documents/${LETTER_ID}.html`);
    expect(ld.isPartOf['@type']).toBe('Collection');
    expect(ld.dateSent).toBe('1956-11-04');
    expect(ld.isPartOf.name).toMatch(/edition/i);
    // The licence is the edition's (edition.jsonld's Collection), not the 1956 message's.
    expect(ld.license).toBeUndefined();
  });
  it('has a "Cite this" box for the preferred witness, with downloads for reference managers', () => {
    const html = readFileSync(join(out, 'dist/web/documents', `${LETTER_ID}.html`), 'utf8');
    expect(html).toContain('<h2 id="cite-h">Cite this</h2>');
    expect(html).toContain('<p class="cite-source">As printed in <cite>Department of State Bulletin</cite> (DSB):</p>');
    expect(html).toContain('Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, <i>Department of State Bulletin</i> 35 (November 19, 1956): 795–97.');
    for (const f of ['DSB.bib', 'DSB.biblatex.bib', 'DSB.ris', 'DSB.json']) {
      expect(html).toContain(`href="../cite/${LETTER_ID}.${f}"`);
      expect(readFileSync(join(out, 'dist/web/cite', `${LETTER_ID}.${f}`), 'utf8')).toBe(readFileSync(join(out, 'dist/cite', `${LETTER_ID}.${f}`), 'utf8'));
    }
  });
  it('offers the variant control and the TEI download', () => {
    const html = readFileSync(join(out, 'dist/web/documents', `${LETTER_ID}.html`), 'utf8');
    expect(html).toContain('<button type="button" class="show-readings" aria-pressed="false" data-witnesses="FRUS">Show FRUS readings in the text</button>');
    expect(html).toContain(`href="../downloads/${LETTER_ID}.xml"`);
    expect(readFileSync(join(out, 'dist/web/downloads', `${LETTER_ID}.xml`), 'utf8')).toBe(readFileSync(LETTER_FILE, 'utf8'));
  });
});

describe('registers and about', () => {
  it('lists each person with authority links and back-links to every occurrence', () => {
    const html = readFileSync(join(out, 'dist/web/register/persons.html'), 'utf8');
    expect(html).toContain('<li class="register-entry" id="eisenhower"><h2>Dwight D. Eisenhower <span class="life">(1890–1969)</span></h2>');
    expect(html).toContain('<a href="https://www.wikidata.org/entity/Q9916" rel="external">wikidata: www.wikidata.org/entity/Q9916</a>');
    expect(html).toContain('<li>SNAC 5402727</li>');
    const bulganin = html.slice(html.indexOf('id="bulganin"'), html.indexOf('</li>\n', html.indexOf('id="bulganin"')));
    // Bulganin is named in the heading, the inside address (a FRUS reading, not counted), notes 5 and 7, and ¶ 8 three times.
    expect(bulganin).toMatch(/Named \d+× in 1 letter/);
    expect(bulganin).toContain(`href="../documents/${LETTER_ID}.html#head"`);
    expect(bulganin).toContain(`href="../documents/${LETTER_ID}.html#p8"`);
    expect(bulganin).toContain(`href="../documents/${LETTER_ID}.html#note-n5"`);
  });
  it('about.html gives the editorial principles and the witnesses', () => {
    const html = readFileSync(join(out, 'dist/web/about.html'), 'utf8');
    for (const h of ['Editorial principles', 'Quotation marks', 'Normalisation', 'Witnesses', 'The apparatus']) expect(html).toContain(h);
    expect(html).toContain('<abbr class="siglum">DSB</abbr>');
  });
});

/**
 * A full build (every output) of a copy of the letter's edition folder, in this process, made once for the tests
 * that need one (a second would cost about 3 s of CPU and prove nothing more): the deterministic build compares a
 * new process's with it, and the --only test builds one output over it.
 */
let full: Promise<string> | undefined;
const fullBuild = (): Promise<string> =>
  (full ??= (async () => {
    const project = mkdtempSync(join(tmpdir(), 'full-'));
    // Its edition.json and tei/, not the build cache the tests' builds of the fixture itself leave in it.
    cpSync(LETTER_EDITION, project, { recursive: true, filter: (f) => !f.slice(LETTER_EDITION.length).startsWith('/.cache') });
    // --no-cache: the deterministic build's other half must make everything again, not copy this one's from the build cache.
    expect((await runCli(project, 'build', '--no-cache')).status).toBe(0);
    return project;
  })());

describe('build guarantees', () => {
  it('is deterministic: two full builds in separate processes (this one, warm, and a new one) give byte-identical dist/ (web, PDF, text, citations, data)', async () => {
    const project = await fullBuild();
    const a = project;
    // The new process's build of another copy of the edition folder, made once per run with tests/site/site.test.ts's
    // (tests/fresh-builds.ts).
    const b = (await freshBuilds()).letter;
    const fa = walk(join(a, 'dist')).sort();
    expect(fa).toEqual(expect.arrayContaining([`print/${LETTER_ID}.pdf`, `print/${LETTER_ID}.typ`, `text/${LETTER_ID}.txt`, `text/${LETTER_ID}.annotated.txt`, 'data/cmif.xml', 'data/edition.jsonld', `web/downloads/${LETTER_ID}.pdf`]));
    expect(walk(join(b, 'dist')).sort()).toEqual(fa);
    for (const f of fa) expect(readFileSync(join(b, 'dist', f)).equals(readFileSync(join(a, 'dist', f))), f).toBe(true);
  }, 600_000);
  it('--only builds one output and keeps the others as they were', async () => {
    const project = await fullBuild();
    const pdf = readFileSync(join(project, 'dist/print', `${LETTER_ID}.pdf`));
    expect((await runCli(project, 'build', '--only', 'text')).status).toBe(0);
    expect(readFileSync(join(project, 'dist/print', `${LETTER_ID}.pdf`)).equals(pdf)).toBe(true);
    expect(existsSync(join(project, 'dist/web/index.html'))).toBe(true);
  });
  it('a document with errors is not published: exit 1 with the findings, the previous dist/ untouched', async () => {
    const project = mkdtempSync(join(tmpdir(), 'fail-'));
    mkdirSync(join(project, 'tei'));
    cpSync(LETTER_FILE, join(project, 'tei', `${LETTER_ID}.xml`));
    expect((await runCli(project, 'build', '--only', 'web')).status).toBe(0);
    const before = walk(join(project, 'dist')).sort().map((f) => [f, readFileSync(join(project, 'dist', f), 'utf8')]);
    cpSync('tests/fixtures/broken/date-not-iso.xml', join(project, 'tei', `${LETTER_ID}.xml`));
    const r = await runCli(project, 'build', '--only', 'web');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error date-iso');
    expect(r.stdout).toContain('Nothing was built');
    const after = walk(join(project, 'dist')).sort().map((f) => [f, readFileSync(join(project, 'dist', f), 'utf8')]);
    expect(after).toEqual(before);
    expect(walk(project).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('any TEI: a foreign encoding (the FRUS witness) is refused by default, and builds with the checks relaxed', async () => {
    const project = mkdtempSync(join(tmpdir(), 'any-'));
    mkdirSync(join(project, 'tei'));
    cpSync('tests/fixtures/frus/frus1955-57v25-d166.xml', join(project, 'tei', 'frus.xml'));
    const strict = await runCli(project, 'build');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('error pointer-resolves');
    const r = await runCli(project, 'build', '--no-schema', '--no-rules', '--no-xref');
    expect(r.stdout + r.stderr).toMatch(/✔ built 1 document/);
    expect(r.status).toBe(0);
    const files = walk(join(project, 'dist')).sort();
    expect(files).toEqual(expect.arrayContaining(['web/documents/frus.html', 'print/frus.pdf', 'text/frus.txt', 'data/cmif.xml']));
    expect(checkLinks(join(project, 'dist/web')).problems).toEqual([]);
    expect(await validateHtml(join(project, 'dist/web'))).toEqual([]);
  });
  // In this thread (tests/cli.ts); a build with worker threads is compared byte for byte with one without in
  // tests/build/incremental.test.ts.
  it('renders a letter among several exactly as the same letter alone', async () => {
    const project = mkdtempSync(join(tmpdir(), 'many-'));
    mkdirSync(join(project, 'tei'));
    const letter = readFileSync(LETTER_FILE, 'utf8');
    for (const n of [1, 2, 3]) writeFileSync(join(project, 'tei', `copy${n}.xml`), letter.replaceAll(LETTER_ID, `copy-${n}`));
    const r = await runCli(project, 'build', '--only', 'web');
    expect(r.status, r.stdout).toBe(0);
    const single = mkdtempSync(join(tmpdir(), 'one-'));
    mkdirSync(join(single, 'tei'));
    writeFileSync(join(single, 'tei', 'copy1.xml'), letter.replaceAll(LETTER_ID, 'copy-1'));
    expect((await runCli(single, 'build', '--only', 'web')).status).toBe(0);
    const article = (dir: string): string => {
      const html = readFileSync(join(dir, 'dist/web/documents/copy-1.html'), 'utf8');
      return html.slice(html.indexOf('<article'), html.indexOf('</article>'));
    };
    expect(article(project)).toBe(article(single));
    expect(article(project).length).toBeGreaterThan(10_000);
    expect(checkLinks(join(project, 'dist/web')).problems).toEqual([]);
  });
  it('a warm rebuild in one process sees every change: to the text, and to the header and registers', async () => {
    const { buildEdition } = await import('../../src/build/index.js');
    const project = mkdtempSync(join(tmpdir(), 'warm-'));
    mkdirSync(join(project, 'tei'));
    const file = join(project, 'tei', `${LETTER_ID}.xml`);
    const letter = readFileSync(LETTER_FILE, 'utf8');
    const page = async (): Promise<{ doc: string; persons: string }> => {
      const r = await buildEdition({ inputs: [join(project, 'tei')], targets: ['web'] });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return { doc: r.files.get(`web/documents/${LETTER_ID}.html`) as string, persons: r.files.get('web/register/persons.html') as string };
    };
    writeFileSync(file, letter);
    expect((await page()).doc).toContain('profound distress');
    writeFileSync(file, letter.replace('with profound distress', 'with deep distress'));
    expect((await page()).doc).toContain('deep distress');
    writeFileSync(file, letter.replace('<surname>Bohlen</surname>', '<surname>Bohlen</surname> <forename>Charles</forename>'));
    const after = await page();
    expect(after.persons).toContain('Bohlen Charles');
    expect(after.doc).toContain('profound distress');
  }, 60_000);
  it('usage errors exit 2', async () => {
    expect((await runCli(LETTER_EDITION, 'build', '--only', 'pdf')).status).toBe(2);
    expect((await runCli(LETTER_EDITION, 'build', '--base-url', 'javascript:alert(1)')).status).toBe(2);
    expect((await runCli(LETTER_EDITION, 'build', '--help')).stdout).toContain('--base-url');
  });
});
