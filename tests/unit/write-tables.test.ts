import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { FileTable } from '../../src/write/file-table.js';
import { OutputClaims } from '../../src/write/claims.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('FileTable (the write stage per file: sha256 and size by path)', () => {
  it('gives back what was set, across growth, and replaces an entry set again', () => {
    const t = new FileTable();
    for (let i = 0; i < 1000; i++) t.set(`web/documents/l${i}.html`, { hash: sha(`x${i}`), size: i });
    t.set('web/documents/l7.html', { hash: sha('changed'), size: 99 });
    expect(t.size).toBe(1000);
    expect(t.get('web/documents/l999.html')).toEqual({ hash: sha('x999'), size: 999 });
    expect(t.get('web/documents/l7.html')).toEqual({ hash: sha('changed'), size: 99 });
    expect(t.get('web/documents/l1000.html')).toBeUndefined();
    expect(t.has('web/documents/l0.html')).toBe(true);
  });

  it('holds() compares the hash, and the size when given', () => {
    const t = new FileTable();
    t.set('a', { hash: sha('a'), size: 1 });
    expect(t.holds('a', sha('a'))).toBe(true);
    expect(t.holds('a', sha('a'), 1)).toBe(true);
    expect(t.holds('a', sha('a'), 2)).toBe(false);
    expect(t.holds('a', sha('b'))).toBe(false);
    expect(t.holds('b', sha('a'))).toBe(false);
  });

  it('lists the paths in code unit order', () => {
    const t = new FileTable();
    for (const p of ['web/b', 'web/B', 'a', 'web/a/z', 'é']) t.set(p, { hash: sha(p), size: p.length });
    expect([...t.sorted()].map(([p, e]) => [p, e.hash === sha(p), e.size])).toEqual([
      ['a', true, 1],
      ['web/B', true, 5],
      ['web/a/z', true, 7],
      ['web/b', true, 5],
      ['é', true, 1],
    ]);
  });

  it('refuses what is not a sha256', () => {
    expect(() => new FileTable().set('a', { hash: 'xyz', size: 1 })).toThrow(/not a sha256/);
  });
});

describe('OutputClaims keeps origins compactly and gives them back equal', () => {
  it('reports the first claimant as it was given, with and without a file, quoted or not', () => {
    const c = new OutputClaims();
    const origins = [
      { file: 'tei/a.xml', what: 'the PDF of document "a"' },
      { what: 'the CMIF export' },
      { file: 'tei/b.xml', what: 'a "quoted" and "twice quoted" name' },
      { file: '', what: '"' },
    ];
    origins.forEach((o, i) => expect(c.claim(`p${i}`, o)).toBe(true));
    origins.forEach((o, i) => expect(c.claim(`P${i}`, { what: `second ${i}` })).toBe(false));
    expect(c.collisions.map((x) => [x.path, x.firstPath, x.first])).toEqual(origins.map((o, i) => [`P${i}`, `p${i}`, o]));
  });

  it('keeps the path as claimed when it differs from its case-folded form', () => {
    const c = new OutputClaims();
    expect(c.claim('text/Letter.txt', { file: 'tei/a.xml', what: 'the plain text of document "Letter"' })).toBe(true);
    expect(c.claim('text/letter.txt', { file: 'tei/b.xml', what: 'the plain text of document "letter"' })).toBe(false);
    expect(c.claim('Straße/É.txt', { what: 'one' })).toBe(true);
    expect(c.claim('straße/\u0065\u0301.txt', { what: 'two' })).toBe(false);
    expect(c.collisions.map((x) => [x.firstPath, x.first.what, x.path])).toEqual([
      ['text/Letter.txt', 'the plain text of document "Letter"', 'text/letter.txt'],
      ['Straße/É.txt', 'one', 'straße/\u0065\u0301.txt'],
    ]);
  });
});
