import type { JsonNode } from './json.js';
import { extname } from 'node:path';
import { PRINT_FONT_EXTENSIONS, printFontProblem } from '../render/typst-fonts.js';

/**
 * The files of "printFonts" (the print edition's own fonts, render/typst-fonts.ts),
 * checked on disk once the schema has found the setting well formed: each must be a
 * font file inside the edition folder (`root`: the folder of edition.json), reached
 * without leaving it (no `..` out, no link out), a regular file whose first bytes are
 * a font's. One problem per file that is not, at its value.
 */
export function printFontProblems(settings: JsonNode, root: string): { offset: number; message: string; hint: string }[] {
  if (settings.kind !== 'object') return [];
  const list = settings.entries.find((e) => e.key === 'printFonts')?.value;
  if (list?.kind !== 'array') return [];
  const out: { offset: number; message: string; hint: string }[] = [];
  for (const [i, item] of list.items.entries()) {
    // A name that is no font file's is the schema's finding (its pattern), said once.
    if (item.kind !== 'string' || !PRINT_FONT_EXTENSIONS.includes(extname(item.value).toLowerCase())) continue;
    const problem = printFontProblem(root, item.value);
    if (problem) {
      out.push({
        offset: item.offset,
        message: `"printFonts"[${i}] ${JSON.stringify(item.value)} ${problem}`,
        hint: 'Each entry is a font file (.otf, .ttf or .ttc) in the edition folder, as a path from the folder of edition.json (e.g. "fonts/NotoSerifCJKsc-Regular.otf"), which the print edition uses after its own fonts for the characters those lack.',
      });
    }
  }
  return out;
}
