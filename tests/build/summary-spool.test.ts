import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { SummarySpool } from '../../src/build/summary-spool.js';
import type { DocumentModel } from '../../src/model/types.js';
import type { DocumentSummary } from '../../src/site/summary.js';

const summary = (i: number): DocumentSummary => ({
  model: { id: `l${i}`, file: `tei/l${i}.xml`, title: `Letter ${i} — “quoted” ü`, registers: { person: [{ id: 'p1', name: 'Anna Arnim' }] } } as unknown as DocumentModel,
  occurrences: [{ id: 'p1', kind: 'person', anchor: `p${i}`, where: 'p', text: 'Anna ✓' }],
  terms: i % 2 ? `word:${i} ünïcode` : '',
});

describe('SummarySpool: the letters summaries on disk until the edition-level pages', () => {
  it('gives back each letter as stored, in the letters order whatever order they were stored in', () => {
    const spool = new SummarySpool(50);
    try {
      const order = Array.from({ length: 50 }, (_, i) => (i * 17) % 50);
      for (const i of order) spool.put(i, summary(i));
      expect([...spool.summaries()]).toEqual(Array.from({ length: 50 }, (_, i) => summary(i)));
      expect([...spool.models()].map((m) => m.id)).toEqual(Array.from({ length: 50 }, (_, i) => `l${i}`));
      expect(spool.get(7)).toEqual(summary(7));
      expect(spool.terms(7)).toBe('word:7 ünïcode');
      expect(spool.terms(8)).toBe('');
      expect(spool.occurrencesJson(3)).toBe(JSON.stringify(summary(3).occurrences));
      expect(spool.model(49)).toEqual(summary(49).model);
    } finally {
      spool.close();
    }
  });

  it('applies a function to each summary of a pass, and the last put of a letter counts', () => {
    const spool = new SummarySpool(2);
    try {
      spool.put(0, summary(0));
      spool.put(1, summary(1));
      spool.put(0, summary(5));
      expect([...spool.summaries((d) => ({ ...d, terms: d.model.id }))].map((d) => d.terms)).toEqual(['l5', 'l1']);
    } finally {
      spool.close();
    }
  });

  it('refuses a letter never stored or out of range, and leaves no file when closed', () => {
    const spool = new SummarySpool(3);
    spool.put(1, summary(1));
    expect(() => spool.get(0)).toThrow(/summary 0 was not stored/);
    expect(() => spool.put(3, summary(3))).toThrow(/out of range/);
    const dir = (spool as unknown as { dir: string }).dir;
    expect(existsSync(dir)).toBe(true);
    // Named with the process id, so that the next build removes the folder of a killed one (write/temp.ts).
    expect(basename(dir)).toMatch(new RegExp(`^tei-edition-summaries-${process.pid}-`));
    spool.close();
    expect(existsSync(dir)).toBe(false);
  });
});
