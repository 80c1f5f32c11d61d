import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { LineIndex } from '../load/lines.js';
import { TOOLKIT_ROOT } from '../paths.js';
import { plain, readJson } from './json.js';
import { checkAgainstSchema, type RootSchema } from './schema.js';
import type { EditionSettings } from './types.js';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { settingsFile: file, settings: {}, diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'settings', rule: 'file-unreadable', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` }] };
  }
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
  if (diagnostics.length) return { settingsFile: file, settings: {}, lines, diagnostics };
  return { settingsFile: file, settings: normalise(plain(parsed.value) as EditionSettings & { $schema?: string }), lines, diagnostics };
}

/** One form for each fact, so that consumers need not know the others: ORCID iDs as URLs, no $schema. */
function normalise(raw: EditionSettings & { $schema?: string }): EditionSettings {
  const { $schema: _schema, ...settings } = raw;
  if (settings.editors) {
    settings.editors = settings.editors.map((e) => (e.orcid && !e.orcid.startsWith('https://') ? { ...e, orcid: `https://orcid.org/${e.orcid}` } : e));
  }
  return settings;
}
