import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { vocabulary } from './rng-reach.js';

const TEI_ALL = '../shared/schemas/tei_all.rng';
const ours = vocabulary(readFileSync('schemas/edition.rng', 'utf8'));

describe('schemas/edition.rng', () => {
  it('declares a documented pattern for every define', () => {
    const text = readFileSync('schemas/edition.rng', 'utf8');
    const defines = [...text.matchAll(/<define name="([^"]+)">\s*(<a:documentation>)?/g)];
    expect(defines.length).toBeGreaterThan(100);
    expect(defines.filter((m) => !m[2]).map((m) => m[1])).toEqual([]);
  });
  it('covers the vocabulary of a letter edition', () => {
    for (const el of ['TEI', 'teiHeader', 'correspDesc', 'correspAction', 'listWit', 'witness', 'standOff', 'person', 'place', 'org', 'opener', 'closer', 'signed', 'app', 'lem', 'rdg', 'note', 'choice', 'postscript']) {
      expect(ours.children.has(el), el).toBe(true);
    }
  });
});

describe.skipIf(!existsSync(TEI_ALL))('edition.rng is a strict subset of TEI P5 (oracle: tei_all.rng)', () => {
  it('every element it declares exists in TEI P5, with only children and attributes TEI allows there', () => {
    const tei = vocabulary(readFileSync(TEI_ALL, 'utf8'));
    const problems: string[] = [];
    for (const [el, children] of ours.children) {
      const allowed = tei.children.get(el);
      if (!allowed) {
        problems.push(`<${el}> is not a TEI element`);
        continue;
      }
      for (const c of children) if (!allowed.has(c)) problems.push(`<${el}> may not contain <${c}> in TEI`);
      for (const a of ours.attributes.get(el) ?? []) if (!tei.attributes.get(el)?.has(a)) problems.push(`<${el}> has no @${a} in TEI`);
    }
    expect(problems).toEqual([]);
    expect(ours.children.size).toBeGreaterThan(100);
  });
  // Order, cardinality and datatypes are checked on documents: the edition and the
  // sampler are validated against both schemas in tests/validate.test.ts and tests/tei-oracle.test.ts.
});
if (!existsSync(TEI_ALL)) console.warn(`[schema.test] ${TEI_ALL} is absent: the subset test is SKIPPED.`);
