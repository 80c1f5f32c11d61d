/**
 * The page design as a module of the compiler (src/render/typst.ts,
 * designAsModule): a source that begins with xslt/typst/edition.typ is
 * compiled with an import of that module in the design's place. It must
 * give the PDF the whole source gives, byte for byte: the same source with a
 * comment line in front no longer begins with the design and is compiled as
 * it stands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPST_ENDNOTES_DESIGN, TYPST_PAGE_DESIGN } from '../src/render/print.js';
import { compileTypst, designAsModule } from '../src/render/typst.js';

const GOLDEN = join(import.meta.dirname, 'golden', 'typst', 'eisenhower-bulganin-1956-11-04.typ');

/** The PDF of `source` compiled with the design as a module and as it stands (the other fields too). */
function bothWays(source: string): { module: ReturnType<typeof compileTypst>; inline: ReturnType<typeof compileTypst> } {
  const inline = `// compiled as it stands\n${source}`;
  expect(designAsModule(inline)).toBe(inline);
  return { module: compileTypst(source), inline: compileTypst(inline) };
}

describe('the page design as a module of the compiler', () => {
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8').trimEnd();

  it('replaces the design at the start of a source by an import, and nothing else', () => {
    const letter = readFileSync(GOLDEN, 'utf8');
    expect(letter.startsWith(`${design}\n\n`)).toBe(true);
    const compiled = designAsModule(letter);
    expect(compiled).toMatch(/^#import "\/[\w.-]+\.typ": \*\n/);
    expect(compiled.slice(compiled.indexOf('\n') + 1)).toBe(letter.slice(design.length + 2));
    // Not at the start, or not the whole design: the source as it stands.
    expect(designAsModule(`x\n${letter}`)).toBe(`x\n${letter}`);
    expect(designAsModule(design.slice(0, -1))).toBe(design.slice(0, -1));
  });

  it('gives the PDF of the whole source, byte for byte (a letter with an apparatus, notes, bibliography)', () => {
    const { module, inline } = bothWays(readFileSync(GOLDEN, 'utf8'));
    expect(module.pages).toBeGreaterThan(1);
    expect(module.pdfStandard).toBe('a-2b');
    expect({ ...module, pdf: undefined }).toEqual({ ...inline, pdf: undefined });
    expect(Buffer.from(module.pdf).equals(Buffer.from(inline.pdf))).toBe(true);
  });

  it('gives the PDF of the whole source with the endnotes after the design, and redefined names still win', () => {
    const endnotes = readFileSync(TYPST_ENDNOTES_DESIGN, 'utf8').trimEnd();
    const source = [
      `${design}\n\n${endnotes}\n`,
      '#set document(title: "Notes", date: datetime(year: 2026, month: 1, day: 2, hour: 0, minute: 0, second: 0))',
      '#show: ed-page.with(paper: "a4", lang: "en", running-head: [Notes])',
      '#let ed-small = 7pt',
      '#let ed-text = ed-text.with(markers: false)',
      '#ed-text[',
      ...Array.from({ length: 40 }, (_, i) => `#ed-block("p")[Paragraph ${i}#ed-endnote(${i + 1})]`),
      ']',
      `#ed-endnotes(\n${Array.from({ length: 40 }, (_, i) => `  (${i + 1}, [Note ${i}\\.]),\n`).join('')})`,
    ].join('\n');
    const { module, inline } = bothWays(source);
    expect(module.pages).toBeGreaterThan(1);
    expect(Buffer.from(module.pdf).equals(Buffer.from(inline.pdf))).toBe(true);
  });
});
