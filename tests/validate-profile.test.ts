/**
 * `validate --profile any` (src/validate/profile.ts): for TEI from
 * elsewhere, errors are only what publishing needs; the edition's schema
 * and rules, and pointers the outputs do not follow, are info. libxml2's
 * wording never reaches the user as it is.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildEdition } from '../src/build/index.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { validatePaths } from '../src/validate/index.js';
import { applyProfile } from '../src/validate/profile.js';

const FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'any-tei'), 'empty-back.xml');

describe('validate --profile any', () => {
  it('keeps as errors only what publishing needs, and says the rest as info', async () => {
    const strict = await validatePaths([FILE], {});
    const any = await validatePaths([FILE], { profile: 'any' });
    // The same findings, weighed differently.
    expect(any.diagnostics.map((d) => [d.line, d.column, d.rule])).toEqual(strict.diagnostics.map((d) => [d.line, d.column, d.rule]));
    const errors = any.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.column, d.rule, d.message]);
    // The link the web edition follows is still an error; the pointer in @ana is not followed by any output.
    expect(errors).toEqual([[12, 37, 'pointer-resolves', '@target "#nowhere" on <ref> points to no xml:id in this document']]);
    expect(any.diagnostics.find((d) => d.message.includes('#unknown'))?.severity).toBe('info');
    expect(any.diagnostics.filter((d) => d.source === 'relaxng' || d.source === 'schematron').every((d) => d.severity === 'info')).toBe(true);
    expect(strict.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(1);
    // libxml2's "Expecting an element , got nothing" in the toolkit's words.
    expect(any.diagnostics.find((d) => d.line === 15)).toMatchObject({ column: 5, source: 'relaxng', rule: 'rng-content', message: "<back> is empty, but the schema requires content in it (in the edition's schema, which is stricter than TEI P5)" });
    // Each note of the edition's schema or rules says so: the same words as the edition's errors read as if the TEI were invalid.
    for (const d of any.diagnostics.filter((x) => x.source === 'relaxng')) expect(d.message).toMatch(/ \(in the edition's schema, which is stricter than TEI P5\)$/);
    for (const d of any.diagnostics.filter((x) => x.source === 'schematron')) expect(d.message).toMatch(/ \(a rule of the edition's\)$/);
    expect(strict.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/stricter than TEI P5|a rule of the edition's/);
    expect(any.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/Expecting an element|got nothing/);
  }, 300_000);

  it('a header\'s classification (catRef into a taxonomy) is followed by no output: a pointer it has that resolves to nothing is info', () => {
    const at = (message: string) => ({ file: 'a.xml', line: 1, column: 1, severity: 'error' as const, source: 'xref' as const, rule: 'pointer-resolves', message, hint: '' });
    const weighed = applyProfile([at('@target "#correspondence" on <catRef> points to no xml:id in this document'), at('@target "#n1" on <ref> points to no xml:id in this document')], 'any');
    expect(weighed.map((d) => d.severity)).toEqual(['info', 'error']);
  });

  it('a pointer into a file not in the run (the rest of the source project) is a warning: the build goes on, the words without a dead link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-profile-'));
    try {
      const file = join(dir, 'a.xml');
      writeFileSync(
        file,
        `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Brief</title><author ref="kba-123">K. B.</author></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>See <ref target="../chapter-7#fn81">chapter 7</ref>.<note target="n1">A note.</note> <ref target="#nowhere">here</ref> <anchor xml:id="n1"/></p></body></text></TEI>`,
      );
      const brief = (ds: Diagnostic[]): string[] => ds.filter((d) => d.rule === 'pointer-resolves').map((d) => `${d.line}:${d.column} ${d.severity}`);
      const text = readFileSync(file, 'utf8');
      const at = (value: string): string => {
        const before = text.slice(0, text.indexOf(`"${value}"`) + 1).split('\n');
        return `${before.length}:${(before.at(-1) as string).length + 1}`;
      };
      const places = ['kba-123', '../chapter-7#fn81', 'n1', '#nowhere'].map(at);
      expect(brief((await validatePaths([file])).diagnostics)).toEqual(places.map((p) => `${p} error`));
      const any = (await validatePaths([file], { profile: 'any' })).diagnostics.filter((d) => d.rule === 'pointer-resolves');
      // Into other files: warnings, saying what the reader gets; a #id this document lacks stays an error.
      expect(brief(any)).toEqual([`${places[0]} warning`, `${places[1]} warning`, `${places[2]} warning`, `${places[3]} error`]);
      expect(any[1]?.hint).toMatch(/Until then the outputs show the words without a link\.$/);
      expect(any[2]?.hint).toMatch(/Until then the note stands where it is written\.$/);
      writeFileSync(file, readFileSync(file, 'utf8').replace('<ref target="#nowhere">here</ref> ', ''));
      const built = await buildEdition({ inputs: [file], targets: ['web'], profile: 'any' });
      expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const page = built.files.get('web/documents/a.html') as string;
      expect(page).toContain('See <span class="tei-ref" data-target="../chapter-7#fn81">chapter 7</span>.');
      expect(page).not.toContain('href="../chapter-7');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
