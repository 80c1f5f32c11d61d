import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';

/**
 * A stage that fails on one document (an XSLT dynamic error, a Typst
 * limit, a stack overflow on pathological input) becomes a finding on that
 * document, so the others still build and the user learns which file to
 * look at, instead of an internal error with no file and no line.
 */
export function stageFailure(source: Pick<Source, 'file'> & Partial<Pick<Source, 'lines' | 'elements'>>, stage: string, e: unknown): Diagnostic {
  const err = e as { message?: string; code?: string };
  const raw = String(err?.message ?? e).replace(/\s+/g, ' ').trim();
  const message = raw.length > 300 ? `${raw.slice(0, 300)}…` : raw;
  const code = typeof err?.code === 'string' ? ` [${err.code.replace(/^Q\{[^}]*\}/, '')}]` : '';
  return {
    file: source.file,
    line: 0,
    column: 0,
    severity: 'error',
    source: 'internal',
    rule: 'document-failed',
    message: `this document could not be processed (${stage}): ${message}${code}`,
    hint: 'The other documents were processed. Please report this with the document: the toolkit should have explained the problem; meanwhile, look for unusual structures (very deep nesting, very long ids, unusual attribute values).',
  };
}
