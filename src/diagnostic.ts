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
