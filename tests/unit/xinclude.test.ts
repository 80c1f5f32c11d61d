/**
 * xi:include (src/load/xinclude.ts): local files inside the edition folder
 * are put in place before the model and the renderings read the document;
 * everything else is a finding at the include's line and column, never a
 * silent gap and never a fetch.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/load/source.js';
import { readingTreeOf } from '../../src/xslt/tree.js';
import { loadTextRenderer } from '../../src/render/text.js';
import { readDocumentModel } from '../../src/model/read.js';

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures', 'xinclude');

describe('xi:include', () => {
  it('puts local files in place: nested, by xpointer id, as text, and a fallback', async () => {
    const loaded = await loadFile(join(dir, 'letter.xml'));
    expect(loaded.diagnostics).toEqual([]);
    const source = loaded.source!;
    expect(source.text).toBe(readFileSync(join(dir, 'letter.xml'), 'utf8'));
    const render = await loadTextRenderer();
    const tree = readingTreeOf(source);
    const plain = render(tree, await readDocumentModel(source.file, tree)).plain;
    expect(plain).toBe(
      [
        'Opening words.',
        'Middle words from another file.',
        'Inner words, two files down.',
        'Chosen by its id.',
        'Quoted as text: a < b & c',
        'Fallback words.',
        'Closing words.',
      ].join('\n\n') + '\n',
    );
  });

  it('reports each include it cannot resolve at its line and column, and fetches nothing', async () => {
    const loaded = await loadFile(join(dir, 'broken.xml'));
    const found = loaded.diagnostics.map((d) => [d.line, d.column, d.severity, d.rule, d.message]);
    expect(found).toEqual([
      [12, 7, 'error', 'xinclude', 'the included file parts/missing.xml does not exist'],
      [13, 7, 'error', 'xinclude', 'xi:include href="https://example.org/chapter.xml" names a URL: nothing is ever fetched'],
      [14, 7, 'error', 'xinclude', `xi:include href="../../../package.json" leads out of the edition folder (${dir})`],
      [15, 7, 'error', 'xinclude', 'xi:include href="cycle.xml" includes itself (broken.xml → parts/cycle.xml → parts/cycle.xml)'],
      [16, 7, 'error', 'xinclude', 'no element with xml:id "nowhere" in parts/notes.xml'],
    ]);
    for (const d of loaded.diagnostics) expect(d.hint).toBeTruthy();
  });

  it('never includes a hidden file or folder (.git/config, .env) or an installed package, which are no part of the edition', async () => {
    const p = mkdtempSync(join(tmpdir(), 'xinclude-hidden-'));
    try {
      writeFileSync(join(p, 'edition.json'), '{}');
      mkdirSync(join(p, '.git'));
      writeFileSync(join(p, '.git', 'config'), '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
      writeFileSync(join(p, '.env'), 'TOKEN=secret\n');
      mkdirSync(join(p, 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(p, 'node_modules', 'x', 'part.xml'), '<p xmlns="http://www.tei-c.org/ns/1.0">x</p>');
      mkdirSync(join(p, 'tei'));
      const includes = ['../.git/config', '../.env', '../node_modules/x/part.xml'].map((h) => `<xi:include href="${h}" parse="${h.endsWith('.xml') ? 'xml' : 'text'}"/>`);
      writeFileSync(join(p, 'tei', 'letter.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><text><body><p>\n${includes.join('\n')}</p></body></text></TEI>`);
      const loaded = await loadFile(join(p, 'tei', 'letter.xml'));
      expect(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
        '2:1 xinclude xi:include href="../.git/config" names a file in a hidden file or folder (.git), which is not part of the edition',
        '3:1 xinclude xi:include href="../.env" names a file in a hidden file or folder (.env), which is not part of the edition',
        '4:1 xinclude xi:include href="../node_modules/x/part.xml" names a file in node_modules, which is not part of the edition',
      ]);
      expect(loaded.source?.resolvedText ?? '').not.toContain('secret');
      expect(loaded.source?.resolvedText ?? '').not.toContain('c2VjcmV0');
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  });
});

describe('xi:include: the limits apply to the document with its includes', () => {
  /** An edition whose letter includes parts/l<levels>.xml: l0 a <p> of `chars` characters, each l<n> a <div> of ten includes of l<n-1>. */
  function nested(levels: number, chars: number): string {
    const p = mkdtempSync(join(tmpdir(), 'xinclude-nested-'));
    writeFileSync(join(p, 'edition.json'), '{}');
    mkdirSync(join(p, 'parts'));
    mkdirSync(join(p, 'tei'));
    writeFileSync(join(p, 'parts', 'l0.xml'), `<p xmlns="http://www.tei-c.org/ns/1.0">${'a'.repeat(chars)}</p>`);
    for (let n = 1; n <= levels; n++) {
      const includes = Array.from({ length: 10 }, () => `<xi:include href="l${n - 1}.xml"/>`).join('\n');
      writeFileSync(join(p, 'parts', `l${n}.xml`), `<div xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">\n${includes}\n</div>`);
    }
    writeFileSync(join(p, 'tei', 'letter.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><text><body>\n  <xi:include href="../parts/l${levels}.xml"/></body></text></TEI>`);
    return p;
  }

  async function findings(p: string): Promise<{ found: string[]; ms: number; resolved: number }> {
    const start = Date.now();
    const loaded = await loadFile(join(p, 'tei', 'letter.xml'));
    return { found: loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`), ms: Date.now() - start, resolved: loaded.source?.resolvedText?.length ?? 0 };
  }

  it('refuses nested includes that pass 32 MiB at the include, before building the result (2 KB parts, five levels: 200 MB)', async () => {
    const p = nested(5, 2000);
    try {
      const { found, ms, resolved } = await findings(p);
      expect(found).toEqual(['2:3 xinclude the document with its includes passes 32 MiB, the most the toolkit reads (at the include of l0.xml)']);
      expect(resolved).toBeLessThan(40 * 1024 * 1024);
      expect(ms).toBeLessThan(15_000);
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses more than 50,000 includes, which a small part multiplies without reaching the size limit', async () => {
    const p = nested(5, 0);
    try {
      const { found, ms } = await findings(p);
      expect(found).toEqual(['2:3 xinclude the document with its includes has more than 50,000 includes (at the include of l0.xml)']);
      expect(ms).toBeLessThan(15_000);
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports includes nested too deep at once, without trying every branch first', async () => {
    const p = nested(8, 10);
    try {
      const { found, ms } = await findings(p);
      expect(found).toEqual(['2:3 xinclude includes nested more than 8 deep']);
      expect(ms).toBeLessThan(5_000);
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);

  it('still resolves nested includes within the limits (three levels: 1,000 parts)', async () => {
    const p = nested(3, 20);
    try {
      const loaded = await loadFile(join(p, 'tei', 'letter.xml'));
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.source!.resolvedText!.split('a'.repeat(20)).length - 1).toBe(1000);
      expect(loaded.source!.resolvedText).not.toContain('xi:include href');
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  });
});
