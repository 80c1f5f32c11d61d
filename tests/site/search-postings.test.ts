import { describe, expect, it } from 'vitest';
import { searchFiles } from '../../src/site/search.js';
import type { LetterSummary } from '../../src/site/letters.js';

/** A letter of the given date (time order decides the letters' numbers). */
function letter(n: number, title: string): LetterSummary {
  const iso = `1890-01-${String(n).padStart(2, '0')}`;
  return { id: `l${n}`, title, iso, year: '1890', date: iso, from: [], to: [] };
}

function shard(files: Map<string, string>, key: string): Record<string, number[]> {
  return JSON.parse(new RegExp(`TEISearch\\.add\\("shard","${key}",(.*)\\);\\n$`).exec(files.get(`search/t-${key}.js`) as string)?.[1] as string) as Record<string, number[]>;
}

describe('search postings', () => {
  it('counts a word of a letter once per letter, its title and its text together, and numbers letters as gaps in time order', () => {
    const files = searchFiles([
      // Given out of time order: letters are numbered by date (l1 = 0, l3 = 1, l4 = 2, l9 = 3).
      { summary: letter(9, 'Ships'), terms: 'ships:2 sail' },
      { summary: letter(1, 'Ships and ships'), terms: 'ships:3' },
      { summary: letter(4, 'Harbour'), terms: 'sail:4' },
      { summary: letter(3, 'Letter'), text: 'ships' },
    ]);
    // l1: 2 in the title + 3 in the text; l3: 1; l9: 1 in the title + 2 in the text.
    expect(shard(files, 'sh').ships).toEqual([0, 5, 1, 1, 2, 3]);
    expect(shard(files, 'sa').sail).toEqual([2, 4, 1, 1]);
    expect(shard(files, 'ha').harbour).toEqual([2, 1]);
    expect(shard(files, 'an').and).toEqual([0, 1]);
  });
});
