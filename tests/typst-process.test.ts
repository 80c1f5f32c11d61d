// compileTypst's `alone`: a document set with endnotes is typeset by a
// process of its own (src/render/typst-process.ts), whose memory goes back
// when it ends. The same PDF as in this process, the compiler's errors and
// warnings as they are here, and the same shut-in compiler.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTypst, TypstCompileError } from '../src/render/typst.js';

const root = join(import.meta.dirname, '..');

const failsAlone = (source: string, pdfa?: boolean): TypstCompileError => {
  try {
    compileTypst(source, pdfa, { alone: true });
  } catch (error) {
    expect(error).toBeInstanceOf(TypstCompileError);
    return error as TypstCompileError;
  }
  throw new Error(`compiled: ${source}`);
};

describe('typesetting in a process of its own', () => {
  it('runs the compiled toolkit (lib/render/typst-process.js)', () => {
    expect(existsSync(join(root, 'lib', 'render', 'typst-process.js'))).toBe(true);
  });

  it('gives the bytes, pages, standard and warnings this process gives', () => {
    // Two pages with footnotes on each (400 sentences, ten pages, until 2 December 2026: the same comparison, about
    // 0.6 s of CPU more in the two compilations).
    const source = `#set document(date: datetime(year: 2026, month: 12, day: 2))\n${'A sentence of the letter.#footnote[A note.] '.repeat(60)}`;
    const here = compileTypst(source);
    const alone = compileTypst(source, undefined, { alone: true });
    expect(alone.pages).toBeGreaterThan(1);
    expect(alone.pages).toBe(here.pages);
    expect(alone.pdfStandard).toBe('a-2b');
    expect(here.pdfStandard).toBe('a-2b');
    expect(alone.warnings).toEqual([]);
    expect(here.warnings).toEqual([]);
    expect(Buffer.from(alone.pdf).equals(Buffer.from(here.pdf))).toBe(true);
    // Plain PDF on request, as here.
    const plain = compileTypst('#set document(date: none)\nx', false, { alone: true });
    expect(plain.pdfStandard).toBeUndefined();
    expect(Buffer.from(plain.pdf).equals(Buffer.from(compileTypst('#set document(date: none)\nx', false).pdf))).toBe(true);
  });

  it("reports the compiler's errors as TypstCompileError with its diagnostics", () => {
    const error = failsAlone('#let x = (\n');
    expect(error.message).toMatch(/^Typst could not compile the document: /);
    expect(error.diagnostics.length).toBeGreaterThan(0);
    expect(error.message).toContain(error.diagnostics[0]);
    // A PDF/A-2b that cannot be (a glyph no embedded font has): refused with pdfa: true, a warning by default.
    expect(failsAlone('#set document(date: none)\n中文', true).message).toMatch(/cannot be written as PDF\/A-2b/);
    const fallback = compileTypst('#set document(date: none)\n中文', undefined, { alone: true });
    expect(fallback.pdfStandard).toBeUndefined();
    expect(fallback.warnings.join(' ')).toMatch(/not PDF\/A-2b/);
  });

  it('is shut in like the compiler of this process: no file, no package, no system font', () => {
    expect(existsSync('/etc/passwd')).toBe(true);
    expect(failsAlone('#read("/etc/passwd")').message).toMatch(/file not found/);
    expect(failsAlone(`#read(${JSON.stringify(join(root, 'package.json'))})`).message).toMatch(/file not found|access denied/);
    expect(failsAlone('#import "@preview/cetz:0.3.0"').message).toMatch(/package/);
    // Its warnings come back as they are.
    const system = compileTypst('#set text(font: "DejaVu Sans")\nx', undefined, { alone: true });
    expect(system.warnings).toEqual(compileTypst('#set text(font: "DejaVu Sans")\nx').warnings);
    expect(system.warnings.join(' ')).toMatch(/unknown font family: dejavu sans/);
  });

  it('leaves no temporary folder of its own behind', () => {
    // The process's folders go to a temporary folder of this test's (others' builds use the system's meanwhile).
    const temp = mkdtempSync(join(tmpdir(), 'typst-process-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      expect(compileTypst('x', undefined, { alone: true }).pages).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(temp)).toEqual([]);
    rmSync(temp, { recursive: true, force: true });
  });
});
