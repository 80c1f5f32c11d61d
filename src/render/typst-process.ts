// A process that typesets one document and ends (typst.ts, compileTypst's
// `alone`): the request ({ source, pdfa, files, fonts }: its images in base64, the edition's fonts by path) as JSON on standard input; on
// standard output one line of JSON (TypstProcessHead: the result without
// the PDF, or the compiler's error), then the PDF's bytes. Its compiler is
// shut in like every other (typst.ts); the memory Typst took goes back to
// the system when the process ends.
import { readFileSync } from 'node:fs';
import { compileTypst, TypstCompileError, type TypstProcessHead } from './typst.js';
import type { PrintFontSet } from './typst-fonts.js';

const request = JSON.parse(readFileSync(0, 'utf8')) as { source: string; pdfa?: boolean; files?: Record<string, string>; fonts?: PrintFontSet };
const files = request.files ? Object.fromEntries(Object.entries(request.files).map(([path, base64]) => [path, new Uint8Array(Buffer.from(base64, 'base64'))])) : undefined;
let head: TypstProcessHead;
let pdf: Uint8Array = new Uint8Array(0);
try {
  // The cache is emptied once, before the PDF is written (see compileTypst); the process ends, which frees the rest.
  const { pdf: bytes, ...result } = compileTypst(request.source, request.pdfa, { keepCache: 'until-pdf', files, fonts: request.fonts });
  head = result;
  pdf = bytes;
} catch (error) {
  if (!(error instanceof TypstCompileError)) throw error;
  head = { error: error.message, diagnostics: error.diagnostics };
}
// No process.exit(): the process ends when everything is written.
process.stdout.write(`${JSON.stringify(head)}\n`);
process.stdout.write(pdf);
