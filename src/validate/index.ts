import type { Diagnostic } from '../diagnostic.js';
import { collectInputs } from '../load/inputs.js';
import { loadFile, type Source } from '../load/source.js';
import type { LineIndex } from '../load/lines.js';
import { readRelaxNgSchema, validateRelaxNg } from './relaxng.js';
import { loadRules, checkRules, rulesProblem } from './rules.js';
import { checkEditionRegisters } from '../registers/check.js';
import { checkCrossReferences } from './xref.js';
import { DEFAULT_RULES, DEFAULT_SCHEMA } from '../paths.js';
import { treeOf } from '../xslt/tree.js';
import { applyProfile, type Profile } from './profile.js';
import { compareText } from '../collate.js';

export interface ValidateOptions {
  /** RELAX NG schema; `false` skips the check. Default: the edition's schema. */
  schema?: string | false;
  /** ISO Schematron rules; `false` skips the check. Default: the edition's rules. */
  rules?: string | false;
  /** Check pointers across the documents given (default true). */
  crossReferences?: boolean;
  /** How binding each finding is (src/validate/profile.ts); default 'edition'. */
  profile?: Profile;
}

export interface ValidationResult {
  files: string[];
  /** Well-formed TEI documents, for the stages after validation. */
  sources: Source[];
  /** Line index of every decodable file, so findings can quote their line. */
  lines: Map<string, LineIndex>;
  diagnostics: Diagnostic[];
}

const STAGE_ORDER: Record<Diagnostic['source'], number> = { io: 0, encoding: 1, security: 2, xml: 3, relaxng: 4, schematron: 5, xref: 6, settings: 7, internal: 8 };

/**
 * The validate stage: every check over every named file, all findings at
 * once. A file that is not well-formed is not schema-checked (its positions
 * would be guesses), but the other files still are.
 */
export async function validatePaths(paths: string[], options: ValidateOptions = {}): Promise<ValidationResult> {
  const { files, diagnostics } = await collectInputs(paths);
  const loaded = await Promise.all(files.map((f) => loadFile(f)));
  const sources: Source[] = [];
  const lines = new Map<string, LineIndex>();
  loaded.forEach((l, i) => {
    if (l.lines) lines.set(files[i] as string, l.lines);
  });
  for (const l of loaded) {
    diagnostics.push(...l.diagnostics);
    if (l.source && l.diagnostics.length === 0) sources.push(l.source);
  }
  diagnostics.push(...(await validateSources(sources, options)));
  return { files, sources, lines, diagnostics: sortDiagnostics(files, diagnostics) };
}

/** Schema, rules and cross-references over documents already loaded. */
export async function validateSources(sources: Source[], options: ValidateOptions = {}): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const schemaFile = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
  const rulesFile = options.rules === undefined ? DEFAULT_RULES : options.rules;
  const rng = schemaFile ? validateRelaxNg(sources, readRelaxNgSchema(schemaFile)) : Promise.resolve([]);
  // Schematron runs synchronously on this thread while libxml2 works in its worker.
  if (rulesFile) {
    const rules = await loadRules(rulesFile);
    const problem = rulesProblem(rules);
    if (problem) out.push(problem);
    for (const s of sources) out.push(...checkRules(rules, s, treeOf(s)));
  }
  out.push(...(await rng));
  if (options.crossReferences !== false) out.push(...checkCrossReferences(sources), ...checkEditionRegisters(sources));
  return applyProfile(dedupe(out), options.profile);
}

/**
 * Two checkers can find the same problem: the edition's Schematron and the
 * cross-reference check both resolve `#id` pointers, and a malformed date is
 * both a RELAX NG datatype error and the rule `date-iso`. One finding per
 * problem is kept: for the same rule on the same line, the most precise
 * (the cross-reference check points at the very token); for a schema error
 * on the attribute a rule already explains, the rule's.
 */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic, withRule: boolean): string => `${d.file}:${d.line}${withRule ? `:${d.rule}` : `:${d.column}`}`;
  const best = new Map<string, Diagnostic>();
  for (const d of ds) {
    const k = key(d, true);
    const prev = best.get(k);
    if (!prev || d.column > prev.column) best.set(k, d);
  }
  // A rule or cross-reference finding on a line explains the schema error there.
  const explained = new Set(ds.filter((d) => d.source === 'schematron' || d.source === 'xref').map((d) => `${d.file}:${d.line}`));
  // libxml2 often reports one misplaced element twice (the element, then its parent's "extra content").
  const rank: Record<string, number> = { 'rng-element': 0, 'rng-attribute': 1, 'rng-datatype': 2, 'rng-content': 3 };
  const firstAt = new Map<string, Diagnostic>();
  for (const d of ds) {
    if (d.source !== 'relaxng') continue;
    const k = key(d, false);
    const prev = firstAt.get(k);
    if (!prev || (rank[d.rule] ?? 9) < (rank[prev.rule] ?? 9)) firstAt.set(k, d);
  }
  return ds.filter((d) => {
    if (best.get(key(d, true)) !== d) return false;
    if (d.source !== 'relaxng') return true;
    return !explained.has(`${d.file}:${d.line}`) && firstAt.get(key(d, false)) === d;
  });
}

function sortDiagnostics(files: string[], ds: Diagnostic[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f, i]));
  return [...ds].sort(
    (a, b) =>
      (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) ||
      a.line - b.line ||
      a.column - b.column ||
      STAGE_ORDER[a.source] - STAGE_ORDER[b.source] ||
      compareText(a.rule, b.rule),
  );
}
