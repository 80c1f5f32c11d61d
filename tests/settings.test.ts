import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { findEditionRoot, openEdition, readSettings, SETTINGS_SCHEMA } from '../src/settings/read.js';
import { plain, readJson } from '../src/settings/json.js';
import { unsupportedKeywords, type RootSchema } from '../src/settings/schema.js';
import { settingsFallbacks } from '../src/settings/fallback.js';
import { BASE_URL_PATTERN, baseUrlProblem } from '../src/settings/base-url.js';
import type { DocumentModel } from '../src/model/types.js';
import { runCli } from './cli.js';

const FIXTURE = join('tests', 'fixtures', 'edition');

function settingsIn(text: string): ReturnType<typeof readSettings> {
  const dir = mkdtempSync(join(tmpdir(), 'tei-settings-'));
  writeFileSync(join(dir, 'edition.json'), text);
  return readSettings(join(dir, 'edition.json'));
}
const brief = (r: ReturnType<typeof readSettings>): string[] => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);

describe('edition.json: reading', () => {
  it('reads the fixture edition’s settings, with ORCID iDs as URLs and without $schema', () => {
    const r = readSettings(join(FIXTURE, 'edition.json'));
    expect(r.diagnostics).toEqual([]);
    expect(r.settings.title).toBe('Letters of the Northern Herbarium Circle');
    expect(r.settings.editors?.map((e) => e.orcid)).toEqual(['https://orcid.org/0000-0000-0000-0001', 'https://orcid.org/0000-0000-0000-0002']);
    expect(r.settings.licences?.map((l) => l.name)).toEqual(['CC BY 4.0', 'CC0 1.0']);
    expect(r.settings.paper).toBe('a4');
    expect('$schema' in r.settings).toBe(false);
  });

  it('is found in the working folder or the nearest parent, like package.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-root-'));
    writeFileSync(join(dir, 'edition.json'), '{"title": "T"}');
    mkdirSync(join(dir, 'tei', 'drafts'), { recursive: true });
    expect(findEditionRoot(join(dir, 'tei', 'drafts'))).toBe(dir);
    const project = openEdition(join(dir, 'tei'));
    expect(project.root).toBe(dir);
    expect(project.settings).toEqual({ title: 'T' });
    const none = mkdtempSync(join(tmpdir(), 'tei-noroot-'));
    expect(openEdition(none)).toEqual({ root: none, settings: {}, diagnostics: [] });
  });

  it('the shipped JSON Schema uses only keywords the checker implements', () => {
    const schema = JSON.parse(readFileSync(SETTINGS_SCHEMA, 'utf8')) as RootSchema;
    expect(unsupportedKeywords(schema)).toEqual([]);
    // Every key of the settings type is in the schema (and nothing else): the two stay one fact.
    const types = readFileSync(join('src', 'settings', 'types.ts'), 'utf8');
    const body = /export interface EditionSettings \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    const keys = [...body.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
    expect(Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema').sort()).toEqual(keys.sort());
  });
});

describe('edition.json: findings with line and column', () => {
  it('malformed JSON: a trailing comma', () => {
    const r = settingsIn('{\n  "title": "A",\n  "subtitle": "B",\n}\n');
    // At the comma, not at the "}" on the line below.
    expect(brief(r)).toEqual(['3:18 error settings-json not valid JSON: a comma before "}" is not allowed in JSON']);
    expect(r.settings).toEqual({});
  });

  it('malformed JSON: a missing comma, single quotes, a comment, an unclosed string', () => {
    expect(brief(settingsIn('{\n  "title": "A"\n  "subtitle": "B"\n}'))).toEqual(['3:3 error settings-json not valid JSON: expected "," or "}" after the value of "title", found """']);
    expect(brief(settingsIn("{ 'title': 'A' }"))).toEqual(['1:3 error settings-json not valid JSON: expected a property name in double quotes, found "\'"']);
    expect(brief(settingsIn('{\n  // the title\n  "title": "A"\n}'))).toEqual(['2:3 error settings-json not valid JSON: expected a property name in double quotes, found "/"']);
    expect(brief(settingsIn('{ "title": "A'))).toEqual(['1:12 error settings-json not valid JSON: this string is not closed (a " is missing)']);
    expect(brief(settingsIn(''))).toEqual(['1:1 error settings-json not valid JSON: expected a value (a string, number, object, list, true, false or null), found the end of the file']);
  });

  it('a trailing comma in a list, at the comma', () => {
    expect(brief(settingsIn('{\n  "languages": ["en",\n  ]\n}'))).toEqual(['2:21 error settings-json not valid JSON: a comma before "]" is not allowed in JSON']);
  });

  it('an unknown key, at the key, with the nearest known key as a hint', () => {
    const r = settingsIn('{\n  "title": "A",\n  "licence": "CC BY"\n}');
    expect(brief(r)).toEqual(['3:3 error settings-unknown-key unknown setting "licence"']);
    expect(r.diagnostics[0]?.hint).toMatch(/^Did you mean "licences"\?/);
  });

  it('wrong types and values, at the value', () => {
    const r = settingsIn(['{', '  "title": 3,', '  "editors": [{ "name": "A", "orcid": "0000-0002" }, { "role": "encoder" }],', '  "paper": "A5",', '  "baseUrl": "example.org",', '  "licences": { "url": "https://x.org/" }', '}'].join('\n'));
    expect(brief(r)).toEqual([
      '2:12 error settings-type "title" must be a string, not an integer',
      '3:39 error settings-value "editors"[0].orcid "0000-0002" is not in the expected form',
      '3:54 error settings-required "editors"[1] must have "name"',
      '4:12 error settings-value "paper" must be one of "letter", "a4"',
      '5:14 error settings-value "baseUrl" "example.org" is not in the expected form',
      '6:15 error settings-type "licences" must be a list, not an object',
    ]);
    expect(r.diagnostics[4]?.hint).toMatch(/absolute http\(s\) URL/);
  });

  it('the edition\'s date: a day of the calendar (2026-13-45 and 2026-02-30 went into CMIF as they were)', () => {
    const at = (date: string): string[] => brief(settingsIn(`{\n  "title": "A",\n  "date": "${date}"\n}`));
    expect(at('2026-13-45')).toEqual(['3:11 error settings-value "date" "2026-13-45" is not in the expected form']);
    expect(at('2026-02-30')).toEqual(['3:11 error settings-value "date" "2026-02-30" is no day of the calendar']);
    expect(at('2025-02-29')).toEqual(['3:11 error settings-value "date" "2025-02-29" is no day of the calendar']);
    for (const good of ['2024-02-29', '2026-12', '2026', '1900-02-28']) expect(at(good), good).toEqual([]);
  });

  it('the date style: one of its two values, else a finding at the value naming them (and the settings are not used)', () => {
    const r = settingsIn('{\n  "title": "A",\n  "dateStyle": "DD.MM.YYYY"\n}');
    expect(brief(r)).toEqual(['3:16 error settings-value "dateStyle" must be one of "month-day-year", "day-month-year"']);
    expect(r.diagnostics[0]?.hint).toMatch(/4 November 1956/);
    expect(r.settings).toEqual({});
    expect(brief(settingsIn('{"dateStyle": 1}'))).toEqual(['1:15 error settings-value "dateStyle" must be one of "month-day-year", "day-month-year"']);
    const typo = settingsIn('{\n  "date-style": "day-month-year"\n}');
    expect(brief(typo)).toEqual(['2:3 error settings-unknown-key unknown setting "date-style"']);
    expect(typo.diagnostics[0]?.hint).toMatch(/^Did you mean "dateStyle"\?/);
    for (const style of ['month-day-year', 'day-month-year'] as const) expect(settingsIn(`{"dateStyle": "${style}"}`)).toMatchObject({ diagnostics: [], settings: { dateStyle: style } });
  });

  it('a base URL with a query or fragment (the pages\' paths are appended to it), and the schema\'s pattern is the command line\'s', () => {
    for (const url of ['https://example.org/ed#top', 'https://example.org/ed/?v=2']) {
      expect(brief(settingsIn(`{"baseUrl": ${JSON.stringify(url)}}`))).toEqual([`1:13 error settings-value "baseUrl" ${JSON.stringify(url)} is not in the expected form`]);
      expect(baseUrlProblem(url)).toMatch(/must not have a query or fragment/);
    }
    expect(brief(settingsIn('{"baseUrl": "https://example.org/my%20ed/"}'))).toEqual([]);
    expect(baseUrlProblem('https://example.org/my%20ed/')).toBeUndefined();
    expect(baseUrlProblem('example.org')).toMatch(/must be an http\(s\) URL/);
    // The scheme in any case; what a URL must escape, and a % that escapes nothing, are not a URL as written in a link
    // (they went as they were into RIS, BibTeX, CMIF and og:url).
    expect(baseUrlProblem('HTTPS://EXAMPLE.ORG/ed/')).toBeUndefined();
    // …and written with its scheme in lower case, as every output gives a URL.
    expect(settingsIn('{"baseUrl": "HTTPS://EXAMPLE.ORG/ed/"}').settings.baseUrl).toBe('https://EXAMPLE.ORG/ed/');
    for (const url of ['https://ex.org/"><x>', 'https://ex.org/%zz', 'https://ex.org/a b']) expect(baseUrlProblem(url), url).toMatch(/must be a URL as written in a link/);
    expect(brief(settingsIn('{"baseUrl": "https://ex.org/%zz"}'))).toEqual(['1:13 error settings-value "baseUrl" "https://ex.org/%zz" is not in the expected form']);
    const schema = JSON.parse(readFileSync(join('schemas', 'edition.schema.json'), 'utf8')) as { properties: { baseUrl: { pattern: string } } };
    expect(schema.properties.baseUrl.pattern).toBe(BASE_URL_PATTERN);
  });

  it('a file that is not UTF-8 is an error at its first such byte, not a title with replacement characters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-settings-'));
    writeFileSync(join(dir, 'edition.json'), Buffer.from('{\n  "title": "Lettres de Montr\xe9al"\n}\n', 'latin1'));
    const r = readSettings(join(dir, 'edition.json'));
    expect(brief(r)).toEqual(['2:29 error encoding-invalid-utf8 byte 0xE9 is not valid UTF-8 (the file is probably Latin-1 or Windows-1252)']);
    expect(r.settings).toEqual({});
  });

  it('a folder where the file should be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-settings-'));
    mkdirSync(join(dir, 'edition.json'));
    const r = readSettings(join(dir, 'edition.json'));
    expect(brief(r)).toEqual(['0:0 error file-unreadable cannot be read (EISDIR)']);
    expect(r.diagnostics[0]?.hint).toMatch(/must be a file/);
  });

  it('a key given twice', () => {
    expect(brief(settingsIn('{"title": "A",\n "title": "B"}'))).toEqual(['2:2 error settings-duplicate-key "title" is given twice (first at line 1, column 2)']);
  });

  it('the settings file is named as the user would open it', () => {
    const r = settingsIn('[]');
    expect(r.diagnostics[0]?.file.endsWith('edition.json')).toBe(true);
    expect(r.diagnostics[0]?.source).toBe('settings');
  });
});

describe('the JSON reader', () => {
  it('gives what JSON.parse gives for valid JSON', () => {
    const samples = [
      '{"a": [1, -2.5e3, 0, true, false, null, "x\\"y\\u00e9\\n\\/"], "b": {}, "c": [], "d": {"e": "\\ud83d\\ude00"}}',
      '\ufeff  "just a string"  ',
      '[[[]], {"": ""}]',
      '-0.0e+1',
    ];
    for (const s of samples) {
      const r = readJson(s);
      expect(r.ok).toBe(true);
      if (r.ok) expect(plain(r.value)).toEqual(JSON.parse(s.replace(/^\ufeff/, '')));
    }
  });
  it('refuses what JSON.parse refuses', () => {
    for (const s of ['{a: 1}', '[1,]', '01', '"\t"', '[1 2]', '{"a" 1}', 'tru', '"\\x"', '{} {}', '-']) {
      expect(() => JSON.parse(s)).toThrow();
      expect(readJson(s).ok).toBe(false);
    }
  });
});

describe('facts about the edition taken from a header instead of the settings', () => {
  const letter = { id: 'a', file: 'tei/a.xml', title: 'A letter', subtitle: 'An edition', publisher: 'P', projectDescription: 'About.', registers: {} } as DocumentModel;
  it('are one warning each, naming the key and the header they come from', () => {
    const ds = settingsFallbacks({ title: 'T', licences: [{ url: 'https://x.org/' }] }, [letter], 'edition.json');
    expect(ds.map((d) => `${d.file} ${d.severity} ${d.rule} ${d.message}`)).toEqual([
      'edition.json warning settings-fallback edition.json has no "introduction": the introduction on the home page is taken from the header of tei/a.xml ("About.")',
      'edition.json warning settings-fallback edition.json has no "publisher": the publisher (citations of the edition, CMIF) is taken from the header of tei/a.xml ("P")',
      'edition.json warning settings-fallback edition.json has no "date": the edition\'s date (CMIF\'s publicationStmt, which requires one; the volume\'s title page) is not given by the letters\' headers either (no revisionDesc change, no publicationStmt date): CMIF has none, which its schema refuses',
    ]);
    // With a revision in a header, the date is the latest one.
    const revised = { ...letter, changes: [{ when: '2025-03-01' }, { when: '2026-01-02' }], publicationDate: '2024' } as DocumentModel;
    expect(settingsFallbacks({ title: 'T', introduction: 'I', publisher: 'P', licences: [] }, [revised], 'edition.json').map((d) => d.message)).toEqual([
      'edition.json has no "date": the edition\'s date (CMIF\'s publicationStmt, which requires one; the volume\'s title page) is the latest revision or publication date of the letters\' headers (2026-01-02)',
    ]);
    expect(ds[0]?.hint).toMatch(/^Add "introduction" to edition\.json/);
  });
  it('are one warning in all without an edition.json, and none when the settings say everything', () => {
    expect(settingsFallbacks({}, [letter], undefined).map((d) => d.message)).toEqual([
      'there is no edition.json: what the site and the exports say about the edition as a whole (title, introduction, publisher) is taken from the header of tei/a.xml; CMIF has no date (no revisionDesc change or publicationStmt date in any header), which its schema refuses',
    ]);
    expect(settingsFallbacks({ title: 'T', introduction: 'I', publisher: 'P', licences: [], date: '2026' }, [letter], 'edition.json')).toEqual([]);
  });
  it('the licences are said to come from all the letters\' headers, as CMIF and JSON-LD take them', () => {
    const licensed = (file: string, target: string): DocumentModel => ({ ...letter, file, licences: [{ target }] });
    const two = [licensed('tei/a.xml', 'https://creativecommons.org/licenses/by/4.0/'), licensed('tei/b.xml', 'https://creativecommons.org/publicdomain/zero/1.0/')];
    expect(settingsFallbacks({ title: 'T', introduction: 'I', publisher: 'P', date: '2026' }, two, 'edition.json').map((d) => d.message)).toEqual([
      'edition.json has no "licences": the edition\'s licences (CMIF, JSON-LD; each letter\'s citation gives its own header\'s) are gathered from the letters\' headers (2 licences)',
    ]);
    expect(settingsFallbacks({ title: 'T', introduction: 'I', publisher: 'P', date: '2026' }, [letter], 'edition.json').map((d) => d.message)).toEqual([
      'edition.json has no "licences": the edition\'s licences (CMIF, JSON-LD; each letter\'s citation gives its own header\'s) are not given by the letters\' headers either',
    ]);
    expect(settingsFallbacks({}, two, undefined).map((d) => d.message)).toEqual([
      'there is no edition.json: what the site and the exports say about the edition as a whole (title, introduction, publisher) is taken from the header of tei/a.xml; the licences from all the letters\' headers; CMIF has no date (no revisionDesc change or publicationStmt date in any header), which its schema refuses',
    ]);
    expect(settingsFallbacks({}, [], undefined)).toEqual([]);
  });
});

describe('build with settings in error', () => {
  it('checks the documents as validate does, counts them, and builds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-settings-build-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'edition.json'), readFileSync(join(FIXTURE, 'edition.json'), 'utf8').replace('"title"', '"titel"'));
    const letter = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace('<p', '<p <'));
    const r = await runCli(dir, 'build');
    expect(r.status).toBe(1);
    const found = [...r.stdout.matchAll(/^(\S+):(\d+):(\d+) (error|warning) (\S+)/gm)].map((m) => `${m[1]} ${m[4]} ${m[5]}`);
    expect(found).toEqual(['edition.json error settings-unknown-key', `${join('tei', 'moreau-whitcombe-1852.xml')} error xml-invalid-attribute`]);
    expect(r.stdout).toMatch(/✖ 6 files checked: 2 errors, 0 warnings/);
    expect(r.stdout).toContain('Nothing was built: fix the errors above (dist/ is unchanged).');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect((await runCli(dir, 'validate')).stdout.match(/^\S+:\d+:\d+ error \S+/gm)).toEqual(r.stdout.match(/^\S+:\d+:\d+ error \S+/gm));
  }, 60_000);
});
