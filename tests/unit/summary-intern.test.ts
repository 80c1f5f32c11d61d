import { describe, expect, it } from 'vitest';
import { SharedValues } from '../../src/build/summary-intern.js';
import type { DocumentModel, RegisterEntry } from '../../src/model/types.js';
import type { Occurrence } from '../../src/site/summary.js';

// Each model arrives as its own JSON copy (from a worker or the cache): equal entries, distinct objects.
const ada = (): RegisterEntry => ({ id: 'ada', kind: 'person', name: 'Ada Lovelace', surname: 'Lovelace', forenames: ['Ada'], idnos: [{ type: 'viaf', value: 'https://viaf.org/viaf/1' }] });
const bonn = (): RegisterEntry => ({ id: 'bonn', kind: 'place', name: 'Bonn' });

function letter(id: string, place: RegisterEntry): DocumentModel {
  return JSON.parse(
    JSON.stringify({
      id,
      title: `Letter ${id}`,
      sender: { agents: [{ name: 'Ada Lovelace', ref: 'registers.xml#ada', kind: 'person', entry: ada() }], place: place.name, placeRef: `#${place.id}` },
      registers: { person: [ada()], place: [place] },
    }),
  ) as DocumentModel;
}

describe('SharedValues', () => {
  it('keeps one object for equal register entries across models, their JSON unchanged', () => {
    const values = new SharedValues();
    const a = letter('a', bonn());
    const b = letter('b', bonn());
    const before = [JSON.stringify(a), JSON.stringify(b)];
    values.model(a);
    values.model(b);
    expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before);
    expect(b.registers.person?.[0]).toBe(a.registers.person?.[0]);
    expect(b.registers.place?.[0]).toBe(a.registers.place?.[0]);
    // A correspondent's entry is the register's entry too.
    expect(a.sender?.agents?.[0]?.entry).toBe(a.registers.person?.[0]);
    expect(b.sender?.agents?.[0]?.entry).toBe(a.registers.person?.[0]);
  });

  it('never merges entries that differ, even under one id', () => {
    const values = new SharedValues();
    const a = values.model(letter('a', bonn()));
    // A letter's local entry "bonn" that says something else (the register check reports the clash; the pages keep both).
    const b = values.model(letter('b', { ...bonn(), note: 'Bonn am Rhein' }));
    expect(b.registers.place?.[0]).not.toBe(a.registers.place?.[0]);
    expect(b.registers.place?.[0]?.note).toBe('Bonn am Rhein');
    expect(a.registers.place?.[0]?.note).toBeUndefined();
  });

  it('keeps one string for the repeated strings of occurrences and about pages', () => {
    const values = new SharedValues();
    // Strings built at run time, as JSON.parse makes them: equal, not the same string object (identity is not observable for strings; equality and JSON are what must hold).
    const occ = (n: number): Occurrence[] => JSON.parse(JSON.stringify([{ id: 'ada', kind: 'person', anchor: `p${n}`, where: 'p', text: `Ada ${n}` }])) as Occurrence[];
    const first = values.occurrences(occ(1));
    const second = values.occurrences(occ(1));
    expect(second).toEqual(first);
    expect(JSON.stringify(values.occurrences(occ(2)))).toBe('[{"id":"ada","kind":"person","anchor":"p2","where":"p","text":"Ada 2"}]');
    const about = ['<div class="about">', '</div>'].join('\n');
    expect(values.string(about)).toBe(about);
    expect(values.string(`${about}`)).toBe(about);
  });
});
