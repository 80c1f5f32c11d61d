import { describe, expect, it } from 'vitest';
import { searchFileParts, searchFiles, type SearchDocument } from '../../src/site/search.js';
import type { LetterSummary } from '../../src/site/letters.js';

/** Letters with overlapping vocabularies, some words in several shards, dated out of order. */
function letters(n: number): SearchDocument[] {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'épée', 'день', '1812', 'zeta', 'alphabet', 'betamax'];
  return Array.from({ length: n }, (_, i) => ({
    summary: { id: `l${i}`, title: `Letter ${i} ${words[i % words.length]}`, iso: `18${String(10 + ((i * 7) % 50)).padStart(2, '0')}-01-01`, year: '', date: '', from: [{ key: `p${i % 3}`, name: `P${i % 3}`, sortAs: `P${i % 3}` }], to: [] } as LetterSummary,
    text: Array.from({ length: 1 + (i % 5) }, (_, k) => words[(i + k * 3) % words.length]).join(' '),
  }));
}

describe('the search index made in several passes (a large edition) is the index made in one', () => {
  it('gives the same files, with the same bytes, for 1 to 5 passes', () => {
    const docs = letters(40);
    const one = searchFiles(docs);
    expect(one.size).toBeGreaterThan(5);
    for (const passes of [2, 3, 5]) {
      const files = [...searchFileParts(docs, passes)];
      // Each file once, the list of letters last.
      expect(new Set(files.map(([p]) => p)).size).toBe(files.length);
      expect(files.at(-1)?.[0]).toBe('search/docs.js');
      expect(new Map(files)).toEqual(one);
      expect(Object.fromEntries(files)).toEqual(Object.fromEntries(one));
    }
  });

  it('reads each letter’s words once per pass', () => {
    let reads = 0;
    const docs = letters(10).map(({ summary, text }) => ({ summary, get terms(): string { reads++; return text as string; } }));
    [...searchFileParts(docs, 3)];
    expect(reads).toBe(30);
  });
});
