/**
 * What a hostile file can make the terminal and the text outputs do:
 * control characters and bidi overrides from TEI, lines of any length, and
 * symbolic links out of the edition folder (tei/zz.xml -> /proc/self/environ).
 */
import { spawnSync } from 'node:child_process';
import { runCli } from './cli.js';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { excerpt, EXCERPT_AFTER, EXCERPT_BEFORE, formatHuman, formatJson } from '../src/cli/format.js';
import { neutraliseText, visible } from '../src/controls.js';
import { collectInputs } from '../src/load/inputs.js';
import type { Diagnostic } from '../src/diagnostic.js';

const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'tests/fixtures/hostile/controls');
const work = mkdtempSync(join(tmpdir(), 'controls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** Anything a terminal would obey or reorder by. */
// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('terminal output', () => {
  it('shows a bounded window of a long line, cut with …, the caret under the column', () => {
    const line = `${'a'.repeat(3000)}X${'b'.repeat(3000)}`;
    const { text, pad } = excerpt(line, 3001);
    expect(text).toBe(`…${'a'.repeat(EXCERPT_BEFORE)}X${'b'.repeat(EXCERPT_AFTER - 1)}…`);
    expect(text[pad.length]).toBe('X');
    expect(excerpt('short <x>', 7)).toEqual({ text: 'short <x>', pad: '      ' });
  });

  it('shows the control characters of an option in a usage error escaped, for every command (the terminal obeyed ESC and OSC)', async () => {
    const cases: string[][] = [
      ['build', '--paper', '\u001b[31mX'],
      ['build', '--only', '\u001b]0;T\u0007'],
      ['validate', '--profile', '\u001b[31mX'],
      ['serve', '--port', '\u001b[31m1'],
      ['\u001b[31mnope'],
    ];
    for (const args of cases) {
      const r = await runCli(root, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('\\u{1B}');
      expect(r.stderr, args.join(' ')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });

  it('puts the caret under the column after wide characters (emoji, CJK: two columns) and combining marks (none)', () => {
    // The column is in UTF-16 code units (an emoji is two); the caret is drawn in terminal columns.
    for (const [line, before] of [['😀😀 Smith & Sons', 2 * 2 + 7], ['東京から手紙 & 書', 6 * 2 + 1], ['ökonomisch e\u0301te & x', 15]] as const) {
      const column = line.indexOf('&') + 1;
      expect(excerpt(line, column).pad, line).toBe(' '.repeat(before));
    }
  });

  it('makes ESC, C1 controls, DEL and bidi controls visible, and keeps the caret under the same character', () => {
    const { text, pad } = excerpt('\t<p>\u001b[31m\u009b2J\u0085\u202e\u007f<bad/>', 16);
    expect(text).toBe('\t<p>\\u{1B}[31m\\u{9B}2J\\u{85}\\u{202E}\\u{7F}<bad/>');
    expect(text.slice(pad.length, pad.length + 4)).toBe('<bad');
    expect(pad.startsWith('\t')).toBe(true);
    expect(visible('a\u2066b\u200fc\td')).toBe('a\\u{2066}b\\u{200F}c\td');
  });

  it('sanitises the file name, message and hint of a finding too, and JSON output escapes what JSON allows raw', () => {
    const d: Diagnostic = { file: 'tei/\u001b]0;pwned\u0007.xml', line: 1, column: 1, severity: 'error', source: 'xml', rule: 'r', message: 'value "\u202eevil"', hint: 'fix \u009b' };
    const human = formatHuman([d], () => 'x', false);
    expect(human).not.toMatch(DANGEROUS);
    expect(human).toContain('tei/\\u{1B}]0;pwned\\u{7}.xml:1:1 error r value "\\u{202E}evil"');
    const json = formatJson([d], { files: 1, errors: 1, warnings: 0, infos: 0, ms: 0 });
    expect(json).not.toMatch(DANGEROUS);
    expect((JSON.parse(json) as { diagnostics: Diagnostic[] }).diagnostics[0]).toEqual(d);
  });

  it('validate never echoes a raw control, and never more than a window of a line', async () => {
    const r = await runCli(root, 'validate', join(fixtures, 'escape.xml'));
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(DANGEROUS);
    expect(r.stdout).toContain('│     <p>Before \\u{1B}[2J\\u{1B}[31mRED\\u{202E} reversed</p>');
    for (const l of r.stdout.split('\n')) expect(l.length, l.slice(0, 40)).toBeLessThanOrEqual(EXCERPT_BEFORE + EXCERPT_AFTER + 200);
    expect(r.stdout).toMatch(/escape\.xml:7:5023 error xml-duplicate-attribute/);
  });
});

describe('text outputs', () => {
  it('neutraliseText keeps tabs and line breaks, shows a C1 control as Windows-1252\'s character (as browsers do; CSI U+009B is "›"), turns other controls into spaces and drops bidi controls', () => {
    expect(neutraliseText('a\u009bb\u0085c\u202ed\u007fe\u2028f\tg\nh\u2067i\u0081j')).toBe('a›b…cd e f\tg\nhi j');
  });

  it('.txt and .annotated.txt carry no C1 control, DEL or bidi override from the TEI, and keep the words', async () => {
    const p = join(work, 'txt');
    mkdirSync(join(p, 'tei'), { recursive: true });
    cpSync(join(fixtures, 'letter.xml'), join(p, 'tei/letter.xml'));
    const r = await runCli(p, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', 'text');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(DANGEROUS);
    const plain = readFileSync(join(p, 'dist/text/controls.txt'), 'utf8');
    const annotated = readFileSync(join(p, 'dist/text/controls.annotated.txt'), 'utf8');
    for (const t of [plain, annotated]) expect(t).not.toMatch(DANGEROUS);
    // A C1 control as the web page shows it (CSI U+009B as "›", NEL U+0085 as "…"), harmless to a terminal; DEL a space.
    expect(plain).toContain('Raw: [›31m] […] [gnp.exe] [ ]. Refs: [›2J] […] [] [ ]. To Zorn');
    expect(annotated).toContain('Letter controls');
  });
});

/** The hostile letter built alone into a folder of its own (checks off: the controls are the point), with a base URL. */
async function builtLetter(name: string, only: string): Promise<string> {
  const p = join(work, name);
  mkdirSync(join(p, 'tei'), { recursive: true });
  cpSync(join(fixtures, 'letter.xml'), join(p, 'tei/letter.xml'));
  const r = await runCli(p, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', only, '--base-url', 'https://example.org/ed/');
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return p;
}

describe('citation and data outputs', () => {
  it('RIS, BibTeX, BibLaTeX, CSL-JSON, the formatted citations, CMIF, JSON-LD and `cite` carry no control or bidi character from the TEI', async () => {
    const p = await builtLetter('cite', 'cite,data');
    const outputs = [
      ...readdirSync(join(p, 'dist/cite')).map((f) => join('cite', f)),
      ...readdirSync(join(p, 'dist/data')).filter((f) => !f.startsWith('tei') && f !== 'controls.xml' && !f.endsWith('.xml') || f === 'cmif.xml').map((f) => join('data', f)),
    ];
    expect(outputs).toEqual(expect.arrayContaining(['cite/controls.edition.ris', 'data/cmif.xml', 'data/edition.jsonld']));
    for (const f of outputs) {
      // RIS ends its lines with CR LF, as the format wants: those are not from the TEI.
      const text = readFileSync(join(p, 'dist', f), 'utf8').replace(/\r\n/g, '\n');
      expect(text, f).not.toMatch(DANGEROUS);
    }
    // The title's words survive the neutralising.
    expect(readFileSync(join(p, 'dist/cite/controls.edition.ris'), 'utf8')).toMatch(/controls/);
    for (const format of ['text', 'html', 'bibtex', 'biblatex', 'ris', 'csl-json']) {
      const c = await runCli(p, 'cite', 'tei/letter.xml', '--format', format, '--witness', 'edition');
      expect(c.status, `${format}: ${c.stderr}`).toBe(0);
      expect(c.stdout.replace(/\r\n/g, '\n'), format).not.toMatch(DANGEROUS);
      expect(c.stdout.trim(), format).not.toBe('');
    }
  });
});

describe('the web page\'s head', () => {
  it('its title, meta tags (what Zotero saves) and JSON-LD carry no control or bidi character from the TEI; the JSON-LD is edition.jsonld\'s node', async () => {
    const p = await builtLetter('web', 'web,data');
    const html = readFileSync(join(p, 'dist/web/documents/controls.html'), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<meta name="citation_title" content="Letter controls');
    expect(head).toContain('<title>');
    expect(head).not.toMatch(DANGEROUS);
    const pageNode = JSON.parse(/<script type="application\/ld\+json">([^]*?)<\/script>/.exec(head)![1]!) as { name: string; '@id': string };
    const graph = (JSON.parse(readFileSync(join(p, 'dist/data/edition.jsonld'), 'utf8')) as { '@graph': { '@id': string; name?: string }[] })['@graph'];
    expect(pageNode.name).toBe(graph.find((n) => n['@id'] === pageNode['@id'])?.name);
  });
});

describe('inputs', () => {
  const project = (): string => {
    const p = mkdtempSync(join(work, 'links-'));
    mkdirSync(join(p, 'tei'));
    cpSync(join(root, 'tests/fixtures/hostile/locale/zeta.xml'), join(p, 'tei/aa.xml'));
    return p;
  };

  it('a link out of the edition folder is not followed: a finding, and nothing of the target is printed', async () => {
    const p = project();
    const secret = join(work, 'secret.xml');
    writeFileSync(secret, 'AWS_SECRET=hunter2\n');
    symlinkSync(secret, join(p, 'tei/zz.xml'));
    symlinkSync('/proc/self/environ', join(p, 'tei/env.xml'));
    for (const command of [['validate'], ['build', '--only', 'text', '--no-schema', '--no-rules', '--no-xref']]) {
      const r = await runCli(p, ...command);
      expect(r.status, command[0]).toBe(1);
      expect(r.stdout).toContain('tei/zz.xml error link-outside a symbolic link to a file outside the edition folder');
      expect(r.stdout).toContain('tei/env.xml error link-outside');
      expect(r.stdout + r.stderr).not.toContain('hunter2');
      expect(r.stdout + r.stderr).not.toMatch(/PATH=|HOME=/);
    }
  });

  it('cite refuses what validate refuses, and a device or a pipe among the letters does not hold it', () => {
    const p = project();
    const secret = join(work, 'secret-cite.xml');
    writeFileSync(secret, 'AWS_SECRET=hunter2\n');
    symlinkSync(secret, join(p, 'tei/zz.xml'));
    symlinkSync('/dev/zero', join(p, 'tei/zero.xml'));
    const fifo = spawnSync('mkfifo', [join(p, 'tei/pipe.xml')]).status === 0;
    // In a process of its own, with a time limit: reading all of /dev/zero ran it out of memory, a pipe held it for ever.
    const cite = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/tei-edition.js'), 'cite', ...args], { cwd: p, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    const zeta = cite('zeta');
    expect([zeta.status, zeta.signal]).toEqual([0, null]);
    expect(zeta.stdout).toMatch(/\S/);
    const outside = cite('tei/zz.xml');
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('tei/zz.xml error link-outside');
    expect(outside.stdout + outside.stderr).not.toContain('hunter2');
    expect(cite('tei/zero.xml').stderr).toContain('tei/zero.xml error link-outside');
    if (fifo) expect(cite('tei/pipe.xml').stderr).toContain('tei/pipe.xml error not-a-file');
    const folder = cite(join(p, 'tei'));
    expect([folder.status, folder.stderr]).toEqual([2, expect.stringContaining('a folder, not a document')]);
  });

  // As root every folder can be read: the command runs as nobody then (runuser, which Debian has).
  const asRoot = process.getuid?.() === 0;
  // (And nobody must be able to run the toolkit: a checkout under /root is not.)
  const runuser = asRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(join(root, 'lib', 'cli', 'main.js'))})`], { stdio: 'ignore' }).status === 0;
  if (asRoot && !runuser) console.warn('[controls] SKIPPED: the unreadable-folder test runs as root, and the user nobody cannot run the toolkit here (no runuser, or a checkout nobody may read); root reads every folder.');
  it.skipIf(asRoot && !runuser)('a letters\' folder that cannot be read is a finding, not an internal error', () => {
    const p = mkdtempSync(join(tmpdir(), 'unreadable-'));
    try {
      mkdirSync(join(p, 'tei'));
      cpSync(join(root, 'tests/fixtures/hostile/locale/zeta.xml'), join(p, 'tei/aa.xml'));
      chmodSync(p, 0o755);
      chmodSync(join(p, 'tei'), 0o311); // search but no read: readdir fails (EACCES)
      const command = [process.execPath, join(root, 'bin/tei-edition.js'), 'validate'];
      const r = asRoot ? spawnSync('runuser', ['-u', 'nobody', '--', ...command], { cwd: p, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }) : spawnSync(command[0]!, command.slice(1), { cwd: p, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.stdout + r.stderr).not.toContain('internal error');
      expect([r.status, r.stdout]).toEqual([1, expect.stringContaining('tei error file-unreadable the folder cannot be read (EACCES: no permission)')]);
      // cite alike (it read the folder for the shared register and failed with an internal error).
      const citeCommand = [process.execPath, join(root, 'bin/tei-edition.js'), 'cite', 'zeta'];
      const c = asRoot ? spawnSync('runuser', ['-u', 'nobody', '--', ...citeCommand], { cwd: p, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }) : spawnSync(citeCommand[0]!, citeCommand.slice(1), { cwd: p, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(c.stdout + c.stderr).not.toContain('internal error');
      expect([c.status, c.stderr]).toEqual([1, expect.stringContaining('tei error file-unreadable the folder cannot be read (EACCES: no permission)')]);
    } finally {
      chmodSync(join(p, 'tei'), 0o755);
      rmSync(p, { recursive: true, force: true });
    }
  });

  it('a link inside the edition folder is followed; a broken link and a pipe are findings', async () => {
    const p = project();
    mkdirSync(join(p, 'sources'));
    cpSync(join(root, 'tests/fixtures/hostile/locale/aabenraa.xml'), join(p, 'sources/bb.xml'));
    symlinkSync('../sources/bb.xml', join(p, 'tei/bb.xml'));
    symlinkSync('../nowhere.xml', join(p, 'tei/cc.xml'));
    const fifo = spawnSync('mkfifo', [join(p, 'tei/dd.xml')]);
    const saved = process.cwd();
    process.chdir(p);
    try {
      const r = await collectInputs(['tei']);
      expect(r.files).toEqual(['tei/aa.xml', 'tei/bb.xml']);
      expect(r.diagnostics.map((d) => [d.file, d.rule])).toEqual([['tei/cc.xml', 'link-broken'], ...(fifo.status === 0 ? [['tei/dd.xml', 'not-a-file']] : [])]);
    } finally {
      process.chdir(saved);
    }
  });
});
