import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGolden } from '../golden.js';
import { checkLinks, validateHtml, walk } from '../web/site-check.js';
import { buildFixtureSiteHere, letterSpec, PERSONS } from './letters.js';
import { freshBuilds, SITE_LETTERS } from '../fresh-builds.js';
import { runCli } from '../cli.js';
import { neighbours, summarize, correspondents, type LetterSummary } from '../../src/site/letters.js';
import { searchFiles, shardOf, terms } from '../../src/site/search.js';
import { toCmif } from '../../src/export/cmif.js';
import type { DocumentModel } from '../../src/model/types.js';

/**
 * The site of an edition of many letters, built from a generated edition of
 * 12 invented letters (tests/site/letters.ts): the index by year, the year
 * and correspondent pages, the registers with the letters that name each
 * entry, previous/next links and the search index.
 */

const GOLDEN = 'tests/golden/site';
const N = 12;
let project: string;
let web: string;

beforeAll(async () => {
  project = await buildFixtureSiteHere(N);
  web = join(project, 'dist/web');
}, 240_000);

const read = (path: string) => readFileSync(join(web, path), 'utf8');

describe('site of many letters', () => {
  it('has the index, a page per year and per correspondent, the correspondents, the search and its index', () => {
    const files = walk(web);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'correspondents.html', 'search.html', 'search/docs.js', 'assets/search.js', 'years/1890.html', 'years/1893.html', 'correspondents/ada.html', 'correspondents/emil.html']));
    expect(files.filter((f) => f.startsWith('years/'))).toHaveLength(4);
    expect(files.filter((f) => f.startsWith('correspondents/'))).toHaveLength(5);
  });
  it('every page is valid HTML5 and every link and fragment resolves (register back-links included)', async () => {
    const { problems, pages } = checkLinks(web);
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(N + 10);
    expect(await validateHtml(web)).toEqual([]);
  });
  it('index: letters grouped by year with a year navigation, filter form and sortable tables (golden)', () => {
    const html = read('index.html');
    expect(html).toContain('<nav class="year-nav" aria-label="Years"><ul><li><a href="#y-1890">1890</a></li>');
    expect(html.match(/<section class="year"/g)).toHaveLength(4);
    checkGolden(GOLDEN, 'index.html', html);
  });
  it('a correspondent page: letters sent and received, counts and date range (golden)', () => {
    const html = read('correspondents/ada.html');
    const ada = summariesOf(N).filter((s) => s.from.some((p) => p.key === 'ada') || s.to.some((p) => p.key === 'ada'));
    const sent = ada.filter((s) => s.from[0]?.key === 'ada').length;
    expect(html).toContain(`<p class="extent">${sent} sent, ${ada.length - sent} received, 1890–1893.</p>`);
    checkGolden(GOLDEN, 'correspondent-ada.html', html);
  });
  it('a register page: each entry lists the letters that name it, with date, sender → recipient and links to the place (golden)', () => {
    const html = read('register/persons.html');
    // Célia Caron is named in the first letter's first paragraph, which has no xml:id: it is linked by its generated anchor.
    expect(html).toContain('<li><time datetime="1890-01-01">January 1, 1890</time>, Ada Ashworth → Bruno Barrow: <a href="../documents/letter-0001.html"><cite>Ada Ashworth to Bruno Barrow, on the harvest</cite></a> (<a href="../documents/letter-0001.html#doc-b2" title="Célia Caron">paragraph</a>)</li>');
    expect(read('documents/letter-0001.html')).toMatch(/<p class="tei-p" id="doc-b2">I write to you from/);
    checkGolden(GOLDEN, 'register-persons.html', html);
  });
  it('the places register lists the letters written at each place (the filter by place without JavaScript)', () => {
    const html = read('register/places.html');
    const leeds = summariesOf(N).filter((s) => letterSpec(Number(s.id.slice(-4)) - 1).place.id === 'leeds');
    expect(html).toContain(`<details class="written-here"><summary>${leeds.length} letter${leeds.length === 1 ? '' : 's'} written here</summary>`);
    for (const s of leeds) expect(html).toContain(`<a href="../documents/${s.id}.html">`);
  });
  it('each letter page links the previous and next letters, in time and in its correspondence', () => {
    const sorted = summariesOf(N);
    const n = neighbours(sorted);
    for (const s of sorted) {
      const html = read(`documents/${s.id}.html`);
      const nav = /<nav class="letter-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      const { prev, next, prevInCorrespondence: pc, nextInCorrespondence: nc } = n.get(s.id)!;
      for (const [label, other] of [['Previous letter:', prev], ['Next letter:', next], ['Previous in this correspondence:', pc], ['Next in this correspondence:', nc]] as const) {
        if (other) expect(nav).toContain(`<span class="nav-label">${label}</span> <a href="../documents/${other.id}.html">`);
        else expect(nav).not.toContain(label);
      }
    }
  });
  it('the build is deterministic: a second build (in a process of its own) gives the same pages and search index', async () => {
    // In that process's main thread (TEI_EDITION_THREADS=0), as the first build ran in the test's: what differs is the
    // process. Pooled builds (checks and renderings in a worker thread, their results sent to the main thread, which
    // assembles these pages) are compared byte for byte with unpooled ones in tests/build/incremental.test.ts; a
    // thread here would load SaxonJS and the stylesheets once more (two threads 5.4 s of CPU, one 3.9 s). The new
    // process's build is made once per run with tests/web/build-web.test.ts's (tests/fresh-builds.ts).
    expect(SITE_LETTERS).toBe(N);
    const again = join((await freshBuilds()).site, 'dist/web');
    expect(walk(again).sort()).toEqual(walk(web).sort());
    for (const f of walk(web)) expect(readFileSync(join(again, f), 'utf8'), f).toBe(read(f));
  }, 600_000);
});

function summariesOf(n: number): LetterSummary[] {
  return modelsOf(n).map((m) => summarize(m)).sort((a, b) => a.iso.localeCompare(b.iso));
}

function modelsOf(n: number): DocumentModel[] {
  const specs = Array.from({ length: n }, (_, i) => letterSpec(i));
  const agent = (p: (typeof PERSONS)[number]) => ({ kind: 'person' as const, ref: `#${p.id}`, name: `${p.forename} ${p.surname}`, entry: { id: p.id, kind: 'person' as const, name: `${p.forename} ${p.surname}`, surname: p.surname, forenames: [p.forename] } });
  const models = specs.map((s) => ({
    id: s.id,
    file: '',
    title: `${s.from.forename} ${s.from.surname} to ${s.to.forename} ${s.to.surname}, on the ${s.topic}`,
    registers: {},
    sender: { agents: [agent(s.from)], date: { when: s.date } },
    recipient: { agents: [agent(s.to)] },
  }));
  return models;
}

describe('the fixture edition (tests/fixtures/edition: five letters, a shared register file)', () => {
  let fixtureWeb: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'site-edition-'));
    cpSync('tests/fixtures/edition', dir, { recursive: true });
    const r = await runCli(dir, 'build', '--only', 'web');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    fixtureWeb = join(dir, 'dist/web');
  }, 240_000);
  it('index, a correspondent page and the persons register (golden); every link resolves', () => {
    const page = (f: string) => readFileSync(join(fixtureWeb, f), 'utf8');
    // An undated-to-the-day letter says the range its header gives.
    expect(page('index.html')).toContain('<td>between January 1, 1852 and June 30, 1852</td>');
    checkGolden(GOLDEN, 'edition-index.html', page('index.html'));
    checkGolden(GOLDEN, 'edition-correspondent-whitcombe.html', page('correspondents/whitcombe.html'));
    // Names pointing into the shared register (registers.xml#id, psn:id) are listed with their letters.
    checkGolden(GOLDEN, 'edition-register-persons.html', page('register/persons.html'));
    expect(checkLinks(fixtureWeb).problems).toEqual([]);
  });
});

describe('letters: orders and neighbours', () => {
  const letters = summariesOf(N);
  it('the correspondence of a letter is the same both ways (A → B, B → A)', () => {
    const n = neighbours(letters);
    for (const s of letters) {
      const pc = n.get(s.id)?.prevInCorrespondence;
      if (pc) expect(new Set([...pc.from, ...pc.to].map((p) => p.key))).toEqual(new Set([...s.from, ...s.to].map((p) => p.key)));
    }
    // letter-0001 (Ada → Bruno, 1890) and letter-0002 (Bruno → Ada, 1893) are one correspondence.
    expect(n.get('letter-0001')?.nextInCorrespondence?.id).toBe('letter-0002');
    expect(n.get('letter-0002')?.prevInCorrespondence?.id).toBe('letter-0001');
  });
  it('a correspondent\'s key names a file and a URL alike: plain ASCII ids stay, others become slugs', () => {
    const s = summarize({ id: 'x', file: '', registers: {}, sender: { agents: [{ kind: 'person', ref: 'registers.xml#zoë', name: 'Zoë Ünal' }] }, recipient: { agents: [{ kind: 'person', name: 'Émile Zola' }, { kind: 'person', ref: 'psn:ada', name: 'Ada' }] } });
    expect(s.from.map((p) => p.key)).toEqual(['zoe']);
    expect(s.to.map((p) => p.key)).toEqual(['emile-zola', 'ada']);
  });
  it('correspondents sort by surname, accents folded (Åberg before Ashworth), with counts and dates', () => {
    const people = correspondents(letters);
    expect(people.map((p) => p.key)).toEqual(['emil', 'ada', 'bruno', 'celia', 'dmitri']);
    for (const p of people) expect(p.sent.length + p.received.length).toBe(letters.filter((s) => [...s.from, ...s.to].some((x) => x.key === p.key)).length);
  });
});

describe('CMIF correspContext', () => {
  it('links the previous and next letters of the same correspondence, with a base URL only', () => {
    const xml = toCmif(modelsOf(N), { baseUrl: 'https://example.org/ed/' });
    const desc = (id: string) => new RegExp(`<correspDesc ref="https://example.org/ed/documents/${id}\\.html"[\\s\\S]*?</correspDesc>`).exec(xml)?.[0] ?? '';
    expect(desc('letter-0001')).toContain('<correspContext>\n          <ref type="next" target="https://example.org/ed/documents/letter-0002.html"/>\n        </correspContext>');
    expect(desc('letter-0002')).toContain('<ref type="prev" target="https://example.org/ed/documents/letter-0001.html"/>');
    expect(toCmif(modelsOf(N))).not.toContain('correspContext');
  });
});

describe('search index', () => {
  it('folds case and accents, keeps letters and digits of every script', () => {
    expect(terms('Émil ÅBERG wrote “Telegrams” in 1891; Добрый день')).toEqual(['emil', 'aberg', 'wrote', 'telegrams', 'in', '1891', 'добрыи', 'день']);
  });
  it('shards by the first two characters; postings are gaps and counts in time order; the same input gives the same files', () => {
    const docs = summariesOf(3).map((summary, i) => ({ summary: { ...summary, title: '' }, text: ['telegram telegram bridge', 'bridge', 'tea'][i] as string }));
    const files = searchFiles(docs);
    expect([...files.keys()].sort()).toEqual(['search/docs.js', 'search/t-br.js', 'search/t-te.js']);
    const shard = JSON.parse(/TEISearch\.add\("shard","te",(.*)\);\n$/.exec(files.get('search/t-te.js')!)![1]!) as Record<string, number[]>;
    expect(shard).toEqual({ tea: [2, 1], telegram: [0, 2] });
    expect(JSON.parse(/TEISearch\.add\("shard","br",(.*)\);\n$/.exec(files.get('search/t-br.js')!)![1]!).bridge).toEqual([0, 1, 1, 1]);
    expect(['telegram', 'åberg', 'день', 'x', '1891'].map((t) => shardOf(terms(t)[0]!))).toEqual(['te', 'ab', '__', 'x', '18']);
    expect(searchFiles([...docs].reverse())).toEqual(files);
  });
  it('no data can close the script element it is loaded in', () => {
    const [s] = summariesOf(1);
    const files = searchFiles([{ summary: { ...s!, title: '</script><script>alert(1)</script>' }, text: '' }]);
    expect(files.get('search/docs.js')).not.toContain('</script>');
  });
});
