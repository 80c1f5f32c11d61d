import type { DocumentModel } from '../src/model/types.js';

/** A second letter with characters XML must escape and no authority ids. */
export const tricky: DocumentModel = {
  id: 'tricky-letter',
  file: 'tricky.xml',
  title: 'Letter on <tags> & "quotes"',
  publisher: 'Verlag Ä & Ö',
  publicationDate: '2020',
  sender: {
    agents: [{ name: 'Émile Müller', kind: 'person', ref: '#m', entry: { id: 'm', kind: 'person', surname: 'Müller', forenames: ['Émile'], idnos: [{ type: 'GND', value: 'https://d-nb.info/gnd/118000000' }, { type: 'wikidata', value: 'https://www.wikidata.org/entity/Q1' }] } }],
    place: 'Köln & Bonn',
    placeRef: '#koeln',
    date: { when: '1901-03-09' },
  },
  recipient: { agents: [{ name: 'Groß & Söhne', kind: 'org' }], date: { notBefore: '1901-03-10', notAfter: '1901-03-12' } },
  licences: [{ target: 'https://creativecommons.org/publicdomain/zero/1.0/', text: 'CC0 <public domain>' }],
  registers: { place: [{ id: 'koeln', kind: 'place', name: 'Köln', idnos: [{ type: 'geonames', value: 'https://www.geonames.org/2886242' }] }] },
};

