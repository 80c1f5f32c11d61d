/**
 * An edition without edition.json: what the edition-level outputs say of the
 * edition as a whole (its title, its publisher) comes from one letter's
 * header, the one the settings-fallback warning names, in every output. Each
 * output took its own before: with letters of other editions side by side,
 * the site was titled after one letter, CMIF after another's publisher and
 * the volume after a third letter's title.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.js';

const FIXTURE = join('tests', 'fixtures', 'edition', 'tei');

describe('the edition\'s facts without settings', () => {
  it('the site, CMIF, JSON-LD and the volume take the title and publisher of the letter the warning names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edition-facts-'));
    mkdirSync(join(dir, 'tei'));
    // The first letter (in the order the warning takes) is of another edition, with a publisher of its own; the
    // later one comes first in time, in id order and in the volume.
    const other = readFileSync(join(FIXTURE, 'pryce-lindqvist-1853-09-20.xml'), 'utf8')
      .replace('<title type="sub">Letters of the Northern Herbarium Circle</title>', '<title type="sub">Papers of the Other Society</title>')
      .replace('<publisher>Fixture Press (test data)</publisher>', '<publisher>Other Society Press</publisher>');
    writeFileSync(join(dir, 'tei', 'a-pryce.xml'), other);
    cpSync(join(FIXTURE, 'whitcombe-lindqvist-1851-03-14.xml'), join(dir, 'tei', 'b-whitcombe.xml'));
    cpSync(join(FIXTURE, 'registers.xml'), join(dir, 'tei', 'registers.xml'));
    const r = await runCli(dir, 'build', '--no-schema', '--no-rules', '--only', 'web,data,print', '--volume');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/warning settings-fallback there is no edition\.json: .* is taken from the header of tei\/a-pryce\.xml/);
    const title = 'Papers of the Other Society';
    const out = (p: string): string => readFileSync(join(dir, 'dist', p), 'utf8');
    expect(out('web/index.html')).toContain(`<title>${title}</title>`);
    const cmif = out('data/cmif.xml');
    expect(cmif).toContain(`<title>${title}</title>`);
    expect(cmif).toContain('Other Society Press');
    const collection = (JSON.parse(out('data/edition.jsonld')) as { '@graph': { '@type': string; name?: string; publisher?: { name?: string } }[] })['@graph'].find((n) => n['@type'] === 'Collection');
    expect(collection?.name).toBe(title);
    // The pages' JSON-LD names the letters and the edition with edition.jsonld's @ids.
    const graph = (JSON.parse(out('data/edition.jsonld')) as { '@graph': { '@id': string; '@type': string }[] })['@graph'];
    for (const id of ['pryce-lindqvist-1853-09-20', 'whitcombe-lindqvist-1851-03-14']) {
      const page = JSON.parse(/<script type="application\/ld\+json">([^]*?)<\/script>/.exec(out(`web/documents/${id}.html`))![1]!) as { '@id': string; isPartOf: { '@id': string } };
      expect(graph.map((n) => n['@id'])).toContain(page['@id']);
      expect(page.isPartOf['@id']).toBe(graph.find((n) => n['@type'] === 'Collection')?.['@id']);
      // And every letter's citation of the edition names it so (the other letter's own header says otherwise).
      const cites = JSON.parse(out(`web/cite/${id}.citations.json`)) as { targets: { target: string; citations: Record<string, { text: string }> }[] };
      expect(cites.targets.find((t) => t.target === 'edition')?.citations['chicago-note']?.text).toContain(`in ${title}`);
    }
    expect(out('print/edition.typ')).toContain(title);
    expect(out('print/edition.typ')).not.toContain('Letters of the Northern Herbarium Circle"');
  }, 180_000);

  it('letters without a subtitle: the edition is "Untitled edition", never one letter\'s title (every citation said "in Alfred Escher an David Eduard Steiner, …")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edition-untitled-'));
    mkdirSync(join(dir, 'tei'));
    for (const f of ['pryce-lindqvist-1853-09-20.xml', 'whitcombe-lindqvist-1851-03-14.xml']) {
      writeFileSync(join(dir, 'tei', f), readFileSync(join(FIXTURE, f), 'utf8').replace(/<title type="sub">[^<]*<\/title>/, ''));
    }
    cpSync(join(FIXTURE, 'registers.xml'), join(dir, 'tei', 'registers.xml'));
    const r = await runCli(dir, 'build', '--no-schema', '--no-rules', '--only', 'web,data');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/there is no edition\.json: .*; the edition is "Untitled edition" \(no subtitle in tei\/pryce-lindqvist-1853-09-20\.xml; a letter's own title names no edition of several\)/);
    const out = (p: string): string => readFileSync(join(dir, 'dist', p), 'utf8');
    expect(out('web/index.html')).toContain('<title>Untitled edition</title>');
    expect(out('data/cmif.xml')).toContain('<title>Untitled edition</title>');
    const cites = JSON.parse(out('web/cite/whitcombe-lindqvist-1851-03-14.citations.json')) as { targets: { target: string; citations: Record<string, { text: string }> }[] };
    expect(cites.targets.find((t) => t.target === 'edition')?.citations['chicago-note']?.text).toMatch(/in Untitled Edition \(/);
    expect(out('web/index.html')).not.toContain('<title>Owen Pryce');
  }, 180_000);
});
