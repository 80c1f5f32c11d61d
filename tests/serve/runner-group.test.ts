/**
 * serve's warm threads (src/serve/runner.ts) and the build's render groups: a letter rendered ahead after a
 * save (one request) is taken by the build that follows even when the build asks for it in a group, provided
 * it was made from the bytes the file has now; only the group's other letters are rendered.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashOf, renderDocument, type RenderedOutputs, type RenderRequest } from '../../src/build/document.js';
import { DocumentThreads } from '../../src/serve/runner.js';
import { fixtureRequests } from '../build/fixture-requests.js';

const TARGETS: RenderRequest['targets'] = ['web', 'text', 'cite', 'data'];
const dir = mkdtempSync(join(tmpdir(), 'runner-group-'));
const threads = new DocumentThreads(TARGETS);
afterAll(async () => {
  await threads.close();
  rmSync(dir, { recursive: true, force: true });
});

const requests = (): Promise<RenderRequest[]> => fixtureRequests(dir, TARGETS);

/** A result as if rendered ahead: recognisable, made from the bytes the file has (`stale`: from others). */
const keptResult = (request: RenderRequest, stale = false): RenderedOutputs =>
  ({ hash: stale ? hashOf('other bytes') : hashOf(readFileSync(request.file)), files: [['web/kept.html', request.file, { file: request.file, what: 'kept' }]], warnings: [], about: '', images: [], summary: { model: request.model, occurrences: [], terms: [] } }) as unknown as RenderedOutputs;

describe("serve's threads and a build's render group", () => {
  it('take the letters rendered ahead from the bytes they have now, and render only the others, in the group order', async () => {
    const all = await requests();
    const alone = [];
    for (const r of all) alone.push(await renderDocument(r));
    const files = (o: RenderedOutputs | undefined): string[] => (o?.files ?? []).map(([path, content]) => `${path} ${hashOf(content)}`);

    // Two of four rendered ahead: those two are taken, the other two made (together) as they are alone.
    const kept1 = keptResult(all[1]!);
    const kept3 = keptResult(all[3]!);
    threads.keep(all[1]!, kept1);
    threads.keep(all[3]!, kept3);
    const made = (await threads.run({ kind: 'render-group', requests: all })) as RenderedOutputs[];
    expect(made).toHaveLength(4);
    expect(made[1]).toBe(kept1);
    expect(made[3]).toBe(kept3);
    expect(files(made[0])).toEqual(files(alone[0]));
    expect(files(made[2])).toEqual(files(alone[2]));

    // Taken once: the same group again renders all four.
    const again = (await threads.run({ kind: 'render-group', requests: all })) as RenderedOutputs[];
    expect(again.map(files)).toEqual(alone.map(files));

    // One kept from other bytes (a save came in meanwhile) is made again; one left alone is made by itself.
    threads.keep(all[0]!, keptResult(all[0]!, true));
    threads.keep(all[1]!, kept1);
    threads.keep(all[2]!, keptResult(all[2]!));
    const last = (await threads.run({ kind: 'render-group', requests: all.slice(0, 3) })) as RenderedOutputs[];
    expect(files(last[0])).toEqual(files(alone[0]));
    expect(last[1]).toBe(kept1);
    expect(files(last[2])).toEqual(['web/kept.html ' + hashOf(all[2]!.file)]);
  }, 120_000);
});
