/**
 * Any TEI through the whole build (not only the stylesheets): a document
 * whose DOCTYPE only names an external DTD is built with an info finding
 * (the DTD is never read), and the content of its local xi:include is in
 * every output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEdition } from '../src/build/index.js';

const dir = mkdtempSync(join(tmpdir(), 'any-tei-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '<teiHeader><fileDesc><titleStmt><title>Ein Brief</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>';

describe('any TEI through the build', () => {
  it('builds a document with an external DOCTYPE and a local xi:include, the included text in every output', async () => {
    writeFileSync(join(dir, 'teil.xml'), '<div xmlns="http://www.tei-c.org/ns/1.0"><p>Eingeschlossener Absatz.</p></div>');
    writeFileSync(
      join(dir, 'brief.xml'),
      `<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "tei_all.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="brief">${HEADER}<text><body><p>Erster Absatz.</p><xi:include href="teil.xml"/></body></text></TEI>`,
    );
    const r = await buildEdition({ inputs: [join(dir, 'brief.xml')], targets: ['web', 'text', 'print'], schema: false, rules: false, crossReferences: false });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`).filter((d) => !d.includes('settings-fallback'))).toEqual(['2:1 info dtd-ignored']);
    expect(r.files.get('text/brief.txt')).toBe('Erster Absatz.\n\nEingeschlossener Absatz.\n');
    expect(String(r.files.get('web/documents/brief.html'))).toContain('Eingeschlossener Absatz.');
    expect(String(r.files.get('print/brief.typ'))).toContain('Eingeschlossener Absatz');
  }, 300_000);

  it("dates a memorandum without correspDesc by its dateline on the web page as the annotated text does", async () => {
    writeFileSync(join(dir, 'memo.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="memo">${HEADER}<text><body><div><dateline>Washington, <date when="1956-11-04">November 4, 1956</date></dateline><p>Text.</p></div></body></text></TEI>`);
    const r = await buildEdition({ inputs: [join(dir, 'memo.xml')], targets: ['web', 'text'], schema: false, rules: false, crossReferences: false });
    expect(String(r.files.get('text/memo.annotated.txt'))).toContain('\nDate:      November 4, 1956\n');
    expect(String(r.files.get('web/documents/memo.html'))).toMatch(/<dt class="generated">Date<\/dt>\s*<dd><time class="tei-date" datetime="1956-11-04">November 4, 1956<\/time><\/dd>/);
  }, 300_000);
});
