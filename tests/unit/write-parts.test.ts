import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteError } from '../../src/write/errors.js';
import { NODE_FS } from '../../src/write/fs.js';
import { MANIFEST, openOutput } from '../../src/write/output.js';
import { addParts, MapSink } from '../../src/build/sink.js';
import { BuildCache } from '../../src/build/cache.js';
import { toJsonLd } from '../../src/export/jsonld.js';
import { stableStringify } from '../../src/cite/stable-json.js';
import { registerPage, registerPageParts, type Edition } from '../../src/site/pages.js';
import type { DocumentModel } from '../../src/model/types.js';

const work = mkdtempSync(join(tmpdir(), 'write-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A page of many parts, some multi-byte, some larger than one write. */
function* bigPage(): Generator<string> {
  yield '<ul>\n';
  for (let i = 0; i < 3000; i++) yield `<li id="e${i}">Entry ${i}: Görres → “Brentano” ✓</li>\n`;
  yield 'x'.repeat(1_500_000);
  yield '</ul>\n';
}
const whole = [...bigPage()].join('');

describe('a file written in parts (OutputWriter.addParts)', () => {
  it('holds exactly the parts joined, is listed in the manifest with its sha256 and size, and an empty one is an empty file', async () => {
    const out = join(work, 'a', 'dist');
    const w = await openOutput(out);
    await w.addParts('web/register/persons.html', bigPage(), { what: 'the persons register' });
    await w.addParts('web/empty.html', [], { what: 'nothing' });
    await w.add('web/index.html', 'index');
    await w.commit();
    expect(readFileSync(join(out, 'web/register/persons.html'), 'utf8')).toBe(whole);
    expect(readFileSync(join(out, 'web/empty.html'), 'utf8')).toBe('');
    expect(readFileSync(join(out, MANIFEST), 'utf8')).toBe(
      [`${sha('')} 0 web/empty.html`, `${sha('index')} 5 web/index.html`, `${sha(whole)} ${Buffer.byteLength(whole)} web/register/persons.html`].join('\n') + '\n',
    );
    // The next build, making the same page again, replaces it with the same bytes; a build that adds it whole links it.
    const again = await openOutput(out);
    await again.addParts('web/register/persons.html', bigPage());
    await again.commit();
    expect(readFileSync(join(out, 'web/register/persons.html'), 'utf8')).toBe(whole);
    const third = await openOutput(out);
    expect(await third.reusable('web/register/persons.html', sha(whole))).toBe(true);
    await third.abort();
  });

  it('refuses a second claim on the path (a collision at commit), and a failed write is a plain finding with the old output intact', async () => {
    const out = join(work, 'b', 'dist');
    const w = await openOutput(out);
    await w.add('data/cmif.xml', 'first');
    await w.addParts('data/CMIF.xml', ['second'], { what: 'the other one' });
    await expect(w.commit()).rejects.toThrow(WriteError);
    const failing = { ...NODE_FS, appendFile: async () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })) };
    const x = await openOutput(out, { fs: failing });
    const error = await x.addParts('web/big.html', bigPage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).diagnostics[0]?.message).toMatch(/no space left|ENOSPC|full/i);
    expect(JSON.stringify((error as WriteError).diagnostics)).toContain('big.html');
    await x.abort();
    // No output, and nothing of the failed build's staging left (not even an empty versions folder).
    expect(readdirSync(join(work, 'b'))).toEqual([]);
  });

  it('a sink without parts is given them joined', async () => {
    const sink = new MapSink();
    await addParts(sink, 'web/a.html', bigPage(), { what: 'a' });
    expect(sink.files.get('web/a.html')).toBe(whole);
  });
});

describe('the build cache stores a file made in parts', () => {
  it('as a blob named by the sha256 of the joined parts, read back whole', async () => {
    const cache = await BuildCache.open(join(work, 'cache'));
    const key = cache.key('pages', 'k');
    const files = cache.files('pages', key);
    const writer = files.parts('web/register/persons.html', { what: 'the persons register' });
    for (const part of bigPage()) writer.write(part);
    await writer.end();
    await files.add(['web/index.html', 'index', { what: 'the index' }]);
    await files.done();
    const hit = await cache.getFiles('pages', key);
    expect(hit?.files).toEqual([
      ['web/register/persons.html', whole, { what: 'the persons register' }],
      ['web/index.html', 'index', { what: 'the index' }],
    ]);
    expect(readdirSync(join(work, 'cache', 'v1', 'blobs')).filter((n) => n.startsWith('.parts-'))).toEqual([]);
  });
});

describe('the edition-level files in parts are the files made whole', () => {
  const models = [1, 2, 3].map((i) => ({ id: `l${i}`, file: `tei/l${i}.xml`, title: `Letter ${i}\nwith a "line"`, publisher: 'P', licences: [{ target: 'https://creativecommons.org/licenses/by/4.0/', text: 'CC BY' }], registers: {} }) as unknown as DocumentModel);

  it('edition.jsonld is the stable JSON of the whole graph', () => {
    const text = toJsonLd(models, { baseUrl: 'https://example.org/ed' });
    expect(text).toBe(`${stableStringify(JSON.parse(text))}\n`);
    expect((JSON.parse(text) as { '@graph': unknown[] })['@graph']).toHaveLength(4);
  });

  it('a register page in parts joins to the page', () => {
    const ed: Edition = {
      title: 'E',
      about: '',
      documents: models.map((m, i) => ({ model: { ...m, registers: { person: [{ id: 'p1', name: 'Anna' }] } } as DocumentModel, occurrences: [{ id: 'p1', kind: 'person', anchor: `p${i}`, where: 'p', text: 'Anna' }], terms: '' })),
    };
    const page = registerPage(ed, 'person');
    expect([...registerPageParts(ed, 'person')].join('')).toBe(page);
    expect(page).toContain('<li class="register-entry" id="p1">');
    // One entry, counted in the singular.
    expect(page).toContain('<p>1 person named in the edition,');
    expect(page.match(/<a href="..\/documents\/l\d.html#p\d"/g)).toHaveLength(3);
  });
});
