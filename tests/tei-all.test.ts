/**
 * The official TEI P5 schema (../shared/schemas/tei_all.rng) as a test
 * oracle, in ONE place: libxml2 compiles tei_all.rng on every call (12 s on
 * an idle machine, over 60 s on a busy one), so every document that must be
 * valid TEI is validated here in one batched call through the toolkit's own
 * `--schema` path: the edition's letters, the sampler, the fixture edition
 * and every cmif.xml variant. The schema is outside the repository; where
 * it is absent the test is skipped, loudly.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText, type Source } from '../src/load/source.js';
import { validateSources } from '../src/validate/index.js';
import { readDocumentModel } from '../src/model/read.js';
import { toCmif } from '../src/export/cmif.js';
import { tricky } from './cmif-samples.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEI_ALL = resolve(root, '../shared/schemas/tei_all.rng');
const BASE_URL = 'https://edition.example.org/';
const xmlIn = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => join(dir, f));

if (!existsSync(TEI_ALL)) console.warn(`[tei-all] SKIPPED: ${TEI_ALL} is absent; no document was validated against the official TEI P5 schema.`);

describe.skipIf(!existsSync(TEI_ALL))('valid against the official TEI P5 schema (tei_all.rng, one batched call)', () => {
  it('the edition, the sampler, the fixture edition, the init templates and every cmif.xml variant (and not a document with an unknown element)', async () => {
    // What `tei-edition init` writes for a new edition is valid TEI too.
    const files = [...xmlIn('tests/fixtures/letter/tei'), 'tests/fixtures/valid/sampler.xml', ...xmlIn('tests/fixtures/edition/tei'), ...xmlIn('templates/init/tei')];
    const letterFile = files[0] as string;
    const letter = await readDocumentModel(letterFile, readFileSync(join(root, letterFile), 'utf8'));
    const texts = new Map<string, string>(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
    texts.set('cmif-base-url.xml', toCmif([letter], { baseUrl: BASE_URL }));
    texts.set('cmif-no-url.xml', toCmif([letter]));
    texts.set('cmif-two-letters.xml', toCmif([letter, tricky], { baseUrl: BASE_URL }));
    // The oracle can fail: the same batch holds one document TEI does not allow.
    const sampler = texts.get('tests/fixtures/valid/sampler.xml') as string;
    texts.set('not-tei.xml', sampler.replace('<body>', '<body><notAnElement/>'));
    const sources = [...texts].map(([file, text]) => {
      const loaded = loadText(file, text);
      expect(loaded.diagnostics, file).toEqual([]);
      return loaded.source as Source;
    });
    const found = await validateSources(sources, { schema: TEI_ALL, rules: false, crossReferences: false });
    const line = (texts.get('not-tei.xml') as string).split('\n').findIndex((l) => l.includes('<notAnElement/>')) + 1;
    expect(found.map((d) => `${d.file}:${d.line} ${d.source}`)).toEqual([`not-tei.xml:${line} relaxng`]);
    expect(sources.length).toBeGreaterThanOrEqual(6);
  }, 300_000);

});
