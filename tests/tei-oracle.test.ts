import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { contextElements, DOCUMENTS, haveTeiIsosch, narrowIsosch, startTagNames, TEI_ISOSCH, teiIsosch } from './tei-isosch.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The official TEI P5 schema is a test oracle that lives outside the
// repository (../shared/schemas/ relative to the repo root); the project must
// not need it, so the test is skipped, loudly, where it is absent.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The fixture copy of the edition's letter (the tests never read the repository's own tei/).
const teiDir = join(repoRoot, 'tests', 'fixtures', 'letter', 'tei');
const editionDir = join(repoRoot, 'tests', 'fixtures', 'edition', 'tei');
// tei_all.rng: tests/tei-all.test.ts (one compilation of the schema per run, the fixture edition and the init templates included).

// TEI's own Schematron constraints (117 rules extracted from the P5 sources),
// run through our Schematron compiler on saxon-js, without the patterns that
// cannot fire on these documents (tests/tei-isosch.ts).
if (!haveTeiIsosch) console.warn(`[tei-oracle] SKIPPED: ${TEI_ISOSCH} not found; TEI's Schematron rules were NOT run.`);

describe.skipIf(!haveTeiIsosch)("TEI P5 oracle (TEI's own Schematron, tei_all.isosch)", () => {
  it('the edition letter, the fixture edition and the sampler break none of its rules', async () => {
    const { validatePaths } = await import('../src/validate/index.js');
    const dirs = [teiDir, editionDir, join(repoRoot, 'tests/fixtures/valid')];
    // Every document checked here is one the narrowed rules were made for.
    for (const dir of dirs) for (const f of readdirSync(dir).filter((n) => n.endsWith('.xml'))) expect(DOCUMENTS).toContain(join(dir, f));
    const r = await validatePaths(dirs, { schema: false, rules: teiIsosch() });
    expect(r.files.length).toBeGreaterThanOrEqual(8);
    expect(r.diagnostics).toEqual([]);
  }, 60_000);
  it('reports a document that breaks one of them (the oracle can fail)', async () => {
    const { loadText } = await import('../src/load/source.js');
    const { validateSources } = await import('../src/validate/index.js');
    const text = readFileSync(join(teiDir, 'eisenhower-bulganin-1956-11-04.xml'), 'utf8').replace('<date when="1956-11-03">', '<date when="1956-11-03" notBefore="1956-11-01">');
    const source = loadText('broken.xml', text).source!;
    // The letter with one attribute more: no element the narrowed rules were not made for.
    expect([...startTagNames(text)].filter((n) => !startTagNames(readFileSync(join(teiDir, 'eisenhower-bulganin-1956-11-04.xml'), 'utf8')).has(n))).toEqual([]);
    const found = await validateSources([source], { schema: false, rules: teiIsosch() });
    const line = text.split('\n').findIndex((l) => l.includes('notBefore="1956-11-01"')) + 1;
    expect(found.map((d) => `${d.line} ${d.severity} ${d.source}`)).toEqual([`${line} warning schematron`]);
    expect(found[0]?.message).toMatch(/@when attribute cannot be used with any other att.datable.w3c attributes/);
  }, 60_000);

  it('the narrowed rules leave out only patterns whose every rule names TEI elements absent from the documents, and copy the others unchanged', () => {
    expect(contextElements('tei:p')).toEqual(['p']);
    expect(contextElements("tei:param[parent::tei:model/@behaviour='title']")).toEqual(['param']);
    expect(contextElements('tei:facsimile//tei:line | tei:facsimile//tei:zone')).toEqual(['line', 'zone']);
    expect(contextElements('tei:rt/@to')).toEqual(['rt']);
    for (const kept of ['tei:*[@when]', 'tei:p | tei:*[@x]', '(tei:a|tei:b)', '@when', 'tei:a/ancestor::tei:b', 'tei:a/text()']) expect(contextElements(kept), kept).toBeUndefined();
    const full = readFileSync(TEI_ISOSCH, 'utf8');
    const patterns = full.match(/<pattern\b[^>]*>[\s\S]*?<\/pattern>/g) ?? [];
    expect(patterns).toHaveLength(112);
    // With every element some rule names, nothing is left out.
    const named = new Set([...full.matchAll(/tei:([A-Za-z_][\w.-]*)/g)].map((m) => m[1] as string));
    expect(narrowIsosch(full, named)).toEqual({ text: full, kept: 112, left: 0 });
    // With no element at all, only the patterns with a rule on any element (tei:*[@when] and the like) are kept, unchanged.
    const bare = narrowIsosch(full, new Set());
    expect(bare.kept + bare.left).toBe(112);
    expect(bare.text).toContain('context="tei:*[@when]"');
    expect(bare.text).not.toContain('context="tei:span"');
    const narrowed = readFileSync(teiIsosch(), 'utf8');
    const keptPatterns = narrowed.match(/<pattern\b[^>]*>[\s\S]*?<\/pattern>/g) ?? [];
    for (const p of keptPatterns) expect(patterns).toContain(p);
    expect(narrowed.replace(/<pattern\b[^>]*>[\s\S]*?<\/pattern>\s*/g, '')).toBe(full.replace(/<pattern\b[^>]*>[\s\S]*?<\/pattern>\s*/g, ''));
    // The letter's and the sampler's elements keep theirs: tei:p's rules, tei:div's.
    expect(narrowed).toContain('context="tei:p"');
    expect(narrowed).toContain('context="tei:div"');
  });
});
