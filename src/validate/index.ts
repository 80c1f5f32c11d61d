import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { capFindings, type Diagnostic } from '../diagnostic.js';
import { collectInputs, type CollectOptions } from '../load/inputs.js';
import { loadFile, type Source } from '../load/source.js';
import type { LineIndex } from '../load/lines.js';
import type { AttributeSpan } from '../load/scan.js';
import { readRelaxNgSchema, validateRelaxNg, type RelaxNgSchema } from './relaxng.js';
import { loadRules, checkRulesBatch, rulesProblem, RULES_BATCH } from './rules.js';
import { checkEditionRegisters, checkNameKinds } from '../registers/check.js';
import { isRegisterFile } from '../registers/kind.js';
import { checkCrossReferences } from './xref.js';
import { checkIdentities, documentIdentity } from './identity.js';
import { DEFAULT_RULES, DEFAULT_SCHEMA } from '../paths.js';
import { transientTreeOf } from '../xslt/tree.js';
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
  /** Every file of the run, the ones that could not be read too (see ResolveOptions files); default: the sources'. */
  runFiles?: readonly string[];
}

export interface ValidationResult {
  files: string[];
  /** Well-formed TEI documents, for the stages after validation. */
  sources: Source[];
  /** Line index of every decodable file, so findings can quote their line. */
  lines: Map<string, LineIndex>;
  /** Every finding, merged, capped per file and rule, in file and position order. */
  diagnostics: Diagnostic[];
}

const STAGE_ORDER: Record<Diagnostic['source'], number> = { io: 0, encoding: 1, security: 2, xml: 3, relaxng: 4, schematron: 5, xref: 6, settings: 7, internal: 8 };

/**
 * THE check path, used by `validate` and by `build` alike (so both report
 * the same findings on the same files): every check over every named file,
 * all findings at once. A file that is not well-formed is not schema-checked
 * (its positions would be guesses), but the other files still are.
 */
export async function validatePaths(paths: string[], options: ValidateOptions = {}): Promise<ValidationResult> {
  const loaded = await loadPaths(paths);
  for (const d of await checkSources(loaded.sources, { ...options, runFiles: loaded.files })) loaded.diagnostics.push(d);
  // Across the documents: ids and idnos (the build makes the same check from its workers' checks).
  for (const d of checkIdentities(loaded.sources.filter((s) => s.isTei).map((s) => ({ file: s.file, identity: documentIdentity(s) })))) loaded.diagnostics.push(d);
  // Names pointing into the shared register files: to an entry of their kind (the build's check of each letter too).
  const registers = loaded.sources.filter(isRegisterFile);
  for (const s of loaded.sources) if (s.isTei && !isRegisterFile(s)) for (const d of applyProfile(checkNameKinds(s, registers), options.profile)) loaded.diagnostics.push(d);
  return { ...loaded, diagnostics: finish(loaded.files, loaded.diagnostics) };
}

/**
 * The first half of the check path: the files named (folders expanded),
 * read, decoded and checked for well-formedness. `sources` holds the
 * documents with no error, for checkSources and the stages after it.
 */
export async function loadPaths(paths: string[], inputs: CollectOptions = {}): Promise<ValidationResult> {
  const { files, diagnostics } = await collectInputs(paths, inputs);
  const loaded = await Promise.all(files.map((f) => loadFile(f)));
  const sources: Source[] = [];
  const lines = new Map<string, LineIndex>();
  loaded.forEach((l, i) => {
    if (l.lines) lines.set(files[i] as string, l.lines);
  });
  for (const l of loaded) {
    for (const d of l.diagnostics) diagnostics.push(d);
    if (l.source && !l.diagnostics.some((d) => d.severity === 'error')) sources.push(l.source);
  }
  return { files, sources, lines, diagnostics };
}

/** @deprecated the name before the check path was shared; use checkSources. */
export const validateSources = checkSources;

/**
 * Schema, rules and cross-references over documents already loaded, merged
 * (one finding per problem). The schema and rule findings of a document are
 * kept in memory by the hash of its text and of the schema and rules, so a
 * rebuild in the same process checks only the documents that changed;
 * cross-references are always checked over all the documents given.
 */
export async function checkSources(sources: Source[], options: ValidateOptions = {}): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const schemaFile = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
  const rulesFile = options.rules === undefined ? DEFAULT_RULES : options.rules;
  const schema = schemaFile ? readRelaxNgSchema(schemaFile) : undefined;
  const key = `${schemaFile ? hashOf(schemaText(schema as RelaxNgSchema)) : '-'}\0${rulesFile ? hashOf(readOrEmpty(rulesFile)) : '-'}`;
  const todo = sources.filter((s) => !perDocument.has(documentKey(s, key)));
  const found = new Map<Source, Diagnostic[]>(todo.map((s) => [s, []]));
  const byFile = new Map(todo.map((s) => [s.file, s]));
  const rng = schema ? validateRelaxNg(todo, schema) : Promise.resolve([]);
  // Schematron runs synchronously on this thread while libxml2 works in its worker.
  if (rulesFile) {
    const rules = await loadRules(rulesFile);
    const problem = rulesProblem(rules);
    if (problem) out.push(problem);
    // A few documents to a transform (RULES_BATCH): only their trees are held at once.
    for (let i = 0; i < todo.length; i += RULES_BATCH) {
      const group = todo.slice(i, i + RULES_BATCH);
      checkRulesBatch(rules, group, group.map((s) => transientTreeOf(s))).forEach((ds, k) => found.get(group[k] as Source)?.push(...ds));
    }
  }
  for (const d of await rng) {
    const s = byFile.get(d.file);
    if (s) found.get(s)?.push(d);
    else out.push(d); // about the schema itself
  }
  for (const [s, ds] of found) remember(documentKey(s, key), ds);
  for (const s of sources) for (const d of perDocument.get(documentKey(s, key)) ?? []) out.push(d);
  if (options.crossReferences !== false) {
    for (const d of checkCrossReferences(sources, options.runFiles)) out.push(d);
    for (const d of checkEditionRegisters(sources)) out.push(d);
  }
  return applyProfile(merge(out, sources), options.profile);
}

/** Schema and rule findings per document (file, text, schema, rules), for rebuilds in one process. */
const perDocument = new Map<string, Diagnostic[]>();
const PER_DOCUMENT_LIMIT = 5_000;

function remember(key: string, ds: Diagnostic[]): void {
  if (perDocument.size >= PER_DOCUMENT_LIMIT) perDocument.delete(perDocument.keys().next().value as string);
  perDocument.set(key, ds);
}

function documentKey(s: Source, checks: string): string {
  return `${s.file}\0${hashOf(s.text)}\0${checks}`;
}

function schemaText(s: RelaxNgSchema): string {
  return [s.text, ...s.preload.map((p) => `${p.fileName}\0${p.contents}`)].join('\0');
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Capped per file and rule, then in file order and by position. */
export function finish(files: string[], ds: Diagnostic[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f, i]));
  return capFindings(ds).sort(
    (a, b) =>
      (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) ||
      a.line - b.line ||
      a.column - b.column ||
      STAGE_ORDER[a.source] - STAGE_ORDER[b.source] ||
      compareText(a.rule, b.rule),
  );
}

/**
 * Two checkers can find the same problem: the edition's Schematron and the
 * cross-reference check both resolve `#id` pointers, and a malformed date is
 * both a RELAX NG datatype error and the rule `date-iso`. Findings are
 * merged only when they are the same problem: the same severity, and
 *  - the same rule at the same place (a rule's finding on an attribute and
 *    the cross-reference check's finding on a token inside that attribute's
 *    value count as the same place; the token's is kept, it is the more
 *    precise), or
 *  - a RELAX NG attribute or datatype error on an attribute where a rule or
 *    cross-reference finding is placed too (the same attribute), which
 *    explains it in the edition's words;
 *  - two RELAX NG findings of one family at one place (libxml2 reports one
 *    misplaced element twice: the element, then its parent's "extra
 *    content"); an element's structure and its attributes are two families.
 * Two problems on one line (at different columns), of different families or
 * of different severities, are never merged.
 */
/**
 * For a build that checks documents in worker threads and resolves
 * cross-references afterwards: the same merging, over all its findings,
 * with the sources of the documents that have cross-reference findings.
 */
export function mergeFindings(ds: Diagnostic[], sources: Source[]): Diagnostic[] {
  return merge(ds, sources);
}

function merge(ds: Diagnostic[], sources: Source[]): Diagnostic[] {
  const at = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column}:${d.severity}`;
  // The same rule at the same place and severity: one finding, the most specific checker's.
  const specificity: Record<string, number> = { xref: 0, schematron: 1, relaxng: 2 };
  const first = new Map<string, Diagnostic>();
  for (const d of ds) {
    const k = `${at(d)}:${d.rule}`;
    const prev = first.get(k);
    if (!prev || (specificity[d.source] ?? 3) < (specificity[prev.source] ?? 3)) first.set(k, d);
  }
  const unique = ds.filter((d) => first.get(`${at(d)}:${d.rule}`) === d);
  // libxml2 often reports one misplaced element twice at one place (the element, then its parent's "extra content").
  const rank: Record<string, number> = { 'rng-element': 0, 'rng-attribute': 1, 'rng-datatype': 2, 'rng-content': 3 };
  const family = (d: Diagnostic): string => `${at(d)}:${d.rule === 'rng-attribute' || d.rule === 'rng-datatype' ? 'attribute' : d.rule === 'rng-element' || d.rule === 'rng-content' ? 'structure' : d.rule}`;
  const bestAt = new Map<string, Diagnostic>();
  for (const d of unique) {
    if (d.source !== 'relaxng') continue;
    const prev = bestAt.get(family(d));
    if (!prev || (rank[d.rule] ?? 9) < (rank[prev.rule] ?? 9)) bestAt.set(family(d), d);
  }
  const explained = new Set(unique.filter((d) => d.source === 'schematron' || d.source === 'xref').map(at));
  const tokens = unique.filter((d) => d.source === 'xref');
  const byFile = new Map(sources.map((s) => [s.file, s]));
  const attributeAt = attributeIndex(byFile);
  return unique.filter((d) => {
    if (d.source === 'relaxng' && bestAt.get(family(d)) !== d) return false;
    // Explained only on an attribute: a rule's finding at an element's start is about something else.
    if (d.source === 'relaxng' && (d.rule === 'rng-attribute' || d.rule === 'rng-datatype')) return !(explained.has(at(d)) && attributeAt(d) !== undefined);
    if (d.source !== 'schematron') return true;
    const attr = attributeAt(d);
    if (!attr) return true;
    const s = byFile.get(d.file) as Source;
    const end = attr.valueOffset + attr.raw.length;
    return !tokens.some((t) => t.file === d.file && t.rule === d.rule && t.severity === d.severity && within(s, t, attr.offset, end));
  });
}

function within(s: Source, d: Diagnostic, from: number, to: number): boolean {
  const offset = s.lines.offset(d.line, d.column);
  return offset >= from && offset <= to;
}

/** The attribute whose name starts where a finding is placed, if any. */
function attributeIndex(byFile: Map<string, Source>): (d: Diagnostic) => AttributeSpan | undefined {
  const perFile = new Map<string, Map<number, AttributeSpan>>();
  return (d) => {
    const s = byFile.get(d.file);
    if (!s || d.line === 0) return undefined;
    let index = perFile.get(d.file);
    if (!index) {
      index = new Map();
      for (const el of s.elements) for (const a of el.attributes) index.set(a.offset, a);
      perFile.set(d.file, index);
    }
    return index.get(s.lines.offset(d.line, d.column));
  };
}
