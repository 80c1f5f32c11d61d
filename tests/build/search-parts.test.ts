/**
 * The search index assembled from each letter's part (site/search.ts
 * letterTerms, made where the letter is rendered and cached with it) is the
 * index made from the letters' whole texts, file for file.
 */
import { describe, expect, it } from 'vitest';
import type { LetterSummary } from '../../src/site/letters.js';
import { letterTerms, searchFiles } from '../../src/site/search.js';

const party = (key: string, name: string) => ({ key, name, sortAs: name });

function letters(): { summary: LetterSummary; text: string }[] {
  const texts = [
    'Telegram, telegram! The bridge at Leeds; 1891 telegram.',
    'Émil ÅBERG wrote “Telegrams” — Добрый день, день. constructor toString __proto__ hasOwnProperty',
    '',
    'bridge bridge bridge tea 1891 1891 x',
    'Leeds leeds LEEDS, and the word a:b:c and 3:2',
  ];
  return texts.map((text, i) => ({
    summary: {
      id: `letter-${i}`,
      title: ['Bridge to Leeds', 'Åberg to Ada', '', 'Tea', 'Leeds again'][i] as string,
      iso: ['1891-03-01', '1890-01-01', '', '1891-03-01', '1889'][i] as string,
      year: ['1891', '1890', 'undated', '1891', '1889'][i] as string,
      date: '',
      from: [party('ada', 'Ada Ashworth')],
      to: [party(`p${i % 2}`, `Person ${i % 2}`)],
    },
    text,
  }));
}

describe('the search index from per-letter parts', () => {
  it('equals the index made from the whole texts', () => {
    const whole = searchFiles(letters());
    const parts = searchFiles(letters().map(({ summary, text }) => ({ summary, terms: letterTerms(text) })));
    expect([...parts.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [path, content] of whole) expect(parts.get(path)).toBe(content);
    // Letters in time order (1889, 1890, 1891-03-01 twice, undated): "telegram" three times in the third only.
    expect(whole.get('search/t-te.js')).toContain('"telegram":[2,3]');
  });

  it('a part lists each word once, with its count when above one', () => {
    expect(letterTerms('Bridge bridge, BRIDGE tea; Tee 3:2')).toBe('bridge:3 tea tee 3 2');
    expect(letterTerms('')).toBe('');
  });
});
