import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validatePaths } from '../src/validate/index.js';

/** The fixture edition other tests build on: it must stay valid, and keep its variety. */
const EDITION = join('tests', 'fixtures', 'edition', 'tei');

describe('the fixture edition', () => {
  it('has five letters and a register file, all valid with no warnings', async () => {
    const r = await validatePaths([EDITION]);
    expect(r.files.map((f) => f.split('/').pop()).sort()).toEqual([
      'lindqvist-whitcombe-1851-05-02.xml',
      'moreau-whitcombe-1852.xml',
      'pryce-lindqvist-1853-09-20.xml',
      'registers.xml',
      'whitcombe-lindqvist-1851-03-14.xml',
      'whitcombe-moreau-1854-02-11.xml',
    ]);
    expect(r.diagnostics).toEqual([]);
  });
  it('the clash variant is well-formed and schema-valid (its clash is an edition-level finding)', async () => {
    const r = await validatePaths([join('tests', 'fixtures', 'edition-clash', 'tei')], { crossReferences: false });
    expect(readdirSync(join('tests', 'fixtures', 'edition-clash', 'tei')).length).toBe(3);
    expect(r.diagnostics).toEqual([]);
  });
});
