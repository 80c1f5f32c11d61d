/**
 * The one check path: `validate` and `build` report the same findings on
 * the same files; a finding is merged with another only when it is the same
 * problem; a document that fails in a later stage is a finding on that
 * document, not a crash of the build.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { validatePaths } from '../src/validate/index.js';
import { buildEdition } from '../src/build/index.js';
import { typstCompiler } from '../src/render/typst.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { runCli } from './cli.js';

const EDITION = 'tests/fixtures/edition/tei';
const LETTER = 'lindqvist-whitcombe-1851-05-02.xml';
const brief = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);

function project(edit: (text: string) => string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  mkdirSync(join(dir, 'tei'));
  for (const f of [LETTER, 'registers.xml', 'moreau-whitcombe-1852.xml']) cpSync(join(EDITION, f), join(dir, 'tei', f));
  writeFileSync(join(dir, 'tei', LETTER), edit(readFileSync(join(EDITION, LETTER), 'utf8')));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, 'tei', name), text);
  return join(dir, 'tei');
}

describe('one check path', () => {
  it('validate and build give the same findings on the same files', async () => {
    const tei = project(
      (t) => t.replace('<p xml:id="p1">', '<p xml:id="p1" rend="x" corresp="#nowhere #nothing">').replace('<date when="1851-05-04">', '<date when="1851-5-4">'),
      { 'broken.xml': '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>a & b</TEI>', 'one-line.xml': '<TEI xmlns="http://www.tei-c.org/ns/1.0"><a/></TEI>' },
    );
    const validated = await validatePaths([tei]);
    const built = await buildEdition({ inputs: [tei], targets: ['text'] });
    expect(brief(built.diagnostics)).toEqual(brief(validated.diagnostics));
    expect(built.files.size).toBe(0);
    // The same files counted: the register file is checked too, though it is not a letter.
    expect(validated.files).toHaveLength(5);
    expect(built.checked).toBe(5);
    expect(built.documents).toBe(4);
    const found = brief(validated.diagnostics).map((s) => s.replace(`${tei}/`, ''));
    // Two broken pointers in one attribute: two findings, each at its token.
    expect(found.filter((s) => s.includes('pointer-resolves'))).toHaveLength(2);
    // A one-line document's schema error is not hidden by a rule's warning on the same line.
    expect(found.some((s) => /^one-line\.xml:1:\d+ error rng-/.test(s))).toBe(true);
    expect(found.some((s) => /^broken\.xml:1:\d+ error xml-/.test(s))).toBe(true);
  });

  it('the command lines of validate and build sum up the same files and findings', async () => {
    const tei = project((t) => t.replace('<date when="1851-05-04">', '<date when="1851-5-4">'));
    const summary = (out: string): string => /\d+ files? checked: \d+ errors?, \d+ warnings?/.exec(out)?.[0] ?? out;
    const validated = await runCli(dirname(tei), 'validate');
    const built = await runCli(dirname(tei), 'build', '--only', 'text');
    expect(validated.status).toBe(1);
    expect(built.status).toBe(1);
    expect(summary(validated.stdout)).toMatch(/^3 files checked: [1-9]\d* errors?, /);
    expect(summary(built.stdout)).toBe(summary(validated.stdout));
  }, 60_000);

  it('a letter whose only witness is both copy text and preferred for citation builds (issue 9)', async () => {
    const tei = project((t) =>
      t
        .replace('<witness xml:id="MS" ana="#copy-text">', '<witness xml:id="MS" ana="#copy-text #preferred-citation">')
        .replace('<category xml:id="copy-text"><catDesc>Copy text.</catDesc></category>', '<category xml:id="copy-text"><catDesc>Copy text.</catDesc></category><category xml:id="preferred-citation"><catDesc>Preferred for citation.</catDesc></category>'),
    );
    expect(readFileSync(join(tei, LETTER), 'utf8')).toContain('ana="#copy-text #preferred-citation"');
    const r = await buildEdition({ inputs: [tei], targets: ['web', 'print', 'text', 'cite'] });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const id = LETTER.replace('.xml', '');
    expect(r.files.get(`text/${id}.txt`)).toMatch(/Dear Miss Whitcombe/);
    expect(r.files.has(`print/${id}.pdf`)).toBe(true);
    expect(r.files.get(`web/documents/${id}.html`)).toMatch(/preferred for citation|Preferred for citation/i);
  });

  it('a document the typesetter cannot take is a finding on that document; the others are still processed', async () => {
    // The typesetter takes every input we know of (deep nesting is flattened: tests/render-print-nesting.test.ts),
    // so its failure on one document is injected: the process's Typst compiler throws, as Typst does, for the
    // source of the letter that carries a marker (its print edition, or its part of the volume when the build makes
    // the volume too). A spy on the compiler object, not a module mock: this file shares its test process with the
    // others (vitest.config.mjs), and the spy is removed at the end of the test. The build runs in this thread
    // (threads: 0), where the compiler is the spied one.
    const marker = 'Untypesettable';
    const tei = project((t) => t.replace('<p xml:id="p1">', `<p xml:id="p1">${marker} `));
    const { compiler } = typstCompiler();
    const compile = compiler.compile.bind(compiler);
    let refused = 0;
    const spy = vi.spyOn(compiler, 'compile').mockImplementation((args) => {
      if (!args.mainFileContent.includes(marker)) return compile(args);
      refused++;
      throw new Error('error: maximum show rule depth exceeded');
    });
    const r = await buildEdition({ inputs: [tei], targets: ['print'], threads: 0 }).finally(() => spy.mockRestore());
    expect(refused).toBeGreaterThan(0);
    const failures = r.diagnostics.filter((d) => d.rule === 'document-failed');
    expect(failures.map((d) => d.file)).toEqual([join(tei, LETTER)]);
    expect(failures[0]?.message).toMatch(/typesetting the PDF/);
    expect(r.files.size).toBe(0);
  });

  it('a 300-character id never gives ENAMETOOLONG: every output name fits a file system', async () => {
    const long = 'x'.repeat(300);
    const tei = project((t) => t.replaceAll('lindqvist-whitcombe-1851-05-02', long));
    const r = await buildEdition({ inputs: [tei], targets: ['text'] });
    // The model bounds ids (issue 11); ids past 100 characters are cut and end in a hash.
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.files.size).toBeGreaterThan(0);
    for (const path of r.files.keys()) for (const part of path.split('/')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
  });
});
