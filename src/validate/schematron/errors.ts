/** Namespace of the names the generated stylesheet adds (modes, variables, functions, the batch template: compile.ts, run.ts). */
export const VALIDATOR_NS = 'urn:x-tei-edition:schematron-validator';

/** An error in the schema itself (not in a validated document). */
export class SchematronSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchematronSchemaError';
  }
}

/**
 * Which schema construct a line of the generated stylesheet comes from: the
 * nearest `sv-origin` marker at or above that (1-based) line.
 */
export function describeGeneratedLine(xsltText: string, line: number): string | undefined {
  const lines = xsltText.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^<!--sv-origin (.*)-->$/.exec(lines[i]!);
    if (m) return m[1];
  }
  return undefined;
}
