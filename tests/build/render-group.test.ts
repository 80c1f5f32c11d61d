/**
 * A render group (src/build/document.ts renderGroup: the build sends its
 * letters to the threads in groups of up to RENDER_GROUP): each letter's
 * outputs are those renderDocument gives it alone, byte for byte, and a
 * letter that fails is a finding on that letter while the others of its
 * group are still made.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDocument, renderGroup, type RenderedOutputs, type RenderRequest } from '../../src/build/document.js';
import { fixtureRequests, LETTERS } from './fixture-requests.js';

const dir = mkdtempSync(join(tmpdir(), 'render-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The letters' render requests as the build makes them: checked, their models read from their views. */
const requests = (): Promise<RenderRequest[]> => fixtureRequests(dir, ['web', 'print', 'text', 'cite', 'data']);

describe('a render group', () => {
  it('gives each letter what it is given alone; a letter that fails is a finding on it, and the others are made', async () => {
    const all = await requests();
    const alone: RenderedOutputs[] = [];
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
