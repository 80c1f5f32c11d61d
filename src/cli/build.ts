import { readdirSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { join, normalize, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALL_TARGETS, buildInto, discardEarly, warmEarly, type BuildOptions, type Target } from '../build/index.js';
import { openOutput, type OutputWriter } from '../write/output.js';
import { WriteError } from '../write/errors.js';
import { checkOutDir } from '../write/guard.js';
import { removeStaleTempDirs } from '../write/temp.js';
import type { Diagnostic } from '../diagnostic.js';
import { formatHuman, summarize, summaryLine } from './format.js';
import { baseUrlProblem, normaliseBaseUrl } from '../settings/base-url.js';
import { validatePaths } from '../validate/index.js';
import { parse, UsageError } from './main.js';
import { CHECK_OPTIONS, checkOptions, errorExitCode, refuseStandardInput } from './check-options.js';
import { loadFile } from '../load/source.js';
import { openEdition, type EditionProject } from '../settings/read.js';
import { withSharedRegisters } from '../registers/context.js';

export const BUILD_HELP = `Usage: tei-edition build [options] [paths…]

Validates the TEI documents (default: the edition's tei/) and, if there are no errors,
builds the edition into the output folder (default: dist/):
  web/    the static web edition (open web/index.html, or put it on any host)
  print/  the print edition: a PDF of each document and, for 2 to 100
          (see --volume), the volume of all (edition.pdf, edition.epub),
          with Typst sources
  text/   plain text: reading text, and an annotated version
  cite/   citations (BibTeX, BibLaTeX, RIS, CSL-JSON, Chicago, MLA, APA)
  data/   metadata exports (CMIF, schema.org JSON-LD) and the TEI sources
Everything is written to a new version beside the output folder, which
then becomes the output in one step (the output folder is a link to it):
a failed or killed build leaves the previous output complete. The same
sources give byte-identical output.

The output folder is replaced as a whole, so it must be new, empty, or an
earlier output of this command (marked by its .tei-edition-output file).
A build refuses (exit 2, nothing touched) an --out that is or contains the
project folder, the input documents, edition.json or a .git folder, one
inside the input folder or inside another output's versions, and any
other folder it did not create.

Options:
  --out DIR            output folder (default: dist/ in the edition's folder)
  --only LIST          build only these outputs, comma-separated:
                       web,print,text,cite,data (the others are kept as they were)
  --base-url URL       where the web edition will be published (canonical
                       URLs and citation URLs); default: none
  --title TEXT         the edition's title (default: edition.json, or the
                       first document's subtitle)
  --paper letter|a4    paper size of the PDF (default: letter)
  --volume             typeset the volume (print/edition.pdf, .epub) whatever
                       the number of documents (by default: of 2 to 100)
  --no-volume          do not typeset the volume (edition.json: "volume")
  --no-cache           do not read or write the build cache
                       (.cache/tei-edition/ in the edition's folder), which
                       lets a rebuild redo only the documents that changed
  --schema FILE.rng    validate against this RELAX NG schema instead
  --rules FILE.sch     run these Schematron rules instead
  --no-schema, --no-rules, --no-xref
                       skip a check: to publish TEI that uses more of the
                       Guidelines than the edition's schema allows, or a
                       document whose pointers lead out of it (the
                       stylesheets render any TEI; unknown elements keep
                       their text)
  --profile edition|any
                       the edition's own documents (default: every check
                       binding), or TEI from elsewhere: only what publishing
                       needs is an error (well-formed TEI, includes, unique
                       ids, pointers the outputs follow), the rest is info
  --quiet, -q          print errors only, then the one summary line
  -h, --help           show this help

The edition's folder is the nearest folder, from the working folder up,
that holds edition.json (the edition's settings: title, editors, publisher,
licences, base URL, language, paper, introduction; see
schemas/edition.schema.json). Its tei/ and dist/ are the defaults; the
options above override its settings.

Exit codes: 0 built, 1 errors in the documents, output names that
collide (nothing written), 2 usage error, an output folder refused or not
writable (a full disk, a read-only file system, no permission: the finding
says which, and the previous output is kept), or internal error.
`;

/** The names editors give an output, by the target that makes it ("--only pdf": print, which makes the PDFs, the volume and its EPUB). */
const OUTPUT_ALIASES: ReadonlyMap<string, Target> = new Map([
  ['pdf', 'print'], ['typst', 'print'], ['epub', 'print'], ['volume', 'print'], ['book', 'print'], ['html', 'web'], ['site', 'web'], ['txt', 'text'], ['plain', 'text'],
  ['citations', 'cite'], ['bibtex', 'cite'], ['ris', 'cite'], ['csl', 'cite'], ['tei', 'data'], ['xml', 'data'], ['cmif', 'data'], ['json-ld', 'data'],
]);

/** The command's options (tests/cli-help.test.ts: each is in its help). */
export const BUILD_OPTIONS = {
  out: { type: 'string' },
  only: { type: 'string' },
  'base-url': { type: 'string' },
  title: { type: 'string' },
  paper: { type: 'string' },
  volume: { type: 'boolean' },
  'no-volume': { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  ...CHECK_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

export async function buildCommand(args: string[]): Promise<number> {
  const t0 = performance.now();
  const { values, positionals } = parse(args, BUILD_OPTIONS);
  if (values.help) {
    process.stdout.write(BUILD_HELP);
    return 0;
  }
  refuseStandardInput(positionals);
  // The edition's folder is where edition.json is (here or in the nearest
  // parent): its tei/ and dist/ are the defaults, wherever the command runs.
  const project = openEdition();
  const config = project.settings;
  const inEdition = (name: string): string => relative(process.cwd(), join(project.root, name)) || '.';
  const only = (values.only as string | undefined)?.split(',').map((t) => t.trim()).filter(Boolean);
  if (only && only.length === 0) throw new UsageError(`--only needs the outputs to build, comma-separated: ${ALL_TARGETS.join(', ')}`);
  for (const t of only ?? []) {
    if (ALL_TARGETS.includes(t as Target)) continue;
    const meant = OUTPUT_ALIASES.get(t.toLowerCase());
    throw new UsageError(`--only: unknown output "${t}"${meant ? ` (did you mean "${meant}"?)` : ''}; choose from ${ALL_TARGETS.join(', ')}`);
  }
  const paperName = (values.paper as string | undefined) ?? config.paper ?? 'letter';
  if (paperName !== 'letter' && paperName !== 'a4') throw new UsageError(`--paper must be letter or a4, not "${paperName}"`);
  const givenUrl = values['base-url'] as string | undefined;
  const urlProblem = givenUrl === undefined ? undefined : baseUrlProblem(givenUrl);
  if (urlProblem) throw new UsageError(`--base-url ${urlProblem}`);
  // edition.json's own is checked with the settings (its schema's pattern is BASE_URL_PATTERN), where its line and column are known.
  const baseUrl = givenUrl !== undefined ? normaliseBaseUrl(givenUrl) : config.baseUrl;
  const tty = Boolean(process.stderr.isTTY);
  const given = values.out as string | undefined;
  if (given !== undefined && given.trim() === '') throw new UsageError('--out needs a folder, e.g. --out dist');
  // --out=~/site: the shell expands ~ only at the start of a word, so this would be a folder named "~" here.
  if (given !== undefined && /^~(?:[\\/]|$)/.test(given)) throw new UsageError(`--out ${given}: "~" was not expanded by the shell (it is, in --out ${given} without "="); write the folder's full path`);
  // As the messages name it: "dist", not "dist/" (the summary said "in dist//").
  const out = given !== undefined ? normalize(given).replace(/(.)[\\/]+$/, '$1') : inEdition('dist');
  // Letters named one by one still see the shared register they point into.
  const inputs = positionals.length ? withSharedRegisters(positionals, project.root) : [inEdition('tei')];
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  if (project.diagnostics.some((d) => d.severity === 'error')) {
    // Nothing is built, but the documents are checked as validate checks them: every finding at once, the files counted.
    const checked = await validatePaths(inputs, checkOptions(values));
    if (project.settingsFile && project.lines) checked.lines.set(project.settingsFile, project.lines);
    const diagnostics = [...project.diagnostics, ...checked.diagnostics];
    const shown = values.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
    process.stdout.write(formatHuman(shown, (f, n) => checked.lines.get(f)?.lineText(n), color));
    process.stdout.write(`${summaryLine(summarize(checked.files.length, diagnostics, performance.now() - t0))}\nNothing was built: fix the errors above (${out}/ is unchanged).\n`);
    return 1;
  }
  // The output folder is checked, locked and prepared before the long part.
  const unsafe = checkOutDir(out, { inputs, settingsFile: project.settingsFile ?? 'edition.json', editionRoot: project.root });
  if (unsafe.length) return refused(unsafe, 2, color);
  removeStaleTempDirs();
  const options: BuildOptions = {
    inputs,
    editionRoot: project.root,
    title: (values.title as string | undefined) ?? project.settings.title,
    introduction: project.settings.introduction,
    baseUrl,
    settingsFile: project.settingsFile,
    targets: (only as Target[] | undefined) ?? ALL_TARGETS,
    paper: paperName === 'a4' ? 'a4' : 'us-letter',
    settings: project.settings,
    // Unset: edition.json's "volume", else by the number of letters (build/index.ts).
    ...(values.volume ? { volume: true } : values['no-volume'] ? { volume: false } : {}),
    ...checkOptions(values),
    // The build cache lives in the edition's folder (git-ignored by init's .gitignore and the toolkit's).
    ...(values['no-cache'] ? {} : { cacheDir: join(project.root, '.cache', 'tei-edition') }),
    onProgress: tty && !values.quiet ? (m) => process.stderr.write(`\r\x1b[K${m}`) : undefined,
  };
  try {
    // A rebuild's worker thread starts loading before the output folder is opened (see warmEarly).
    await warmEarly(options);
    // Ctrl-C or a TERM: the version being written is removed and the lock released at once (they were left for
    // the next build to clear), and the command says so; once the switch has begun, it is let finish. From before
    // the output is opened (which makes the lock and the staging folder): a signal meanwhile is acted on once it is.
    let writer: OutputWriter | undefined;
    let interrupted: NodeJS.Signals | undefined;
    const end = (open: OutputWriter, signal: NodeJS.Signals): void => {
      if (tty && !values.quiet) process.stderr.write('\r\x1b[K');
      process.stderr.write(`${signal === 'SIGINT' ? 'Interrupted' : `Stopped (${signal})`}: nothing was built (${out}/ is unchanged).\n`);
      void open.abort().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    const stop = (signal: NodeJS.Signals): void => {
      if (writer?.switching) return;
      interrupted = signal;
      if (writer) end(writer, signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      writer = await openOutput(out, { keep: only ? ALL_TARGETS.filter((t) => !only.includes(t)) : [] });
    } catch (e) {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (interrupted) return interrupted === 'SIGINT' ? 130 : 143;
      if (e instanceof WriteError) return refused(e.diagnostics, e.exitCode, color);
      throw e;
    }
    if (interrupted) {
      end(writer, interrupted);
      return await new Promise<number>(() => undefined); // the exit above ends the command
    }
    try {
      // The writer's previous output is known once it is open (the same options object: buildInto takes warmEarly's thread).
      options.previousOutput = writer.previous;
      return await buildAndWrite(writer, t0, values, options, project, !namesWholeEdition(positionals, project.root));
    } catch (e) {
      await writer.abort();
      if (e instanceof WriteError) return refused(e.diagnostics, e.exitCode, color);
      throw e;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  } finally {
    await discardEarly();
  }
}

/** Findings about the output folder or the disk: nothing was changed. */
function refused(findings: Diagnostic[], code: 1 | 2, color: boolean): number {
  process.stdout.write(formatHuman(findings, () => undefined, color));
  process.stdout.write(`✖ nothing was written\n`);
  return code;
}

async function buildAndWrite(writer: OutputWriter, t0: number, values: ReturnType<typeof parse>['values'], options: BuildOptions, project: EditionProject, named: boolean): Promise<number> {
  const out = writer.outDir;
  const tty = Boolean(process.stderr.isTTY);
  // Each file goes to the writer as soon as it is made (nothing is switched into place unless the build succeeds).
  const result = await buildInto(writer, options);
  if (tty && !values.quiet) process.stderr.write('\r\x1b[K');
  // The settings' warnings (an error stopped the build before it began), first, as validate gives them.
  const diagnostics = [...project.diagnostics, ...result.diagnostics];
  const shown = values.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  const summary = summarize(result.checked, diagnostics, performance.now() - t0);
  if (shown.length) {
    const lines = new Map<string, (n: number) => string>();
    const settingsLines = project.lines;
    if (project.settingsFile && settingsLines) lines.set(project.settingsFile, (n) => settingsLines.lineText(n));
    for (const d of shown) if (!lines.has(d.file)) {
      const l = await loadFile(d.file);
      lines.set(d.file, (n) => l.lines?.lineText(n) ?? '');
    }
    process.stdout.write(formatHuman(shown, (f, n) => lines.get(f)?.(n), tty && !process.env.NO_COLOR));
  }
  if (summary.errors > 0 || !result.ok) {
    await writer.abort();
    process.stdout.write(`${summaryLine(summary)}\nNothing was built: fix the errors above (${out}/ is unchanged).\n`);
    return errorExitCode(result.diagnostics);
  }
  const { warnings, files } = await writer.commit();
  // --quiet prints errors only, the writer's warnings too (they are counted in the summary line all the same).
  if (warnings.length && !values.quiet) process.stdout.write(formatHuman(warnings, () => undefined, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
  const ms = Math.round(performance.now() - t0);
  // With the writer's own (a file of the previous output left out, a cleanup that failed).
  const warned = summary.warnings + warnings.length;
  const warn = warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : '';
  process.stdout.write(`✔ built ${result.documents} document${result.documents === 1 ? '' : 's'} → ${files} files in ${out}/${warn} (${ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`})\n`);
  // The output is replaced as a whole: built from the documents named, it holds those alone (the other letters' pages went with the old one).
  if (named && !values.quiet) process.stdout.write(`  ${out}/ holds only the documents named; run tei-edition build with no documents named to publish the whole edition\n`);
  return 0;
}

/**
 * Whether the documents named are the whole edition: none, its letters' folder (`build tei`, as the default
 * is), or every .xml file of that folder (`build tei/*.xml`); then the output is not said to hold only some.
 */
function namesWholeEdition(positionals: readonly string[], root: string): boolean {
  const tei = resolve(root, 'tei');
  if (positionals.every((p) => resolve(p) === tei)) return true;
  const named = new Set(positionals.map((p) => resolve(p)));
  let letters: string[];
  try {
    letters = readdirSync(tei).filter((n) => n.endsWith('.xml') && !n.startsWith('.'));
  } catch {
    return false;
  }
  return letters.length > 0 && letters.every((n) => named.has(join(tei, n)) || named.has(tei));
}
