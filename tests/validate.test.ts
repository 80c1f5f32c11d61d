import { describe, it, expect } from 'vitest';
import { cpSync, readFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from './cli.js';
import { buildEdition } from '../src/build/index.js';
import { validatePaths } from '../src/validate/index.js';
import { documentAliases } from '../src/validate/xref.js';
import type { Diagnostic } from '../src/diagnostic.js';

const BROKEN = 'tests/fixtures/broken';
// The fixture copy of the edition's letter: the tests never read the repository's own tei/.
const LETTER = 'tests/fixtures/letter/tei/eisenhower-bulganin-1956-11-04.xml';
const expected = JSON.parse(readFileSync(join(BROKEN, 'expected.json'), 'utf8')) as Record<string, { rule: string; line: number; column: number }[]>;

const brief = (ds: Diagnostic[]): string[] =>
  ds
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column} ${d.rule}`)
    .sort();

describe('validate: the edition', () => {
  it('the letter is valid: no errors and no warnings', async () => {
    const r = await validatePaths(['tests/fixtures/letter/tei']);
    expect(r.files).toEqual([LETTER]);
    expect(r.diagnostics).toEqual([]);
  });
  it('the sampler fixture (most of the schema) is valid too', async () => {
    const r = await validatePaths(['tests/fixtures/valid']);
    expect(brief(r.diagnostics)).toEqual([]);
  });
});

describe('validate: broken variants of the letter, one defect each', () => {
  it('has at least 25 of them', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(25);
  });
  it.each(Object.entries(expected))('%s', async (name, findings) => {
    const file = join(BROKEN, name);
    const r = await validatePaths([file]);
    expect(brief(r.diagnostics)).toEqual(findings.map((f) => `${f.line}:${f.column} ${f.rule}`).sort());
    for (const d of r.diagnostics) {
      expect(d.file).toBe(file);
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.hint, `${d.rule} has a fix hint`).toBeTruthy();
    }
  });
});

describe('validate: schema findings say what the schema allows', () => {
  const first = async (name: string): Promise<Diagnostic> => (await validatePaths([join(BROKEN, name)])).diagnostics[0] as Diagnostic;
  it('an unknown element: the parent and what it may contain', async () => {
    const d = await first('unknown-element.xml');
    expect(d.message).toBe('element <bold> is not allowed in <p>');
    expect(d.hint).toMatch(/^<p> may contain: <abbr>, <add>, .*<hi>, .*<persName>, .*<unclear>\.$/);
  });
  it('an allowed element in the wrong place: the order', async () => {
    const d = await first('misplaced-head.xml');
    expect(d.message).toBe('element <head> is not allowed at this point in <div>');
    expect(d.hint).toMatch(/^<div> may contain <head>, but not here: check the order/);
  });
  it('an unknown attribute: the attributes the element allows; a bad value: the datatype', async () => {
    const d = await first('unknown-attribute.xml');
    expect(d.message).toBe('attribute color is not allowed on <p>');
    expect(d.hint).toBe('<p> allows: @ana, @cert, @corresp, @facs, @n, @rend, @resp, @source, @xml:id, @xml:lang.');
    expect((await first('bad-enumerated-value.xml')).message).toBe('the value of marks="every" on <quotation> does not match the schema\'s datatype');
  });
});

describe('validate: cross-references between documents', () => {
  it('resolves file.xml#id pointers and reports a broken one at its exact token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xref-'));
    const letter = readFileSync(LETTER, 'utf8').replace('<author ref="#eisenhower">', '<author ref="register.xml#ike register.xml#nobody">');
    writeFileSync(join(dir, 'letter.xml'), letter);
    writeFileSync(
      join(dir, 'register.xml'),
      // Another document, with an id of its own (two documents under one id are an error of their own).
      readFileSync(LETTER, 'utf8').replace('<listPerson>', '<listPerson><person xml:id="ike"><persName>Ike</persName></person>').replace(/(<TEI\b[^>]*\sxml:id=")[^"]*"/, '$1register"'),
    );
    const r = await validatePaths([dir], { schema: false, rules: false });
    const line = letter.slice(0, letter.indexOf('register.xml#nobody')).split('\n').length;
    const column = letter.indexOf('register.xml#nobody') - letter.lastIndexOf('\n', letter.indexOf('register.xml#nobody'));
    expect(brief(r.diagnostics)).toEqual([`${line}:${column} pointer-resolves`]);
  });

  it('a bare name is the document of the run with that id or file name (K_0197, 1975-11-14-hac-meeting-minutes), as other projects point', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xref-bare-'));
    cpSync('tests/fixtures/edition/tei', dir, { recursive: true });
    const moreau = join(dir, 'moreau-whitcombe-1852.xml');
    writeFileSync(moreau, readFileSync(moreau, 'utf8').replace('xml:id="moreau-whitcombe-1852"', 'xml:id="K_0197"'));
    const file = join(dir, 'pryce-lindqvist-1853-09-20.xml');
    const text = readFileSync(file, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1"><ref target="K_0197">By id</ref>, <ref target="K_0197#p1">its paragraph</ref>, <ref target="whitcombe-moreau-1854-02-11#p1">by file name</ref>, <ref target="K_0197#p99">no such</ref>, <ref target="K_0198">no such letter</ref>. ');
    writeFileSync(file, text);
    const r = await validatePaths([dir], { schema: false, rules: false });
    const at = (token: string): string => {
      const i = text.indexOf(`"${token}"`) + 1;
      return `${text.slice(0, i).split('\n').length}:${i - text.lastIndexOf('\n', i - 1)}`;
    };
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
      `${at('K_0197#p99')} pointer-resolves @target "K_0197#p99" on <ref> points to no xml:id in K_0197`,
      `${at('K_0198')} pointer-resolves @target "K_0198" on <ref> points into K_0198, which is not a document of this run`,
    ]);
    // A name two documents give (one's file name, the other's id) names neither, and the finding says why.
    writeFileSync(join(dir, 'dup.xml'), readFileSync(join(dir, 'whitcombe-moreau-1854-02-11.xml'), 'utf8').replace('xml:id="whitcombe-moreau-1854-02-11"', 'xml:id="dup-file"'));
    const lindqvist = join(dir, 'lindqvist-whitcombe-1851-05-02.xml');
    writeFileSync(lindqvist, readFileSync(lindqvist, 'utf8').replace('xml:id="lindqvist-whitcombe-1851-05-02"', 'xml:id="dup"'));
    writeFileSync(file, text.replace('<ref target="K_0198">', '<ref target="dup">'));
    const dup = await validatePaths([dir], { schema: false, rules: false });
    expect(dup.diagnostics.filter((d) => d.message.includes('"dup"')).map((d) => d.message)).toEqual([
      '@target "dup" on <ref> names 2 documents of this run (dup.xml, lindqvist-whitcombe-1851-05-02.xml), by their ids or file names: which one is not known',
    ]);
  });

  it('a pointer written with character references is the pointer XML reads (registers.xml&#x23;pryce is registers.xml#pryce), in validate and build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xref-refs-'));
    cpSync('tests/fixtures/edition/tei', dir, { recursive: true });
    const file = join(dir, 'pryce-lindqvist-1853-09-20.xml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('ref="registers.xml#pryce"', 'ref="registers&#46;xml&#x23;pryce"').replace('ref="registers.xml#london"', 'ref="registers.xml&#35;londonn"'));
    const r = await validatePaths([dir], { schema: false, rules: false });
    // The misspelt one is reported (at the value: its references make the token's own column unknown), the other resolves.
    expect(r.diagnostics.map((d) => `${d.rule} ${d.message}`)).toEqual(['pointer-resolves @ref "registers.xml#londonn" on <placeName> points to no xml:id in registers.xml']);
    writeFileSync(file, text.replace('ref="registers.xml#pryce"', 'ref="registers&#46;xml&#x23;pryce"'));
    const b = await buildEdition({ inputs: [dir], targets: ['web'], schema: false, rules: false });
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The name links its entry in the persons register, as written without references.
    expect(b.files.get('web/documents/pryce-lindqvist-1853-09-20.html')).toContain('href="../register/persons.html#pryce"');
  });

  it('documentAliases: a name two documents of a folder give, or a file of the run, names no other document', () => {
    const aliases = documentAliases([
      { file: 'tei/a.xml', id: 'K_1' },
      { file: 'tei/b.xml', id: 'K_1' },
      { file: 'tei/c.xml', id: 'c' },
      { file: 'tei/d.xml', id: 'e.xml' },
      { file: 'tei/e.xml' },
      { file: 'other/f.xml', id: 'K_1' },
    ]);
    expect(Object.fromEntries(aliases)).toEqual({ 'tei/a': 'tei/a.xml', 'tei/b': 'tei/b.xml', 'tei/c': 'tei/c.xml', 'tei/d': 'tei/d.xml', 'tei/e': 'tei/e.xml', 'other/f': 'other/f.xml', 'other/K_1': 'other/f.xml' });
  });
});

describe('tei-edition validate (command line)', () => {
  // In this process (tests/cli.ts): what is tested is what the command does. The command as installed, in a
  // process of its own (`npx tei-edition validate` of the packed package), is tests/package/install.test.ts's (npm
  // run test:package, run by .ci/run), and the checks run cold in a new process in every spawned build of npm test
  // (tests/build/incremental.test.ts, tests/web/build-web.test.ts, tests/site/site.test.ts): a spawned validate
  // here proved nothing more for 1.8 s of CPU.
  const ROOT = process.cwd();
  it('exits 0 on the valid edition with one summary line', async () => {
    // In the one-letter fixture edition: with no paths, validate checks the edition's tei/.
    const r = await runCli(join(ROOT, 'tests', 'fixtures', 'letter'), 'validate');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^✔ 1 file checked: 0 errors, 0 warnings \(\d+(\.\d+)? m?s\)\n$/);
  });
  it('exits 1 and prints file:line:col severity rule message, the source line, a caret and the fix', async () => {
    const r = await runCli(ROOT, 'validate', join(BROKEN, 'date-not-iso.xml'));
    expect(r.status).toBe(1);
    const { line, column } = expected['date-not-iso.xml']![0]!;
    expect(r.stdout).toContain(`${BROKEN}/date-not-iso.xml:${line}:${column} error date-iso @when "1956-11-3" is not an ISO 8601 date.`);
    expect(r.stdout).toContain('  │ ' + ' '.repeat(column - 1) + '^');
    expect(r.stdout).toMatch(/fix: Write YYYY/);
    expect(r.stdout).toMatch(/✖ 1 file checked: 1 error, 0 warnings/);
  });
  it('reports all findings of several files at once, as JSON on request', async () => {
    const r = await runCli(ROOT, 'validate', '--format', 'json', join(BROKEN, 'sent-after-release.xml'), join(BROKEN, 'empty.xml'), LETTER);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { summary: { files: number; errors: number }; diagnostics: Diagnostic[] };
    // The letter and its broken copy share TEI/@xml:id and idno: one page name (an error), one identifier (a warning), at the second.
    expect(out.summary).toMatchObject({ files: 3, errors: 4 });
    expect(out.diagnostics.map((d) => `${d.file.split('/').pop()} ${d.rule}`)).toEqual(['sent-after-release.xml sent-before-received', 'sent-after-release.xml sent-before-release', 'empty.xml empty-file', `${LETTER.split('/').pop()} document-id-unique`, `${LETTER.split('/').pop()} document-idno-unique`]);
  });
  it('"-" (standard input) is a usage error in validate, build, cite and serve: documents are not read from it', async () => {
    for (const command of ['validate', 'build', 'cite', 'serve']) {
      const r = await runCli(ROOT, command, '-');
      expect([command, r.status, r.stdout, r.stderr]).toEqual([command, 2, '', expect.stringContaining('"-": documents are not read from standard input; name the TEI files')]);
    }
  });

  it('a missing file is a finding (exit 1), never a stack trace', async () => {
    const r = await runCli(ROOT, 'validate', 'no/such/file.xml');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no/such/file.xml error file-not-found');
    expect(r.stderr).toBe('');
  });
  it('a file whose name ends in ".XML" is not read, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-upper-'));
    mkdirSync(join(dir, 'tei'));
    writeFileSync(join(dir, 'tei', 'LETTER01.XML'), readFileSync('tests/fixtures/valid/sampler.xml'));
    const r = await runCli(dir, 'validate', '--format', 'json');
    const out = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(out.diagnostics.map((d) => `${d.file} ${d.severity} ${d.rule}: ${d.hint}`)).toEqual([
      'tei/LETTER01.XML warning file-not-read: Rename it to LETTER01.xml to have it checked and published.',
      'tei error no-documents: Put one TEI document per file in this folder, named *.xml.',
    ]);
  });
  it('letters in a folder of their own are not read, and the folder is named; hidden files (an editor\'s lock, macOS\'s ._ files) are not letters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-sub-'));
    mkdirSync(join(dir, 'tei', '1902'), { recursive: true });
    mkdirSync(join(dir, 'tei', 'images'));
    writeFileSync(join(dir, 'tei', 'letter.xml'), readFileSync('tests/fixtures/valid/sampler.xml'));
    writeFileSync(join(dir, 'tei', '1902', 'a.xml'), readFileSync('tests/fixtures/valid/sampler.xml'));
    writeFileSync(join(dir, 'tei', '1902', 'b.xml'), readFileSync('tests/fixtures/valid/sampler.xml'));
    writeFileSync(join(dir, 'tei', 'images', 'p1.png'), '');
    writeFileSync(join(dir, 'tei', '._letter.xml'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
    symlinkSync('ada@host.123:17', join(dir, 'tei', '.#letter.xml'));
    const r = await runCli(dir, 'validate', '--format', 'json', '--no-xref');
    const out = JSON.parse(r.stdout) as { summary: { files: number }; diagnostics: Diagnostic[] };
    expect(out.summary.files).toBe(1);
    expect(out.diagnostics.filter((d) => d.source === 'io' || d.source === 'security').map((d) => `${d.file} ${d.severity} ${d.rule} ${d.message}`)).toEqual([
      'tei/1902 warning folder-not-read not read: this folder holds 2 .xml files, and only the .xml files directly in tei are read, not those in its folders',
    ]);
    expect(out.diagnostics.find((d) => d.rule === 'folder-not-read')?.hint).toMatch(/^Move the letters into tei itself/);
    // Named too, it is read, and not warned of.
    const both = JSON.parse((await runCli(dir, 'validate', '--format', 'json', '--no-xref', 'tei', 'tei/1902')).stdout) as { summary: { files: number }; diagnostics: Diagnostic[] };
    expect(both.summary.files).toBe(3);
    expect(both.diagnostics.filter((d) => d.rule === 'folder-not-read')).toEqual([]);
  });
  it('an empty title is a warning at the titleStmt: each output fell back on something of its own, without a word', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-title-'));
    const text = readFileSync('tests/fixtures/valid/sampler.xml', 'utf8');
    const title = /<title type="main">[^<]*<\/title>/.exec(text)![0];
    writeFileSync(join(dir, 'untitled.xml'), text.replace(title, '<title type="main"> </title>'));
    const r = await runCli(dir, 'validate', '--format', 'json', 'untitled.xml');
    const found = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'title-empty');
    const line = text.split('\n').findIndex((l) => l.includes('<titleStmt>')) + 1;
    expect(found.map((d) => `${d.line} ${d.severity} ${d.message}`)).toEqual([`${line} warning The document's title is empty: the pages name it by its first heading or its id, the PDF "Untitled", and its citations have no title.`]);
    expect(r.status).toBe(0);
    const ok = await runCli(dir, 'validate', '--format', 'json', join(process.cwd(), 'tests/fixtures/valid/sampler.xml'));
    expect((JSON.parse(ok.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'title-empty')).toEqual([]);
  });
  it('a second correspDesc is a warning at it: the metadata reads the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-corresp-'));
    const text = readFileSync('tests/fixtures/valid/sampler.xml', 'utf8');
    const first = /<correspDesc type="letter">[^]*?<\/correspDesc>/.exec(text)![0];
    const file = join(dir, 'anthology.xml');
    writeFileSync(file, text.replace(first, `${first}\n      ${first}`));
    const r = await runCli(dir, 'validate', '--format', 'json', 'anthology.xml');
    const found = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'correspDesc-second');
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity}`)).toEqual(['72:7 warning']);
    expect(r.status).toBe(0);
  });
  it('a witness whose siglum is "edition" (the digital edition\'s citation) is a warning at it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-siglum-'));
    const text = readFileSync('tests/fixtures/valid/sampler.xml', 'utf8');
    const siglum = /<witness xml:id="([^"]+)"/.exec(text)![1]!;
    writeFileSync(join(dir, 'w.xml'), text.replaceAll(`"${siglum}"`, '"edition"').replaceAll(`#${siglum}"`, '#edition"').replaceAll(`#${siglum} `, '#edition '));
    const r = await runCli(dir, 'validate', '--format', 'json', 'w.xml');
    const found = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'witness-siglum-edition');
    expect(found.map((d) => `${d.severity} ${d.message}`)).toEqual(['warning The siglum "edition" names the citation of the digital edition (cite/…edition.*, cite --witness edition): this witness is not cited on its own.']);
    expect(found[0]!.line).toBeGreaterThan(0);
  });
  it('a pointer to an id another document lacks says which id it has that is nearest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-nearest-'));
    cpSync('tests/fixtures/edition', dir, { recursive: true });
    const file = join(dir, 'tei', 'whitcombe-lindqvist-1851-03-14.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<author ref="registers.xml#whitcombe">', '<author ref="registers.xml#whitcomb">'));
    const r = await runCli(dir, 'validate', '--format', 'json');
    const found = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'pointer-resolves' && d.source === 'xref');
    expect(found.map((d) => `${d.file}:${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      'tei/whitcombe-lindqvist-1851-03-14.xml:11:22 @ref "registers.xml#whitcomb" on <author> points to no xml:id in registers.xml | Did you mean registers.xml#whitcombe? Add the entry with xml:id="whitcomb" to registers.xml, or correct the pointer.',
    ]);
  });
  it('a prefixed pointer (plc:pariss) or a local #id whose entry is in the shared register: the hint names the pointer meant, in validate and build alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-nearest-shared-'));
    cpSync('tests/fixtures/edition', dir, { recursive: true });
    const file = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<placeName ref="plc:paris">', '<placeName ref="plc:pariss">').replace('ref="psn:lindqvist"', 'ref="#lindqvist"'));
    const shown = (d: Diagnostic): string => `${d.message} | ${d.hint}`;
    const validated = (JSON.parse((await runCli(dir, 'validate', '--format', 'json')).stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'pointer-resolves');
    expect(validated.map(shown)).toEqual([
      '@ref "plc:pariss" on <placeName> expands to registers.xml#pariss, where no element has xml:id "pariss" | Did you mean plc:paris? Declare the entry in the file the prefixDef "plc" points into (validate that file in the same run), or correct the pointer.',
      '@ref "#lindqvist" on <persName> points to no xml:id in this document | Did you mean registers.xml#lindqvist? The entry "lindqvist" is in the shared register registers.xml, not in this letter: point there.',
    ]);
    const built = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['text'] });
    expect(built.diagnostics.filter((d) => d.rule === 'pointer-resolves').map(shown)).toEqual(validated.map(shown));
  });
  it('a pointer to another letter: named alone, a warning (not checked in this run); into a letter that is not well-formed, nothing (its own error says why); to a misspelt file, the file meant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-letters-'));
    cpSync('tests/fixtures/edition', dir, { recursive: true });
    const file = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">See <ref target="pryce-lindqvist-1853-09-20.xml#p1">Pryce</ref> and <ref target="pryce-lindqvist-1853-09-02.xml">this</ref>. '));
    const json = async (...args: string[]): Promise<{ status: number; found: string[] }> => {
      const r = await runCli(dir, 'validate', '--format', 'json', ...args);
      const ds = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'pointer-resolves');
      return { status: r.status, found: ds.map((d) => `${d.severity} ${d.message} | ${d.hint}`) };
    };
    const missing = 'error @target "pryce-lindqvist-1853-09-02.xml" on <ref> points into pryce-lindqvist-1853-09-02.xml, which is not a document of this run | Did you mean pryce-lindqvist-1853-09-20.xml? A pointer to another document names its file, relative to this one (other-letter.xml, registers.xml#id), and that file is checked in the same run.';
    expect(await json()).toEqual({ status: 1, found: [missing] });
    expect(await json(join('tei', 'moreau-whitcombe-1852.xml'))).toEqual({
      status: 1,
      found: [
        'warning @target "pryce-lindqvist-1853-09-20.xml#p1" on <ref> points into pryce-lindqvist-1853-09-20.xml, which is not checked in this run | Check the documents together (tei-edition validate, with no file named) to check this pointer; built without it, the outputs show the words without a link.',
        missing,
      ],
    });
    const other = join(dir, 'tei', 'pryce-lindqvist-1853-09-20.xml');
    writeFileSync(other, `${readFileSync(other, 'utf8')}<TEI/>`);
    expect(await json()).toEqual({ status: 1, found: [missing] });
  });
  it('a misspelt element or attribute: the hint names the one meant first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-typo-'));
    const text = readFileSync('tests/fixtures/valid/sampler.xml', 'utf8');
    writeFileSync(join(dir, 'e.xml'), text.replace('<persName ref="#writer">A. Writer</persName><placeName', '<persname ref="#writer">A. Writer</persname><placeName'));
    writeFileSync(join(dir, 'a.xml'), text.replace('<date when="1900-01-01"/></correspAction>', '<date when="1900-01-01" typ="x"/></correspAction>'));
    const hints = async (f: string, rule: string): Promise<string[]> =>
      (JSON.parse((await runCli(dir, 'validate', '--format', 'json', f)).stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === rule).map((d) => `${d.line}:${d.column} ${d.message} | ${(d.hint ?? '').split('?')[0]}?`);
    expect(await hints('e.xml', 'rng-element')).toEqual(['66:36 element <persname> is not allowed in <correspAction> | Did you mean <persName>?']);
    expect(await hints('a.xml', 'rng-attribute')).toEqual(['66:143 attribute typ is not allowed on <date> | Did you mean @type?']);
  });
  it('run outside an edition (no tei/ folder), says so and how to start one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'validate-no-edition-'));
    const r = await runCli(empty, 'validate');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^tei error file-not-found no tei\/ folder here/m);
    expect(r.stdout).toMatch(/fix: .*edition\.json.*tei-edition init/);
    // A file named wrongly keeps the plain message.
    expect((await runCli(empty, 'validate', 'letter.xml')).stdout).toMatch(/^letter\.xml error file-not-found no such file or folder$/m);
  });
  it('usage errors exit 2 and name the problem', async () => {
    expect((await runCli(ROOT, 'validate', '--format', 'yaml')).status).toBe(2);
    expect((await runCli(ROOT, 'validate', '--bogus')).stderr).toMatch(/^tei-edition: unknown option --bogus; tei-edition validate --help lists its options$/m);
    // Node's own message ended in an unbalanced quote and spoke of positional arguments; a near miss is named.
    expect((await runCli(ROOT, 'validate', '--qiet')).stderr).toMatch(/unknown option --qiet \(did you mean --quiet\?\)/);
    expect((await runCli(ROOT, 'validate', '--quiet=yes')).stderr).toMatch(/option --quiet takes no value/);
    expect((await runCli(ROOT, 'validate', '--schema', 'missing.rng')).stderr).toMatch(/--schema missing.rng: no such file/);
    // A folder: a usage error (it was an internal error, EISDIR).
    for (const opt of ['--schema', '--rules']) {
      const folder = await runCli(ROOT, 'validate', opt, tmpdir());
      expect([folder.status, folder.stderr], opt).toEqual([2, expect.stringContaining(`${opt} ${tmpdir()}: not a file`)]);
    }
    expect((await runCli(ROOT, 'frobnicate')).status).toBe(2);
  });
  it('a --rules or --schema file that cannot be used at all exits 2 (a usage error), in validate and build, naming it', async () => {
    const rules = await runCli(ROOT, 'validate', '--rules', 'tests/fixtures/schematron/unusable-binding.sch', '--no-schema', LETTER);
    expect([rules.status, rules.stdout]).toEqual([2, expect.stringMatching(/unusable-binding\.sch error rules-unusable .*xslt/)]);
    const schema = await runCli(ROOT, 'validate', '--schema', 'tests/fixtures/schematron/not-relaxng.rng', '--no-rules', LETTER);
    expect([schema.status, schema.stdout]).toEqual([2, expect.stringContaining('not-relaxng.rng error schema-unusable')]);
    const built = await runCli(ROOT, 'build', '--rules', 'tests/fixtures/schematron/unusable-binding.sch', '--no-schema', '--out', join(tmpdir(), `unusable-${process.pid}`), LETTER);
    expect([built.status, built.stdout]).toEqual([2, expect.stringContaining('Nothing was built')]);
  });
  it('explains every option in --help', async () => {
    const r = await runCli(ROOT, 'validate', '--help');
    expect(r.status).toBe(0);
    for (const opt of ['--format', '--schema', '--rules', '--no-schema', '--no-rules', '--quiet']) expect(r.stdout).toContain(opt);
    expect((await runCli(ROOT, '--help')).stdout).toContain('validate');
  });
  it('--rules runs another Schematron file and --no-schema skips RELAX NG', async () => {
    // A file of the repository, not one in a new temporary folder: its compiled rules are cached under a key that
    // includes their place (includes resolve against it), and a new place each run added a file to .cache/sef.
    const sch = 'tests/fixtures/schematron/validate-rules.sch';
    const r = await runCli(ROOT, 'validate', '--rules', sch, '--no-schema', '--format', 'json', LETTER);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(out.diagnostics.map((d) => `${d.severity} ${d.rule} ${d.line}`)).toEqual([`warning no-p5 ${readFileSync(LETTER, 'utf8').split('\n').findIndex((l) => l.includes('<p xml:id="p5">')) + 1}`]);
  });
});

// validate --schema with the official TEI P5 schema: tests/tei-all.test.ts (one tei_all.rng compilation per run).
