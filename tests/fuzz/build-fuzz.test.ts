/**
 * Seeded mutation fuzzing of `build`: the renderers (web page, print
 * edition and volume, plain text, citations, exports) on TEI that is
 * well-formed but not what they were written for. Mutants of the test
 * edition's letters have TEI fragments inserted in their text (notes,
 * readings, corrections, tables, lists, hostile pointers and URLs,
 * duplicate ids …) and in their header (impossible dates, empty names and
 * titles, BibTeX's and RIS's special characters …), spans cut out and
 * spans repeated; only well-formed ones are kept. They are built with
 * every check off (--no-schema --no-rules --no-xref), so that nothing
 * stops them before the renderers. The build must exit 0 and make every
 * document's page, PDF, text and citations, or
 * exit 1 with findings that name the document they are about; never
 * crash, never print a stack trace. BUILD_FUZZ_MUTANTS (default 24) and
 * BUILD_FUZZ_SEED choose the run (tests/fuzz/fuzz.test.ts does the same
 * for the load stage and `validate`).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/corpus.mjs';
import { loadBytes } from '../../src/load/source.js';
import { runCli } from '../cli.js';

const COUNT = Number(process.env.BUILD_FUZZ_MUTANTS ?? 24);
const SEED = Number(process.env.BUILD_FUZZ_SEED ?? 20261203);
const EDITION = 'tests/fixtures/edition';
const LETTERS = readdirSync(join(EDITION, 'tei')).filter((f) => f.endsWith('.xml') && f !== 'registers.xml').sort();
const BASES = LETTERS.map((f) => readFileSync(join(EDITION, 'tei', f), 'utf8'));

/** What is inserted: TEI the renderers handle, in places they may not expect it, and input meant to do harm. */
const FRAGMENTS = [
  '<note type="editorial" resp="#ed">An inserted note.</note>', '<note place="foot" target="#nowhere">n</note>', '<note>a <note>nested</note> note</note>',
  '<hi rend="italic">', '</hi>', '<hi rend="sup">x</hi>', '<lb/>', '<pb n="2"/>', '<gap reason="illegible"/>', '<space/>',
  '<app><lem>a</lem><rdg wit="#nowitness">b</rdg></app>', '<app><lem/><rdg wit="#MS">only here</rdg></app>',
  '<choice><sic>a</sic><corr>b</corr></choice>', '<choice><abbr>Mr</abbr><expan>Mister</expan></choice>',
  '<subst><del>a</del><add place="above">b</add></subst>', '<unclear>u</unclear>', '<supplied reason="lost">s</supplied>',
  '<persName ref="#nobody">N</persName>', '<placeName ref="registers.xml#nowhere">P</placeName>', '<rs type="person" ref="psn:zz">r</rs>',
  '<name ref="http://example.org/a b">n</name>', '<ref target="javascript:alert(1)">x</ref>', '<ptr target="#"/>',
  '<graphic url="../../etc/passwd"/>', '<figure><head>h</head><figDesc>d</figDesc></figure>',
  '<p>', '</p>', '<div>', '</div>', '<head>A heading</head>', '<list><item>a</item><item>b</item></list>',
  '<table><row><cell role="label">a</cell><cell cols="0">b</cell></row></table>', '<lg><l>a line</l></lg>',
  '<quote>q</quote>', '<q>"quoted"</q>', '<cit><quote>c</quote><bibl>b</bibl></cit>', '<bibl><title>T</title></bibl>',
  '<date when="1851-13-45">a date that is none</date>', '<foreign xml:lang="x-!!">f</foreign>', '<seg xml:id="dup">s</seg><seg xml:id="dup">t</seg>',
  '<signed>S</signed>', '<closer><salute>Yours</salute></closer>', '<postscript><p>PS</p></postscript>',
  '&#x202E;', '&#x85;', '#set page(width: 1pt)', '#{1/0}', '\\', '$x$', '*', '_', '`', '<', '@', '{{', '}}', '<!-- -->', '<?pi x?>',
];

/**
 * What is inserted in the teiHeader (a third of the edits): what the model, the citations, the exports
 * and the page headers read, malformed or out of place: impossible and partial dates, empty names and
 * titles, names that point nowhere, nested idnos, hostile licences, text with BibTeX's, RIS's and
 * Typst's special characters.
 */
const HEADER_FRAGMENTS = [
  '<date when="1851-13-45">x</date>', '<date notBefore="abc"/>', '<date/>', '<date when="0000"/>', '<date when="-0044-03-15">Ides</date>', '<date from="1851" to="1850"/>', '<date notAfter="1850"/>',
  '<persName/>', '<persName ref="#nobody"/>', '<persName ref="#lindqvist #whitcombe">Two</persName>', '<placeName ref="registers.xml#nowhere">N</placeName>', '<orgName>O</orgName>',
  '<title/>', '<title type="sub">S</title>', '<title level="a"><persName>X</persName>. </title>', '<title type="main">2.</title>', '<title>{}\\"%$@#</title>',
  '<correspAction type="sent"/>', '<correspAction type="received"><date when="0000"/></correspAction>', '<correspAction type="sent"><persName>A</persName><persName>B</persName></correspAction>', '<correspDesc/>',
  '<editor/>', '<editor role="x">E</editor>', '<author/>', '<respStmt><resp/></respStmt>', '<idno type="DOI">10.x/ y</idno>', '<idno type="edition"><idno>nested</idno></idno>',
  '<licence target="javascript:alert(1)">L</licence>', '<bibl><title/><biblScope unit="page" from="5" to="3"/></bibl>', '<witness xml:id="W" ana="#copy-text #preferred-citation #copy-text"/>',
  '<language ident="x-!!"/>', '<change when="x"/>', '<abstract><p>a<note>n</note></p></abstract>', '<publisher><email>a@b</email></publisher>', '<creation><date>unknown</date></creation>',
  '&#x202E;', '{', '}', '\\', '%', '#', '$', '@', '<note>a note in the header</note>', '<lb/>', '<hi rend="italic">h</hi>',
];

/** COUNT well-formed mutants, each with its own TEI/@xml:id (mutant-N): [file name, text]. */
function mutants(): [string, string][] {
  const r = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: [string, string][] = [];
  for (let tries = 0; out.length < COUNT && tries < COUNT * 50; tries++) {
    const base = pick(BASES);
    let s = base;
    for (let e = 0, edits = 1 + Math.floor(r() * 4); e < edits; e++) {
      const header = r() < 1 / 3;
      const from = header ? s.indexOf('<teiHeader') : s.indexOf('<body>') + '<body>'.length;
      const to = header ? s.indexOf('</teiHeader>') : s.indexOf('</body>');
      if (from < 0 || to < from) break;
      const i = from + Math.floor(r() * (to - from));
      const kind = Math.floor(r() * 4);
      if (kind <= 1) s = s.slice(0, i) + pick(header ? HEADER_FRAGMENTS : FRAGMENTS) + s.slice(i);
      else if (kind === 2) s = s.slice(0, i) + s.slice(Math.min(s.length, i + Math.floor(r() * 60)));
      else {
        const j = Math.min(s.length, i + Math.floor(r() * 80));
        s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
      }
    }
    if (s === base) continue;
    const n = out.length;
    s = s.replace(/(<TEI\b[^>]*\bxml:id=")[^"]*"/, `$1mutant-${n}"`);
    const loaded = loadBytes(`mutant-${n}.xml`, Buffer.from(s, 'utf8'));
    if (!loaded.source || loaded.diagnostics.some((d) => d.severity === 'error')) continue;
    out.push([`mutant-${n}.xml`, s]);
  }
  return out;
}

describe(`build of ${COUNT} well-formed mutants of the test edition's letters (seed ${SEED})`, () => {
  it('exits 0 with every document made, or 1 with findings on the documents; never crashes', async () => {
    const cases = mutants();
    expect(cases.length).toBe(COUNT);
    const dir = mkdtempSync(join(tmpdir(), 'build-fuzz-'));
    try {
      await buildsOrReports(dir, cases);
    } finally {
      // The seed makes the same mutants again.
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Builds the test edition with the mutants added, in `dir`, and checks what the build did. */
async function buildsOrReports(dir: string, cases: [string, string][]): Promise<void> {
  cpSync(EDITION, dir, { recursive: true });
  for (const [name, text] of cases) writeFileSync(join(dir, 'tei', name), text);
  const r = await runCli(dir, 'build', '--no-cache', '--no-schema', '--no-rules', '--no-xref', '--out', 'dist', 'tei');
  const output = `${r.stdout}\n${r.stderr}`;
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output).not.toMatch(/internal error|Maximum call stack/i);
  expect([0, 1], output.slice(-2000)).toContain(r.status);
  if (r.status === 0) {
    // Every document, the edition's letters and the mutants: its page, its PDF, its text.
    for (const id of [...LETTERS.map((f) => f.replace(/\.xml$/, '')), ...cases.map(([name]) => name.replace(/\.xml$/, ''))]) {
      for (const made of [`web/documents/${id}.html`, `print/${id}.pdf`, `text/${id}.txt`, `cite/${id}.citations.json`]) expect(existsSync(join(dir, 'dist', made)), made).toBe(true);
    }
    // The volume, of 2 to 100 documents by default (`build --help`).
    if (LETTERS.length + cases.length <= 100) expect(existsSync(join(dir, 'dist', 'print', 'edition.pdf'))).toBe(true);
  } else {
    // Each error is a finding that names its file, and nothing was built.
    const errors = output.split('\n').filter((line) => /^\S.* error /.test(line));
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toMatch(/^tei\/[\w.-]+\.xml(?::\d+:\d+)? error /);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  }
}
