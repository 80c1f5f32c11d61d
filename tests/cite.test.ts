/**
 * Citations (src/cite/) and `tei-edition cite`.
 *
 * Golden files (tests/golden/cite/): for each target of the letter (PPP,
 * DSB, FRUS, edition) every style in text (`*.styles.txt`) and HTML
 * (`*.styles.html`), and the BibTeX, BibLaTeX, RIS and CSL-JSON files as
 * the build writes them. After checking a difference, rewrite them with
 *
 *     UPDATE_GOLDEN=1 npx vitest run tests/cite.test.ts
 *
 * The manuals' forms for the Bulletin and FRUS are also spelled out below,
 * so that a golden file cannot drift from them unnoticed.
 *
 * Round trips parse every file back with an independent parser:
 * @retorquere/bibtex-parser (Better BibTeX's) for BibTeX and BibLaTeX,
 * citation-js for RIS and CSL-JSON. Where `bibtex`, `biber` and
 * `pdflatex` are installed (Debian: texlive-binaries, texlive-base,
 * texlive-latex-base, texlive-bibtex-extra, biber), the .bib files are also
 * compiled; otherwise that test is skipped with a loud message.
 */
import { checkGolden } from './golden.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runCli } from './cli.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { readDocumentModel } from '../src/model/read.js';
import type { DocumentModel } from '../src/model/types.js';
import {
  allCitations,
  citationRecord,
  citationTargets,
  citeDocument,
  defaultCitationTarget,
  documentUrl,
  DOCUMENT_URL_PATH,
  formatCitation,
  formatData,
  STYLES,
  UnknownTargetError,
  type CiteStyle,
} from '../src/cite/index.js';
import { chicagoPages, mlaPages, fullPages, romanToArabic, arabicVolume } from '../src/cite/numbers.js';
import { apaInverted, correspondentName, initials, inverted, lastFirst, nameFromDisplay, surnameOf, type CitationName } from '../src/cite/names.js';
import { headlineCase, headlineCaseIn, joinMarked, sentenceCase, sentenceCaseIn, wordCases, type MarkedTitle } from '../src/cite/case.js';
import { parseIsoDate, longDate, mlaDate, apaDate, risDate, cslDate, biblatexDate, type PartialDate } from '../src/cite/dates.js';
import { escapeLatex, fieldValue, latexUrl, protectedTitle } from '../src/cite/latex.js';
import { RichBuilder, italic, link, plain, toHtml, toText } from '../src/cite/rich.js';
import { toCslItem } from '../src/cite/csl-json.js';
import { citationFiles } from '../src/export/files.js';
import { cases, type Case } from './consumers/targets.js';
import { cachedJson } from './disk-cache.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const BROKEN = join(root, 'tests', 'fixtures', 'broken');
const GOLDEN = join(root, 'tests', 'golden', 'cite');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const BASE_URL = 'https://edition.example.org';
const ID = 'eisenhower-bulganin-1956-11-04';

let letter: DocumentModel;
beforeAll(async () => {
  letter = await readDocumentModel(LETTER, readFileSync(LETTER, 'utf8'));
});


const cite = (witness: string, style: CiteStyle, format: 'text' | 'html' = 'text'): string => citeDocument(letter, { witness, style, format, baseUrl: BASE_URL });

// ------------------------------------------------------------------ the manuals' forms

describe('Chicago (17th ed.), a letter in a published source', () => {
  it('Bulletin: sender to recipient, date, then the journal, volume, issue date and pages (the issue text)', () => {
    expect(cite('DSB', 'chicago-note')).toBe(
      'Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, Department of State Bulletin 35 (November 19, 1956): 795–97.',
    );
    expect(cite('DSB', 'chicago-note', 'html')).toBe(
      'Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, <i>Department of State Bulletin</i> 35 (November 19, 1956): 795–97.',
    );
    expect(cite('DSB', 'chicago-short')).toBe('Eisenhower to Bulganin, November 4, 1956.');
    expect(cite('DSB', 'chicago-bib')).toBe(
      'Eisenhower, Dwight D. Letter to Nikolai A. Bulganin, November 4, 1956. Department of State Bulletin 35 (November 19, 1956): 795–97.',
    );
  });
  it('FRUS: in the titled volume of a multivolume work, with editors, publication facts, document number, pages and URL', () => {
    expect(cite('FRUS', 'chicago-note')).toBe(
      'Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, in Foreign Relations of the United States, 1955–1957, vol. 25, Eastern Europe, ' +
        'ed. Edward C. Keefer, Ronald D. Landa, and Stanley Shaloff, Department of State Publication 9789 (Washington: Government Printing Office, 1990), ' +
        'doc. 166, 390–92, https://history.state.gov/historicaldocuments/frus1955-57v25/d166.',
    );
    expect(cite('FRUS', 'chicago-short')).toBe('Eisenhower to Bulganin, November 4, 1956.');
    expect(cite('FRUS', 'chicago-bib')).toBe(
      'Eisenhower, Dwight D. Letter to Nikolai A. Bulganin, November 4, 1956. In Foreign Relations of the United States, 1955–1957, vol. 25, Eastern Europe, ' +
        'edited by Edward C. Keefer, Ronald D. Landa, and Stanley Shaloff, doc. 166, 390–92. Department of State Publication 9789. ' +
        'Washington: Government Printing Office, 1990. https://history.state.gov/historicaldocuments/frus1955-57v25/d166.',
    );
    expect(cite('FRUS', 'chicago-note', 'html')).toContain(
      'in <i>Foreign Relations of the United States, 1955–1957</i>, vol. 25, <i>Eastern Europe</i>, ed.',
    );
    expect(cite('FRUS', 'chicago-note', 'html')).toContain(
      '<a href="https://history.state.gov/historicaldocuments/frus1955-57v25/d166">https://history.state.gov/historicaldocuments/frus1955-57v25/d166</a>.',
    );
  });
  it('PPP: what the header lacks (page, year, publisher) is left out, not replaced by "n.d."', () => {
    expect(cite('PPP', 'chicago-note')).toBe(
      'Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, in Public Papers of the Presidents of the United States: Dwight D. Eisenhower, 1956, item 291.',
    );
  });
  it('the edition: its title (headline style), publisher and year, and the URL only with a base URL', () => {
    // The edition is named by the header's subtitle (its main title is the letter's own heading), headline style.
    const title = 'A TEI Edition of President Eisenhower’s Message of November 4, 1956';
    expect(cite('edition', 'chicago-note')).toBe(
      `Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, in ${title} (TEI Edition Toolkit project, 2026), ${BASE_URL}/documents/${ID}.html.`,
    );
    const withoutUrl = citeDocument(letter, { witness: 'edition', style: 'chicago-note' });
    expect(withoutUrl).toBe(`Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956, in ${title} (TEI Edition Toolkit project, 2026).`);
    expect(withoutUrl).not.toMatch(/https?:/);
  });
});

describe('MLA (9th ed.)', () => {
  it('works cited: "Letter to" the recipient, the letter’s date, then the container’s core elements', () => {
    expect(cite('DSB', 'mla')).toBe(
      'Eisenhower, Dwight D. Letter to Nikolai A. Bulganin. 4 Nov. 1956. Department of State Bulletin, vol. 35, 19 Nov. 1956, pp. 795–97.',
    );
    expect(cite('DSB', 'mla', 'html')).toBe(
      'Eisenhower, Dwight D. Letter to Nikolai A. Bulganin. 4 Nov. 1956. <i>Department of State Bulletin</i>, vol. 35, 19 Nov. 1956, pp. 795–97.',
    );
    expect(cite('FRUS', 'mla')).toBe(
      'Eisenhower, Dwight D. Letter to Nikolai A. Bulganin. 4 Nov. 1956. Foreign Relations of the United States, 1955–1957, edited by Edward C. Keefer et al., ' +
        'vol. 25, Eastern Europe, Government Printing Office, 1990, doc. 166, pp. 390–92, history.state.gov/historicaldocuments/frus1955-57v25/d166. ' +
        'Department of State Publication 9789.',
    );
  });
  it('in-text: the author', () => {
    expect(cite('DSB', 'mla-in-text')).toBe('(Eisenhower)');
    expect(cite('FRUS', 'mla-in-text')).toBe('(Eisenhower)');
  });
});

describe('APA (7th ed.): a published letter is a reference, not a personal communication', () => {
  it('Bulletin: the issue’s date, the letter described in brackets, the periodical with italic volume', () => {
    expect(cite('DSB', 'apa')).toBe(
      'Eisenhower, D. D. (1956, November 19). [Letter to Nikolai A. Bulganin, November 4, 1956]. Department of State Bulletin, 35, 795–797.',
    );
    expect(cite('DSB', 'apa', 'html')).toBe(
      'Eisenhower, D. D. (1956, November 19). [Letter to Nikolai A. Bulganin, November 4, 1956]. <i>Department of State Bulletin</i>, <i>35</i>, 795–797.',
    );
    expect(cite('DSB', 'apa-in-text')).toBe('(Eisenhower, 1956)');
  });
  it('FRUS: republished in 1990, so the original year closes the entry and both years are cited in text', () => {
    expect(cite('FRUS', 'apa')).toBe(
      'Eisenhower, D. D. (1990). [Letter to Nikolai A. Bulganin, November 4, 1956]. In E. C. Keefer, R. D. Landa, & S. Shaloff (Eds.), ' +
        'Foreign relations of the United States, 1955–1957: Vol. 25. Eastern Europe (Document 166, pp. 390–392). Government Printing Office. ' +
        'https://history.state.gov/historicaldocuments/frus1955-57v25/d166 (Original work published 1956)',
    );
    expect(cite('FRUS', 'apa-in-text')).toBe('(Eisenhower, 1956/1990)');
  });
  it('PPP: the volume’s year is unknown to the header: "n.d.", never a guessed year', () => {
    expect(cite('PPP', 'apa')).toMatch(/^Eisenhower, D\. D\. \(n\.d\.\)\. /);
    expect(cite('PPP', 'apa-in-text')).toBe('(Eisenhower, 1956/n.d.)');
  });
  it('sentence case for the letter’s title and the book’s (APA 6.17): the names the TEI marks up in them keep their capitals', () => {
    // The title and the Public Papers mark up persName, roleName, orgName, placeName and rs ("Soviet"); "U.S.S.R." is an acronym.
    expect(cite('PPP', 'apa')).toBe(
      'Eisenhower, D. D. (n.d.). Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., urging withdrawal of Soviet forces from Hungary ' +
        '[Letter to Nikolai A. Bulganin, November 4, 1956]. In Public papers of the presidents of the United States: Dwight D. Eisenhower, 1956 (Item 291). ' +
        '(Original work published 1956)',
    );
    // The edition's title (edition.json: no markup) is already in sentence case: every capital stays.
    expect(cite('edition', 'apa')).toContain('urging withdrawal of Soviet forces from Hungary [Letter to Nikolai A. Bulganin, November 4, 1956]. In A TEI edition of President Eisenhower’s message of November 4, 1956. TEI Edition Toolkit project.');
    // A periodical keeps its title case; the untitled letter is described in brackets.
    expect(cite('DSB', 'apa')).toContain('[Letter to Nikolai A. Bulganin, November 4, 1956]. Department of State Bulletin, 35');
  });
});

// ------------------------------------------------------------------ goldens

describe('golden files: every style × every target, text and HTML; every file format', () => {
  it('has the targets of the header and the edition, DSB first for papers', () => {
    expect(citationTargets(letter)).toEqual(['PPP', 'DSB', 'FRUS', 'edition']);
    expect(defaultCitationTarget(letter)).toBe('DSB');
    expect(citeDocument(letter)).toBe(cite('DSB', 'chicago-note'));
  });
  it('styles', () => {
    for (const target of citationTargets(letter)) {
      const record = citationRecord(letter, target, { baseUrl: BASE_URL });
      for (const format of ['text', 'html'] as const) {
        const body = STYLES.map((s) => `## ${s}\n${formatCitation(record, s, format)}\n`).join('\n');
        checkGolden(GOLDEN, `${ID}.${target}.styles.${format === 'text' ? 'txt' : 'html'}`, body);
      }
    }
  });
  it('files (as written to dist/cite/)', () => {
    const files = citationFiles([letter], { baseUrl: BASE_URL });
    const names = [...files.keys()].filter((n) => !n.endsWith('.citations.json'));
    expect(names).toHaveLength(16);
    for (const name of names) checkGolden(GOLDEN, name, files.get(name) as string);
  });
});

// ------------------------------------------------------------------ round trips

const require = createRequire(import.meta.url);
interface CiteLike {
  data: Record<string, unknown>[];
}
let citationJs: { Cite: { async(input: unknown): Promise<CiteLike> }; plugins: { input: { chainLink(input: unknown): unknown } } };
beforeAll(async () => {
  citationJs = require('@citation-js/core');
  require('@citation-js/plugin-ris');
});

/** The parser's text without its case-protection markup, in NFC (it composes accents as NFD). */
const stripMarkup = (s: unknown): string => String(s).replace(/<[^>]+>/g, '').normalize('NFC');

describe('round trips: each file parses back, and the facts survive', () => {
  it('BibTeX (@retorquere/bibtex-parser): the standard type whose required fields are known; the letter described when untitled', () => {
    const types: Record<string, string> = {};
    for (const target of citationTargets(letter)) {
      const r = citationRecord(letter, target);
      const lib = parseBibtex(formatData(r, 'bibtex'));
      expect(lib.errors, target).toEqual([]);
      expect(lib.entries).toHaveLength(1);
      const f = lib.entries[0]!.fields;
      types[target] = lib.entries[0]!.type;
      expect(f.author).toEqual([{ lastName: 'Eisenhower', firstName: 'Dwight D.' }]);
      // Only the copy text (PPP) and the edition carry the Public Papers heading as the letter's title.
      if (target === 'PPP' || target === 'edition') {
        // Case is free except for proper nouns and acronyms (the parser, like a style, lowercases the rest).
        expect(stripMarkup(f.title).toLowerCase()).toBe(letter.title?.toLowerCase());
        for (const proper of ['Nikolai', 'Bulganin', 'U.S.S.R.', 'Hungary', 'Soviet']) expect(stripMarkup(f.title)).toContain(proper);
        expect(f.note ?? f.howpublished).toBeTruthy();
      } else {
        expect(stripMarkup(f.title)).toBe('Letter to Nikolai A. Bulganin, November 4, 1956');
      }
      if (target === 'DSB') {
        expect(f).toMatchObject({ journal: 'Department of State Bulletin', volume: '35', pages: '795–797', year: '1956' });
        expect(String(f.month)).toMatch(/^(nov|11|November)$/);
      }
      if (target === 'FRUS') {
        // The parser, like Better BibTeX, sentence-cases what is not braced: the names marked up in the TEI stay.
        expect(f).toMatchObject({ booktitle: 'Foreign relations of the United States, 1955–1957, Eastern Europe', volume: '25', pages: '390–392', year: '1990', address: 'Washington', note: 'Document 166' });
        expect(f.publisher).toEqual(['Government Printing Office']);
        expect(f.editor).toEqual([
          { lastName: 'Keefer', firstName: 'Edward C.' },
          { lastName: 'Landa', firstName: 'Ronald D.' },
          { lastName: 'Shaloff', firstName: 'Stanley' },
        ]);
      }
      if (target === 'PPP') {
        // Its page, year and publisher are unknown: the letter itself, dated by its own date, printed in the Public Papers.
        expect(f).toMatchObject({ year: '1956', note: 'Letter to Nikolai A. Bulganin, November 4, 1956' });
        expect(stripMarkup(f.howpublished)).toBe('Printed in Public Papers of the Presidents of the United States: Dwight D. Eisenhower, 1956, item 291');
      }
    }
    expect(types).toEqual({ PPP: 'misc', DSB: 'article', FRUS: 'incollection', edition: 'incollection' });
  });
  it('BibLaTeX: standard types (@article, @incollection, @misc), the letter described in title or titleaddon, the source’s date in date', () => {
    const types: Record<string, string> = {};
    for (const target of citationTargets(letter)) {
      const lib = parseBibtex(formatData(citationRecord(letter, target), 'biblatex'));
      expect(lib.errors, target).toEqual([]);
      const e = lib.entries[0]!;
      types[target] = e.type;
      expect(e.fields.author).toEqual([{ lastName: 'Eisenhower', firstName: 'Dwight D.' }]);
      expect(e.fields.langid).toBe('english');
      if (target === 'PPP' || target === 'edition') {
        expect(stripMarkup(e.fields.title).toLowerCase()).toBe(letter.title?.toLowerCase());
        expect(e.fields.titleaddon).toBe('Letter to Nikolai A. Bulganin, November 4, 1956');
      } else {
        expect(stripMarkup(e.fields.title)).toBe('Letter to Nikolai A. Bulganin, November 4, 1956');
      }
    }
    // The edition has no editor in its header: @inbook (biber requires an editor for @incollection).
    expect(types).toEqual({ PPP: 'misc', DSB: 'article', FRUS: 'incollection', edition: 'inbook' });
    const dsb = parseBibtex(formatData(citationRecord(letter, 'DSB'), 'biblatex')).entries[0]!.fields;
    expect(dsb).toMatchObject({ journaltitle: 'Department of State Bulletin', volume: '35', pages: '795–797', date: '1956-11-19' });
    const frus = parseBibtex(formatData(citationRecord(letter, 'FRUS'), 'biblatex')).entries[0]!.fields;
    expect(frus).toMatchObject({ booktitle: 'Eastern Europe', volume: '25', pages: '390–392', date: '1990', note: 'Document 166', number: '9789' });
    expect(stripMarkup(frus.maintitle)).toBe('Foreign relations of the United States, 1955–1957');
    const ppp = parseBibtex(formatData(citationRecord(letter, 'PPP'), 'biblatex')).entries[0]!.fields;
    expect(ppp).toMatchObject({ date: '1956-11-04', howpublished: 'Printed in Public Papers of the Presidents of the United States: Dwight D. Eisenhower, 1956, item 291' });
  });
  it('RIS (citation-js): a personal_communication with author, recipient, date; the source in M2 (Zotero’s Extra) and N1', async () => {
    for (const target of citationTargets(letter)) {
      const r = citationRecord(letter, target);
      const ris = formatData(r, 'ris');
      expect(ris.startsWith('TY  - PCOMM\r\n')).toBe(true);
      expect(ris.endsWith('ER  - \r\n')).toBe(true);
      const item = (await citationJs.Cite.async(ris)).data[0]!;
      expect(item.type).toBe('personal_communication');
      expect(item.author).toEqual([{ family: 'Eisenhower', given: 'Dwight D.' }]);
      expect(item.recipient).toEqual([{ family: 'Bulganin', given: 'Nikolai A.' }]);
      // Stored as Zotero asks (sentence case, as in CSL-JSON): the names the TEI marks up keep their capitals.
      expect(item.title).toBe(target === 'PPP' || target === 'edition' ? 'Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., urging withdrawal of Soviet forces from Hungary' : undefined);
      expect(item.issued).toEqual({ 'date-parts': [[1956, 11, 4]] });
      expect(ris).toContain(`M2  - container-title: ${toCslItem(r)['container-title'] as string}\r\n`);
    }
    const dsb = formatData(citationRecord(letter, 'DSB'), 'ris');
    for (const line of ['A2  - Bulganin, Nikolai A.', 'M3  - Letter', 'M2  - event-date: 1956-11-04', 'M2  - volume: 35', 'M2  - issued: 1956-11-19', 'M2  - page: 795-797', 'N1  - Printed in Department of State Bulletin 35 (November 19, 1956): 795–97.']) {
      expect(dsb).toContain(`${line}\r\n`);
    }
  });
  it('CSL-JSON (citation-js): personal_communication; event-date the letter’s, issued the source’s', async () => {
    for (const target of citationTargets(letter)) {
      const r = citationRecord(letter, target);
      const json = formatData(r, 'csl-json');
      const item = (await citationJs.Cite.async(JSON.parse(json))).data[0]!;
      expect(item).toMatchObject({
        type: 'personal_communication',
        author: [{ family: 'Eisenhower', given: 'Dwight D.' }],
        recipient: [{ family: 'Bulganin', given: 'Nikolai A.' }],
        'event-date': { 'date-parts': [[1956, 11, 4]] },
      });
      expect(item['container-title']).toBeTruthy();
    }
    const dsb = (await citationJs.Cite.async(JSON.parse(formatData(citationRecord(letter, 'DSB'), 'csl-json')))).data[0]!;
    expect(dsb).toMatchObject({ 'container-title': 'Department of State Bulletin', volume: '35', page: '795-797', genre: 'letter', issued: { 'date-parts': [[1956, 11, 19]] } });
    expect(dsb.title).toBeUndefined();
    const frus = (await citationJs.Cite.async(JSON.parse(formatData(citationRecord(letter, 'FRUS'), 'csl-json')))).data[0]!;
    expect(frus).toMatchObject({ 'container-title': 'Foreign relations of the United States, 1955–1957', volume: '25', 'volume-title': 'Eastern Europe', page: '390-392', number: '166', issued: { 'date-parts': [[1990]] }, 'original-date': { 'date-parts': [[1956, 11, 4]] } });
    expect(frus.genre).toBeUndefined();
  });
});

// ------------------------------------------------------------------ escaping

/** A model with every character BibTeX cares about, accents and typographic quotes. */
const tricky: DocumentModel = {
  id: 'tricky-letter',
  file: 'tricky.xml',
  lang: 'de',
  title: 'Über {Klammern} & 100% $Kosten$ #1 mit_Unterstrich: “Typographic” ‘quotes’ — Café, Straße ~ ^ \\ façade',
  sender: {
    agents: [{ name: 'Émile Zoë Müller', kind: 'person', entry: { id: 'm', kind: 'person', surname: 'Müller', forenames: ['Émile', 'Zoë'] } }],
    date: { when: '1901-03-09' },
  },
  recipient: { agents: [{ name: 'Jürgen Groß & Söhne', kind: 'org' }] },
  witnesses: [
    {
      siglum: 'J',
      roles: ['copy-text', 'preferred-citation'],
      bibl: {
        titles: [{ level: 'j', text: 'Zeitschrift für {Recht} & Ökonomie_50%' }],
        scopes: [
          { unit: 'volume', text: '12' },
          { unit: 'page', from: '101', to: '108' },
        ],
        date: { when: '1902' },
      },
    },
  ],
  publisher: 'Verlag Ä & Ö #2',
  publicationDate: '2020',
  registers: {},
};

describe('escaping: braces, & % $ # _, accents, typographic quotes', () => {
  it('BibTeX: specials escaped, braces as \\textbrace…, accents as commands, quotes and dashes as ligatures', () => {
    const bib = citeDocument(tricky, { format: 'bibtex' });
    expect(bib).toContain(
      "title   = {{{\\\"U}ber} {\\textbraceleft}{Klammern}{\\textbraceright} \\& 100\\% \\${Kosten}\\$ \\#1 {mit\\_Unterstrich}: ``{Typographic}'' {\\textquoteleft}quotes{\\textquoteright} --- {Caf{\\'e}}, {Stra{\\ss}e} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} fa{\\c{c}}ade},",
    );
    expect(bib).toContain("author  = {M{\\\"u}ller, {\\'E}mile Zo{\\\"e}},");
    expect(bib).toContain('note    = {Letter to J{\\"u}rgen Gro{\\ss} \\& S{\\"o}hne, March 9, 1901},');
    // Braces balance in every field (BibTeX counts escaped ones too).
    for (const line of bib.split('\n').filter((l) => l.startsWith('  '))) expect((line.match(/{/g) ?? []).length, line).toBe((line.match(/}/g) ?? []).length);
  });
  it('BibTeX and BibLaTeX parse back to the original text', () => {
    for (const format of ['bibtex', 'biblatex'] as const) {
      const lib = parseBibtex(citeDocument(tricky, { format }));
      expect(lib.errors, format).toEqual([]);
      const f = lib.entries[0]!.fields;
      expect(stripMarkup(f.title), format).toBe(tricky.title);
      expect((f.author ?? []).map((a) => [a.lastName, a.firstName].map(stripMarkup))).toEqual([['Müller', 'Émile Zoë']]);
      expect(stripMarkup(format === 'bibtex' ? f.journal : f.journaltitle)).toBe('Zeitschrift für {Recht} & Ökonomie_50%');
    }
    expect(parseBibtex(citeDocument(tricky, { format: 'biblatex' })).entries[0]!.fields.titleaddon).toBe('Letter to Jürgen Groß & Söhne, March 9, 1901');
  });
  it('a URL: braces, blanks, backslashes and a stray percent sign encoded; its escapes kept as they are', () => {
    expect(latexUrl('https://x.org/my%20ed/{a} b\\c%zz%4')).toBe('https://x.org/my%20ed/%7Ba%7D%20b%5Cc%25zz%254');
    for (const format of ['bibtex', 'biblatex'] as const) {
      expect(citeDocument(letter, { witness: 'edition', format, baseUrl: 'https://x.org/my%20ed/' })).toMatch(new RegExp(`\\burl +=\\s*\\{https://x\\.org/my%20ed/documents/${ID}\\.html\\}`));
    }
  });
  it('BibLaTeX keeps UTF-8 (biber reads it) but escapes TeX specials', () => {
    const bib = citeDocument(tricky, { format: 'biblatex' });
    expect(bib).toContain('author       = {Müller, Émile Zoë},');
    expect(bib).toContain('“{Typographic}” ‘quotes’ — {Café}');
    expect(bib).toContain('\\& 100\\% \\${Kosten}\\$ \\#1 {mit\\_Unterstrich}');
    expect(bib).toContain('langid       = {german},');
  });
  it('RIS and CSL-JSON carry the text unchanged', async () => {
    const ris = (await citationJs.Cite.async(citeDocument(tricky, { format: 'ris' }))).data[0]!;
    expect(ris.title).toBe(tricky.title);
    const csl = JSON.parse(citeDocument(tricky, { format: 'csl-json' })) as Record<string, unknown>[];
    expect(csl[0]!.title).toBe(tricky.title);
    expect(csl[0]!.recipient).toEqual([{ literal: 'Jürgen Groß & Söhne' }]);
  });
  it('HTML escapes & < > and keeps titles italic; non-English titles are not title-cased', () => {
    expect(citeDocument(tricky, { format: 'html' })).toBe(
      'Émile Zoë Müller to Jürgen Groß &amp; Söhne, March 9, 1901, <i>Zeitschrift für {Recht} &amp; Ökonomie_50%</i> 12 (1902): 101–8.',
    );
  });
});

// ------------------------------------------------------------------ compile with bibtex and biber

const haveTex = ['pdflatex', 'bibtex', 'biber', 'pdftotext'].every((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0);
if (!haveTex) {
  console.warn('[cite] SKIPPED: pdflatex, bibtex or biber not installed; the .bib files were NOT compiled (Debian: texlive-binaries texlive-base texlive-latex-base texlive-bibtex-extra texlive-latex-recommended biber poppler-utils).');
}

describe.skipIf(!haveTex)('the .bib files compile', () => {
  const run = (cwd: string, cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  // Beside the letter: every target of the fixture edition's letters (one-witness manuscripts among them),
  // a recipient without an authority id, and a foreign document (tests/consumers/targets.ts).
  let extra: Case[] = [];
  beforeAll(async () => {
    extra = (await cases()).filter((c) => !c.label.startsWith('letter '));
  });
  const entries = (format: 'bibtex' | 'biblatex'): string =>
    [
      ...citationTargets(letter).map((t) => citeDocument(letter, { witness: t, format, baseUrl: `${BASE_URL}/my%20ed_1` })),
      citeDocument(tricky, { format }),
      ...extra.map((c) => formatData(c.record, format)),
    ].join('\n');
  /** Each extra case's sender, recipient and container (as the record has them) is printed somewhere. */
  const extraFacts = (text: string): void => {
    expect(extra.length).toBeGreaterThanOrEqual(10);
    for (const c of extra) {
      for (const n of [...c.record.senders, ...c.record.recipients]) expect(text, c.label).toContain(n.family ?? n.display);
      const container = c.record.container.title;
      if (container) expect(text.toLowerCase(), c.label).toContain((container.split(/[:,]/)[0] as string).toLowerCase());
    }
  };
  /**
   * The TeX installation the runs read: each program (by its resolved path, size and time: an update installs
   * another file; no spawned `--version`, biber's alone costs half a second of CPU), biber's code, pdfTeX's
   * format, and each class, package and style file the documents load (found by kpsewhich). Part of the key of
   * a compilation kept on disk (compile).
   */
  let texInstallation: string | undefined;
  /**
   * The configuration file biber would read, found as biber itself looks for it (Biber::Config::config_file: biber.conf
   * or .biber.conf in the working folder, which is a new one here, ~/.biber.conf, $XDG_CONFIG_HOME/biber/biber.conf,
   * ~/.config/biber/biber.conf, then `kpsewhich biber.conf`), or undefined where there is none. biber is then run
   * with `--configfile` that file, or `--noconf` where there is none: the same options as its own search gives, without
   * the search (which loads Perl's IPC::Cmd and spawns kpsewhich: about 0.45 s of CPU of the 1.8 s of each biber run,
   * measured on 2 December 2026).
   */
  let biberConf: string | undefined;
  const installation = (): string => {
    const described = (file: string): string => {
      const real = realpathSync(file);
      const { size, mtimeMs } = statSync(real);
      return `${real} ${size} ${mtimeMs}`;
    };
    const onPath = (cmd: string): string => (process.env.PATH ?? '').split(':').map((d) => join(d, cmd)).find((f) => existsSync(f)) ?? cmd;
    if (texInstallation === undefined) {
      const found = run(root, 'kpsewhich', '-engine=pdftex', 'pdflatex.fmt', 'article.cls', 'fontenc.sty', 't1enc.def', 'lmodern.sty', 'url.sty', 'chicago.sty', 'natbib.sty', 'csquotes.sty', 'biblatex.sty', 'biblatex-chicago.sty', 'authoryear.bbx', 'chicago-notes.bbx', 'plain.bst', 'chicago.bst', 'apalike.bst')
        .stdout.split('\n')
        .filter(Boolean);
      const home = process.env.HOME ?? '';
      const xdg = process.env.XDG_CONFIG_HOME;
      biberConf = [join(home, '.biber.conf'), ...(xdg ? [join(xdg, 'biber', 'biber.conf')] : []), join(home, '.config', 'biber', 'biber.conf')].find((f) => home !== '' && existsSync(f) && statSync(f).isFile()) ?? (run(tmpdir(), 'kpsewhich', 'biber.conf').stdout.trim() || undefined);
      texInstallation = [
        ...['pdflatex', 'pdftex', 'bibtex', 'biber', 'pdftotext'].map((cmd) => described(onPath(cmd))),
        ...['/usr/share/perl5/Biber.pm'].filter(existsSync).map(described),
        ...found.map(described),
        `biber.conf: ${biberConf ? described(biberConf) : 'none'}`,
      ].join('\n');
    }
    return texInstallation;
  };
  /**
   * LaTeX, then bibtex/biber, then LaTeX `passes` times; the bibliography as text (pdftotext) with the tool's
   * output, kept on disk (tests/disk-cache.ts) under a key of everything it depends on: the document, the .bib
   * (our toolkit's output, whole), the tool and the passes, the TeX installation, and this file (compileNow). A change of the .bib
   * files compiles them again; an unchanged one (some 8 s of CPU in LaTeX, bibtex and biber for the five) is
   * read back even after the toolkit's other code changed. With bibtex one LaTeX run after it prints the bibliography whole (the document cites nothing in
   * its text, \nocite{*}: nothing is left to resolve; a third run gives the same text); so does biblatex-chicago's
   * notes style (a second and third run gave the same text), and authoryear with dashed=false (a second gave the
   * same text; with its default dash for a repeated author, the dashes settle in the second only). Only the last run's PDF is read: the runs before it are in draft mode (pdfTeX writes the .aux
   * and biblatex's .bcf, as always, but no PDF).
   */
  const compile = (tex: string, bib: string, tool: string[], passes: number): Promise<{ log: string; text: string; bbl: string }> =>
    cachedJson('cite-tex', JSON.stringify([installation(), readFileSync(fileURLToPath(import.meta.url), 'utf8'), tex, bib, tool, passes]), () => compileNow(tex, bib, tool, passes), { toolkit: false });
  const compileNow = (tex: string, bib: string, tool: string[], passes: number): { log: string; text: string; bbl: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'cite-tex-'));
    writeFileSync(join(dir, 'refs.bib'), bib);
    writeFileSync(join(dir, 'doc.tex'), tex);
    // The .aux that LaTeX's first run writes for these documents (\nocite{*}, \bibliographystyle and \bibliography in
    // the article class, with url, natbib or chicago.sty; the bibliography is empty until bibtex has run): all that
    // bibtex reads. The plain style's document has its first LaTeX run, and the .aux it writes must be this, byte for
    // byte; the other two bibtex styles' documents differ from it only in the packages and the style's name, and
    // their .aux is written here instead (a LaTeX run less each, about 0.3 s of CPU): bibtex reads the same file,
    // and the LaTeX run after it typesets what bibtex wrote, as before.
    const style = /\\bibliographystyle\{([^}]*)\}/.exec(tex)?.[1];
    const aux = `\\relax \n\\citation{*}\n\\bibstyle{${style}}\n\\bibdata{refs}\n`;
    if (tool[0] === 'bibtex' && style !== 'plain') writeFileSync(join(dir, 'doc.aux'), aux);
    else {
      const first = run(dir, 'pdflatex', '-draftmode', '-interaction=nonstopmode', 'doc.tex');
      expect(first.status, first.stdout.slice(-2000)).toBe(0);
      if (tool[0] === 'bibtex') expect(readFileSync(join(dir, 'doc.aux'), 'utf8')).toBe(aux);
    }
    const b = run(dir, tool[0] as string, ...(tool[0] === 'biber' ? (biberConf ? ['--configfile', biberConf] : ['--noconf']) : []), ...tool.slice(1), 'doc');
    expect(b.status, b.stdout + b.stderr).toBe(0);
    for (let i = 0; i < passes; i++) {
      const latex = run(dir, 'pdflatex', ...(i < passes - 1 ? ['-draftmode'] : []), '-interaction=nonstopmode', 'doc.tex');
      expect(latex.status, latex.stdout.slice(-2000)).toBe(0);
    }
    const text = run(dir, 'pdftotext', '-layout', 'doc.pdf', '-').stdout.replace(/\s+/g, ' ');
    return { log: b.stdout + b.stderr, text, bbl: readFileSync(join(dir, 'doc.bbl'), 'utf8') };
  };

  for (const style of ['plain', 'chicago', 'apalike']) {
    it(`with bibtex (${style}.bst): no warning, and the facts in the printed bibliography`, async () => {
      const packages = style === 'plain' ? '\\usepackage{url}' : `\\usepackage{url}\\usepackage{${style === 'chicago' ? 'chicago' : 'natbib'}}`;
      const tex = `\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{lmodern}${packages}\\hyphenpenalty=10000\\exhyphenpenalty=10000\\sloppy\\begin{document}\\nocite{*}\\bibliographystyle{${style}}\\bibliography{refs}\\end{document}\n`;
      const { log, text } = await compile(tex, entries('bibtex'), ['bibtex'], 1);
      expect(log.match(/^Warning--.*$/gm) ?? [], log).toEqual([]);
      expect(log).not.toMatch(/error message/i);
      // DSB: journal, volume, pages, issue date; the letter described (recipient and date).
      expect(text).toMatch(/Letter to Nikolai A\. Bulganin, November 4, 1956/);
      expect(text).toContain('Department of State Bulletin');
      expect(text).toMatch(/795[–-]797/);
      // FRUS: editors, volume, pages, publisher, place and year; the document number.
      expect(text).toMatch(/Foreign Relations of the United States, 1955[–-]1957, Eastern Europe/);
      expect(text).toMatch(/Keefer/);
      expect(text).toMatch(/390[–-]392/);
      expect(text).toContain('Government Printing Office');
      expect(text).toContain('Document 166');
      // PPP: printed in the Public Papers, item 291, dated by the letter (its year is not the volume's).
      expect(text).toContain('Printed in Public Papers of the Presidents of the United States');
      expect(text).toContain('item 291');
      // The edition: its title, publisher and year.
      expect(text).toContain('TEI Edition Toolkit project');
      expect(text).toContain('2026');
      // Escaped text prints as written; nothing from a TeX command in the data.
      expect(text).toContain('Zeitschrift für {Recht} & Ökonomie_50%');
      // The styles lowercase titles; the names the TEI marks up in them, and acronyms, keep their capitals.
      if (style !== 'chicago') expect(text).toContain('Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., urging withdrawal of Soviet forces from Hungary');
      extraFacts(text);
    }, 180_000);
  }

  for (const name of ['authoryear', 'biblatex-chicago notes'] as const) {
    it(`with biber --validate-datamodel and biblatex ${name}: no warning, and the facts in the printed bibliography`, async () => {
      // dashed=false: every entry prints its authors (no dash for a repeated one, which settles in a second LaTeX run only).
      const load = name === 'authoryear' ? '\\usepackage[backend=biber,style=authoryear,dashed=false]{biblatex}' : '\\usepackage[notes,backend=biber]{biblatex-chicago}';
      const tex = `\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{lmodern}\\usepackage{csquotes}${load}\\addbibresource{refs.bib}\\hyphenpenalty=10000\\exhyphenpenalty=10000\\sloppy\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n`;
      const { log, text, bbl } = await compile(tex, entries('biblatex'), ['biber', '--validate-datamodel'], 1);
      expect(log.match(/^(?:WARN|ERROR) .*$/gm) ?? [], log).toEqual([]);
      expect(bbl).toContain('\\field{journaltitle}{{Department} of {State} {Bulletin}}');
      expect(text).toMatch(/Letter to Nikolai A\. Bulganin, November 4, 1956/);
      expect(text).toContain('Department of State Bulletin');
      expect(text).toMatch(/795[–-](?:7)?97/);
      expect(text).toMatch(/Foreign Relations of the United States, 1955[–-]1957/);
      expect(text).toContain('Eastern Europe');
      expect(text).toMatch(/Keefer/);
      expect(text).toMatch(/390[–-](?:3)?92/);
      expect(text).toContain('Government Printing Office');
      expect(text).toContain('Document 166');
      expect(text).toContain('Printed in Public Papers of the Presidents of the United States');
      expect(text).toContain('TEI Edition Toolkit project');
      // The base URL's escape stays one ("%20", not "%2520"), and LaTeX does not take its "%" for a comment.
      if (name === 'authoryear') expect(text.replace(/\s+/g, '')).toContain('edition.example.org/my%20ed_1/documents/');
      extraFacts(text);
    }, 180_000);
  }
});

// ------------------------------------------------------------------ the record

describe('the citation record: only what the header says', () => {
  it('names: display form from correspAction, surname from the register', () => {
    const r = citationRecord(letter, 'DSB');
    expect(r.senders).toEqual([{ display: 'Dwight D. Eisenhower', family: 'Eisenhower', given: 'Dwight D.' }]);
    expect(r.recipients).toEqual([{ display: 'Nikolai A. Bulganin', family: 'Bulganin', given: 'Nikolai A.' }]);
  });
  it('witness containers: periodical and book, with scopes', () => {
    const dsb = citationRecord(letter, 'DSB');
    expect(dsb.container).toMatchObject({ kind: 'periodical', title: 'Department of State Bulletin', volume: '35', date: { iso: '1956-11-19' } });
    expect(dsb.pages).toEqual({ from: '795', to: '797' });
    expect(dsb.number).toBeUndefined();
    const frus = citationRecord(letter, 'FRUS');
    expect(frus.container).toMatchObject({ kind: 'book', volume: 'XXV', volumeTitle: 'Eastern Europe', publisher: 'Government Printing Office', pubPlace: 'Washington', series: { title: 'Department of State Publication', number: '9789' } });
    expect(frus.container.generalEditors).toEqual([{ display: 'John P. Glennon', family: 'Glennon', given: 'John P.' }]);
    expect(frus.number).toEqual({ unit: 'document', value: '166' });
    const ppp = citationRecord(letter, 'PPP');
    expect(ppp.pages).toBeUndefined();
    expect(ppp.container.date).toBeUndefined();
    expect(ppp.container.publisher).toBeUndefined();
    expect(ppp.number).toEqual({ unit: 'item', value: '291' });
  });
  it('the edition: URL only with a base URL, at DOCUMENT_URL_PATH', () => {
    expect(citationRecord(letter, 'edition').edition.url).toBeUndefined();
    expect(DOCUMENT_URL_PATH).toBe('documents/{id}.html');
    expect(documentUrl('https://x.org/ed/', 'a b')).toBe('https://x.org/ed/documents/a%20b.html');
    expect(citationRecord(letter, 'edition', { baseUrl: 'https://x.org/ed' }).container.url).toBe(`https://x.org/ed/documents/${ID}.html`);
  });
  it('an unknown witness names the valid ones', () => {
    expect(() => citationRecord(letter, 'XYZ')).toThrow(UnknownTargetError);
    expect(() => citationRecord(letter, 'XYZ')).toThrow('PPP, DSB, FRUS, edition');
  });
  it('a header without witnesses can still cite the edition (and defaults to it); without a correspDesc it is not called a letter', () => {
    const bare: DocumentModel = { id: 'bare', file: 'bare.xml', title: 'A Memorandum', registers: {} };
    expect(citationTargets(bare)).toEqual(['edition']);
    // Its own title is never taken as the container: nothing names the edition, so nothing is said of it.
    expect(citeDocument(bare)).toBe('“A Memorandum.”');
    expect(citeDocument(bare, { style: 'mla' })).toBe('“A Memorandum.”');
    expect(citeDocument(bare, { style: 'apa' })).toBe('A Memorandum (n.d.).');
    expect(JSON.parse(citeDocument(bare, { format: 'csl-json' }))[0].genre).toBeUndefined();
    expect(citeDocument(bare, { format: 'ris' })).not.toContain('M3  - ');
    expect(citeDocument(bare, { format: 'bibtex' })).not.toContain('note');
  });
  it('every TEI fixture can be cited in every style and format (no crash, HTML escaped)', async () => {
    const fixtures = [join(root, 'tests', 'fixtures', 'valid', 'sampler.xml'), join(root, 'tests', 'fixtures', 'hostile', 'hostile.xml'), join(root, 'tests', 'fixtures', 'frus', 'frus1955-57v25-d166.xml')];
    for (const file of fixtures.filter((f) => existsSync(f))) {
      const model = await readDocumentModel(file, readFileSync(file, 'utf8'));
      for (const witness of citationTargets(model)) {
        for (const style of STYLES) {
          expect(citeDocument(model, { witness, style }), `${file} ${witness} ${style}`).not.toBe('');
          expect(citeDocument(model, { witness, style, format: 'html' })).not.toMatch(/<script/i);
        }
        for (const format of ['bibtex', 'biblatex', 'ris', 'csl-json'] as const) expect(citeDocument(model, { witness, format })).toMatch(/\n$/);
        expect(parseBibtex(citeDocument(model, { witness, format: 'bibtex' })).errors).toEqual([]);
      }
    }
  });
});

// ------------------------------------------------------------------ building blocks

describe('building blocks', () => {
  it('CMOS 9.61 inclusive numbers', () => {
    const c = (from: string, to: string) => chicagoPages({ from, to });
    expect([c('3', '10'), c('71', '72'), c('96', '117'), c('100', '104'), c('1100', '1113')]).toEqual(['3–10', '71–72', '96–117', '100–104', '1100–1113']);
    expect([c('101', '108'), c('808', '833'), c('1103', '1104')]).toEqual(['101–8', '808–33', '1103–4']);
    expect([c('321', '328'), c('498', '532'), c('1087', '1089'), c('11564', '11615'), c('12991', '13001')]).toEqual(['321–28', '498–532', '1087–89', '11564–615', '12991–3001']);
    expect([c('1496', '1504'), c('2787', '2816')]).toEqual(['1496–1504', '2787–2816']);
    expect([c('795', '797'), c('390', '392'), c('xii', 'xv')]).toEqual(['795–97', '390–92', 'xii–xv']);
    expect(chicagoPages({ from: '796' })).toBe('796');
  });
  it('MLA inclusive numbers', () => {
    const m = (from: string, to: string) => mlaPages({ from, to });
    expect([m('21', '48'), m('89', '116'), m('395', '401'), m('923', '1004'), m('1003', '1005'), m('1608', '1774'), m('795', '797')]).toEqual([
      '21–48',
      '89–116',
      '395–401',
      '923–1004',
      '1003–05',
      '1608–774',
      '795–97',
    ]);
  });
  it('roman volume numbers become arabic', () => {
    expect([romanToArabic('XXV'), romanToArabic('iv'), romanToArabic('MCMLVI'), romanToArabic('IIII'), romanToArabic('35')]).toEqual([25, 4, 1956, undefined, undefined]);
    expect([arabicVolume('XXV'), arabicVolume('35'), arabicVolume('2a')]).toEqual(['25', '35', '2a']);
  });
  it('names', () => {
    expect(initials('Dwight D.')).toBe('D. D.');
    expect(initials('Jean-Paul')).toBe('J.-P.');
    expect(apaInverted({ display: 'Émile Zoë Müller', family: 'Müller', given: 'Émile Zoë' })).toBe('Müller, É. Z.');
    expect(nameFromDisplay('Edward C. Keefer')).toEqual({ display: 'Edward C. Keefer', family: 'Keefer', given: 'Edward C.' });
    expect(nameFromDisplay('Ludwig van Beethoven')).toEqual({ display: 'Ludwig van Beethoven', family: 'Beethoven', given: 'Ludwig', particle: 'van' });
    expect(nameFromDisplay('Martin Van Buren')).toEqual({ display: 'Martin Van Buren' });
    const gonzenbach = correspondentName('August von Gonzenbach', 'Gonzenbach', ['August']) as CitationName;
    expect(gonzenbach).toEqual({ display: 'August von Gonzenbach', family: 'Gonzenbach', given: 'August', particle: 'von' });
    expect([inverted(gonzenbach), apaInverted(gonzenbach), surnameOf(gonzenbach), lastFirst(gonzenbach)]).toEqual(['Gonzenbach, August von', 'Gonzenbach, A. von', 'Gonzenbach', 'Gonzenbach, August von']);
    // A particle the register writes inside <surname> belongs to the surname ("van Gogh"): the surname alone keeps it;
    // the inverted form of Chicago and MLA's lists still files it after the given names.
    const vonInSurname = correspondentName('August von Gonzenbach', 'von Gonzenbach', ['August']) as CitationName;
    expect(vonInSurname).toEqual({ ...gonzenbach, keptParticle: true });
    expect([inverted(vonInSurname), apaInverted(vonInSurname), surnameOf(vonInSurname), lastFirst(vonInSurname)]).toEqual(['Gonzenbach, August von', 'von Gonzenbach, A.', 'von Gonzenbach', 'von Gonzenbach, August']);
    expect(lastFirst({ display: 'Royal Society of London', organization: true })).toBe('Royal Society of London,');
    expect(nameFromDisplay('Martin Luther King Jr.')).toEqual({ display: 'Martin Luther King Jr.' });
    // Written inverted (as registers write names): read as such, shown in reading order; an organisation's two-part name stays whole.
    expect(nameFromDisplay('Weber, Carl Maria von')).toEqual({ display: 'Carl Maria von Weber', family: 'Weber', given: 'Carl Maria', particle: 'von' });
    expect(nameFromDisplay('García Márquez, Gabriel')).toEqual({ display: 'Gabriel García Márquez', family: 'García Márquez', given: 'Gabriel' });
    expect(nameFromDisplay('King, Martin Luther, Jr.')).toEqual({ display: 'King, Martin Luther, Jr.' });
    expect(nameFromDisplay('Office of the Historian, Bureau of Public Affairs')).toEqual({ display: 'Office of the Historian, Bureau of Public Affairs' });
    expect(correspondentName('Nikolai A. Bulganin', 'Bulganin', ['Nikolai'])).toEqual({ display: 'Nikolai A. Bulganin', family: 'Bulganin', given: 'Nikolai A.' });
    // A display form that is not the register's name gives way to it: the full note, the short note and the bibliography name one person one way.
    expect(correspondentName('the Premier', 'Bulganin', ['Nikolai'])).toEqual({ display: 'Nikolai Bulganin', family: 'Bulganin', given: 'Nikolai' });
    expect(correspondentName('Luke', 'Wałęsa-Ørsted', ['Łukasz'])).toEqual({ display: 'Łukasz Wałęsa-Ørsted', family: 'Wałęsa-Ørsted', given: 'Łukasz' });
    expect(correspondentName('Weber, Carl Maria von', 'Weber', ['Carl', 'Maria'])).toMatchObject({ display: 'Carl Maria Weber', family: 'Weber' });
    expect(correspondentName('the Premier', 'Bulganin', undefined)).toEqual({ display: 'Bulganin', family: 'Bulganin' });
    expect(inverted({ display: 'United Nations', organization: true })).toBe('United Nations');
  });
  it('headline style raises lowercase initials and lowers the manuals’ minor words, for English titles only', () => {
    expect(headlineCase('A TEI edition of President Eisenhower’s message of November 4, 1956')).toBe('A TEI Edition of President Eisenhower’s Message of November 4, 1956');
    expect(headlineCase('the war: a history of it')).toBe('The War: A History of It');
    // CMOS 8.159: prepositions are lowercase whatever the source wrote, unless first or last.
    expect(headlineCase('Urging Withdrawal From Hungary')).toBe('Urging Withdrawal from Hungary');
    expect(headlineCase('From Hungary To')).toBe('From Hungary To');
    expect(headlineCase('Talks IN Geneva')).toBe('Talks IN Geneva');
    expect(headlineCaseIn('de', 'Zeitschrift für Recht')).toBe('Zeitschrift für Recht');
    expect(headlineCaseIn(undefined, 'a title')).toBe('a title');
    // Names the TEI marks up keep their case: a particle stays lowercase, a name's own "From" stays.
    const marked: MarkedTitle = { text: 'letters of ludwig van Beethoven From Friends From Abroad', names: [false, false, true, true, true, false, true, true, true] };
    expect(headlineCaseIn('en', marked)).toBe('Letters of ludwig van Beethoven from Friends From Abroad');
  });
  it('sentence case (APA): a title with name markup keeps its names, acronyms and months; one without keeps every capital but the small words', () => {
    const words = (text: string, names: string[]): MarkedTitle => ({ text, names: text.split(' ').map((w) => names.includes(w.replace(/[,:]$/, ''))) });
    // Marked: the markup is complete, so unmarked capitals are common nouns.
    expect(sentenceCase(words('Urging Withdrawal of Soviet Forces From Hungary', ['Soviet', 'Hungary']))).toBe('Urging withdrawal of Soviet forces from Hungary');
    // Acronyms, initials and roman numerals, month names, the word after a colon and the first word (raised) are kept or capitalised.
    expect(sentenceCase(words('the Papers of the TEI, Vol. XXV, November 1956: A History', []))).toBe('The papers of the TEI, vol. XXV, November 1956: A history');
    expect(sentenceCase(words('Long-Term Plans of McNeil', []))).toBe('Long-term plans of McNeil');
    // Unmarked: nothing tells a proper noun from a headline capital, so only the small words lose theirs.
    expect(sentenceCase({ text: 'Letters From the United States Of America' })).toBe('Letters from the United States of America');
    expect(sentenceCase({ text: 'A TEI edition of President Eisenhower’s message' })).toBe('A TEI edition of President Eisenhower’s message');
    expect(sentenceCase({ text: 'Austro-Hungarian Letters: the First Years' })).toBe('Austro-Hungarian Letters: The First Years');
    expect(sentenceCaseIn('de', { text: 'Briefe An Den Vater', names: [false, false, false, false] })).toBe('Briefe An Den Vater');
    // Parts joined keep their markup in step; an unmarked part keeps the unmarked rule.
    const joined = joinMarked(', ', words('Foreign Relations of the United States', ['United', 'States']), { text: 'Eastern Europe' }) as MarkedTitle;
    expect(joined.text).toBe('Foreign Relations of the United States, Eastern Europe');
    expect(sentenceCase(joined)).toBe('Foreign relations of the United States, Eastern Europe');
    expect(wordCases(joined)).toEqual(['initial', 'free', 'free', 'free', 'proper', 'proper', 'proper', 'proper']);
    // BibTeX: braces exactly where sentence case keeps a capital (not the first word: styles keep it).
    expect(protectedTitle(joined, { ascii: true })).toBe('Foreign Relations of the {United} {States}, {Eastern} {Europe}');
    expect(protectedTitle(words('Message to Nikolai Bulganin, Urging Withdrawal', ['Nikolai', 'Bulganin']), { ascii: true })).toBe('Message to {Nikolai} {Bulganin}, Urging Withdrawal');
  });
  it('dates are only as precise as the header', () => {
    const d = parseIsoDate('1956-11-04')!;
    expect([longDate(d), mlaDate(d), apaDate(d), risDate(d)]).toEqual(['November 4, 1956', '4 Nov. 1956', '1956, November 4', '1956/11/04/']);
    const y = parseIsoDate('1990')!;
    expect([longDate(y), mlaDate(y), apaDate(y), risDate(y)]).toEqual(['1990', '1990', '1990', '1990///']);
    expect(parseIsoDate('1956-11-04T16:25:00-05:00')?.iso).toBe('1956-11-04');
    expect(mlaDate(parseIsoDate('1956-09-01')!)).toBe('1 Sept. 1956');
    expect([parseIsoDate('1956-13'), parseIsoDate('November 4'), parseIsoDate(undefined)]).toEqual([undefined, undefined, undefined]);
  });
  it('spans give once what both ends share; an inferred date is bracketed, an uncertain one asked', () => {
    const span = (a: string, b: string, marks: object = {}): PartialDate => ({ ...parseIsoDate(a)!, end: parseIsoDate(b)!, ...marks });
    const all = (d: PartialDate) => [longDate(d), mlaDate(d), apaDate(d)];
    expect(all(span('1851-05-02', '1851-05-04'))).toEqual(['May 2–4, 1851', '2–4 May 1851', '1851, May 2–4']);
    expect(all(span('1851-05-30', '1851-06-02'))).toEqual(['May 30–June 2, 1851', '30 May–2 June 1851', '1851, May 30–June 2']);
    expect(all(span('1851-12-30', '1852-01-02'))).toEqual(['December 30, 1851–January 2, 1852', '30 Dec. 1851–2 Jan. 1852', '1851, December 30–1852, January 2']);
    expect(all(span('1851-05', '1851-06'))).toEqual(['May–June 1851', 'May–June 1851', '1851, May–June']);
    expect(all(span('1851', '1852', { inferred: true }))).toEqual(['[1851–1852]', '[1851–1852]', '[1851–1852]']);
    expect(all({ ...parseIsoDate('1852-03-01')!, uncertain: true })).toEqual(['[March 1, 1852?]', '[1 Mar. 1852?]', '[1852, March 1?]']);
    expect(all({ ...parseIsoDate('1852')!, inferred: true })).toEqual(['[1852]', '[1852]', '[1852]']);
    expect(cslDate(span('1851-05-02', '1851-05-04'))).toEqual({ 'date-parts': [[1851, 5, 2], [1851, 5, 4]] });
    expect(cslDate({ ...parseIsoDate('1852')!, inferred: true })).toEqual({ 'date-parts': [[1852]], circa: true });
    expect(biblatexDate(span('1851-05-02', '1851-05-04'))).toBe('1851-05-02/1851-05-04');
    // biblatex's EDTF: "?" on an uncertain date (each end of a span).
    expect(biblatexDate({ ...parseIsoDate('1852-03-01')!, uncertain: true })).toBe('1852-03-01?');
    expect(biblatexDate({ ...span('1851-05-02', '1851-05-04'), uncertain: true })).toBe('1851-05-02?/1851-05-04?');
  });
  it('a letter\'s date as its header gives it: a span, an inference, an uncertain date, in every format', () => {
    const dated = (date: DocumentModel['sender'] extends infer S ? (S extends { date?: infer D } ? D : never) : never): DocumentModel => ({ ...tricky, lang: 'en', sender: { ...tricky.sender!, date } });
    const span = dated({ from: '1851-05-02', to: '1851-05-04' });
    expect(citeDocument(span, { style: 'chicago-note' })).toContain('Jürgen Groß & Söhne, May 2–4, 1851,');
    expect(citeDocument(span, { style: 'mla' })).toContain('2–4 May 1851');
    expect(JSON.parse(citeDocument(span, { format: 'csl-json' }))[0]['event-date']).toEqual({ 'date-parts': [[1851, 5, 2], [1851, 5, 4]] });
    expect(citeDocument(span, { format: 'biblatex' })).toContain('Letter to Jürgen Groß \\& Söhne, May 2–4, 1851}');
    const inferred = dated({ notBefore: '1852-01-01', notAfter: '1852-06-30', text: '[first half of 1852]' });
    expect(citeDocument(inferred, { style: 'chicago-note' })).toContain('Jürgen Groß & Söhne, [1852],');
    expect(JSON.parse(citeDocument(inferred, { format: 'csl-json' }))[0]['event-date']).toEqual({ 'date-parts': [[1852]], circa: true });
    const uncertain = dated({ when: '1852-03-01', cert: 'low' });
    expect(citeDocument(uncertain, { style: 'chicago-note' })).toContain('Jürgen Groß & Söhne, [March 1, 1852?],');
    expect(citeDocument(uncertain, { style: 'apa' })).toContain('[Letter to Jürgen Groß & Söhne, March 1, 1852?]');
    // biblatex's date field in EDTF: the "?" kept (a manuscript's entry had no date at all: the field's check refused it).
    expect(fieldValue('date', '1852-03-01?', {})).toBe('1852-03-01?');
    expect(fieldValue('date', '1851-05-02?/1851-05-04?', {})).toBe('1851-05-02?/1851-05-04?');
    expect(fieldValue('date', '1851-05-02?x', {})).toBeUndefined();
    expect(citeDocument(dated({ when: '1852-03-01', cert: 'high' }), { style: 'chicago-note' })).toContain('Jürgen Groß & Söhne, March 1, 1852,');
  });
  it('a source named by its facts of publication alone follows the date without a comma (Chicago note)', () => {
    const published: DocumentModel = { ...tricky, lang: 'en', witnesses: [], subtitle: undefined, publisher: 'Karl Barth-Archiv', pubPlace: 'Basel', publicationDate: '2025', sender: { ...tricky.sender!, date: { when: '1915-01-01' } } } as DocumentModel;
    expect(citeDocument(published, { witness: 'edition', style: 'chicago-note' })).toMatch(/, January 1, 1915 \(Basel: Karl Barth-Archiv, 2025\)\.$/);
  });
  it('a version the header names no publication for (no title, publisher or address) gives no date of its own', () => {
    const bare: DocumentModel = { ...tricky, lang: 'en', witnesses: [], publisher: undefined, publicationDate: '2014-06-23', sender: { ...tricky.sender!, date: { when: '1972-09-22' } } } as DocumentModel;
    expect(citeDocument(bare, { witness: 'edition', style: 'chicago-note' })).toMatch(/, September 22, 1972\.$/);
    expect(citeDocument(bare, { witness: 'edition', style: 'apa' })).toContain('(1972, September 22)');
    expect(citeDocument(bare, { witness: 'edition', style: 'apa' })).not.toContain('Original work published');
    expect(JSON.parse(citeDocument(bare, { witness: 'edition', format: 'csl-json' }))[0].issued).toBeUndefined();
  });
  it('rich text: no doubled periods; italics and links in HTML only', () => {
    const b = new RichBuilder().add('', plain('Eisenhower, Dwight D.')).add('. ', plain('Letter')).end();
    expect(toText(b.build())).toBe('Eisenhower, Dwight D. Letter.');
    const runs = [plain('A & B, '), italic('<Title>'), plain(', '), link('https://x.org/?a=1&b=2')];
    expect(toText(runs)).toBe('A & B, <Title>, https://x.org/?a=1&b=2');
    expect(toHtml(runs)).toBe('A &amp; B, <i>&lt;Title&gt;</i>, <a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>');
  });
  it('LaTeX escaping of each special character', () => {
    const e = (s: string) => escapeLatex(s, { ascii: true });
    expect(['{', '}', '&', '%', '$', '#', '_', '~', '^', '\\'].map(e)).toEqual([
      '{\\textbraceleft}',
      '{\\textbraceright}',
      '\\&',
      '\\%',
      '\\$',
      '\\#',
      '\\_',
      '\\textasciitilde{}',
      '\\textasciicircum{}',
      '\\textbackslash{}',
    ]);
    expect(['é', 'ü', 'ß', 'ç', 'í', 'Ł', '“', '”', '–', '—'].map(e)).toEqual(["{\\'e}", '{\\"u}', '{\\ss}', '{\\c{c}}', "{\\'{\\i}}", '{\\L}', '``', "''", '--', '---']);
    expect(escapeLatex('é “x”', { ascii: false })).toBe('é “x”');
    expect(protectedTitle('Letter to the USSR', { ascii: true })).toBe('Letter to the {USSR}');
    // "<" and ">" (OT1 prints ¡ and ¿); a letter with a combining accent is composed first.
    expect(['<script>', 'e\u0301', 'Ste\u0301phane'].map(e)).toEqual(['\\textless{}script\\textgreater{}', "{\\'e}", "St{\\'e}phane"]);
    expect(escapeLatex('e\u0301', { ascii: false })).toBe('é');
  });
});

// ------------------------------------------------------------------ speed

// Timings are reported, not asserted (the protocol: speed belongs in `npm run bench`).
describe('every file of every target', () => {
  it('formats every citation and file of the letter (time reported)', () => {
    citationFiles([letter], { baseUrl: BASE_URL }); // warm up the JIT
    const t0 = performance.now();
    const files = citationFiles([letter], { baseUrl: BASE_URL });
    const all = allCitations(letter, { baseUrl: BASE_URL });
    const ms = performance.now() - t0;
    console.log(`[cite] warm: ${files.size} files and ${all.length * STYLES.length * 2} styled citations in ${ms.toFixed(2)} ms`);
    expect(files.size).toBe(citationTargets(letter).length * 4 + 1);
  });
});

// ------------------------------------------------------------------ the command

describe('tei-edition cite (command line)', () => {
  // In the one-letter fixture edition (never the repository's own tei/).
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'tei-edition.js'), 'cite', ...args], { cwd: join(root, 'tests', 'fixtures', 'letter'), encoding: 'utf8' });
  // The first test spawns the command; the others run it in this process (tests/cli.ts).
  const runCite = (...args: string[]) => runCli(join(root, 'tests', 'fixtures', 'letter'), 'cite', ...args);

  it('with no arguments cites the only document of tei/ in the default style and witness, stdout only', () => {
    const r = cli();
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${cite('DSB', 'chicago-note')}\n`);
  });
  it('by id or file, in each style, format and witness', async () => {
    expect((await runCite(ID, '--style', 'mla', '--witness', 'FRUS')).stdout).toBe(`${cite('FRUS', 'mla')}\n`);
    expect((await runCite(LETTER, '--style', 'apa', '--format', 'html')).stdout).toBe(`${cite('DSB', 'apa', 'html')}\n`);
    expect((await runCite('--format', 'bibtex')).stdout).toBe(formatData(citationRecord(letter, 'DSB'), 'bibtex'));
    expect((await runCite('--format', 'ris', '--witness', 'PPP')).stdout).toBe(formatData(citationRecord(letter, 'PPP'), 'ris'));
    expect((await runCite('--witness', 'edition', '--base-url', BASE_URL, '--style', 'chicago-bib')).stdout).toBe(`${cite('edition', 'chicago-bib')}\n`);
  });
  it('shows terminal control characters of its arguments escaped in its messages, never as they are (ESC, OSC)', async () => {
    const hostile = '\u001b[31mX\u001b]0;T\u0007';
    const cases: [string[], string][] = [
      [[hostile], 'no document "\\u{1B}[31mX\\u{1B}]0;T\\u{7}"'],
      [['--witness', '\u001b[31mX'], 'has no witness "\\u{1B}[31mX"'],
      [['--style', '\u001b[31mX'], 'unknown style "\\u{1B}[31mX"'],
      [['--format', '\u009b31m'], 'unknown format "\\u{9B}31m"'],
      [[`${hostile}.xml`], '\\u{1B}[31mX\\u{1B}]0;T\\u{7}.xml: no such file'],
    ];
    for (const [args, shown] of cases) {
      const r = await runCite(...args);
      expect(r.status, shown).toBe(2);
      expect(r.stderr, shown).toContain(shown);
      expect(r.stderr, shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });
  it('BibLaTeX: a manuscript letter whose date the encoder doubts keeps its date, marked uncertain (EDTF "?")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cite-uncertain-'));
    cpSync(join(root, 'tests', 'fixtures', 'edition'), dir, { recursive: true });
    const file = join(dir, 'tei', 'pryce-lindqvist-1853-09-20.xml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('<date when="1853-09-20"', '<date cert="low" when="1853-09-20"'));
    const r = await runCli(dir, 'cite', 'pryce-lindqvist-1853-09-20', '--format', 'biblatex');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n {2}date +?= \{1853-09-20\?\},\n/);
  });
  it('a letter of the edition by its file name, or by the file\'s name without .xml when its xml:id names it otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cite-names-'));
    cpSync(join(root, 'tests', 'fixtures', 'edition'), dir, { recursive: true });
    const file = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('xml:id="moreau-whitcombe-1852"', 'xml:id="mw-1852"'));
    const byId = await runCli(dir, 'cite', 'mw-1852', '--style', 'mla');
    expect(byId.status).toBe(0);
    expect(byId.stdout).toMatch(/^Moreau, Étienne\. Letter to Clara Whitcombe\./);
    for (const name of ['moreau-whitcombe-1852.xml', 'moreau-whitcombe-1852']) expect((await runCli(dir, 'cite', name, '--style', 'mla')).stdout, name).toBe(byId.stdout);
    const none = await runCli(dir, 'cite', 'nothing.xml');
    expect([none.status, none.stderr.trim()]).toEqual([2, 'tei-edition: nothing.xml: no such file']);
    // The shared register is no letter (it was cited as one by its path).
    const register = await runCli(dir, 'cite', 'tei/registers.xml');
    expect([register.status, register.stdout, register.stderr.trim()]).toEqual([2, '', "tei-edition: tei/registers.xml: the edition's shared register, not a document to cite; name a letter"]);
  });
  it('in an edition, keeps the models it reads in the edition\'s .cache, not in the toolkit\'s folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cite-cache-'));
    cpSync(join(root, 'tests', 'fixtures', 'edition'), dir, { recursive: true });
    const toolkitCache = join(root, '.cache', 'model');
    const before = existsSync(toolkitCache) ? readdirSync(toolkitCache).length : 0;
    expect((await runCli(dir, 'cite', 'moreau-whitcombe-1852')).status).toBe(0);
    expect(readdirSync(join(dir, '.cache', 'tei-edition', 'model')).filter((f) => f.endsWith('.model.json')).length).toBeGreaterThan(0);
    expect(existsSync(toolkitCache) ? readdirSync(toolkitCache).length : 0).toBe(before);
  });
  it('usage errors exit 2, print nothing on stdout, and name the valid choices', async () => {
    const cases: [string[], RegExp][] = [
      [['--witness', 'XX'], /no witness "XX"; witnesses: PPP, DSB, FRUS, edition/],
      [['--style', 'harvard'], /unknown style "harvard"; styles: chicago-note, chicago-short, chicago-bib, mla, mla-in-text, apa, apa-in-text/],
      [['--format', 'docx'], /unknown format "docx"; formats: text, html, bibtex, biblatex, ris, csl-json/],
      [['no-such-letter'], new RegExp(`no document "no-such-letter"; documents: ${ID}`)],
      [['missing.xml'], /missing.xml: no such file/],
      [['--format', 'ris', '--style', 'apa'], /--style applies to --format text and html only/],
      [['a', 'b'], /one document, not 2/],
      [['--base-url', 'example.org'], /--base-url must be an http\(s\) URL/],
      [['--base-url', 'https://example.org/ed#top'], /--base-url must not have a query or fragment/],
      [['--base-url', 'https://example.org/ed?v=2'], /--base-url must not have a query or fragment/],
      [['--bogus'], /^tei-edition: unknown option --bogus; tei-edition cite --help lists its options$/m],
      [['--styel', 'mla'], /unknown option --styel \(did you mean --style\?\)/],
      [['--format'], /option --format needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = await runCite(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
  it('a document that is not well-formed: exit 1, its findings on stderr', async () => {
    const r = await runCite(join(BROKEN, 'mismatched-tag.xml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/mismatched-tag\.xml:\d+:\d+ error xml-mismatched-tag/);
    expect(r.stderr).toContain('cannot be cited until it is well-formed TEI');
  });
  it('--help explains the options', async () => {
    const r = await runCite('--help');
    expect(r.status).toBe(0);
    for (const opt of ['--style', '--format', '--witness', '--base-url', 'chicago-short', 'csl-json']) expect(r.stdout).toContain(opt);
  });
});
