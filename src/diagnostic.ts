/**
 * One finding about one place in one file. Every check of every stage
 * reports through this type; nothing throws for a user's mistake.
 */
export type Severity = 'error' | 'warning' | 'info';

/** Which checker produced the finding. */
export type DiagnosticSource =
  | 'io'
  | 'encoding'
  | 'security'
  | 'xml'
  | 'relaxng'
  | 'schematron'
  | 'xref'
  | 'settings'
  | 'internal';

export interface Diagnostic {
  /** Path of the file as the user named it (relative to the working directory). */
  file: string;
  /** 1-based line; 0 when the finding concerns the whole file. */
  line: number;
  /** 1-based column in characters (UTF-16 code units); 0 when unknown. */
  column: number;
  severity: Severity;
  source: DiagnosticSource;
  /** Stable rule identifier, e.g. `xml-unclosed-tag`, `ref-resolves`. */
  rule: string;
  message: string;
  /** How to fix it, in words an editor can act on. */
  hint?: string;
  /** Other places the finding concerns, each with its own position ("the id is already defined here"). */
  notes?: DiagnosticNote[];
}

export interface DiagnosticNote {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function diagnostic(d: Diagnostic): Diagnostic {
  return d;
}

/**
 * Findings of one rule kept per file; the rest become one summary finding.
 * A file with a hundred thousand bare "&" stays readable, and no stage
 * holds or prints an unbounded list.
 */
export const FINDINGS_PER_RULE = 100;

/** The finding that stands for `count` more findings of the rule of `first`. */
export function moreFindings(first: Diagnostic, count: number): Diagnostic {
  return {
    ...first,
    message: `${count} more finding${count === 1 ? '' : 's'} of this rule in this file (${first.rule}), from here on; only the first ${FINDINGS_PER_RULE} are listed`,
    hint: 'Fix the ones listed (often one cause, such as an unescaped "&" or a misspelt name) and check again.',
  };
}

/** At most FINDINGS_PER_RULE findings per file and rule, in their order, then one summary each. */
export function capFindings(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, number>();
  const over = new Map<string, { first: Diagnostic; count: number }>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.file}\u0000${d.rule}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= FINDINGS_PER_RULE) out.push(d);
    else {
      const o = over.get(key);
      if (o) o.count++;
      else over.set(key, { first: d, count: 1 });
    }
  }
  for (const { first, count } of over.values()) out.push(moreFindings(first, count));
  return out;
}
