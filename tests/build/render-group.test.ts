/**
 * A render group (src/build/document.ts renderGroup: the build sends its
 * letters to the threads in groups of up to RENDER_GROUP): each letter's
 * outputs are those renderDocument gives it alone, byte for byte, and a
 * letter that fails is a finding on that letter while the others of its
 * group are still made.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocuments, readModels, renderDocument, renderGroup, type RenderRequest } from '../../src/build/document.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EDITION = join(root, 'tests', 'fixtures', 'edition', 'tei');
const LETTERS = ['lindqvist-whitcombe-1851-05-02.xml', 'moreau-whitcombe-1852.xml', 'pryce-lindqvist-1853-09-20.xml', 'whitcombe-lindqvist-1851-03-14.xml'];
const dir = mkdtempSync(join(tmpdir(), 'render-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The letters' render requests as the build makes them: checked, their models read from their views. */
async function requests(): Promise<RenderRequest[]> {
  cpSync(EDITION, join(dir, 'tei'), { recursive: true });
  const files = LETTERS.map((f) => join(dir, 'tei', f));
  const shared = [join(dir, 'tei', 'registers.xml')];
  const checked = await checkDocuments({ kind: 'check', files, shared, schema: false, rules: false });
  const models = await readModels({ kind: 'model', files: checked.map((c) => ({ file: c.file, hash: c.hash })), shared });
  return models.map(({ file, model }) => {
    expect(model, file).toBeDefined();
    return {
      kind: 'render', file, shared, settings: { title: 'A test edition' }, editionRoot: dir, model: model!, targets: ['web', 'print', 'text', 'cite', 'data'], linked: [], previous: [],
      paper: 'a4', edition: { title: 'A test edition' }, neighbours: [], aboutWitnesses: false, withHtmlParts: false,
    };
  });
}

describe('a render group', () => {
  it('gives each letter what it is given alone; a letter that fails is a finding on it, and the others are made', async () => {
    const all = await requests();
    const alone = [];
    for (const r of all) alone.push(await renderDocument(r));
    expect(alone.every((o) => !o.failure && o.files.length > 10)).toBe(true);
    const grouped = await renderGroup({ kind: 'render-group', requests: all });
    expect(grouped).toHaveLength(all.length);
    grouped.forEach((o, i) => expect(o, LETTERS[i]).toEqual(alone[i]));
    // The second letter is no longer TEI when the group comes to it.
    writeFileSync(all[1]!.file, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>');
    const withBad = await renderGroup({ kind: 'render-group', requests: all });
    expect(withBad[1]!.failure).toMatchObject({ file: all[1]!.file, severity: 'error', rule: 'document-failed' });
    expect(withBad[1]!.failure!.message).toContain('(reading the document)');
    for (const i of [0, 2, 3]) expect(withBad[i], LETTERS[i]).toEqual(alone[i]);
  });
});
