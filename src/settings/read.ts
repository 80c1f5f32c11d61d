import { existsSync, readFileSync } from 'node:fs';
import { decodeUtf8 } from '../load/decode.js';
import { dirname, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { LineIndex } from '../load/lines.js';
import { TOOLKIT_ROOT } from '../paths.js';
import { plain, readJson, type JsonNode } from './json.js';
import { checkAgainstSchema, type RootSchema } from './schema.js';
import type { EditionSettings } from './types.js';
import { normaliseBaseUrl } from './base-url.js';
import { printFontProblems } from './print-fonts.js';

/** The settings file that marks an edition's folder, like package.json marks a package. */
export const SETTINGS_FILE = 'edition.json';
export const SETTINGS_SCHEMA = join(TOOLKIT_ROOT, 'schemas', 'edition.schema.json');

/** An edition folder: where its tei/ and dist/ are, and what its settings say. */
export interface EditionProject {
  /** The folder holding edition.json (or the working folder when there is none). */
  root: string;
  /** The settings file, as a path relative to the working folder; absent when there is none. */
  settingsFile?: string;
  settings: EditionSettings;
  /** Findings about the settings file (malformed JSON, unknown keys, wrong types), with positions. */
  diagnostics: Diagnostic[];
  /** The settings file's lines, to quote them under findings. */
  lines?: LineIndex;
}

/** The nearest folder from `start` upwards that holds edition.json. */
export function findEditionRoot(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, SETTINGS_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The edition the working folder belongs to: edition.json in it or in the
 * nearest parent, read and checked. Without one, the working folder is the
 * edition and the settings are empty (everything comes from the headers).
 */
export function openEdition(start: string = process.cwd()): EditionProject {
  const root = findEditionRoot(start);
  if (!root) return { root: resolve(start), settings: {}, diagnostics: [] };
  return { root, ...readSettings(relative(process.cwd(), join(root, SETTINGS_FILE)) || SETTINGS_FILE) };
}

let schemaCache: RootSchema | undefined;
function settingsSchema(): RootSchema {
  schemaCache ??= JSON.parse(readFileSync(SETTINGS_SCHEMA, 'utf8')) as RootSchema;
  return schemaCache;
}

/** Reads and checks one settings file (findings name it as given); the settings are empty when it has errors. */
export function readSettings(path: string): Omit<EditionProject, 'root'> {
  const file = path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { settingsFile: file, settings: {}, diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'settings', rule: 'file-unreadable', message: `cannot be read (${code ?? String(e)})`, hint: code === 'EISDIR' ? 'edition.json must be a file: the settings of the edition (tei-edition init writes one).' : 'Check that the file exists and that you may read it.' }] };
  }
  // Not decoded with replacement characters: a title in Latin-1 would reach every page and citation as "Montr�al".
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { settingsFile: file, settings: {}, diagnostics: [{ file, line: decoded.problem.line, column: decoded.problem.column, severity: 'error', source: 'settings', rule: decoded.problem.rule, message: decoded.problem.message, hint: decoded.problem.hint }] };
  const text = decoded.text;
  const lines = new LineIndex(text);
  const at = (offset: number): { line: number; column: number } => lines.position(offset);
  const parsed = readJson(text);
  if (!parsed.ok) {
    return {
      settingsFile: file,
      settings: {},
      lines,
      diagnostics: [{ file, ...at(parsed.problem.offset), severity: 'error', source: 'settings', rule: 'settings-json', message: `not valid JSON: ${parsed.problem.message}`, hint: 'edition.json is JSON: keys and strings in double quotes, commas between entries and none after the last, no comments.' }],
    };
  }
  const diagnostics: Diagnostic[] = parsed.duplicates.map((d) => {
    const first = at(d.first);
    return { file, ...at(d.offset), severity: 'error', source: 'settings', rule: 'settings-duplicate-key', message: `"${d.key}" is given twice (first at line ${first.line}, column ${first.column})`, hint: 'Keep one of them: JSON readers disagree on which one wins.' };
  });
  for (const p of checkAgainstSchema(parsed.value, settingsSchema())) {
    diagnostics.push({ file, ...at(p.offset), severity: 'error', source: 'settings', rule: p.rule, message: p.message, hint: p.hint });
  }
  // The print edition's fonts: files in the edition folder (the folder of this file), read only for their first bytes here.
  for (const p of printFontProblems(parsed.value, dirname(resolve(path)))) {
    diagnostics.push({ file, ...at(p.offset), severity: 'error', source: 'settings', rule: 'settings-print-font', message: p.message, hint: p.hint });
  }
  if (diagnostics.length) return { settingsFile: file, settings: {}, lines, diagnostics };
  for (const p of placeholdersLeft(parsed.value)) {
    diagnostics.push({ file, ...at(p.offset), severity: 'warning', source: 'settings', rule: 'settings-placeholder', message: `${p.path} is still ${JSON.stringify(p.value.length > 60 ? `${p.value.slice(0, 57)}…` : p.value)}, the placeholder \`tei-edition init\` wrote`, hint: p.hint });
  }
  return { settingsFile: file, settings: normalise(plain(parsed.value) as EditionSettings & { $schema?: string }), lines, diagnostics };
}

/**
 * The settings `init` writes with placeholders for the editor's own
 * (templates/init/edition.json), and what each is published as. Left as
 * they are, every letter's citation would name "Your Name" as its editor:
 * a warning at the value, so that `validate` and `build` say so until the
 * editor fills them in (and nothing stops a first build).
 */
const PLACEHOLDERS: { path: string; hint: string }[] = [
  { path: 'editors.name', hint: "Put the editor's name here: the citation of every letter names the edition's editors, as do the About page and the exports." },
  { path: 'publisher', hint: 'Put the publisher here (the project, institution or press): citations, the About page and the CMIF export name it.' },
  { path: 'introduction', hint: "Write the edition's introduction: it opens the index page." },
];
const INIT_SETTINGS = join(TOOLKIT_ROOT, 'templates', 'init', 'edition.json');
let placeholderValues: Map<string, Set<string>> | undefined;

/** The template's value at each placeholder path (read once; none if the template is not there). */
function templatePlaceholders(): Map<string, Set<string>> {
  if (placeholderValues) return placeholderValues;
  placeholderValues = new Map(PLACEHOLDERS.map((p) => [p.path, new Set<string>()]));
  let text: string | undefined;
  try {
    text = readFileSync(INIT_SETTINGS, 'utf8');
  } catch {
    return placeholderValues;
  }
  const template = readJson(text);
  if (template.ok) for (const { path, node } of stringsByPath(template.value)) placeholderValues.get(path)?.add(node.value);
  return placeholderValues;
}

/** Every string of a JSON tree with its path of keys ("editors.name": array items add no step) and its path as findings write it ('"editors"[0].name'). */
function* stringsByPath(node: JsonNode, path = '', shown = ''): Generator<{ path: string; shown: string; node: Extract<JsonNode, { kind: 'string' }> }> {
  if (node.kind === 'string') yield { path, shown, node };
  else if (node.kind === 'array') for (const [i, item] of node.items.entries()) yield* stringsByPath(item, path, `${shown}[${i}]`);
  // As the schema's findings write a path (settings/schema.ts): the top-level key quoted, '"editors"[0].name'.
  else if (node.kind === 'object') for (const e of node.entries) yield* stringsByPath(e.value, path ? `${path}.${e.key}` : e.key, shown ? `${shown}.${e.key}` : `"${e.key}"`);
}

function placeholdersLeft(settings: JsonNode): { path: string; value: string; offset: number; hint: string }[] {
  const template = templatePlaceholders();
  const out: { path: string; value: string; offset: number; hint: string }[] = [];
  for (const { path, shown, node } of stringsByPath(settings)) {
    const hint = PLACEHOLDERS.find((p) => p.path === path)?.hint;
    if (hint && template.get(path)?.has(node.value)) out.push({ path: shown, value: node.value, offset: node.offset, hint });
  }
  return out;
}

/** One form for each fact, so that consumers need not know the others: ORCID iDs as URLs, the base URL's scheme in lower case, no $schema. */
function normalise(raw: EditionSettings & { $schema?: string }): EditionSettings {
  const { $schema: _schema, ...settings } = raw;
  if (typeof settings.baseUrl === 'string') settings.baseUrl = normaliseBaseUrl(settings.baseUrl);
  if (settings.editors) {
    settings.editors = settings.editors.map((e) => (e.orcid && !e.orcid.startsWith('https://') ? { ...e, orcid: `https://orcid.org/${e.orcid}` } : e));
  }
  return settings;
}
