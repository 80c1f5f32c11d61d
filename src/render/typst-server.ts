// A process that typesets the letters of one build thread (typst-service.ts),
// one request after another, until that thread replaces it: the request
// { source, pdfa, files } comes as a message, the answer is the TypstOutput (the PDF's
// bytes as they are: the channel serializes typed arrays). Its compiler is
// shut in like every other (typst.ts).
import { serve } from '../worker/channel.js';
import { compileTypst, type TypstOutput } from './typst.js';
import type { PrintFontSet } from './typst-fonts.js';

export interface TypstServerRequest {
  source: string;
  pdfa?: boolean;
  /** The document's images (compileTypst's files). */
  files?: Record<string, Uint8Array>;
  /** The edition's fonts (compileTypst's fonts): by their paths, read by this process once. */
  fonts?: PrintFontSet;
}

serve<TypstServerRequest, TypstOutput>((request) => compileTypst(request.source, request.pdfa, { files: request.files, fonts: request.fonts }));
