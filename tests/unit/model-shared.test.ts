import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadText, type Source } from '../../src/load/source.js';
import { resolveSharedRegisters } from '../../src/registers/resolve.js';
import { entriesOf } from '../../src/registers/entries.js';
import { readDocumentModel, readSharedEntries } from '../../src/model/read.js';
import type { RegisterEntry } from '../../src/model/types.js';
import { parseXml } from '../../src/xslt/transform.js';

// The model of a letter's view takes the records of the entries copied from
// the shared register from readSharedEntries (read once per thread) instead of
// reading every copy again: the models must be the same, key order included.

const EDITION = join('tests', 'fixtures', 'edition', 'tei');

let letters: { file: string; view: Source }[];
let register: Source;
let shared: ReadonlyMap<string, RegisterEntry>;

beforeAll(async () => {
  const sources = readdirSync(EDITION).sort().map((f) => loadText(join(EDITION, f), readFileSync(join(EDITION, f), 'utf8')).source as Source);
  register = sources.find((s) => s.file.endsWith('registers.xml')) as Source;
  const views = resolveSharedRegisters(sources);
  letters = sources.filter((s) => s !== register).map((s) => ({ file: s.file, view: views.get(s) ?? s }));
  shared = await readSharedEntries(parseXml(register.text));
});

describe('the records of the shared register, read once', () => {
  it('hold every person, personGrp, place and org of the register file with an id', () => {
    const kinds = new Set(['person', 'personGrp', 'place', 'org']);
    const ids = entriesOf(register).filter((e) => kinds.has(e.kind)).map((e) => e.id).sort();
    expect(ids.length).toBeGreaterThan(5);
    expect([...shared.keys()].sort()).toEqual(ids);
    expect(shared.get('whitcombe')).toMatchObject({ id: 'whitcombe', kind: 'person', surname: 'Whitcombe' });
  });

  it('give each letter the same model as reading its copies (JSON byte for byte)', async () => {
    let copied = 0;
    for (const { file, view } of letters) {
      copied += (view.text.match(/type="shared"/g) ?? []).length;
      const plain = await readDocumentModel(file, parseXml(view.text));
      const fromShared = await readDocumentModel(file, parseXml(view.text), shared);
      expect(JSON.stringify(fromShared), file).toBe(JSON.stringify(plain));
    }
    // The fixture's letters do point into the shared register (else the comparison above proves nothing).
    expect(copied).toBeGreaterThan(3);
  });

  it('take the copies’ records from the map given: in the registers and as a correspondent’s entry, each model its own copy', async () => {
    const letter = letters.find((l) => /<listPerson[^>]*type="shared"[^>]*>\s*<person xml:id="whitcombe"/.test(l.view.text) || /type="shared"[\s\S]*xml:id="whitcombe"/.test(l.view.text)) as { file: string; view: Source };
    expect(letter).toBeDefined();
    const marked = new Map(shared);
    marked.set('whitcombe', { ...(shared.get('whitcombe') as RegisterEntry), name: 'MARKED' });
    const a = await readDocumentModel(letter.file, parseXml(letter.view.text), marked);
    const b = await readDocumentModel(letter.file, parseXml(letter.view.text), marked);
    const inRegister = a.registers.person?.find((p) => p.id === 'whitcombe');
    expect(inRegister?.name).toBe('MARKED');
    const agents = [...(a.sender?.agents ?? []), ...(a.recipient?.agents ?? [])].filter((g) => g.entry?.id === 'whitcombe');
    expect(agents.length).toBeGreaterThan(0);
    for (const g of agents) expect(g.entry?.name).toBe('MARKED');
    expect(inRegister).not.toBe(b.registers.person?.find((p) => p.id === 'whitcombe'));
  });

  it('read a list the letter itself types "shared", with an entry the register lacks, as it stands', async () => {
    const text = readFileSync(join(EDITION, 'moreau-whitcombe-1852.xml'), 'utf8');
    const entry = '<listPerson type="shared"><person xml:id="nobody-else"><persName><forename>Ada</forename> <surname>Nemo</surname></persName></person></listPerson>';
    const own = text.includes('</standOff>') ? text.replace('</standOff>', `${entry}</standOff>`) : text.replace('<text', `<standOff>${entry}</standOff><text`);
    const file = join(EDITION, 'own.xml');
    const letter = resolveSharedRegisters([loadText(file, own).source as Source, register]).values().next().value as Source;
    // The letter's own list and the resolver's copies of the register's entries.
    expect(letter.text.match(/type="shared"/g)?.length).toBeGreaterThan(1);
    const plain = await readDocumentModel(file, parseXml(letter.text));
    const fromShared = await readDocumentModel(file, parseXml(letter.text), shared);
    expect(plain.registers.person?.some((p) => p.surname === 'Nemo')).toBe(true);
    expect(JSON.stringify(fromShared)).toBe(JSON.stringify(plain));
  });
});
