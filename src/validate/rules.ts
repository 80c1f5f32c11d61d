import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import type { SefJson } from '../xslt/sef.js';
import { inOneTransform, type SaxonDocument } from '../xslt/transform.js';
import { canRunBatch, loadSchematronFile, runSchematron, runSchematronBatch, SchematronSchemaError, type SchematronFinding } from './schematron/run.js';

/** A compiled rule set, or the reason it cannot be used. */
export type Rules = { file: string; sef: SefJson } | { file: string; error: string };

/** Compiles (or takes from the SEF cache) an ISO Schematron file. */
export async function loadRules(file: string): Promise<Rules> {
  try {
    return { file, sef: await loadSchematronFile(file) };
  } catch (e) {
    if (e instanceof SchematronSchemaError || (e as NodeJS.ErrnoException).code === 'ENOENT') return { file, error: (e as Error).message };
    throw e;
  }
}

/** The problem of a rule set that cannot be used, as one finding about the rules file. */
export function rulesProblem(rules: Rules): Diagnostic | undefined {
  if (!('error' in rules)) return undefined;
  return { file: rules.file, line: 0, column: 0, severity: 'error', source: 'schematron', rule: 'rules-unusable', message: rules.error, hint: 'Fix the Schematron file (queryBinding xslt2 or xslt3).' };
}

/** Runs the rules on one document and places each finding on its element or attribute. */
export function checkRules(rules: Rules, source: Source, tree?: SaxonDocument): Diagnostic[] {
  if ('error' in rules) return [];
  try {
    return runSchematron(rules.sef, tree ?? source.text).map((f) => toDiagnostic(f, source));
  } catch (e) {
    // A rule that fails on this document (an XPath type error, say) is a
    // defect of the rules; the document's other checks still stand.
    return [{ file: source.file, line: 0, column: 0, severity: 'error', source: 'schematron', rule: 'rules-failed', message: `the rules of ${rules.file} could not be evaluated on this document: ${(e as Error).message}`, hint: 'Fix the rule named in the message (it is a defect of the Schematron file, not of the document).' }];
  }
}

/**
 * How many documents the rules check in one transform (runSchematronBatch). Measured (256 generated letters, one
 * warm thread, medians of 8 rounds, two runs): 1, 8, 16, 32 and 64 to a transform took 4.08/4.69, 3.63/3.91,
 * 3.31/3.52, 3.30/3.37 and 3.45/3.25 ms a letter; beyond 16 little more is saved while more trees are held.
 */
export const RULES_BATCH = 16;

/**
 * checkRules on several documents, `trees[i]` the tree of `sources[i]`: in one transform where the rules
 * allow it (runSchematronBatch), the same findings; each document alone when they do not, or when that
 * transform fails (then the failing document's finding is its own).
 */
export function checkRulesBatch(rules: Rules, sources: readonly Source[], trees: readonly SaxonDocument[]): Diagnostic[][] {
  if ('error' in rules) return sources.map(() => []);
  const { sef } = rules;
  const together = canRunBatch(sef) ? inOneTransform(trees, (all) => runSchematronBatch(sef, [...all])) : undefined;
  return sources.map((s, i) => together?.[i]?.map((f) => toDiagnostic(f, s)) ?? checkRules(rules, s, trees[i]));
}

function toDiagnostic(f: SchematronFinding, source: Source): Diagnostic {
  const el = f.element > 0 ? source.elements[f.element - 1] : undefined;
  const attr = f.attribute && el ? el.attributes.find((a) => a.name === f.attribute) : undefined;
  const offset = attr?.offset ?? el?.offset;
  const pos = offset === undefined ? { line: 0, column: 0 } : source.lines.position(offset);
  // The fix hint is the assertion's diagnostic, which the runner also appends to the message.
  const hint = f.diagnostics?.join(' ').trim();
  let message = f.message;
  if (hint && message.endsWith(hint)) message = message.slice(0, -hint.length).trim();
  return { file: source.file, ...pos, severity: f.role, source: 'schematron', rule: f.id, message, ...(hint ? { hint } : f.see ? { hint: `See ${f.see}` } : {}) };
}
