/**
 * `validate --profile any` (src/validate/profile.ts): for TEI from
 * elsewhere, errors are only what publishing needs; the edition's schema
 * and rules, and pointers the outputs do not follow, are info. libxml2's
 * wording never reaches the user as it is.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
    expect(any.diagnostics.find((d) => d.line === 15)).toMatchObject({ column: 5, source: 'relaxng', rule: 'rng-content', message: '<back> is empty, but the schema requires content in it' });
    expect(any.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/Expecting an element|got nothing/);
  }, 300_000);

  it('a header\'s classification (catRef into a taxonomy) is followed by no output: a pointer it has that resolves to nothing is info', () => {
    const at = (message: string) => ({ file: 'a.xml', line: 1, column: 1, severity: 'error' as const, source: 'xref' as const, rule: 'pointer-resolves', message, hint: '' });
    const weighed = applyProfile([at('@target "#correspondence" on <catRef> points to no xml:id in this document'), at('@target "#n1" on <ref> points to no xml:id in this document')], 'any');
    expect(weighed.map((d) => d.severity)).toEqual(['info', 'error']);
  });
});
