/**
 * Findings are merged only when they are the same problem (src/validate/
 * index.ts, mergeFindings; src/validate/relaxng.ts places libxml2's
 * errors): two broken pointers on one line are two findings, each at its
 * own column, in every checker that sees them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { loadFile } from '../src/load/source.js';
import { mergeFindings, validatePaths } from '../src/validate/index.js';

const LETTER = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const dir = mkdtempSync(join(tmpdir(), 'tei-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The letter with one line holding two names whose @ref are broken (not "#id": a schema error and two unresolved tokens each). */
const BROKEN_LINE = '<p xml:id="p2">The <rs type="document" ref="nosuch one">X</rs> <rs type="document" ref="other two">';
function brokenLetter(): { file: string; line: number; col: (s: string) => number } {
  const text = readFileSync(LETTER, 'utf8').replace('<p xml:id="p2">The <rs type="document" ref="#soviet-declaration-1956-10-30">', BROKEN_LINE);
  const file = join(dir, 'two-pointers.xml');
  writeFileSync(file, text);
  const line = text.slice(0, text.indexOf(BROKEN_LINE)).split('\n').length;
  const start = text.lastIndexOf('\n', text.indexOf(BROKEN_LINE)) + 1;
  return { file, line, col: (s) => text.indexOf(s, start) - start + 1 };
}

describe('two broken pointers on one line', () => {
  it('are two findings of each checker, each at its own column', async () => {
    const { file, line, col } = brokenLetter();
    const r = await validatePaths([file], {});
    const onLine = r.diagnostics.filter((d) => d.line === line).map((d) => `${d.column} ${d.source} ${d.rule}`);
    expect(onLine).toEqual([
      `${col('ref="nosuch')} relaxng rng-attribute`,
      `${col('nosuch one')} xref pointer-resolves`,
      `${col('one"')} xref pointer-resolves`,
      `${col('ref="other')} relaxng rng-attribute`,
      `${col('other two')} xref pointer-resolves`,
      `${col('two"')} xref pointer-resolves`,
    ]);
    // Each schema finding names its own attribute's value.
    expect(r.diagnostics.filter((d) => d.line === line && d.source === 'relaxng').map((d) => d.message)).toEqual([
      'the value of ref="nosuch one" on <rs> does not match the schema\'s datatype',
      'the value of ref="other two" on <rs> does not match the schema\'s datatype',
    ]);
  }, 120_000);

  it('merges a schema error into a rule finding only on the same attribute, and never across families', async () => {
    const { file, line, col } = brokenLetter();
    const loaded = await loadFile(file);
    const source = loaded.source;
    if (!source) throw new Error('the fixture must load');
    const at = (column: number, source: Diagnostic['source'], rule: string): Diagnostic => ({ file, line, column, severity: 'error', source, rule, message: `${source} ${rule} ${column}` });
    const attribute = col('ref="other');
    const element = col('<rs type="document" ref="other');
    const kept = (ds: Diagnostic[]): string[] => mergeFindings(ds, [source]).map((d) => d.message);
    // The same attribute: the rule says it in the edition's words; the schema's finding goes.
    expect(kept([at(attribute, 'relaxng', 'rng-attribute'), at(attribute, 'schematron', 'pointer-resolves')])).toEqual([`schematron pointer-resolves ${attribute}`]);
    // At the element's start (libxml2 gave no attribute): a rule about the element is another problem.
    expect(kept([at(element, 'relaxng', 'rng-attribute'), at(element, 'schematron', 'ref-kind')])).toEqual([`relaxng rng-attribute ${element}`, `schematron ref-kind ${element}`]);
    // An element's place and its attributes are two families; the same family at one place is one finding.
    expect(kept([at(element, 'relaxng', 'rng-element'), at(element, 'relaxng', 'rng-attribute')])).toEqual([`relaxng rng-element ${element}`, `relaxng rng-attribute ${element}`]);
    expect(kept([at(element, 'relaxng', 'rng-content'), at(element, 'relaxng', 'rng-element')])).toEqual([`relaxng rng-element ${element}`]);
    // Two columns: never one finding.
    expect(kept([at(attribute, 'xref', 'pointer-resolves'), at(col('ref="nosuch'), 'xref', 'pointer-resolves')])).toHaveLength(2);
  }, 120_000);
});
