import type { ParseArgsConfig } from 'node:util';
/**
 * `tei-edition cite [document] [--style …] [--format …] [--witness …] [--base-url URL]`
 *
 * Prints one citation on stdout and nothing else (no summary line), so it
 * can be piped or pasted. Errors go to stderr:
 * - exit 2, usage: an unknown style, format, witness or document, or two
 *   documents named; the message lists the valid choices.
 * - exit 1, the document is not well-formed XML (or not TEI): its findings
 *   are printed as `validate` prints them. Not validated further: `cite`
 *   answers in milliseconds; `tei-edition validate` checks everything.
 *
 * The model of a document is read through a disk cache (src/cite/model-cache.ts),
 * so a repeated cold `cite` does not load SaxonJS.
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { baseUrlProblem, normaliseBaseUrl } from '../settings/base-url.js';
import { parse, UsageError } from './main.js';
import { formatHuman } from './format.js';
import { shellWord } from './shell-word.js';
import { collectInputs } from '../load/inputs.js';
import { loadFile, type Source } from '../load/source.js';
import type { DocumentModel } from '../model/types.js';
import { citeDocument, FORMATS, isFormat, isStyle, STYLES, UnknownTargetError } from '../cite/index.js';
import { readModelCached } from '../cite/model-cache.js';
import { openEdition, type EditionProject } from '../settings/read.js';
import { sharedRegisterFiles } from '../registers/context.js';
import { resolveSharedRegisters } from '../registers/resolve.js';
import { refuseStandardInput } from './check-options.js';
import { visible } from '../controls.js';

export const CITE_HELP = `Usage: tei-edition cite [document] [options]

Prints one citation of a document on stdout, nothing else.

  document              the document's id (e.g. eisenhower-bulganin-1956-11-04)
                        or its file; default: the only document in tei/

Options:
  --style STYLE         ${STYLES.join('|')}
                        (for --format text and html; default chicago-note)
  --format FORMAT       ${FORMATS.join('|')} (default text)
  --witness SIGLUM      the source to cite: a witness of the header (e.g. DSB,
                        PPP, FRUS) or "edition" (this digital edition);
                        default: the witness the header prefers for citation
  --base-url URL        the web edition's address: citations of the edition
                        give the document's URL under it
  -h, --help            show this help

Exit codes: 0 printed; 1 the document is not well-formed XML (run
tei-edition validate); 2 usage error (unknown style, format, witness or
document).
`;

/** Thrown when the document cannot be read: its findings are already printed. */
class DocumentRefused extends Error {}

/** The command's options (tests/cli-help.test.ts: each is in its help). */
export const CITE_OPTIONS = {
  style: { type: 'string' },
  format: { type: 'string' },
  witness: { type: 'string' },
  'base-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export async function citeCommand(args: string[]): Promise<number> {
  try {
    return await cite(args);
  } catch (e) {
    // Its messages quote the arguments (a document, a witness, a style) and the names of files: a terminal's control
    // characters among them (ESC, an OSC title sequence) are shown escaped, as validate shows file names, not obeyed.
    if (e instanceof UsageError) e.message = visible(e.message);
    throw e;
  }
}

async function cite(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, CITE_OPTIONS);
  if (values.help) {
    process.stdout.write(CITE_HELP);
    return 0;
  }
  const style = values.style as string | undefined;
  const format = (values.format as string | undefined) ?? 'text';
  if (style !== undefined && !isStyle(style)) throw new UsageError(`unknown style "${style}"; styles: ${STYLES.join(', ')}`);
  if (!isFormat(format)) throw new UsageError(`unknown format "${format}"; formats: ${FORMATS.join(', ')}`);
  if (style !== undefined && format !== 'text' && format !== 'html') {
    throw new UsageError(`--style applies to --format text and html only; --format ${format} is a file format with its own fields`);
  }
  const baseUrl = values['base-url'] as string | undefined;
  const urlProblem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl);
  if (urlProblem) throw new UsageError(`--base-url ${urlProblem}`);
  refuseStandardInput(positionals);
  if (positionals.length > 1) throw new UsageError(`cite takes one document, not ${positionals.length} (${positionals.join(', ')})`);

  // The edition's folder (edition.json here or in a parent): its tei/ and its settings, which say what "the edition" is.
  const project = openEdition();
  if (project.diagnostics.some((d) => d.severity === 'error')) {
    process.stderr.write(formatHuman(project.diagnostics, (_f, n) => project.lines?.lineText(n), Boolean(process.stderr.isTTY) && !process.env.NO_COLOR));
    return 1;
  }
  let model: DocumentModel;
  try {
    model = await resolveDocument(positionals[0], project);
  } catch (e) {
    if (e instanceof DocumentRefused) return 1;
    throw e;
  }
  const witness = values.witness as string | undefined;
  let citation: string;
  try {
    citation = citeDocument(model, {
      ...(style ? { style } : {}),
      format,
      ...(witness ? { witness } : {}),
      ...(baseUrl ? { baseUrl: normaliseBaseUrl(baseUrl) } : {}),
      edition: project.settings,
    });
  } catch (e) {
    if (e instanceof UnknownTargetError) {
      throw new UsageError(`${model.id} has no witness "${e.target}"; witnesses: ${e.valid.join(', ')}`);
    }
    throw e;
  }
  process.stdout.write(citation.endsWith('\n') ? citation : `${citation}\n`);
  return 0;
}

/** The named document (an id or a file), or the only one in tei/. */
async function resolveDocument(name: string | undefined, project: EditionProject): Promise<DocumentModel> {
  const folder = relative(process.cwd(), join(project.root, 'tei')) || '.';
  if (name !== undefined && (name.endsWith('.xml') || name.includes('/') || name.includes('\\') || isFile(name))) {
    // A letter's file name as it stands in tei/ ("letter.xml" from the edition's folder).
    const inEdition = join(folder, name);
    const path = exists(name) ? name : !name.includes('/') && !name.includes('\\') && exists(inEdition) ? inEdition : undefined;
    if (path === undefined) throw new UsageError(`${name}: no such file`);
    if (isFolder(path)) throw new UsageError(`${name}: a folder, not a document; name a TEI file or a document's id`);
    if (sharedRegisterFiles(project.root).some((f) => resolve(f) === resolve(path))) throw new UsageError(`${name}: the edition's shared register, not a document to cite; name a letter`);
    // What validate and build refuse, cite refuses alike (a device or a pipe read for ever, a link out of the edition).
    const refused = (await collectInputs([path], { root: project.root })).diagnostics.filter((d) => d.severity === 'error');
    if (refused.length > 0) {
      process.stderr.write(formatHuman(refused, () => undefined, Boolean(process.stderr.isTTY) && !process.env.NO_COLOR));
      throw new DocumentRefused(path);
    }
    return readDocument(path, project);
  }
  // The shared register file is no document to cite.
  const registers = new Set(sharedRegisterFiles(project.root).map((f) => resolve(f)));
  const { files: all, diagnostics: listed } = existsSync(folder) ? await collectInputs([folder]) : { files: [] as string[], diagnostics: [] };
  // A letters' folder that cannot be listed: its finding, as validate gives it (not an internal error).
  const unlisted = listed.filter((d) => d.rule === 'file-unreadable' && d.file === folder);
  if (unlisted.length > 0) {
    process.stderr.write(formatHuman(unlisted, () => undefined, Boolean(process.stderr.isTTY) && !process.env.NO_COLOR));
    throw new DocumentRefused(folder);
  }
  const files = all.filter((f) => !registers.has(resolve(f)));
  if (files.length === 0) {
    throw new UsageError(name === undefined ? 'no documents in tei/: name a TEI file, e.g. tei-edition cite letter.xml' : `no document "${name}": tei/ has no documents; name a TEI file instead`);
  }
  if (name === undefined && files.length === 1) return readDocument(files[0] as string, project);
  // The usual case first: the id is the file's name.
  if (name !== undefined) {
    const guess = join(folder, `${name}.xml`);
    if (files.includes(guess)) {
      const model = await readDocument(guess, project);
      if (model.id === name) return model;
    }
  }
  const models: DocumentModel[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    try {
      models.push(await readDocument(f, project, { quiet: true }));
    } catch (e) {
      if (!(e instanceof DocumentRefused)) throw e;
      unreadable.push(basename(f));
    }
  }
  const ids = models.map((m) => m.id);
  const found = models.find((m) => m.id === name);
  if (found) return found;
  // No document has the id, but a file has the name (its TEI/@xml:id names it otherwise): that file.
  const byFile = name !== undefined ? models.find((m) => basename(m.file, '.xml') === name) : undefined;
  if (byFile) return byFile;
  const skipped = unreadable.length ? ` (not well-formed, skipped: ${unreadable.join(', ')})` : '';
  if (name === undefined) throw new UsageError(`tei/ has ${files.length} documents: name one of ${ids.join(', ')}${skipped}`);
  throw new UsageError(`no document "${name}"; documents: ${ids.join(', ') || '(none readable)'}${skipped}`);
}

const registerSources = new WeakMap<EditionProject, Promise<Source[]>>();

/** The edition's shared register files, found and loaded once per command (cite may read every letter to find an id). */
function sharedRegisterSources(project: EditionProject): Promise<Source[]> {
  let sources = registerSources.get(project);
  if (!sources) {
    sources = Promise.all(sharedRegisterFiles(project.root).map((f) => loadFile(f))).then((loaded) => loaded.flatMap((r) => (r.source ? [r.source] : [])));
    registerSources.set(project, sources);
  }
  return sources;
}

/** Whether anything is at the path (a dangling link too: collectInputs says what it is). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The document's model as the build reads it: from its view, its pointers into the edition's shared register
 * files resolved and their entries copied in (registers/resolve.ts), and its xi:includes resolved. Read from the
 * file as written, a letter's names had no register entries: `cite` named "Ada" where the build's citations of the
 * same letter named "Sender, Ada".
 */
async function readDocument(file: string, project: EditionProject, options: { quiet?: boolean } = {}): Promise<DocumentModel> {
  const loaded = await loadFile(file);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.source || errors.length > 0) {
    if (!options.quiet) {
      const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
      process.stderr.write(formatHuman(errors, (_f, line) => loaded.lines?.lineText(line), color));
      const unread = errors.length > 0 && errors.every((d) => d.source === 'io');
      process.stderr.write(`${visible(unread ? `tei-edition: ${file} cannot be cited: it cannot be read` : `tei-edition: ${file} cannot be cited until it is well-formed TEI; run tei-edition validate ${shellWord(file)}`)}\n`);
    }
    throw new DocumentRefused(file);
  }
  const registers = (await sharedRegisterSources(project)).filter((r) => resolve(r.file) !== resolve(file));
  const view = registers.length ? (resolveSharedRegisters([loaded.source, ...registers], [loaded.source]).get(loaded.source) ?? loaded.source) : loaded.source;
  // The view's text holds the entries copied in: the model cache's key (the text) changes with them.
  return readModelCached(file, view.resolvedText ?? view.text, project.settingsFile ? join(project.root, '.cache', 'tei-edition') : undefined);
}
