/**
 * Persons and places listed in the header (profileDesc's particDesc and
 * settingDesc), where projects such as the TEI Correspondence SIG's examples
 * list them, are register entries like standOff's: the page linked names to
 * entries the register pages did not have.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdition } from '../src/build/index.js';

const TEI = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName ref="#ada">Ada</persName><placeName ref="#york">York</placeName><date when="1900-01-01"/></correspAction>
<correspAction type="received"><persName ref="#ben">Ben</persName></correspAction></correspDesc>
<particDesc><listPerson><person xml:id="ada"><persName>Ada Sender</persName></person><person xml:id="ben"><persName>Ben Recipient</persName></person></listPerson>
<listOrg><org xml:id="guild"><orgName>The Guild</orgName></org></listOrg></particDesc>
<settingDesc><listPlace><place xml:id="york"><placeName>York</placeName></place></listPlace></settingDesc></profileDesc></teiHeader>
<text><body><p>Dear <persName ref="#ben">Ben</persName>, the <orgName ref="#guild">Guild</orgName> meets at <placeName ref="#york">York</placeName>.</p></body></text></TEI>`;

describe('registers in the header', () => {
  it('particDesc and settingDesc entries are on the register pages, and every name links to one there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'header-registers-'));
    try {
      writeFileSync(join(dir, 'a.xml'), TEI);
      const r = await buildEdition({ inputs: [join(dir, 'a.xml')], targets: ['web'], profile: 'any' });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const page = r.files.get('web/documents/a.html') as string;
      const links = [...new Set([...page.matchAll(/href="\.\.\/(register\/[a-z]+\.html)#([^"]+)"/g)].map((m) => `${m[1]}#${m[2]}`))].sort();
      expect(links).toEqual(['register/organizations.html#guild', 'register/persons.html#ada', 'register/persons.html#ben', 'register/places.html#york']);
      for (const link of links) {
        const [file, id] = link.split('#') as [string, string];
        expect(r.files.get(`web/${file}`), link).toContain(`<li class="register-entry" id="${id}">`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a place written as unknown', () => {
  it('is no place in the model (so not "unknown" in the index, CMIF or JSON-LD); a real place stays', async () => {
    const { readDocumentModel } = await import('../src/model/read.js');
    const place = async (written: string): Promise<string | undefined> =>
      (await readDocumentModel('a.xml', TEI.replace('<placeName ref="#york">York</placeName>', `<placeName>${written}</placeName>`))).sender?.place;
    for (const unknown of ['unknown', 'Unknown', '[unknown]', 'unkown', 'unbekannt', 's. l.', '[o. O.]', 'n.p.', 'sine loco']) expect(await place(unknown), unknown).toBeUndefined();
    for (const known of ['York', 'Unknownville', 'Basel']) expect(await place(known), known).toBe(known);
  });
});
