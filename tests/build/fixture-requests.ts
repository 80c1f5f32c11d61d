/**
 * The render requests of four letters of the fixture edition (tests/fixtures/edition), as the build makes
 * them: copied into `dir`, checked, their models read from their views (the shared register resolved).
 * For the tests of render groups (tests/build/render-group.test.ts, tests/serve/runner-group.test.ts).
 */
import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkDocuments, readModels, type RenderRequest } from '../../src/build/document.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EDITION = join(root, 'tests', 'fixtures', 'edition', 'tei');
export const LETTERS = ['lindqvist-whitcombe-1851-05-02.xml', 'moreau-whitcombe-1852.xml', 'pryce-lindqvist-1853-09-20.xml', 'whitcombe-lindqvist-1851-03-14.xml'];

export async function fixtureRequests(dir: string, targets: RenderRequest['targets']): Promise<RenderRequest[]> {
  cpSync(EDITION, join(dir, 'tei'), { recursive: true });
  const files = LETTERS.map((f) => join(dir, 'tei', f));
  const shared = [join(dir, 'tei', 'registers.xml')];
  const checked = await checkDocuments({ kind: 'check', files, shared, schema: false, rules: false });
  const models = await readModels({ kind: 'model', files: checked.map((c) => ({ file: c.file, hash: c.hash })), shared });
  return models.map(({ file, model }) => {
    expect(model, file).toBeDefined();
    return {
      kind: 'render', file, shared, settings: { title: 'A test edition' }, editionRoot: dir, model: model!, targets, linked: [], previous: [],
      paper: 'a4', edition: { title: 'A test edition' }, neighbours: [], aboutWitnesses: false, withHtmlParts: false,
    };
  });
}
